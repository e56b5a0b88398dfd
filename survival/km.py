"""Kaplan-Meier curves and log-rank tests: the one module that uses lifelines.

lifelines is imported inside the functions, so ``import survival.km`` stays
light (no lifelines, no scipy). Its quirks are handled here:

* Rows of a result are well defined: a first point (0, 1) with zero counts,
  then one row per distinct observed time, whether deaths or only
  censorings happened there. (lifelines adds a synthetic row at time 0 and
  keeps times whose only rows have weight 0; both are dropped.) Deaths at
  time 0 give a second row at time 0, after the starting point.
* At tied times deaths count before censorings: people censored at ``t``
  are still at risk at ``t``, as in lifelines, R and SAS.
* Weights are frequency weights (how many people a row stands for). They
  must be whole numbers, 0 or more: with non-integer weights lifelines
  returns wrong confidence intervals and only warns, so they are refused.
* The standard error is Greenwood's, computed from the event table:
  ``S * sqrt(cumsum(d / (n (n - d))))``, and 0 where ``S`` is 0.
* The band is lifelines' log(-log) band (the same as
  :func:`survival.intervals.loglog_interval`), collapsed onto ``S`` where
  ``S`` is 0 or 1.
* The log-rank test is the plain (unweighted-in-time) test; lifelines'
  Fleming-Harrington variant ignores frequency weights and is not used.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from survival.individual import EventCounts
from survival.intervals import z_value
from survival.results import SurvivalCurve
from survival.tables import combine_labels


@dataclass(frozen=True)
class LogRankResult:
    """A log-rank test of equal survival across groups.

    Attributes
    ----------
    statistic : float
        The chi-squared statistic.
    df : int
        Degrees of freedom: the number of groups minus one.
    p_value : float
        The probability of a statistic this large if survival were equal.
    groups : tuple of tuple
        The groups compared, in order.
    """

    statistic: float
    df: int
    p_value: float
    groups: tuple[tuple, ...]


def kaplan_meier(durations, events, *, weights=None, conf_level: float = 0.95,
                 label: str = "") -> SurvivalCurve:
    """Kaplan-Meier survival curve with Greenwood SE and a log(-log) band.

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

    Raises
    ------
    ValueError
        For negative or non-finite durations, event codes other than 0/1,
        non-integer or negative weights, or no one to estimate from.
    """
    t, e, w = _check_inputs(durations, events, weights)
    z_value(conf_level)
    return _fit(t, e, w, conf_level, label)


def kaplan_meier_counts(counts: EventCounts, group: tuple = (), *, conf_level: float = 0.95,
                        label: str | None = None) -> SurvivalCurve:
    """Kaplan-Meier curve of one group of aggregated counts (times in years).

    Each distinct time enters lifelines twice, as deaths (event 1, weight
    ``died``) and as censorings (event 0, weight ``censored``), which gives
    the same fit as the individual rows.
    """
    z_value(conf_level)
    t, e, w, _ = _weighted_rows(counts, [group])
    if label is None:
        label = combine_labels(group)
    return _fit(t, e, w, conf_level, label)


def km_table(counts: EventCounts, *, conf_level: float = 0.95) -> pd.DataFrame:
    """Kaplan-Meier estimates of every group as one table, one row per group and time.

    Columns: the group columns, ``interval_start`` (the previous time),
    ``interval_end`` (this time), ``alive`` (at risk), ``died``, ``lost``
    (censored), ``observed``, ``observed_se``, ``observed_low``, ``observed_high``.
    """
    parts = []
    for group in counts.groups():
        c = kaplan_meier_counts(counts, group, conf_level=conf_level)
        part = pd.DataFrame(dict(zip(counts.group_columns, group)), index=range(len(c.time) - 1))
        part["interval_start"], part["interval_end"] = c.time[:-1], c.time[1:]
        for column, values in (("alive", c.n_at_risk), ("died", c.n_events), ("lost", c.n_censored)):
            part[column] = values[1:].astype(np.int64)
        for column, values in (("observed", c.survival), ("observed_se", c.se),
                               ("observed_low", c.ci_low), ("observed_high", c.ci_high)):
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
    from lifelines.statistics import multivariate_logrank_test

    groups = [tuple(g) for g in (counts.groups() if groups is None else groups)]
    if len(set(groups)) != len(groups) or len(groups) < 2:
        raise ValueError(f"The log-rank test compares two or more different groups (got {groups}).")
    t, e, w, ids = _weighted_rows(counts, groups)
    if not (w * e).sum() > 0:
        raise ValueError("No one died in the groups compared, so there is nothing to test.")
    result = multivariate_logrank_test(t, ids, e, weights=w)
    return LogRankResult(statistic=float(result.test_statistic),
                         df=int(result.degrees_of_freedom),
                         p_value=float(result.p_value), groups=tuple(groups))


def _weighted_rows(counts: EventCounts, groups: list[tuple]) -> tuple[np.ndarray, ...]:
    """Durations, events, weights and group indexes of groups' counts, zero weights dropped."""
    parts = []
    for i, group in enumerate(groups):
        rows = counts.select_group(tuple(group))
        time = rows["time"].to_numpy(dtype=float)
        n = len(time)
        parts.append((np.r_[time, time], np.r_[np.ones(n), np.zeros(n)],
                      np.r_[rows["died"].to_numpy(), rows["censored"].to_numpy()].astype(float),
                      np.full(2 * n, i)))
    t, e, w, ids = (np.concatenate(p) for p in zip(*parts))
    keep = w > 0
    return t[keep], e[keep], w[keep], ids[keep]


