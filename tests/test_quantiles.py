"""Tests for survival.estimate.quantiles and SurvivalCurve.median/quantile: exact fractions and R's quantile.survfit."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from r_reference import DATASETS, fixture, groups, rows

from survival.estimate.intervals import CONF_TYPES, R_CONF_TYPE
from survival.estimate.kaplan_meier import kaplan_meier
from survival.estimate.quantiles import R_TOLERANCE, midpoint_crossing
from survival.estimate.results import SurvivalCurve

TOL = 1e-10
HALFWAY = ([1, 2, 3, 3, 4, 7, 7, 9, 10, 11, 12, 13], [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0])


def exact_walk(durations, events) -> tuple[list[float], list[Fraction]]:
    """Kaplan-Meier in exact fractions: the distinct times (led by 0) and survival there."""
    times, survival, s = [0.0], [Fraction(1)], Fraction(1)
    for t in sorted(set(durations)):
        n = sum(1 for d in durations if d >= t)
        d = sum(1 for u, e in zip(durations, events) if u == t and e)
        s *= Fraction(n - d, n)
        times.append(float(t))
        survival.append(s)
    return times, survival


def exact_first(times, survival, p: Fraction) -> float:
    """The first time exact survival is at p or below."""
    return next((t for t, s in zip(times, survival) if s <= p), float("nan"))


def exact_midpoint(times, survival, p: Fraction) -> float:
    """R's rule in exact arithmetic: the middle of the stretch where survival equals p."""
    i = next((i for i, s in enumerate(survival) if s <= p), None)
    if i is None:
        return float("nan")
    if survival[i] != p:
        return times[i]
    j = next((j for j in range(i, len(survival)) if survival[j] < p), None)
    return (times[i] + (times[j] if j is not None else times[-1])) / 2


def test_median_when_survival_is_exactly_one_half():
    # S(7) = 8/10 x 7/8 x 5/7 = 1/2 exactly, stored as 0.5000000000000001
    times, survival = exact_walk(*HALFWAY)
    assert survival[times.index(7.0)] == Fraction(1, 2)
    curve = kaplan_meier(*HALFWAY)
    assert curve.survival[curve.time == 7][0] == 0.5000000000000001
    first, midpoint = curve.median(), curve.median(convention="midpoint")
    assert (first.value, first.convention, first.reached) == (7.0, "first", True)
    assert (midpoint.value, midpoint.convention) == (8.0, "midpoint")  # R's print(survfit) says 8
    assert curve.quantile_time(0.5) == 7.0 and curve.quantile_time(0.5, "midpoint") == 8.0


def test_exact_fractions_on_seeded_data_with_many_ties():
    rng = np.random.default_rng(20240611)
    hits = 0
    for _ in range(300):
        n = int(rng.integers(2, 25))
        durations = rng.integers(0, 8, n).tolist()
        events = rng.integers(0, 2, n).tolist()
        times, survival = exact_walk(durations, events)
        curve = kaplan_meier(durations, events)
        for p in (Fraction(1, 2), Fraction(1, 4), Fraction(3, 4), Fraction(2, 3)):
            hits += p in survival
            expected_first = exact_first(times, survival, p)
            expected_mid = exact_midpoint(times, survival, p)
            got_first, got_mid = curve.quantile_time(float(p)), curve.quantile_time(float(p), "midpoint")
            assert got_first == expected_first or (np.isnan(got_first) and np.isnan(expected_first))
            assert got_mid == expected_mid or (np.isnan(got_mid) and np.isnan(expected_mid))
    assert hits > 50  # the data do land exactly on the probabilities, often


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 1)), min_size=1, max_size=30))
def test_property_first_and_midpoint_equal_exact_fractions(pairs):
    durations, events = [d for d, _ in pairs], [e for _, e in pairs]
    times, survival = exact_walk(durations, events)
    curve = kaplan_meier(durations, events)
    p = Fraction(1, 2)
    for got, expected in (
        (curve.median().value, exact_first(times, survival, p)),
        (curve.median("midpoint").value, exact_midpoint(times, survival, p)),
    ):
        assert got == expected or (np.isnan(got) and np.isnan(expected))


