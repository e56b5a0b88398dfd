"""Period and hybrid analysis of yearly cohort life tables (Brenner and Gefeller 1996).

A cohort estimate of 5-year survival needs patients diagnosed at least five
years before the end of follow-up. A *period* estimate for the window
``[P1, P2]`` uses only the follow-up experience of recent calendar years:
interval ``k`` (``k - 1`` to ``k`` years since diagnosis) is pooled from the
cohorts diagnosed in ``P1 - k + 1 ... P2 - k + 1``, those whose ``k``-th year
of follow-up begins in the window (Brenner and Gefeller 1996, Cancer
78:2004-2010; Brenner and Hakulinen 2002, J Clin Oncol 20:826-832).

Counts add and expected interval survival is averaged over the people alive
at the start of the interval (Ederer II; :func:`survival.tables.pool_frame`);
survival is then estimated by the same actuarial estimator as any life table
(:func:`survival.estimate.actuarial.actuarial`), so SEER*Stat's conventions
hold: withdrawals count half, Greenwood standard errors, log(-log) intervals,
and relative survival in the convention asked for.

Only complete intervals enter (:mod:`survival.estimate.cohorts`): the window
must end by ``L - 1``, where ``L`` is the last year of follow-up, because
interval 1 of the cohort diagnosed in ``P2`` ends only in ``P2 + 1``. With the
bundled breast export (complete intervals end by 2013) the latest complete
five-year window is therefore 2008-2012 (:func:`latest_complete_window`).

Readers and the command line name a window by its *follow-up years*, the
calendar years in which its intervals end (:func:`follow_up_years`): the
window 2008-2012 above is "follow-up in 2009-2013", the label the issue and
SEER-style summaries use for data followed to the end of 2013. Functions here
take and return the window in Brenner's indexing; labels show both.

*Hybrid* analysis (Brenner and Rachet 2004, Eur J Cancer 40:2494-2501) is the
period window's follow-up restricted to patients diagnosed by ``D``
(``last_cohort``, ``P1 <= D < P2``), for registries whose newest diagnoses
are not yet recorded: interval ``k`` pools cohorts ``P1 - k + 1 ... min(P2 - k
+ 1, D)``, so the first ``P2 - D`` intervals come only from the most recent
recorded cohorts and the later ones from the whole window.

The pooled table has every column and rule of a :class:`~survival.tables.LifeTable`
except one: the number alive at the start of interval ``k + 1`` does not
continue from interval ``k``, because the two intervals come from different
cohorts. It is therefore built as a ``LifeTable`` directly rather than through
:func:`~survival.tables.lifetable_from_frame`, whose continuity rule would
reject it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError
from survival.estimate.actuarial import LifeTableEstimate, actuarial
from survival.estimate.cohorts import YEAR, cohort_years, last_follow_up_year, year_span
from survival.tables.lifetable import LifeTable, pool_frame

DEFAULT_YEARS = (1, 3, 5, 10)


def follow_up_years(window: tuple[int, int]) -> tuple[int, int]:
    """The calendar years in which the window's intervals end: ``(2008, 2012) -> (2009, 2013)``."""
    return window[0] + 1, window[1] + 1


def window_for_follow_up(years: tuple[int, int]) -> tuple[int, int]:
    """The window (Brenner's indexing) whose intervals end in ``years``: ``(2009, 2013) -> (2008, 2012)``."""
    return years[0] - 1, years[1] - 1


def latest_complete_window(
    table: LifeTable, width: int = 5, year_column: str = YEAR, last_follow_up: int | None = None
) -> tuple[int, int]:
    """The most recent window of ``width`` years whose intervals are all complete.

    It ends one year before the last year of follow-up ``L`` (read from the
    data unless given): interval 1 of the cohort diagnosed in the window's last
    year must end by ``L``. For the bundled breast export, ``(2008, 2012)``.
    """
    if width < 1:
        raise SurvivalDataError(
            f"A window of {width} years is empty", "the window width", "give a width of at least one year"
        )
    last = last_follow_up if last_follow_up is not None else last_follow_up_year(table, year_column)
    return last - width, last - 1


