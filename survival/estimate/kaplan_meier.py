"""Kaplan-Meier curves and log-rank tests, computed in numpy.

Rows are validated and counted per distinct time in
:mod:`survival.estimate.event_table`, the log-rank statistic is in
:mod:`survival.estimate.logrank`; this module turns event tables into results.
lifelines is not used (it is the reference the tests check every result
against, to 1e-10), nor is scipy (the p-value is in closed form). The conventions, which are
lifelines', R's and SAS's:

* Rows of a result are well defined: a first point (0, 1) with zero counts,
  then one row per distinct observed time, whether deaths or only
  censorings happened there. Times whose rows all have weight 0 are
  dropped. Deaths at time 0 give a second row at time 0, after the
  starting point.
* At tied times deaths count before censorings: people censored at ``t``
  are still at risk at ``t``.
* Weights are frequency weights (how many people a row stands for). They
  must be whole numbers, 0 or more (with non-integer weights lifelines
  returns wrong confidence intervals and only warns, so they are refused).
* Survival is the product of ``(n - d) / n`` over distinct times. The
  standard error is Greenwood's, ``S * sqrt(cumsum(d / (n (n - d))))``, the
  sum skipping times where everyone at risk died; it is 0 where ``S`` is 0.
* The band is the log(-log) band (as :func:`survival.estimate.intervals.loglog_interval`),
  collapsed onto ``S`` where ``S`` is 0 or 1, unless ``conf_type`` names another
  transform (``"log"``, ``"plain"``, ``"arcsine"``: R's ``survfit(conf.type=)``, see
  :func:`survival.estimate.intervals.confidence_interval`).
* The log-rank test is the plain (unweighted-in-time) test, with frequency
  weights.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from survival.estimate.event_table import EventTable, check_rows, from_counts, stack_groups, tally
from survival.estimate.intervals import check_conf_type, confidence_interval, z_value
from survival.estimate.logrank import (
    LogRankResult,
    chi2_pvalue,
    logrank_result,
    rank_statistic,
    rows_at_death_times,
)
from survival.estimate.results import SurvivalCurve
from survival.io.individual import EventCounts
from survival.tables.lifetable import combine_labels

__all__ = [
    "LogRankResult",
    "greenwood_se",
    "kaplan_meier",
    "kaplan_meier_counts",
    "kaplan_meier_groups",
    "km_table",
    "logrank",
    "logrank_rows",
]


def kaplan_meier(
    durations, events, *, weights=None, conf_level: float = 0.95, label: str = "", conf_type: str = "log-log"
) -> SurvivalCurve:
    """Kaplan-Meier survival curve with Greenwood SE and a log(-log) (or named) band.

    Parameters
    ----------
    durations : array_like
        Times from diagnosis to death or last follow-up (0 or more); the
        result's times are in the same unit.
    events : array_like
        1 (or True) for died, 0 (or False) for censored.
    weights : array_like, optional
        Whole numbers of people each row stands for (0 or more).
    conf_level : float
        Level of the confidence band.
    label : str
        A display name for the curve.
    conf_type : {"log-log", "log", "plain", "arcsine"}
        The band's transform; R's ``survfit`` default is ``"log"``.

    Raises
    ------
    ValueError
        For negative or non-finite durations, event codes other than 0/1,
        non-integer or negative weights, no one to estimate from, or an unknown
        ``conf_type``.
    """
    z_value(conf_level)
    check_conf_type(conf_type)
    return _curve(tally(check_rows(durations, events, weights)), conf_level, label, conf_type)


def kaplan_meier_counts(
    counts: EventCounts,
    group: tuple = (),
    *,
    conf_level: float = 0.95,
    label: str | None = None,
    conf_type: str = "log-log",
) -> SurvivalCurve:
    """Kaplan-Meier curve of one group of aggregated counts (times in years).

    The result equals :func:`kaplan_meier` on the individual rows the counts
    were made from (``conf_type`` as there).
    """
    z_value(conf_level)
    check_conf_type(conf_type)
    table = _group_table(counts, group)
    return _curve(table, conf_level, combine_labels(group) if label is None else label, conf_type)


def kaplan_meier_groups(
    counts: EventCounts,
    groups: list[tuple] | None = None,
    *,
    labels: list[str] | None = None,
    conf_level: float = 0.95,
    conf_type: str = "log-log",
) -> list[SurvivalCurve]:
    """Kaplan-Meier curves of several groups of aggregated counts, computed together.

    Each curve equals :func:`kaplan_meier_counts` of its group. The groups'
    rows are taken out once and estimated in one pass over all of them, so
    the work grows with the rows, not with rows times groups.

    Parameters
    ----------
    counts : EventCounts
        Aggregated deaths and censorings.
    groups : list of tuple, optional
        The groups, in order (default: all of them).
    labels : list of str, optional
        A display name per group (default: the labels joined).
    conf_level : float
        Level of the confidence band.
    conf_type : {"log-log", "log", "plain", "arcsine"}
        The band's transform.

    Raises
    ------
    KeyError
        For a group that is not in ``counts``.
    """
    z_value(conf_level)
    check_conf_type(conf_type)
    groups = counts.groups() if groups is None else [tuple(g) for g in groups]
    labels = [combine_labels(g) for g in groups] if labels is None else list(labels)
    stacked = stack_groups(counts, groups) if groups else None
    if stacked is None:
        return [
            kaplan_meier_counts(counts, g, conf_level=conf_level, label=name, conf_type=conf_type)
            for g, name in zip(groups, labels)
        ]
    table, starts = stacked
    arrays = _curve_arrays(table, starts, conf_level, conf_type)
    ends = np.r_[starts[1:], len(table.time)].tolist()
    survival, se, low, high = arrays
    return [
        _result(
            EventTable(*(v[a:b] for v in table)),
            (survival[a:b], se[a:b], low[a:b], high[a:b]),
            conf_level,
            name,
            conf_type,
        )
        for a, b, name in zip(starts.tolist(), ends, labels)
    ]


def km_table(counts: EventCounts, *, conf_level: float = 0.95, conf_type: str = "log-log") -> pd.DataFrame:
    """Kaplan-Meier estimates of every group as one table, one row per group and time.

    Columns: the group columns, ``interval_start`` (the previous time),
    ``interval_end`` (this time), ``alive`` (at risk), ``died``, ``lost``
    (censored), ``observed``, ``observed_se``, ``observed_low``, ``observed_high``.
    """
    groups = counts.groups()
    curves = kaplan_meier_groups(counts, groups, conf_level=conf_level, conf_type=conf_type)
    return curves_frame(curves, groups, counts.group_columns)


def curves_frame(
    curves: list[SurvivalCurve], groups: list[tuple], group_columns, empty: Sequence[str] = ()
) -> pd.DataFrame:
    """Curves as one table: the group columns, then one row per group and time after the start.

    Columns as :func:`km_table`'s, then the ``empty`` columns (all NaN); built
    from whole columns at once, in one frame (no frame per group).
    """
    sizes = [len(c.time) - 1 for c in curves]
    out = {}
    for i, column in enumerate(group_columns):
        labels = np.empty(len(groups), dtype=object)
        labels[:] = [g[i] for g in groups]
        out[column] = np.repeat(labels, sizes)

    def joined(name: str, start: int = 1, stop: int | None = None) -> np.ndarray:
        parts = [getattr(c, name)[start : len(c.time) + (stop or 0)] for c in curves]
        return np.concatenate(parts) if parts else np.zeros(0)

    out["interval_start"], out["interval_end"] = joined("time", 0, -1), joined("time")
    for column, name in (("alive", "n_at_risk"), ("died", "n_events"), ("lost", "n_censored")):
        out[column] = joined(name).astype(np.int64)
    for column, name in (
        ("observed", "survival"),
        ("observed_se", "se"),
        ("observed_low", "ci_low"),
        ("observed_high", "ci_high"),
    ):
        out[column] = joined(name)
    for column in empty:
        out[column] = np.full(sum(sizes), np.nan)
    return pd.DataFrame(out)


def logrank(counts: EventCounts, groups: list[tuple] | None = None) -> LogRankResult:
    """Log-rank test of equal survival across two or more groups of ``counts``.

    Parameters
    ----------
    counts : EventCounts
        Aggregated deaths and censorings.
    groups : list of tuple, optional
        The groups to compare (default: all of them).
    """
    groups = [tuple(g) for g in (counts.groups() if groups is None else groups)]
    if len(set(groups)) != len(groups) or len(groups) < 2:
        raise ValueError(f"The log-rank test compares two or more different groups (got {groups}).")
    return logrank_result([_group_table(counts, g) for g in groups], tuple(groups))


def logrank_rows(durations, events, groups, *, weights=None) -> LogRankResult:
    """Log-rank test of equal survival across the groups of individual rows.

    Parameters
    ----------
    durations, events, weights : array_like
        As for :func:`kaplan_meier`.
    groups : array_like
        A group label per row; the groups (labels of rows with weight above
        0) are compared in sorted order and reported as one-label tuples.

    Raises
    ------
    ValueError
        For invalid rows (as :func:`kaplan_meier`), fewer than two groups, or
        no deaths.
    """
    at_risk, died, names = rows_at_death_times(durations, events, groups, weights)
    statistic = rank_statistic(at_risk, died)
    df = len(names) - 1
    return LogRankResult(statistic=statistic, df=df, p_value=chi2_pvalue(statistic, df), groups=names)


def curve_from_event_table(
    table: EventTable, *, conf_level: float = 0.95, label: str = "", conf_type: str = "log-log"
) -> SurvivalCurve:
    """The Kaplan-Meier curve of an event table (see :mod:`survival.estimate.event_table`)."""
    z_value(conf_level)
    check_conf_type(conf_type)
    return _curve(table, conf_level, label, conf_type)


def _group_table(counts: EventCounts, group: tuple) -> EventTable:
    """The event table of one group of ``counts`` (KeyError if it is not there)."""
    stacked = stack_groups(counts, [tuple(group)])
    if stacked is not None:
        return stacked[0]
    rows = counts.select_group(tuple(group))
    return from_counts(
        rows["time"].to_numpy(dtype=float),
        rows["died"].to_numpy(dtype=float),
        rows["censored"].to_numpy(dtype=float),
    )


def _curve(table: EventTable, conf_level: float, label: str, conf_type: str = "log-log") -> SurvivalCurve:
    """Survival, Greenwood SE and the band (log(-log) unless ``conf_type`` says) from an event table."""
    arrays = _curve_arrays(table, np.zeros(1, dtype=np.int64), conf_level, conf_type)
    return _result(table, arrays, conf_level, label, conf_type)


def _curve_arrays(
    table: EventTable, starts: np.ndarray, conf_level: float, conf_type: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Survival, Greenwood SE and the band of event tables laid one after another from ``starts``.

    Each table starts with its (0, 0, 0, 0) row. Written with ``out=`` into
    the result's own arrays, so a curve of ten million distinct times needs
    no scratch array besides them; only the running products and sums go
    table by table. Survival is non-increasing, so it is 1 on a leading run
    of rows (no deaths yet) and 0 at most on the last row (everyone at risk
    died): those edges are set directly rather than masked.
    """
    z = z_value(conf_level)
    n, d = table.at_risk, table.died
    survival, se, low, high = (np.empty(len(n)) for _ in range(4))
    bounds = list(zip(starts.tolist(), np.r_[starts[1:], len(n)].tolist()))
    lasts = np.r_[starts[1:], len(n)] - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        np.subtract(n, d, out=low)  # survivors n - d, for now
        np.divide(low, n, out=survival)
        survival[starts] = 1.0
        np.multiply(n, low, out=se)
        np.divide(d, se, out=se)  # Greenwood's terms d / (n (n - d))
        se[starts] = 0.0
        for a, b in bounds:
            np.multiply.accumulate(survival[a:b], out=survival[a:b])
        se[lasts[survival[lasts] == 0]] = 0.0  # n = d: the term is left out
        for a, b in bounds:
            np.cumsum(se[a:b], out=se[a:b])
        np.sqrt(se, out=se)
        np.log(survival, out=low)  # -inf where S = 0
        np.divide(se, low, out=high)  # -sigma, NaN where S = 1
    for a, b in bounds:
        high[a : b - np.searchsorted(survival[a:b][::-1], 1.0)] = 0.0
    np.multiply(high, -z, out=high)
    np.exp(high, out=high)  # exp(z sigma): 1 where S is 0 or 1
    np.multiply(se, survival, out=se)  # se, 0 where S = 0
    # S ** a = exp(a log S) for a = exp(z sigma) and for 1 / a, with no scratch array:
    # log S / a is computed as (a log S) / a^2 (sigma is at most about 1, a^2 stays small).
    np.multiply(low, high, out=low)
    np.multiply(high, high, out=high)
    np.divide(low, high, out=high)
    np.exp(low, out=low)  # S ** exp(z sigma)
    np.exp(high, out=high)  # S ** exp(-z sigma)
    if conf_type != "log-log":
        low, high = confidence_interval(survival, se, conf_level, conf_type)
    return survival, se, low, high


def _result(
    table: EventTable, arrays: tuple[np.ndarray, ...], conf_level: float, label: str, conf_type: str
) -> SurvivalCurve:
    survival, se, low, high = arrays
    return SurvivalCurve(
        time=table.time,
        survival=survival,
        se=se,
        ci_low=low,
        ci_high=high,
        n_at_risk=table.at_risk,
        n_events=table.died,
        n_censored=table.censored,
        conf_level=conf_level,
        conf_type=conf_type,
        method="kaplan-meier",
        measure="observed",
        label=label,
    )


def greenwood_se(survival: np.ndarray, at_risk: np.ndarray, died: np.ndarray) -> np.ndarray:
    """Greenwood's standard error ``S * sqrt(cumsum(d / (n (n - d))))``; 0 where S is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(at_risk > died, died / (at_risk * (at_risk - died)), 0.0)
    return np.where(survival > 0, survival * np.sqrt(np.cumsum(term)), 0.0)
