"""Cumulative incidence with competing risks (Aalen-Johansen), and why 1 - Kaplan-Meier overstates it.

Each person either is censored (cause 0) or dies of one of causes 1, 2, ... (say
1 = the cancer, 2 = other causes). At each distinct time ``t_j`` with ``n_j`` at
risk, ``d_kj`` deaths from cause ``k`` and ``d_j`` from all causes, with ``S`` the
all-cause Kaplan-Meier estimate (``S(t_j-)`` just before ``t_j``):

``F_k(t) = sum_{t_j <= t} S(t_j-) d_kj / n_j``

the Aalen-Johansen estimate of the cumulative incidence of cause ``k`` (cmprsk's
``cuminc``, and the state probabilities of R's multi-state ``survfit``). Since
``S(t_j) = S(t_j-) (1 - d_j / n_j)``, at every time ``S + F_1 + F_2 + ... = 1``.

Variance: cmprsk's ``cuminc`` (its Fortran ``cinc``, Robert Gray), an Aalen-type
delta-method estimate written with three running sums; with ``F = F_k(t)``, for
each time ``t_j <= t`` with ``S_j = S(t_j)`` and ``S_j- = S(t_j-)``:

* deaths from cause ``k``: ``(1 + (F_k(t_j) - F) / S_j) ** 2 c_j``;
* deaths from other causes: ``((F_k(t_j) - F) / S_j) ** 2 c_j``;

with ``c_j = S_j- ** 2 (1 - (m - 1) / (n_j - 1)) m / n_j ** 2`` for the ``m`` deaths of
that kind (the factor in brackets is a correction for tied deaths), and the
``1 / S_j`` terms left out once ``S_j`` is 0. The variance changes only at
deaths from cause ``k`` (at other deaths ``F_k(t_j) = F``). R's multi-state
``survfit`` reports a different standard error (the infinitesimal jackknife).

Treating other deaths as censored and taking ``1 - KM`` estimates the risk of dying
of the cancer in a world where no one dies of anything else: it is never below
``F_1`` and overstates the actual risk (:func:`compare_naive_risk`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from survival.estimate.intervals import check_conf_type, confidence_interval, z_value

_WEIGHTS_MESSAGE = "Weights must be whole numbers of people, 0 or more."


class CompetingTable(NamedTuple):
    """Distinct times led by a (0, ...) row: at risk, deaths per cause (rows), censorings."""

    time: np.ndarray
    at_risk: np.ndarray
    died: np.ndarray
    censored: np.ndarray
    causes: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class CumulativeIncidence:
    """The cumulative incidence of one cause (Aalen-Johansen), a right-continuous step function.

    Attributes
    ----------
    time, incidence, se, ci_low, ci_high : ndarray
        Times (led by the start, 0), the cumulative incidence, cmprsk's standard error
        and the pointwise interval.
    survival : ndarray
        All-cause Kaplan-Meier survival at the same times.
    n_at_risk, n_events, n_other, n_censored : ndarray
        At risk; deaths from this cause, from other causes; censorings.
    cause : int
        The cause (1, 2, ...).
    conf_level, conf_type : float, str
        The interval's level and transform (as :mod:`survival.estimate.intervals`).
    label : str
        A display name.
    """

    time: np.ndarray
    incidence: np.ndarray
    se: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    survival: np.ndarray
    n_at_risk: np.ndarray = field(repr=False)
    n_events: np.ndarray = field(repr=False)
    n_other: np.ndarray = field(repr=False)
    n_censored: np.ndarray = field(repr=False)
    cause: int = 1
    conf_level: float = 0.95
    conf_type: str = "log-log"
    label: str = ""

    def __post_init__(self) -> None:
        for name in (
            "time",
            "incidence",
            "se",
            "ci_low",
            "ci_high",
            "survival",
            "n_at_risk",
            "n_events",
            "n_other",
            "n_censored",
        ):
            arr = np.asarray(getattr(self, name), dtype=float)
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)

    def at(self, times) -> np.ndarray:
        """The cumulative incidence at ``times`` (a step function; NaN outside the estimated range)."""
        t = np.atleast_1d(np.asarray(times, dtype=float))
        idx = np.searchsorted(self.time, t, side="right") - 1
        inside = (t >= self.time[0]) & (t <= self.time[-1])
        return np.where(inside, self.incidence[np.clip(idx, 0, len(self.time) - 1)], np.nan)

    def to_frame(self) -> pd.DataFrame:
        """The estimate as a table, one row per time."""
        return pd.DataFrame(
            {
                "time": self.time,
                "incidence": self.incidence,
                "se": self.se,
                "ci_low": self.ci_low,
                "ci_high": self.ci_high,
                "survival": self.survival,
                "n_at_risk": self.n_at_risk,
                "n_events": self.n_events,
                "n_other": self.n_other,
                "n_censored": self.n_censored,
            }
        )


@dataclass(frozen=True, eq=False)
class NaiveRiskComparison:
    """What the teaching page shows: the actual risk of dying of one cause, and 1 - KM beside it.

    Attributes
    ----------
    time : ndarray
        Distinct times, led by 0.
    incidence : ndarray
        Aalen-Johansen cumulative incidence of the cause (the actual risk).
    naive : ndarray
        ``1 - KM`` with deaths from other causes counted as censored.
    other : ndarray
        Cumulative incidence of death from all other causes together.
    survival : ndarray
        All-cause Kaplan-Meier survival; ``survival + incidence + other = 1``.
    cause : int
        The cause of interest.
    label : str
        A display name.
    """

    time: np.ndarray
    incidence: np.ndarray
    naive: np.ndarray
    other: np.ndarray
    survival: np.ndarray
    cause: int = 1
    label: str = ""

    def __post_init__(self) -> None:
        for name in ("time", "incidence", "naive", "other", "survival"):
            arr = np.asarray(getattr(self, name), dtype=float)
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)

    @property
    def overstatement(self) -> np.ndarray:
        """``naive - incidence``: how much 1 - KM overstates the risk (0 or more)."""
        return self.naive - self.incidence

    def at(self, times) -> pd.DataFrame:
        """The five curves read at ``times`` (step functions), one row per time."""
        t = np.atleast_1d(np.asarray(times, dtype=float))
        idx = np.clip(np.searchsorted(self.time, t, side="right") - 1, 0, len(self.time) - 1)
        inside = (t >= self.time[0]) & (t <= self.time[-1])
        columns = {"time": t}
        for name in ("survival", "incidence", "other", "naive"):
            columns[name] = np.where(inside, getattr(self, name)[idx], np.nan)
        columns["overstatement"] = columns["naive"] - columns["incidence"]
        return pd.DataFrame(columns)

    def to_frame(self) -> pd.DataFrame:
        """Every time, with the four curves and the overstatement."""
        return self.at(self.time).assign(time=self.time)


def check_competing_rows(durations, causes, weights=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validate rows once: durations (finite, 0 or more), causes (0 = censored, 1, 2, ...), weights.

    Returns float durations, integer causes and float weights (ones when None),
    rows of weight 0 dropped.

    Raises
    ------
    ValueError
        For lengths that differ, no one to estimate from, negative or non-finite
        durations, causes that are not whole numbers 0 or more, no deaths, or
        weights that are not whole numbers 0 or more.
    """
    t = np.asarray(durations, dtype=float).ravel()
    c = np.asarray(causes, dtype=float).ravel()
    w = np.ones(len(t)) if weights is None else np.asarray(weights, dtype=float).ravel()
    if not len(t) == len(c) == len(w):
        raise ValueError(f"durations, causes and weights differ in length ({len(t)}, {len(c)}, {len(w)}).")
    if not (w.min(initial=0) >= 0 and np.isfinite(w).all()) or (np.floor(w) != w).any():
        raise ValueError(_WEIGHTS_MESSAGE)
    keep = w > 0
    t, c, w = t[keep], c[keep], w[keep]
    if len(t) == 0:
        raise ValueError("There is no one to estimate from (no rows, or every weight is 0).")
    if not (np.isfinite(t).all() and t.min() >= 0):
        raise ValueError("Durations must be finite numbers, 0 or more.")
    if not (np.isfinite(c).all() and c.min() >= 0 and (np.floor(c) == c).all()):
        raise ValueError("Causes must be 0 (censored) or a cause number 1, 2, ...")
    if not (c > 0).any():
        raise ValueError("No one died of any cause, so there is nothing to estimate.")
    return t, c.astype(np.int64), w


