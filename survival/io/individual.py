"""Individual records (one row per person) turned into event counts per group and time.

Each row holds a duration (time from diagnosis to death or last follow-up),
an event code (1 = died, 0 = censored: alive at last follow-up) and
optionally group labels. Rows are validated once, here, then aggregated to
one row per group and distinct time with the numbers who died and were
censored there. Aggregation is vectorised (hashing with ``pd.factorize``,
then ``np.bincount``), so ten million rows take seconds; values are parsed
once per distinct cell, not once per row.

Row numbers in messages count the header as row 1, as a spreadsheet shows
a CSV file. In a frame without a ``_row`` column the rows are counted from 1,
as in :func:`survival.tables.lifetable_from_frame`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from functools import cached_property
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from survival.errors import FragileEstimateWarning, SurvivalDataError, shown
from survival.io.csv_cells import ROW, match_columns, read_csv_cells
from survival.io.csv_numbers import read_numbers_frame
from survival.io.limits import FOLLOW_UP_YEARS, MAX_YEARS
from survival.io.names import check_group_names
from survival.io.row_counts import clean_numbers, count_codes, count_numbers, group_codes
from survival.io.row_values import TIME_UNITS, parse_durations, parse_events
from survival.io.text import MAX_CSV_BYTES, read_bytes, source_name
from survival.tables.lifetable import LifeTable, combine_labels, group_keys, group_mask, lifetable_from_frame

__all__ = ["COUNT_COLUMNS", "TIME_UNITS", "EventCounts", "counts_from_frame", "read_individual_csv"]

COUNT_COLUMNS = ("time", "died", "censored")
MIN_GROUP_SIZE = 10
MANY_GROUPS = 50
MAX_INTERVAL_ROWS = 1_000_000  # the most rows to_lifetable makes
#: The longest plausible duration in each unit; longer ones are read with a warning.
MAX_PLAUSIBLE = {"days": FOLLOW_UP_YEARS * 365.25, "months": 600.0, "years": float(FOLLOW_UP_YEARS)}


@dataclass(frozen=True, eq=False)
class EventCounts:
    """Deaths and censorings per group and distinct time.

    Attributes
    ----------
    frame : DataFrame
        Group columns (str), then ``time`` (float, years since diagnosis),
        ``died`` and ``censored`` (int64): one row per group and distinct
        time at which someone died or was censored, sorted by group labels
        then time.
    group_columns : tuple of str
        The grouping columns, in order (empty for ungrouped data).
    source : str
        Where the rows came from, for messages.
    n_rows : int
        The number of individual rows read.
    group_starts : ndarray, optional
        The first row of each group, when the maker of ``frame`` knows them
        (found from the group columns otherwise).
    """

    frame: pd.DataFrame
    group_columns: tuple[str, ...]
    source: str = ""
    n_rows: int = 0
    group_starts: np.ndarray | None = field(default=None, repr=False)

    def groups(self) -> list[tuple]:
        """The distinct groups, as tuples of labels in ``group_columns`` order."""
        slices = self.group_slices()
        return list(slices) if slices is not None else group_keys(self.frame, self.group_columns)

    def group_slices(self) -> Mapping[tuple, slice] | None:
        """Each group's rows of ``frame`` as a slice, in order; None if a group's rows are not together.

        The mapping is shared, not a copy: read it, do not change it.

        Found once (one pass over the group columns, or none when the maker of
        ``frame`` gave ``group_starts``), so that taking every group out costs
        one pass over the rows, not one per group.
        """
        return self._slices

    @cached_property
    def _starts(self) -> np.ndarray | None:
        """The first row of each group; None when some group's rows are not together."""
        if self.group_starts is not None:
            return np.asarray(self.group_starts, dtype=np.int64)
        if len(self.frame) == 0:
            return np.zeros(0, dtype=np.int64)
        code = _run_codes(self.frame, self.group_columns)
        if (code[1:] < code[:-1]).any():
            return None
        return np.flatnonzero(np.r_[True, code[1:] != code[:-1]])

    @cached_property
    def _slices(self) -> Mapping[tuple, slice] | None:
        starts = self._starts
        if starts is None:
            return None
        ends = np.r_[starts[1:], len(self.frame)].tolist()
        if self.group_columns:
            heads = self.frame[list(self.group_columns)].iloc[starts]
            keys = [tuple(r) for r in heads.itertuples(index=False)]
        else:
            keys = [()] * len(starts)
        return {k: slice(a, b) for k, a, b in zip(keys, starts.tolist(), ends)}

    def __getstate__(self) -> dict:
        """What pickling keeps (and Streamlit's cache hashes): the fields, not the index found from them."""
        return {k: v for k, v in self.__dict__.items() if k not in ("_starts", "_slices")}

    def _codes(self) -> tuple[np.ndarray, np.ndarray]:
        """A code per row that changes where the group changes, and the rows where it does."""
        if self._starts is not None:
            return _runs(self._starts, len(self.frame)), self._starts
        code = _run_codes(self.frame, self.group_columns)
        return code, np.flatnonzero(np.r_[True, code[1:] != code[:-1]])

    def select_group(self, group: tuple) -> pd.DataFrame:
        """The ``time``, ``died`` and ``censored`` rows of one group.

        Raises ``KeyError`` for a group that is not in the data.
        """
        slices = self.group_slices()
        if slices is None:
            mask = group_mask(self.frame, self.group_columns, group)
            return self.frame.loc[mask, list(COUNT_COLUMNS)].reset_index(drop=True)
        group = tuple(group)
        if len(group) != len(self.group_columns):
            raise KeyError(f"Give one label for each of {tuple(self.group_columns)} (got {group}).")
        if group not in slices:
            raise KeyError(f"No group {group} in this table.")
        rows = self.frame[list(COUNT_COLUMNS)].iloc[slices[group]]
        return rows.reset_index(drop=True)

    def pool(self, keep: Sequence[str] = ()) -> "EventCounts":
        """Add up the counts over every group column not in ``keep``."""
        keep = list(keep)
        unknown = [c for c in keep if c not in self.group_columns]
        if unknown:
            raise KeyError(f"Unknown group columns {unknown}; choose from {self.group_columns}.")
        frame = self.frame.groupby(keep + ["time"], sort=True)[["died", "censored"]].sum().reset_index()
        return EventCounts(frame, tuple(keep), self.source, self.n_rows)

    def to_lifetable(self, width: float = 1.0) -> LifeTable:
        """Group the counts into actuarial intervals ``[0, w), [w, 2w), ...`` (years).

        A death or censoring at exactly ``k * w`` falls in ``[k w, (k+1) w)``
        (times within 1e-9 interval widths of a boundary count as on it, so
        that 0.3 years is on the boundary of 0.1-year intervals). Each
        group's intervals run up to the last one holding anyone, with
        ``alive`` at the start, ``died`` and ``lost`` in each.

        Raises
        ------
        SurvivalDataError
            When the intervals would make over a million rows, or run past
            :data:`~survival.io.limits.MAX_YEARS` years.
        """
        if not (np.isfinite(width) and width > 0):
            raise ValueError(f"The interval width must be a positive number of years (got {width}).")
        frame = self.frame
        with np.errstate(over="ignore"):  # a width far below the times: counted as too many rows below
            steps = np.floor(np.round(frame["time"].to_numpy() / width, 9))
        code, starts = self._codes()
        longest = float(frame["time"].max())
        if np.sum(np.maximum.reduceat(steps, starts) + 1) > MAX_INTERVAL_ROWS:
            raise SurvivalDataError(
                f"Intervals of {width:g} years would make over a million rows (the longest duration is "
                f"{longest:g} years)",
                self.source or "the data",
                "widen the intervals, or check the durations and their time unit",
            )
        if (steps.max() + 1) * width > MAX_YEARS:
            raise SurvivalDataError(
                f"Intervals of {width:g} years would run past {MAX_YEARS:,} years after diagnosis, the most "
                f"this program reads (the longest duration is {longest:g} years)",
                self.source or "the data",
                "check the durations and their time unit",
            )
        k = steps.astype(np.int64)
        n_intervals = np.maximum.reduceat(k, starts) + 1
        offset = np.r_[0, np.cumsum(n_intervals)[:-1]]
        size, index = int(n_intervals.sum()), offset[code] + k
        died = np.bincount(index, weights=frame["died"].to_numpy(), minlength=size)
        lost = np.bincount(index, weights=frame["censored"].to_numpy(), minlength=size)
        group_of = np.repeat(np.arange(len(starts)), n_intervals)
        removed = died + lost
        before = np.cumsum(removed) - removed
        alive = np.bincount(group_of, weights=removed)[group_of] - (before - before[offset][group_of])
        step = np.arange(size) - offset[group_of]
        out = pd.DataFrame({c: frame[c].to_numpy()[starts][group_of] for c in self.group_columns})
        out["interval_start"], out["interval_end"] = step * width, (step + 1) * width
        for column, values in (("alive", alive), ("died", died), ("lost", lost)):
            out[column] = np.rint(values).astype(np.int64)
        return lifetable_from_frame(out, self.group_columns, self.source)


