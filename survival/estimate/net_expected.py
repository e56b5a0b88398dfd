"""Expected (population) survival of each person, and the chunked sweep the estimators share.

A person's expected survival ``S_i(t) = exp(-Lambda_i(t))`` is the chance that
someone of the same sex, age and calendar year in the general population
survives ``t`` days, the table's hazard integrated exactly along attained age
and calendar time (:mod:`net_pieces`). People are processed in chunks, so memory
does not grow with their number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from survival.estimate.net_pieces import calendar_start, pieces
from survival.estimate.net_records import NetRecords
from survival.estimate.net_sums import GridAccumulator, GridSums
from survival.population.table import PopulationTable

CHUNK_CELLS = 300_000  # padded matrix cells per chunk


@dataclass(frozen=True)
class People:
    """The arrays the estimators need for one group, in days."""

    time: np.ndarray
    status: np.ndarray
    age: np.ndarray
    start: np.ndarray
    sex: np.ndarray
    diagnosis: np.ndarray

    @classmethod
    def of(cls, records: NetRecords, table: PopulationTable, mask=None) -> "People":
        """The records where ``mask`` is true (all by default), with calendar start coordinates."""
        mask = np.ones(len(records), dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
        age = np.asarray(records.age[mask], dtype=float)
        diagnosis = np.asarray(records.diagnosis[mask], dtype=float)
        return cls(
            np.asarray(records.time[mask], dtype=float),
            np.asarray(records.status[mask]),
            age,
            calendar_start(age, diagnosis, table),
            np.asarray(records.sex[mask], dtype=np.int64),
            diagnosis,
        )

    def __len__(self) -> int:
        return len(self.time)


def chunks(n: int, horizon_days: float, table: PopulationTable):
    """Slices of about :data:`CHUNK_CELLS` padded cells each."""
    width = 2 * (horizon_days / table.days_per_year + 2) + 2
    size = max(256, int(CHUNK_CELLS / width))
    for lo in range(0, n, size):
        yield slice(lo, min(n, lo + size))


def sweep(
    people: People,
    horizon: np.ndarray,
    table: PopulationTable,
    acc: GridAccumulator,
    *,
    grid: np.ndarray | None = None,
    zero_hazard: float | None = None,
) -> np.ndarray:
    """Add everyone's pieces up to ``horizon`` to ``acc``; return each person's cumulative hazard there."""
    total = np.empty(len(people))
    longest = float(horizon.max()) if len(horizon) else 0.0
    for part in chunks(len(people), longest, table):
        pc = pieces(
            people.age[part],
            people.start[part],
            people.sex[part],
            horizon[part],
            table,
            grid=grid,
            zero_hazard=zero_hazard,
        )
        acc.add(pc)
        total[part] = pc.total
    return total


def grid_sums(
    people: People,
    horizon: np.ndarray,
    table: PopulationTable,
    queries: np.ndarray,
    *,
    side: str,
    sign: int,
    steps: np.ndarray | None = None,
    two_time: str | None = None,
    grid: np.ndarray | None = None,
    zero_hazard: float | None = None,
    rates: bool = True,
) -> tuple[GridSums, np.ndarray]:
    """:class:`GridSums` at ``queries`` and each person's cumulative hazard at its horizon."""
    acc = GridAccumulator(queries, side=side, sign=sign, steps=steps, two_time=two_time, rates=rates)
    total = sweep(people, horizon, table, acc, grid=grid, zero_hazard=zero_hazard)
    return acc.result(), total


def expected_cumulative_hazard(records: NetRecords, table: PopulationTable, times) -> np.ndarray:
    """Each person's cumulative population hazard at ``times`` (days since diagnosis).

    Parameters
    ----------
    records : NetRecords
        The people (their follow-up and status are not used).
    table : PopulationTable
        Hazards per day.
    times : array_like
        Times since diagnosis in days (0 or more).

    Returns
    -------
    ndarray, shape (len(records), len(times))
        The hazard integrated exactly along each person's attained age and calendar time.
    """
    times = np.atleast_1d(np.asarray(times, dtype=float))
    if (times < 0).any():
        raise ValueError("times must be 0 or more (days since diagnosis).")
    people = People.of(records, table)
    out = np.empty((len(people), len(times)))
    last = float(times.max()) if times.size else 0.0
    for part in chunks(len(people), last, table):
        n = part.stop - part.start
        pc = pieces(people.age[part], people.start[part], people.sex[part], np.full(n, last), table)
        k = np.clip((pc.edges[:, None, :] <= times[None, :, None]).sum(axis=2) - 1, 0, pc.hazard.shape[1] - 1)
        rows = np.arange(n)[:, None]
        out[part] = pc.cumulative[rows, k] + pc.hazard[rows, k] * (times[None, :] - pc.edges[rows, k])
    return out


def expected_survival(records: NetRecords, table: PopulationTable, times) -> np.ndarray:
    """Each person's expected survival ``exp(-Lambda_i(t))`` at ``times`` (days); see
    :func:`expected_cumulative_hazard`."""
    return np.exp(-expected_cumulative_hazard(records, table, times))
