"""Each person's population hazard as a piecewise-constant function of follow-up time.

Along follow-up ``u`` (days since diagnosis) a person's attained age is
``age + u`` and calendar time ``diagnosis + u``; the population hazard changes
only where one of them crosses a band edge of the table. :func:`pieces`
returns, for a chunk of people, the sorted edges of each person's pieces (one
row per person, padded with the person's horizon so rows have equal length),
the hazard on each piece and the cumulative hazard at each edge. It is exact:
no day-by-day arrays, and memory grows with the number of band crossings
(about two per year of follow-up), not with the length of follow-up in days.

Two conventions place the edges:

``"exact"``
    at the true crossings; the cumulative hazard is the exact integral of the
    piecewise-constant hazard (relsurv's ``pystep``, R survival's ``survexp``).
``"relsurv"`` (a grid is given)
    each crossing is moved forward to the next point of relsurv's integration
    grid (steps of one day from each distinct follow-up time), and the hazard
    of a step is the one at its start, as ``rs.surv`` computes Ederer II and
    Pohar Perme (relsurv 2.2-9, ``netfastpinter2``, ``precision = 1``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from survival.population.table import PopulationTable, year_start_days


@dataclass(frozen=True)
class Pieces:
    """Padded piecewise-constant hazards of a chunk of people (``m`` rows).

    Attributes
    ----------
    edges : ndarray, shape (m, k + 1)
        Sorted follow-up times (days) where pieces start and end; the first is 0, the
        last the person's horizon; padding repeats the horizon (empty pieces).
    hazard : ndarray, shape (m, k)
        Hazard per day on ``[edges[:, j], edges[:, j + 1])``.
    cumulative : ndarray, shape (m, k + 1)
        Cumulative hazard at each edge.
    """

    edges: np.ndarray
    hazard: np.ndarray
    cumulative: np.ndarray

    @property
    def total(self) -> np.ndarray:
        """Cumulative hazard at each person's horizon."""
        return self.cumulative[:, -1]


def calendar_start(age: np.ndarray, diagnosis: np.ndarray, table: PopulationTable) -> np.ndarray:
    """The calendar coordinate (days since 1970) at diagnosis used to pick the table's year band.

    The date of diagnosis, except for tables whose year advances on birthdays (U.S.
    tables in R's survival): there it is 1 January of the birth year plus the age,
    as ``survexp.fit`` shifts it.
    """
    if not table.year_on_birthday:
        return diagnosis
    birth = np.floor(diagnosis - age).astype(np.int64).astype("datetime64[D]")
    birth_year = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    return year_start_days(birth_year) + age


def pieces(
    age: np.ndarray,
    start: np.ndarray,
    sex: np.ndarray,
    horizon: np.ndarray,
    table: PopulationTable,
    *,
    grid: np.ndarray | None = None,
    zero_hazard: float | None = None,
) -> Pieces:
    """Piecewise-constant hazards from diagnosis to ``horizon`` for a chunk of people.

    Parameters
    ----------
    age, start : ndarray
        Age at diagnosis (days) and calendar coordinate at diagnosis
        (:func:`calendar_start`, days since 1970).
    sex : ndarray of int
        Index into the table's sexes.
    horizon : ndarray
        Follow-up time (days) up to which the pieces are needed (0 or more).
    table : PopulationTable
        Hazards per day.
    grid : ndarray, optional
        Sorted distinct positive follow-up times defining relsurv's one-day integration
        grid; with it, edges are moved to the grid (the ``"relsurv"`` convention). Every
        horizon must be a grid time.
    zero_hazard : float, optional
        Hazard used where the table has 0 (relsurv's ``netwei`` uses 1e-9 per day).
    """
    a_cuts, y_cuts = table.age_cuts, table.year_cuts
    age_edges = _crossings(a_cuts, age, horizon)
    year_edges = _crossings(y_cuts, start, horizon)
    zero = np.zeros((len(age), 1))
    edges = np.concatenate([zero, age_edges, year_edges, horizon[:, None]], axis=1)
    if grid is not None:
        inner = edges < horizon[:, None]
        edges[inner] = snap_to_grid(edges[inner], grid)
    edges.sort(axis=1)
    lengths = np.diff(edges, axis=1)
    rows, cols = np.nonzero(lengths > 0)
    at = edges[rows, cols] if grid is not None else edges[rows, cols] + lengths[rows, cols] / 2
    a_idx = np.searchsorted(a_cuts, age[rows] + at, side="right") - 1
    y_idx = np.clip(np.searchsorted(y_cuts, start[rows] + at, side="right") - 1, 0, None)
    hazard = np.zeros_like(lengths)
    hazard[rows, cols] = table.hazard[sex[rows], a_idx, y_idx]
    if zero_hazard is not None:
        hazard[rows, cols] = np.where(hazard[rows, cols] == 0, zero_hazard, hazard[rows, cols])
    cumulative = np.zeros_like(edges)
    np.cumsum(hazard * lengths, axis=1, out=cumulative[:, 1:])
    return Pieces(edges, hazard, cumulative)


def _crossings(cuts: np.ndarray, origin: np.ndarray, horizon: np.ndarray) -> np.ndarray:
    """Follow-up times at which ``origin + u`` crosses a cut in (origin, origin + horizon).

    One row per person, padded with the horizon.
    """
    first = np.searchsorted(cuts, origin, side="right")  # first cut above the origin
    count = np.clip(np.searchsorted(cuts, origin + horizon, side="left") - first, 0, None)
    width = int(count.max()) if count.size else 0
    k = np.arange(width)
    index = np.minimum(first[:, None] + k, len(cuts) - 1)
    return np.where(k < count[:, None], cuts[index] - origin[:, None], horizon[:, None])


def snap_to_grid(times: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Move each time to the next start of a one-day step of relsurv's grid (``times`` itself if on it).

    The steps run from each grid time ``g[j-1]`` (and from 0) in whole days,
    ``g[j-1], g[j-1] + 1, ...``, the last one shortened to end at ``g[j]``.
    Times past the last grid time are left alone.
    """
    after = np.searchsorted(grid, times, side="left")  # first grid time >= t
    inside = after < len(grid)
    nxt = grid[np.minimum(after, len(grid) - 1)]
    base = np.where(after > 0, grid[np.maximum(after - 1, 0)], 0.0)
    step = base + np.ceil(times - base)
    snapped = np.where(nxt == times, times, np.minimum(step, nxt))
    return np.where(inside, snapped, times)


def fine_grid(grid: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """relsurv's one-day integration steps between consecutive grid times.

    Returns the step starts, their lengths and, for each step, the index of the grid time
    that ends its interval.
    """
    bases = np.r_[0.0, grid[:-1]]
    lengths = grid - bases
    counts = np.ceil(lengths).astype(np.int64)
    interval = np.repeat(np.arange(len(grid)), counts)
    offset = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    starts = bases[interval] + offset
    steps = np.minimum(1.0, grid[interval] - starts)
    return starts, steps, interval
