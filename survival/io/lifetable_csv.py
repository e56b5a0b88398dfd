"""Reading a life table from a tidy CSV file."""

from __future__ import annotations

from typing import Sequence

from survival.errors import SurvivalDataError, shown
from survival.io.csv_cells import quoted_list, read_csv_cells
from survival.tables.lifetable import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    ROW,
    LifeTable,
    lifetable_from_frame,
    resolve_columns,
    warn_if_fragile,
)


def read_lifetable_csv(
    source,
    *,
    group_columns: Sequence[str] | None = None,
    name: str | None = None,
    by: Sequence[str] | None = None,
) -> LifeTable:
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
    by : sequence of str, optional
        Keep these group columns and pool over the others.

    Raises
    ------
    SurvivalDataError
        For a file that is not a valid life table, and for one that also has
        the columns of individual rows (``duration`` and ``event``) when
        ``group_columns`` does not say which columns are groups: such a file is
        ambiguous, and those columns would otherwise be read as groups (see
        :func:`refuse_mixed_kinds`).

    Warns
    -----
    FragileEstimateWarning
        Where the numbers are valid but the estimates fragile (see
        :func:`survival.tables.warn_if_fragile`).
    """
    frame, name = read_csv_cells(source, name)
    lower = {c.lower(): c for c in frame.columns}
    renames = {lower[c]: c for c in REQUIRED_COLUMNS + OPTIONAL_COLUMNS if c in lower}
    frame = frame.rename(columns=renames)
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        has = quoted_list(c for c in frame.columns if c != ROW)
        raise SurvivalDataError(
            f"The life table has no column {', '.join(repr(c) for c in missing)}",
            f"{name}, header row (the file has: {has})",
            "name the columns interval_start, interval_end, alive, died, lost "
            "(and optionally expected), plus any group columns; for one row per person, "
            "read the file as individual rows instead",
        )
    table = lifetable_from_frame(frame, _group_columns(frame, lower, group_columns, name), source=name)
    if by is not None:
        table = table.pool(resolve_columns(table.group_columns, by, name))
    warn_if_fragile(table)
    return table


def _group_columns(frame, lower: dict, group_columns: Sequence[str] | None, name: str) -> list[str] | None:
    """The group columns asked for, as the header spells them; without any, the file must be one kind."""
    if group_columns is None:
        refuse_mixed_kinds(frame.columns, name)
        return None
    group_columns = [lower.get(c.lower(), c) for c in group_columns]
    absent = [c for c in group_columns if c not in frame.columns]
    if absent:
        raise SurvivalDataError(
            f"The file has no group column '{shown(absent[0])}'", name, "choose group columns from the header"
        )
    return group_columns


#: The life-table columns by which a header is recognised.
LIFETABLE_SIGNATURE = ("interval_start", "interval_end", "alive")


def refuse_mixed_kinds(columns, name: str, duration: str = "duration", event: str = "event") -> None:
    """Refuse a header with both a life table's columns and the duration and event columns of
    individual rows: which kind the file is cannot be told, and either reading would drop data.

    Raises
    ------
    SurvivalDataError
        Naming the columns of both kinds and how to keep one.
    """
    lower = {str(c).strip().lower(): str(c) for c in columns}
    if not set(LIFETABLE_SIGNATURE) <= set(lower):
        return
    if duration.lower() in lower and event.lower() in lower:
        found = quoted_list([lower[duration.lower()], lower[event.lower()]])
        raise SurvivalDataError(
            "The file has the columns of a life table (interval_start, interval_end, alive) and also "
            f"{found}, the columns of individual rows (one per person), so it is unclear which it is",
            f"{name}, header row",
            f"remove {found} to read it as a life table, or remove interval_start, interval_end, alive, "
            "died and lost to read it as individual rows",
        )
