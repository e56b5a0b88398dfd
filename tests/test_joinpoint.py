"""The joinpoint survival model: grid, likelihood, search and BIC against independent references."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from joinpoint_simulation import simulate
from jpsurv_reference import jpsurv_coxfit, jpsurv_loglik
from scipy.optimize import minimize

from survival.datasets.catalogue import load_dataset
from survival.errors import FragileEstimateWarning, SurvivalDataError
from survival.estimate.joinpoint import BASELINE_FLOOR, Spacing, fit_joinpoint, fit_model, joinpoint_grid
from survival.estimate.joinpoint_data import JoinpointData, bundled_joinpoint_data, describe, joinpoint_data
from survival.tables.lifetable import LifeTable


def plain_negloglik(X, N, d, E):
    """The binomial kernel, written out directly, with its gradient and observed Hessian (for scipy)."""

    def parts(t):
        h = np.exp(X @ t)
        p = E * np.exp(-h)
        return h, p, 1 - p

    def f(t):
        h, p, q = parts(t)
        return -np.sum((N - d) * np.log(p) + d * np.log(q))

    def g(t):
        h, p, q = parts(t)
        return -X.T @ (h * (d - N * q) / q)

    def H(t):
        h, p, q = parts(t)
        return X.T @ ((N * h - d * h * (q - p * h) / q**2)[:, None] * X)

    return f, g, H


def design(model):
    return model.design_rows(model.data.year, np.searchsorted(model.intervals, model.data.interval))


# --- the grid ---------------------------------------------------------------------------------


@pytest.mark.parametrize("k, count", [(0, 1), (1, 30), (2, 378), (3, 2600)])
def test_grid_for_1975_2012_follows_jpsurv_spacing(k, count):
    grid = joinpoint_grid(1975, 2012, k)
    assert grid.shape == (count, k)
    brute = [
        c
        for c in itertools.combinations(range(1975, 2013), k)
        if not c or (c[0] >= 1978 and c[-1] <= 2007 and all(b - a >= 3 for a, b in zip(c, c[1:])))
    ]
    assert [tuple(r) for r in grid] == brute  # same sets, in lexicographic order
    if k:
        assert grid[0].tolist() == [1978 + 3 * m for m in range(k)]
        assert grid[-1].tolist() == [2007 - 3 * (k - 1 - m) for m in range(k)]


def test_grid_is_empty_when_the_years_are_too_few():
    assert joinpoint_grid(2000, 2008, 1).shape == (1, 1)  # only 2003
    assert joinpoint_grid(2000, 2007, 1).shape == (0, 1)
    assert joinpoint_grid(2000, 2020, 2, Spacing(1, 5, 1)).tolist()[:2] == [[2001, 2006], [2001, 2007]]


# --- the likelihood and its maximum ------------------------------------------------------------


def test_mle_equals_scipy_from_different_starts():
    data = simulate(1, deltas=(-0.06,), joinpoints=(1990,))
    model = fit_model(data, (1990,), dispersion="binomial")
    X = design(model)
    f, g, H = plain_negloglik(X, data.at_risk, data.died, data.expected)
    assert -f(model.coefficients) == pytest.approx(model.loglik, abs=1e-8)
    rng = np.random.default_rng(7)
    starts = [
        model.coefficients + rng.normal(0, 0.3, model.coefficients.size),
        np.r_[np.full(10, -2.5), 0.0, 0.0],
        model.coefficients - 0.5,
    ]
    for start in starts:
        result = minimize(f, start, jac=g, hess=H, method="trust-exact", options={"gtol": 1e-10})
        assert -result.fun == pytest.approx(model.loglik, abs=1e-7)
        np.testing.assert_allclose(result.x, model.coefficients, atol=1e-5)
    assert model.converged and model.iterations < 30


def test_breast_mle_equals_scipy_and_jpsurvs_own_algorithm():
    """Localized, 45-65s, joinpoints 1981 and 1989: scipy's optimum, and JPSurv's IRLS re-done."""
    data = bundled_joinpoint_data(load_dataset().lifetables, "Localized", "45-65s")
    model = fit_model(data, (1981, 1989))
    f, g, H = plain_negloglik(design(model), data.at_risk, data.died, data.expected)
    scale = data.at_risk.sum()
    with np.errstate(divide="ignore"):
        result = minimize(
            lambda t: f(t) / scale,
            model.coefficients + 0.05,
            jac=lambda t: g(t) / scale,
            hess=lambda t: H(t) / scale,
            method="trust-exact",
            options={"gtol": 1e-12},
        )
    assert -result.fun * scale == pytest.approx(model.loglik, abs=1e-6)
    np.testing.assert_allclose(result.x, model.coefficients, atol=1e-5)
    jp = jpsurv_coxfit(
        data.year, data.interval, data.alive, data.died, data.lost, data.expected, (1981, 1989)
    )
    names, estimates, cov = model.jpsurv_coefficients()
    se = np.sqrt(np.diag(cov))
    assert names[:3] == ("jp_1", "jp_2", "Year") and names[3] == "Interval_1"
    assert jp["converged"]
    assert jp["ll"] == pytest.approx(model.loglik_saturated, abs=1e-6)
    assert jp["bic"] == pytest.approx(model.bic, abs=1e-6)
    assert np.max(np.abs(jp["estimates"] - estimates) / se) < 1e-3  # JPSurv stops at a 1e-4 gain
    np.testing.assert_allclose(jp["se"], se, rtol=1e-4)  # Pearson-scaled, as JPSurv


def test_saturated_loglik_is_jpsurvs_formula():
    data = simulate(2)
    model = fit_model(data)
    X = np.column_stack(
        [(data.interval == j).astype(float) for j in model.intervals] + [data.year - model.year_origin]
    )
    ll = jpsurv_loglik(X, model.coefficients, data.at_risk, data.survivors, data.expected)
    assert ll == pytest.approx(model.loglik_saturated, abs=1e-6)  # JPSurv adds 1e-15 in its logs
    q = len(model.coefficients)
    assert model.n_parameters == q == 11
    assert model.bic == pytest.approx(q * np.log(data.at_risk.sum()) - 2 * model.loglik_saturated)
    assert model.aic == pytest.approx(2 * q - 2 * model.loglik_saturated)


def test_withdrawals_count_half():
    data = simulate(3, lost_share=0.05)
    assert np.all(data.at_risk == data.alive - data.lost / 2)
    model = fit_model(data)
    f, _, _ = plain_negloglik(design(model), data.alive - data.lost / 2, data.died, data.expected)
    assert -f(model.coefficients) == pytest.approx(model.loglik, abs=1e-8)


# --- search and BIC ---------------------------------------------------------------------------


def test_search_equals_fitting_every_location_one_by_one():
    data = simulate(4, first=1990, last=2006, intervals=5, deltas=(-0.08,), joinpoints=(1997,), size=800)
    fit = fit_joinpoint(data, 2)
    assert fit.candidates == (1, 9, 21)
    for k in (1, 2):
        singles = [
            (fit_model(data, tuple(t)).loglik, tuple(int(v) for v in t))
            for t in joinpoint_grid(1990, 2006, k)
        ]
        best_ll = max(ll for ll, _ in singles)
        first_best = next(t for ll, t in singles if ll >= best_ll - 1e-9)
        assert fit.models[k].joinpoints == first_best
        assert fit.models[k].loglik == pytest.approx(best_ll, abs=1e-8)
    assert fit.best is fit.models[int(np.argmin(fit.bic))]


def test_bic_chooses_no_joinpoint_when_there_is_none():
    fit = fit_joinpoint(simulate(5, beta=-0.03), 3)
    assert fit.best.joinpoints == ()
    assert len(fit.models) == 4 and np.argmin(fit.bic) == 0


def test_two_true_joinpoints_are_found_and_their_slopes_recovered():
    truth = {"beta": 0.01, "deltas": (-0.06, 0.08), "joinpoints": (1985, 1997)}
    data = simulate(6, size=20000, **truth)
    fit = fit_joinpoint(data, 3)
    assert fit.best.joinpoints == truth["joinpoints"]
    fixed = fit_model(data, truth["joinpoints"], dispersion="binomial")
    alpha = np.linspace(-2.0, -3.5, 10)
    true = np.r_[alpha, truth["beta"], truth["deltas"]]
    z = (fixed.coefficients - true) / fixed.standard_errors
    assert np.all(np.abs(z) < 3.5), z
    assert 0.6 < fixed.dispersion < 1.6  # binomial data: Pearson X2/df near 1


def test_coefficients_cover_the_truth_at_the_nominal_rate():
    """50 simulated data sets: the slope's 95% interval covers the truth in most of them."""
    hits = 0
    for seed in range(50):
        data = simulate(
            100 + seed, size=1500, first=1980, last=2000, intervals=6, deltas=(-0.05,), joinpoints=(1990,)
        )
        model = fit_model(data, (1990,), dispersion="binomial")
        est, se = model.coefficients[6:], model.standard_errors[6:]
        hits += np.all(np.abs(est - np.array([-0.02, -0.05])) < 1.96 * se)
    assert hits >= 40  # ~ 0.95^2 * 50 = 45 expected


