"""``lifetable --method km --conf-type ... --format json``: R's survfit bands and medians, per interval type."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import r_reference as r

from survival.cli.parser import main

R_TYPES = {"log-log": "log-log", "log": "log", "plain": "plain", "arcsine": "arcsin"}
DATASETS = ("lung", "veteran", "halfway", "ties", "gbsg2")


def _json(capsys, path, conf_type: str, rule: str = "midpoint") -> dict:
    code = main(
        [
            "lifetable",
            str(path),
            "--method",
            "km",
            "--by",
            "group",
            "--duration",
            "time",
            "--event",
            "status",
            "--conf-type",
            conf_type,
            "--median-rule",
            rule,
            "--format",
            "json",
        ]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def _write(tmp_path, dataset: str):
    path = tmp_path / f"{dataset}.csv"
    r.data(dataset)[["time", "status", "group"]].to_csv(path, index=False)
    return path


def _none_is_nan(values) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("conf_type", list(R_TYPES))
def test_bands_equal_r_survfit(capsys, tmp_path, dataset, conf_type):
    out = _json(capsys, _write(tmp_path, dataset), conf_type)
    assert out["conf_type"] == conf_type
    rows = pd.DataFrame(out["rows"])
    ref = r.fixture("survfit")
    ref = ref[(ref["dataset"] == dataset) & (ref["conf_type"] == R_TYPES[conf_type])]
    assert len(ref) > 0
    for group, theirs in ref.groupby("group"):
        ours = rows[(rows["group"].astype(str) == str(group)) & (rows["died"] + rows["lost"] > 0)]
        np.testing.assert_allclose(ours["interval_end"], theirs["time"], rtol=0, atol=1e-12)
        np.testing.assert_allclose(ours["observed"], theirs["surv"], rtol=0, atol=1e-12)
        s = ours["observed"].to_numpy()
        for column, limit in (("observed_low", "lower"), ("observed_high", "upper")):
            mine, known = _none_is_nan(ours[column]), theirs[limit].notna().to_numpy()
            np.testing.assert_allclose(mine[known], theirs[limit][known], rtol=0, atol=1e-10)
            # where R leaves a limit missing, survival is 0 or 1 and our band collapses onto it
            np.testing.assert_array_equal(mine[~known], s[~known])


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("conf_type", list(R_TYPES))
def test_medians_equal_r_with_the_midpoint_rule(capsys, tmp_path, dataset, conf_type):
    out = _json(capsys, _write(tmp_path, dataset), conf_type)
    ref = r.fixture("quantiles")
    ref = ref[(ref["dataset"] == dataset) & (ref["conf_type"] == R_TYPES[conf_type]) & (ref["prob"] == 0.5)]
    assert len(ref) == len(out["medians"]) > 0
    ours = {m["group"]: m for m in out["medians"]}
    for _, row in ref.iterrows():
        m = ours[str(row["group"])]
        assert m["convention"] == "midpoint"
        for key, theirs in (("median", row["quantile"]), ("ci_low", row["lower"]), ("ci_high", row["upper"])):
            if pd.isna(theirs):
                assert m[key] is None, (key, m)
            else:
                assert m[key] == pytest.approx(theirs, abs=1e-9), (key, m)


def test_median_exactly_one_half_first_rule_and_text(capsys, tmp_path):
    """S(7) = 8/10 x 7/8 x 5/7 = 1/2 exactly: the first rule gives 7, R's midpoint 8."""
    out = _json(capsys, _write(tmp_path, "halfway"), "log", rule="first")
    assert [m["median"] for m in out["medians"]] == [7.0]
    assert (
        main(
            [
                "lifetable",
                str(tmp_path / "halfway.csv"),
                "--method",
                "km",
                "--duration",
                "time",
                "--event",
                "status",
                "--by",
                "group",
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "(log-log)" in text
    assert "# median survival, all: 7 years (interval 3 to 11; first time at or below one half)" in text


def test_actuarial_refuses_other_interval_types(capsys, tmp_path):
    path = _write(tmp_path, "lung")
    code = main(["lifetable", str(path), "--duration", "time", "--event", "status", "--conf-type", "log"])
    err = capsys.readouterr().err
    assert code != 0
    assert "actuarial method gives log-log intervals" in err and "Traceback" not in err
