"""The survival-explorer command line."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import pytest

from survival.cli.parser import main
from survival.datasets.catalogue import load_dataset
from survival.estimate.summary import summarize


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_datasets_lists_groups_and_periods(capsys):
    code, out, _ = run(capsys, "datasets")
    assert code == 0
    assert "seer-breast" in out and "Localized, Regional, Distant" in out
    assert "00-49, 45-65s, 65+, All ages" in out and "2000-2004" in out


def test_summary_json_equals_the_engine(capsys):
    code, out, _ = run(capsys, "summary", "--stage", "distant", "--format", "json")
    assert code == 0
    payload = json.loads(out)
    data = load_dataset()
    expected = summarize(data.table(data.select("Distant"))).to_dict()
    assert payload["period"] == "2000-2004" and payload["age"] == "All ages"
    assert payload["survival"] == expected["survival"]
    assert payload["conditional"] == expected["conditional"]
    assert payload["convention"] == "seer"


def test_summary_table_shows_percentages_of_the_engine(capsys):
    code, out, _ = run(capsys, "summary", "--stage", "Distant", "--age", "65+", "--period", "1990-1994")
    assert code == 0
    data = load_dataset()
    summary = summarize(data.table(data.select("Distant", "65+", "1990-1994")))
    five = [r for r in summary.survival if r.years == 5][0]
    assert f"{100 * five.observed.value:5.1f}%" in out
    assert f"{100 * five.relative.value:5.1f}%" in out
    assert "SEER*Stat convention" in out


def test_lifetable_on_the_seerstat_export_pooled_by_stage(capsys, seer_dic):
    code, out, _ = run(capsys, "lifetable", str(seer_dic), "--by", "breast stage", "--format", "csv")
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    for column in (
        "Breast stage",
        "interval_start",
        "interval_end",
        "alive",
        "died",
        "lost",
        "observed",
        "observed_se",
        "expected",
        "relative",
        "relative_se",
    ):
        assert column in frame.columns
    assert set(frame["Breast stage"]) == {"Localized", "Regional", "Distant"}
    assert frame.groupby("Breast stage")["alive"].first().sum() == 1_075_788
    assert frame["relative_convention"].str.startswith("SEER*Stat convention").all()


def test_lifetable_csv_in_all_formats(capsys, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("group,interval_start,interval_end,alive,died,lost\na,0,1,10,2,2\na,1,2,6,1,1\n")
    code, out, _ = run(capsys, "lifetable", str(path))
    assert code == 0 and "0.6364" in out  # 7/11
    code, out, _ = run(capsys, "lifetable", str(path), "--format", "json")
    rows = json.loads(out)["rows"]
    assert rows[1]["observed"] == pytest.approx(7 / 11, abs=1e-12)
    assert rows[1]["relative"] is None


def test_lifetable_on_individual_rows_km_and_actuarial(capsys, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("time,status,arm\n1,1,x\n2,0,x\n3,1,x\n4,1,x\n1,0,y\n2,1,y\n")
    code, out, err = run(
        capsys,
        "lifetable",
        str(path),
        "--duration",
        "time",
        "--event",
        "status",
        "--group",
        "arm",
        "--method",
        "km",
        "--format",
        "csv",
    )
    assert code == 0, err
    frame = pd.read_csv(io.StringIO(out))
    x = frame[frame["arm"] == "x"]
    assert x["observed"].tolist() == pytest.approx([0.75, 0.75, 0.375, 0.0], abs=1e-12)
    code, out, err = run(
        capsys,
        "lifetable",
        str(path),
        "--duration",
        "time",
        "--event",
        "status",
        "--format",
        "csv",
        "--method",
        "actuarial",
    )
    assert code == 0, err
    assert pd.read_csv(io.StringIO(out))["alive"].iloc[0] == 6


@pytest.mark.parametrize(
    "args, message",
    [
        (["summary", "--stage", "stage 4"], "There is no stage 'stage 4'"),
        (["lifetable", "missing.csv"], "There is no file missing.csv"),
        (["summary", "--stage", "distant", "--dataset", "lung"], "no bundled data set 'lung'"),
    ],
)
def test_errors_exit_2_with_one_plain_paragraph(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert message in err and "How to fix" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_bad_file_in_a_real_process_shows_no_traceback(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("interval_start,interval_end,alive,died,lost\n0,1,10,8,5\n")
    proc = subprocess.run(
        [sys.executable, "-m", "survival.cli.parser", "lifetable", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "More people died or were lost (8 + 5) than were alive at the start (10)" in proc.stderr
    assert "row 2, column 'died'" in proc.stderr and "Traceback" not in proc.stderr


def test_km_on_a_life_table_is_refused(capsys, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("interval_start,interval_end,alive,died,lost\n0,1,10,2,2\n")
    code, _, err = run(capsys, "lifetable", str(path), "--method", "km")
    assert code == 2 and "Kaplan-Meier needs one row per person" in err


def test_fragile_data_gives_a_warning_line_not_a_failure(capsys, tmp_path):
    path = tmp_path / "few.csv"
    path.write_text("duration,event\n1,1\n2,0\n3,1\n")
    code, out, err = run(capsys, "lifetable", str(path), "--method", "km")
    assert code == 0 and "0.6667" in out  # 2 of 3 alive after the first death
    assert err.startswith("survival-explorer: warning: Fewer than 10 people")


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["summary", "--stage", "distant", "--conf-level", "95"],
            "--conf-level: the confidence level must be between 0 and 1",
        ),
        (["summary", "--stage", "distant", "--conf-level", "abc"], "'abc' is not a number"),
        (["lifetable", "x.csv", "--width", "0"], "--width: the interval width must be between one day"),
        (["lifetable", "x.csv", "--width", "nan"], "'nan' is not a finite number"),
        (["lifetable", "x.csv", "--method", "cox"], "invalid choice: 'cox'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_options_exit_2_with_one_line(capsys, args, message):
    with pytest.raises(SystemExit) as info:
        main(args)
    _, err = capsys.readouterr()
    assert info.value.code == 2
    assert message in err and "How to fix" in err and len(err.strip().splitlines()) == 1


def test_repeated_by_names_pool_once(capsys, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("g,interval_start,interval_end,alive,died,lost\na,0,1,10,2,2\nb,0,1,20,2,0\n")
    code, out, err = run(capsys, "lifetable", str(path), "--by", "g", "--by", "G", "--format", "csv")
    assert code == 0, err
    assert pd.read_csv(io.StringIO(out))["g"].tolist() == ["a", "b"]


def test_seerstat_errors_name_the_dic_columns(capsys, tmp_path, seer_dic):
    dic = tmp_path / "breast.example.dic"
    dic.write_bytes(seer_dic.read_bytes())
    lines = (seer_dic.parent / "breast.example.txt").read_bytes().split(b"\r\n")
    fields = lines[4].split(b"\t")
    fields[6] = b"2000"
    lines[4] = b"\t".join(fields)
    (tmp_path / "breast.example.txt").write_bytes(b"\r\n".join(lines))
    code, _, err = run(capsys, "lifetable", str(dic))
    assert code == 2
    assert "More people died or were lost (2000 + 1) than were alive at the start (924)" in err
    assert "file breast.example.txt, row 5, column 'Died'" in err


def test_the_real_export_warns_about_small_numbers_at_risk(capsys, seer_dic):
    code, _, err = run(capsys, "lifetable", str(seer_dic), "--format", "csv")
    assert code == 0
    assert "warning: Fewer than 10 people were alive at the start of" in err
