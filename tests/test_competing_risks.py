"""Tests for survival.estimate.competing_risks: cmprsk::cuminc, survival's multi-state survfit, fractions."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from r_reference import colon, fixture

from survival.estimate.competing_risks import (
    aalen_johansen,
    compare_naive_risk,
    cumulative_incidence,
)
from survival.estimate.kaplan_meier import kaplan_meier

STAGES = ("Distant", "Localised", "Regional", "Unknown")


def stage_rows(stage: str):
    rows = colon()
    rows = rows[rows["stage"] == stage]
    return rows["surv_mm"].to_numpy(), rows["cause"].to_numpy()


def index_at(result, times):
    return np.searchsorted(result.time, np.asarray(times, dtype=float), side="right") - 1


@pytest.mark.parametrize("stage", STAGES)
def test_estimates_and_variances_match_cmprsk_cuminc(stage):
    ref = fixture("cuminc")
    for result in aalen_johansen(*stage_rows(stage)):
        part = ref[(ref["stage"] == stage) & (ref["cause"] == result.cause)]
        at = index_at(result, part["time"])
        np.testing.assert_allclose(result.incidence[at], part["est"], rtol=0, atol=1e-12)
        # v1 + F^2 v3 - 2 F v2 cancels: compare relative to the variance's size
        np.testing.assert_allclose(result.se[at] ** 2, part["var"], rtol=1e-10, atol=1e-18)


@pytest.mark.parametrize("stage", STAGES)
def test_estimates_match_survival_multistate_survfit(stage):
    ref = fixture("msfit")
    ref = ref[ref["stage"] == stage]
    cancer, other = aalen_johansen(*stage_rows(stage))
    at = index_at(cancer, ref["time"])
    np.testing.assert_array_equal(cancer.time[at], ref["time"])
    np.testing.assert_array_equal(cancer.n_at_risk[at], ref["n_risk"])
    np.testing.assert_allclose(cancer.survival[at], ref["p_alive"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(cancer.incidence[at], ref["p_cancer"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(other.incidence[at], ref["p_other"], rtol=0, atol=1e-12)
    # survfit's standard error is the infinitesimal jackknife, not cmprsk's: close, not equal
    assert np.max(np.abs(cancer.se[at] - ref["se_cancer"])) < 1e-3


@pytest.mark.parametrize("stage", STAGES)
def test_survival_and_incidences_add_to_one_and_survival_is_kaplan_meier(stage):
    t, cause = stage_rows(stage)
    cancer, other = aalen_johansen(t, cause)
    np.testing.assert_allclose(cancer.survival + cancer.incidence + other.incidence, 1.0, rtol=0, atol=1e-14)
    km = kaplan_meier(t, (cause > 0).astype(int))
    np.testing.assert_array_equal(km.time, cancer.time)
    np.testing.assert_allclose(km.survival, cancer.survival, rtol=0, atol=1e-14)


@pytest.mark.parametrize("stage", STAGES)
def test_one_minus_km_overstates_the_risk_of_cancer_death(stage):
    t, cause = stage_rows(stage)
    comparison = compare_naive_risk(t, cause, cause=1, label=stage)
    ref = fixture("naive_km")
    ref = ref[ref["stage"] == stage]
    np.testing.assert_allclose(
        comparison.naive[index_at(comparison, ref["time"])], ref["one_minus_km"], rtol=0, atol=1e-12
    )
    assert np.all(comparison.overstatement >= -1e-15)
    assert comparison.overstatement[-1] > 0.02  # by the end of follow-up, by over 2 points
    np.testing.assert_allclose(
        comparison.survival + comparison.incidence + comparison.other, 1.0, rtol=0, atol=1e-14
    )
    five = comparison.at([60.0])
    assert list(five.columns) == ["time", "survival", "incidence", "other", "naive", "overstatement"]
    assert five["naive"].iloc[0] >= five["incidence"].iloc[0]


def test_small_case_in_exact_fractions():
    # times 1..6: cancer death at 1, other death at 2, censored at 3, cancer at 4 (twice), other at 5, censored 6
    t = [1, 2, 3, 4, 4, 5, 6]
    cause = [1, 2, 0, 1, 1, 2, 0]
    s = Fraction(1)
    f1 = Fraction(0)
    expected = {}
    for time, n, d1, d2 in (
        (1, 7, 1, 0),
        (2, 6, 0, 1),
        (3, 5, 0, 0),
        (4, 4, 2, 0),
        (5, 2, 0, 1),
        (6, 1, 0, 0),
    ):
        f1 += s * Fraction(d1, n)
        s *= Fraction(n - d1 - d2, n)
        expected[time] = (f1, s)
    result = cumulative_incidence(t, cause, cause=1)
    assert result.time.tolist() == [0, 1, 2, 3, 4, 5, 6]
    np.testing.assert_allclose(
        result.incidence[1:], [float(expected[k][0]) for k in range(1, 7)], rtol=0, atol=1e-15
    )
    np.testing.assert_allclose(
        result.survival[1:], [float(expected[k][1]) for k in range(1, 7)], rtol=0, atol=1e-15
    )
    assert result.n_events.tolist() == [0, 1, 0, 0, 2, 0, 0] and result.n_other.tolist() == [
        0,
        0,
        1,
        0,
        0,
        1,
        0,
    ]


def test_variance_by_hand_with_one_cause():
    # With no competing deaths F = 1 - KM, and cmprsk's variance reduces to the Aalen-type
    # S(t)^2 sum d / (n - d)^2 (not Greenwood's d / (n (n - d))). No tied deaths here.
    t, cause = [1, 2, 3, 4, 5, 6], [1, 0, 1, 1, 0, 1]
    result = cumulative_incidence(t, cause)
    km = kaplan_meier(t, [int(c > 0) for c in cause])
    np.testing.assert_allclose(result.incidence, 1 - km.survival, rtol=0, atol=1e-15)
    s, total, expected = Fraction(1), Fraction(0), [0.0]
    for n, d in ((6, 1), (5, 0), (4, 1), (3, 1), (2, 0)):
        s *= Fraction(n - d, n)
        total += Fraction(d, (n - d) ** 2)
        expected.append(float(s * s * total))
    np.testing.assert_allclose(result.se[:-1] ** 2, expected, rtol=1e-13, atol=1e-16)


def test_interval_uses_the_named_transform():
    t, cause = [1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 1, 0, 1, 2, 1, 0]
    result = cumulative_incidence(t, cause, conf_type="plain", conf_level=0.9)
    np.testing.assert_allclose(
        result.ci_high[result.incidence > 0],
        np.minimum(1, (result.incidence + 1.6448536269514722 * result.se)[result.incidence > 0]),
        rtol=0,
        atol=1e-12,
    )
    assert list(result.to_frame().columns)[:3] == ["time", "incidence", "se"]


def test_bad_rows_are_refused():
    with pytest.raises(ValueError, match="Causes must be 0 \\(censored\\) or a cause number"):
        cumulative_incidence([1, 2], [1, -1])
    with pytest.raises(ValueError, match="Causes must be 0"):
        cumulative_incidence([1, 2], [1, 1.5])
    with pytest.raises(ValueError, match="Durations must be finite numbers, 0 or more"):
        cumulative_incidence([-1, 2], [1, 0])
    with pytest.raises(ValueError, match="No one died of any cause"):
        cumulative_incidence([1, 2], [0, 0])
    with pytest.raises(ValueError, match="No one died of cause 3 \\(causes present: \\[1, 2\\]\\)"):
        cumulative_incidence([1, 2], [1, 2], cause=3)
    with pytest.raises(ValueError, match="differ in length"):
        cumulative_incidence([1, 2], [1])
    with pytest.raises(ValueError, match="Weights must be whole numbers"):
        cumulative_incidence([1, 2], [1, 2], weights=[0.5, 1])
    with pytest.raises(ValueError, match="conf_type must be one of"):
        cumulative_incidence([1, 2], [1, 2], conf_type="logit")


def test_weights_equal_expanded_rows():
    rng = np.random.default_rng(3)
    t = rng.integers(1, 10, 60).astype(float)
    cause = rng.integers(0, 3, 60)
    w = rng.integers(0, 4, 60)
    weighted = cumulative_incidence(t, cause, weights=w)
    expanded = cumulative_incidence(np.repeat(t, w), np.repeat(cause, w))
    np.testing.assert_array_equal(weighted.time, expanded.time)
    np.testing.assert_allclose(weighted.incidence, expanded.incidence, rtol=0, atol=1e-15)
    np.testing.assert_allclose(weighted.se, expanded.se, rtol=0, atol=1e-15)
