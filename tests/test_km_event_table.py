"""Tests for survival.estimate.event_table: validating rows and counting them per distinct time.

Each counting route (bincount over a range of whole numbers, the sorted
packed key, argsort with weights, aggregated counts) is checked against a
slow walk over distinct times written here, and is shown to be the route
actually taken; messages for bad rows are pinned.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from survival.estimate import event_table
from survival.estimate.event_table import check_rows, from_counts, tally


def naive_table(durations, events, weights=None) -> np.ndarray:
    """Rows (time, at risk, died, censored) by a walk over distinct times, led by zeros."""
    t = np.asarray(durations, dtype=float)
    e = np.asarray(events, dtype=float)
    w = np.ones(len(t)) if weights is None else np.asarray(weights, dtype=float)
    out = [(0.0, 0.0, 0.0, 0.0)]
    for time in np.unique(t):
        here = t == time
        died, censored = w[here & (e == 1)].sum(), w[here & (e == 0)].sum()
        if died + censored > 0:
            out.append((time, w[t >= time].sum(), died, censored))
    return np.array(out)


def as_array(table) -> np.ndarray:
    return np.column_stack([table.time, table.at_risk, table.died, table.censored])


@pytest.fixture
def routes(monkeypatch) -> list[str]:
    """The names of the counting routes called, in order."""
    called: list[str] = []
    for name in ("_tally_bins", "_tally_sorted", "_tally_weighted"):
        original = getattr(event_table, name)

        def spy(*args, _original=original, _name=name):
            called.append(_name)
            return _original(*args)

        monkeypatch.setattr(event_table, name, spy)
    return called


rng = np.random.default_rng(17)
N = 2000  # 4 bins per row plus the slack cover 7301 days
CASES = {
    # name: (durations, weights, the route expected)
    "days": (rng.integers(0, 7301, N), None, "_tally_bins"),
    "days from 1000": (rng.integers(1000, 1400, N), None, "_tally_bins"),
    "whole floats": (rng.integers(0, 50, N).astype(float), None, "_tally_bins"),
    "whole floats from 20": (rng.integers(20, 50, N).astype(float), None, "_tally_bins"),
    "wide integers": (rng.integers(0, 10**12, N), None, "_tally_sorted"),
    "floats": (rng.exponential(2.0, N), None, "_tally_sorted"),
    "rounded floats": (np.round(rng.exponential(2.0, N), 1), None, "_tally_sorted"),
    "weighted days": (rng.integers(0, 30, N), rng.integers(0, 4, N), "_tally_bins"),
    "weighted floats": (np.round(rng.exponential(2.0, N), 1), rng.integers(0, 4, N), "_tally_weighted"),
    "huge unsigned": (
        np.array([2**63 + 5, 2**64 - 1, 2**63 + 5, 7], dtype=np.uint64)[rng.integers(0, 4, N)],
        None,
        "_tally_weighted",
    ),
}
EVENTS = (rng.random(N) < 0.6).astype(np.int64)


@pytest.mark.parametrize("name", list(CASES))
def test_each_route_counts_like_the_slow_walk(name, routes):
    durations, weights, route = CASES[name]
    table = tally(check_rows(durations, EVENTS, weights))
    assert routes == [route]
    expected = naive_table(durations.astype(float), EVENTS, weights)
    np.testing.assert_allclose(as_array(table), expected, rtol=1e-15)
    assert all(a.dtype == np.float64 for a in table)


def test_routes_agree_on_the_same_rows():
    t = rng.integers(0, 60, 2000)
    e = rng.integers(0, 2, 2000)
    tables = [
        event_table._tally_bins(
            event_table._bin_key(t.astype(np.uint64), 0), e.astype(np.uint8), None, 0, 60
        ),
        event_table._tally_sorted(t.astype(np.uint64), e.astype(np.uint8)),
        event_table._tally_sorted(t.astype(float), e.astype(np.uint8)),
        event_table._tally_weighted(t.astype(float), e, np.ones(len(t))),
    ]
    for table in tables[1:]:
        np.testing.assert_array_equal(as_array(table), as_array(tables[0]))


def test_negative_zero_is_zero():
    table = tally(check_rows([-0.0, 0.0, 0.5, -0.0], [1, 0, 1, 1]))
    np.testing.assert_array_equal(as_array(table), [[0, 0, 0, 0], [0, 4, 2, 1], [0.5, 1, 1, 0]])
    assert not np.signbit(table.time).any()


def test_whole_floats_beyond_exact_integers_are_sorted_not_binned(routes):
    t = 2.0**64 + np.array([0.0, 4096.0, 4096.0])  # one ulp apart, within the bins' range
    table = tally(check_rows(t, [1, 0, 1]))
    assert routes == ["_tally_sorted"]
    np.testing.assert_array_equal(as_array(table), naive_table(t, [1, 0, 1]))


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.uint32, np.int64, bool])
def test_small_integer_types_do_not_overflow(dtype):
    top = 1 if dtype is bool else np.iinfo(dtype).max
    t = np.array([top, top, 0, top // 2, top], dtype=dtype)
    e = np.array([1, 0, 1, 1, 1], dtype=np.uint8)
    np.testing.assert_array_equal(as_array(tally(check_rows(t, e))), naive_table(t.astype(float), e))


def test_event_types_are_viewed_not_copied():
    t = np.arange(10)
    for e in (np.ones(10, bool), np.ones(10, np.int64), np.ones(10, np.uint8)):
        assert np.shares_memory(check_rows(t, e).events, e)


def test_counts_sorted_distinct_and_otherwise():
    fast = from_counts([1.0, 2.0, 4.0], [1, 0, 2], [0, 3, 1])
    slow = from_counts([4.0, 2.0, 1.0, 2.0, 3.0], [2, 0, 1, 0, 0], [1, 1, 0, 2, 0])
    np.testing.assert_array_equal(as_array(fast), as_array(slow))
    np.testing.assert_array_equal(as_array(fast), [[0, 0, 0, 0], [1, 7, 1, 0], [2, 6, 0, 3], [4, 3, 2, 1]])
    assert len(from_counts([], [], []).time) == 1


BAD_DURATIONS = "Durations must be finite numbers, 0 or more"
BAD_EVENTS = r"Events must be 1 \(died\) or 0 \(censored\)"
BAD_WEIGHTS = "Weights must be whole numbers of people, 0 or more"
NO_ONE = "no one to estimate from"


@pytest.mark.parametrize(
    "durations, events, weights, message",
    [
        (np.array([1, -1, 2]), [1, 0, 1], None, BAD_DURATIONS),
        (np.array([1, -128, 2], dtype=np.int8), [1, 0, 1], None, BAD_DURATIONS),
        (np.array([1, -1, 2], dtype=np.int32), [1, 0, 1], None, BAD_DURATIONS),
        ([1.0, -0.5, 2.0], [1, 0, 1], None, BAD_DURATIONS),
        ([1.0, np.nan, 2.0], [1, 0, 1], None, BAD_DURATIONS),
        ([np.nan, 1.0, 2.0], [1, 0, 1], None, BAD_DURATIONS),
        ([1.0, np.inf, 2.0], [1, 0, 1], None, BAD_DURATIONS),
        ([1.0, -np.inf, 2.0], [1, 0, 1], None, BAD_DURATIONS),
        (["1", "x", "2"], [1, 0, 1], None, "could not convert"),
        ([1, 2, 3], np.array([1, 2, 0]), None, BAD_EVENTS),
        ([1, 2, 3], np.array([1, -1, 0]), None, BAD_EVENTS),
        ([1, 2, 3], np.array([1, -1, 0], dtype=np.int8), None, BAD_EVENTS),
        ([1, 2, 3], np.array([1, 2**63, 0], dtype=np.uint64), None, BAD_EVENTS),
        ([1, 2, 3], [1.0, 0.5, 0.0], None, BAD_EVENTS),
        ([1, 2, 3], [1.0, np.nan, 0.0], None, BAD_EVENTS),
        ([1, 2, 3], [np.nan, 1.0, 0.0], None, BAD_EVENTS),
        ([1, 2, 3], [1, 0, 1], [1, 0.5, 1], BAD_WEIGHTS),
        ([1, 2, 3], [1, 0, 1], [1, -1, 1], BAD_WEIGHTS),
        ([1, 2, 3], [1, 0, 1], [1, np.nan, 1], BAD_WEIGHTS),
        ([1, 2, 3], [1, 0, 1], [1, np.inf, 1], BAD_WEIGHTS),
        ([1, 2, 3], [1, 0, 1], [0, 0, 0], NO_ONE),
        ([], [], None, NO_ONE),
        ([1, 2, 3], [1, 0], None, r"differ in length \(3, 2, 3\)"),
        ([1, 2, 3], [1, 0, 1], [1, 1], r"differ in length \(3, 3, 2\)"),
    ],
)
def test_bad_rows_are_refused(durations, events, weights, message):
    with pytest.raises(ValueError, match=message):
        check_rows(durations, events, weights)


def test_accepted_inputs():
    rows = check_rows(pd.Series([3, 1, 2]), pd.Series([True, False, True]))
    assert (rows.low, rows.high) == (None, 3)
    rows = check_rows([0.5, 2.0], ["1", "0"])
    assert (rows.low, rows.high) == (0.5, 2.0)
    np.testing.assert_array_equal(rows.events, [1, 0])
