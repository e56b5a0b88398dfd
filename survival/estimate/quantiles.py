"""When a curve falls to a probability: the median and other quantiles, two named conventions.

A Kaplan-Meier curve can be flat at exactly one half (8/10 x 7/8 x 5/7 = 1/2), and
then "the time survival falls to one half" is an interval, not a point. Two
conventions name a point, and every quantile states which it used:

* ``"first"`` (the project's, lifelines' and SAS's): the first time the curve is at
  ``p`` or below. The curve's arithmetic is rounded, so an exact 1/2 may be stored
  as 0.5000000000000001; a value counts as ``p`` when it is within
  ``8 (i + 1)`` machine epsilons (relative) of it, ``i`` being its row: a bound on
  the rounding of a product of ``i`` ratios, and far below the distance between any
  two different survival values of real data. On actuarial curves (straight lines
  between interval ends) the crossing is interpolated.
* ``"midpoint"`` (R's ``quantile.survfit``, and so ``print(survfit(...))``): where
  the curve is flat at ``p`` it takes the middle of the flat stretch, ending at the
  next step down, or at the last follow-up time when the curve ends flat. R's own
  rule (its internal ``findq``), with its absolute tolerance ``sqrt(eps)`` (about
  1.5e-8) on ``1 - S``. For step (Kaplan-Meier) curves only.

A confidence interval for a quantile is where the band's limits cross ``p``, found
by the same convention. Under ``"midpoint"`` the band is read as R reads it: points
where survival is 0 have no band (R's limits are missing there), so they are skipped.
"""

from __future__ import annotations

import numpy as np

#: The named conventions for a curve that is flat at the probability.
CONVENTIONS = ("first", "midpoint")
#: R's tolerance in ``quantile.survfit``: ``sqrt(.Machine$double.eps)``.
R_TOLERANCE = float(np.sqrt(np.finfo(float).eps))
_EPS = float(np.finfo(float).eps)


def check_convention(convention: str) -> str:
    """``convention`` itself when it is one of :data:`CONVENTIONS`, else ``ValueError``."""
    if convention not in CONVENTIONS:
        raise ValueError(f"convention must be 'first' or 'midpoint' (got {convention!r}).")
    return convention


def check_probability(p: float) -> float:
    """``p`` as a float when ``0 < p < 1``, else ``ValueError``."""
    if not 0 < p < 1:
        raise ValueError(f"The probability must lie between 0 and 1 (got {p}).")
    return float(p)


def first_crossing(time: np.ndarray, values: np.ndarray, p: float, steps: bool) -> float:
    """The first time ``values`` are at ``p`` or below (NaN if never).

    ``steps``: read as a step function (the time of that row) or, if False, as straight
    lines between rows (interpolated). See the module docstring for the tolerance.
    """
    slack = 8 * _EPS * (np.arange(len(values)) + 1.0)
    at_or_below = values <= p * (1 + slack)
    below = np.flatnonzero(at_or_below)
    if below.size == 0:
        return float("nan")
    i = below[0]
    if steps or i == 0 or abs(values[i] - p) <= p * slack[i]:
        return float(time[i])
    t0, t1, s0, s1 = time[i - 1], time[i], values[i - 1], values[i]
    return float(t0 + (s0 - p) / (s0 - s1) * (t1 - t0))


def midpoint_crossing(
    time: np.ndarray, values: np.ndarray, p: float, tolerance: float = R_TOLERANCE
) -> float:
    """R's quantile of a step function ``values`` (NaN entries skipped), as ``quantile.survfit``.

    With ``y = 1 - values`` (repeated values dropped, keeping the first time of each),
    the quantile is the mean of the first time ``y >= (1 - p) - tol`` and the first time
    ``y >= (1 - p) + tol``; when the last value is within ``tol`` of ``1 - p``, the
    second is the last time of the curve. One deliberate difference from R: a curve
    whose last value is within ``tol`` above ``p`` counts as reaching ``p`` (R's first
    check has no tolerance there, so it turns on the last bit of its arithmetic).
    """
    target = 1.0 - p
    x = np.asarray(time, dtype=float)
    y = 1.0 - np.asarray(values, dtype=float)
    if np.isnan(y).all() or np.nanmax(y) < target - tolerance:
        return float("nan")
    x_max = float(x[-1])
    _, first = np.unique(y, return_index=True, equal_nan=True)  # R's !duplicated(y)
    first.sort()
    x, y = x[first], y[first]
    last = y[-1]  # NaN: no last-point rule
    known = ~np.isnan(y)
    x, y = x[known], y[known]
    low = _first_at_least(y + tolerance, target)
    high = _first_at_least(y - tolerance, target)
    if low is None:
        return float("nan")
    if abs(target - last) < tolerance:
        return float((x[low] + x_max) / 2)
    if high is None:
        return float("nan")
    return float((x[low] + x[high]) / 2)


def _first_at_least(knots: np.ndarray, value: float) -> int | None:
    """Index of the smallest knot at or above ``value``, None outside the knots' range.

    This is R's ``approx(knots, seq_along(knots), value, method = "constant", f = 1)``,
    which sorts the knots first: for a curve that never rises, the first such time.
    """
    order = np.argsort(knots, kind="stable")
    ordered = knots[order]
    if value < ordered[0] or value > ordered[-1]:
        return None
    return int(order[np.searchsorted(ordered, value, side="left")])
