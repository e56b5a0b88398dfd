"""Trends and projections of a joinpoint model: delta-method standard errors checked two ways."""

from __future__ import annotations

import numpy as np
import pytest
from joinpoint_simulation import simulate

from survival.datasets.catalogue import load_dataset
from survival.estimate.joinpoint import fit_model
from survival.estimate.joinpoint_data import JoinpointData, bundled_joinpoint_data
from survival.estimate.joinpoint_trends import (
    cumulative_survival,
    hazard_trends,
    segments,
    survival_trends,
)

JOINPOINTS = (1990,)


@pytest.fixture(scope="module")
def model():
    data = simulate(21, size=4000, deltas=(-0.06,), joinpoints=JOINPOINTS)
    return fit_model(data, JOINPOINTS, dispersion="binomial")


def with_coefficients(model, theta):
    """S(y, K) recomputed from scratch for other coefficients (no code shared with the module)."""

    def survival(year, interval):
        b = theta[10] * (year - model.year_origin) + theta[11] * max(0, year - JOINPOINTS[0])
        return float(np.exp(-np.sum(np.exp(theta[:interval] + b))))

    return survival


def test_cumulative_survival_and_its_gradient_match_finite_differences(model):
    proj = cumulative_survival(model, intervals=(1, 5, 10), years=[1975, 1992, 2010, 2014])
    frame = proj.to_frame()
    theta = model.coefficients
    for row in frame.itertuples():
        assert row.relative_survival == pytest.approx(
            with_coefficients(model, theta)(row.year, row.interval), rel=1e-12
        )
        grad = np.zeros(theta.size)
        for i in range(theta.size):
            up, down = theta.copy(), theta.copy()
            up[i] += 1e-6
            down[i] -= 1e-6
            grad[i] = (
                with_coefficients(model, up)(row.year, row.interval)
                - with_coefficients(model, down)(row.year, row.interval)
            ) / 2e-6
        se = float(np.sqrt(grad @ model.covariance @ grad))
        assert row.se == pytest.approx(se, rel=1e-5)
        assert row.ci_low < row.relative_survival < row.ci_high < 1


def test_delta_method_standard_errors_match_simulation(model):
    """Refit 200 data sets simulated from the fitted model: the spread of S(y, 5) is the delta SE."""
    rng = np.random.default_rng(22)
    data = model.data
    r = np.exp(-np.exp(model.linear_predictor(data.year, data.interval - 1)))
    years = [1980, 1995, 2010, 2015]
    estimates = []
    for _ in range(200):
        died = rng.binomial(data.alive.astype(int), 1 - r * data.expected)
        again = JoinpointData(data.year, data.interval, data.alive, died, data.lost, data.expected)
        refit = fit_model(again, JOINPOINTS, dispersion="binomial", start=model.coefficients)
        estimates.append(cumulative_survival(refit, (5,), years).survival)
    spread = np.std(estimates, axis=0, ddof=1)
    delta = cumulative_survival(model, (5,), years).se
    np.testing.assert_allclose(spread, delta, rtol=0.2)


def test_hazard_trends_are_sums_of_slope_changes(model):
    table = hazard_trends(model)
    beta, delta = model.coefficients[10], model.coefficients[11]
    assert table[["start_year", "end_year"]].to_numpy().tolist() == [[1975, 1990], [1990, 2010]]
    np.testing.assert_allclose(table["slope"], [beta, beta + delta], rtol=1e-12)
    cov = model.covariance
    np.testing.assert_allclose(
        table["slope_se"], [np.sqrt(cov[10, 10]), np.sqrt(cov[10, 10] + cov[11, 11] + 2 * cov[10, 11])]
    )
    np.testing.assert_allclose(table["annual_change"], np.expm1(table["slope"]))
    np.testing.assert_allclose(
        table["annual_change_low"], np.expm1(table["slope"] - 1.959963984540054 * table["slope_se"])
    )
    assert np.all(np.abs(table["slope"] - [-0.02, -0.08]) < 3 * table["slope_se"])


def test_survival_trends_are_jpsurvs_average_changes(model):
    table = survival_trends(model, interval=5)
    for row in table.itertuples():
        years = np.arange(row.start_year, row.end_year + 1)
        s = cumulative_survival(model, (5,), years).survival
        assert row.absolute_change == pytest.approx(np.mean(np.diff(s)), rel=1e-10)
        assert row.relative_change == pytest.approx(np.mean(s[1:] / s[:-1] - 1), rel=1e-10)
    # JPSurv's standard error: a forward-difference Jacobian with steps of 1e-4 standard errors
    theta, se = model.coefficients, model.standard_errors

    def acs(t):
        out = []
        for start, end in segments(model):
            s = [with_coefficients(model, t)(y, 5) for y in range(start, end + 1)]
            out.append(np.mean(np.diff(s)))
        return np.array(out)

    base = acs(theta)
    jacobian = np.array(
        [
            (acs(theta + np.eye(theta.size)[i] * se[i] * 1e-4) - base) / (se[i] * 1e-4)
            for i in range(theta.size)
        ]
    )
    jpsurv_se = np.sqrt(np.diag(jacobian.T @ model.covariance @ jacobian))
    np.testing.assert_allclose(table["absolute_se"], jpsurv_se, rtol=1e-3)


def test_projection_marks_fitted_and_projected_cohorts():
    data = bundled_joinpoint_data(load_dataset().lifetables, "Localized", "45-65s")
    model = fit_model(data, (1981, 1989))
    proj = cumulative_survival(model).to_frame()
    assert proj["year"].min() == 1975 and proj["year"].max() == 2017  # five years past 2012
    status = proj.set_index(["year", "interval"])["status"]
    assert status[(2012, 1)] == "fitted" and status[(2013, 1)] == "projected"
    assert status[(2008, 5)] == "fitted" and status[(2009, 5)] == "projected"
    assert status[(2003, 10)] == "fitted" and status[(2004, 10)] == "projected"
    assert (proj["ci_low"] < proj["relative_survival"]).all() and (proj["ci_high"] < 1).all()
    with pytest.raises(ValueError, match="Interval 40 has no baseline"):
        cumulative_survival(model, (40,))
