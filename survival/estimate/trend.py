"""How survival changed with the year of diagnosis, and where a reader's figure comes from."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from survival.datasets.dataset import Dataset, Selection
from survival.datasets.description import PERIOD
from survival.estimate.actuarial import actuarial
from survival.words.wording import percent_half_up

MEASURES = ("observed", "relative")


def _variables(dataset: Dataset, selection: Selection) -> dict[str, str]:
    """The selection's labels other than the period."""
    return {name: label for name, label in selection.labels if name != PERIOD}


def single_year_trend(dataset: Dataset, selection: Selection, years: int = 5) -> pd.DataFrame:
    """Survival ``years`` after diagnosis by single year of diagnosis (from the trend table).

    The selection's labels other than the period choose the rows. Columns:
    year, diagnosed, and for each measure its value, ``_low`` and ``_high``.
    Years without complete follow-up are absent; an empty table for a dataset
    without years of diagnosis.
    """
    t = dataset.trend
    if t.empty:
        return pd.DataFrame(columns=["year", "diagnosed", *_measure_columns()])
    mask = t["years"] == years
    for name, label in _variables(dataset, selection).items():
        mask &= t[name] == label
    rows = t[mask & t["observed"].notna()]
    keep = ["year", "diagnosed"] + [c for c in rows.columns if c.startswith(MEASURES)]
    return rows[keep].reset_index(drop=True)


def _measure_columns() -> list[str]:
    return [f"{m}{s}" for m in MEASURES for s in ("", "_low", "_high")]


def period_trend(dataset: Dataset, selection: Selection, years: int = 5) -> pd.DataFrame:
    """Survival ``years`` after diagnosis for each multi-year period, from its pooled life table.

    Columns: period, and for each measure its value, ``_low`` and ``_high``;
    periods whose follow-up is too short for ``years`` are left out.
    """
    periods = dataset.period_labels("period")
    table = dataset.lifetables
    frame = table.frame
    if not periods:
        return pd.DataFrame(columns=[PERIOD, *_measure_columns()])
    mask = frame[PERIOD].isin(periods).to_numpy()
    for name, label in _variables(dataset, selection).items():
        mask &= (frame[name] == label).to_numpy()
    rows = frame[mask].reset_index(drop=True)
    est = actuarial(table.with_groups(rows, table.group_columns)).to_frame()
    at = est[(est["interval_end"] == years) & est["observed"].notna()]
    return at[[PERIOD] + _measure_columns()].reset_index(drop=True)


@dataclass(frozen=True)
class FigureMatch:
    """Where a figure a reader brings (e.g. 22% at 5 years) appears in the data.

    ``years`` are the single years of diagnosis whose ``measure`` rounds to
    the figure; when none does, ``closest`` holds the nearest ones.
    """

    figure: float
    measure: str
    years: tuple[int, ...]
    closest: tuple[int, ...]
    closest_value: float
    latest_year: int | None
    latest_value: float


def years_matching(table: pd.DataFrame, value: str, figure: float) -> list[int]:
    """Years whose ``value`` rounds (half up, to a whole percent) to the same percent as ``figure``."""
    same = percent_half_up(table[value]) == percent_half_up(figure)[()]
    return [int(y) for y in table.loc[np.asarray(same), "year"]]


def closest_years(table: pd.DataFrame, value: str, figure: float) -> list[int]:
    """The year(s) whose ``value`` is nearest to ``figure`` (several on a tie; none if no values)."""
    data = table.dropna(subset=[value])
    if data.empty:
        return []
    distance = (data[value] - figure).abs()
    return [int(y) for y in data.loc[distance <= distance.min() + 1e-12, "year"]]


def locate_figure(trend: pd.DataFrame, figure: float) -> FigureMatch:
    """Find the diagnosis years whose survival gives ``figure`` (a proportion, e.g. 0.22).

    ``trend`` is a :func:`single_year_trend` table. Relative survival is
    searched first (published figures such as "22%" are usually relative
    survival); observed survival when relative never matches.

    Parameters
    ----------
    trend : DataFrame
        Survival by single year of diagnosis, from :func:`single_year_trend`.
    figure : float
        The figure as a proportion; years match when their value rounds
        (half up) to the same whole percent.

    Returns
    -------
    FigureMatch
        The matching years (or the closest), and the latest year's value.
    """
    measure = next((m for m in ("relative", "observed") if years_matching(trend, m, figure)), "relative")
    years = years_matching(trend, measure, figure)
    closest = closest_years(trend, measure, figure)
    values = trend.set_index("year")[measure]
    latest = trend.dropna(subset=[measure]).iloc[-1] if trend[measure].notna().any() else None
    return FigureMatch(
        figure=figure,
        measure=measure,
        years=tuple(years),
        closest=tuple(closest),
        closest_value=float(values[closest[0]]) if closest else float("nan"),
        latest_year=int(latest["year"]) if latest is not None else None,
        latest_value=float(latest[measure]) if latest is not None else float("nan"),
    )
