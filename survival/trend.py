"""How survival changed with the year of diagnosis, and where a reader's figure comes from."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from survival.actuarial import actuarial
from survival.datasets import Dataset
from survival.wording import out_of_100

MEASURES = ("observed", "relative")


def single_year_trend(dataset: Dataset, stage: str, age: str, years: int = 5) -> pd.DataFrame:
    """Survival ``years`` after diagnosis by single year of diagnosis (from the trend table).

    Columns: year, diagnosed, and for each measure its value, ``_low`` and ``_high``.
    Years without complete follow-up are absent.
    """
    t = dataset.trend
    rows = t[(t["stage"] == stage) & (t["age"] == age) & (t["years"] == years)]
    rows = rows[rows["observed"].notna()]
    return rows.drop(columns=["stage", "age", "years"]).reset_index(drop=True)


def period_trend(dataset: Dataset, stage: str, age: str, years: int = 5) -> pd.DataFrame:
    """Survival ``years`` after diagnosis for each five-year period, from its pooled life table.

    Columns: period, and for each measure its value, ``_low`` and ``_high``;
    periods whose follow-up is too short for ``years`` are left out.
    """
    periods = dataset.period_labels("period")
    table = dataset.lifetables
    frame = table.frame
    rows = frame[(frame["stage"] == stage) & (frame["age"] == age) & frame["period"].isin(periods)]
    est = actuarial(table.with_groups(rows.reset_index(drop=True), table.group_columns)).to_frame()
    at = est[(est["interval_end"] == years) & est["observed"].notna()]
    columns = [f"{m}{s}" for m in MEASURES for s in ("", "_low", "_high")]
    return at[["period"] + columns].reset_index(drop=True)


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


def locate_figure(trend: pd.DataFrame, figure: float) -> FigureMatch:
    """Find the diagnosis years whose survival gives ``figure`` (a proportion, e.g. 0.22).

    Relative survival is searched first (published figures such as "22%" are
    usually relative survival); observed survival when relative never matches.
    """
    target = out_of_100(figure)
    for measure in MEASURES[::-1]:
        values = trend[measure].to_numpy()
        hits = trend["year"].to_numpy()[[out_of_100(v) == target for v in values]]
        if hits.size:
            break
    else:
        measure = "relative"
    values = trend[measure].to_numpy()
    distance = np.abs(np.array([out_of_100(v) for v in values]) - target)
    closest = trend["year"].to_numpy()[distance == distance.min()] if len(values) else np.array([])
    latest = trend.iloc[-1] if len(trend) else None
    return FigureMatch(
        figure=figure, measure=measure, years=tuple(int(y) for y in hits) if hits.size else (),
        closest=tuple(int(y) for y in closest),
        closest_value=float(values[distance.argmin()]) if len(values) else float("nan"),
        latest_year=int(latest["year"]) if latest is not None else None,
        latest_value=float(latest[measure]) if latest is not None else float("nan"),
    )
