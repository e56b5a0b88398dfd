"""Deaths and censorings per distinct time, counted from individual rows in numpy.

The Kaplan-Meier curve and the log-rank test need only an event table: for
each distinct observed time, the number at risk, the deaths and the
censorings. :func:`check_rows` validates the rows once (vectorised: a few
passes, no Python loop over rows); :func:`tally` counts them by one of three
routes, chosen from the data:

* whole-number durations over a modest range (up to about four times the
  number of rows, as days over a few decades are): one ``np.bincount`` of
  ``2 * (time - min) + event``, which counts deaths and censorings at every
  time in a single pass, no sorting;
* other durations without weights: one in-place ``np.sort`` of a packed key,
  the time's bits shifted left by one with the event in the lowest bit
  (non-negative doubles order as their bit patterns do). This sorts values,
  not indexes, which is several times faster than ``np.argsort`` followed by
  gathering the rows;
* other durations with weights: ``np.argsort``, then sums per distinct time.

Every route returns an :class:`EventTable` whose arrays start with a row for
the curve's starting point (time 0, no one counted), so that estimators can
fill their own arrays of the same length without copying. :func:`stack_groups`
lays the event tables of several groups of aggregated counts one after
another, each with its leading row, so that every group is estimated in one
pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from survival.io.individual import EventCounts

_WEIGHTS_MESSAGE = (
    "Weights must be whole numbers of people, 0 or more; non-integer weights "
    "(such as half-losses or expected counts) give wrong confidence intervals."
)
_BIN_SLACK = 4096  # bins allowed on top of 4 per row before sorting is the cheaper route


class Rows(NamedTuple):
    """Validated rows.

    ``durations`` are unsigned integers or float64, ``events`` unsigned
    integers 0/1 (views of the caller's bools or integers, not copies),
    ``weights`` float64 or None. ``high`` is the largest duration; ``low``
    the smallest, or None where validation did not need it.
    """

    durations: np.ndarray
    events: np.ndarray
    weights: np.ndarray | None
    low: int | float | None
    high: int | float


class EventTable(NamedTuple):
    """Distinct observed times, float64 arrays of equal length led by a (0, 0, 0, 0) row.

    ``at_risk`` counts everyone whose time is at or after the row's time
    (people censored at a time are still at risk at it); ``died`` and
    ``censored`` are the deaths and censorings at exactly that time.
    """

    time: np.ndarray
    at_risk: np.ndarray
    died: np.ndarray
    censored: np.ndarray


def check_rows(durations, events, weights=None) -> Rows:
    """Validate individual rows once and return them as clean arrays.

    Each check is one or two reductions (``min``, ``max``) over a column;
    integers are checked through an unsigned view, where a negative value
    shows up as a huge one, so one ``max`` checks both ends.

    Raises
    ------
    ValueError
        For lengths that differ, no rows (or every weight 0), negative or
        non-finite durations, event codes other than 0/1, or weights that
        are not whole numbers 0 or more.
    """
    t, e = _numeric(durations), _numeric(events)
    w = None if weights is None else np.asarray(weights, dtype=float).ravel()
    n_weights = len(t) if w is None else len(w)
    if not len(t) == len(e) == n_weights:
        raise ValueError(f"durations, events and weights differ in length ({len(t)}, {len(e)}, {n_weights}).")
    if len(t) == 0:
        raise ValueError("There is no one to estimate from (no rows, or every weight is 0).")
    low = None
    if t.dtype.kind == "f":
        low, high = t.min().item(), t.max().item()
        valid = low >= 0 and high < np.inf
    else:
        signed = t.dtype.kind == "i"
        t = _unsigned(t)
        high = t.max().item()
        valid = not signed or high < 2 ** (8 * t.itemsize - 1)
    if not valid:
        raise ValueError("Durations must be finite numbers, 0 or more.")
    e = _check_events(e)
    if w is not None:
        if not (w.min() >= 0 and w.max() < np.inf) or (np.floor(w) != w).any():
            raise ValueError(_WEIGHTS_MESSAGE)
        if not w.sum() > 0:
            raise ValueError("There is no one to estimate from (no rows, or every weight is 0).")
    return Rows(t, e, w, low, high)


def _numeric(values) -> np.ndarray:
    """A 1-D array of bools, integers or float64, converting anything else to float."""
    array = np.asarray(values).ravel()
    if array.dtype.kind in "biu" or array.dtype == np.float64:
        return array
    return np.asarray(values, dtype=float).ravel()


def _unsigned(values: np.ndarray) -> np.ndarray:
    """An unsigned view of bools or integers (no copy)."""
    return values.view(f"u{values.itemsize}")


def _check_events(e: np.ndarray) -> np.ndarray:
    """Events as unsigned integers 0/1 (a view when they are bools or integers)."""
    if e.dtype.kind in "biu":
        e = _unsigned(e)
        if e.dtype.kind != "b" and e.max() > 1:
            raise ValueError("Events must be 1 (died) or 0 (censored).")
        return e
    if not (e.min() >= 0 and e.max() <= 1 and np.count_nonzero(e) == np.count_nonzero(e == 1)):
        raise ValueError("Events must be 1 (died) or 0 (censored).")
    return e.astype(np.uint8)


def tally(rows: Rows) -> EventTable:
    """The event table of validated rows; times whose rows all weigh 0 are left out."""
    t, e, w = rows.durations, rows.events, rows.weights
    limit = 4 * len(t) + _BIN_SLACK
    low = 0 if rows.high < limit else (t.min().item() if rows.low is None else rows.low)
    if rows.high - low < limit and (t.dtype.kind != "f" or rows.high < 2**53):
        key = _bin_key(t, int(low))
        if key is not None:
            return _tally_bins(key, e, w, int(low), int(rows.high - low) + 1)
    if w is None and (t.dtype.kind == "f" or rows.high < 2**63):  # room for the event bit
        return _tally_sorted(t, e)
    return _tally_weighted(t, e, np.ones(len(t)) if w is None else w)


def _bin_key(t: np.ndarray, low: int) -> np.ndarray | None:
    """``2 * (t - low)`` as uint64, or None when some of the float durations ``t`` have fractions."""
    if t.dtype.kind == "f":
        if (t[:64] != np.floor(t[:64])).any():
            return None
        key = t.astype(np.uint64)
        if not np.array_equal(key, t):
            return None
        if low:
            key -= np.uint64(low)
        key <<= np.uint64(1)
    elif low:
        key = np.subtract(t, np.uint64(low), dtype=np.uint64)
        key <<= np.uint64(1)
    else:
        key = np.left_shift(t, 1, dtype=np.uint64)
    return key


def _tally_bins(key: np.ndarray, e: np.ndarray, w: np.ndarray | None, low: int, span: int) -> EventTable:
    """Count by ``np.bincount`` of ``key`` (from :func:`_bin_key`, changed in place)."""
    if w is None:
        np.bitwise_or(key, e, out=key)
        counts = np.bincount(key.view(np.int64), minlength=2 * span).reshape(span, 2)
        censored, died = counts[:, 0], counts[:, 1]
    else:
        index = (key >> np.uint64(1)).view(np.int64)
        died = np.bincount(index, weights=np.where(e, w, 0.0), minlength=span)
        censored = np.bincount(index, weights=w, minlength=span) - died
    at = np.flatnonzero(died + censored)
    table = _empty_table(len(at))
    table.time[1:] = at
    table.time[1:] += low
    table.died[1:] = died[at]
    table.censored[1:] = censored[at]
    _fill_at_risk(table)
    return table


def _tally_sorted(t: np.ndarray, e: np.ndarray) -> EventTable:
    """Count by sorting a packed (time, event) key in place; unweighted rows only."""
    # The shift drops the sign bit, which only -0.0 has among valid durations: it becomes 0.0.
    key = np.left_shift(t.view(np.uint64) if t.dtype.kind == "f" else t, 1, dtype=np.uint64)
    np.bitwise_or(key, e, out=key)
    key.sort()
    died_each = np.empty(len(key), dtype=bool)
    np.bitwise_and(key, np.uint64(1), out=died_each, casting="unsafe")
    key >>= np.uint64(1)
    starts = run_starts(key)
    table = _empty_table(len(starts))
    if t.dtype.kind == "f":
        np.take(key, starts, out=table.time[1:].view(np.uint64))  # the bits of the times
    else:
        table.time[1:] = key[starts]
    del key
    n = len(died_each)
    np.add.reduceat(died_each, starts, dtype=np.float64, out=table.died[1:])
    np.subtract(n, starts, out=table.at_risk[1:])
    np.subtract(starts[1:], starts[:-1], out=table.censored[1:-1])  # rows per time, for now
    table.censored[-1] = n - starts[-1]
    table.censored[1:] -= table.died[1:]
    return table


def _tally_weighted(t: np.ndarray, e: np.ndarray, w: np.ndarray) -> EventTable:
    """Count weighted rows by ``np.argsort`` and sums per distinct time."""
    if len(t) == 0:
        return _empty_table(0)
    order = np.argsort(t)
    sorted_t = t[order]
    starts = run_starts(sorted_t)
    weight = w[order]
    removed = np.add.reduceat(weight, starts)
    died = np.add.reduceat(np.where(e[order], weight, 0.0), starts)
    at = np.flatnonzero(removed)
    table = _empty_table(len(at))
    table.time[1:] = sorted_t[starts[at]]
    table.died[1:] = died[at]
    table.censored[1:] = removed[at] - died[at]
    _fill_at_risk(table)
    return table


def run_starts(sorted_values: np.ndarray) -> np.ndarray:
    """Indexes where a sorted array's value changes, starting with 0."""
    new = np.empty(len(sorted_values), dtype=bool)
    new[:1] = True
    np.not_equal(sorted_values[1:], sorted_values[:-1], out=new[1:])
    return np.flatnonzero(new)


def _empty_table(m: int) -> EventTable:
    """An event table for ``m`` distinct times, its leading row zeros, the rest to fill."""
    table = EventTable(*(np.empty(m + 1) for _ in range(4)))
    for values in table:
        values[0] = 0.0
    return table


def _fill_at_risk(table: EventTable) -> None:
    """At risk at each time: everyone removed (by death or censoring) at that time or later."""
    removed = table.died[1:] + table.censored[1:]
    np.cumsum(removed[::-1], out=table.at_risk[:0:-1])


def from_counts(time, died, censored) -> EventTable:
    """The event table of aggregated counts (times need not be sorted or distinct)."""
    time = np.asarray(time, dtype=float)
    died = np.asarray(died, dtype=float)
    censored = np.asarray(censored, dtype=float)
    if len(time) and (np.diff(time) > 0).all() and ((died + censored) > 0).all():
        table = _empty_table(len(time))
        table.time[1:], table.died[1:], table.censored[1:] = time, died, censored
        _fill_at_risk(table)
        return table
    events = np.r_[np.ones(len(time), bool), np.zeros(len(time), bool)]
    return _tally_weighted(np.r_[time, time], events, np.r_[died, censored])


def stack_groups(counts: "EventCounts", groups: list[tuple]) -> tuple[EventTable, np.ndarray] | None:
    """The event tables of ``groups``, one after another, and where each starts (its (0, 0, 0, 0) row).

    None when ``counts`` cannot be taken apart this way: a group's rows not
    together, its times not increasing, or a row with no one in it.

    Raises
    ------
    KeyError
        For a group that is not in ``counts``.
    """
    slices = counts.group_slices()
    if slices is None:
        return None
    for group in groups:
        if group not in slices:
            counts.select_group(group)  # raises the KeyError that says why
    parts = [slices[g] for g in groups]
    sizes = np.array([p.stop - p.start for p in parts], dtype=np.int64)
    raw = [counts.frame[c].to_numpy() for c in ("time", "died", "censored")]
    if all(p.stop == q.start for p, q in zip(parts[:-1], parts[1:])):  # one run of rows: no gathering
        together = slice(parts[0].start, parts[-1].stop) if parts else slice(0, 0)
        columns = [np.asarray(c[together], dtype=float) for c in raw]
    else:
        index = np.concatenate([np.arange(p.start, p.stop) for p in parts])
        columns = [np.asarray(c[index], dtype=float) for c in raw]
    time, died, censored = columns
    first = np.cumsum(sizes) - sizes  # each group's first row in the columns
    later = np.ones(len(time), dtype=bool)
    later[first] = False
    removed = died + censored
    if (np.diff(time)[later[1:]] <= 0).any() or not (removed > 0).all():
        return None
    starts = first + np.arange(len(sizes))  # a leading row before each group
    table = _empty_stack(len(time) + len(sizes), starts)
    if len(sizes) == 1:
        rows: slice | np.ndarray = slice(1, None)
    else:
        rows = np.ones(len(table.time), dtype=bool)
        rows[starts] = False
    table.time[rows], table.died[rows], table.censored[rows] = time, died, censored
    after = np.cumsum(removed[::-1])[::-1]  # removed at this row or later, over every group
    table.at_risk[rows] = after - np.repeat(np.r_[after[first[1:]], 0.0], sizes)
    return table, starts


def _empty_stack(m: int, starts: np.ndarray) -> EventTable:
    """Event tables for ``m`` rows in all, their leading rows (at ``starts``) zeros, the rest to fill."""
    table = EventTable(*(np.empty(m) for _ in range(4)))
    for values in table:
        values[starts] = 0.0
    return table
