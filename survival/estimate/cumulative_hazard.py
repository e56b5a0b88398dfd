"""The Nelson-Aalen cumulative hazard, its Aalen variance and a pointwise interval.

At each distinct time ``t_i`` with ``n_i`` at risk and ``d_i`` deaths (deaths count
before censorings at a tied time, as everywhere in the package):

* ``H(t) = sum_{t_i <= t} d_i / n_i`` (Nelson 1972, Aalen 1978). Tied deaths are
  taken together, one increment ``d / n``: R's ``survfit`` default
  (``ctype = 1``), not the Fleming-Harrington split ``1/n + 1/(n-1) + ...``;
* ``Var H(t) = sum_{t_i <= t} d_i / n_i ** 2``: the Aalen (Poisson-type) variance, whose
  square root is R's ``survfit`` ``std.chaz``;
* the interval is ``H exp(-+z se / H)`` (``conf_type="log"``, the default, which
  keeps the lower limit above 0) or ``H -+ z se`` cut at 0 (``"plain"``);
  it collapses onto ``H`` where ``H`` is 0.

``exp(-H)`` is the Fleming-Harrington (Breslow) survival estimate, close to but not
equal to Kaplan-Meier's. A kernel-smoothed hazard from these increments is in
:mod:`survival.estimate.hazard_smoothing`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from survival.estimate.event_table import EventTable, check_rows, tally
from survival.estimate.intervals import z_value

#: Interval transforms for a cumulative hazard.
HAZARD_CONF_TYPES = ("log", "plain")


@dataclass(frozen=True, eq=False)
class CumulativeHazard:
    """A Nelson-Aalen cumulative hazard, a right-continuous step function led by the point (start, 0).

    Attributes
    ----------
    time, cumhaz, se, ci_low, ci_high : ndarray
        Times, the cumulative hazard, its Aalen standard error and pointwise interval.
    n_at_risk, n_events, n_censored : ndarray
        At risk, deaths and censorings at each time (zeros on the first row).
    conf_level, conf_type : float, str
        The interval's level and transform (``"log"`` or ``"plain"``).
    label : str
        A display name.
    """

    time: np.ndarray
    cumhaz: np.ndarray
    se: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    n_at_risk: np.ndarray = field(repr=False)
    n_events: np.ndarray = field(repr=False)
    n_censored: np.ndarray = field(repr=False)
    conf_level: float = 0.95
    conf_type: str = "log"
    label: str = ""

    def __post_init__(self) -> None:
        for name in ("time", "cumhaz", "se", "ci_low", "ci_high", "n_at_risk", "n_events", "n_censored"):
            arr = np.asarray(getattr(self, name), dtype=float)
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)

    @property
    def increments(self) -> np.ndarray:
        """The hazard increments ``d / n`` at each time (0 on the first row and at censorings)."""
        return np.diff(self.cumhaz, prepend=0.0)

    def at(self, times) -> np.ndarray:
        """The cumulative hazard at ``times`` (a step function; NaN outside the estimated range)."""
        t = np.atleast_1d(np.asarray(times, dtype=float))
        idx = np.searchsorted(self.time, t, side="right") - 1
        inside = (t >= self.time[0]) & (t <= self.time[-1])
        return np.where(inside, self.cumhaz[np.clip(idx, 0, len(self.time) - 1)], np.nan)

    def to_frame(self) -> pd.DataFrame:
        """The estimate as a table, one row per time."""
        return pd.DataFrame(
            {
                "time": self.time,
                "cumhaz": self.cumhaz,
                "se": self.se,
                "ci_low": self.ci_low,
                "ci_high": self.ci_high,
                "n_at_risk": self.n_at_risk,
                "n_events": self.n_events,
                "n_censored": self.n_censored,
            }
        )


def nelson_aalen(
    durations, events, *, weights=None, conf_level: float = 0.95, conf_type: str = "log", label: str = ""
) -> CumulativeHazard:
    """Nelson-Aalen cumulative hazard with the Aalen variance, as R's ``survfit`` ``cumhaz``/``std.chaz``.

    Parameters
    ----------
    durations, events, weights : array_like
        As for :func:`survival.estimate.kaplan_meier.kaplan_meier`.
    conf_level : float
        Level of the interval.
    conf_type : {"log", "plain"}
        The interval's transform (see the module docstring).
    label : str
        A display name.

    Raises
    ------
    ValueError
        For invalid rows (as ``kaplan_meier``), a level outside (0, 1) or an
        unknown ``conf_type``.
    """
    z_value(conf_level)
    _check_hazard_conf_type(conf_type)
    return hazard_from_table(tally(check_rows(durations, events, weights)), conf_level, conf_type, label)


def hazard_from_table(
    table: EventTable, conf_level: float = 0.95, conf_type: str = "log", label: str = ""
) -> CumulativeHazard:
    """The Nelson-Aalen estimate of an event table (see :mod:`survival.estimate.event_table`)."""
    n, d = table.at_risk, table.died
    with np.errstate(divide="ignore", invalid="ignore"):
        increments = np.where(n > 0, d / n, 0.0)
        variance = np.where(n > 0, d / (n * n), 0.0)
    cumhaz = np.cumsum(increments)
    se = np.sqrt(np.cumsum(variance))
    low, high = hazard_interval(cumhaz, se, conf_level, conf_type)
    return CumulativeHazard(
        time=table.time,
        cumhaz=cumhaz,
        se=se,
        ci_low=low,
        ci_high=high,
        n_at_risk=n,
        n_events=d,
        n_censored=table.censored,
        conf_level=conf_level,
        conf_type=conf_type,
        label=label,
    )


def hazard_interval(cumhaz, se, conf_level: float, conf_type: str = "log") -> tuple[np.ndarray, np.ndarray]:
    """Pointwise interval of a cumulative hazard: ``H exp(-+z se / H)`` (log) or ``H -+ z se`` (plain)."""
    _check_hazard_conf_type(conf_type)
    h = np.asarray(cumhaz, dtype=float)
    se = np.asarray(se, dtype=float)
    z = z_value(conf_level)
    positive = h > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        if conf_type == "log":
            factor = np.exp(z * se / h)
            low, high = h / factor, h * factor
        else:
            low, high = np.maximum(h - z * se, 0.0), h + z * se
    return np.where(positive, low, h), np.where(positive, high, h)


def _check_hazard_conf_type(conf_type: str) -> None:
    """Only the log and plain transforms apply to a cumulative hazard."""
    if conf_type not in HAZARD_CONF_TYPES:
        raise ValueError(f"conf_type for a cumulative hazard must be 'log' or 'plain' (got {conf_type!r}).")
