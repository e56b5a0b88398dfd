"""Today's figures for a dataset's selection: period estimates and joinpoint trends.

The glue between a :class:`~survival.datasets.dataset.Dataset` (life tables
grouped by its variables and period of diagnosis, single years included) and
the period and joinpoint estimators, used by the command line and the app
alike. A selection's labels other than the period choose the cohorts.
"""

from __future__ import annotations

from survival.datasets.dataset import Dataset, Selection
from survival.datasets.description import PERIOD
from survival.errors import SurvivalDataError
from survival.estimate.cohorts import last_follow_up_year, single_year_table, year_span
from survival.estimate.joinpoint import JoinpointFit, fit_joinpoint
from survival.estimate.joinpoint_data import joinpoint_data
from survival.estimate.period import (
    PeriodEstimate,
    follow_up_years,
    latest_complete_window,
    period_survival,
    window_for_follow_up,
)
from survival.tables.lifetable import LifeTable


def cohorts(dataset: Dataset, selection: Selection) -> LifeTable:
    """The selection's yearly cohort life tables (one group per single year of diagnosis)."""
    if not dataset.has_periods:
        raise SurvivalDataError(
            "These data have no years of diagnosis",
            dataset.title,
            "period estimates and trends need life tables by year of diagnosis",
        )
    yearly = single_year_table(dataset.lifetables)
    labels = {name: label for name, label in selection.labels if name != PERIOD}
    return yearly.select(**labels) if labels else yearly


def latest_follow_up_window(dataset: Dataset, width: int = 5) -> tuple[int, int]:
    """The most recent complete window, named by its follow-up years (e.g. 2009-2013 for breast)."""
    return follow_up_years(latest_complete_window(single_year_table(dataset.lifetables), width))


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
    table = cohorts(dataset, selection)
    window = (
        window_for_follow_up(follow_up)
        if follow_up
        else latest_complete_window(single_year_table(dataset.lifetables))
    )
    try:
        return period_survival(
            table,
            window,
            conf_level=conf_level,
            convention=convention,
            last_follow_up=last_follow_up_year(single_year_table(dataset.lifetables)),
        )
    except SurvivalDataError as err:
        latest = year_span(latest_follow_up_window(dataset, window[1] - window[0] + 1))
        raise SurvivalDataError(
            f"Follow-up in {year_span(follow_up_years(window))} is not complete in these data",
            "the --window option",
            f"choose a window ending by the latest complete one, {latest}",
        ) from err


def joinpoint_trend(dataset: Dataset, selection: Selection, max_joinpoints: int = 3) -> JoinpointFit:
    """The joinpoint survival model of a selection's yearly cohorts (complete intervals only)."""
    yearly = single_year_table(dataset.lifetables)
    table = cohorts(dataset, selection)
    if not table.has_expected:
        raise SurvivalDataError(
            "A joinpoint trend of relative survival needs expected survival",
            dataset.title,
            "use data with expected survival",
        )
    label = dataset.describe(
        Selection(selection.dataset, tuple(p for p in selection.labels if p[0] != PERIOD))
    )
    data = joinpoint_data(table, last_follow_up=last_follow_up_year(yearly), label=label)
    return fit_joinpoint(data, max_joinpoints)
