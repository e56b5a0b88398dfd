"""Numbers at risk, events and censorings at chosen times: the table under a survival chart.

Pure functions (no plotting), following the KMunicate proposals (Morris et
al. 2019, BMJ Open 9:e030215): at each time, how many people are still
at risk, and how many events and censorings have happened so far.

Conventions
-----------
At risk at time ``t``
    Kaplan-Meier: the number at risk at the first step time ``>= t``,
    that is everyone whose time is ``t`` or later (0 if there is none).
    Actuarial: the number alive at the start of the interval that starts at
    ``t`` (for ``t`` inside an interval, at the next interval boundary). At
    the curve's last time it is the number alive at the end of the last
    estimated interval, who were still followed; after it, 0.
Events, censored at time ``t``
    Cumulative counts of every step (or interval) ending at ``t`` or before.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from survival.estimate.results import SurvivalCurve

RISK_COLUMNS = ("time", "at_risk", "events", "censored")
ROW_NAMES = {"at_risk": "At risk", "events": "Events", "censored": "Censored"}
_TOL = 1e-9
_STEP_MULTIPLES = (1, 2, 5)


def risk_table(curve: SurvivalCurve, times: ArrayLike) -> pd.DataFrame:
    """At risk, cumulative events and cumulative censored of ``curve`` at ``times``.

    Parameters
    ----------
    curve : SurvivalCurve
        An actuarial or Kaplan-Meier curve (its first point has zero counts).
    times : array_like
        Times in the curve's unit, in any order.

    Returns
    -------
    DataFrame
        Columns ``time``, ``at_risk``, ``events``, ``censored``; one row
        per time. Counts are integers when the curve's counts are whole.
    """
    t = np.atleast_1d(np.asarray(times, dtype=float))
    if not np.isfinite(t).all():
        raise ValueError("Risk-table times must be finite numbers.")
    steps = curve.time[1:]
    done = np.searchsorted(steps, t + _TOL, side="right")
    events = np.r_[0.0, np.cumsum(curve.n_events[1:])][done]
    censored = np.r_[0.0, np.cumsum(curve.n_censored[1:])][done]
    if curve.method == "kaplan-meier":
        at_risk = _km_at_risk(curve, t)
    else:
        at_risk = _actuarial_at_risk(curve, t)
    return pd.DataFrame(
        {"time": t, "at_risk": _counts(at_risk), "events": _counts(events), "censored": _counts(censored)}
    )


def _km_at_risk(curve: SurvivalCurve, t: np.ndarray) -> np.ndarray:
    """The number at risk at the first step time at or after each ``t`` (0 after the last)."""
    steps, at = curve.time[1:], curve.n_at_risk[1:]
    first = np.searchsorted(steps, t - _TOL, side="left")
    return np.where(first < len(at), at[np.minimum(first, len(at) - 1)], 0.0)


def _actuarial_at_risk(curve: SurvivalCurve, t: np.ndarray) -> np.ndarray:
    """Alive at the start of the interval starting at the first boundary at or after each ``t``."""
    at, died, lost = curve.n_at_risk[1:], curve.n_events[1:], curve.n_censored[1:]
    alive = np.r_[at, at[-1] - died[-1] - lost[-1]] if len(at) else np.zeros(1)
    boundary = np.searchsorted(curve.time, t - _TOL, side="left")
    return np.where(boundary < len(alive), alive[np.minimum(boundary, len(alive) - 1)], 0.0)


def _counts(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    whole = np.isfinite(values).all() and (values == np.round(values)).all()
    return values.astype(np.int64) if whole else values


def default_risk_times(last_time: float, max_columns: int = 11, *, start: float = 0.0) -> np.ndarray:
    """Evenly spaced times from ``start`` to ``last_time`` for a risk table.

    The step is the smallest of 1, 2, 5, 10, 20, 50... (whole years for a
    curve a year or longer; 0.1, 0.2, 0.5 for shorter ones) that gives at
    most ``max_columns`` times; the times are multiples of the step.

    Examples
    --------
    >>> default_risk_times(8).tolist()
    [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
    >>> default_risk_times(23).tolist()
    [0.0, 5.0, 10.0, 15.0, 20.0]
    """
    if max_columns < 2:
        raise ValueError(f"A risk table needs at least 2 columns (got max_columns={max_columns}).")
    if not last_time > start:
        return np.array([float(start)])
    smallest = 1.0 if last_time - start >= 1 else 0.01
    for exponent in range(-2, 10):
        for multiple in _STEP_MULTIPLES:
            step = multiple * 10.0**exponent
            if step < smallest:
                continue
            first = math.ceil(start / step - _TOL) * step
            n = math.floor((last_time - first) / step + _TOL) + 1
            if n <= max_columns:
                return np.round(first + step * np.arange(n), 10)
    return np.array([float(start), float(last_time)])