# --- awkward data -----------------------------------------------------------------------------


def test_an_interval_without_excess_deaths_sits_on_the_boundary():
    data = simulate(8, intervals=6)
    died = np.where(data.interval == 6, 0, data.died)  # interval 6: nobody dies, survival >= expected
    quiet = JoinpointData(
        data.year,
        data.interval,
        data.alive,
        died,
        data.lost,
        data.expected,
        "quiet interval",
        data.last_follow_up,
    )
    with pytest.warns(FragileEstimateWarning, match=r"no excess deaths are estimated in interval\(s\) 6"):
        model = fit_model(quiet)
    assert model.boundary_intervals == (6,)
    assert model.coefficients[5] == BASELINE_FLOOR
    assert np.all(np.isfinite(model.covariance)) and model.covariance[5, 5] == 0
    assert np.all(np.isfinite(model.standard_errors))


def test_rows_without_deaths_and_with_survival_above_expected_are_fine():
    data = simulate(9, size=60, intervals=8, alpha=np.full(8, -4.5))
    assert (data.died == 0).any() and (data.survivors / data.at_risk > data.expected).any()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = fit_model(data)
    assert np.isfinite(model.loglik) and model.converged


def test_localized_45_65_breast_search():
    """Pinned regression figures for the trend CLI's example (our fit; see docs for JPSurv)."""
    data = bundled_joinpoint_data(load_dataset().lifetables, "Localized", "45-65s")
    assert describe(data) == (
        "Localized, 45-65s: diagnosed 1975-2012, intervals 1-38, 741 rows "
        "(follow-up to 2013; 38 incomplete rows left out)"
    )
    fit = fit_joinpoint(data, 3)
    assert fit.candidates == (1, 30, 378, 2600)
    assert [m.joinpoints for m in fit.models] == [(), (1978,), (1981, 1989), (1981, 1988, 1999)]
    np.testing.assert_allclose(fit.bic, [1470.1697, 1458.8259, 1431.3199, 1442.4889], atol=1e-3)
    assert fit.best.joinpoints == (1981, 1989)
    assert fit.best.dispersion == pytest.approx(1.17377, abs=1e-4)


