"""Tests for survival.estimate.cumulative_hazard: Nelson-Aalen and its Aalen variance against R and fractions."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from r_reference import DATASETS, fixture, groups, rows

from survival.estimate.cumulative_hazard import hazard_interval, nelson_aalen
from survival.estimate.kaplan_meier import kaplan_meier

TOL = 1e-10


@pytest.mark.parametrize("dataset", DATASETS)
def test_cumhaz_and_std_chaz_match_r_survfit(dataset):
    fit = fixture("survfit")
    fit = fit[(fit["dataset"] == dataset) & (fit["conf_type"] == "log")]
    for group in groups(dataset):
        ref = fit[fit["group"] == group]
        h = nelson_aalen(*rows(dataset, group))
        np.testing.assert_array_equal(h.time[1:], ref["time"])
        np.testing.assert_allclose(h.cumhaz[1:], ref["cumhaz"], rtol=0, atol=TOL)
        np.testing.assert_allclose(h.se[1:], ref["std_chaz"], rtol=0, atol=TOL)
        np.testing.assert_array_equal(h.n_at_risk[1:], ref["n_risk"])


def test_ties_are_one_increment_d_over_n_by_hand():
    # 7 people; two deaths at 1, one at 2, two at 3 (with a censoring), one censored at 4
    h = nelson_aalen([1, 1, 2, 3, 3, 3, 4], [1, 1, 1, 0, 1, 1, 0])
    cumhaz = [
        Fraction(0),
        Fraction(2, 7),
        Fraction(2, 7) + Fraction(1, 5),
        Fraction(2, 7) + Fraction(1, 5) + Fraction(2, 4),
    ]
    variance = [
        Fraction(0),
        Fraction(2, 49),
        Fraction(2, 49) + Fraction(1, 25),
        Fraction(2, 49) + Fraction(1, 25) + Fraction(2, 16),
    ]
    assert h.time.tolist() == [0, 1, 2, 3, 4]
    np.testing.assert_allclose(h.cumhaz, [float(c) for c in cumhaz] + [float(cumhaz[-1])], rtol=0, atol=1e-15)
    np.testing.assert_allclose(
        h.se**2, [float(v) for v in variance] + [float(variance[-1])], rtol=0, atol=1e-15
    )
    np.testing.assert_allclose(h.increments[1:], [2 / 7, 1 / 5, 2 / 4, 0], rtol=0, atol=1e-15)
    assert h.at([0.5, 2.5, 9]).tolist()[:2] == pytest.approx([0, float(cumhaz[2])])
    assert np.isnan(h.at(9)[0])


def test_intervals_by_hand():
    z = 1.959963984540054
    low, high = hazard_interval([0.0, 0.4], [0.0, 0.1], 0.95, "log")
    assert (low[0], high[0]) == (0.0, 0.0)
    assert (low[1], high[1]) == pytest.approx(
        (0.4 * math.exp(-z * 0.1 / 0.4), 0.4 * math.exp(z * 0.1 / 0.4)), abs=1e-15
    )
    low, high = hazard_interval([0.1, 0.4], [0.1, 0.1], 0.95, "plain")
    assert low.tolist() == pytest.approx([0.0, 0.4 - z * 0.1]) and high.tolist() == pytest.approx(
        [0.1 + z * 0.1, 0.4 + z * 0.1]
    )
    h = nelson_aalen(*rows("lung", "male"), conf_type="plain", conf_level=0.9)
    assert (h.conf_type, h.conf_level) == ("plain", 0.9)
    np.testing.assert_allclose(h.ci_high, h.cumhaz + 1.6448536269514722 * h.se, rtol=0, atol=1e-12)


def test_nelson_aalen_and_kaplan_meier_share_counts():
    t, e = rows("ties", "a")
    h, km = nelson_aalen(t, e, weights=np.ones(len(t))), kaplan_meier(t, e)
    np.testing.assert_array_equal(h.time, km.time)
    np.testing.assert_array_equal(h.n_at_risk, km.n_at_risk)
    assert np.all(np.exp(-h.cumhaz) >= km.survival - 1e-15)  # exp(-H) is never below KM
    assert list(h.to_frame().columns)[:3] == ["time", "cumhaz", "se"]


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="conf_type for a cumulative hazard must be 'log' or 'plain'"):
        nelson_aalen([1, 2], [1, 0], conf_type="log-log")
    with pytest.raises(ValueError, match="Events must be 1"):
        nelson_aalen([1, 2], [2, 0])