def competing_table(durations, causes, weights) -> CompetingTable:
    """Counts per distinct time of validated rows (see :func:`check_competing_rows`)."""
    times, inverse = np.unique(durations, return_inverse=True)
    cause_ids = tuple(int(k) for k in np.unique(causes[causes > 0]))
    died = np.zeros((len(cause_ids), len(times) + 1))
    for row, k in enumerate(cause_ids):
        died[row, 1:] = np.bincount(
            inverse, weights=np.where(causes == k, weights, 0.0), minlength=len(times)
        )
    censored = np.r_[
        0.0, np.bincount(inverse, weights=np.where(causes == 0, weights, 0.0), minlength=len(times))
    ]
    removed = died.sum(axis=0) + censored
    at_risk = np.r_[0.0, np.cumsum(removed[:0:-1])[::-1]]
    return CompetingTable(np.r_[0.0, times], at_risk, died, censored, cause_ids)


def cumulative_incidence(
    durations,
    causes,
    *,
    cause: int = 1,
    weights=None,
    conf_level: float = 0.95,
    conf_type: str = "log-log",
    label: str = "",
) -> CumulativeIncidence:
    """Aalen-Johansen cumulative incidence of ``cause``, with cmprsk's variance (module docstring).

    Parameters
    ----------
    durations : array_like
        Times to death or censoring, 0 or more.
    causes : array_like
        0 for censored, else the cause of death (1, 2, ...).
    cause : int
        The cause whose incidence is wanted.
    weights : array_like, optional
        Whole numbers of people each row stands for.
    conf_level, conf_type : float, str
        Level and transform of the pointwise interval.
    label : str
        A display name.

    Raises
    ------
    ValueError
        For invalid rows (:func:`check_competing_rows`), a ``cause`` no one died of,
        or an unknown ``conf_type``.
    """
    z_value(conf_level)
    check_conf_type(conf_type)
    table = competing_table(*check_competing_rows(durations, causes, weights))
    if cause not in table.causes:
        raise ValueError(f"No one died of cause {cause} (causes present: {list(table.causes)}).")
    return incidence_from_table(table, cause, conf_level, conf_type, label)