def test_bad_input_is_refused_with_a_fix():
    table = load_dataset().lifetables
    with pytest.raises(SurvivalDataError, match="There is no group stage=Local, age=45-65s"):
        bundled_joinpoint_data(table, "Local", "45-65s")
    one = simulate(10, first=2000, last=2000)
    with pytest.raises(SurvivalDataError, match=r"Only one year of diagnosis \(2000\)"):
        fit_joinpoint(one)
    with pytest.raises(SurvivalDataError, match="-1 joinpoints cannot be fitted"):
        fit_joinpoint(simulate(11), -1)
    frame = table.frame[table.frame["period"].isin(["2000", "2001"]) & (table.frame["age"] == "65+")]
    several = LifeTable(frame.rename(columns={"period": "year"}), ("stage", "age", "year"))
    with pytest.raises(SurvivalDataError, match=r"holds 3 groups \(stage, age\)"):
        joinpoint_data(several)
    no_expected = LifeTable(several.frame.drop(columns="expected"), several.group_columns)
    with pytest.raises(SurvivalDataError, match="has no expected survival"):
        joinpoint_data(no_expected)
    with pytest.raises(ValueError, match="Unknown dispersion 'quasi'"):
        fit_model(simulate(12), dispersion="quasi")


def test_max_interval_keeps_the_first_intervals_only():
    data = bundled_joinpoint_data(load_dataset().lifetables, "Distant", "65+", max_interval=10)
    assert data.interval.max() == 10 and data.years == (1975, 2012)
    assert fit_model(data).intervals.tolist() == list(range(1, 11))


def test_a_model_whose_slopes_are_not_identified_is_reported_but_not_chosen():
    """The prostate table: with three joinpoints the best locations leave the information singular."""
    from survival.estimate.recent import fit_trend

    data = load_dataset("seer-prostate")
    fit = fit_trend(data, data.select(), 3)
    assert [m.converged for m in fit.models] == [True, True, True, False]
    assert fit.best.converged and fit.best.joinpoints == (1985, 1989)


def test_xlogy_is_scipys_without_importing_scipy():
    import subprocess
    import sys

    from scipy.special import xlogy as scipy_xlogy

    from survival.estimate.joinpoint_scoring import xlogy

    rng = np.random.default_rng(7)
    x = rng.integers(0, 5, (60, 30)).astype(float)
    y = rng.random((60, 30))
    y[0, :] = 0.0  # x log 0: -inf, or 0 where x is 0
    np.testing.assert_allclose(xlogy(x, y), scipy_xlogy(x, y), rtol=1e-15, atol=0)
    assert xlogy(0.0, 0.0) == 0.0 and xlogy(2.0, 0.0) == -np.inf
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, survival.estimate.recent; print('scipy' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == "False"  # the trend's model loads no scipy (measured: 0.1-0.2 s)
