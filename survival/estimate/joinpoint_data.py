"""Input of the joinpoint survival model: one row per year of diagnosis and complete interval.

The model (:mod:`survival.estimate.joinpoint`) is fitted to grouped relative
survival data, as NCI's JPSurv: for cohort ``y`` and yearly interval ``j``,
``n`` alive at the start, ``d`` deaths, ``l`` withdrawn and ``E`` the expected
(population) interval survival; the effective number at risk is
``N = n - l/2`` and the survivors ``Y = N - d``.

Only complete intervals enter (``year + j <= L``, see
:mod:`survival.estimate.cohorts`). In the bundled breast export the 2013
cohort has none, so the fitted years are 1975-2012 and the last cohort
contributes its first year only. JPSurv's own default (``delLastIntvl =
FALSE``) keeps each cohort's last, incomplete row; its ``delLastIntvl = TRUE``
drops each cohort's last row whether or not it is complete. The rule here
drops exactly the incomplete ones; ``docs/period-and-joinpoint.md`` lists the
rows where the two differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError
from survival.estimate.cohorts import (
    YEAR,
    cohort_years,
    complete_mask,
    last_follow_up_year,
    single_year_table,
    year_span,
)
from survival.tables.lifetable import LifeTable, combine_labels


@dataclass(frozen=True, eq=False)
class JoinpointData:
    """Grouped relative-survival data for one group, by year of diagnosis and interval.

    Attributes
    ----------
    year, interval : ndarray of int
        Year of diagnosis and interval since diagnosis (1 = the first year).
    alive, died, lost : ndarray of float
        Alive at the start, deaths and withdrawals in the interval.
    expected : ndarray of float
        Expected interval survival of comparable people in the population.
    label : str
        What the rows are, e.g. ``"Localized, 45-65s"``.
    last_follow_up : int
        The last year of follow-up; every row's interval ends by it.
    dropped : int
        Rows left out because their interval was incomplete (or beyond ``max_interval``).
    """

    year: np.ndarray
    interval: np.ndarray
    alive: np.ndarray = field(repr=False)
    died: np.ndarray = field(repr=False)
    lost: np.ndarray = field(repr=False)
    expected: np.ndarray = field(repr=False)
    label: str = ""
    last_follow_up: int = 0
    dropped: int = 0

    def __post_init__(self) -> None:
        for name in ("year", "interval"):
            object.__setattr__(self, name, np.asarray(getattr(self, name), dtype=np.int64))
        for name in ("alive", "died", "lost", "expected"):
            object.__setattr__(self, name, np.asarray(getattr(self, name), dtype=float))
        for name in ("year", "interval", "alive", "died", "lost", "expected"):
            getattr(self, name).setflags(write=False)

    @property
    def at_risk(self) -> np.ndarray:
        """``N = alive - lost / 2``: withdrawals count half."""
        return self.alive - self.lost / 2

    @property
    def survivors(self) -> np.ndarray:
        """``Y = N - died``."""
        return self.at_risk - self.died

    @property
    def years(self) -> tuple[int, int]:
        """First and last year of diagnosis in the data."""
        return int(self.year.min()), int(self.year.max())

    def to_frame(self) -> pd.DataFrame:
        """One row per year and interval, with ``N``, ``Y`` and observed interval relative survival."""
        return pd.DataFrame(
            {
                "year": self.year,
                "interval": self.interval,
                "alive": self.alive,
                "died": self.died,
                "lost": self.lost,
                "expected": self.expected,
                "at_risk": self.at_risk,
                "survivors": self.survivors,
                "observed_relative": self.survivors / self.at_risk / self.expected,
            }
        )


def joinpoint_data(
    table: LifeTable,
    *,
    year_column: str = YEAR,
    last_follow_up: int | None = None,
    max_interval: int | None = None,
    label: str | None = None,
) -> JoinpointData:
    """The model's input from a yearly cohort life table of one group, complete intervals only.

    Parameters
    ----------
    table : LifeTable
        One group per year of diagnosis (``year_column``); any other group
        column must hold a single label. Expected survival is required.
    year_column : str
        The group column with the year of diagnosis.
    last_follow_up : int, optional
        The last year of follow-up (default: read from ``table``, see
        :func:`survival.estimate.cohorts.last_follow_up_year`). Pass the whole
        data set's year when ``table`` is a small selection of it.
    max_interval : int, optional
        Use intervals up to this one only (default: all; JPSurv's default too).
    label : str, optional
        A display name (default: the other group labels).

    Raises
    ------
    SurvivalDataError
        Without expected survival, with several groups, or when no complete
        interval is left.
    """
    if not table.has_expected:
        raise SurvivalDataError(
            "The table has no expected survival, so the relative survival model cannot be fitted",
            table.source or "the life table",
            "add a column 'expected' with expected interval survival",
        )
    others = [c for c in table.group_columns if c != year_column]
    groups = table.frame[others].drop_duplicates() if others else pd.DataFrame([{}])
    if len(groups) > 1:
        raise SurvivalDataError(
            f"The table holds {len(groups)} groups ({', '.join(others)}); the model is fitted to one",
            table.source or "the life table",
            "select one group first, e.g. table.select(stage=..., age=...)",
        )
    years = cohort_years(table, year_column)
    end = last_follow_up if last_follow_up is not None else last_follow_up_year(table, year_column)
    frame = table.frame
    keep = complete_mask(table, end, year_column)
    interval = frame["interval_end"].to_numpy(dtype=float).astype(int)
    if max_interval is not None:
        keep &= interval <= max_interval
    if not keep.any():
        raise SurvivalDataError(
            f"No complete interval is left (follow-up ends in {end})",
            table.source or "the life table",
            "include earlier years of diagnosis",
        )
    name = label if label is not None else combine_labels(groups.iloc[0].tolist()) if others else ""
    return JoinpointData(
        years[keep],
        interval[keep],
        frame["alive"].to_numpy()[keep],
        frame["died"].to_numpy()[keep],
        frame["lost"].to_numpy()[keep],
        frame["expected"].to_numpy()[keep],
        name,
        end,
        int((~keep).sum()),
    )


def bundled_joinpoint_data(
    lifetables: LifeTable, stage: str, age: str, *, max_interval: int | None = None
) -> JoinpointData:
    """The model's input for one stage and age group of a bundled data set (e.g. seer-breast).

    Takes the bundled life tables (grouped by stage, age and period of
    diagnosis), keeps the single years of diagnosis, reads the last year of
    follow-up from all of them, selects ``stage`` and ``age`` (labels exactly
    as the data set has them) and drops incomplete intervals.
    """
    yearly = single_year_table(lifetables)
    end = last_follow_up_year(yearly)
    chosen = yearly.select(stage=stage, age=age)
    if chosen.frame.empty:
        raise SurvivalDataError(
            f"There is no group stage={stage}, age={age} in the data set",
            lifetables.source or "the data set",
            "choose labels exactly as the data set has them: stages "
            f"{', '.join(yearly.levels('stage'))}; ages {', '.join(yearly.levels('age'))}",
        )
    data = joinpoint_data(
        chosen, last_follow_up=end, max_interval=max_interval, label=combine_labels((stage, age))
    )
    return data


def describe(data: JoinpointData) -> str:
    """One line: the group, years, intervals and rows, e.g. for a report."""
    return (
        f"{data.label or 'one group'}: diagnosed {year_span(data.years)}, intervals 1-"
        f"{int(data.interval.max())}, {len(data.year)} rows (follow-up to {data.last_follow_up}; "
        f"{data.dropped} incomplete rows left out)"
    )
