"""Actuarial observed survival and relative survival, pinned to exact and SEER*Stat references."""

from __future__ import annotations

import math
from fractions import Fraction as F

import numpy as np
import pandas as pd
import pytest

from survival.estimate.actuarial import actuarial
from survival.estimate.intervals import loglog_interval, z_value
from survival.io.read import lifetable_from_seerstat
from survival.tables.lifetable import lifetable_from_frame

HALF_UNIT = 5e-8  # SEER*Stat prints 7 decimals


def small_table(expected=(0.9, 0.8)) -> pd.DataFrame:
    """Two intervals: 10 alive, 2 died, 2 lost; then 6 alive, 1 died, 1 lost."""
    return pd.DataFrame(
        {
            "interval_start": [0, 1],
            "interval_end": [1, 2],
            "alive": [10, 6],
            "died": [2, 1],
            "lost": [2, 1],
            "expected": list(expected),
        }
    )


def test_observed_matches_exact_fractions():
    est = actuarial(lifetable_from_frame(small_table())).to_frame()
    p1, p2 = 1 - F(2, 9), 1 - F(1, 1) / F(11, 2)  # n' = 10 - 2/2 = 9; 6 - 1/2 = 11/2
    s1, s2 = p1, p1 * p2
    var1 = s1**2 * F(2, 9 * 7)
    var2 = s2**2 * (F(2, 63) + F(1, 1) / (F(11, 2) * F(9, 2)))
    assert est["observed_interval"].tolist() == pytest.approx([float(p1), float(p2)], abs=1e-12)
    assert est["observed"].tolist() == pytest.approx([float(s1), float(s2)], abs=1e-12)
    assert est["observed_se"].tolist() == pytest.approx([math.sqrt(var1), math.sqrt(var2)], abs=1e-12)
    assert s2 == F(7, 11)


def test_relative_ratio_matches_exact_fractions():
    est = actuarial(lifetable_from_frame(small_table()), convention="ratio").to_frame()
    s1, s2 = F(7, 9), F(7, 11)
    e1, e2 = F(9, 10), F(9, 10) * F(8, 10)
    assert est["expected"].tolist() == pytest.approx([float(e1), float(e2)], abs=1e-12)
    assert est["relative"].tolist() == pytest.approx([float(s1 / e1), float(s2 / e2)], abs=1e-12)
    assert est["relative_se"].tolist() == pytest.approx(
        (est["observed_se"] / est["expected"]).tolist(), abs=1e-12
    )
    assert est["relative_interval"].tolist() == pytest.approx(
        [float(F(7, 9) / F(9, 10)), float(F(9, 11) / F(8, 10))], abs=1e-12
    )


def test_seer_convention_caps_and_carries_the_minimum():
    # Interval 2 has no deaths and expected 0.95: the plain ratio rises above its
    # previous value; the SEER convention keeps the previous value and its SE.
    frame = pd.DataFrame(
        {
            "interval_start": [0, 1, 2],
            "interval_end": [1, 2, 3],
            "alive": [100, 90, 90],
            "died": [10, 0, 5],
            "lost": [0, 0, 0],
            "expected": [0.99, 0.95, 0.5],
        }
    )
    table = lifetable_from_frame(frame)
    ratio = actuarial(table, convention="ratio").to_frame()
    seer = actuarial(table, convention="seer").to_frame()
    assert ratio["relative"][1] > ratio["relative"][0]
    assert seer["relative"][1] == ratio["relative"][0]
    assert seer["relative_se"][1] == ratio["relative_se"][0]
    assert seer["relative_interval"][1] == 1.0
    assert ratio["relative_interval"][1] == pytest.approx(1 / 0.95, abs=1e-12)
    # Third interval: the ratio is above 1 (0.855 / 0.47025), capped at 1 in the SEER convention.
    assert ratio["relative"][2] > 1
    assert seer["relative"][2] == min(1.0, ratio["relative"][0])


