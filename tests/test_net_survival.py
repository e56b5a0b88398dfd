"""Ederer I, Ederer II, Hakulinen and Pohar Perme against relsurv, by hand, and by slow quadrature."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from net_data import colon, colrec, fixture, popmort, slopop
from shared_data import shared_file

from survival.errors import SurvivalDataError
from survival.estimate.net_expected import People
from survival.estimate.net_pieces import pieces
from survival.estimate.net_records import NetRecords
from survival.estimate.net_survival import relative_survival
from survival.population import population_table_from_frame

RELSURV_EPOCH_SHIFT = 3653  # days from 1960-01-01 to 1970-01-01


def curve_rows(result, stage):
    return result.curve(()) if stage == "All" else result.curve(stage)


def test_shared_relsurv_reference():
    """../shared/data/reference: rs.surv Ederer II and Pohar Perme on colrec, at 1, 5 and 10 years."""
    ref = pd.read_csv(shared_file("reference", "slovenia_colrec_relsurv.csv"), dtype={"stage": str})
    records, table = colrec(), slopop()
    for method in ("ederer2", "pohar-perme"):
        by_stage = relative_survival(records, table, method=method, by=["stage"])
        everyone = relative_survival(records, table, method=method)
        rows = ref[ref.method == f"{method} (relsurv::rs.surv)"]
        assert len(rows) == 15
        for row in rows.itertuples():
            curve = everyone.curve() if row.stage == "All" else by_stage.curve(row.stage)
            low, high = curve.ci_at(row.years)
            got = [curve.at(row.years)[0], curve.se_at(row.years)[0], low[0], high[0]]
            np.testing.assert_allclose(
                got, [row.estimate, row.std_err, row.lower95, row.upper95], rtol=0, atol=1e-11
            )
            at = np.searchsorted(curve.time, row.years, side="left")
            assert curve.n_at_risk[at] == row.n_at_risk


@pytest.mark.parametrize("data", ["colrec", "colon"])
@pytest.mark.parametrize("method", ["ederer1", "ederer2", "hakulinen", "pohar-perme"])
def test_rs_surv_fixtures(data, method):
    """tests/fixtures/r/net_rs_surv.csv: every method, every stage and all, every quarter year."""
    records, table = (colrec(), slopop()) if data == "colrec" else (colon(), popmort())
    if method == "hakulinen":
        # relsurv 2.2-9 reads the table's calendar cut-points as days since 1960 but the dates
        # of diagnosis as days since 1970 in Hakulinen's expected survival: rates of ten years
        # earlier. Moving the diagnoses back ten years reproduces it (and only this method).
        records = dataclasses.replace(records, diagnosis=records.diagnosis - RELSURV_EPOCH_SHIFT)
    ref = fixture("net_rs_surv.csv")
    ref = ref[(ref.data == data) & (ref.method == method)]
    worst = 0.0
    for stage, rows in ref.groupby("stage"):
        subset = records if stage == "All" else records.subset(records.groups["stage"] == stage)
        curve = relative_survival(subset, table, method=method).curve()
        years = rows.years.to_numpy()
        low, high = curve.ci_at(years)
        got = np.c_[curve.at(years), curve.se_at(years), low, high]
        want = rows[["estimate", "std_err", "lower95", "upper95"]].to_numpy()
        worst = max(worst, np.abs(got - want).max())
        assert list(curve.n_at_risk[np.searchsorted(curve.time, years, side="left")]) == list(rows.n_risk)
    assert worst < 1e-11


def constant_table(per_day: float):
    rows = [(s, a, y) for s in ("male", "female") for a in (0, 50) for y in (1960, 2000)]
    frame = pd.DataFrame(rows, columns=["sex", "age", "year"]).assign(hazard_per_day=per_day)
    return population_table_from_frame(frame, unit="hazard_per_day", days_per_year=365.25, last_year=2020)


def tiny_records(time, status, age=None, diag=None, sex=None, groups=None) -> NetRecords:
    n = len(time)
    age = np.full(n, 60 * 365.25) if age is None else np.asarray(age, float)
    diag = np.full(n, 10000.0) if diag is None else np.asarray(diag, float)
    sex = np.zeros(n, dtype=np.int8) if sex is None else np.asarray(sex)
    frame = pd.DataFrame(index=range(n)) if groups is None else pd.DataFrame({"g": groups})
    return NetRecords(
        np.asarray(time, float), np.asarray(status), age, sex, diag, frame, 365.25, np.arange(1, n + 1)
    )


@pytest.mark.parametrize("convention", ["relsurv", "exact"])
@pytest.mark.parametrize("method", ["ederer2", "pohar-perme"])
def test_constant_hazard_by_hand_in_fractions(method, convention):
    """With one hazard for everyone the weights cancel: S = prod(1 - d/Y + lambda * dt), exactly."""
    lam = Fraction(1, 1000)
    time, status = [10, 20, 20, 35, 50, 50], [1, 0, 1, 1, 0, 1]
    records = tiny_records(time, status)
    curve = relative_survival(
        records, constant_table(float(lam)), method=method, convention=convention
    ).curve()
    s, previous, want, var = Fraction(1), 0, [], []
    for t in sorted(set(time)):
        y = sum(1 for x in time if x >= t)
        d = sum(1 for x, e in zip(time, status) if x == t and e)
        s *= 1 - Fraction(d, y) + lam * (t - previous)
        want.append(float(s))
        var.append(Fraction(d, y * y) + (var[-1] if var else 0))
        previous = t
    np.testing.assert_allclose(curve.survival[1:], want, rtol=1e-13)
    np.testing.assert_allclose(curve.se[1:], np.array(want) * np.sqrt([float(v) for v in var]), rtol=1e-12)
    assert curve.time[0] == 0 and curve.survival[0] == 1 and curve.conf_type == "log"
    assert curve.measure == ("net" if method == "pohar-perme" else "relative")


def test_ederer1_and_hakulinen_with_a_constant_hazard():
    """Everyone's expected survival is exp(-lambda t): both divide Kaplan-Meier by it."""
    lam = 0.001
    time, status = [10.0, 20, 20, 35, 50, 50], [1, 0, 1, 1, 0, 1]
    records = tiny_records(time, status)
    km = np.cumprod([1 - 1 / 6, 1 - 1 / 5, 1 - 1 / 3, 1 - 1 / 2])
    for method in ("ederer1", "hakulinen"):
        for convention in ("relsurv", "exact"):
            result = relative_survival(records, constant_table(lam), method=method, convention=convention)
            curve = result.curve()
            t = curve.time[1:] * 365.25
            np.testing.assert_allclose(result.expected_curve().survival[1:], np.exp(-lam * t), rtol=1e-12)
            if method == "ederer1":
                np.testing.assert_allclose(curve.survival[1:], km / np.exp(-lam * t), rtol=1e-12)


