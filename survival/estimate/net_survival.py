"""Relative and net survival from individual records: Ederer I, Ederer II, Hakulinen, Pohar Perme.

Continuous-time estimators in the form of relsurv's ``rs.surv`` (Pohar Perme
and Pavlic 2018, J Stat Softw 87(8)), evaluated at every distinct follow-up
time ``t_j`` of a group. With ``Y(t)`` the number followed at ``t``, ``dN`` the
deaths, ``S_i`` person ``i``'s expected (population) survival and
``lambda_i`` its population hazard:

* Ederer II: ``S_R = prod(1 - (dN - dL) / Y)``, ``dL = sum_{at risk} (Lambda_i(t_j) -
  Lambda_i(t_{j-1}))``, the population hazard of the people still followed;
* Pohar Perme: ``S_N = prod(1 - (dN_w / Y_w - dL_w))`` with weights ``1 / S_i(t)``:
  ``dN_w = sum dN_i / S_i``, ``Y_w = sum_{at risk} 1 / S_i``, ``dL_w`` the weighted mean
  population hazard over the interval;
* Ederer I: Kaplan-Meier divided by the mean expected survival of everyone, at risk or not;
* Hakulinen: Kaplan-Meier divided by an expected survival whose hazard averages over each
  person's potential follow-up (to ``end_of_follow_up`` for those who died).

Standard errors are on the log scale (relsurv's): ``sqrt(sum dN / Y^2)`` for the Ederer and
Hakulinen estimators, ``sqrt(sum dN_w^(2) / Y_w^2)`` with ``dN_w^(2) = sum dN_i / S_i^2`` for
Pohar Perme; intervals are ``exp(log S +- z se)`` ("log"). Two conventions integrate the
population hazard:

``"relsurv"`` (default)
    exactly as relsurv 2.2-9 does it, to rounding: Ederer II and Pohar Perme step through
    follow-up one day at a time, taking the hazard at the start of each day, and Pohar Perme's
    ``dL_w`` is relsurv's running trapezoid; Ederer I and Hakulinen integrate exactly, with
    relsurv's 1e-9 per day where the table holds 0 and its end-of-interval weights for Hakulinen.
``"exact"``
    the hazard integrated exactly along age and calendar time and ``dL_w = log(Y_w(t_j) /
    Y_w(t_{j-1}+))``, the exact integral for the interval's risk set (likewise Hakulinen's
    expected hazard ``log(sum S_i(t_{j-1}) / sum S_i(t_j))``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError
from survival.estimate.intervals import z_value
from survival.estimate.net_expected import People, grid_sums
from survival.estimate.net_pieces import fine_grid
from survival.estimate.net_records import NetRecords
from survival.estimate.results import SurvivalCurve
from survival.population.table import PopulationTable

METHODS = ("pohar-perme", "ederer2", "ederer1", "hakulinen")
CONVENTIONS = ("relsurv", "exact")
RELSURV_ZERO_HAZARD = 1e-9  # relsurv's netwei replaces a 0 in the table by this (per day)


@dataclass(frozen=True)
class Steps:
    """One group's estimate at its distinct times (days), before it becomes a curve."""

    time: np.ndarray
    at_risk: np.ndarray
    events: np.ndarray
    censored: np.ndarray
    hazard: np.ndarray  # increments: survival = cumprod(1 - hazard)
    variance: np.ndarray  # increments of the log-scale variance
    expected: np.ndarray  # population (expected) survival at each time