def _runs(starts: np.ndarray, n: int) -> np.ndarray:
    """A code per row (0, 1, ...) for groups of rows starting at ``starts``."""
    return np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, n]))


def _run_codes(frame: pd.DataFrame, group_columns: tuple[str, ...]) -> np.ndarray:
    """A code per row that changes where the (sorted) group changes."""
    if not group_columns:
        return np.zeros(len(frame), dtype=np.int64)
    return frame.groupby(list(group_columns), sort=False).ngroup().to_numpy()


def read_individual_csv(
    source,
    *,
    duration: str = "duration",
    event: str = "event",
    group: str | Sequence[str] | None = None,
    time_unit: str = "years",
    name: str | None = None,
) -> EventCounts:
    """Read a CSV file of individual rows (one per person) into :class:`EventCounts`.

    Parameters
    ----------
    source : path, bytes or file-like
        The CSV file, with a header row.
    duration, event : str
        Names of the duration and event columns (matched case-insensitively).
    group : str or list of str, optional
        Group column name(s).
    time_unit : {"years", "months", "days"}
        The unit of the durations; times are stored in years.
    name : str, optional
        A display name for messages (default: the file name).

    Raises
    ------
    SurvivalDataError
        Saying what is wrong, where (file, row, column) and how to fix it.
    """
    name = name or source_name(source)
    data = read_bytes(source, MAX_CSV_BYTES)
    groups = [group] if isinstance(group, str) else [str(g) for g in group or []]
    frame = read_numbers_frame(data, groups)
    if frame is not None and plain_numbers(frame, duration, event, time_unit):
        try:
            counts = count_rows(frame, duration, event, groups, time_unit, name)
        except SurvivalDataError:
            pass  # read again cell by cell below, which names the row
        else:
            warn_fragile(counts, time_unit)
            return counts
    frame, name = read_csv_cells(data, name)
    return counts_from_frame(
        frame, duration=duration, event=event, group=group, time_unit=time_unit, source=name
    )