def _check_inputs(durations, events, weights) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Clean float arrays (durations, events 0/1, weights), rows of weight 0 dropped."""
    t = np.asarray(durations, dtype=float).ravel()
    e = np.asarray(events).ravel()
    w = np.ones_like(t) if weights is None else np.asarray(weights, dtype=float).ravel()
    if not len(t) == len(e) == len(w):
        raise ValueError(f"durations, events and weights differ in length "
                         f"({len(t)}, {len(e)}, {len(w)}).")
    if not np.isfinite(t).all() or (t < 0).any():
        raise ValueError("Durations must be finite numbers, 0 or more.")
    e = e.astype(float) if e.dtype == bool else np.asarray(e, dtype=float)
    if not np.isin(e, (0.0, 1.0)).all():
        raise ValueError("Events must be 1 (died) or 0 (censored).")
    if not np.isfinite(w).all() or (w < 0).any() or (w != np.round(w)).any():
        raise ValueError("Weights must be whole numbers of people, 0 or more; non-integer "
                         "weights (such as half-losses or expected counts) give wrong "
                         "confidence intervals.")
    keep = w > 0
    if not keep.any():
        raise ValueError("There is no one to estimate from (no rows, or every weight is 0).")
    return t[keep], e[keep], w[keep]


def _fit(t: np.ndarray, e: np.ndarray, w: np.ndarray, conf_level: float,
         label: str) -> SurvivalCurve:
    """Fit lifelines' Kaplan-Meier on clean arrays and read it into a SurvivalCurve."""
    from lifelines import KaplanMeierFitter

    fitter = KaplanMeierFitter(alpha=1 - conf_level)
    fitter.fit(t, event_observed=e, weights=w)
    table = fitter.event_table
    keep = (table["removed"] > 0).to_numpy()
    survival = fitter.survival_function_.iloc[:, 0].to_numpy()[keep]
    band = fitter.confidence_interval_survival_function_.to_numpy()[keep]
    time = table.index.to_numpy(dtype=float)[keep]
    at_risk, died, censored = (table[c].to_numpy(dtype=float)[keep]
                               for c in ("at_risk", "observed", "censored"))
    se = greenwood_se(survival, at_risk, died)
    edge = (survival <= 0) | (survival >= 1)
    low = np.where(edge, survival, band[:, 0])
    high = np.where(edge, survival, band[:, 1])

    def lead(values: np.ndarray, first: float) -> np.ndarray:
        return np.r_[first, values]

    return SurvivalCurve(
        time=lead(time, 0.0), survival=lead(survival, 1.0), se=lead(se, 0.0),
        ci_low=lead(low, 1.0), ci_high=lead(high, 1.0), n_at_risk=lead(at_risk, 0),
        n_events=lead(died, 0), n_censored=lead(censored, 0), conf_level=conf_level,
        conf_type="log-log", method="kaplan-meier", measure="observed", label=label)


def greenwood_se(survival: np.ndarray, at_risk: np.ndarray, died: np.ndarray) -> np.ndarray:
    """Greenwood's standard error ``S * sqrt(cumsum(d / (n (n - d))))``; 0 where S is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(at_risk > died, died / (at_risk * (at_risk - died)), 0.0)
    return np.where(survival > 0, survival * np.sqrt(np.cumsum(term)), 0.0)