def small_table():
    rng = np.random.default_rng(8)
    rows = [(s, a, y) for s in ("male", "female") for a in range(0, 8) for y in (1970, 1971, 1973)]
    frame = pd.DataFrame(rows, columns=["sex", "age", "year"])
    frame["hazard_per_day"] = rng.uniform(0, 0.003, len(frame))
    return population_table_from_frame(frame, unit="hazard_per_day", days_per_year=365.25, last_year=1975)


def quadrature(records: NetRecords, table, sign: int, horizon: np.ndarray, times: np.ndarray, n=400):
    """Slow midpoint quadrature of sum(lambda_i w_i) / sum(w_i), w_i = exp(sign Lambda_i), over the
    risk set of each interval (horizon >= t_j); n steps per interval, also cut where any hazard changes."""
    p = People.of(records, table)
    pc = pieces(p.age, p.start, p.sex, np.full(len(p), times[-1]), table)
    out, previous = [], 0.0
    for t in times:
        inner = pc.edges[(pc.edges > previous) & (pc.edges < t)]
        cuts = np.unique(np.r_[np.linspace(previous, t, n + 1), inner])
        counted = horizon >= t
        total = 0.0
        for m, h in zip((cuts[1:] + cuts[:-1]) / 2, np.diff(cuts)):
            k = np.clip((pc.edges <= m).sum(axis=1) - 1, 0, pc.hazard.shape[1] - 1)
            rows = np.arange(len(p))
            lam = pc.hazard[rows, k]
            w = np.exp(sign * (pc.cumulative[rows, k] + lam * (m - pc.edges[rows, k])))
            total += (lam * w)[counted].sum() / w[counted].sum() * h
        out.append(total)
        previous = t
    return np.array(out)


def test_exact_convention_against_quadrature():
    table = small_table()
    rng = np.random.default_rng(9)
    n = 30
    records = tiny_records(
        np.ceil(rng.uniform(1, 900, n)),
        rng.integers(0, 2, n),
        age=rng.uniform(0, 6.5, n) * 365.25,
        diag=rng.uniform(0, 1200, n),
        sex=rng.integers(0, 2, n),
    )
    times = np.unique(records.time)
    weighted = -np.log(relative_survival(records, table, convention="exact").expected_curve().survival[1:])
    slow = np.cumsum(quadrature(records, table, +1, records.time, times))
    np.testing.assert_allclose(weighted, slow, rtol=1e-6)  # midpoint rule, 400 steps
    hak = relative_survival(
        records, table, method="hakulinen", convention="exact", end_of_follow_up="1975-06-01"
    )
    potential = np.where(
        records.status == 1,
        (np.datetime64("1975-06-01") - np.datetime64("1970-01-01")).astype(int) - records.diagnosis,
        records.time,
    )
    grid = np.unique(np.minimum(times[-1], np.r_[times, potential]))
    slow = np.exp(-np.cumsum(quadrature(records, table, -1, np.minimum(potential, grid[-1]), grid)))
    np.testing.assert_allclose(hak.expected_curve().survival[1:], slow, rtol=1e-6)


def test_groups_results_and_errors():
    records = tiny_records([5, 0, 8, 9, 12], [1, 1, 0, 1, 1], groups=["a", "a", "b", "b", "a"])
    result = relative_survival(records, constant_table(1e-4), by=["g"])
    assert result.groups == (("a",), ("b",)) and result.group_columns == ("g",)
    assert result.curve("a").n_at_risk[1] == 2  # follow-up 0 is left out, as relsurv does
    frame = result.to_frame()
    assert list(frame.columns[:3]) == ["g", "time", "survival"] and set(frame.g) == {"a", "b"}
    with pytest.raises(KeyError, match="There are 2 groups"):
        result.curve()
    with pytest.raises(KeyError, match="No group"):
        result.curve("c")
    with pytest.raises(ValueError, match="Unknown method"):
        relative_survival(records, constant_table(1e-4), method="ederer3")
    with pytest.raises(ValueError, match="Unknown convention"):
        relative_survival(records, constant_table(1e-4), convention="approximate")
    with pytest.raises(
        SurvivalDataError,
        match=r"end of follow-up 1997-05-18 is before the last death or "
        r"censoring \(1997-05-31\).*on or after the last date",
    ):
        relative_survival(records, constant_table(1e-4), method="hakulinen", end_of_follow_up="1997-05-18")
