"""Tests for survival.estimate.recent: the one rule for "most recent", period tables of a selection,
the joinpoint model from any dataset, and its summary."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from survival.datasets.catalogue import load_dataset
from survival.errors import FragileEstimateWarning, SurvivalDataError
from survival.estimate import recent
from survival.estimate.cohorts import single_year_table
from survival.estimate.joinpoint import fit_joinpoint
from survival.estimate.joinpoint_data import bundled_joinpoint_data
from survival.estimate.joinpoint_trends import cumulative_survival, survival_trends
from survival.estimate.period import period_survival
from survival.words.wording import window_words


@pytest.fixture(scope="module")
def breast():
    return load_dataset("seer-breast")


@pytest.fixture(scope="module")
def prostate():
    return load_dataset("seer-prostate")


def test_latest_window_and_complete_periods_are_read_from_the_data(breast, prostate):
    assert recent.last_follow_up(breast) == 2013
    assert recent.latest_window(breast) == (2008, 2012)
    assert recent.latest_window(prostate) == (1998, 2002)
    assert window_words((2008, 2012)) == "2009 to 2013"  # named by the years its intervals end
    # the cohort rule: periods whose every member had 5 complete years; default_period is the latest
    assert recent.complete_periods(breast)[-1] == breast.default_period() == "2000-2004"
    assert "2005-2009" not in recent.complete_periods(breast)
    assert recent.complete_periods(prostate)[-1] == prostate.default_period() == "1990-1994"


def test_figures_table_is_the_period_estimate_of_the_selection(breast):
    sel = breast.select("Distant", "65+")
    pooled = recent.figures_table(breast, sel, (2008, 2012))
    yearly = single_year_table(breast.lifetables).select(stage="Distant", age="65+")
    want = period_survival(yearly, (2008, 2012), last_follow_up=2013).estimate.observed()
    from survival.estimate.actuarial import actuarial

    got = actuarial(pooled).observed()
    np.testing.assert_allclose(got.survival, want.survival, rtol=0, atol=1e-12)
    assert recent.figures_table(breast, sel) is not None
    assert recent.figures_table(breast, sel).frame.equals(breast.table(sel).frame)


def test_cohorts_behind_a_period_figure(breast):
    sel = breast.select("Distant")
    assert recent.cohorts_behind(breast, sel, (2008, 2012), 5) == recent.Cohorts(2004, 2012)
    assert recent.cohorts_behind(breast, sel, (2008, 2012), 5, after=2) == recent.Cohorts(2004, 2010)
    assert recent.cohorts_behind(breast, sel, (2008, 2012), 10) == recent.Cohorts(1999, 2012)


def test_trend_data_from_any_selection_equals_the_bundled_reader(breast, prostate):
    generic = recent.trend_data(breast, breast.select("Localized", "45-65s"))
    bundled = bundled_joinpoint_data(breast.lifetables, "Localized", "45-65s")
    for name in ("year", "interval", "alive", "died", "lost", "expected"):
        np.testing.assert_array_equal(getattr(generic, name), getattr(bundled, name))
    assert generic.last_follow_up == bundled.last_follow_up == 2013
    # a dataset of one group (no stage, no age): the prostate table, by year only
    one = recent.trend_data(prostate, prostate.select())
    assert one.years == (1975, 2002) and one.label == "prostate cancer" and one.last_follow_up == 2003


def test_trend_summary_is_the_models_own_numbers(breast):
    sel = breast.select("Localized", "45-65s")
    fit = recent.fit_trend(breast, sel)
    summary = recent.summarize_trend(fit, last_year=2013)
    assert summary.joinpoints == (1981, 1989)  # JPSurv's choice (docs/period-and-joinpoint.md)
    want = survival_trends(fit.best, interval=5)
    np.testing.assert_allclose(summary.segments["absolute_change"], want["absolute_change"], rtol=1e-12)
    curve = cumulative_survival(fit.best, intervals=(5,), years=range(1975, 2014)).to_frame()
    np.testing.assert_allclose(summary.curve["fitted"], curve["relative_survival"], rtol=1e-12)
    assert summary.curve["year"].max() == 2013
    assert set(summary.curve.loc[summary.curve["year"] > 2008, "status"]) == {"projected"}


def test_boundary_baselines_are_reported_with_the_warning(breast):
    with pytest.warns(FragileEstimateWarning, match="no excess deaths"):
        fit = recent.fit_trend(breast, breast.select("Distant", "00-49"))
    assert recent.summarize_trend(fit).boundary_intervals == (33, 35, 37, 38)


def test_no_single_years_no_period_and_no_trend():
    import pandas as pd

    from survival.datasets.uploads import dataset_from_table
    from survival.tables.lifetable import lifetable_from_frame

    frame = pd.DataFrame(
        {
            "interval_start": [0, 1],
            "interval_end": [1, 2],
            "alive": [100, 85],
            "died": [10, 10],
            "lost": [5, 5],
        }
    )
    data = dataset_from_table(lifetable_from_frame(frame, (), source="t.csv"), "t.csv")
    assert recent.latest_window(data) is None and recent.last_follow_up(data) is None
    with pytest.raises(SurvivalDataError, match="no single years of diagnosis"):
        recent.trend_data(data, data.select())
    with pytest.raises(SurvivalDataError, match="no single years of diagnosis"):
        recent.period_of(data, data.select(), (2008, 2012))


def test_fit_is_the_same_as_fitting_the_bundled_data(breast):
    sel = breast.select("Regional", "00-49")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FragileEstimateWarning)
        ours = recent.fit_trend(breast, sel, max_joinpoints=1)
        theirs = fit_joinpoint(bundled_joinpoint_data(breast.lifetables, "Regional", "00-49"), 1)
    np.testing.assert_allclose(ours.best.coefficients, theirs.best.coefficients, rtol=1e-12)


def test_the_trend_of_a_dataset_of_one_group(prostate):
    summary = recent.summarize_trend(recent.fit_trend(prostate, prostate.select()), last_year=2002)
    assert summary.years == (1975, 2002)