@dataclass(frozen=True, eq=False)
class PeriodTable:
    """A life table pooled over the cohorts of a period (or hybrid) window.

    Attributes
    ----------
    table : LifeTable
        The pooled counts by the remaining group columns and interval.
    window : tuple of int
        ``(P1, P2)``, the calendar years in which the pooled intervals begin.
    kind : {"period", "hybrid"}
        Plain period analysis, or hybrid with ``last_cohort < P2``.
    last_cohort : int
        The last year of diagnosis used (``P2`` for a period window).
    last_follow_up : int
        The last year of follow-up; every pooled interval ends by it.
    cohorts : DataFrame
        Group columns, ``interval_start``, ``interval_end``, ``first_cohort``,
        ``last_cohort`` and ``cohorts`` (how many years of diagnosis contribute).
    """

    table: LifeTable
    window: tuple[int, int]
    kind: str
    last_cohort: int
    last_follow_up: int
    cohorts: pd.DataFrame = field(repr=False)

    @property
    def label(self) -> str:
        """E.g. ``"period 2008-2012"`` or ``"hybrid 2008-2012, diagnosed to 2010"``."""
        text = f"{self.kind} {year_span(self.window)}"
        return text + (f", diagnosed to {self.last_cohort}" if self.kind == "hybrid" else "")


def period_table(
    table: LifeTable,
    window: tuple[int, int],
    *,
    year_column: str = YEAR,
    last_cohort: int | None = None,
    last_follow_up: int | None = None,
) -> PeriodTable:
    """Pool yearly cohort life tables over a period (or hybrid) window.

    Parameters
    ----------
    table : LifeTable
        One group per year of diagnosis (``year_column``), possibly within
        other groups (stage, age...), yearly intervals, counts and expected
        interval survival.
    window : (int, int)
        ``(P1, P2)``: interval ``k`` comes from cohorts ``P1 - k + 1 ... P2 - k + 1``.
    year_column : str
        The group column holding the year of diagnosis.
    last_cohort : int, optional
        For hybrid analysis: the last year of diagnosis to use (``P1 <= D < P2``).
    last_follow_up : int, optional
        The last year of follow-up (default: read from the data).

    Returns
    -------
    PeriodTable

    Raises
    ------
    SurvivalDataError
        For a window that is empty, lies outside the data, or needs an interval
        whose follow-up is incomplete.
    """
    first, last = _check_window(table, window, year_column)
    years = cohort_years(table, year_column)
    end = last_follow_up if last_follow_up is not None else last_follow_up_year(table, year_column)
    _check_complete(table, (first, last), end, years)
    cohort_end = _check_last_cohort(last_cohort, (first, last))
    frame = table.frame
    begins = years + frame["interval_start"].to_numpy(dtype=float).astype(int)
    rows = (begins >= first) & (begins <= last) & (years <= cohort_end)
    keep = [c for c in table.group_columns if c != year_column]
    chosen = frame[rows].assign(_year=years[rows])
    pooled = _contiguous(pool_frame(chosen, keep), keep)
    cohorts = pooled[keep + ["interval_start", "interval_end"]].merge(
        _cohorts(chosen, keep), on=keep + ["interval_start", "interval_end"], how="left"
    )
    kind = "hybrid" if cohort_end < last else "period"
    source = f"{table.source or 'life table'}, {kind} window {year_span((first, last))}"
    columns = keep + ["interval_start", "interval_end", "alive", "died", "lost"]
    columns += ["expected"] if "expected" in pooled else []
    return PeriodTable(
        LifeTable(pooled[columns], tuple(keep), source), (first, last), kind, cohort_end, end, cohorts
    )


