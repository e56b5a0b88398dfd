"""The most recent figures a dataset allows, and how they changed: the one place for these rules.

Every page, command, help text and sentence that speaks of "the most recent
figures" or "the latest period with full follow-up" takes it from here:

* :func:`latest_window` -- the latest complete window of a period estimate, in
  Brenner's indexing (the calendar years in which the pooled yearly intervals
  begin; see ``docs/period-and-joinpoint.md``): for the bundled breast data,
  whose complete intervals end by 2013, it is 2008-2012. Readers see a window
  named by its follow-up years, the calendar years in which its intervals end
  (:func:`survival.estimate.period.follow_up_years`: 2009-2013).
* :func:`complete_periods` -- the multi-year periods of diagnosis whose
  members were all followed for at least ``years`` years
  (:meth:`~survival.datasets.dataset.Dataset.default_period` is the latest).
* :func:`figures_table` -- the life table behind a figure: the period window's
  pooled table, or the cohort table of the selection's period.
* :func:`trend_data` and :func:`fit_trend` -- the joinpoint survival model of
  a selection, for any dataset with single years of diagnosis and expected
  survival (not only the breast data's stage and age).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from survival.datasets.dataset import Dataset, Selection
from survival.datasets.description import PERIOD
from survival.errors import SurvivalDataError
from survival.estimate.cohorts import last_follow_up_year, single_year_table, year_span
from survival.estimate.joinpoint import JoinpointFit, fit_joinpoint
from survival.estimate.joinpoint_data import JoinpointData, joinpoint_data
from survival.estimate.joinpoint_trends import cumulative_survival, survival_trends
from survival.estimate.period import (
    PeriodEstimate,
    PeriodTable,
    follow_up_years,
    latest_complete_window,
    period_survival,
    period_table,
    window_for_follow_up,
)
from survival.tables.lifetable import LifeTable, combine_labels

#: Years of follow-up behind the headline figure (and the width of the period window).
HORIZON = 5
#: Most joinpoints searched (JPSurv's usual maximum).
MAX_JOINPOINTS = 3

Window = tuple[int, int]


def has_single_years(dataset: Dataset) -> bool:
    """Whether the dataset's life tables hold single years of diagnosis (needed for both methods)."""
    if not dataset.has_periods:
        return False
    return bool(dataset.period_labels("single year"))


def _yearly(dataset: Dataset) -> LifeTable:
    return single_year_table(dataset.lifetables, PERIOD)


def last_follow_up(dataset: Dataset) -> int | None:
    """The last calendar year of complete follow-up, read from the data (2013 for seer-breast)."""
    if not has_single_years(dataset):
        return None
    return last_follow_up_year(_yearly(dataset))


def latest_window(dataset: Dataset, width: int = HORIZON) -> Window | None:
    """The latest complete ``width``-year window for a period estimate, or None without single years.

    The window ends one year before the last year of follow-up ``L``: interval 1
    of the people diagnosed in its last year must be complete by ``L``. None also
    when no one was diagnosed in that year (follow-up running on long after the
    last diagnoses): the cohort figures are then the newest.
    """
    if not has_single_years(dataset):
        return None
    window = latest_complete_window(_yearly(dataset), width)
    if window[1] > int(single_years(dataset).max()):
        # follow-up runs on long after the last diagnoses (the Slovene records: diagnosed to 2000,
        # followed to 2017): no one was diagnosed in the window, and the cohorts' own figures,
        # with their full follow-up, are the newest these data allow
        return None
    return window


def complete_periods(dataset: Dataset, years: float = HORIZON) -> list[str]:
    """The multi-year periods of diagnosis with ``years`` years of complete follow-up, oldest first."""
    if dataset.periods.empty:
        return []
    rows = dataset.periods[
        (dataset.periods["kind"] == "period") & (dataset.periods["complete_years"] >= years)
    ]
    return list(rows.sort_values("first_year")["period"])


def _labels(selection: Selection) -> dict[str, str]:
    """The selection's labels other than the period of diagnosis."""
    return {name: label for name, label in selection.labels if name != PERIOD}


def period_of(dataset: Dataset, selection: Selection, window: Window) -> PeriodTable:
    """The period (Brenner) table of one selection for ``window``, its intervals complete.

    The last year of follow-up is read from the whole dataset, so a small group
    is never taken for one whose follow-up ended earlier.

    Raises
    ------
    SurvivalDataError
        Without single years of diagnosis, or for a window with an incomplete interval.
    """
    if not has_single_years(dataset):
        raise SurvivalDataError(
            "These data have no single years of diagnosis, so there is no period estimate",
            dataset.title,
            "use the figures for a period of diagnosis",
        )
    yearly = _yearly(dataset)
    chosen = yearly.select(**_labels(selection))
    return period_table(chosen, window, last_follow_up=last_follow_up_year(yearly))


