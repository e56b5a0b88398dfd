"""Weighted log-rank tests: Fleming-Harrington G(rho, gamma) and Peto-Peto, two or more groups.

The log-rank test gives every death the same weight. A weighted test multiplies
each death time's observed-minus-expected deaths by a weight ``w_j`` (and its
covariance terms by ``w_j ** 2``; see :mod:`survival.estimate.logrank`). Fleming and
Harrington's family uses the pooled Kaplan-Meier estimate just before the time,
``S(t_j-)`` (left-continuous, all groups together):

``w_j = S(t_j-) ** rho * (1 - S(t_j-)) ** gamma``

* G(0, 0) is the log-rank test;
* G(1, 0) is R's ``survdiff(rho = 1)``, "the Peto & Peto modification of the
  Gehan-Wilcoxon test" (:func:`peto_peto`): early deaths weigh more;
* G(0, 1) weighs late deaths more; G(1, 1) deaths in the middle.

R's ``survdiff(rho = r)`` is G(r, 0), with the same left-continuous weights. The
statistic is chi-squared with ``k - 1`` degrees of freedom for ``k`` groups.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from survival.estimate.event_table import from_counts
from survival.estimate.logrank import at_death_times, chi2_pvalue, group_tables, score_and_covariance
from survival.io.individual import EventCounts


@dataclass(frozen=True)
class WeightedLogRankResult:
    """A weighted log-rank test of equal survival across groups.

    Attributes
    ----------
    statistic : float
        The chi-squared statistic ``Z' V^+ Z`` over the first ``k - 1`` groups.
    df : int
        Degrees of freedom: the number of groups minus one.
    p_value : float
        The probability of a statistic this large if survival were equal.
    groups : tuple of tuple
        The groups compared, in order.
    rho, gamma : float
        The Fleming-Harrington exponents (0, 0 for the log-rank).
    observed, expected : ndarray
        Weighted observed and expected deaths per group (R's ``survdiff`` ``obs`` and ``exp``).
    """

    statistic: float
    df: int
    p_value: float
    groups: tuple[tuple, ...]
    rho: float
    gamma: float
    observed: np.ndarray
    expected: np.ndarray

    @property
    def name(self) -> str:
        """What the test is called: log-rank, Peto-Peto, or Fleming-Harrington G(rho, gamma)."""
        if self.rho == 0 and self.gamma == 0:
            return "log-rank"
        if self.rho == 1 and self.gamma == 0:
            return "Peto-Peto (Fleming-Harrington G(1, 0))"
        return f"Fleming-Harrington G({self.rho:g}, {self.gamma:g})"


def fleming_harrington(
    durations, events, groups, *, rho: float = 0.0, gamma: float = 0.0, weights=None
) -> WeightedLogRankResult:
    """Fleming-Harrington G(rho, gamma) test of equal survival across the groups of individual rows.

    Parameters
    ----------
    durations, events, weights : array_like
        As for :func:`survival.estimate.kaplan_meier.kaplan_meier` (weights are
        frequency weights, whole numbers of people).
    groups : array_like
        A group label per row; groups are compared in sorted order.
    rho, gamma : float
        Exponents of ``S(t-)`` and ``1 - S(t-)`` in the weight, 0 or more.

    Raises
    ------
    ValueError
        For invalid rows, fewer than two groups, no deaths, or exponents that are
        negative or not finite.
    """
    _check_exponents(rho, gamma)
    tables, names = group_tables(durations, events, groups, weights)
    return weighted_result(tables, names, rho, gamma)


def fleming_harrington_counts(
    counts: EventCounts, groups: list[tuple] | None = None, *, rho: float = 0.0, gamma: float = 0.0
) -> WeightedLogRankResult:
    """G(rho, gamma) test across groups of aggregated counts (as ``kaplan_meier.logrank``).

    Equal to :func:`fleming_harrington` on the individual rows the counts were made from.

    Raises
    ------
    ValueError
        For fewer than two different groups, no deaths, or exponents that are negative
        or not finite; ``KeyError`` for a group that is not in ``counts``.
    """
    _check_exponents(rho, gamma)
    chosen = [tuple(g) for g in (counts.groups() if groups is None else groups)]
    if len(set(chosen)) != len(chosen) or len(chosen) < 2:
        raise ValueError(f"The log-rank test compares two or more different groups (got {chosen}).")
    tables = []
    for group in chosen:
        rows = counts.select_group(group)
        tables.append(
            from_counts(
                rows["time"].to_numpy(dtype=float),
                rows["died"].to_numpy(dtype=float),
                rows["censored"].to_numpy(dtype=float),
            )
        )
    return weighted_result(tables, tuple(chosen), rho, gamma)


def peto_peto(durations, events, groups, *, weights=None) -> WeightedLogRankResult:
    """Peto-Peto test: G(1, 0), as R's ``survdiff(rho = 1)`` (arguments as :func:`fleming_harrington`)."""
    return fleming_harrington(durations, events, groups, rho=1.0, gamma=0.0, weights=weights)


def weighted_result(
    tables: list, names: tuple[tuple, ...], rho: float, gamma: float
) -> WeightedLogRankResult:
    """The G(rho, gamma) test of the groups whose event tables are ``tables`` (in order)."""
    at_risk, died = at_death_times(tables)
    w = fh_weights(at_risk.sum(axis=0), died.sum(axis=0), rho, gamma)
    z, v = score_and_covariance(at_risk, died, w)
    head = z[:-1]
    statistic = float(head @ np.linalg.pinv(v[:-1, :-1]) @ head)
    df = len(tables) - 1
    expected = at_risk @ (w * died.sum(axis=0) / at_risk.sum(axis=0))
    return WeightedLogRankResult(
        statistic=statistic,
        df=df,
        p_value=chi2_pvalue(statistic, df),
        groups=tuple(names),
        rho=float(rho),
        gamma=float(gamma),
        observed=died @ w,
        expected=expected,
    )


def fh_weights(at_risk: np.ndarray, died: np.ndarray, rho: float, gamma: float) -> np.ndarray:
    """``S(t-) ** rho * (1 - S(t-)) ** gamma`` at each death time, S the pooled Kaplan-Meier.

    ``at_risk`` and ``died`` are the pooled counts at the death times, in order.
    ``0 ** 0`` is 1 (so G(0, 0) is the log-rank test exactly).
    """
    before = np.r_[1.0, np.cumprod(1.0 - died / at_risk)[:-1]]
    return _power(before, rho) * _power(1.0 - before, gamma)


def _power(base: np.ndarray, exponent: float) -> np.ndarray:
    """``base ** exponent`` with ``0 ** 0 = 1``."""
    return np.ones_like(base) if exponent == 0 else base**exponent


def _check_exponents(rho: float, gamma: float) -> None:
    """Exponents must be finite and 0 or more."""
    for name, value in (("rho", rho), ("gamma", gamma)):
        if not (math.isfinite(value) and value >= 0):
            raise ValueError(f"{name} must be a finite number, 0 or more (got {value}).")