def _check_window(table: LifeTable, window, year_column: str) -> tuple[int, int]:
    try:
        first, last = (int(v) for v in window)
    except (TypeError, ValueError):
        raise SurvivalDataError(
            f"The window {window!r} is not two years",
            "the window",
            "give the first and last calendar year, e.g. (2008, 2012)",
        ) from None
    if first > last:
        raise SurvivalDataError(
            f"The window {first}-{last} ends before it starts", "the window", "give the earlier year first"
        )
    years = cohort_years(table, year_column)
    if last < years.min():
        raise SurvivalDataError(
            f"The window {year_span((first, last))} ends before the first year of diagnosis ({years.min()})",
            "the window",
            "choose a window within the years of follow-up",
        )
    return first, last


def _check_complete(table: LifeTable, window: tuple[int, int], end: int, years: np.ndarray) -> None:
    first, last = window
    if last <= end - 1:
        return
    latest = latest_complete_window(table, last - first + 1, last_follow_up=end)
    raise SurvivalDataError(
        f"The window {year_span(window)} needs interval 1 of the patients diagnosed in {last}, "
        f"which ends only in {last + 1}, but follow-up in this table ends in {end} (its last "
        "complete intervals end then; later ones are incomplete)",
        table.source or "the life table",
        f"choose a window ending by {end - 1}, e.g. {year_span(latest)}, the latest complete "
        f"{last - first + 1}-year window",
    )


def _check_last_cohort(last_cohort: int | None, window: tuple[int, int]) -> int:
    first, last = window
    if last_cohort is None:
        return last
    if not first <= int(last_cohort) < last:
        raise SurvivalDataError(
            f"For a hybrid analysis the last year of diagnosis ({last_cohort}) must lie in the "
            f"window {year_span(window)} before its last year",
            "the last cohort",
            f"give a year from {first} to {last - 1}, or leave it out for a period analysis",
        )
    return int(last_cohort)


def _contiguous(pooled: pd.DataFrame, keep: list[str]) -> pd.DataFrame:
    """Each group's intervals from 0 up to a gap or an interval that cannot be estimated.

    Cumulative survival cannot be carried past a missing interval, nor past one
    in which everyone left alive was withdrawn (SEER*Stat does not estimate it,
    :mod:`survival.estimate.actuarial`); in a period table the latter can happen
    before the last interval, in tiny groups whose intervals come from one cohort.
    """
    if pooled.empty:
        raise SurvivalDataError(
            "No cohort contributes to this window",
            "the window",
            "choose a window within the years of follow-up",
        )
    codes = pooled.groupby(keep, sort=False).ngroup().to_numpy() if keep else np.zeros(len(pooled), int)
    start = pooled["interval_start"].to_numpy(dtype=float)
    previous_end = np.r_[np.nan, pooled["interval_end"].to_numpy(dtype=float)[:-1]]
    first = np.r_[True, codes[1:] != codes[:-1]]
    withdrawn = ((pooled["alive"] - pooled["died"] - pooled["lost"] == 0) & (pooled["lost"] > 0)).to_numpy()
    after_withdrawn = ~first & np.r_[False, withdrawn[:-1]]
    broken = (first & (start != 0)) | (~first & (start != previous_end)) | after_withdrawn
    broken = pd.Series(broken).groupby(codes).cummax().to_numpy()
    return pooled[~broken].reset_index(drop=True)


def _cohorts(chosen: pd.DataFrame, keep: list[str]) -> pd.DataFrame:
    keys = keep + ["interval_start", "interval_end"]
    out = chosen.groupby(keys, sort=False)["_year"].agg(
        first_cohort="min", last_cohort="max", cohorts="nunique"
    )
    return out.reset_index()


