"""Deriving a dataset's tables from life tables by single year of diagnosis, the same way for every dataset.

The input is a validated life table grouped by the description's variables
and ``year`` (single years of diagnosis). :func:`derive_tables` pools it into

* ``lifetables``: every combination of variable labels (and each variable's
  total, when the description gives one) x period of diagnosis (the
  description's multi-year periods, then each single year);
* ``trend``: 1-, 5- and 10-year observed and relative survival by variable
  labels and single year of diagnosis;
* ``periods``: each period's years and its years of complete follow-up.

Counts add when pooling; expected interval survival is averaged over the
people alive at the start of the interval (Ederer II), as SEER*Stat pools.
Bundled datasets are built with it (``survival-explorer build-data``), and so
is an upload that has a year-of-diagnosis column.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import pandas as pd

from survival.datasets.description import PERIOD, Description
from survival.estimate.actuarial import actuarial
from survival.tables.lifetable import COUNT_COLUMNS, INTERVAL_COLUMNS, LifeTable, pool_frame

YEAR = "year"
TREND_HORIZONS = (1, 5, 10)
MEASURES = ("observed", "relative")


@dataclass(frozen=True, eq=False)
class DerivedTables:
    """The three tables a dataset ships: life tables, trend and periods."""

    lifetables: pd.DataFrame
    trend: pd.DataFrame
    periods: pd.DataFrame

    def items(self) -> list[tuple[str, pd.DataFrame]]:
        """``(file name, table)`` pairs, in the order they are written."""
        return [("lifetables.csv", self.lifetables), ("trend.csv", self.trend), ("periods.csv", self.periods)]


def period_label(first: int, last: int) -> str:
    """``(1975, 1979) -> "1975-1979"``; a single year is just the year."""
    return str(first) if first == last else f"{first}-{last}"


def derive_tables(table: LifeTable, description: Description) -> DerivedTables:
    """Pool a life table by single year of diagnosis into a dataset's tables.

    Parameters
    ----------
    table : LifeTable
        Grouped by the description's variables, then ``year``.
    description : Description
        The variables (with their totals) and the multi-year periods.

    Returns
    -------
    DerivedTables
    """
    names = [v.name for v in description.variables]
    if list(table.group_columns) != names + [YEAR]:
        raise ValueError(f"The table must be grouped by {names + [YEAR]} (got {table.group_columns}).")
    return DerivedTables(
        derive_lifetables(table, description),
        derive_trend(table, description),
        derive_periods(table, description),
    )


def _spans(table: LifeTable, description: Description) -> list[tuple[int, int]]:
    years = sorted(int(y) for y in table.frame[YEAR].unique())
    return list(description.periods) + [(y, y) for y in years]


def with_totals(frame: pd.DataFrame, description: Description, last: str | None) -> pd.DataFrame:
    """``frame`` (grouped by the variables, then ``last`` if given) plus every pooling over variables
    with totals, each labelled with the variable's total."""
    names = [v.name for v in description.variables]
    tail = [last] if last else []
    totals = [v for v in description.variables if v.total is not None]
    parts = [frame]
    for k in range(1, len(totals) + 1):
        for pooled in combinations(totals, k):
            keep = [n for n in names if n not in {v.name for v in pooled}] + tail
            part = pool_frame(frame, keep).assign(**{v.name: v.total for v in pooled})
            parts.append(part)
    columns = names + tail + list(INTERVAL_COLUMNS) + list(COUNT_COLUMNS)
    columns += ["expected"] if "expected" in frame.columns else []
    return pd.concat(parts, ignore_index=True)[columns]


def ordered(frame: pd.DataFrame, description: Description, keys: list[str]) -> pd.DataFrame:
    """Rows in the dataset's order: each variable's levels, then the given order of the rest."""
    sort = frame.copy()
    for variable in description.variables:
        sort[variable.name] = pd.Categorical(
            sort[variable.name], categories=list(variable.levels), ordered=True
        )
    if PERIOD in sort:
        sort[PERIOD] = pd.Categorical(
            sort[PERIOD], categories=list(dict.fromkeys(frame[PERIOD])), ordered=True
        )
    index = sort.sort_values(keys, kind="stable").index
    return frame.loc[index].reset_index(drop=True)


def derive_lifetables(table: LifeTable, description: Description) -> pd.DataFrame:
    """Pool the single-year table into variables (with totals) x period tables."""
    names = [v.name for v in description.variables]
    frame = table.frame
    year = frame[YEAR].astype(int)
    parts = []
    for first, last in _spans(table, description):
        rows = frame[(year >= first) & (year <= last)].drop(columns=YEAR)
        rows = rows.assign(**{PERIOD: period_label(first, last)})
        parts.append(with_totals(pool_frame(rows, names + [PERIOD]), description, PERIOD))
    out = pd.concat(parts, ignore_index=True)
    return ordered(out, description, names + [PERIOD, "interval_start"])


def derive_trend(table: LifeTable, description: Description) -> pd.DataFrame:
    """1-, 5- and 10-year observed and relative survival by variable labels and year of diagnosis."""
    names = [v.name for v in description.variables]
    pooled = with_totals(table.frame, description, YEAR)
    pooled = pooled.sort_values(names + [YEAR, "interval_start"], kind="stable").reset_index(drop=True)
    est = actuarial(LifeTable(pooled, tuple(names + [YEAR]), table.source)).to_frame()
    first = est.groupby(names + [YEAR], sort=False, observed=True)["alive"].transform("first")
    est = est.assign(diagnosed=first)
    rows = est[est["interval_end"].isin(TREND_HORIZONS)].rename(columns={"interval_end": "years"})
    columns = (
        names
        + [YEAR, "years", "diagnosed"]
        + [f"{m}{s}" for m in MEASURES for s in ("", "_se", "_low", "_high")]
    )
    rows = rows.reindex(columns=columns).copy()
    rows[YEAR] = rows[YEAR].astype(int)
    return ordered(rows, description, names + [YEAR, "years"])


def derive_periods(table: LifeTable, description: Description) -> pd.DataFrame:
    """Each period's years and its years of complete follow-up.

    A year of diagnosis has complete follow-up up to the end of its last
    interval that could be estimated when all its cases are pooled; a period
    has the least of its years'.
    """
    by_year = LifeTable(pool_frame(table.frame, (YEAR,)), (YEAR,), table.source)
    est = actuarial(by_year).to_frame()
    years_all = sorted(est[YEAR].astype(int).unique())
    complete = est[est["observed"].notna()].groupby(YEAR)["interval_end"].max()
    complete.index = complete.index.astype(int)
    complete = complete.reindex(years_all, fill_value=0.0)
    rows = []
    for first, last in _spans(table, description):
        years = complete.loc[first:last]
        rows.append(
            {
                PERIOD: period_label(first, last),
                "first_year": first,
                "last_year": last,
                "kind": "single year" if first == last else "period",
                "complete_years": float(years.min()),
            }
        )
    return pd.DataFrame(rows)
