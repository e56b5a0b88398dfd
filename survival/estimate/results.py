"""Result values: frozen dataclasses of numpy arrays.

:class:`SurvivalCurve` is what every estimator returns for one group
(actuarial, Kaplan-Meier, conditional; observed, relative or expected
survival): read it with :meth:`~SurvivalCurve.at`, :meth:`~SurvivalCurve.median`,
:meth:`~SurvivalCurve.rmst` or :meth:`~SurvivalCurve.to_frame`. Its arrays are
read-only, and plain dataclasses pickle cheaply for Streamlit's cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from survival.estimate.intervals import loglog_interval


@dataclass(frozen=True)
class Median:
    """Median survival time (years) with its confidence interval.

    ``value`` is NaN and ``reached`` False when survival never falls to one
    half by ``last_time``, the last time the curve is estimated at; when
    ``last_time`` equals the curve's start, nothing could be estimated.
    ``ci_high`` is NaN when the upper band never falls to one half.

    Attributes
    ----------
    value : float
        The median in years (NaN when not reached).
    ci_low, ci_high : float
        Where the lower and upper limits of the band fall to one half.
    reached : bool
        Whether survival falls to one half or below within follow-up.
    conf_level : float
        Level of the band.
    last_time : float
        The last time the curve is estimated at.
    start : float
        Where the curve starts (0, or the years already lived).
    """

    value: float
    ci_low: float
    ci_high: float
    reached: bool
    conf_level: float
    last_time: float = float("nan")
    start: float = 0.0

    @property
    def estimable(self) -> bool:
        """False when the curve has no estimated point after its start."""
        return self.last_time > self.start


@dataclass(frozen=True, eq=False)
class SurvivalCurve:
    """One estimated survival curve.

    Times are in years since diagnosis (or since ``start`` for a conditional
    curve) and begin with the point (start, 1). ``survival`` is cumulative.

    Attributes
    ----------
    time, survival, se, ci_low, ci_high : ndarray
        The curve, its standard error and pointwise confidence band.
    n_at_risk, n_events, n_censored : ndarray
        Counts behind each step: alive at the start of the interval (or at
        the event time), deaths and losses in it. The first point has zeros.
    conf_level, conf_type : float, str
        The band's level and transform (``"log-log"``).
    method : str
        ``"actuarial"`` (values at interval ends, joined by straight lines)
        or ``"kaplan-meier"`` (a right-continuous step function).
    measure : str
        ``"observed"``, ``"relative"`` or ``"expected"``.
    convention : str
        For relative survival, ``"seer"`` or ``"ratio"``; empty otherwise.
    label : str
        A display name for the group.
    start : float
        0, or the time already lived for a conditional curve.
    """

    time: np.ndarray
    survival: np.ndarray
    se: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    n_at_risk: np.ndarray = field(repr=False)
    n_events: np.ndarray = field(repr=False)
    n_censored: np.ndarray = field(repr=False)
    conf_level: float = 0.95
    conf_type: str = "log-log"
    method: str = "actuarial"
    measure: str = "observed"
    convention: str = ""
    label: str = ""
    start: float = 0.0

    def __post_init__(self) -> None:
        for name in ("time", "survival", "se", "ci_low", "ci_high",
                     "n_at_risk", "n_events", "n_censored"):
            arr = np.asarray(getattr(self, name), dtype=float)
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)

    @property
    def last_time(self) -> float:
        """The last time the curve is estimated at."""
        return float(self.time[-1])

    def at(self, times) -> np.ndarray:
        """Survival at ``times`` (NaN outside the estimated range).

        Kaplan-Meier curves are read as step functions; actuarial curves are
        exact at interval ends and joined by straight lines between them.
        """
        return self._read(self.survival, times)

    def ci_at(self, times) -> tuple[np.ndarray, np.ndarray]:
        """The confidence band (low, high) at ``times``, read like :meth:`at`."""
        return self._read(self.ci_low, times), self._read(self.ci_high, times)

    def se_at(self, times) -> np.ndarray:
        """The standard error at ``times``, read like :meth:`at`."""
        return self._read(self.se, times)

    def _read(self, values: np.ndarray, times) -> np.ndarray:
        t = np.atleast_1d(np.asarray(times, dtype=float))
        inside = (t >= self.time[0]) & (t <= self.time[-1] + 1e-12)
        if self.method == "kaplan-meier":
            idx = np.searchsorted(self.time, t, side="right") - 1
            out = values[np.clip(idx, 0, len(values) - 1)]
        else:
            out = np.interp(t, self.time, values)
        return np.where(inside, out, np.nan)

    def median(self) -> Median:
        """Median survival with the band's crossing times as its CI.

        The first time survival falls to 0.5 or below: the step's time for
        Kaplan-Meier curves, interpolated on the straight line between
        interval ends for actuarial curves. See :class:`Median` for when it
        is not reached or cannot be estimated.
        """
        return Median(
            value=self._crossing(self.survival),
            ci_low=self._crossing(self.ci_low),
            ci_high=self._crossing(self.ci_high),
            reached=bool(np.nanmin(self.survival) <= 0.5),
            conf_level=self.conf_level,
            last_time=self.last_time,
            start=float(self.time[0]),
        )

    def quantile_time(self, p: float) -> float:
        """First time survival falls to ``p`` or below (NaN if it never does)."""
        return self._crossing(self.survival, p)

    def _crossing(self, values: np.ndarray, p: float = 0.5) -> float:
        below = np.flatnonzero(values <= p)
        if below.size == 0:
            return float("nan")
        i = below[0]
        if self.method == "kaplan-meier" or i == 0 or values[i] == p:
            return float(self.time[i])
        t0, t1, s0, s1 = self.time[i - 1], self.time[i], values[i - 1], values[i]
        return float(t0 + (s0 - p) / (s0 - s1) * (t1 - t0))

    def rmst(self, horizon: float) -> float:
        """Restricted mean survival time: the area under the curve up to ``horizon``.

        The average number of years lived between the curve's start and
        ``horizon``: trapezoids for actuarial curves (straight lines between
        interval ends), rectangles for Kaplan-Meier steps.

        Parameters
        ----------
        horizon : float
            Years since diagnosis, inside the estimated range.

        Returns
        -------
        float
            Years.

        Raises
        ------
        ValueError
            When ``horizon`` lies outside the estimated range.
        """
        if horizon > self.time[-1] + 1e-12 or horizon < self.time[0]:
            raise ValueError(
                f"The curve is estimated from {self.time[0]:g} to {self.time[-1]:g} "
                f"years; choose a horizon inside that range (got {horizon:g})."
            )
        t = np.append(self.time[self.time < horizon], horizon)
        if self.method == "kaplan-meier":
            s = self.survival[: len(t) - 1]
            return float(np.sum(s * np.diff(t)))
        s = np.interp(t, self.time, self.survival)
        return float(np.sum((s[1:] + s[:-1]) / 2 * np.diff(t)))

    def confidence_interval(self, level: float) -> tuple[np.ndarray, np.ndarray]:
        """The log(-log) band at another ``level``, from the standard errors.

        Only for observed survival, whose band is built from ``se`` directly.
        """
        if self.measure != "observed":
            raise ValueError("confidence_interval(level) is available for observed survival only.")
        return loglog_interval(self.survival, self.se, level)

    def to_frame(self) -> pd.DataFrame:
        """The curve as a table, one row per time."""
        return pd.DataFrame({
            "time": self.time, "survival": self.survival, "se": self.se,
            "ci_low": self.ci_low, "ci_high": self.ci_high,
            "n_at_risk": self.n_at_risk, "n_events": self.n_events,
            "n_censored": self.n_censored,
        })
