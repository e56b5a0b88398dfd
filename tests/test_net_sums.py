"""Block power-series sums against brute force: every person evaluated at every time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from survival.estimate.net_pieces import fine_grid, pieces
from survival.estimate.net_sums import GridAccumulator
from survival.population import population_table_from_frame


def table(high=0.004):
    rng = np.random.default_rng(2)
    rows = [(s, a, y) for s in ("male", "female") for a in range(0, 8) for y in (1970, 1971, 1972, 1974)]
    frame = pd.DataFrame(rows, columns=["sex", "age", "year"])
    frame["hazard_per_day"] = rng.uniform(0, 0.001, len(frame))
    frame.loc[frame.age == 7, "hazard_per_day"] = high  # lambda * 365.25 > 1: summed directly
    return population_table_from_frame(frame, unit="hazard_per_day", days_per_year=365.25, last_year=1976)


def people(n=60, seed=4, whole_days=False):
    rng = np.random.default_rng(seed)
    age = rng.uniform(0, 7.5, n) * 365.25
    diag = rng.uniform(0, 1000, n)
    sex = rng.integers(0, 2, n)
    time = rng.uniform(0.5, 1500, n)
    if whole_days:
        age, diag, time = np.round(age), np.round(diag), np.ceil(time)
    return age, diag, sex, time


def brute(pc, queries, side, sign, steps=None):
    """Sums over people at each query, one person and one time at a time."""
    out = {k: np.zeros(len(queries)) for k in ("exp", "lam_exp", "exp_step", "lam_exp_step", "lam")}
    for i in range(pc.edges.shape[0]):
        e, h, c = pc.edges[i], pc.hazard[i], pc.cumulative[i]
        for q, t in enumerate(queries):
            counted = (0 < t <= e[-1]) if side == "end" else (0 <= t < e[-1])
            if not counted:
                continue
            k = (
                (np.searchsorted(e, t, side="left") - 1)
                if side == "end"
                else (np.searchsorted(e, t, side="right") - 1)
            )
            k = min(max(k, 0), len(h) - 1)
            while h.size and e[k + 1] == e[k] and k + 1 < len(h):  # skip empty pieces
                k += 1
            cum = c[k] + h[k] * (t - e[k])
            out["exp"][q] += np.exp(sign * cum)
            out["lam_exp"][q] += h[k] * np.exp(sign * cum)
            out["lam"][q] += h[k]
            if steps is not None:
                out["exp_step"][q] += np.exp(sign * (cum + h[k] * steps[q]))
                out["lam_exp_step"][q] += h[k] * np.exp(sign * (cum + h[k] * steps[q]))
    return out


def brute_two_time(pc, queries, sign, mode):
    out = np.zeros(len(queries))
    for i in range(pc.edges.shape[0]):
        e, c = pc.edges[i], pc.cumulative[i]
        at = np.interp(queries, e, c)
        before = np.r_[0.0, at[:-1]]
        counted = queries <= e[-1]
        factor = np.exp(sign * at) if mode == "exp" else 1.0
        out += np.where(counted, (at - before) * factor, 0.0)
    return out


@pytest.mark.parametrize("sign", [1, -1])
@pytest.mark.parametrize("block", [365.25, 40.0, 1e6])
def test_end_side_sums(sign, block):
    tab = table()
    age, diag, sex, time = people()
    queries = np.unique(np.r_[time, np.linspace(1, 1500, 37)])
    pc = pieces(age, diag, sex, time, tab)
    for mode in ("exp", "one"):
        acc = GridAccumulator(queries, side="end", sign=sign, two_time=mode, block_days=block)
        acc.add(pc)
        got = acc.result()
        want = brute(pc, queries, "end", sign)
        for key in ("exp", "lam_exp", "lam"):
            np.testing.assert_allclose(getattr(got, key), want[key], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(
            got.two_time, brute_two_time(pc, queries, sign, mode), rtol=1e-11, atol=1e-14
        )


def test_start_side_sums_with_steps_in_chunks():
    tab = table()
    age, diag, sex, time = people(whole_days=True)
    grid = np.unique(time)
    starts, steps, _ = fine_grid(grid)
    acc = GridAccumulator(starts, side="start", sign=1, steps=steps)
    parts = [slice(0, 25), slice(25, 60)]
    whole = pieces(age, diag, sex, time, tab, grid=grid)
    for part in parts:  # chunks add up to the whole
        acc.add(pieces(age[part], diag[part], sex[part], time[part], tab, grid=grid))
    got = acc.result()
    want = brute(whole, starts, "start", 1, steps)
    for key in ("exp", "lam_exp", "exp_step", "lam_exp_step", "lam"):
        np.testing.assert_allclose(getattr(got, key), want[key], rtol=1e-12, atol=1e-15)


def test_without_rates_only_the_exponential_sums():
    tab = table()
    age, diag, sex, time = people()
    queries = np.unique(time)
    pc = pieces(age, diag, sex, time, tab)
    full, bare = (GridAccumulator(queries, side="end", sign=-1, rates=r) for r in (True, False))
    full.add(pc)
    bare.add(pc)
    np.testing.assert_array_equal(bare.result().exp, full.result().exp)
    assert not bare.result().lam_exp.any() and not bare.result().lam.any()
