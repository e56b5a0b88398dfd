"""Individual rows counted per group and time: group codes, and two routes for the counting.

:func:`group_codes` codes the rows' groups (sorted labels, stripped text),
refusing empty labels and over 1,000 groups. The counts of deaths and
censorings per group and time then come by one of two routes:

* :func:`count_codes`, after the cells were read one distinct value at a
  time (:mod:`survival.io.row_values`), from a code per row into the sorted
  distinct times;
* :func:`count_numbers`, for durations and events already held as numbers
  (a frame of numbers, or a CSV file whose columns the parser read as
  numbers): checked with a few reductions over each column, then counted
  with one ``np.bincount`` (whole-number durations over a modest range) or
  by sorting a packed (time, event) key within each group, as
  :mod:`survival.estimate.event_table` does for one curve. Its answer is
  None when a cell is not a valid duration or event code, so the caller
  takes the first route, which says which cell and why.

Both give the same frame: the group columns, ``time`` (years), ``died`` and
``censored``, sorted by group then time, with each group's first row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError, shown
from survival.io.limits import MAX_YEARS
from survival.io.row_values import TIME_UNITS, where

MAX_GROUPS = 1000
_BIN_ROWS = 8  # bins allowed per row (plus a million) before sorting is the cheaper route


def group_codes(
    columns: list[pd.Series], names: list[str], rows: np.ndarray, source: str
) -> tuple[np.ndarray, list[np.ndarray]]:
    """One code per row in sorted-label order, and each column's labels per code."""
    combined = np.zeros(len(rows), dtype=np.int64)
    per_column: list[np.ndarray] = []
    for values, name in zip(columns, names):
        code, labels = _group_column(values, name, rows, source)
        if not per_column:  # the first column's codes are already dense and sorted
            combined, per_column = code, [labels]
            continue
        combined *= len(labels)
        combined += code
        size = int(combined.max()) + 1
        if size <= max(4 * len(combined), 1_000_000):  # renumber the pairs that occur, without hashing
            present = np.bincount(combined, minlength=size) > 0
            uniques = np.flatnonzero(present)
            combined = (np.cumsum(present) - 1)[combined]
        else:
            combined, uniques = pd.factorize(combined, sort=True)
        per_column = [p[uniques // len(labels)] for p in per_column] + [labels[uniques % len(labels)]]
        check_group_count(len(uniques), names, source)
        combined = combined.astype(np.int64, copy=False)
    return combined, per_column


def _group_column(
    values: pd.Series, column: str, rows: np.ndarray, source: str
) -> tuple[np.ndarray, np.ndarray]:
    """Codes into sorted distinct labels (stripped text), refusing empty labels."""
    codes, uniques = pd.factorize(values)  # hashing; a missing label gets -1
    text = pd.Series(uniques, dtype=object).astype(str).str.strip().to_numpy()
    empty = text == ""
    if empty.any() or codes.min(initial=0) < 0:
        first = int(np.argmax((codes < 0) | np.append(empty, True)[codes]))  # the first row without a label
        raise SurvivalDataError(
            "A group label is empty",
            where(source, rows[first], column),
            "fill in the label, or remove the rows without one",
        )
    labels, inverse = np.unique(text, return_inverse=True)
    check_group_count(len(labels), [column], source)
    if np.array_equal(
        inverse, np.arange(len(labels))
    ):  # labels first seen in sorted order: codes as they are
        return codes.astype(np.int64, copy=False), labels.astype(object)
    return inverse[codes].astype(np.int64), labels.astype(object)


def check_group_count(count: int, names: list[str], source: str) -> None:
    """Refuse more than :data:`MAX_GROUPS` groups, naming the columns that make them."""
    if count > MAX_GROUPS:
        columns = ", ".join(f"'{shown(n)}'" for n in names)
        raise SurvivalDataError(
            f"The group column{'s' * (len(names) > 1)} {columns} makes {count:,} groups, more than the "
            f"{MAX_GROUPS:,} this program compares (is it an ID, a date or a measurement?)",
            f"{source}, column {columns}",
            "choose a group column with a few categories, such as stage or sex",
        )


def count_codes(
    group_code: np.ndarray,
    labels: dict[str, np.ndarray],
    time_code: np.ndarray,
    times: np.ndarray,
    died: np.ndarray,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Deaths and censorings per group and time code (sorted by group, time), and each group's first row."""
    n_times = len(times)
    key = group_code * n_times + time_code
    n_keys = (int(group_code.max()) + 1) * n_times
    if n_keys <= max(4 * len(key), 1_000_000):
        people = np.bincount(key, minlength=n_keys)
        deaths = np.bincount(key, weights=died, minlength=n_keys)
        used = np.flatnonzero(people)
        people, deaths = people[used], np.rint(deaths[used]).astype(np.int64)
    else:
        codes, used = pd.factorize(key, sort=True)
        people = np.bincount(codes)
        deaths = np.rint(np.bincount(codes, weights=died)).astype(np.int64)
    return _frame(labels, used // n_times, times[used % n_times], deaths, people)


def clean_numbers(durations: pd.Series, events: pd.Series, time_unit: str) -> bool:
    """Whether every duration is a number from 0 to ``MAX_YEARS`` years and every event 0 or 1.

    Only numeric columns (not booleans) can pass; a few reductions per column.
    """
    t, e = durations.to_numpy(), events.to_numpy()
    if t.dtype.kind not in "iuf" or e.dtype.kind not in "iuf" or len(t) == 0:
        return False
    with np.errstate(over="ignore", invalid="ignore"):
        low, high = t.min(), t.max()
        if not (low >= 0 and float(high) / TIME_UNITS[time_unit] <= MAX_YEARS):  # NaN fails too
            return False
        if not (e.min() >= 0 and e.max() <= 1):
            return False
    return e.dtype.kind != "f" or bool(np.count_nonzero(e) == np.count_nonzero(e == 1))


def count_numbers(
    durations: np.ndarray,
    events: np.ndarray,
    time_unit: str,
    group_code: np.ndarray,
    labels: dict[str, np.ndarray],
) -> tuple[pd.DataFrame, np.ndarray]:
    """Deaths and censorings per group and time from clean numbers (see :func:`clean_numbers`)."""
    unit = TIME_UNITS[time_unit]
    n_groups = int(group_code.max()) + 1 if len(group_code) else 1
    t = durations
    whole = t.dtype.kind in "iu" or bool((t[:64] == np.floor(t[:64])).all())
    if whole:
        low, high = int(t.min()), int(t.max())
        span = high - low + 1
        if n_groups * span <= _BIN_ROWS * len(t) + 1_000_000 and high < 2**53:
            if t.dtype.kind == "f" and not np.array_equal(t.astype(np.int64), t):
                pass  # some durations have fractions: sort below
            else:
                return _count_bins(t, events, group_code, n_groups, low, span, unit, labels)
    return _count_sorted(t, events, group_code, n_groups, unit, labels)


def _count_bins(t, e, group_code, n_groups, low, span, unit, labels) -> tuple[pd.DataFrame, np.ndarray]:
    """One ``np.bincount`` of ``2 * (group * span + t - low) + event``."""
    if n_groups > 1:
        key = np.multiply(group_code, span, dtype=np.int64)
        np.add(key, t, out=key, casting="unsafe")  # whole numbers below 2**53 here
    else:
        key = t.astype(np.int64)
    if low:
        key -= low
    key <<= 1
    key |= _as(e, key.dtype)
    counts = np.bincount(key, minlength=2 * n_groups * span).reshape(-1, 2)
    people = counts[:, 0] + counts[:, 1]  # faster than a sum along the short axis
    used = np.flatnonzero(people)
    years = (used % span + low) / unit
    return _frame(labels, used // span, years, counts[used, 1], people[used])


def _count_sorted(t, e, group_code, n_groups, unit, labels) -> tuple[pd.DataFrame, np.ndarray]:
    """Sort ``(time bits << 1) | event`` within each group (the group's rows gathered first)."""
    key = np.divide(t, unit, dtype=float).view(np.uint64)  # the bits of the times in years
    key <<= np.uint64(1)  # drops the sign: -0.0 becomes 0.0
    key |= _as(e, key.dtype)
    if n_groups > 1:
        small = group_code.astype(np.int16)  # stable sort of small integers: a radix sort
        order = np.argsort(small, kind="stable")
        key = key[order]
        del order
        bounds = np.r_[0, np.cumsum(np.bincount(small, minlength=n_groups))]
    else:
        bounds = np.array([0, len(key)])
    for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        key[a:b].sort()
    died_each = np.empty(len(key), dtype=bool)
    np.bitwise_and(key, np.uint64(1), out=died_each, casting="unsafe")
    key >>= np.uint64(1)
    new = np.empty(len(key), dtype=bool)
    new[:1] = True
    np.not_equal(key[1:], key[:-1], out=new[1:])
    new[bounds[1:-1]] = True
    starts = np.flatnonzero(new)
    group_of = np.searchsorted(bounds, starts, side="right") - 1
    people = np.diff(np.r_[starts, len(key)])
    deaths = np.add.reduceat(died_each, starts, dtype=np.int64)
    return _frame(labels, group_of, key[starts].view(np.float64), deaths, people)


def _as(events: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """Events (0 or 1) as ``dtype`` integers: a view of 8-byte integers, else a copy."""
    if events.dtype.kind in "iu" and events.dtype.itemsize == 8:
        return events.view(dtype)
    return events.astype(dtype)


def _frame(labels, group_of, times, deaths, people) -> tuple[pd.DataFrame, np.ndarray]:
    columns = {name: lab[group_of] for name, lab in labels.items()}
    columns["time"] = np.asarray(times, dtype=float)
    columns["died"] = np.asarray(deaths, dtype=np.int64)
    columns["censored"] = (people - deaths).astype(np.int64)
    out = pd.DataFrame(columns, index=pd.RangeIndex(len(columns["time"])))
    return out, np.flatnonzero(np.r_[True, group_of[1:] != group_of[:-1]])
