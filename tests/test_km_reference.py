"""The numpy Kaplan-Meier paths of survival.estimate.kaplan_meier against lifelines, to 1e-10.

Every counting route of :mod:`survival.estimate.event_table` (bincount over days,
the sorted packed key, argsort with weights, aggregated counts) is fitted on
the same rows by lifelines: individual rows, the same rows expanded from
weights, integer and float durations, ties, deaths at time 0, everyone
censored, one row, zero weights, and 1e5 rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lifelines_reference import assert_matches_lifelines, lifelines_curve

from survival.estimate.kaplan_meier import kaplan_meier, kaplan_meier_counts
from survival.io.individual import counts_from_frame

TOL = 1e-10


def random_rows(n: int, kind: str, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    durations = {
        "days": lambda: rng.integers(0, 7301, n),  # bincount route
        "few days": lambda: rng.integers(0, 12, n),  # heavy ties
        "wide integers": lambda: rng.integers(0, 10**12, n),  # sorted key, integers
        "float": lambda: rng.exponential(3.0, n),  # sorted key, distinct
        "rounded float": lambda: np.round(rng.exponential(3.0, n), 1),  # sorted key, ties
        "whole floats": lambda: rng.integers(0, 40, n).astype(float),  # bincount from floats
    }[kind]()
    return durations, (rng.random(n) >= 0.4).astype(np.int64)


KINDS = ["days", "few days", "wide integers", "float", "rounded float", "whole floats"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("n", [1, 2, 7, 300])
def test_rows_match_lifelines(kind, n):
    t, e = random_rows(n, kind, seed=n)
    assert_matches_lifelines(kaplan_meier(t, e), t, e)


@pytest.mark.parametrize("kind", KINDS)
def test_weights_match_lifelines_on_weights_and_on_expanded_rows(kind):
    t, e = random_rows(400, kind)
    w = np.random.default_rng(5).integers(0, 4, len(t))
    curve = kaplan_meier(t, e, weights=w)
    assert_matches_lifelines(curve, t, e, w)
    assert_matches_lifelines(curve, np.repeat(t, w), np.repeat(e, w))


@pytest.mark.parametrize("kind", ["days", "float", "rounded float"])
def test_large_sample_matches_lifelines(kind):
    t, e = random_rows(100_000, kind, seed=11)
    assert_matches_lifelines(kaplan_meier(t, e), t, e)


@pytest.mark.parametrize("kind", ["days", "float"])
def test_large_weighted_sample_matches_lifelines(kind):
    t, e = random_rows(100_000, kind, seed=12)
    w = np.random.default_rng(13).integers(0, 3, len(t))
    assert_matches_lifelines(kaplan_meier(t, e, weights=w), t, e, w)


@pytest.mark.parametrize(
    "durations, events",
    [
        ([0, 0, 0, 1, 2, 2], [1, 1, 0, 1, 0, 1]),  # deaths and a censoring at time 0
        ([0.0, 0.0, 0.5, 0.5], [1, 1, 1, 1]),  # everyone dies: S reaches 0
        ([3, 3, 3], [1, 1, 1]),  # all die at one time
        ([1, 2, 3, 4], [0, 0, 0, 0]),  # everyone censored
        ([5], [1]),
        ([5], [0]),
        ([0], [1]),
        ([0.25], [0]),  # a single row
        ([2, 2, 2, 2, 1], [0, 1, 0, 1, 0]),  # deaths and censorings tied
    ],
)
def test_edge_cases_match_lifelines(durations, events):
    for t in (np.asarray(durations), np.asarray(durations, dtype=float) + 0.5):
        assert_matches_lifelines(kaplan_meier(t, events), t, events)


def test_zero_weights_drop_their_times_and_match_lifelines():
    t = np.array([0.5, 1.0, 1.0, 2.0, 3.0, 3.0, 4.0])
    e = np.array([1, 0, 1, 1, 0, 1, 1])
    w = np.array([0, 2, 0, 0, 1, 3, 0])
    curve = kaplan_meier(t, e, weights=w)
    np.testing.assert_array_equal(curve.time, [0, 1, 3])
    assert_matches_lifelines(curve, t, e, w)
    assert_matches_lifelines(curve, np.repeat(t, w), np.repeat(e, w))


@pytest.mark.parametrize("conf_level", [0.5, 0.9, 0.99])
def test_other_levels_match_lifelines(conf_level):
    t, e = random_rows(500, "rounded float", seed=4)
    assert_matches_lifelines(kaplan_meier(t, e, conf_level=conf_level), t, e)


@pytest.mark.parametrize(
    "convert",
    [
        lambda t, e: (t.astype(np.int32), e.astype(bool)),
        lambda t, e: (t.astype(np.uint16), e.astype(np.int8)),
        lambda t, e: (t.astype(np.float32), e.astype(float)),
        lambda t, e: (pd.Series(t), pd.Series(e)),
        lambda t, e: (t.tolist(), e.tolist()),
        lambda t, e: (t[::2], e[::2]),  # strided views
        lambda t, e: (t.reshape(-1, 1), e.reshape(1, -1)),  # 2-D inputs are flattened
    ],
    ids=["int32-bool", "uint16-int8", "float32-float", "series", "lists", "strided", "2-D"],
)
def test_input_types_give_the_same_curve(convert):
    t, e = random_rows(200, "few days", seed=8)
    t2, e2 = convert(t, e)
    flat_t, flat_e = np.asarray(t2, dtype=float).ravel(), np.asarray(e2, dtype=float).ravel()
    assert_matches_lifelines(kaplan_meier(t2, e2), flat_t, flat_e)


def test_counts_route_matches_lifelines_on_rows():
    t, e = random_rows(600, "rounded float", seed=9)
    groups = np.where(np.arange(len(t)) % 3 == 0, "a", "b")
    frame = pd.DataFrame({"time": t, "status": e, "arm": groups})
    counts = counts_from_frame(frame, duration="time", event="status", group="arm")
    for arm in ("a", "b"):
        rows = frame[frame["arm"] == arm]
        assert_matches_lifelines(kaplan_meier_counts(counts, (arm,)), rows["time"], rows["status"])


def test_no_floating_point_warnings_even_when_numpy_raises():
    # lifelines turns numpy's divide and invalid warnings off process-wide; the fits must
    # not depend on that.
    with np.errstate(all="raise"):
        for t, e in (
            ([0, 0, 1, 2], [1, 0, 1, 1]),
            ([1.5, 1.5], [1, 1]),
            ([1, 2], [0, 0]),
            random_rows(1000, "float"),
        ):
            kaplan_meier(t, e)


rows_strategy = st.integers(1, 40).flatmap(
    lambda n: st.tuples(
        st.one_of(
            st.lists(st.integers(0, 15), min_size=n, max_size=n),
            st.lists(st.floats(0, 20, allow_subnormal=False), min_size=n, max_size=n),
            st.lists(
                st.sampled_from([0.0, 0.1, 0.2, 0.30000000000000004, 1e-300, 7.5, 1e9]),
                min_size=n,
                max_size=n,
            ),
        ),
        st.lists(st.integers(0, 1), min_size=n, max_size=n),
        st.one_of(st.none(), st.lists(st.integers(0, 5), min_size=n, max_size=n)),
    )
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(rows_strategy)
def test_property_matches_lifelines(rows):
    t, e, w = rows
    if w is not None and sum(w) == 0:
        w[0] = 1
    assert_matches_lifelines(kaplan_meier(t, e, weights=w), t, e, w)


def test_reference_itself_can_tell_curves_apart():
    # A guard on the helper: a curve with deaths after censorings at ties differs from lifelines.
    t, e = np.array([1, 2, 2, 3]), np.array([1, 1, 0, 1])
    reference = lifelines_curve(t, e)
    wrong = kaplan_meier(np.where(e == 0, t - 0.5, t), e)
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(wrong.survival, reference["survival"], rtol=TOL)
