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

import numpy as np
import pandas as pd

from survival.estimate.event_table import EventTable, check_rows, from_counts, tally
from survival.estimate.intervals import check_conf_type, confidence_interval, z_value
from survival.estimate.logrank import LogRankResult, group_tables, logrank_result
from survival.estimate.results import SurvivalCurve
from survival.io.individual import EventCounts
from survival.tables.lifetable import combine_labels

__all__ = [
    "LogRankResult",
    "greenwood_se",
    "kaplan_meier",
    "kaplan_meier_counts",
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


def km_table(counts: EventCounts, *, conf_level: float = 0.95, conf_type: str = "log-log") -> pd.DataFrame:
    """Kaplan-Meier estimates of every group as one table, one row per group and time.

    Columns: the group columns, ``interval_start`` (the previous time),
    ``interval_end`` (this time), ``alive`` (at risk), ``died``, ``lost``
    (censored), ``observed``, ``observed_se``, ``observed_low``, ``observed_high``.
    """
    parts = []
    for group in counts.groups():
        c = kaplan_meier_counts(counts, group, conf_level=conf_level, conf_type=conf_type)
        part = pd.DataFrame(dict(zip(counts.group_columns, group)), index=range(len(c.time) - 1))
        part["interval_start"], part["interval_end"] = c.time[:-1], c.time[1:]
        for column, values in (("alive", c.n_at_risk), ("died", c.n_events), ("lost", c.n_censored)):
            part[column] = values[1:].astype(np.int64)
        for column, values in (
            ("observed", c.survival),
            ("observed_se", c.se),
            ("observed_low", c.ci_low),
            ("observed_high", c.ci_high),
        ):
            part[column] = values[1:]
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


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
    tables, names = group_tables(durations, events, groups, weights)
    return logrank_result(tables, names)


def curve_from_event_table(
    table: EventTable, *, conf_level: float = 0.95, label: str = "", conf_type: str = "log-log"
) -> SurvivalCurve:
    """The Kaplan-Meier curve of an event table (see :mod:`survival.estimate.event_table`)."""
    z_value(conf_level)
    check_conf_type(conf_type)
    return _curve(table, conf_level, label, conf_type)


def _group_table(counts: EventCounts, group: tuple) -> EventTable:
    """The event table of one group of ``counts`` (KeyError if it is not there)."""
    rows = counts.select_group(tuple(group))
    return from_counts(
        rows["time"].to_numpy(dtype=float),
        rows["died"].to_numpy(dtype=float),
        rows["censored"].to_numpy(dtype=float),
    )


def _curve(table: EventTable, conf_level: float, label: str, conf_type: str = "log-log") -> SurvivalCurve:
    """Survival, Greenwood SE and the band (log(-log) unless ``conf_type`` says) from an event table.

    Written with ``out=`` into the result's own arrays, so a curve of ten
    million distinct times needs no scratch array besides them. Survival
    is non-increasing, so it is 1 on a leading run of rows (no deaths yet)
    and 0 at most on the last row (everyone at risk died): those edges are
    set directly rather than masked.
    """
    z = z_value(conf_level)
    survival, se, low, high = (np.empty(len(table.time)) for _ in range(4))
    survival[0], se[0], low[0], high[0] = 1.0, 0.0, 1.0, 1.0
    n, d = table.at_risk[1:], table.died[1:]
    s, root, log_s, spread = survival[1:], se[1:], low[1:], high[1:]
    np.subtract(n, d, out=log_s)  # survivors n - d, for now
    np.divide(log_s, n, out=s)
    np.multiply.accumulate(s, out=s)
    np.multiply(n, log_s, out=root)
    with np.errstate(divide="ignore", invalid="ignore"):
        np.divide(d, root, out=root)  # Greenwood's terms d / (n (n - d))
        if len(s) and s[-1] == 0:
            root[-1] = 0.0  # n = d: the term is left out
        np.cumsum(root, out=root)
        np.sqrt(root, out=root)
        np.log(s, out=log_s)  # -inf where S = 0
        np.divide(root, log_s, out=spread)  # -sigma, NaN where S = 1
    spread[: len(s) - np.searchsorted(s[::-1], 1.0)] = 0.0
    np.multiply(spread, -z, out=spread)
    np.exp(spread, out=spread)  # exp(z sigma): 1 where S is 0 or 1
    np.multiply(root, s, out=root)  # se, 0 where S = 0
    # S ** a = exp(a log S) for a = exp(z sigma) and for 1 / a, with no scratch array:
    # log S / a is computed as (a log S) / a^2 (sigma is at most about 1, a^2 stays small).
    np.multiply(log_s, spread, out=log_s)
    np.multiply(spread, spread, out=spread)
    np.divide(log_s, spread, out=spread)
    np.exp(log_s, out=log_s)  # S ** exp(z sigma)
    np.exp(spread, out=spread)  # S ** exp(-z sigma)
    if conf_type != "log-log":
        low, high = confidence_interval(survival, se, conf_level, conf_type)
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
