"""Annual life tables from individual records, with expected survival for relative survival.

Follow-up is cut into intervals of one year (of the population table's length,
``days_per_year``); interval ``k`` is ``(k - 1, k]``: a death or censoring at exactly
``k`` years falls in interval ``k``, as in popEpi. Withdrawals count half (the
actuarial effective number at risk ``n - w / 2``). Records with follow-up 0 are left out.

Three ways of averaging expected survival over the people of a group:

:func:`seer_lifetable`
    SEER*Stat's Ederer II: the expected survival of interval ``k`` is the mean, over the
    people alive at its start, of each person's chance of surviving the whole interval in
    the general population, ``exp(-(Lambda_i(k) - Lambda_i(k - 1)))`` (hazard integrated
    exactly). The result is a :class:`~survival.tables.LifeTable` with an ``expected``
    column, which :func:`survival.estimate.actuarial.actuarial` turns into relative survival
    (cumulative observed / cumulative expected).
:func:`popepi_lifetable` with ``method="e2"``
    popEpi's ``survtab(surv.method = "lifetable", relsurv.method = "e2")``: expected deaths
    ``d* = sum over the person-time at risk in the interval of the population hazard``, each
    person's stretch of the interval taking the hazard at its middle; interval relative
    survival ``1 - (d - d*) / (n - w / 2)``, a difference of hazards rather than a ratio.
:func:`popepi_lifetable` with ``method="pp"``
    popEpi's Pohar Perme life table: the same counts weighted by ``1 / S_i``, where popEpi
    0.4.10 takes ``S_i`` as the expected survival at the start of the interval times
    ``exp(+h / 2)`` (``h`` the hazard of the interval; the sign is popEpi's), and
    ``1 - (d_w - d*_w) / (n_w - w_w / 2)``; its standard error uses the unweighted ``n - w / 2``.

popEpi's calendar time is its ``get.yrs(year.length = "actual")``: the year plus (day of
year - 1) / (days in that year); age and follow-up are in years of ``days_per_year`` days.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from survival.estimate.intervals import z_value
from survival.estimate.net_expected import People, chunks
from survival.estimate.net_pieces import pieces
from survival.estimate.net_records import NetRecords
from survival.population.table import PopulationTable
from survival.tables.lifetable import LifeTable, lifetable_from_frame

POPEPI_TOL = np.sqrt(np.finfo(float).eps)  # popEpi's .Machine$double.eps^0.5


@dataclass(frozen=True)
class _Rows:
    """One row per person and interval they entered (``k`` from 1)."""

    person: np.ndarray
    interval: np.ndarray
    duration: np.ndarray  # years spent in the interval
    event: np.ndarray  # 1 died in it, 0 otherwise
    lost: np.ndarray  # 1 censored in it


def _rows(time_years: np.ndarray, status: np.ndarray, n_intervals: int) -> _Rows:
    entered = np.minimum(np.ceil(time_years).astype(np.int64), n_intervals)
    person = np.repeat(np.arange(len(time_years)), entered)
    interval = np.arange(entered.sum()) - np.repeat(np.cumsum(entered) - entered, entered) + 1
    end = np.minimum(time_years[person], interval)
    exits = time_years[person] <= interval
    return _Rows(
        person,
        interval,
        end - (interval - 1),
        (exits & (status[person] == 1)).astype(float),
        (exits & (status[person] == 0)).astype(float),
    )


def _counts(group: np.ndarray, rows: _Rows, values: np.ndarray, n_groups: int, n_intervals: int):
    flat = group[rows.person] * n_intervals + rows.interval - 1
    return np.bincount(flat, values, n_groups * n_intervals).reshape(n_groups, n_intervals)


def seer_lifetable(
    records: NetRecords, table: PopulationTable, *, by: Sequence[str] = (), years: int = 10
) -> LifeTable:
    """Annual life table with SEER's Ederer II expected interval survival.

    Parameters
    ----------
    records : NetRecords
        One row per person.
    table : PopulationTable
        The population table the records were matched to.
    by : sequence of str
        Group columns.
    years : int
        Number of yearly intervals (a group stops earlier when nobody is left).

    Returns
    -------
    LifeTable
        ``by`` columns, ``interval_start, interval_end, alive, died, lost, expected``.
    """
    records = records.subset(records.time > 0)
    groups, codes = records.group_index(by)
    t_years = records.time / records.days_per_year
    rows = _rows(t_years, records.status, years)
    people = People.of(records, table)
    survive = np.empty(len(rows.person))
    horizon = np.minimum(np.ceil(t_years), years) * records.days_per_year
    for part in chunks(len(people), float(horizon.max()), table):
        pc = pieces(people.age[part], people.start[part], people.sex[part], horizon[part], table)
        sel = slice(*np.searchsorted(rows.person, [part.start, part.stop]))
        local = rows.person[sel] - part.start
        ends = np.stack([rows.interval[sel] - 1, rows.interval[sel]]) * records.days_per_year
        cum = [_at(pc, local, e) for e in ends]
        survive[sel] = np.exp(-(cum[1] - cum[0]))
    return _as_lifetable(groups, codes, rows, survive, tuple(by), years, records.source)


def _at(pc, row: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Cumulative hazard of pieces' rows ``row`` at times ``t``."""
    k = np.clip((pc.edges[row] <= t[:, None]).sum(axis=1) - 1, 0, pc.hazard.shape[1] - 1)
    return pc.cumulative[row, k] + pc.hazard[row, k] * (t - pc.edges[row, k])


