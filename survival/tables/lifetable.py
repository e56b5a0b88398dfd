"""The life-table type: validation at the boundary, selection and pooling."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from survival.errors import FragileEstimateWarning, SurvivalDataError, shown
from survival.io.limits import FOLLOW_UP_YEARS
from survival.io.names import check_group_names
from survival.tables.lifetable_checks import (
    COUNT_COLUMNS,
    INTERVAL_COLUMNS,
    MAX_COUNT,
    MIN_EXPECTED,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    ROW,
    check_groups,
    check_rows,
    check_sequence,
    parse_numbers,
)

__all__ = [
    "COUNT_COLUMNS",
    "INTERVAL_COLUMNS",
    "MAX_COUNT",
    "MIN_EXPECTED",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "ROW",
    "LifeTable",
    "combine_labels",
    "group_keys",
    "group_mask",
    "lifetable_from_frame",
    "only_group",
    "pool_frame",
    "resolve_columns",
    "warn_if_fragile",
]


@dataclass(frozen=True, eq=False)
class LifeTable:
    """A validated life table: counts per group and interval.

    Attributes
    ----------
    frame : DataFrame
        Group columns (strings), ``interval_start`` and ``interval_end``
        (years since diagnosis), ``alive`` (at the start), ``died``,
        ``lost`` (lost to follow-up or withdrawn alive), and, when known,
        ``expected`` (expected interval survival of comparable people in the
        general population, a proportion). Sorted by group, then interval.
    group_columns : tuple of str
        The grouping columns, in order.
    source : str
        Where the table came from, for messages and provenance.
    """

    frame: pd.DataFrame
    group_columns: tuple[str, ...]
    source: str = ""

    @property
    def has_expected(self) -> bool:
        """Whether expected survival is known, so relative survival can be estimated."""
        return "expected" in self.frame.columns

    def groups(self) -> list[tuple]:
        """The distinct groups, as tuples of labels in ``group_columns`` order."""
        return group_keys(self.frame, self.group_columns)

    def levels(self, column: str) -> list[str]:
        """The distinct values of one group column, in table order."""
        return list(dict.fromkeys(self.frame[column]))

    def select(self, **criteria: str) -> "LifeTable":
        """Rows whose group columns equal the given labels, e.g. ``select(stage="Distant")``."""
        mask = np.ones(len(self.frame), dtype=bool)
        for column, value in criteria.items():
            if column not in self.group_columns:
                raise KeyError(f"{column!r} is not a group column; choose from {self.group_columns}.")
            mask &= (self.frame[column] == value).to_numpy()
        return LifeTable(self.frame[mask].reset_index(drop=True), self.group_columns, self.source)

    def pool(self, keep: Sequence[str] = ()) -> "LifeTable":
        """Pool over every group column not in ``keep``.

        Counts add. Expected interval survival becomes the average over the
        people alive at the start of the interval (Ederer II weighting). The
        pooled table is validated like any other; groups with different
        interval grids cannot be pooled.
        """
        keep = tuple(keep)
        unknown = [c for c in keep if c not in self.group_columns]
        if unknown:
            raise KeyError(f"Unknown group columns {unknown}; choose from {self.group_columns}.")
        pooled = pool_frame(self.frame, keep)
        try:
            return lifetable_from_frame(pooled, keep, source=self.source)
        except SurvivalDataError as err:
            dropped = [c for c in self.group_columns if c not in keep]
            raise SurvivalDataError(
                f"The groups cannot be pooled over {', '.join(dropped)}: once added up, the table "
                f"breaks a rule ({err.what[0].lower()}{err.what[1:]})",
                self.source,
                "pool only groups that share the same intervals, and whose tables run until "
                "everyone has died or been lost to follow-up",
            ) from None

    def with_groups(self, frame: pd.DataFrame, group_columns: Sequence[str]) -> "LifeTable":
        """A table over the same source with re-labelled groups (already valid counts)."""
        return LifeTable(frame, tuple(group_columns), self.source)


def resolve_columns(group_columns: Sequence[str], names: Sequence[str], source: str = "") -> list[str]:
    """Match ``names`` to group columns without regard to case, each once, in the order given."""
    lower = {c.lower(): c for c in group_columns}
    missing = [n for n in names if n.lower() not in lower]
    if missing:
        raise SurvivalDataError(
            f"There is no group column '{shown(missing[0])}'",
            source or "the group columns",
            "choose from: " + (_listing([str(c) for c in group_columns], 10) or "(the table has no groups)"),
        )
    return list(dict.fromkeys(lower[n.lower()] for n in names))


def only_group(groups: list[tuple], group: tuple | None, what: str = "table") -> tuple:
    """``group`` as a tuple; with ``None``, the only one of ``groups`` (KeyError if there are several)."""
    if group is None:
        if len(groups) != 1:
            raise KeyError(f"The {what} has {len(groups)} groups; name one of {groups[:5]}.")
        return tuple(groups[0])
    return tuple(group)


def group_keys(frame: pd.DataFrame, columns: Sequence[str]) -> list[tuple]:
    """The distinct groups of ``frame`` in order of appearance; ``[()]`` without group columns."""
    if not columns:
        return [()]
    keys = frame[list(columns)].drop_duplicates()
    return [tuple(r) for r in keys.itertuples(index=False)]


def group_mask(frame: pd.DataFrame, columns: Sequence[str], group: tuple) -> np.ndarray:
    """Rows of ``frame`` belonging to ``group`` (one label per column); KeyError if none."""
    group = tuple(group)
    if len(group) != len(columns):
        raise KeyError(f"Give one label for each of {tuple(columns)} (got {group}).")
    mask = np.ones(len(frame), dtype=bool)
    for column, value in zip(columns, group):
        mask &= (frame[column] == value).to_numpy()
    if not mask.any():
        raise KeyError(f"No group {group} in this table.")
    return mask


def pool_frame(frame: pd.DataFrame, keep: Sequence[str]) -> pd.DataFrame:
    """Sum counts over groups not in ``keep``; alive-weighted mean of ``expected``."""
    keys = list(keep) + list(INTERVAL_COLUMNS)
    work = frame[keys + list(COUNT_COLUMNS)].copy()
    has_expected = "expected" in frame.columns
    if has_expected:
        work["_weighted"] = frame["alive"] * frame["expected"]
    out = work.groupby(keys, sort=False, observed=True).sum().reset_index()
    if has_expected:
        out["expected"] = out.pop("_weighted") / out["alive"]
    order = out.groupby(list(keep), sort=False).ngroup() if keep else 0
    out = out.assign(_order=order).sort_values(["_order", "interval_start"], kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)


def lifetable_from_frame(
    frame: pd.DataFrame,
    group_columns: Sequence[str] | None = None,
    source: str = "table",
) -> LifeTable:
    """Validate a frame of life-table counts and return a :class:`LifeTable`.

    Parameters
    ----------
    frame : DataFrame
        Columns ``interval_start``, ``interval_end``, ``alive``, ``died``,
        ``lost``, optionally ``expected``, plus group columns. An optional
        ``_row`` column gives each row's position in the source for messages.
    group_columns : sequence of str, optional
        Default: every other column.
    source : str
        A name for messages.

    Raises
    ------
    SurvivalDataError
        Saying what is wrong, where (row, column) and how to fix it: a group
        column named like an output column (see :mod:`survival.io.names`),
        numbers that are not numbers or out of bounds, a row that breaks a rule
        (the first such row is named), intervals that do not follow on or
        counts that do not continue.
    """
    if len(frame) == 0:
        raise SurvivalDataError(
            "The life table has no rows",
            source,
            "add one row per group and interval under the header",
        )
    frame = frame.copy()
    if ROW not in frame.columns:
        frame[ROW] = np.arange(1, len(frame) + 1)
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise SurvivalDataError(
            f"The life table has no column {', '.join(repr(c) for c in missing)}",
            source,
            "name the columns interval_start, interval_end, alive, died, lost "
            "(and optionally expected), plus any group columns",
        )
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS) | {ROW}
    if group_columns is None:
        group_columns = [c for c in frame.columns if c not in known]
    group_columns = tuple(group_columns)
    check_group_names(group_columns, source, frame.columns)
    check_groups(frame, group_columns, source)
    parse_numbers(frame, source)
    check_rows(frame, source)
    order = frame.groupby(list(group_columns), sort=False).ngroup() if group_columns else 0
    frame = frame.assign(_order=order).sort_values(["_order", "interval_start"], kind="stable")
    frame = frame.drop(columns="_order").reset_index(drop=True)
    check_sequence(frame, group_columns, source)
    columns = list(group_columns) + list(REQUIRED_COLUMNS)
    columns += [c for c in OPTIONAL_COLUMNS if c in frame.columns]
    return LifeTable(frame[columns].reset_index(drop=True), group_columns, source)


def combine_labels(values: Iterable[str]) -> str:
    """Join group labels for display: ``("Distant", "65+") -> "Distant, 65+"``."""
    return ", ".join(str(v) for v in values)


FEW_AT_RISK = 10


def warn_if_fragile(table: LifeTable, few: int = FEW_AT_RISK) -> None:
    """Warn (:class:`FragileEstimateWarning`) where the table is valid but its estimates fragile.

    Three cases: groups with no deaths at all (survival stays at 100%),
    intervals that start with fewer than ``few`` people alive, and intervals
    that end more than :data:`~survival.io.limits.FOLLOW_UP_YEARS` years after
    diagnosis (times in months or days read as years).
    """
    frame = table.frame
    keys = list(table.group_columns)
    names = [combine_labels(g) or "the table" for g in table.groups()]
    codes = frame.groupby(keys, sort=False).ngroup().to_numpy() if keys else np.zeros(len(frame), int)
    deaths = np.bincount(codes, weights=frame["died"].to_numpy(), minlength=len(names))
    no_deaths = [n for n, d in zip(names, deaths) if d == 0]
    if no_deaths:
        warnings.warn(
            FragileEstimateWarning(
                f"No deaths are recorded in {_listing(no_deaths)}: survival stays at 100% there, "
                "which says little when few people were followed for long"
            ),
            stacklevel=3,
        )
    small = frame["alive"].to_numpy() < few
    if small.any():
        groups = sorted(set(codes[small]))
        warnings.warn(
            FragileEstimateWarning(
                f"Fewer than {few} people were alive at the start of {int(small.sum())} interval(s), in "
                f"{_listing([names[g] for g in groups])}: estimates there are very uncertain"
            ),
            stacklevel=3,
        )
    longest = float(frame["interval_end"].max())
    if longest > FOLLOW_UP_YEARS:
        warnings.warn(
            FragileEstimateWarning(
                f"The last interval ends {longest:g} years after diagnosis, more than anyone is followed "
                f"({FOLLOW_UP_YEARS} years): interval_start and interval_end are in years; these look like "
                "months or days"
            ),
            stacklevel=3,
        )


def _listing(items: list[str], most: int = 5) -> str:
    listed = ", ".join(shown(item) for item in items[:most])
    return listed + (f" and {len(items) - most} more" if len(items) > most else "")