def plain_numbers(frame: pd.DataFrame, duration: str, event: str, time_unit: str) -> bool:
    """Whether ``frame`` has the duration and event columns (any case), holding valid numbers only."""
    own = {str(c).lower(): c for c in frame.columns}
    if duration.lower() not in own or event.lower() not in own:
        return False
    return clean_numbers(frame[own[duration.lower()]], frame[own[event.lower()]], time_unit)


def counts_from_frame(
    frame: pd.DataFrame,
    *,
    duration: str = "duration",
    event: str = "event",
    group: str | Sequence[str] | None = None,
    time_unit: str = "years",
    source: str = "data",
) -> EventCounts:
    """Validate individual rows and count deaths and censorings per group and time.

    Parameters are as for :func:`read_individual_csv`; ``frame`` may hold
    text cells (with a ``_row`` column, from :func:`read_csv_cells`) or
    numbers. Event codes must be 1 (died) or 0 (censored).

    Raises
    ------
    SurvivalDataError
        For a column missing or chosen twice, a group column named like an
        output column (see :mod:`survival.io.names`), a duration that is not a
        number from 0 to :data:`~survival.io.limits.MAX_YEARS` years, an event
        code other than 0 or 1, an empty group label, or over 1,000 groups.

    Warns
    -----
    FragileEstimateWarning
        When no one died, a group has fewer than 10 people, there are more
        than 50 groups, or the durations look too long for ``time_unit``.
    """
    groups = [group] if isinstance(group, str) else [str(g) for g in group or []]
    counts = count_rows(frame, duration, event, groups, time_unit, source)
    warn_fragile(counts, time_unit)
    return counts