def _as_lifetable(groups, codes, rows: _Rows, survive, by, years: int, source: str) -> LifeTable:
    n_groups = len(groups)
    ones = np.ones(len(rows.person))
    alive = _counts(codes, rows, ones, n_groups, years)
    died = _counts(codes, rows, rows.event, n_groups, years)
    lost = _counts(codes, rows, rows.lost, n_groups, years)
    expected = _counts(codes, rows, survive, n_groups, years)
    g, k = np.nonzero(alive > 0)
    frame = pd.DataFrame(
        {
            "interval_start": k.astype(float),
            "interval_end": k + 1.0,
            "alive": alive[g, k],
            "died": died[g, k],
            "lost": lost[g, k],
            "expected": expected[g, k] / alive[g, k],
        }
    )
    for i, column in enumerate(by):
        frame.insert(i, column, [groups[j][i] for j in g])
    return lifetable_from_frame(frame, list(by), source=source or "records")


@dataclass(frozen=True, eq=False)
class PopEpiLifeTable:
    """popEpi's life-table relative survival (``method`` ``"e2"`` or ``"pp"``) for every group.

    ``frame`` has the group columns, then ``interval_start, interval_end, alive, died, lost,
    observed, expected_deaths, relative, relative_se, relative_low, relative_high`` (cumulative
    figures at the interval's end; log(-log) limits).
    """

    frame: pd.DataFrame
    group_columns: tuple[str, ...]
    method: str
    conf_level: float


def popepi_lifetable(
    records: NetRecords,
    table: PopulationTable,
    *,
    method: str = "e2",
    by: Sequence[str] = (),
    years: int = 10,
    conf_level: float = 0.95,
) -> PopEpiLifeTable:
    """popEpi's annual life-table Ederer II (``"e2"``) or Pohar Perme (``"pp"``) relative survival.

    Parameters
    ----------
    records : NetRecords
        One row per person.
    table : PopulationTable
        The population table the records were matched to.
    method : {"e2", "pp"}
        Which estimator (see the module docstring).
    by : sequence of str
        Group columns.
    years : int
        Number of yearly intervals.
    conf_level : float
        Level of the log(-log) limits.
    """
    if method not in ("e2", "pp"):
        raise ValueError(f"method must be 'e2' or 'pp' (got {method!r}).")
    records = records.subset(records.time > 0)
    groups, codes = records.group_index(by)
    rows = _rows(records.time / records.days_per_year, records.status, years)
    hazard = _midpoint_hazard(records, table, rows)
    weight = _pp_weights(rows, hazard) if method == "pp" else np.ones(len(rows.person))
    shape = (len(groups), years)
    c = {
        name: _counts(codes, rows, values, *shape)
        for name, values in {
            "n": np.ones(len(weight)),
            "d": rows.event,
            "w": rows.lost,
            "d_exp": rows.duration * hazard,
            "n_w": weight,
            "d_w": rows.event * weight,
            "d_w2": rows.event * weight**2,
            "w_w": rows.lost * weight,
            "d_exp_w": rows.duration * hazard * weight,
        }.items()
    }
    return _popepi_frame(c, groups, tuple(by), method, conf_level)


