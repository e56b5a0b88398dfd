"""What a fitted joinpoint survival model says: trends per segment and survival by year of diagnosis.

Three summaries of a :class:`~survival.estimate.joinpoint.JoinpointModel`,
each with delta-method standard errors from the model's covariance:

* :func:`hazard_trends` -- per segment between joinpoints, the slope of the
  log excess hazard per year of diagnosis and the annual change of the
  excess hazard, ``exp(slope) - 1`` (JPSurv's "RelChgHaz"). Its confidence
  interval is ``exp(slope +- z se) - 1`` (asymmetric, always above -100%);
  JPSurv reports the symmetric ``estimate +- z se`` on the changed scale,
  whose standard error is given here too (``annual_change_se``).
* :func:`survival_trends` -- per segment ``[t0, t1]``, the average annual
  change in cumulative relative survival at ``interval`` years (JPSurv's
  "AbsChgSur", the mean of ``S(y + 1) - S(y)`` over ``y = t0 ... t1 - 1``, which
  is ``(S(t1) - S(t0)) / (t1 - t0)``) and the average relative change (JPSurv's
  "RelChgSur", the mean of ``S(y + 1) / S(y) - 1``); intervals ``est +- z se``,
  as JPSurv.
* :func:`cumulative_survival` -- fitted and projected cumulative relative
  survival ``S(y, K) = prod_{j <= K} r(y, j)`` for any years (JPSurv projects
  five years past the last fitted one by default) and intervals, with the
  delta-method standard error (as JPSurv's ``pred_cum_se``) and a log(-log)
  confidence interval, ``S ** exp(+-z se_L)`` with ``se_L`` the standard error
  of ``log(-log S)``, which stays inside (0, 1). Each value is marked
  ``"fitted"`` when the cohort was observed through interval ``K`` and
  ``"projected"`` when its follow-up was still incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from survival.estimate.intervals import z_value
from survival.estimate.joinpoint import JoinpointModel

PROJECTION_YEARS = 5


def segments(model: JoinpointModel) -> list[tuple[int, int]]:
    """``[(first year, t1), (t1, t2), ..., (tk, last year)]`` (JPSurv's start.year, end.year)."""
    first, last = model.years
    edges = [first, *model.joinpoints, last]
    return list(zip(edges[:-1], edges[1:]))


def hazard_trends(model: JoinpointModel, conf_level: float = 0.95) -> pd.DataFrame:
    """Slope of the log excess hazard and its annual change, per segment.

    Columns: ``start_year``, ``end_year``, ``slope``, ``slope_se``,
    ``slope_low``, ``slope_high``, ``annual_change`` (``exp(slope) - 1``),
    ``annual_change_se`` (delta method), ``annual_change_low``,
    ``annual_change_high`` (``exp(slope limits) - 1``).
    """
    z = z_value(conf_level)
    n_int = len(model.intervals)
    rows = []
    for s, (start, end) in enumerate(segments(model)):
        contrast = np.zeros(len(model.coefficients))
        contrast[n_int : n_int + 1 + s] = 1.0
        slope = float(contrast @ model.coefficients)
        se = float(np.sqrt(contrast @ model.covariance @ contrast))
        rows.append(
            {
                "start_year": start,
                "end_year": end,
                "slope": slope,
                "slope_se": se,
                "slope_low": slope - z * se,
                "slope_high": slope + z * se,
                "annual_change": np.expm1(slope),
                "annual_change_se": np.exp(slope) * se,
                "annual_change_low": np.expm1(slope - z * se),
                "annual_change_high": np.expm1(slope + z * se),
            }
        )
    return pd.DataFrame(rows)


def _cumulative(model: JoinpointModel, years: np.ndarray, interval: int):
    """S(y, K) and its gradient (len(years) x p) with respect to the coefficients."""
    upto = int(np.searchsorted(model.intervals, interval, side="right"))
    if upto == 0 or model.intervals[upto - 1] != interval:
        raise ValueError(
            f"Interval {interval} has no baseline; the model has intervals "
            f"{model.intervals[0]}-{model.intervals[-1]}."
        )
    years = np.asarray(years, dtype=float)
    grid_y = np.repeat(years, upto)
    grid_j = np.tile(np.arange(upto), years.size)
    X = model.design_rows(grid_y, grid_j)
    h = np.exp(X @ model.coefficients).reshape(years.size, upto)
    total = h.sum(axis=1)
    survival = np.exp(-total)
    weighted = (h.reshape(-1, 1) * X).reshape(years.size, upto, -1).sum(axis=1)
    return survival, total, -survival[:, None] * weighted, weighted


def survival_trends(model: JoinpointModel, interval: int = 5, conf_level: float = 0.95) -> pd.DataFrame:
    """Average annual absolute and relative change in cumulative relative survival, per segment.

    Columns: ``start_year``, ``end_year``, ``interval``, ``absolute_change``
    (proportion per year), ``absolute_se``, ``absolute_low``,
    ``absolute_high``, ``relative_change``, ``relative_se``, ``relative_low``,
    ``relative_high``.
    """
    z = z_value(conf_level)
    rows = []
    for start, end in segments(model):
        years = np.arange(start, end + 1)
        surv, _, grad, _ = _cumulative(model, years, interval)
        absolute = (surv[-1] - surv[0]) / (end - start)
        g_abs = (grad[-1] - grad[0]) / (end - start)
        ratio = surv[1:] / surv[:-1]
        g_rel = (ratio[:, None] * (grad[1:] / surv[1:, None] - grad[:-1] / surv[:-1, None])).mean(axis=0)
        relative = float(np.mean(ratio - 1))
        se_abs = float(np.sqrt(g_abs @ model.covariance @ g_abs))
        se_rel = float(np.sqrt(g_rel @ model.covariance @ g_rel))
        rows.append(
            {
                "start_year": start,
                "end_year": end,
                "interval": interval,
                "absolute_change": float(absolute),
                "absolute_se": se_abs,
                "absolute_low": absolute - z * se_abs,
                "absolute_high": absolute + z * se_abs,
                "relative_change": relative,
                "relative_se": se_rel,
                "relative_low": relative - z * se_rel,
                "relative_high": relative + z * se_rel,
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True, eq=False)
class SurvivalProjection:
    """Modelled cumulative relative survival by year of diagnosis and years since diagnosis.

    Attributes
    ----------
    year, interval : ndarray of int
        Year of diagnosis and years since diagnosis (``K``).
    survival, se, ci_low, ci_high : ndarray
        ``S(y, K)``, its delta-method standard error and log(-log) limits.
    status : ndarray of str
        ``"fitted"`` where the cohort's follow-up covered interval ``K``,
        ``"projected"`` where it did not (recent cohorts, or years past the data).
    conf_level : float
    label : str
    """

    year: np.ndarray
    interval: np.ndarray
    survival: np.ndarray
    se: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    status: np.ndarray = field(repr=False)
    conf_level: float = 0.95
    label: str = ""

    def to_frame(self) -> pd.DataFrame:
        """One row per year and interval."""
        return pd.DataFrame(
            {
                "year": self.year,
                "interval": self.interval,
                "relative_survival": self.survival,
                "se": self.se,
                "ci_low": self.ci_low,
                "ci_high": self.ci_high,
                "status": self.status,
            }
        )


def cumulative_survival(
    model: JoinpointModel, intervals=(1, 5, 10), years=None, conf_level: float = 0.95
) -> SurvivalProjection:
    """Fitted and projected cumulative relative survival with delta-method standard errors.

    Parameters
    ----------
    model : JoinpointModel
    intervals : sequence of int
        Years since diagnosis (each must have a baseline in the model).
    years : sequence of int, optional
        Years of diagnosis; default the first fitted year to five years past the last.
    conf_level : float
    """
    z = z_value(conf_level)
    first, last = model.years
    years = np.arange(first, last + PROJECTION_YEARS + 1) if years is None else np.asarray(years)
    observed = {(int(y), int(j)) for y, j in zip(model.data.year, model.data.interval)}
    parts = []
    for interval in intervals:
        surv, total, grad, weighted = _cumulative(model, years, int(interval))
        se = np.sqrt(np.einsum("ip,pq,iq->i", grad, model.covariance, grad))
        g_log = weighted / total[:, None]
        se_log = np.sqrt(np.einsum("ip,pq,iq->i", g_log, model.covariance, g_log))
        status = ["fitted" if (int(y), int(interval)) in observed else "projected" for y in years]
        parts.append(
            (
                years,
                np.full(years.size, int(interval)),
                surv,
                se,
                surv ** np.exp(z * se_log),
                surv ** np.exp(-z * se_log),
                np.array(status),
            )
        )
    year, interval_, surv_, se_, low, high, status_ = (np.concatenate(c) for c in zip(*parts))
    return SurvivalProjection(
        year, interval_, surv_, se_, low, high, status_, conf_level=conf_level, label=model.data.label
    )