@dataclass(frozen=True, eq=False)
class NetSurvival:
    """Relative or net survival of each group, with its expected survival.

    Attributes
    ----------
    method : str
        One of :data:`METHODS`.
    convention : str
        ``"relsurv"`` or ``"exact"``.
    group_columns : tuple of str
        Grouping columns (empty for everyone together).
    groups : tuple of tuple
        Group labels, in order.
    curves : tuple of SurvivalCurve
        Relative (``measure="relative"``) or net (``"net"``) survival, a step function in
        years since diagnosis, with log-type intervals.
    expected : tuple of SurvivalCurve
        The expected survival each estimate divides by (``measure="expected"``).
    conf_level : float
        Level of the intervals.
    """

    method: str
    convention: str
    group_columns: tuple[str, ...]
    groups: tuple[tuple, ...]
    curves: tuple[SurvivalCurve, ...]
    expected: tuple[SurvivalCurve, ...]
    conf_level: float

    def curve(self, group: tuple | str | None = None) -> SurvivalCurve:
        """The curve of one group (the only one by default)."""
        return self.curves[self._index(group)]

    def expected_curve(self, group: tuple | str | None = None) -> SurvivalCurve:
        """The expected survival of one group."""
        return self.expected[self._index(group)]

    def _index(self, group) -> int:
        if group is None:
            if len(self.groups) != 1:
                raise KeyError(f"There are {len(self.groups)} groups; name one of {list(self.groups)}.")
            return 0
        key = (group,) if isinstance(group, str) else tuple(group)
        try:
            return self.groups.index(key)
        except ValueError:
            raise KeyError(f"No group {key}; choose one of {list(self.groups)}.") from None

    def to_frame(self) -> pd.DataFrame:
        """Every group's curve, one row per time, with the group columns first."""
        parts = []
        for group, curve in zip(self.groups, self.curves):
            frame = curve.to_frame()
            for column, label in zip(self.group_columns, group):
                frame.insert(0, column, label)
            parts.append(frame)
        return pd.concat(parts, ignore_index=True)


def relative_survival(
    records: NetRecords,
    table: PopulationTable,
    *,
    method: str = "pohar-perme",
    by: Sequence[str] = (),
    convention: str = "relsurv",
    conf_level: float = 0.95,
    end_of_follow_up: str | np.datetime64 | None = None,
) -> NetSurvival:
    """Relative (Ederer I, Ederer II, Hakulinen) or net (Pohar Perme) survival of each group.

    Parameters
    ----------
    records : NetRecords
        One row per person (records with follow-up 0 are left out, as relsurv does).
    table : PopulationTable
        The population table the records were matched to.
    method : {"pohar-perme", "ederer2", "ederer1", "hakulinen"}
        The estimator (see the module docstring).
    by : sequence of str
        Group columns of ``records``; each group is estimated on its own.
    convention : {"relsurv", "exact"}
        How the population hazard is integrated (see the module docstring).
    conf_level : float
        Level of the log-type intervals.
    end_of_follow_up : date, optional
        Hakulinen only: the date follow-up ended for everyone (relsurv's ``fin.date``);
        default the latest date of death or censoring in the records.

    Returns
    -------
    NetSurvival
    """
    if method not in METHODS:
        raise ValueError(f"Unknown method {method!r}; use one of {METHODS}.")
    if convention not in CONVENTIONS:
        raise ValueError(f"Unknown convention {convention!r}; use one of {CONVENTIONS}.")
    z_value(conf_level)
    keep = records.time > 0
    records = records.subset(keep) if not keep.all() else records
    groups, codes = records.group_index(by)
    end = _end_of_follow_up(records, end_of_follow_up)
    curves, expected = [], []
    for g, group in enumerate(groups):
        people = People.of(records, table, codes == g)
        steps = ESTIMATORS[method](people, table, convention, end)
        label = ", ".join(group)
        curves.append(to_curve(steps, records.days_per_year, method, conf_level, label))
        expected.append(expected_curve(steps, records.days_per_year, label))
    return NetSurvival(
        method, convention, tuple(by), tuple(groups), tuple(curves), tuple(expected), conf_level
    )


def _end_of_follow_up(records: NetRecords, end) -> float:
    last = float(np.max(records.time + records.diagnosis)) if len(records) else 0.0
    if end is None:
        return last
    day = float((np.datetime64(end, "D") - np.datetime64("1970-01-01", "D")) / np.timedelta64(1, "D"))
    if day < last:
        raise SurvivalDataError(
            f"The end of follow-up {np.datetime64(end, 'D')} is before the last death or censoring "
            f"({np.datetime64(int(np.ceil(last)), 'D')})",
            records.source or "end_of_follow_up",
            "give the date follow-up ended for everyone, on or after the last date in the records",
        )
    return day


