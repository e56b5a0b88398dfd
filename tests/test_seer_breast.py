"""The bundled SEER breast tables: rebuilt from the export, and checked against it."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from survival.datasets.catalogue import data_dir, load_dataset
from survival.datasets.seer_breast import build

BUNDLED = data_dir() / "seer-breast"
FILES = ("lifetables.csv", "trend.csv", "periods.csv", "provenance.json")


@pytest.fixture(scope="module")
def rebuilt(seer_dic, tmp_path_factory):
    out = tmp_path_factory.mktemp("seer-breast")
    build(seer_dic, out)
    return out


@pytest.mark.parametrize("name", [f for f in FILES if f.endswith(".csv")])
def test_committed_tables_equal_a_fresh_build(rebuilt, name):
    fresh = pd.read_csv(rebuilt / name, keep_default_na=False, dtype=str)
    committed = pd.read_csv(BUNDLED / name, keep_default_na=False, dtype=str)
    pd.testing.assert_frame_equal(fresh, committed)


def test_committed_provenance_names_the_source_checksums(rebuilt):
    fresh = json.loads((rebuilt / "provenance.json").read_text())
    committed = json.loads((BUNDLED / "provenance.json").read_text())
    assert fresh == committed
    assert committed["cases"] == 1_075_788


def test_single_year_trend_equals_seerstat_columns(seer_life):
    """For one age group, stage and year, the trend table is SEER*Stat's own figure."""
    trend = load_dataset().trend
    life = seer_life.rename(
        columns={"Breast stage": "stage", "Age groups": "age", "Year of diagnosis 1975+": "year"}
    )
    life = life.assign(year=life["year"].astype(int), years=life["interval_end"])
    merged = trend.merge(life, on=["stage", "age", "year", "years"])
    assert len(merged) == len(trend[trend["age"] != "All ages"])
    obs = (merged["observed"] - merged["observed_cum"]).abs()
    assert obs.max() <= 5e-8 * (1 + 1e-6)
    rel = (merged["relative"] - merged["relative_cum"]).abs()
    assert rel.max() < 3e-6  # expected survival is rebuilt from 7-decimal inputs
    assert (merged["relative"].isna() == merged["relative_cum"].isna()).all()


def test_all_ages_is_the_sum_of_the_age_groups():
    table = load_dataset().lifetables.frame
    keys = ["stage", "period", "interval_start"]
    ages = table[table["age"] != "All ages"].groupby(keys)[["alive", "died", "lost"]].sum()
    pooled = table[table["age"] == "All ages"].set_index(keys)[["alive", "died", "lost"]]
    pd.testing.assert_frame_equal(ages.sort_index(), pooled.sort_index())


def test_periods_pool_their_single_years():
    table = load_dataset().lifetables.frame
    period = table[(table["period"] == "1990-1994") & (table["age"] == "65+") & (table["stage"] == "Distant")]
    years = table[
        table["period"].isin([str(y) for y in range(1990, 1995)])
        & (table["age"] == "65+")
        & (table["stage"] == "Distant")
    ]
    first = years[years["interval_start"] == 0]
    assert period["alive"].iloc[0] == first["alive"].sum()
    weighted = (first["alive"] * first["expected"]).sum() / first["alive"].sum()
    assert period["expected"].iloc[0] == pytest.approx(weighted, rel=1e-9)


def test_dataset_groups_and_default_period():
    data = load_dataset()
    assert data.stages() == ["Localized", "Regional", "Distant"]
    assert data.ages() == ["00-49", "45-65s", "65+", "All ages"]
    assert data.period_labels("period")[0] == "1975-1979"
    assert data.period_labels("period")[-1] == "2010-2013"
    assert len(data.period_labels("single year")) == 39
    # 2009 cases have four complete years of follow-up (cut-off December 2014).
    assert data.complete_years("2005-2009") == 4
    assert data.default_period() == "2000-2004"
    assert data.complete_years("2000-2004") >= 5


def test_every_bundled_table_is_valid_and_estimable():
    from survival.estimate.actuarial import actuarial
    from survival.tables.lifetable import lifetable_from_frame

    data = load_dataset()
    table = lifetable_from_frame(data.lifetables.frame, ("stage", "age", "period"))
    est = actuarial(table).to_frame()
    assert len(table.groups()) == 3 * 4 * 47
    assert est["relative"].max() <= 1
    assert np.isfinite(est["observed"]).sum() > 10000