def naive_actuarial(frame: pd.DataFrame, conf_level: float, convention: str) -> pd.DataFrame:
    """A deliberately slow, obvious walk through each group's life table."""
    z = z_value(conf_level)
    rows = []
    for _, group in frame.groupby("g", sort=False):
        s, greenwood, e_cum, best, best_row = 1.0, 0.0, 1.0, math.inf, None
        for _, r in group.iterrows():
            n = r.alive - r.lost / 2
            out = {
                "observed": math.nan,
                "relative": math.nan,
                "relative_se": math.nan,
                "observed_se": math.nan,
                "observed_low": math.nan,
            }
            e_cum *= r.expected
            if not (r.alive - r.died - r.lost == 0 and r.lost > 0):
                p = 1 - r.died / n
                s *= p
                greenwood += r.died / (n * (n - r.died)) if n > r.died else 0.0
                se = s * math.sqrt(greenwood) if s > 0 else 0.0
                if 0 < s < 1:
                    low = s ** math.exp(z * se / (s * abs(math.log(s))))
                else:
                    low = s
                raw = s / e_cum
                if convention == "ratio" or raw <= best:
                    best, best_row = raw, (se / e_cum)
                shown = best if convention == "seer" else raw
                out = {
                    "observed": s,
                    "observed_se": se,
                    "observed_low": low,
                    "relative": min(1.0, shown) if convention == "seer" else shown,
                    "relative_se": best_row,
                }
            rows.append(out)
    return pd.DataFrame(rows)


def random_tables(seed: int, groups: int = 25) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    parts = []
    for g in range(groups):
        alive = int(rng.integers(1, 300))
        rows = []
        for k in range(int(rng.integers(1, 15))):
            died = int(rng.binomial(alive, rng.uniform(0, 0.3)))
            lost = int(rng.binomial(alive - died, rng.uniform(0, 0.2)))
            if k == 0 and rng.random() < 0.2:
                died = lost = 0
            rows.append((k, k + 1, alive, died, lost, rng.uniform(0.85, 1.0)))
            alive -= died + lost
            if alive == 0:
                break
        if rng.random() < 0.3 and alive > 0:  # end with an incomplete interval
            rows.append((len(rows), len(rows) + 1, alive, 0, alive, rng.uniform(0.85, 1.0)))
        part = pd.DataFrame(
            rows, columns=["interval_start", "interval_end", "alive", "died", "lost", "expected"]
        )
        parts.append(part.assign(g=f"g{g:02d}"))
    return pd.concat(parts, ignore_index=True)


