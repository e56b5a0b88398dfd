"""survival.lessons.colon: the packaged counts of the colon teaching data, their rebuild and R's estimates.

The counts are used as whole-number weights; the estimates they give are
checked here against R's cmprsk and survival on the records
(``tests/fixtures/r/stats_*.csv``, made by ``educator_statistics.R``), so these
tests need neither R nor ``../shared``. The rebuild from ``../shared`` is
checked byte for byte where the records are present.
"""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from r_reference import fixture
from shared_data import shared_file

from survival.errors import SurvivalDataError
from survival.estimate.competing_risks import aalen_johansen, compare_naive_risk
from survival.estimate.gray_test import gray_test
from survival.lessons import colon

ROOT = Path(__file__).resolve().parents[1]
PACKAGED = ROOT / "survival" / "lessons" / "data"
MONTHS = 12.0


def index_at(time: np.ndarray, times) -> np.ndarray:
    """Rows of a step function at ``times`` (in years, given in months)."""
    return np.searchsorted(time, np.asarray(times, dtype=float) / MONTHS + 1e-12, side="right") - 1


def test_packaged_counts_hold_every_person_by_stage_and_cause():
    counts = colon.load_counts()
    assert tuple(counts.columns) == colon.COLUMNS
    assert counts["people"].sum() == 15_564
    by_stage = counts.groupby("stage")["people"].sum().to_dict()
    assert by_stage == {"Unknown": 2356, "Localised": 6274, "Regional": 1787, "Distant": 5147}
    by_cause = counts.groupby("cause")["people"].sum().to_dict()
    assert by_cause == {0: 4642 + 4, 1: 8369, 2: 2549}  # alive and lost are censored
    assert (counts["people"] > 0).all() and not counts.duplicated(["stage", "months", "cause"]).any()
    assert list(dict.fromkeys(counts["stage"])) == list(colon.STAGES)
    made = colon.provenance()
    assert made["people"] == 15_564 and made["rows"] == len(counts)
    assert "simulation" in made["what"] and "rstpm2" in made["citation"]


@pytest.mark.parametrize("stage", colon.STAGES)
def test_counts_give_cmprsk_cuminc_estimates_and_variances(stage):
    ref = fixture("cuminc")
    t, cause, people = colon.stage_rows(stage)
    for result in aalen_johansen(t, cause, weights=people):
        part = ref[(ref["stage"] == stage) & (ref["cause"] == result.cause)]
        at = index_at(result.time, part["time"])
        np.testing.assert_allclose(result.time[at] * MONTHS, part["time"], rtol=0, atol=1e-9)
        np.testing.assert_allclose(result.incidence[at], part["est"], rtol=0, atol=1e-12)
        np.testing.assert_allclose(result.se[at] ** 2, part["var"], rtol=1e-10, atol=1e-18)


@pytest.mark.parametrize("stage", colon.STAGES)
def test_counts_give_survival_multistate_survfit_and_naive_km(stage):
    t, cause, people = colon.stage_rows(stage)
    comparison = compare_naive_risk(t, cause, weights=people)
    ref = fixture("msfit")
    ref = ref[ref["stage"] == stage]
    at = index_at(comparison.time, ref["time"])
    np.testing.assert_allclose(comparison.survival[at], ref["p_alive"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(comparison.incidence[at], ref["p_cancer"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(comparison.other[at], ref["p_other"], rtol=0, atol=1e-12)
    naive = fixture("naive_km")
    naive = naive[naive["stage"] == stage]
    at = index_at(comparison.time, naive["time"])
    np.testing.assert_allclose(comparison.naive[at], naive["one_minus_km"], rtol=0, atol=1e-12)


def test_counts_give_cmprsk_gray_tests():
    counts = colon.load_counts()
    for _, row in fixture("gray").iterrows():
        got = gray_test(
            counts["months"],
            counts["cause"],
            counts["stage"],
            cause=int(row["cause"]),
            weights=counts["people"],
        )
        assert got.statistic == pytest.approx(row["stat"], rel=1e-10)
        assert got.df == row["df"] and got.p_value == pytest.approx(row["p"], abs=1e-12)
    two = counts[counts["stage"].isin(["Localised", "Regional"])]
    ref = fixture("gray_more").set_index(["comparison", "cause"])
    for cause in (1, 2):
        got = gray_test(two["months"], two["cause"], two["stage"], cause=cause, weights=two["people"])
        assert got.statistic == pytest.approx(ref.loc[("localised_regional", cause), "stat"], rel=1e-10)


def test_rebuild_from_shared_equals_the_packaged_files(tmp_path):
    source = shared_file("finland-colon", "colon.csv").parent
    written = colon.build(source, tmp_path)
    assert written.read_bytes() == (PACKAGED / colon.TABLE_FILE).read_bytes()
    assert (tmp_path / colon.PROVENANCE_FILE).read_bytes() == (PACKAGED / colon.PROVENANCE_FILE).read_bytes()
    sums = dict(
        line.split()[::-1] for line in (source / "SHA256SUMS").read_text().splitlines() if line.strip()
    )
    assert colon.provenance()["source_sha256"] == sums["colon.csv"]


def test_the_command_rebuilds_and_says_how_to_call_it(tmp_path, capsys):
    assert colon.main([]) == 2
    assert "usage: python -m survival.lessons.colon" in capsys.readouterr().err
    source = shared_file("finland-colon", "colon.csv").parent
    assert colon.main([str(source), str(tmp_path)]) == 0
    assert (tmp_path / colon.TABLE_FILE).read_bytes() == (PACKAGED / colon.TABLE_FILE).read_bytes()


RECORDS = pd.DataFrame(
    {
        "stage": ["Localised", "Distant", "Distant"],
        "surv_mm": [0.5, 1.5, 1.5],
        "status": ["Alive", "Dead: cancer", "Dead: cancer"],
    }
)


def test_counts_from_records_add_up_people():
    counts = colon.counts_from_records(RECORDS)
    assert counts.to_dict("list") == {
        "stage": ["Localised", "Distant"],
        "months": [0.5, 1.5],
        "cause": [0, 1],
        "people": [1, 2],
    }


@pytest.mark.parametrize(
    "records, match",
    [
        (RECORDS.drop(columns="status"), "have no column 'status'"),
        (RECORDS.assign(status=["Alive", "Moved", "Alive"]), "unexpected status or stage: 'Moved'"),
        (RECORDS.assign(stage=["Local", "Distant", "Distant"]), "unexpected status or stage: 'Local'"),
        (RECORDS.assign(surv_mm=[0.5, -1.0, 2.0]), "survival time that is missing or below 0"),
        (RECORDS.assign(surv_mm=[0.5, None, 2.0]), "survival time that is missing or below 0"),
    ],
)
def test_bad_records_are_refused_in_plain_words(records, match):
    with pytest.raises(SurvivalDataError, match=match):
        colon.counts_from_records(records)


def test_missing_source_and_unknown_stage_are_refused(tmp_path):
    with pytest.raises(SurvivalDataError, match="colon records are not there"):
        colon.build(tmp_path)
    with pytest.raises(ValueError, match="There is no stage 'Stage IV'"):
        colon.stage_rows("Stage IV")


def test_the_wheel_declares_the_packaged_files():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    for name in (colon.TABLE_FILE, colon.PROVENANCE_FILE):
        assert any(fnmatch(f"lessons/data/{name}", pattern) for pattern in declared["survival"]), name