def counts(people: People, times: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Number followed at each time (``time >= t``), deaths and censorings at it."""
    order = np.sort(people.time)
    at_risk = len(order) - np.searchsorted(order, times, side="left")
    index = np.searchsorted(times, people.time)
    index = np.minimum(index, len(times) - 1)
    on_grid = times[index] == people.time
    events = np.bincount(index[on_grid], people.status[on_grid].astype(float), len(times))
    leaving = np.bincount(index[on_grid], minlength=len(times)).astype(float)
    return at_risk.astype(float), events, leaving - events


def _weighted_events(people: People, times: np.ndarray, total: np.ndarray, power: int) -> np.ndarray:
    """Sum over deaths at each time of ``exp(power * Lambda_i(t))`` (``1 / S_i^power``)."""
    died = people.status == 1
    index = np.searchsorted(times, people.time[died])
    return np.bincount(index, np.exp(power * total[died]), len(times))


def _segment_cumsum(values: np.ndarray, segment: np.ndarray) -> np.ndarray:
    total = np.cumsum(values)
    first = np.r_[0, np.flatnonzero(np.diff(segment)) + 1]
    offset = np.zeros(segment.max() + 1)
    offset[segment[first]] = total[first] - values[first]
    return total - offset[segment]


def _pp_e2_relsurv(people: People, table: PopulationTable) -> dict:
    """relsurv's netfastpinter2 quantities at each distinct time (one-day steps, hazard at step start)."""
    times = np.unique(people.time)
    starts, steps, interval = fine_grid(times)
    sums, total = grid_sums(people, people.time, table, starts, side="start", sign=1, steps=steps, grid=times)
    assert sums.exp_step is not None and sums.lam_exp_step is not None
    a, b = _segment_cumsum(sums.lam_exp, interval), _segment_cumsum(sums.exp, interval)
    a2, b2 = _segment_cumsum(sums.lam_exp_step, interval), _segment_cumsum(sums.exp_step, interval)
    last = np.cumsum(np.bincount(interval)) - 1
    return {
        "times": times,
        "total": total,
        "pop_weighted": np.bincount(interval, steps * (a / b + a2 / b2) / 2),
        "weight_at_risk": sums.exp_step[last],
        "pop_hazard": np.bincount(interval, steps * sums.lam),
    }


def _pp_e2_exact(people: People, table: PopulationTable) -> dict:
    """Exact integrals at each distinct time: log-ratio of weighted numbers at risk."""
    times = np.unique(people.time)
    sums, total = grid_sums(people, people.time, table, times, side="end", sign=1, two_time="one")
    assert sums.two_time is not None
    index = np.searchsorted(times, people.time)
    leaving = np.bincount(index, np.exp(total), len(times))
    before = np.r_[float(len(people)), (sums.exp - leaving)[:-1]]
    return {
        "times": times,
        "total": total,
        "pop_weighted": np.log(sums.exp / before),
        "weight_at_risk": sums.exp,
        "pop_hazard": sums.two_time,
    }


def _pohar_perme(people: People, table: PopulationTable, convention: str, end: float) -> Steps:
    q = (_pp_e2_relsurv if convention == "relsurv" else _pp_e2_exact)(people, table)
    times, w = q["times"], q["weight_at_risk"]
    at_risk, events, censored = counts(people, times)
    hazard = _weighted_events(people, times, q["total"], 1) / w - q["pop_weighted"]
    variance = _weighted_events(people, times, q["total"], 2) / w**2
    return Steps(times, at_risk, events, censored, hazard, variance, np.exp(-np.cumsum(q["pop_weighted"])))


def _ederer2(people: People, table: PopulationTable, convention: str, end: float) -> Steps:
    q = (_pp_e2_relsurv if convention == "relsurv" else _pp_e2_exact)(people, table)
    times = q["times"]
    at_risk, events, censored = counts(people, times)
    hazard = (events - q["pop_hazard"]) / at_risk
    return Steps(
        times,
        at_risk,
        events,
        censored,
        hazard,
        events / at_risk**2,
        np.exp(-np.cumsum(q["pop_hazard"] / at_risk)),
    )


def _ederer1(people: People, table: PopulationTable, convention: str, end: float) -> Steps:
    times = np.unique(people.time)
    zero = RELSURV_ZERO_HAZARD if convention == "relsurv" else None
    horizon = np.full(len(people), times[-1])
    sums, _ = grid_sums(people, horizon, table, times, side="end", sign=-1, zero_hazard=zero, rates=False)
    return _divided(people, times, sums.exp / len(people))


def _hakulinen(people: People, table: PopulationTable, convention: str, end: float) -> Steps:
    observed = np.unique(people.time)
    potential = np.where(people.status == 1, end - people.diagnosis, people.time)
    times = np.unique(np.minimum(observed[-1], np.r_[observed, potential]))
    horizon = np.minimum(potential, times[-1])
    if convention == "relsurv":
        sums, _ = grid_sums(
            people,
            horizon,
            table,
            times,
            side="end",
            sign=-1,
            two_time="exp",
            zero_hazard=RELSURV_ZERO_HAZARD,
        )
        assert sums.two_time is not None
        expected = np.exp(-np.cumsum(sums.two_time / sums.exp))
    else:
        sums, total = grid_sums(people, horizon, table, times, side="end", sign=-1, rates=False)
        index = np.searchsorted(times, horizon)
        leaving = np.bincount(index, np.exp(-total), len(times))
        before = np.r_[float(len(people)), (sums.exp - leaving)[:-1]]
        expected = np.cumprod(sums.exp / before)
    return _divided(people, times, expected)


def _divided(people: People, times: np.ndarray, expected: np.ndarray) -> Steps:
    """Kaplan-Meier divided by ``expected``, written as increments whose product is the ratio."""
    at_risk, events, censored = counts(people, times)
    observed = np.cumprod(1 - events / at_risk)
    ratio = observed / expected
    previous = np.r_[1.0, ratio[:-1]]
    with np.errstate(divide="ignore", invalid="ignore"):
        hazard = np.where(previous != 0, 1 - ratio / previous, 0.0)
    return Steps(times, at_risk, events, censored, hazard, events / at_risk**2, expected)


ESTIMATORS = {"pohar-perme": _pohar_perme, "ederer2": _ederer2, "ederer1": _ederer1, "hakulinen": _hakulinen}


def to_curve(steps: Steps, days_per_year: float, method: str, conf_level: float, label: str) -> SurvivalCurve:
    """The estimate as a step function in years, with log-type limits."""
    survival = np.cumprod(1 - steps.hazard)
    log_se = np.sqrt(np.cumsum(steps.variance))
    z = z_value(conf_level)
    with np.errstate(divide="ignore", invalid="ignore"):
        low = np.where(survival > 0, survival * np.exp(-z * log_se), np.nan)
        high = np.where(survival > 0, survival * np.exp(z * log_se), np.nan)
    measure = "net" if method == "pohar-perme" else "relative"
    return SurvivalCurve(
        time=np.r_[0.0, steps.time / days_per_year],
        survival=np.r_[1.0, survival],
        se=np.r_[0.0, survival * log_se],
        ci_low=np.r_[1.0, low],
        ci_high=np.r_[1.0, high],
        n_at_risk=np.r_[0.0, steps.at_risk],
        n_events=np.r_[0.0, steps.events],
        n_censored=np.r_[0.0, steps.censored],
        conf_level=conf_level,
        conf_type="log",
        method="kaplan-meier",
        measure=measure,
        convention=method,
        label=label,
    )


def expected_curve(steps: Steps, days_per_year: float, label: str) -> SurvivalCurve:
    """The expected survival behind an estimate, as a step function in years."""
    n = len(steps.time) + 1
    value = np.r_[1.0, steps.expected]
    zeros = np.zeros(n)
    return SurvivalCurve(
        time=np.r_[0.0, steps.time / days_per_year],
        survival=value,
        se=zeros,
        ci_low=value,
        ci_high=value,
        n_at_risk=zeros,
        n_events=zeros,
        n_censored=zeros,
        conf_type="none",
        method="kaplan-meier",
        measure="expected",
        label=label,
    )
