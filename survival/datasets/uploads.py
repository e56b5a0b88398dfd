"""A reader's own table as a dataset, so every page and command can work on it.

:func:`dataset_from_table` turns a validated life table (read from a
SEER*Stat export, a life-table CSV, or counted from one row per person) into
a :class:`~survival.datasets.dataset.Dataset`: each group column becomes a
variable with its labels in the file's order, plus "All" (everyone pooled)
where the groups share their intervals. A column whose labels are all years
of diagnosis (named like "year") becomes the period of diagnosis, pooled
into five-year periods and single years as the bundled data are, with a
trend by year. A column named like "stage" is the stage, its labels shown
as the file has them.
"""

from __future__ import annotations

import re

from survival.datasets.dataset import Dataset
from survival.datasets.derive import YEAR, derive_tables, ordered, with_totals
from survival.datasets.description import PERIOD, UPLOAD, Description, Staging, Variable
from survival.errors import SurvivalDataError
from survival.tables.lifetable import LifeTable

TOTAL = "All"
OWN_PERIOD = "period (in the file)"
YEAR_LABEL = re.compile(r"^(19|20)\d\d$")


def year_column(table: LifeTable) -> str | None:
    """The group column holding single years of diagnosis, if there is one."""
    for column in table.group_columns:
        labels = table.levels(column)
        if "year" in column.lower() and all(YEAR_LABEL.match(str(label)) for label in labels):
            return column
    return None


def dataset_from_table(table: LifeTable, name: str, *, all_years: bool = False) -> Dataset:
    """A dataset of one's own from a validated life table.

    Parameters
    ----------
    table : LifeTable
        Counts per group and interval, with or without expected survival.
    name : str
        The file's name, for the title.
    all_years : bool
        Add the whole span of years of diagnosis as one more period, after the
        five-year ones (when there is more than one).

    Returns
    -------
    Dataset
        Kind "your own data"; periods and a trend when a column holds years
        of diagnosis.
    """
    if PERIOD in table.group_columns:  # the name the dataset's period of diagnosis takes
        renamed = tuple(OWN_PERIOD if c == PERIOD else c for c in table.group_columns)
        table = LifeTable(table.frame.rename(columns={PERIOD: OWN_PERIOD}), renamed, table.source)
    year = year_column(table)
    columns = [c for c in table.group_columns if c != year]
    variables = tuple(_variable(table, c, year) for c in columns)
    stage = next((c for c in columns if "stage" in c.lower()), None)
    frame = table.frame.rename(columns={year: YEAR}) if year else table.frame
    years = sorted(int(y) for y in frame[YEAR].unique()) if year else []
    description = Description(
        id=f"upload:{name}",
        title=f"Your data: {name}",
        site="your data",
        cancer="cancer",
        sex="both",
        kind=UPLOAD,
        citation=f"Uploaded file {name}",
        variables=variables,
        staging=Staging(stage, "as written in your file") if stage else None,
        first_year=years[0] if years else None,
        last_year=years[-1] if years else None,
        periods=_periods(years, all_years),
    )
    source = LifeTable(frame, tuple(columns + ([YEAR] if year else [])), table.source)
    provenance = {"dataset": description.id, "title": description.title, "source": table.source}
    if year:
        derived = derive_tables(source, description)
        lifetables = LifeTable(derived.lifetables, tuple(columns) + ("period",), table.source)
        return Dataset(description, lifetables, derived.periods, derived.trend, provenance)
    pooled = ordered(with_totals(source.frame, description, None), description, columns + ["interval_start"])
    return Dataset(description, LifeTable(pooled, tuple(columns), table.source), provenance=provenance)


def _variable(table: LifeTable, column: str, year: str | None) -> Variable:
    """The column as a variable: its labels in order, and "All" where pooling over it is valid."""
    labels = tuple(table.levels(column))
    keep = [c for c in table.group_columns if c != column]
    try:
        table.pool(keep)
        total = TOTAL if len(labels) > 1 else None
    except (SurvivalDataError, KeyError):
        total = None
    levels = labels + ((total,) if total else ())
    noun = column.replace("_", " ")
    plain = {TOTAL: f"in every {noun} group"} if total else {}
    return Variable(name=column, title=column, levels=levels, total=total, noun=noun, plain=plain)


def _periods(years: list[int], all_years: bool = False) -> tuple[tuple[int, int], ...]:
    """Five-year periods from the first year of diagnosis, the last one cut at the last year;
    with ``all_years``, then the whole span when there is more than one."""
    if len(years) < 2:
        return ()
    spans = tuple((y, min(y + 4, years[-1])) for y in range(years[0], years[-1] + 1, 5))
    return spans + ((years[0], years[-1]),) if all_years and len(spans) > 1 else spans
