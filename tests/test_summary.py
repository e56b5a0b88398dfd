"""Summaries of bundled selections: every figure equals the engine's."""

from __future__ import annotations

import math

import pytest

from survival.datasets.catalogue import load_dataset
from survival.errors import SurvivalDataError
from survival.estimate.actuarial import actuarial
from survival.estimate.conditional import conditional_lifetable
from survival.estimate.summary import summarize


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def test_selection_matches_names_case_insensitively(data):
    sel = data.select("distant", "65+", "1990-1994")
    assert (sel.stage, sel.age, sel.period) == ("Distant", "65+", "1990-1994")
    default = data.select("LOCALIZED")
    assert (default.age, default.period) == ("All ages", "2000-2004")
    with pytest.raises(SurvivalDataError, match="There is no stage 'stage 4'.*choose one of: Localized"):
        data.select("stage 4")
    with pytest.raises(SurvivalDataError, match="no period '1991-1995'"):
        data.select("distant", period="1991-1995")


@pytest.mark.parametrize("stage", ["Localized", "Regional", "Distant"])
@pytest.mark.parametrize("age", ["00-49", "45-65s", "65+", "All ages"])
def test_summary_figures_equal_the_engine(data, stage, age):
    sel = data.select(stage, age)
    table = data.table(sel)
    summary = summarize(table)
    est = actuarial(table).to_frame()
    for row in summary.survival:
        at = est[est["interval_end"] == row.years]
        assert row.observed.value == at["observed"].iloc[0]
        assert row.relative.value == at["relative"].iloc[0]
        assert row.observed.low == at["observed_low"].iloc[0]
        assert row.relative.high == at["relative_high"].iloc[0]
    for row in summary.conditional:
        sub = actuarial(conditional_lifetable(table, row.given)).to_frame()
        at = sub[sub["interval_end"] == row.more_years]
        assert row.observed.value == at["observed"].iloc[0]
        full = est.set_index("interval_end")["observed"]
        assert row.observed.value == pytest.approx(full[row.given + 5] / full[row.given], abs=1e-12)
    assert summary.diagnosed == table.frame["alive"].iloc[0]


def test_median_of_distant_stage_lies_where_survival_crosses_half(data):
    summary = summarize(data.table(data.select("distant")))
    med = summary.median
    est = actuarial(data.table(data.select("distant"))).observed()
    assert med.reached and est.at(med.value)[0] == pytest.approx(0.5, abs=1e-12)
    assert med.ci_low < med.value < med.ci_high


def test_figures_beyond_follow_up_are_not_available(data):
    summary = summarize(data.table(data.select("distant", period="2010-2013")))
    five = [r for r in summary.survival if r.years == 5][0]
    assert math.isnan(five.observed.value)
    assert summary.to_dict()["survival"][2]["observed"]["value"] is None


def test_summary_needs_one_group(data):
    with pytest.raises(SurvivalDataError, match="needs one group; the table has 564"):
        summarize(data.lifetables)