def count_rows(
    frame: pd.DataFrame, duration: str, event: str, groups: list[str], time_unit: str, source: str
) -> EventCounts:
    """:func:`counts_from_frame` without its warnings (for counting a file in parts, then warning once)."""
    if time_unit not in TIME_UNITS:
        raise ValueError(f"time_unit must be one of {sorted(TIME_UNITS)} (got {time_unit!r}).")
    if len(frame) == 0:
        raise SurvivalDataError("The data have no rows", source, "add one row per person under the header")
    names = _select_columns(frame, duration, event, groups, source)
    labels = [str(n) for n in names]
    rows = frame[ROW].to_numpy() if ROW in frame.columns else np.arange(len(frame)) + 1
    durations, events = frame[names[0]], frame[names[1]]
    if clean_numbers(durations, events, time_unit):
        group_code, per_column = group_codes([frame[n] for n in names[2:]], labels[2:], rows, source)
        by_group = dict(zip(labels[2:], per_column))
        out, starts = count_numbers(durations.to_numpy(), events.to_numpy(), time_unit, group_code, by_group)
    else:
        time_code, times = parse_durations(durations, labels[0], rows, source, time_unit)
        died = parse_events(events, labels[1], rows, source)
        group_code, per_column = group_codes([frame[n] for n in names[2:]], labels[2:], rows, source)
        out, starts = count_codes(group_code, dict(zip(labels[2:], per_column)), time_code, times, died)
    return EventCounts(out, tuple(labels[2:]), source, len(frame), starts)


def _select_columns(frame: pd.DataFrame, duration: str, event: str, groups: list[str], source: str) -> list:
    """The frame's own labels of the chosen columns: duration, event, then groups."""
    chosen = [duration, event] + groups
    lowered = [c.lower() for c in chosen]
    for i, name in enumerate(lowered):
        if name in lowered[:i]:
            raise SurvivalDataError(
                f"The column '{shown(chosen[i])}' is chosen twice",
                source,
                "choose different columns for the duration, the event and each group",
            )
    # match_columns checks presence (and lists the columns there are); on an empty
    # slice, because renaming the whole frame would copy it.
    match_columns(frame.iloc[:0].rename(columns=str), {c: c for c in chosen}, source)
    own = {str(c).lower(): c for c in frame.columns}
    names = [own[c] for c in lowered]
    check_group_names(names[2:], source, frame.columns)
    return names


def _warn(message: str) -> None:
    warnings.warn(message, FragileEstimateWarning, stacklevel=4)


def warn_fragile(counts: EventCounts, time_unit: str) -> None:
    """Warn about valid data whose estimates will rest on little information."""
    frame = counts.frame
    starts = counts._starts if counts._starts is not None else counts._codes()[1]
    died = np.add.reduceat(frame["died"].to_numpy(dtype=float), starts)
    people = died + np.add.reduceat(frame["censored"].to_numpy(dtype=float), starts)
    if died.sum() == 0:
        _warn(
            "No one died (every row is censored): survival stays at 100%, which says only "
            "that no deaths were recorded; check the event column (1 = died)"
        )
    small = [
        f"{shown(combine_labels(g))} ({n:.0f})" if g else f"{n:.0f} people"
        for g, n in zip(counts.groups(), people)
        if n < MIN_GROUP_SIZE
    ]
    if small:
        _warn(
            f"Fewer than {MIN_GROUP_SIZE} people in {len(small)} group(s): "
            f"{', '.join(small[:10])}; their estimates are very uncertain"
        )
    if len(people) > MANY_GROUPS:
        _warn(
            f"There are {len(people)} groups, too many to compare on one chart; if the group "
            f"column is an ID or a measurement, choose another column (such as stage or sex)"
        )
    _warn_durations(float(frame["time"].max()), time_unit)


def _warn_durations(longest_years: float, time_unit: str) -> None:
    longest = longest_years * TIME_UNITS[time_unit]
    if longest <= MAX_PLAUSIBLE[time_unit]:
        return
    hint = {
        "years": "these look like days or months",
        "months": "these look like days",
        "days": "check the durations",
    }[time_unit]
    _warn(
        f"The longest duration is {longest:g} {time_unit}, more than anyone is followed "
        f"({MAX_PLAUSIBLE[time_unit]:g} {time_unit}): {hint}; set the time unit"
    )
