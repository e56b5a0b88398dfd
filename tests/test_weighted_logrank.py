"""Tests for survival.estimate.weighted_logrank: R's survdiff(rho), the FH definition in R, and lifelines."""

from __future__ import annotations

import numpy as np
import pytest
from r_reference import data, fixture

from survival.estimate.kaplan_meier import logrank_rows
from survival.estimate.weighted_logrank import (
    fh_weights,
    fleming_harrington,
    fleming_harrington_counts,
    peto_peto,
)
from survival.io.individual import counts_from_frame

TOL = 1e-10
TESTED = ("lung", "veteran", "gbsg2", "ties")


def run(dataset: str, rho: float, gamma: float):
    d = data(dataset)
    return fleming_harrington(d["time"], d["status"], d["group"], rho=rho, gamma=gamma)


@pytest.mark.parametrize("dataset", TESTED)
def test_matches_survdiff_and_the_definition_written_in_r(dataset):
    ref = fixture("survdiff")
    for row in ref[ref["dataset"] == dataset].itertuples():
        result = run(dataset, row.rho, row.gamma)
        assert result.df == row.df
        assert result.statistic == pytest.approx(row.chisq, rel=TOL, abs=TOL), row
        assert result.p_value == pytest.approx(row.p, rel=TOL, abs=1e-14), row


@pytest.mark.parametrize("dataset", TESTED)
def test_weighted_observed_and_expected_match_survdiff(dataset):
    ref = fixture("survdiff_groups")
    for rho in (0, 1):
        part = ref[(ref["dataset"] == dataset) & (ref["rho"] == rho)]
        result = run(dataset, rho, 0)
        assert [g[0] for g in result.groups] == part["group"].tolist()
        np.testing.assert_allclose(result.observed, part["observed"], rtol=TOL, atol=TOL)
        np.testing.assert_allclose(result.expected, part["expected"], rtol=TOL, atol=TOL)


@pytest.mark.parametrize("dataset", TESTED)
@pytest.mark.parametrize("rho,gamma", [(0, 1), (1, 1), (1, 0), (0.5, 2)])
def test_matches_lifelines_fleming_harrington(dataset, rho, gamma):
    from lifelines.statistics import multivariate_logrank_test

    d = data(dataset)
    theirs = multivariate_logrank_test(
        d["time"], d["group"], d["status"], weightings="fleming-harrington", p=rho, q=gamma
    )
    ours = run(dataset, rho, gamma)
    assert ours.statistic == pytest.approx(theirs.test_statistic, rel=1e-9)
    assert ours.p_value == pytest.approx(theirs.p_value, rel=1e-9, abs=1e-14)


def test_g00_is_the_log_rank_and_peto_peto_is_g10():
    d = data("ties")
    plain = logrank_rows(d["time"], d["status"], d["group"])
    g00 = run("ties", 0, 0)
    assert g00.statistic == pytest.approx(plain.statistic, rel=1e-13) and g00.name == "log-rank"
    pp = peto_peto(d["time"], d["status"], d["group"])
    assert pp.statistic == run("ties", 1, 0).statistic and pp.name.startswith("Peto-Peto")
    assert run("ties", 0.5, 2).name == "Fleming-Harrington G(0.5, 2)"


@pytest.mark.parametrize("dataset", ["gbsg2", "ties"])
def test_aggregated_counts_give_the_rows_test(dataset):
    d = data(dataset)
    counts = counts_from_frame(d, duration="time", event="status", group="group", time_unit="days")
    for rho, gamma in ((0, 0), (1, 0), (1, 1)):
        ours = fleming_harrington_counts(counts, rho=rho, gamma=gamma)
        assert ours.statistic == pytest.approx(run(dataset, rho, gamma).statistic, rel=1e-12)
        assert ours.groups == tuple((g,) for g in sorted(d["group"].unique()))
    with pytest.raises(ValueError, match="compares two or more different groups"):
        fleming_harrington_counts(counts, [counts.groups()[0]])


def test_weights_by_hand():
    # pooled: 4 at risk, 1 death; then 2 at risk, 1 death: S(t-) = 1, 3/4
    w = fh_weights(np.array([4.0, 2.0]), np.array([1.0, 1.0]), 1.0, 1.0)
    np.testing.assert_allclose(w, [1 * 0, 0.75 * 0.25], rtol=0, atol=1e-15)
    np.testing.assert_array_equal(fh_weights(np.array([4.0, 2.0]), np.array([1.0, 1.0]), 0, 0), [1, 1])


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="rho must be a finite number, 0 or more"):
        fleming_harrington([1, 2], [1, 1], ["a", "b"], rho=-1)
    with pytest.raises(ValueError, match="gamma must be a finite number, 0 or more"):
        fleming_harrington([1, 2], [1, 1], ["a", "b"], gamma=float("nan"))
    with pytest.raises(ValueError, match="compares two or more different groups"):
        fleming_harrington([1, 2], [1, 1], ["a", "a"])
    with pytest.raises(ValueError, match="No one died in the groups compared"):
        fleming_harrington([1, 2], [0, 0], ["a", "b"], rho=1)