def figures_table(dataset: Dataset, selection: Selection, window: Window | None = None) -> LifeTable:
    """The life table behind a selection's figures: the ``window``'s period table, or its cohort table."""
    if window is None:
        return dataset.table(selection)
    return period_of(dataset, selection, window).table


@dataclass(frozen=True)
class Cohorts:
    """The years of diagnosis behind a period figure up to some years after diagnosis."""

    first: int
    last: int


def cohorts_behind(
    dataset: Dataset, selection: Selection, window: Window, upto: int, after: int = 0
) -> Cohorts:
    """Years of diagnosis whose follow-up in ``window`` enters intervals ``after + 1 ... upto``."""
    cohorts = period_of(dataset, selection, window).cohorts
    rows = cohorts[(cohorts["interval_end"] > after) & (cohorts["interval_end"] <= upto)]
    if rows.empty:
        raise SurvivalDataError(
            f"No year of diagnosis has follow-up in {year_span(window)} up to {upto} years",
            dataset.title,
            "choose fewer years",
        )
    return Cohorts(int(rows["first_cohort"].min()), int(rows["last_cohort"].max()))


def trend_data(dataset: Dataset, selection: Selection) -> JoinpointData:
    """The joinpoint model's input for one selection: its single years, complete intervals only.

    Works for any dataset with single years of diagnosis and expected survival:
    the selection's labels other than the period choose the group (none for a
    dataset of one group, such as seer-prostate).

    Raises
    ------
    SurvivalDataError
        Without single years of diagnosis or expected survival.
    """
    if not has_single_years(dataset):
        raise SurvivalDataError(
            "These data have no single years of diagnosis, so there is no trend to fit",
            dataset.title,
            "use data with a year of diagnosis",
        )
    yearly = _yearly(dataset)
    labels = _labels(selection)
    chosen = yearly.select(**labels)
    name = combine_labels(labels.values()) or dataset.description.cancer
    return joinpoint_data(chosen, last_follow_up=last_follow_up_year(yearly), label=name)


def fit_trend(dataset: Dataset, selection: Selection, max_joinpoints: int = MAX_JOINPOINTS) -> JoinpointFit:
    """The joinpoint survival model of one selection, its number of joinpoints chosen by BIC.

    Takes 1-2 s for the breast data: the app caches it. Groups with an interval
    in which no excess deaths were seen in any year raise a
    :class:`~survival.errors.FragileEstimateWarning` (``best.boundary_intervals``).
    """
    return fit_joinpoint(trend_data(dataset, selection), max_joinpoints)


def single_years(dataset: Dataset) -> pd.Series:
    """The single years of diagnosis in the data, as integers."""
    return pd.Series([int(p) for p in dataset.period_labels("single year")], dtype="int64")


@dataclass(frozen=True, eq=False)
class TrendSummary:
    """What the page and the words need from a joinpoint fit (small, so it caches cheaply).

    Attributes
    ----------
    label : str
        The group fitted.
    years : tuple of int
        The first and last fitted year of diagnosis.
    joinpoints : tuple of int
        Years where the trend changes.
    horizon : int
        Years after diagnosis of the survival described (5).
    segments : DataFrame
        Per segment: ``start_year``, ``end_year``, ``absolute_change`` (a proportion per
        year of diagnosis) with ``absolute_low`` and ``absolute_high``
        (:func:`~survival.estimate.joinpoint_trends.survival_trends`, JPSurv's AbsChgSur).
    curve : DataFrame
        ``year``, ``fitted``, ``fitted_low``, ``fitted_high`` (cumulative relative survival
        at ``horizon`` years) and ``status`` ("fitted" or "projected").
    boundary_intervals : tuple of int
        Intervals whose baseline sits at the boundary (no excess deaths seen).
    conf_level : float
    """

    label: str
    years: tuple[int, int]
    joinpoints: tuple[int, ...]
    horizon: int
    segments: pd.DataFrame
    curve: pd.DataFrame
    boundary_intervals: tuple[int, ...]
    conf_level: float = 0.95


