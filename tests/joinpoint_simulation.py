"""Grouped relative-survival data simulated from the joinpoint model, with a seed (for the tests)."""

from __future__ import annotations

import numpy as np

from survival.estimate.joinpoint_data import JoinpointData


def simulate(
    seed,
    *,
    first=1975,
    last=2010,
    intervals=10,
    alpha=None,
    beta=-0.02,
    deltas=(),
    joinpoints=(),
    size=3000,
    expected=0.98,
    lost_share=0.0,
) -> JoinpointData:
    """Cohorts followed to the end of ``last + 1``: a triangle of complete intervals."""
    rng = np.random.default_rng(seed)
    alpha = np.linspace(-2.0, -3.5, intervals) if alpha is None else np.asarray(alpha)
    rows = []
    for y in range(first, last + 1):
        n = size
        b = beta * (y - first) + sum(d * max(0, y - t) for d, t in zip(deltas, joinpoints))
        for j in range(1, min(intervals, last + 1 - y) + 1):
            lost = rng.binomial(n, lost_share)
            p = expected * np.exp(-np.exp(alpha[j - 1] + b))
            died = rng.binomial(n - lost, 1 - p)  # the model treats N = n - lost/2 as at risk
            rows.append((y, j, n, died, lost, expected))
            n -= died + lost
            if n == 0:
                break
    y, j, n, d, w, e = (np.array(c) for c in zip(*rows))
    return JoinpointData(y, j, n, d, w, e, "simulated", last + 1, 0)
