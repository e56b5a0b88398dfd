"""Result values: frozen dataclasses of numpy arrays.

:class:`SurvivalCurve` is what every estimator returns for one group
(actuarial, Kaplan-Meier, conditional; observed, relative or expected
survival): read it with :meth:`~SurvivalCurve.at`, :meth:`~SurvivalCurve.median`,
:meth:`~SurvivalCurve.rmst` or :meth:`~SurvivalCurve.to_frame`. Its arrays are
read-only, and plain dataclasses pickle cheaply for Streamlit's cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from survival.estimate.intervals import confidence_interval
from survival.estimate.quantiles import (
    check_convention,
    check_probability,
    first_crossing,
    midpoint_crossing,
)


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
    convention : str
        ``"first"`` or ``"midpoint"`` (see :mod:`survival.estimate.quantiles`).
    conf_type : str
        The transform of the band the interval was read from.
    """

    value: float
    ci_low: float
    ci_high: float
    reached: bool
    conf_level: float
    last_time: float = float("nan")
    start: float = 0.0
    convention: str = "first"
    conf_type: str = "log-log"

    @property
    def estimable(self) -> bool:
        """False when the curve has no estimated point after its start."""
        return self.last_time > self.start


@dataclass(frozen=True)
class Quantile:
    """The time by which a share ``1 - probability`` has died, with its confidence interval.

    Attributes
    ----------
    probability : float
        The survival probability the curve falls to (0.5 for the median).
    value, ci_low, ci_high : float
        The time and the times the band's lower and upper limits fall to
        ``probability`` (NaN when never).
    convention : str
        ``"first"`` or ``"midpoint"`` (see :mod:`survival.estimate.quantiles`).
    conf_level, conf_type : float, str
        The band's level and transform.
    """

    probability: float
    value: float
    ci_low: float
    ci_high: float
    convention: str
    conf_level: float
    conf_type: str


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
        The band's level and transform (``"log-log"``, ``"log"``, ``"plain"`` or
        ``"arcsine"``; see :mod:`survival.estimate.intervals`).
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
        for name in ("time", "survival", "se", "ci_low", "ci_high", "n_at_risk", "n_events", "n_censored"):
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

    def median(self, convention: str = "first") -> Median:
        """Median survival with the band's crossing times as its CI.

        ``convention="first"`` (the default) takes the first time survival falls to
        0.5 or below: the step's time for Kaplan-Meier curves, interpolated on the
        straight line between interval ends for actuarial curves. ``"midpoint"`` is R's
        rule for step curves (the middle of a stretch where survival is exactly one
        half); see :mod:`survival.estimate.quantiles`. See :class:`Median` for when it
        is not reached or cannot be estimated.
        """
        q = self.quantile(0.5, convention)
        return Median(
            value=q.value,
            ci_low=q.ci_low,
            ci_high=q.ci_high,
            reached=bool(np.isfinite(q.value)),
            conf_level=self.conf_level,
            last_time=self.last_time,
            start=float(self.time[0]),
            convention=convention,
            conf_type=self.conf_type,
        )

    def quantile(self, p: float, convention: str = "first") -> Quantile:
        """The time survival falls to ``p``, with the times its band's limits do.

        Raises ``ValueError`` unless ``0 < p < 1``, for an unknown convention, or for
        ``"midpoint"`` on an actuarial curve.
        """
        p = check_probability(p)
        return Quantile(
            probability=p,
            value=self._crossing(self.survival, p, convention),
            ci_low=self._crossing(self.ci_low, p, convention, band=True),
            ci_high=self._crossing(self.ci_high, p, convention, band=True),
            convention=convention,
            conf_level=self.conf_level,
            conf_type=self.conf_type,
        )

    def quantile_time(self, p: float, convention: str = "first") -> float:
        """First time survival falls to ``p`` or below (NaN if it never does)."""
        return self._crossing(self.survival, check_probability(p), convention)

    def _crossing(
        self, values: np.ndarray, p: float = 0.5, convention: str = "first", band: bool = False
    ) -> float:
        if check_convention(convention) == "first":
            return first_crossing(self.time, values, p, steps=self.method == "kaplan-meier")
        if self.method != "kaplan-meier":
            raise ValueError(
                "convention='midpoint' is R's rule for step (Kaplan-Meier) curves; "
                "use convention='first' for an actuarial curve."
            )
        if band:  # R has no band where survival is 0
            values = np.where(self.survival > 0, values, np.nan)
        return midpoint_crossing(self.time, values, p)

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

    def confidence_interval(
        self, level: float, conf_type: str | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The band at another ``level`` (and transform), from the standard errors.

        ``conf_type`` defaults to the curve's own (see
        :func:`survival.estimate.intervals.confidence_interval`). Only for observed
        survival, whose band is built from ``se`` directly.
        """
        if self.measure != "observed":
            raise ValueError("confidence_interval(level) is available for observed survival only.")
        return confidence_interval(
            self.survival, self.se, level, self.conf_type if conf_type is None else conf_type
        )

    def with_conf_type(self, conf_type: str) -> SurvivalCurve:
        """The same curve with its band recomputed under another transform (from ``se``).

        Observed survival only: a relative or expected curve keeps its own band.
        """
        if self.conf_type == conf_type or self.measure != "observed":
            return self
        low, high = self.confidence_interval(self.conf_level, conf_type)
        return replace(self, ci_low=low, ci_high=high, conf_type=conf_type)

    def to_frame(self) -> pd.DataFrame:
        """The curve as a table, one row per time."""
        return pd.DataFrame(
            {
                "time": self.time,
                "survival": self.survival,
                "se": self.se,
                "ci_low": self.ci_low,
                "ci_high": self.ci_high,
                "n_at_risk": self.n_at_risk,
                "n_events": self.n_events,
                "n_censored": self.n_censored,
            }
        )
