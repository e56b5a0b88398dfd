"""The bundled SEER prostate tables: rebuilt from the source, checked against the source's own columns."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from shared_data import shared_file

from survival.datasets.catalogue import data_dir, load_dataset
from survival.datasets.seer_prostate import build, source_lifetable
from survival.estimate.actuarial import actuarial

BUNDLED = data_dir() / "seer-prostate"


@pytest.fixture(scope="module")
def source():
    return shared_file("seer-prostate", "prostate.csv")


@pytest.fixture(scope="module")
def rebuilt(source, tmp_path_factory):
    out = tmp_path_factory.mktemp("seer-prostate")
    build(source.parent, out)
    return out


@pytest.mark.parametrize("name", ["lifetables.csv", "trend.csv", "periods.csv"])
def test_committed_tables_equal_a_fresh_build(rebuilt, name):
    fresh = pd.read_csv(rebuilt / name, keep_default_na=False, dtype=str)
    committed = pd.read_csv(BUNDLED / name, keep_default_na=False, dtype=str)
    pd.testing.assert_frame_equal(fresh, committed)


def test_committed_provenance_names_the_source_checksum(rebuilt):
    fresh = json.loads((rebuilt / "provenance.json").read_text())
    committed = json.loads((BUNDLED / "provenance.json").read_text())
    assert fresh == committed
    assert committed["cases"] == 327_694
    sums = (shared_file("seer-prostate", "SHA256SUMS")).read_text()
    assert committed["source_files"]["prostate.csv"] in sums


def test_the_life_table_reproduces_the_sources_observed_survival_row_for_row(source):
    """Every row: interval and cumulative observed survival as the source's SEER*Stat session gave them.

    That session estimated each year's last interval too (everyone left was withdrawn alive), so
    the comparison uses actuarial(..., last_interval="estimate"); the bundled tables leave it blank.
    """
    raw = pd.read_csv(source)
    est = actuarial(source_lifetable(source), last_interval="estimate").to_frame()
    assert len(est) == len(raw) == 433
    merged = est.assign(year=est["year"].astype(int)).merge(
        raw, left_on=["year", "interval_end"], right_on=["Year", "Interval"]
    )
    assert len(merged) == 433
    np.testing.assert_allclose(merged["observed_interval"], merged["Observed_Survival_Interval"], atol=5e-9)
    np.testing.assert_allclose(merged["observed"], merged["Observed_Survival_Cum"], atol=5e-9)
    # interval relative survival is SEER*Stat's capped ratio of the interval values
    np.testing.assert_allclose(merged["relative_interval"], merged["Relative_Survival_Interval"], atol=5e-9)


def test_the_bundled_dataset_has_no_stage_and_no_age_and_a_default_period():
    data = load_dataset("seer-prostate")
    assert data.variables == () and data.stages() == [] and data.ages() == []
    assert data.period_labels("period") == [
        "1975-1979",
        "1980-1984",
        "1985-1989",
        "1990-1994",
        "1995-1999",
        "2000-2002",
    ]
    assert data.default_period() == "1990-1994"
    assert data.select().labels == (("period", "1990-1994"),)


def test_the_bundled_tables_leave_each_years_unfinished_last_interval_blank():
    data = load_dataset("seer-prostate")
    est = actuarial(data.table(data.select(period="2002"))).to_frame()
    assert est["observed"].notna().sum() == 1  # interval 2 of 2002: everyone was withdrawn
    assert data.complete_years("1999") == 4
