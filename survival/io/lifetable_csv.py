"""Reading a life table from a tidy CSV file."""

from __future__ import annotations

from typing import Sequence

from survival.errors import SurvivalDataError
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


def read_lifetable_csv(source, *, group_columns: Sequence[str] | None = None,
                       name: str | None = None, by: Sequence[str] | None = None) -> LifeTable:
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
    if group_columns is not None:
        group_columns = [lower.get(c.lower(), c) for c in group_columns]
        absent = [c for c in group_columns if c not in frame.columns]
        if absent:
            raise SurvivalDataError(f"The file has no group column '{absent[0]}'", name,
                                    "choose group columns from the header")
    table = lifetable_from_frame(frame, group_columns, source=name)
    if by is not None:
        table = table.pool(resolve_columns(table.group_columns, by, name))
    warn_if_fragile(table)
    return table
