"""Gray's test of equal cumulative incidence of one cause across groups (Gray 1988), as cmprsk's ``cuminc``.

The test compares the subdistribution hazards of the cause of interest: at each
death time, a group's deaths from the cause are compared with what the pooled
cumulative incidence would give it, with risk sets ``n_g / S_g(t-)`` that keep
people who died of other causes in them (weighted by their group's Kaplan-Meier
survival). Scores are weighted by ``(1 - F(t-)) ** rho`` (``rho = 0`` by default,
as cmprsk), with ``F`` the pooled cumulative incidence. The variance is Gray's
asymptotic estimate, and ``s' V^-1 s`` over the first ``k - 1`` groups is
chi-squared with ``k - 1`` degrees of freedom.

The computation follows, time by time and term by term, Gray's published algorithm
as cmprsk 2.2-11 implements it (its Fortran ``crstm``), for one stratum; the
tests match cmprsk's statistic and p-value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from survival.estimate.competing_risks import check_competing_rows
from survival.estimate.logrank import chi2_pvalue


@dataclass(frozen=True)
class GrayTestResult:
    """Gray's test of equal cumulative incidence of ``cause`` across groups.

    Attributes
    ----------
    statistic : float
        The chi-squared statistic.
    df : int
        Degrees of freedom: groups minus one.
    p_value : float
        Probability of a statistic this large if the cumulative incidences were equal.
    groups : tuple of tuple
        The groups compared, in sorted order (one-label tuples).
    cause : int
        The cause tested.
    rho : float
        The weight's exponent.
    """

    statistic: float
    df: int
    p_value: float
    groups: tuple[tuple, ...]
    cause: int
    rho: float


def gray_test(durations, causes, groups, *, cause: int = 1, rho: float = 0.0, weights=None) -> GrayTestResult:
    """Gray's k-sample test for the cumulative incidence of ``cause`` (module docstring).

    Parameters
    ----------
    durations, causes, weights : array_like
        As for :func:`survival.estimate.competing_risks.cumulative_incidence`.
    groups : array_like
        A group label per row.
    cause : int
        The cause to compare.
    rho : float
        Exponent of the weight ``(1 - F(t-)) ** rho``.

    Raises
    ------
    ValueError
        For invalid rows, fewer than two groups, no deaths from ``cause``, a
        non-finite ``rho``, or a singular variance.
    """
    if not math.isfinite(rho):
        raise ValueError(f"rho must be a finite number (got {rho}).")
    labels = np.asarray(groups).ravel()
    if len(labels) != len(np.asarray(durations).ravel()):
        raise ValueError(f"groups has {len(labels)} labels for {len(np.asarray(durations).ravel())} rows.")
    if weights is not None:
        labels = labels[np.asarray(weights, dtype=float).ravel() > 0]
    t, c, w = check_competing_rows(durations, causes, weights)
    names, g = np.unique(labels, return_inverse=True)
    if len(names) < 2:
        raise ValueError(f"Gray's test compares two or more different groups (got {names.tolist()}).")
    if not (c == cause).any():
        raise ValueError(f"No one died of cause {cause}, so there is nothing to test.")
    at_risk, own, other = _counts(t, c, w, g, len(names), cause)
    score, variance = _score_and_variance(at_risk, own, other, rho)
    try:
        statistic = float(score @ np.linalg.solve(variance, score))
    except np.linalg.LinAlgError:
        raise ValueError("The variance of Gray's test is singular for these groups.") from None
    df = len(names) - 1
    return GrayTestResult(
        statistic=statistic,
        df=df,
        p_value=chi2_pvalue(statistic, df),
        groups=tuple((name,) for name in names.tolist()),
        cause=cause,
        rho=float(rho),
    )


def _counts(t, c, w, g, k: int, cause: int):
    """Per distinct time (rows) and group (columns): at risk, deaths from the cause, other deaths."""
    times, inverse = np.unique(t, return_inverse=True)
    m = len(times)
    flat = inverse * k + g

    def count(mask):
        return np.bincount(flat, weights=np.where(mask, w, 0.0), minlength=m * k).reshape(m, k)

    own, other, removed = count(c == cause), count((c > 0) & (c != cause)), count(np.ones(len(t), bool))
    at_risk = np.cumsum(removed[::-1], axis=0)[::-1]
    return at_risk, own, other


def _score_and_variance(at_risk, own, other, rho):
    """Gray's score for the first k - 1 groups and its variance (cmprsk's ``crst``, one stratum)."""
    k = at_risk.shape[1]
    s_km, f1 = np.ones(k), np.zeros(k)  # left-continuous KM and cuminc per group
    f_pooled = 0.0
    score = np.zeros(k - 1)
    v = np.zeros((k - 1, k - 1))
    c_mat = np.zeros((k, k))
    v2 = np.zeros((k - 1, k))
    v3 = np.zeros(k)
    for n, d1, d2 in zip(at_risk, own, other):
        nd1, nd2 = d1.sum(), d2.sum()
        if nd1 == 0 and nd2 == 0:
            continue
        live = n > 0
        km_new = np.where(live, s_km * (n - d1 - d2) / np.where(live, n, 1.0), s_km)
        f1_new = np.where(live, f1 + s_km * d1 / np.where(live, n, 1.0), f1)
        ratio = np.where(live, n / s_km, 0.0)  # n_g / S_g(t-)
        tr = ratio.sum()
        tq = (ratio * (1 - f1)).sum()
        f_new = f_pooled + nd1 / tr
        fb = (1 - f_pooled) ** rho
        a = -fb * np.outer(ratio, ratio) / tr
        a[np.diag_indices(k)] = fb * ratio * (1 - ratio / tr)
        c_mat += a * nd1 / (tr * (1 - f_pooled))
        score += np.where(live, fb * (d1 - nd1 * ratio * (1 - f1) / tq), 0.0)[:-1]
        if nd1 > 0:
            t4 = np.where(km_new > 0, 1 - (1 - f_new) / np.where(km_new > 0, km_new, 1.0), 1.0)
            t5 = 1 - (nd1 - 1) / (tr * s_km - 1) if nd1 > 1 else np.ones(k)
            t3 = np.where(live, t5 * s_km * nd1 / (tr * np.where(live, n, 1.0)), 0.0)
            t1 = a[:-1] - t4 * c_mat[:-1]
            v3 += t4 * t4 * t3
            v2 += t1 * t4 * t3
            v += (t1 * t3) @ t1.T
        if nd2 > 0:
            used = (km_new > 0) & (d2 > 0)
            t4 = np.where(used, (1 - f_new) / np.where(used, km_new, 1.0), 0.0)
            t5 = np.where(d2 > 1, 1 - (d2 - 1) / np.where(n > 1, n - 1, 1.0), 1.0)
            t3 = np.where(used, t5 * s_km**2 * d2 / np.where(live, n, 1.0) ** 2, 0.0)
            t1 = t4 * c_mat[:-1]
            v3 += t4 * t4 * t3
            v2 -= t1 * t4 * t3
            v += (t1 * t3) @ t1.T
        s_km, f1, f_pooled = km_new, f1_new, f_new
    v += (c_mat[:-1] * v3) @ c_mat[:-1].T + c_mat[:-1] @ v2.T + v2 @ c_mat[:-1].T
    return score, v