@dataclass(frozen=True, eq=False)
class PeriodEstimate:
    """Actuarial observed and relative survival from a period (or hybrid) window.

    Attributes
    ----------
    estimate : LifeTableEstimate
        The estimate of the pooled table (per group and interval).
    period : PeriodTable
        The pooled table, the window and the cohorts behind each interval.
    """

    estimate: LifeTableEstimate
    period: PeriodTable = field(repr=False)

    @property
    def label(self) -> str:
        """What the numbers are, e.g. ``"Period estimate, follow-up in 2009-2013"``."""
        years = year_span(follow_up_years(self.period.window))
        text = f"{self.period.kind.capitalize()} estimate, follow-up in {years}"
        if self.period.kind == "hybrid":
            text += f" (patients diagnosed to {self.period.last_cohort})"
        return text

    def to_frame(self) -> pd.DataFrame:
        """The estimate per group and interval, with the cohorts behind each interval."""
        keys = list(self.estimate.group_columns) + ["interval_start", "interval_end"]
        return self.estimate.to_frame().merge(self.period.cohorts, on=keys, how="left")

    def at(self, years=DEFAULT_YEARS) -> pd.DataFrame:
        """Cumulative survival ``years`` after diagnosis, one row per group and horizon.

        Columns: group columns, ``years``, observed and relative survival with
        standard errors and confidence limits, ``first_cohort`` and
        ``last_cohort`` (the years of diagnosis whose follow-up enters the
        product up to that horizon) and ``label``. Horizons beyond the pooled
        table are NaN.
        """
        frame = self.to_frame()
        keys = list(self.estimate.group_columns)
        by = frame.groupby(keys, sort=False) if keys else frame.groupby(np.zeros(len(frame)))
        frame = frame.assign(first_cohort=by["first_cohort"].cummin(), last_cohort=by["last_cohort"].cummax())
        frame = frame.rename(columns={"interval_end": "years"})
        rows = _horizon_grid(frame, keys, years).merge(frame, on=keys + ["years"], how="left")
        missing = rows["observed"].isna()
        rows.loc[missing, ["first_cohort", "last_cohort"]] = np.nan
        rows["label"] = self.label
        measures = [f"{m}{s}" for m in ("observed", "relative") for s in ("", "_se", "_low", "_high")]
        measures = [m for m in measures if m in rows]
        return rows[keys + ["years"] + measures + ["first_cohort", "last_cohort", "label"]]


def _horizon_grid(frame: pd.DataFrame, keys: list[str], years) -> pd.DataFrame:
    horizons = pd.DataFrame({"years": [float(y) for y in years]})
    if not keys:
        return horizons
    return frame[keys].drop_duplicates().merge(horizons, how="cross")


def period_survival(
    table: LifeTable,
    window: tuple[int, int],
    *,
    year_column: str = YEAR,
    last_cohort: int | None = None,
    last_follow_up: int | None = None,
    conf_level: float = 0.95,
    convention: str = "seer",
) -> PeriodEstimate:
    """Period (or hybrid) estimates of observed and relative survival.

    Pools the yearly cohort tables with :func:`period_table` and estimates
    the pooled table with the actuarial estimator, so interval and cumulative
    survival, Greenwood standard errors, log(-log) limits and the relative
    survival convention are exactly those of a cohort life table.

    Parameters
    ----------
    table, window, year_column, last_cohort, last_follow_up
        As for :func:`period_table`.
    conf_level : float
        Level of the confidence intervals.
    convention : {"seer", "ratio"}
        Relative-survival convention (see :mod:`survival.estimate.relative`).

    Returns
    -------
    PeriodEstimate
        Labelled with the window; ``at(years)`` gives 1-, 3-, 5- and 10-year figures.

    Examples
    --------
    >>> est = period_survival(breast_single_years, (2008, 2012))      # doctest: +SKIP
    >>> est.at((5,))[["stage", "age", "relative"]]                     # doctest: +SKIP
    """
    pooled = period_table(
        table, window, year_column=year_column, last_cohort=last_cohort, last_follow_up=last_follow_up
    )
    estimate = actuarial(pooled.table, conf_level=conf_level, convention=convention)
    return PeriodEstimate(estimate, pooled)