def _midpoint_hazard(records: NetRecords, table: PopulationTable, rows: _Rows) -> np.ndarray:
    """Hazard per year at the middle of each row (popEpi's cutLowMerge with mid.scales)."""
    dpy = records.days_per_year
    dates = (records.diagnosis.astype(np.int64)).astype("datetime64[D]")
    year = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    day_of_year = (dates - dates.astype("datetime64[Y]").astype("datetime64[D]")).astype(np.int64)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    per = year + day_of_year / np.where(leap, 366.0, 365.0)
    shift = rows.interval - 1 + rows.duration / 2
    age = records.age[rows.person] / dpy + shift
    cal = per[rows.person] + shift
    a_idx = np.clip(np.searchsorted(table.ages, age + POPEPI_TOL, side="right") - 1, 0, None)
    y_idx = np.clip(np.searchsorted(table.years, cal + POPEPI_TOL, side="right") - 1, 0, None)
    return table.hazard[records.sex[rows.person], a_idx, y_idx] * dpy


def _pp_weights(rows: _Rows, hazard: np.ndarray) -> np.ndarray:
    """popEpi 0.4.10's 'delta' weights for one row per person and interval."""
    spent = hazard * rows.duration
    before = np.cumsum(spent) - spent
    first = np.r_[0, np.flatnonzero(np.diff(rows.person)) + 1]
    offset = np.repeat(before[first], np.diff(np.r_[first, len(rows.person)]))
    at_start = np.exp(-(before - offset))
    return 1.0 / (at_start * np.exp(hazard * (1.0 - POPEPI_TOL) / 2))


def _popepi_frame(c: dict, groups, by: tuple, method: str, conf_level: float) -> PopEpiLifeTable:
    n_eff = c["n"] - c["w"] / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = np.cumprod(1 - c["d"] / n_eff, axis=1)
        se_obs = observed * np.sqrt(np.cumsum(c["d"] / (n_eff * (n_eff - c["d"])), axis=1))
        if method == "e2":
            relative = np.cumprod(1 - (c["d"] - c["d_exp"]) / n_eff, axis=1)
            se = se_obs / np.cumprod(1 - c["d_exp"] / c["n"], axis=1)
            d_exp = c["d_exp"]
        else:
            relative = np.cumprod(1 - (c["d_w"] - c["d_exp_w"]) / (c["n_w"] - c["w_w"] / 2), axis=1)
            se = relative * np.sqrt(np.cumsum(c["d_w2"] / n_eff**2, axis=1))
            d_exp = c["d_exp_w"]
    g, k = np.nonzero(c["n"] > 0)
    low, high = _popepi_loglog(relative[g, k], se[g, k], conf_level)
    frame = pd.DataFrame(
        {
            "interval_start": k.astype(float),
            "interval_end": k + 1.0,
            "alive": c["n"][g, k],
            "died": c["d"][g, k],
            "lost": c["w"][g, k],
            "observed": observed[g, k],
            "expected_deaths": d_exp[g, k],
            "relative": relative[g, k],
            "relative_se": se[g, k],
            "relative_low": low,
            "relative_high": high,
        }
    )
    for i, column in enumerate(by):
        frame.insert(i, column, [groups[j][i] for j in g])
    return PopEpiLifeTable(frame, by, method, conf_level)


def _popepi_loglog(r: np.ndarray, se: np.ndarray, conf_level: float) -> tuple[np.ndarray, np.ndarray]:
    """popEpi's log(-log) limits ``r ** exp(+-z se / (|log r| r))`` (``r`` itself where se is 0)."""
    z = z_value(conf_level)
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = se / (np.abs(np.log(r)) * r)
        low, high = r ** np.exp(z * spread), r ** np.exp(-z * spread)
    flat = se == 0
    return np.where(flat, r, low), np.where(flat, r, high)