def summarize_trend(
    fit: JoinpointFit, horizon: int = HORIZON, last_year: int | None = None, conf_level: float = 0.95
) -> TrendSummary | None:
    """Segments and the fitted (and projected) ``horizon``-year relative survival of the chosen model.

    The curve runs from the first fitted year to ``last_year`` (default: the last
    fitted one); years whose follow-up did not reach ``horizon`` are "projected".
    None when the model has no interval ``horizon`` (data followed for less).
    """
    model = fit.best
    if horizon not in set(int(j) for j in model.intervals):
        return None
    first, last = model.years
    years = list(range(first, max(last, last_year or last) + 1))
    trends = survival_trends(model, interval=horizon, conf_level=conf_level)
    projection = cumulative_survival(model, intervals=(horizon,), years=years, conf_level=conf_level)
    frame = projection.to_frame()
    curve = pd.DataFrame(
        {
            "year": frame["year"].astype(int),
            "fitted": frame["relative_survival"],
            "fitted_low": frame["ci_low"],
            "fitted_high": frame["ci_high"],
            "status": frame["status"],
        }
    )
    columns = ["start_year", "end_year", "absolute_change", "absolute_low", "absolute_high"]
    return TrendSummary(
        label=fit.label,
        years=(first, last),
        joinpoints=tuple(int(t) for t in model.joinpoints),
        horizon=horizon,
        segments=trends[columns].reset_index(drop=True),
        curve=curve,
        boundary_intervals=tuple(model.boundary_intervals),
        conf_level=conf_level,
    )


def latest_follow_up_window(dataset: Dataset, width: int = HORIZON) -> tuple[int, int]:
    """The most recent complete window, named by its follow-up years (2009-2013 for breast)."""
    window = latest_window(dataset, width)
    if window is None and has_single_years(dataset):
        raise SurvivalDataError(
            f"No one in these data was diagnosed in the last years of follow-up (diagnosed to "
            f"{int(single_years(dataset).max())}, followed to {last_follow_up(dataset)}), so a period "
            "estimate would rest on no one: the figures of the people diagnosed, with their full "
            "follow-up, are the newest these data allow",
            dataset.title,
            "leave out --window",
        )
    if window is None:
        raise SurvivalDataError(
            "These data have no single years of diagnosis, so there is no period estimate",
            dataset.title,
            "use the figures for a period of diagnosis",
        )
    return follow_up_years(window)


def period_estimate(
    dataset: Dataset,
    selection: Selection,
    follow_up: tuple[int, int] | None = None,
    *,
    conf_level: float = 0.95,
    convention: str = "seer",
) -> PeriodEstimate:
    """Period estimates of observed and relative survival for a selection.

    Parameters
    ----------
    dataset, selection
        The data and the group (its period, if any, is ignored).
    follow_up : (int, int), optional
        The window by its follow-up years (the calendar years in which its
        intervals end), e.g. ``(2009, 2013)``; default the latest complete one.
    conf_level, convention
        As for :func:`survival.estimate.actuarial.actuarial`.
    """
    latest = latest_follow_up_window(dataset)
    window = window_for_follow_up(follow_up or latest)
    yearly = _yearly(dataset)
    try:
        return period_survival(
            yearly.select(**_labels(selection)),
            window,
            conf_level=conf_level,
            convention=convention,
            last_follow_up=last_follow_up_year(yearly),
        )
    except SurvivalDataError as err:
        raise SurvivalDataError(
            f"Follow-up in {year_span(follow_up_years(window))} is not complete in these data",
            "the --window option",
            f"choose a window ending by the latest complete one, {year_span(latest)}",
        ) from err


def trend_key(selection: Selection) -> tuple[tuple[str, str], ...]:
    """A selection's labels without its period: the trend is fitted over the single years of diagnosis."""
    return tuple((name, label) for name, label in selection.labels if name != PERIOD)


def selection_trend(dataset: Dataset, selection: Selection, horizon: int = HORIZON) -> TrendSummary | None:
    """The joinpoint trend of a selection, summarised to its last year of diagnosis.

    A bundled dataset carries every selection's trend fitted when its tables
    were built (:mod:`survival.datasets.trend_fits`, checked against the
    tables' checksum); anything else is fitted here, in a second or two.

    None where there is no trend to fit: no single years of diagnosis, no
    expected survival, or too little follow-up (the page and the command line
    then say nothing about a trend).
    """
    stored = dataset.trend_fits
    if horizon == HORIZON and trend_key(selection) in stored:  # fitted when the data were built
        return stored[trend_key(selection)]
    if not has_single_years(dataset) or not dataset.lifetables.has_expected:
        return None
    try:
        fit = fit_trend(dataset, selection)
    except SurvivalDataError:
        return None
    return summarize_trend(fit, horizon, last_year=int(single_years(dataset).max()))