def incidence_from_table(
    table: CompetingTable, cause: int, conf_level: float = 0.95, conf_type: str = "log-log", label: str = ""
) -> CumulativeIncidence:
    """The cumulative incidence of ``cause`` from a :class:`CompetingTable`."""
    n = table.at_risk
    own = table.died[table.causes.index(cause)]
    other = table.died.sum(axis=0) - own
    with np.errstate(divide="ignore", invalid="ignore"):
        step = np.where(n > 0, 1.0 - (own + other) / np.where(n > 0, n, 1.0), 1.0)
        survival = np.cumprod(step)
        before = np.r_[1.0, survival[:-1]]
        incidence = np.cumsum(np.where(n > 0, before * own / n, 0.0))
    se = np.sqrt(np.maximum(_cmprsk_variance(n, own, other, survival, before, incidence), 0.0))
    low, high = confidence_interval(incidence, se, conf_level, conf_type)
    return CumulativeIncidence(
        time=table.time,
        incidence=incidence,
        se=se,
        ci_low=low,
        ci_high=high,
        survival=survival,
        n_at_risk=n,
        n_events=own,
        n_other=other,
        n_censored=table.censored,
        cause=cause,
        conf_level=conf_level,
        conf_type=conf_type,
        label=label,
    )


def _cmprsk_variance(n, own, other, survival, before, incidence) -> np.ndarray:
    """cmprsk's running sums v1, v2, v3 and ``v1 + F^2 v3 - 2 F v2`` at this cause's death times."""
    alive = survival > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        inverse = np.where(alive, 1.0 / np.where(alive, survival, 1.0), 0.0)
        sums = np.zeros((3, len(n)))
        for deaths, is_own in ((other, False), (own, True)):
            used = (deaths > 0) & (alive if not is_own else True)
            tie = np.where(deaths > 1, 1.0 - (deaths - 1.0) / (n - 1.0), 1.0)
            c = np.where(used, before**2 * tie * deaths / (n * n), 0.0)
            b = inverse
            a = (1.0 if is_own else 0.0) + b * incidence
            sums += np.array([a * a * c, a * b * c, b * b * c])
    v1, v2, v3 = np.cumsum(sums, axis=1)
    variance = v1 + incidence**2 * v3 - 2 * incidence * v2
    at_own = np.flatnonzero(own > 0)
    carried = np.searchsorted(at_own, np.arange(len(n)), side="right") - 1
    return np.where(carried >= 0, variance[at_own[np.maximum(carried, 0)]], 0.0)


def aalen_johansen(
    durations, causes, *, weights=None, conf_level: float = 0.95, conf_type: str = "log-log", label: str = ""
) -> tuple[CumulativeIncidence, ...]:
    """The cumulative incidence of every cause present, in cause order.

    Arguments as :func:`cumulative_incidence`. With the all-cause survival (the
    ``survival`` of any of them) they add to 1 at all times.
    """
    z_value(conf_level)
    check_conf_type(conf_type)
    table = competing_table(*check_competing_rows(durations, causes, weights))
    return tuple(incidence_from_table(table, k, conf_level, conf_type, label) for k in table.causes)


def compare_naive_risk(
    durations, causes, *, cause: int = 1, weights=None, label: str = ""
) -> NaiveRiskComparison:
    """The actual risk of dying of ``cause`` beside 1 - Kaplan-Meier with other deaths censored.

    ``naive >= incidence`` at every time: 1 - KM answers "what if no one could die of
    anything else", so it overstates the risk when other causes of death compete.
    Arguments as :func:`cumulative_incidence`.
    """
    table = competing_table(*check_competing_rows(durations, causes, weights))
    if cause not in table.causes:
        raise ValueError(f"No one died of cause {cause} (causes present: {list(table.causes)}).")
    result = incidence_from_table(table, cause, label=label)
    n, own = table.at_risk, result.n_events
    with np.errstate(divide="ignore", invalid="ignore"):
        naive = 1.0 - np.cumprod(np.where(n > 0, 1.0 - own / np.where(n > 0, n, 1.0), 1.0))
        other = np.cumsum(
            np.where(n > 0, np.r_[1.0, result.survival[:-1]] * result.n_other / np.where(n > 0, n, 1.0), 0.0)
        )
    return NaiveRiskComparison(
        time=table.time,
        incidence=result.incidence,
        naive=naive,
        other=other,
        survival=result.survival,
        cause=cause,
        label=label,
    )
