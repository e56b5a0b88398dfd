"""Cumulative operations within contiguous groups of rows, in numpy.

A life table holds many groups one after another; ``bounds`` are the
offsets where each group starts, plus the total length at the end.
"""

from __future__ import annotations

import numpy as np


def bounds_of(codes: np.ndarray) -> np.ndarray:
    """Start offsets of runs of equal codes, with ``len(codes)`` appended."""
    codes = np.asarray(codes)
    if codes.size == 0:
        return np.array([0], dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    return np.r_[starts, codes.size].astype(np.int64)


def _each(bounds: np.ndarray):
    return zip(bounds[:-1], bounds[1:])


def cumprod(x: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Running product restarting at each group."""
    out = np.empty_like(x, dtype=float)
    for a, b in _each(bounds):
        out[a:b] = np.multiply.accumulate(x[a:b])
    return out


def cumsum(x: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Running sum restarting at each group."""
    out = np.empty_like(x, dtype=float)
    for a, b in _each(bounds):
        out[a:b] = np.add.accumulate(x[a:b])
    return out


def argcummin(x: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """For each row, the row where its group's running minimum of ``x`` was last reached.

    Ties count as reaching the minimum again. NaN rows point at themselves
    (callers mask them).
    """
    out = np.arange(x.size)
    for a, b in _each(bounds):
        seg = x[a:b]
        running = np.fmin.accumulate(seg)
        reached = (seg <= running) | np.isnan(seg)
        position = np.where(reached, np.arange(a, b), -1)
        out[a:b] = np.maximum.accumulate(position)
    return out
