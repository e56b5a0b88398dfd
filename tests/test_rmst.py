"""Tests for survival.estimate.rmst: survRM2's formulas (in the R script) and print.survfit's rmean."""

from __future__ import annotations

import math
from dataclasses import replace
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from r_reference import fixture, rows

from survival.estimate.kaplan_meier import kaplan_meier
from survival.estimate.rmst import compare_rmst, restricted_mean

TOL = 1e-10


def curve(dataset: str, group: str):
    return kaplan_meier(*rows(dataset, group), label=group)


def test_rmst_and_se_match_survrm2_and_print_survfit():
    ref = fixture("rmst")
    for row in ref.itertuples():
        r = restricted_mean(curve(row.dataset, row.group), row.tau)
        assert r.estimate == pytest.approx(row.rmst, rel=TOL, abs=TOL)
        assert r.se == pytest.approx(row.se, rel=TOL, abs=TOL)
        assert (r.ci_low, r.ci_high) == pytest.approx((row.lower, row.upper), rel=TOL, abs=TOL)
        # print(survfit(...), rmean = tau) in survival 3.5-3: the same estimate and SE
        assert (r.estimate, r.se) == pytest.approx((row.print_rmean, row.print_se), rel=TOL, abs=TOL)
        assert (r.tau, r.label, r.conf_level) == (row.tau, row.group, 0.95)


def test_comparisons_match_survrm2_rmst2():
    ref = fixture("rmst2")
    for row in ref.itertuples():
        c = compare_rmst(curve(row.dataset, row.arm1), curve(row.dataset, row.arm0), row.tau)
        contrast = getattr(c, row.measure)
        assert contrast.measure == row.measure
        for ours, theirs in (
            (contrast.estimate, row.estimate),
            (contrast.se, row.se),
            (contrast.ci_low, row.lower),
            (contrast.ci_high, row.upper),
        ):
            assert ours == pytest.approx(theirs, rel=TOL, abs=TOL), row
        assert contrast.p_value == pytest.approx(row.p, rel=1e-9, abs=1e-14)


def test_small_case_in_exact_fractions():
    # deaths at 1 and 3 (n = 4 and 2), censorings at 2 and 5; tau = 4
    c = kaplan_meier([1, 2, 3, 5], [1, 0, 1, 0])
    s1, s3 = Fraction(3, 4), Fraction(3, 8)
    rmst = 1 + s1 * 2 + s3 * 1  # areas: [0,1) 1, [1,3) 3/4, [3,4) 3/8
    a1, a3 = s1 * 2 + s3 * 1, s3 * 1  # areas from each death time to tau
    variance = a1**2 * Fraction(1, 4 * 3) + a3**2 * Fraction(1, 2 * 1)
    r = restricted_mean(c, 4.0)
    assert r.estimate == pytest.approx(float(rmst), abs=1e-12)
    assert r.se == pytest.approx(math.sqrt(float(variance)), abs=1e-12)
    assert r.time_lost == pytest.approx(4 - float(rmst), abs=1e-12)
    assert restricted_mean(c, 4.0).estimate == c.rmst(4.0)


def test_difference_of_a_group_with_itself_is_zero_with_p_one():
    c = curve("lung", "male")
    comparison = compare_rmst(c, c, 365)
    assert comparison.difference.estimate == 0 and comparison.difference.p_value == 1.0
    assert comparison.ratio.estimate == pytest.approx(
        1.0
    ) and comparison.rmtl_ratio.estimate == pytest.approx(1.0)
    assert comparison.difference.se == pytest.approx(math.sqrt(2) * comparison.group1.se)


def test_bad_arguments_are_refused():
    c = curve("ties", "a")
    with pytest.raises(ValueError, match="choose a horizon inside that range"):
        restricted_mean(c, 99)
    with pytest.raises(ValueError, match="conf_level must be between 0 and 1"):
        restricted_mean(c, 5, conf_level=95)
    early = kaplan_meier([1, 2, 3], [0, 0, 0])
    with pytest.raises(ValueError, match="A ratio needs a restricted mean and a time lost above 0"):
        compare_rmst(early, early, 2)
    from survival.estimate.results import SurvivalCurve

    n = 3
    actuarial = SurvivalCurve(
        time=np.arange(n, dtype=float),
        survival=np.array([1.0, 0.5, 0.2]),
        se=np.zeros(n),
        ci_low=np.zeros(n),
        ci_high=np.ones(n),
        n_at_risk=np.zeros(n),
        n_events=np.zeros(n),
        n_censored=np.zeros(n),
    )
    relative = replace(actuarial, measure="relative")
    with pytest.raises(ValueError, match="restricted_mean needs an observed Kaplan-Meier or actuarial curve"):
        restricted_mean(relative, 1)


def test_actuarial_rmst_variance_is_the_delta_method_on_the_interval_survivals():
    """The analytic derivative against finite differences of the trapezoid area in log p_j."""
    from survival.estimate.actuarial import actuarial
    from survival.tables.lifetable import lifetable_from_frame

    frame = pd.DataFrame(
        {
            "interval_start": [0, 1, 2, 3],
            "interval_end": [1, 2, 3, 4],
            "alive": [200, 150, 110, 80],
            "died": [40, 30, 20, 10],
            "lost": [10, 10, 10, 5],
        }
    )
    curve = actuarial(lifetable_from_frame(frame)).observed()
    n_eff = frame["alive"] - frame["lost"] / 2
    p = 1 - frame["died"] / n_eff
    var_log_p = frame["died"] / (n_eff * (n_eff - frame["died"]))

    def area(log_p):
        s = np.r_[1.0, np.exp(np.cumsum(log_p))]
        return float(np.sum((s[1:] + s[:-1]) / 2))

    base = np.log(p.to_numpy())
    grad = []
    for j in range(4):
        step = np.zeros(4)
        step[j] = 1e-6
        grad.append((area(base + step) - area(base - step)) / 2e-6)
    expected = float(np.sum(np.array(grad) ** 2 * var_log_p))
    result = restricted_mean(curve, 4.0)
    assert result.estimate == pytest.approx(area(base), abs=1e-12)
    assert result.se**2 == pytest.approx(expected, rel=1e-8)
    with pytest.raises(ValueError, match="interval end"):
        restricted_mean(curve, 2.5)
