"""Conditional survival on life tables and curves, against independent references."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from survival.errors import SurvivalDataError
from survival.estimate.actuarial import actuarial
from survival.estimate.conditional import conditional_curve, conditional_lifetable
from survival.tables.lifetable import lifetable_from_frame


@pytest.fixture
def table():
    frame = pd.DataFrame(
        {
            "interval_start": [0, 1, 2, 3, 4],
            "interval_end": [1, 2, 3, 4, 5],
            "alive": [200, 170, 140, 120, 100],
            "died": [25, 25, 15, 15, 10],
            "lost": [5, 5, 5, 5, 5],
            "expected": [0.98, 0.97, 0.96, 0.95, 0.94],
        }
    )
    return lifetable_from_frame(frame)


def test_conditional_observed_is_the_ratio_of_cumulative_survival(table):
    full = actuarial(table).observed()
    cond = actuarial(conditional_lifetable(table, 2)).observed()
    assert cond.at(3)[0] == pytest.approx(full.at(5)[0] / full.at(2)[0], abs=1e-12)
    assert cond.n_at_risk[1] == 140


def test_conditional_curve_equals_conditional_lifetable(table):
    full = actuarial(table).observed()
    via_curve = conditional_curve(full, 2)
    via_table = actuarial(conditional_lifetable(table, 2)).observed()
    np.testing.assert_allclose(via_curve.survival, via_table.survival, atol=1e-12)
    np.testing.assert_allclose(via_curve.se, via_table.se, atol=1e-12)
    np.testing.assert_allclose(via_curve.ci_low, via_table.ci_low, atol=1e-12)
    np.testing.assert_allclose(via_curve.time - 2, via_table.time, atol=1e-12)


def test_conditional_relative_applies_the_convention_to_the_survivors(table):
    cond = actuarial(conditional_lifetable(table, 2), convention="ratio").relative()
    full = actuarial(table, convention="ratio").relative()
    assert cond.at(3)[0] == pytest.approx(full.at(5)[0] / full.at(2)[0], abs=1e-12)


def test_conditional_needs_an_interval_boundary(table):
    with pytest.raises(SurvivalDataError, match="not an interval boundary"):
        conditional_lifetable(table, 2.5)
    with pytest.raises(ValueError, match="must lie in that range"):
        conditional_curve(actuarial(table).observed(), 7)
    with pytest.raises(ValueError, match="works on observed survival"):
        conditional_curve(actuarial(table).relative(), 1)


def test_conditional_km_equals_km_of_those_still_at_risk():
    from lifelines import KaplanMeierFitter

    from survival.estimate.kaplan_meier import kaplan_meier

    rng = np.random.default_rng(7)
    t = np.round(rng.exponential(3, 400), 2)
    e = rng.random(400) < 0.6
    cond = conditional_curve(kaplan_meier(t, e), 2.0)
    later = t > 2.0
    ref = KaplanMeierFitter().fit(t[later], e[later])
    times = np.array([2.5, 3.0, 4.0, 6.0])
    np.testing.assert_allclose(cond.at(times), ref.survival_function_at_times(times).to_numpy(), atol=1e-12)
    low, high = cond.ci_at(times)
    ci = ref.confidence_interval_
    idx = np.searchsorted(ci.index.to_numpy(), times, side="right") - 1
    np.testing.assert_allclose(low, ci.iloc[idx, 0].to_numpy(), atol=1e-9)
    np.testing.assert_allclose(high, ci.iloc[idx, 1].to_numpy(), atol=1e-9)
