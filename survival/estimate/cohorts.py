"""Life tables by single year of diagnosis: which intervals are complete, and when follow-up ends.

Period analysis (:mod:`survival.estimate.period`) and the joinpoint survival
model (:mod:`survival.estimate.joinpoint`) both start from yearly cohort life
tables: one group per year of diagnosis ``y``, yearly intervals ``k = 1, 2, ...``
(``interval_start = k - 1``, ``interval_end = k`` years since diagnosis).

Complete intervals
------------------
Interval ``k`` of the cohort diagnosed in year ``y`` runs from ``y + k - 1``
(for someone diagnosed on 1 January) to the end of ``y + k`` (for someone
diagnosed on 31 December). It is *complete* when every member of the cohort
could have been followed through it, i.e. when ``y + k <= L``, the last
calendar year of follow-up. SEER*Stat leaves exactly these intervals blank:
in the bundled breast export every row with ``y + k > 2013`` is blank (each
cohort's last row, where everyone still alive is withdrawn at the cut-off),
so the export behaves as follow-up to the end of 2013, although its
dictionary says ``StudyCutoffDate=12/2014`` (the 2013 cohort has no complete
interval; see ``docs/period-and-joinpoint.md``).

``L`` is read from the data by :func:`last_follow_up_year`: the latest
``y + k`` over rows in which not everyone still alive was withdrawn (the rows
SEER*Stat does estimate). A row in which everyone still alive was withdrawn
*before* ``L`` (a few tiny groups lose their last patients to follow-up) is
ordinary censoring and counts as complete.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError
from survival.tables.lifetable import LifeTable, pool_frame

YEAR = "year"
_YEAR_LABEL = re.compile(r"^\d{4}$")


def cohort_years(table: LifeTable, year_column: str = YEAR) -> np.ndarray:
    """Each row's year of diagnosis as an integer array, after checking the table is yearly.

    Raises
    ------
    SurvivalDataError
        When ``year_column`` is not a group column, a label is not a year, or
        an interval is not one whole year.
    """
    if year_column not in table.group_columns:
        raise SurvivalDataError(
            f"The table has no group column '{year_column}' for the year of diagnosis",
            table.source or "the life table",
            "give one group per single year of diagnosis, e.g. a column 'year' with 1975, 1976, ...",
        )
    labels = table.frame[year_column].astype(str).str.strip()
    bad = ~labels.str.match(_YEAR_LABEL)
    if bad.any():
        raise SurvivalDataError(
            f"'{labels[bad].iloc[0]}' is not a single year of diagnosis",
            f"{table.source or 'the life table'}, column '{year_column}'",
            "keep only single years of diagnosis (e.g. 2004), not periods such as 2000-2004",
        )
    start = table.frame["interval_start"].to_numpy(dtype=float)
    end = table.frame["interval_end"].to_numpy(dtype=float)
    if np.any(end - start != 1) or np.any(start != np.round(start)):
        i = int(np.flatnonzero((end - start != 1) | (start != np.round(start)))[0])
        raise SurvivalDataError(
            f"The interval {start[i]:g}-{end[i]:g} is not one whole year since diagnosis",
            f"{table.source or 'the life table'}, row {i + 1}",
            "use yearly intervals 0-1, 1-2, 2-3, ... (period and trend analyses count in years)",
        )
    return labels.astype(int).to_numpy()


def last_follow_up_year(table: LifeTable, year_column: str = YEAR) -> int:
    """The last calendar year of follow-up ``L``, read from the data (see the module notes).

    ``L`` is the largest ``year + interval_end`` over the intervals of a year of
    diagnosis (all its groups pooled) in which not everyone still alive at the
    end was withdrawn: 2013 for the bundled breast export, 2003 for the
    prostate table, 1995 for the Finnish teaching sets.
    """
    cohort_years(table, year_column)  # checks the table is yearly
    # Every group of a year pooled: in a small group everyone left may die in an interval that
    # follow-up did not cover, which would look complete on its own.
    frame = pool_frame(table.frame, [year_column])
    years = frame[year_column].astype(str).str.strip().astype(int).to_numpy()
    left = (frame["alive"] - frame["died"] - frame["lost"]).to_numpy()
    estimable = (left > 0) | (frame["lost"].to_numpy() == 0)
    if not estimable.any():
        raise SurvivalDataError(
            "No interval of this table is complete: in every row everyone still alive was "
            "withdrawn, so the end of follow-up cannot be read from it",
            table.source or "the life table",
            "add the earlier years of diagnosis",
        )
    ends = years + frame["interval_end"].to_numpy(dtype=float).astype(int)
    return int(ends[estimable].max())


def complete_mask(table: LifeTable, last_year: int, year_column: str = YEAR) -> np.ndarray:
    """Rows whose interval is complete: ``year + interval_end <= last_year``."""
    years = cohort_years(table, year_column)
    return years + table.frame["interval_end"].to_numpy(dtype=float).astype(int) <= last_year


def single_year_table(table: LifeTable, period_column: str = "period", year_column: str = YEAR) -> LifeTable:
    """The single-year groups of a table grouped by period of diagnosis, with a year column.

    The bundled data sets group by ``period``, whose labels are five-year
    spans ("2000-2004") and single years ("2004"); this keeps the single years
    and renames the column, so ``("stage", "age", "period")`` becomes
    ``("stage", "age", "year")``. The counts are the source's, unchanged.
    """
    if period_column not in table.group_columns:
        raise SurvivalDataError(
            f"The table has no group column '{period_column}'",
            table.source or "the life table",
            f"choose one of its group columns: {', '.join(table.group_columns)}",
        )
    frame = table.frame
    single = frame[period_column].astype(str).str.match(_YEAR_LABEL).to_numpy()
    if not single.any():
        raise SurvivalDataError(
            "The table has no single years of diagnosis",
            table.source or "the life table",
            "use a table with one group per year of diagnosis",
        )
    out = frame[single].rename(columns={period_column: year_column}).reset_index(drop=True)
    groups = tuple(year_column if c == period_column else c for c in table.group_columns)
    return LifeTable(out, groups, table.source)


def year_span(years) -> str:
    """``(1975, 1979) -> "1975-1979"``; one year is just the year."""
    first, last = int(min(years)), int(max(years))
    return str(first) if first == last else f"{first}-{last}"


def group_labels(frame: pd.DataFrame, columns) -> list[tuple]:
    """Distinct groups of ``frame`` in order of appearance (``[()]`` without columns)."""
    if not columns:
        return [()]
    return [tuple(r) for r in frame[list(columns)].drop_duplicates().itertuples(index=False)]
