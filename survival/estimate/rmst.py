"""Restricted mean survival time (RMST) with its standard error, and two-group comparisons.

The RMST up to a horizon ``tau`` is the area under the Kaplan-Meier curve from the
start to ``tau``: the average time lived in that window. Its restricted mean time
lost (RMTL) is ``tau - RMST``. With ``t_i <= tau`` the curve's distinct times,
``n_i`` at risk and ``d_i`` deaths there, and ``A_i`` the area under the curve from
``t_i`` to ``tau``, the variance is the Greenwood plug-in

``Var(RMST) = sum_i A_i ** 2 d_i / (n_i (n_i - d_i))``

(terms with ``n_i = d_i`` left out), as survRM2's ``rmst1`` computes it and, in
survival 3.5-3, ``print(survfit(...), rmean = tau)``'s ``se(rmean)`` (the two are
the same formula; ``tests/fixtures/r/stats_rmst.csv`` records both). The interval is
``RMST -+ z SE``.

Two groups (1 versus 0), as survRM2's ``rmst2`` reports them unadjusted:

* difference ``RMST_1 - RMST_0``, SE ``sqrt(Var_1 + Var_0)``;
* ratio ``RMST_1 / RMST_0``, on the log scale with SE
  ``sqrt(Var_1 / RMST_1 ** 2 + Var_0 / RMST_0 ** 2)``, interval exponentiated;
* RMTL ratio ``RMTL_1 / RMTL_0`` likewise;

each with a normal interval and the two-sided p-value ``2 Phi(-|estimate| / SE)``
(on the log scale for the ratios).

An actuarial (life-table) curve is read as straight lines between interval
ends, so its RMST is the trapezoid area ``sum_k w_k (S_{k-1} + S_k) / 2``; its
variance is the same delta method on the interval survivals ``p_j`` (Greenwood's
``Var(log p_j) = d_j / (n'_j (n'_j - d_j))``, ``n'_j`` the effective number at
risk, independent across intervals):
``Var(RMST) = sum_j (dRMST / dlog p_j) ** 2 Var(log p_j)``, where
``dRMST / dlog p_j = sum_{k >= j} w_k S_k / 2 + sum_{k > j} w_k S_{k-1} / 2``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from survival.estimate.intervals import z_value
from survival.estimate.results import SurvivalCurve


@dataclass(frozen=True)
class RestrictedMean:
    """The restricted mean survival time of one curve up to ``tau``.

    Attributes
    ----------
    tau : float
        The horizon.
    estimate, se, ci_low, ci_high : float
        The RMST, its standard error and normal confidence interval.
    conf_level : float
        Level of the interval.
    label : str
        The curve's label.
    """

    tau: float
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    conf_level: float
    label: str = ""

    @property
    def time_lost(self) -> float:
        """The restricted mean time lost, ``tau - RMST`` (same standard error)."""
        return self.tau - self.estimate


@dataclass(frozen=True)
class Contrast:
    """One comparison of two groups: an estimate, its interval and p-value.

    Attributes
    ----------
    measure : str
        ``"difference"`` (RMST), ``"ratio"`` (RMST) or ``"rmtl_ratio"``.
    estimate, ci_low, ci_high : float
        The contrast and its interval (ratios on their own scale).
    se : float
        Standard error: of the difference, or of the log ratio.
    p_value : float
        Two-sided, for no difference (ratio 1).
    """

    measure: str
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float


@dataclass(frozen=True)
class RmstComparison:
    """RMST of two groups up to ``tau`` and the survRM2 contrasts between them (group 1 versus 0).

    Attributes
    ----------
    tau, conf_level : float
        The horizon and the intervals' level.
    group1, group0 : RestrictedMean
        Each group's RMST.
    difference, ratio, rmtl_ratio : Contrast
        ``RMST_1 - RMST_0``, ``RMST_1 / RMST_0`` and ``RMTL_1 / RMTL_0``.
    """

    tau: float
    conf_level: float
    group1: RestrictedMean
    group0: RestrictedMean
    difference: Contrast
    ratio: Contrast
    rmtl_ratio: Contrast


def restricted_mean(curve: SurvivalCurve, tau: float, *, conf_level: float = 0.95) -> RestrictedMean:
    """RMST of a Kaplan-Meier or actuarial curve up to ``tau``, with its delta-method SE (module docstring).

    Raises
    ------
    ValueError
        For a curve that is not an observed Kaplan-Meier curve, or ``tau`` outside
        the curve's range.
    """
    z = z_value(conf_level)
    if curve.measure != "observed" or curve.method not in ("kaplan-meier", "actuarial"):
        raise ValueError(
            "restricted_mean needs an observed Kaplan-Meier or actuarial curve (its variance uses "
            "the numbers at risk and deaths at each time)."
        )
    estimate = curve.rmst(tau)  # checks that tau lies in the curve's range
    variance = _variance(curve, tau) if curve.method == "kaplan-meier" else _actuarial_variance(curve, tau)
    se = math.sqrt(variance)
    return RestrictedMean(
        tau=float(tau),
        estimate=estimate,
        se=se,
        ci_low=estimate - z * se,
        ci_high=estimate + z * se,
        conf_level=conf_level,
        label=curve.label,
    )


def _variance(curve: SurvivalCurve, tau: float) -> float:
    """``sum_i A_i ** 2 d_i / (n_i (n_i - d_i))`` over the times after the start, up to ``tau``."""
    keep = np.flatnonzero((curve.time <= tau) & (np.arange(len(curve.time)) > 0))
    times = curve.time[keep]
    widths = np.diff(np.r_[times, tau])
    areas = curve.survival[keep] * widths  # the step from t_i to the next time
    after = np.cumsum(areas[::-1])[::-1]  # A_i: the area from t_i to tau
    n, d = curve.n_at_risk[keep], curve.n_events[keep]
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(n > d, d / (n * (n - d)), 0.0)
    return float(np.sum(after**2 * term))


def _actuarial_variance(curve: SurvivalCurve, tau: float) -> float:
    """The delta-method variance of the trapezoid RMST of an actuarial curve (module docstring).

    ``tau`` must be one of the curve's interval ends (1, 5, 10 years for yearly tables).
    """
    index = np.flatnonzero(np.isclose(curve.time, tau))
    if index.size == 0:
        raise ValueError(f"For an actuarial curve, choose a horizon at an interval end (got {tau:g}).")
    m = int(index[0])  # the points 0..m: the curve's start, then interval ends up to tau
    surv, widths = curve.survival[: m + 1], np.diff(curve.time[: m + 1])
    after_end = widths * surv[1:] / 2  # a_k = w_k S_k / 2
    after_start = widths * surv[:-1] / 2  # b_k = w_k S_{k-1} / 2
    suffix_a = np.cumsum(after_end[::-1])[::-1]
    suffix_b = np.append(np.cumsum(after_start[::-1])[::-1][1:], 0.0)
    derivative = suffix_a + suffix_b  # dRMST / dlog p_j, j = 1..m
    n_eff = curve.n_at_risk[1 : m + 1] - curve.n_censored[1 : m + 1] / 2
    d = curve.n_events[1 : m + 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(n_eff > d, d / (n_eff * (n_eff - d)), 0.0)
    return float(np.sum(derivative**2 * term))


def compare_rmst(
    curve1: SurvivalCurve, curve0: SurvivalCurve, tau: float, *, conf_level: float = 0.95
) -> RmstComparison:
    """Difference and ratios of RMST between two Kaplan-Meier curves, as survRM2's ``rmst2``.

    Parameters
    ----------
    curve1, curve0 : SurvivalCurve
        The two groups (1 is compared with 0, the reference).
    tau : float
        Horizon; inside both curves' range.
    conf_level : float
        Level of the intervals.

    Raises
    ------
    ValueError
        As :func:`restricted_mean`, for either curve; or when an RMST or RMTL is 0, so
        a ratio has no log.
    """
    r1 = restricted_mean(curve1, tau, conf_level=conf_level)
    r0 = restricted_mean(curve0, tau, conf_level=conf_level)
    z = z_value(conf_level)
    difference = _contrast("difference", r1.estimate - r0.estimate, math.hypot(r1.se, r0.se), z, False)
    if min(r1.estimate, r0.estimate, r1.time_lost, r0.time_lost) <= 0:
        raise ValueError(
            f"A ratio needs a restricted mean and a time lost above 0 in both groups (tau = {tau:g})."
        )
    ratio = _contrast(
        "ratio",
        math.log(r1.estimate / r0.estimate),
        math.hypot(r1.se / r1.estimate, r0.se / r0.estimate),
        z,
        True,
    )
    rmtl = _contrast(
        "rmtl_ratio",
        math.log(r1.time_lost / r0.time_lost),
        math.hypot(r1.se / r1.time_lost, r0.se / r0.time_lost),
        z,
        True,
    )
    return RmstComparison(
        tau=float(tau),
        conf_level=conf_level,
        group1=r1,
        group0=r0,
        difference=difference,
        ratio=ratio,
        rmtl_ratio=rmtl,
    )


def _contrast(measure: str, estimate: float, se: float, z: float, log_scale: bool) -> Contrast:
    """A normal interval and two-sided p-value, exponentiated for a log ratio."""
    low, high = estimate - z * se, estimate + z * se
    p_value = math.erfc(abs(estimate) / se / math.sqrt(2)) if se > 0 else float("nan")
    if log_scale:
        estimate, low, high = math.exp(estimate), math.exp(low), math.exp(high)
    return Contrast(measure=measure, estimate=estimate, se=se, ci_low=low, ci_high=high, p_value=p_value)
