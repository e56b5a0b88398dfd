"""Reading a life table from a tidy CSV file."""

from __future__ import annotations

import warnings
from typing import Sequence

from survival.csvinput import read_csv_cells
from survival.errors import FragileEstimateWarning, SurvivalDataError
from survival.tables import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, ROW, LifeTable, lifetable_from_frame


def read_lifetable_csv(source, *, group_columns: Sequence[str] | None = None,
                       name: str | None = None) -> LifeTable:
    """Read a life-table CSV: one row per group and interval.

    Columns ``interval_start``, ``interval_end`` (years since diagnosis),
    ``alive`` (at the start of the interval), ``died``, ``lost`` (lost to
    follow-up or withdrawn alive), optionally ``expected`` (expected interval
    survival, a proportion), plus any group columns. Column names are matched
    without regard to case.

    Parameters
    ----------
    source : path, bytes or binary file-like
        The CSV (uploads stay in memory).
    group_columns : sequence of str, optional
        Default: every column that is not one of the above.
    name : str, optional
        Display name for messages.
    """
    frame, name = read_csv_cells(source, name)
    lower = {c.lower(): c for c in frame.columns}
    renames = {lower[c]: c for c in REQUIRED_COLUMNS + OPTIONAL_COLUMNS if c in lower}
    frame = frame.rename(columns=renames)
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        has = ", ".join(repr(c) for c in frame.columns if c != ROW)
        raise SurvivalDataError(
            f"The life table has no column {', '.join(repr(c) for c in missing)}",
            f"{name}, header row (the file has: {has})",
            "name the columns interval_start, interval_end, alive, died, lost "
            "(and optionally expected), plus any group columns; for one row per person, "
            "read the file as individual rows instead",
        )
    if group_columns is not None:
        group_columns = [lower.get(c.lower(), c) for c in group_columns]
        absent = [c for c in group_columns if c not in frame.columns]
        if absent:
            raise SurvivalDataError(f"The file has no group column {absent[0]!r}", name,
                                    "choose group columns from the header")
    table = lifetable_from_frame(frame, group_columns, source=name)
    warn_if_fragile(table)
    return table


def warn_if_fragile(table: LifeTable, few: int = 10) -> None:
    """Warn (``FragileEstimateWarning``) about groups with no deaths or few people."""
    frame = table.frame
    keys = list(table.group_columns)
    grouped = frame.groupby(keys, sort=False) if keys else frame.groupby(lambda _: "")
    stats = grouped.agg(first_alive=("alive", "first"), deaths=("died", "sum"))
    names = [", ".join(map(str, k)) if isinstance(k, tuple) else str(k) or "the table"
             for k in stats.index]
    no_deaths = [n for n, d in zip(names, stats["deaths"]) if d == 0]
    if no_deaths:
        warnings.warn(FragileEstimateWarning(
            f"No deaths are recorded in {_listing(no_deaths)}: survival stays at 100% there, "
            "which says little when few people were followed for long"), stacklevel=3)
    small = [f"{n} ({a})" for n, a in zip(names, stats["first_alive"]) if a < few]
    if small:
        warnings.warn(FragileEstimateWarning(
            f"Fewer than {few} people at the start in {_listing(small)}: their estimates are "
            "very uncertain"), stacklevel=3)


def _listing(items: list[str], most: int = 5) -> str:
    shown = ", ".join(items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")