@pytest.mark.parametrize("convention", ["seer", "ratio"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_vectorised_estimator_equals_naive_walk(seed, convention):
    frame = random_tables(seed)
    est = actuarial(lifetable_from_frame(frame, ["g"]), conf_level=0.9, convention=convention)
    got = est.to_frame()
    want = naive_actuarial(frame, 0.9, convention)
    for column in want.columns:
        np.testing.assert_allclose(got[column], want[column], rtol=0, atol=1e-12, err_msg=column)


def test_loglog_interval_formula_by_hand():
    low, high = loglog_interval([0.6], [0.05], 0.95)
    sigma = 0.05 / (0.6 * abs(math.log(0.6)))
    assert low[0] == pytest.approx(0.6 ** math.exp(1.959963984540054 * sigma), abs=1e-12)
    assert high[0] == pytest.approx(0.6 ** math.exp(-1.959963984540054 * sigma), abs=1e-12)
    edge_low, edge_high = loglog_interval([0.0, 1.0], [0.0, 0.0], 0.95)
    assert edge_low.tolist() == [0.0, 1.0] and edge_high.tolist() == [0.0, 1.0]


def test_conf_level_changes_width_and_is_checked():
    table = lifetable_from_frame(small_table())
    wide = actuarial(table, conf_level=0.99).to_frame()
    narrow = actuarial(table, conf_level=0.8).to_frame()
    assert (wide["observed_low"] < narrow["observed_low"]).all()
    with pytest.raises(ValueError, match="conf_level must be between 0 and 1"):
        actuarial(table, conf_level=95)
    with pytest.raises(ValueError, match="Unknown relative-survival convention"):
        actuarial(table, convention="capped")


def test_incomplete_last_interval_is_not_estimated():
    frame = pd.DataFrame(
        {"interval_start": [0, 1], "interval_end": [1, 2], "alive": [10, 8], "died": [2, 1], "lost": [0, 7]}
    )
    est = actuarial(lifetable_from_frame(frame))
    out = est.to_frame()
    assert out["observed"].isna().tolist() == [False, True]
    assert est.observed().time.tolist() == [0.0, 1.0]
    assert out["relative"].isna().all()  # no expected survival given


def test_everyone_dead_gives_zero_with_zero_se():
    frame = pd.DataFrame(
        {"interval_start": [0, 1], "interval_end": [1, 2], "alive": [4, 1], "died": [3, 1], "lost": [0, 0]}
    )
    out = actuarial(lifetable_from_frame(frame)).to_frame()
    assert out["observed"].tolist() == [0.25, 0.0]
    assert out["observed_se"][1] == 0.0 and out["observed_low"][1] == 0.0


# --- SEER*Stat's own columns, every row of the real export -------------------------------


def propagated_rounding(life: pd.DataFrame) -> np.ndarray:
    """Relative error bound of expected cumulative survival from its 7-decimal inputs.

    The engine can only use the printed interval expected survival; each
    carries up to half a printed unit of rounding, which propagates into the
    cumulative product (to first order, the sum of relative errors).
    """
    keys = ["Age groups", "Breast stage", "Year of diagnosis 1975+"]
    rel = HALF_UNIT / life["expected_interval"]
    return rel.groupby([life[k] for k in keys], sort=False).cumsum().to_numpy()


@pytest.fixture(scope="module")
def engine_vs_seer(seer_export):
    est = actuarial(lifetable_from_seerstat(seer_export), convention="seer").to_frame()
    life = seer_export.life
    keys = list(seer_export.group_columns) + ["interval_start"]
    assert (est[keys].to_numpy() == life[keys].to_numpy()).all()
    return est, life


@pytest.mark.parametrize(
    "ours, theirs",
    [
        ("observed_interval", "observed_interval"),
        ("observed", "observed_cum"),
        ("observed_interval_se", "observed_se_interval"),
        ("observed_se", "observed_se_cum"),
    ],
)
def test_observed_columns_equal_seerstat_to_half_a_printed_unit(engine_vs_seer, ours, theirs):
    est, life = engine_vs_seer
    assert (est[ours].isna() == life[theirs].isna()).all()
    diff = (est[ours] - life[theirs]).abs().dropna()
    assert len(diff) > 6000
    assert diff.max() <= HALF_UNIT * (1 + 1e-6)


@pytest.mark.parametrize(
    "ours, theirs",
    [
        ("expected", "expected_cum"),
        ("relative", "relative_cum"),
        ("relative_se", "relative_se_cum"),
        ("relative_interval", "relative_interval"),
        ("relative_interval_se", "relative_se_interval"),
    ],
)
def test_relative_columns_equal_seerstat_within_rounding(engine_vs_seer, ours, theirs):
    est, life = engine_vs_seer
    bound = np.where(
        ours.endswith("interval") or ours.endswith("interval_se"),
        HALF_UNIT / life["expected_interval"],
        propagated_rounding(life),
    )
    tolerance = HALF_UNIT + est[ours].abs().to_numpy() * bound
    assert (est[ours].isna() == life[theirs].isna()).all()
    diff = (est[ours] - life[theirs]).abs().to_numpy()
    ok = np.isnan(diff) | (diff <= tolerance * (1 + 1e-6))
    assert ok.all(), est.loc[~ok, [ours]].assign(seer=life.loc[~ok, theirs]).head()
    # The rounding allowance is small: at most a few printed units.
    assert np.nanmax(tolerance) < 3e-6


def test_ratio_convention_differs_from_seerstat_where_capping_matters(engine_vs_seer, seer_export):
    est, life = engine_vs_seer
    ratio = actuarial(lifetable_from_seerstat(seer_export), convention="ratio").to_frame()
    assert (ratio["relative"] - life["relative_cum"]).abs().max() > 0.01
    assert (est["relative"].dropna() <= 1).all()
    assert (ratio["relative"].dropna() > 1).any()
