"""survival-explorer lifetable FILE --population: relative and net survival of one's own records."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from shared_data import shared_file

from survival.cli.parser import main

COLREC = (
    "--duration",
    "time",
    "--event",
    "stat",
    "--diagnosis",
    "diag",
    "--time-unit",
    "days",
    "--age-unit",
    "days",
    "--by",
    "stage",
)


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_slovene_records_with_the_slovene_table_match_relsurv(capsys):
    colrec = shared_file("slovenia-colorectal", "colrec.csv")
    reference = pd.read_csv(shared_file("reference", "slovenia_colrec_relsurv.csv"))
    code, out, err = run(
        capsys, "lifetable", str(colrec), "--population", "slovenia", *COLREC, "--format", "json"
    )
    assert code == 0, err
    rows = pd.DataFrame(json.loads(out)["rows"])
    net = rows[rows["measure"] == "net"]
    pohar = reference[reference["method"].str.startswith("pohar-perme")]
    checked = 0
    for _, want in pohar.iterrows():
        got = net[(net["stage"] == str(want["stage"])) & (net["years"] == want["years"])]
        if len(got):
            assert got["survival"].iloc[0] == pytest.approx(want["estimate"], abs=1e-6)
            assert got["se"].iloc[0] == pytest.approx(want["std_err"], abs=1e-6)
            checked += 1
    assert checked >= 9  # stages 1, 2, 3 (and unknown) at 1, 5 and 10 years
    assert set(rows["method"]) == {"actuarial life table", "Ederer II, SEER life table", "Pohar Perme"}


def test_csv_export_and_a_missing_column(capsys, tmp_path):
    colrec = shared_file("slovenia-colorectal", "colrec.csv")
    code, out, _ = run(
        capsys, "lifetable", str(colrec), "--population", "slovenia", *COLREC, "--format", "csv"
    )
    assert code == 0 and pd.read_csv(io.StringIO(out))["measure"].nunique() == 3
    code, out, err = run(
        capsys, "lifetable", str(colrec), "--population", "slovenia", *COLREC, "--sex", "gender"
    )
    assert code == 2 and out == "" and "gender" in err and "How to fix" in err
