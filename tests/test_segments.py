"""Group-wise cumulative operations against pandas' groupby."""

from __future__ import annotations

import numpy as np
import pandas as pd

from survival.estimate.segments import argcummin, bounds_of, cumprod, cumsum


def test_against_pandas_groupby():
    rng = np.random.default_rng(3)
    codes = np.sort(rng.integers(0, 40, 500))
    x = rng.uniform(0.5, 1.5, 500)
    bounds = bounds_of(codes)
    by = pd.Series(x).groupby(codes)
    np.testing.assert_allclose(cumprod(x, bounds), by.cumprod(), rtol=1e-14)
    np.testing.assert_allclose(cumsum(x, bounds), by.cumsum(), rtol=1e-14)
    pick = argcummin(x, bounds)
    np.testing.assert_array_equal(x[pick], by.cummin())
    assert (codes[pick] == codes).all() and (pick <= np.arange(500)).all()


def test_argcummin_ties_move_to_the_later_row():
    x = np.array([0.9, 0.8, 0.85, 0.8, 0.7])
    assert argcummin(x, bounds_of(np.zeros(5))).tolist() == [0, 1, 1, 3, 4]


def test_bounds_of_empty_and_runs():
    assert bounds_of(np.array([])).tolist() == [0]
    assert bounds_of(np.array([5, 5, 2, 2, 2, 7])).tolist() == [0, 2, 5, 6]