@pytest.mark.parametrize("conf_type", CONF_TYPES)
@pytest.mark.parametrize("dataset", DATASETS)
def test_midpoint_quantiles_and_their_intervals_match_r(dataset, conf_type):
    ref = fixture("quantiles")
    for group in groups(dataset):
        curve = kaplan_meier(*rows(dataset, group), conf_type=conf_type)
        part = ref[
            (ref["dataset"] == dataset)
            & (ref["group"] == group)
            & (ref["conf_type"] == R_CONF_TYPE[conf_type])
        ]
        assert len(part) == 3
        for row in part.itertuples():
            # R's probs are of the distribution (1 - S): its 0.25 quantile is where S falls to 0.75.
            q = curve.quantile(1 - row.prob, convention="midpoint")
            for ours, theirs in ((q.value, row.quantile), (q.ci_low, row.lower), (q.ci_high, row.upper)):
                assert ours == pytest.approx(theirs, abs=TOL, nan_ok=True), (group, row)


@pytest.mark.parametrize("dataset", DATASETS)
def test_midpoint_median_matches_print_survfit(dataset):
    # print.survfit's table uses its own routine (minmin); on these data it agrees with quantile().
    ref = fixture("median_print")
    for conf_type in CONF_TYPES:
        for group in groups(dataset):
            median = kaplan_meier(*rows(dataset, group), conf_type=conf_type).median("midpoint")
            row = ref[
                (ref["dataset"] == dataset)
                & (ref["group"] == group)
                & (ref["conf_type"] == R_CONF_TYPE[conf_type])
            ].iloc[0]
            for ours, theirs in (
                (median.value, row["median"]),
                (median.ci_low, row["lower"]),
                (median.ci_high, row["upper"]),
            ):
                assert ours == pytest.approx(theirs, abs=TOL, nan_ok=True)


def test_first_and_midpoint_differ_only_on_flat_stretches():
    for dataset in DATASETS:
        for group in groups(dataset):
            curve = kaplan_meier(*rows(dataset, group))
            for p in (0.25, 0.5, 0.75):
                first, mid = curve.quantile_time(p), curve.quantile_time(p, "midpoint")
                if np.isnan(first):
                    assert np.isnan(mid)
                elif first != mid:
                    at = curve.survival[curve.time == first][-1]
                    assert abs(at - p) < 1e-12 and mid > first


def test_midpoint_when_the_curve_ends_flat_at_the_probability():
    # survival 1/2 from 2 on, last follow-up at 5: R takes the middle of 2 and 5
    curve = kaplan_meier([1, 1, 2, 5], [0, 0, 1, 0])
    assert curve.median().value == 2.0
    assert curve.median("midpoint").value == 3.5
    assert (
        midpoint_crossing(np.array([0.0, 2.0, 5.0]), np.array([1.0, 0.5 + R_TOLERANCE / 2, 0.5]), 0.5) == 3.5
    )


def test_midpoint_skips_band_points_where_survival_is_0():
    # everyone dies: R has no band at S = 0, so the upper limit is never reached
    curve = kaplan_meier([1, 2, 3, 4], [1, 1, 1, 1], conf_type="log")
    assert curve.median("midpoint").value == 2.5  # S = 1/2 from 2 to 3
    assert np.isnan(curve.median("midpoint").ci_high)
    assert curve.median().ci_high == 4.0  # the project's rule reads the collapsed band


def test_quantile_result_names_its_convention_and_band():
    q = kaplan_meier(*HALFWAY, conf_type="plain").quantile(0.5, "midpoint")
    assert (q.probability, q.convention, q.conf_type, q.conf_level) == (0.5, "midpoint", "plain", 0.95)


def test_bad_arguments_are_refused():
    curve = kaplan_meier(*HALFWAY)
    with pytest.raises(ValueError, match="convention must be 'first' or 'midpoint'"):
        curve.median("middle")
    with pytest.raises(ValueError, match="The probability must lie between 0 and 1"):
        curve.quantile(1.5)
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
    assert actuarial.median().value == 1.0
    with pytest.raises(ValueError, match="convention='midpoint' is R's rule for step"):
        actuarial.median("midpoint")
