"""The rules a life table's rows keep, checked once at the boundary by
:func:`survival.tables.lifetable.lifetable_from_frame`.

Each rule that a row can break on its own is checked on every row, and the
message names the first row (in the source's order) that breaks any of them,
so that a problem the whole file shares (two columns swapped, say) is reported
where it starts.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError, shown
from survival.io.limits import MAX_YEARS
from survival.io.numbers import parse_numeric_column

INTERVAL_COLUMNS = ("interval_start", "interval_end")
COUNT_COLUMNS = ("alive", "died", "lost")
REQUIRED_COLUMNS = INTERVAL_COLUMNS + COUNT_COLUMNS
OPTIONAL_COLUMNS = ("expected",)
ROW = "_row"
MAX_COUNT = 1e10  # more people than have ever lived at once
MIN_EXPECTED = 0.001  # below any population's chance of living through an interval (and safe to divide by)
MEANINGS = {
    "interval_start": "years",
    "interval_end": "years",
    "alive": "count",
    "died": "count",
    "lost": "count",
    "expected": "proportion",
}
TIMES_FIX = (
    "check the number: interval_start and interval_end are in years since diagnosis (divide months "
    "by 12, days by 365.25)"
)


def where(source: str, row, column: str | None = None) -> str:
    """``"source, row N, column 'c'"`` (long column names cut)."""
    text = f"{source}, row {int(row)}"
    return text + (f", column '{shown(column)}'" if column else "")


def check_groups(frame: pd.DataFrame, group_columns: tuple[str, ...], source: str) -> None:
    """Refuse empty group labels; store the labels as stripped text."""
    for column in group_columns:
        values = frame[column]
        empty = values.isna() | (values.astype(str).str.strip() == "")
        if empty.any():
            row = frame.loc[empty.to_numpy(), ROW].iloc[0]
            raise SurvivalDataError(
                "A group label is empty",
                where(source, row, column),
                "fill in the label, or remove the column if it is not a group",
            )
        frame[column] = values.astype(str).str.strip()


def parse_numbers(frame: pd.DataFrame, source: str) -> None:
    """Parse the numeric columns in place (finite floats), each with advice fitting what it holds."""
    for column in REQUIRED_COLUMNS + tuple(c for c in OPTIONAL_COLUMNS if c in frame.columns):
        frame[column] = parse_numeric_column(frame[column], column, frame[ROW], source, MEANINGS[column])


def check_rows(frame: pd.DataFrame, source: str) -> None:
    """Check every row against every rule that a row keeps on its own; report the first row that breaks one.

    Counts become int64 in place once they are known to be whole numbers.
    """
    rows = frame[ROW].to_numpy()
    first = None
    for rank, (bad, column, describe) in enumerate(_row_rules(frame)):
        if bad.any():
            i = int(np.flatnonzero(bad)[np.argmin(rows[bad])])
            if first is None or (rows[i], rank) < (rows[first[0]], first[1]):
                first = (i, rank, column, describe)
    if first is not None:
        i, _, column, describe = first
        what, fix = describe(i)
        raise SurvivalDataError(what, where(source, rows[i], column), fix)
    for column in COUNT_COLUMNS:
        frame[column] = frame[column].to_numpy().astype(np.int64)


Rule = tuple[np.ndarray, str, Callable[..., tuple[str, str]]]


def _row_rules(frame: pd.DataFrame) -> list[Rule]:
    """(rows that break the rule, the column to name, i -> (what, fix)), in order of precedence in a row."""
    start, end = frame["interval_start"].to_numpy(), frame["interval_end"].to_numpy()
    alive, died, lost = (frame[c].to_numpy() for c in COUNT_COLUMNS)
    rules: list[Rule] = []
    for column in COUNT_COLUMNS:
        values = frame[column].to_numpy()
        rules += [
            (
                values > MAX_COUNT,
                column,
                lambda i, v=values: (
                    f"{v[i]:g} is too large to be a count of people",
                    "check the number; it may hold extra digits",
                ),
            ),
            (
                (values < 0) | (values != np.round(values)),
                column,
                lambda i, v=values: (
                    f"{v[i]:g} is not a count: counts must be whole numbers, 0 or more",
                    "enter the number of people as a whole number",
                ),
            ),
        ]
    rules += [
        (
            end < start,
            "interval_end",
            lambda i: (
                "An interval ends before it starts",
                "make interval_end greater than interval_start (both in years since diagnosis)",
            ),
        ),
        (
            end == start,
            "interval_end",
            lambda i: (
                f"The interval from {start[i]:g} to {end[i]:g} has zero width: it ends where it starts",
                "make interval_end greater than interval_start (both in years since diagnosis), or remove "
                "the row",
            ),
        ),
        (
            start < 0,
            "interval_start",
            lambda i: (
                "An interval starts before diagnosis (a negative time)",
                "give times in years since diagnosis, starting at 0",
            ),
        ),
        (
            end > MAX_YEARS,
            "interval_end",
            lambda i: (
                f"The interval ends {end[i]:g} years after diagnosis, more than the {MAX_YEARS:,} years this "
                "program reads",
                TIMES_FIX,
            ),
        ),
        (
            alive == 0,
            "alive",
            lambda i: (
                "No one is alive at the start of this interval, so nothing can be estimated in it",
                "remove the intervals after everyone has died or been lost to follow-up",
            ),
        ),
        (
            died + lost > alive,
            "died",
            lambda i: (
                f"More people died or were lost ({died[i]:.0f} + {lost[i]:.0f}) than were alive at the start "
                f"({alive[i]:.0f})",
                "check the counts: died + lost cannot exceed alive" + _swapped(alive, died),
            ),
        ),
    ]
    if "expected" in frame.columns:
        rules += _expected_rules(frame["expected"].to_numpy())
    return rules


def _swapped(alive: np.ndarray, died: np.ndarray) -> str:
    """A hint that the alive and died columns are swapped, when died exceeds alive in most rows."""
    more = int((died > alive).sum())
    if more * 2 <= len(alive):
        return ""
    return (
        f"; died exceeds alive in {more:,} of {len(alive):,} rows, so the columns 'alive' and 'died' "
        "may be swapped: check which column holds which"
    )


def _expected_rules(expected: np.ndarray) -> list:
    def outside(i: int) -> tuple[str, str]:
        hint = "give expected interval survival as a proportion between 0 and 1"
        if ((expected > 1) & (expected <= 100)).all():
            hint = "the column looks like percents; divide it by 100"
        elif 1 < expected[i] <= 100:
            hint += f" ({expected[i]:g} may be a percent: divide it by 100)"
        return f"Expected survival {expected[i]:g} is outside (0, 1]", hint

    return [
        (~((expected > 0) & (expected <= 1)), "expected", outside),
        (
            expected < MIN_EXPECTED,
            "expected",
            lambda i: (
                f"Expected survival {expected[i]:g} is below {MIN_EXPECTED:g}: no group of the general "
                "population is that unlikely to live through one interval",
                "check the number: give expected interval survival as a proportion between 0 and 1 "
                "(0.98, not 0.00098)",
            ),
        ),
    ]


def check_sequence(frame: pd.DataFrame, group_columns: tuple[str, ...], source: str) -> None:
    """Intervals start at 0, follow without gaps or overlaps, and counts continue."""
    if group_columns:
        codes = frame.groupby(list(group_columns), sort=False).ngroup().to_numpy()
    else:
        codes = np.zeros(len(frame), dtype=int)
    first = np.r_[True, codes[1:] != codes[:-1]]
    start, end = frame["interval_start"].to_numpy(), frame["interval_end"].to_numpy()
    alive, died, lost = (frame[c].to_numpy() for c in COUNT_COLUMNS)
    group_text = _group_text(frame, group_columns)
    checks = [
        (
            first & (start != 0),
            "interval_start",
            lambda i: f"The first interval of {group_text(i)} starts at {start[i]:g}, not at 0",
            "life tables start at diagnosis: add the intervals from 0",
        ),
        (
            ~first & (start == np.r_[np.nan, start[:-1]]),
            "interval_start",
            lambda i: f"The interval starting at {start[i]:g} appears twice in {group_text(i)}",
            "keep one row per group and interval",
        ),
        (
            ~first & (start > np.r_[np.nan, end[:-1]]),
            "interval_start",
            lambda i: (
                f"There is a gap in {group_text(i)}: the previous interval ends at "
                f"{end[i - 1]:g} but this one starts at {start[i]:g}"
            ),
            "add the missing interval, or make the intervals follow on",
        ),
        (
            ~first & (start < np.r_[np.nan, end[:-1]]),
            "interval_start",
            lambda i: (
                f"Intervals overlap in {group_text(i)}: the previous interval ends at "
                f"{end[i - 1]:g} but this one starts at {start[i]:g}"
            ),
            "make each interval start where the previous one ends",
        ),
    ]
    continuing = np.r_[0, (alive - died - lost)[:-1]]
    checks.append(
        (
            ~first & (alive != continuing),
            "alive",
            lambda i: (
                f"The number alive at the start ({alive[i]}) does not continue from the "
                f"previous interval of {group_text(i)} ({alive[i - 1]} alive - {died[i - 1]} "
                f"died - {lost[i - 1]} lost = {continuing[i]})"
            ),
            "alive at the start of each interval must equal alive - died - lost of the one before",
        )
    )
    for bad, column, what, fix in checks:
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise SurvivalDataError(what(i), where(source, frame[ROW].iloc[i], column), fix)


def _group_text(frame: pd.DataFrame, group_columns: tuple[str, ...]):
    def text(i: int) -> str:
        if not group_columns:
            return "the table"
        labels = ", ".join(f"{shown(c)}={shown(frame[c].iloc[i])}" for c in group_columns)
        return f"group {labels}"

    return text
