"""A kernel-smoothed hazard rate for teaching: Epanechnikov kernel, Müller-Wang boundary kernels.

The Nelson-Aalen increments ``dH_i = d_i / n_i`` at the death times ``t_i`` are spread
over a window of half-width ``b`` (the bandwidth) around each time ``t``
(Ramlau-Hansen 1983):

``h(t) = (1 / b) sum_i K((t - t_i) / b) dH_i``,
``Var h(t) = (1 / b ** 2) sum_i K((t - t_i) / b) ** 2 d_i / n_i ** 2``.

``K`` is the Epanechnikov kernel ``0.75 (1 - x ** 2)`` on [-1, 1]. Within ``b`` of the
start (time 0) or of the end of the grid, half the window would fall outside the
data and the plain kernel would be biased towards 0; there the boundary kernels of
Müller and Wang (1994), as in R's ``muhaz``, are used instead: with ``q`` the
distance to the boundary in bandwidths (``0 <= q < 1``),

``K_q(x) = 12 / (1 + q) ** 4 (x + 1) (x (1 - 2q) + (3 q ** 2 - 2 q + 1) / 2)`` on [-1, q]

at the left end (mirrored, ``K_q(-x)``, at the right). ``K_q`` integrates to 1 and
has first moment 0, and ``K_1`` is the Epanechnikov kernel. Boundary kernels take
negative values, so the estimate can dip below 0 near the ends: it is reported as
computed, not clipped.

Bandwidth: fixed (global), ``b = (end - start) / (2 d ** (1/5))`` unless given, ``d``
the number of deaths: the ``d ** (-1/5)`` rate that minimises the mean squared error
of a second-order kernel, with a constant chosen for readable teaching curves (R's
``muhaz`` instead chooses local bandwidths by minimising an estimated MSE; this is
the simpler, stated rule). The grid runs from the curve's start to the last death
time (``end``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from survival.estimate.cumulative_hazard import CumulativeHazard


@dataclass(frozen=True, eq=False)
class SmoothedHazard:
    """A kernel-smoothed hazard rate on a grid of times.

    Attributes
    ----------
    time, hazard, se : ndarray
        The grid, the smoothed hazard (deaths per person per unit of time) and its
        standard error.
    bandwidth : float
        Half-width of the kernel window, in the unit of time.
    kernel, boundary : str
        ``"epanechnikov"`` and ``"muller-wang"``.
    label : str
        A display name.
    """

    time: np.ndarray
    hazard: np.ndarray
    se: np.ndarray
    bandwidth: float
    kernel: str = "epanechnikov"
    boundary: str = "muller-wang"
    label: str = ""

    def __post_init__(self) -> None:
        for name in ("time", "hazard", "se"):
            arr = np.asarray(getattr(self, name), dtype=float)
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)

    def to_frame(self) -> pd.DataFrame:
        """The estimate as a table, one row per grid time."""
        return pd.DataFrame({"time": self.time, "hazard": self.hazard, "se": self.se})


def default_bandwidth(start: float, end: float, deaths: float) -> float:
    """The stated rule ``(end - start) / (2 d ** (1/5))``."""
    return (end - start) / (2.0 * max(deaths, 1.0) ** 0.2)


def epanechnikov(x) -> np.ndarray:
    """The Epanechnikov kernel ``0.75 (1 - x ** 2)`` on [-1, 1], 0 outside."""
    x = np.asarray(x, dtype=float)
    return np.where(np.abs(x) <= 1, 0.75 * (1 - x * x), 0.0)


def boundary_kernel(x, q: float) -> np.ndarray:
    """Müller and Wang's left boundary kernel ``K_q`` on [-1, q] (0 outside), for ``0 <= q <= 1``."""
    x = np.asarray(x, dtype=float)
    value = 12.0 / (1 + q) ** 4 * (x + 1) * (x * (1 - 2 * q) + (3 * q * q - 2 * q + 1) / 2)
    return np.where((x >= -1) & (x <= q), value, 0.0)


def smoothed_hazard(
    cumhaz: CumulativeHazard, *, bandwidth: float | None = None, points: int = 101, end: float | None = None
) -> SmoothedHazard:
    """Kernel-smoothed hazard from a Nelson-Aalen estimate (see the module docstring).

    Parameters
    ----------
    cumhaz : CumulativeHazard
        From :func:`survival.estimate.cumulative_hazard.nelson_aalen`.
    bandwidth : float, optional
        Half-width of the window; default the stated rule.
    points : int
        Number of grid times, evenly spaced from the start to ``end``.
    end : float, optional
        Last grid time; default the last death time.

    Raises
    ------
    ValueError
        With no deaths, fewer than 2 grid points, or a bandwidth that is not positive
        or is half the grid's span or more (the two boundary regions would overlap).
    """
    deaths = cumhaz.n_events > 0
    if not deaths.any():
        raise ValueError("No one died, so there is no hazard to smooth.")
    start = float(cumhaz.time[0])
    end = float(cumhaz.time[deaths][-1]) if end is None else float(end)
    if points < 2 or not end > start:
        raise ValueError("The grid needs 2 or more points and an end after the start.")
    b = default_bandwidth(start, end, float(cumhaz.n_events.sum())) if bandwidth is None else bandwidth
    if not 0 < b < (end - start) / 2:
        raise ValueError(
            f"The bandwidth must be above 0 and below half the span ({(end - start) / 2:g}); got {b:g}."
        )
    t_i = cumhaz.time[deaths]
    n, d = cumhaz.n_at_risk[deaths], cumhaz.n_events[deaths]
    grid = np.linspace(start, end, points)
    hazard, variance = np.empty(points), np.empty(points)
    for row, t in enumerate(grid):
        lo, hi = np.searchsorted(t_i, [t - b, t + b], side="left")[0], np.searchsorted(t_i, t + b, "right")
        weights = kernel_at(t, t_i[lo:hi], b, start, end)
        hazard[row] = weights @ (d[lo:hi] / n[lo:hi]) / b
        variance[row] = (weights**2) @ (d[lo:hi] / (n[lo:hi] * n[lo:hi])) / (b * b)
    return SmoothedHazard(
        time=grid, hazard=hazard, se=np.sqrt(variance), bandwidth=float(b), label=cumhaz.label
    )


def kernel_at(t: float, t_i: np.ndarray, b: float, start: float, end: float) -> np.ndarray:
    """``K((t - t_i) / b)`` for the death times ``t_i``, with a boundary kernel within ``b`` of either end."""
    x = (t - t_i) / b
    if t - start < b:
        return boundary_kernel(x, (t - start) / b)
    if end - t < b:
        return boundary_kernel(-x, (end - t) / b)
    return epanechnikov(x)
