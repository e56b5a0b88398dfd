"""Tests for survival.estimate.hazard_smoothing: kernel moments, a slow walk, and a constant hazard."""

from __future__ import annotations

import numpy as np
import pytest
from r_reference import rows
from scipy.integrate import quad

from survival.estimate.cumulative_hazard import nelson_aalen
from survival.estimate.hazard_smoothing import (
    boundary_kernel,
    default_bandwidth,
    epanechnikov,
    smoothed_hazard,
)


@pytest.mark.parametrize("q", [0.0, 0.1, 0.35, 0.5, 0.8, 1.0])
def test_boundary_kernels_integrate_to_one_with_mean_zero(q):
    assert quad(lambda x: float(boundary_kernel(x, q)), -1, q)[0] == pytest.approx(1, abs=1e-12)
    assert quad(lambda x: x * float(boundary_kernel(x, q)), -1, q)[0] == pytest.approx(0, abs=1e-12)


def test_full_boundary_kernel_is_epanechnikov():
    x = np.linspace(-1, 1, 41)
    np.testing.assert_allclose(boundary_kernel(x, 1.0), epanechnikov(x), rtol=0, atol=1e-15)
    assert epanechnikov(1.5) == 0.0


def slow_smoother(times, events, grid, b, end):
    """The estimator written out: one loop over grid times, one over people."""
    deaths = sorted({t for t, e in zip(times, events) if e})
    hazard = []
    for t in grid:
        total = 0.0
        for u in deaths:
            n = sum(1 for v in times if v >= u)
            d = sum(1 for v, e in zip(times, events) if v == u and e)
            x = (t - u) / b
            if t < b:
                q = t / b
                k = (
                    12 / (1 + q) ** 4 * (x + 1) * (x * (1 - 2 * q) + (3 * q * q - 2 * q + 1) / 2)
                    if -1 <= x <= q
                    else 0
                )
            elif end - t < b:
                q, y = (end - t) / b, -x
                k = (
                    12 / (1 + q) ** 4 * (y + 1) * (y * (1 - 2 * q) + (3 * q * q - 2 * q + 1) / 2)
                    if -1 <= y <= q
                    else 0
                )
            else:
                k = 0.75 * (1 - x * x) if abs(x) <= 1 else 0
            total += k * d / n
        hazard.append(total / b)
    return np.array(hazard)


def test_equals_a_slow_walk_on_lung():
    t, e = rows("lung", "female")
    h = nelson_aalen(t, e)
    smooth = smoothed_hazard(h, bandwidth=120.0, points=41)
    expected = slow_smoother(t.tolist(), e.tolist(), smooth.time, 120.0, float(h.time[h.n_events > 0][-1]))
    np.testing.assert_allclose(smooth.hazard, expected, rtol=1e-12, atol=1e-15)
    assert smooth.bandwidth == 120.0 and smooth.kernel == "epanechnikov" and smooth.boundary == "muller-wang"


def test_recovers_a_constant_hazard_with_boundary_correction():
    rng = np.random.default_rng(7)
    n = 40_000
    death, censor = rng.exponential(1 / 0.2, n), rng.uniform(0, 15, n)
    h = nelson_aalen(np.minimum(death, censor), (death <= censor).astype(int))
    smooth = smoothed_hazard(h, end=10.0, points=51)
    # within 4 standard errors of 0.2 everywhere, the ends included (no dip towards 0 at t = 0)
    assert np.all(np.abs(smooth.hazard - 0.2) < 4 * smooth.se)
    assert smooth.hazard[0] == pytest.approx(0.2, abs=0.02)
    assert smooth.bandwidth == pytest.approx(default_bandwidth(0.0, 10.0, h.n_events.sum()))


def test_bad_arguments_are_refused():
    h = nelson_aalen([1, 2, 3, 4], [1, 1, 0, 1])
    with pytest.raises(ValueError, match="The bandwidth must be above 0 and below half the span"):
        smoothed_hazard(h, bandwidth=3.0)
    with pytest.raises(ValueError, match="No one died, so there is no hazard to smooth"):
        smoothed_hazard(nelson_aalen([1, 2], [0, 0]))
    with pytest.raises(ValueError, match="The grid needs 2 or more points"):
        smoothed_hazard(h, points=1)
