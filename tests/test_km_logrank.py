"""Tests for survival.estimate.logrank (through survival.estimate.kaplan_meier): the numpy log-rank test against lifelines."""

from __future__ import annotations

import math
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survival.estimate.kaplan_meier import LogRankResult, logrank, logrank_rows
from survival.estimate.logrank import chi2_pvalue
from survival.io.individual import counts_from_frame

ROOT = Path(__file__).resolve().parents[1]
TOL = 1e-10


def lifelines_test(t, e, g, w=None):
    from lifelines.statistics import multivariate_logrank_test

    with warnings.catch_warnings():
        # lifelines warns that weights are "not integers" when given as floats.
        warnings.simplefilter("ignore", UserWarning)
        return multivariate_logrank_test(np.asarray(t, dtype=float), np.asarray(g), np.asarray(e), weights=w)


def assert_same_test(result: LogRankResult, reference, tol: float = TOL) -> None:
    assert result.statistic == pytest.approx(reference.test_statistic, rel=tol, abs=1e-12)
    assert result.p_value == pytest.approx(reference.p_value, rel=tol, abs=1e-300)
    assert result.df == reference.degrees_of_freedom


def random_groups(n: int, k: int, kind: str, seed: int):
    rng = np.random.default_rng(seed)
    t = rng.integers(0, 25, n) if kind == "int" else np.round(rng.exponential(2.0, n), 2)
    g = rng.integers(0, k, n)
    # Group 0 dies faster, so that the statistic is far from 0 in some cases.
    e = (rng.random(n) < np.where(g == 0, 0.8, 0.5)).astype(int)
    return t, e, g


@pytest.mark.parametrize("kind", ["int", "float"])
@pytest.mark.parametrize("k", [2, 3, 5])
@pytest.mark.parametrize("n", [12, 300, 5000])
def test_rows_match_lifelines(kind, k, n):
    t, e, g = random_groups(n, k, kind, seed=n + k)
    result = logrank_rows(t, e, g)
    assert_same_test(result, lifelines_test(t, e, g))
    assert result.groups == tuple((i,) for i in sorted(set(g.tolist())))


@pytest.mark.parametrize("kind", ["int", "float"])
def test_weights_match_lifelines_and_expanded_rows(kind):
    t, e, g = random_groups(800, 3, kind, seed=21)
    w = np.random.default_rng(22).integers(0, 4, len(t))
    result = logrank_rows(t, e, g, weights=w)
    assert_same_test(result, lifelines_test(t, e, g, w.astype(float)))
    assert_same_test(result, lifelines_test(np.repeat(t, w), np.repeat(e, w), np.repeat(g, w)))


@pytest.mark.parametrize("kind", ["int", "float"])
def test_large_sample_matches_lifelines(kind):
    t, e, g = random_groups(100_000, 2, kind, seed=31)
    assert_same_test(logrank_rows(t, e, g), lifelines_test(t, e, g))


def test_group_labels_of_any_type():
    t, e, g = random_groups(300, 2, "float", seed=41)
    reference = logrank_rows(t, e, g)
    for labels, names in (
        (np.where(g == 1, "yes", "no"), (("no",), ("yes",))),
        (g.astype(bool), ((False,), (True,))),
        (pd.Series(g + 10), ((10,), (11,))),
    ):
        result = logrank_rows(t, e, labels)
        assert result.statistic == pytest.approx(reference.statistic, rel=1e-12)
        assert result.groups == names


def test_a_group_with_no_one_at_risk_at_any_death_gives_lifelines_zero():
    t = np.array([1, 2, 3, 10, 11])
    e = np.array([1, 1, 1, 0, 0])
    g = np.array([0, 0, 0, 1, 1])
    assert_same_test(logrank_rows(t, e, g), lifelines_test(t, e, g))


@pytest.fixture(scope="module")
def gbsg2() -> pd.DataFrame:
    from lifelines.datasets import load_gbsg2

    return load_gbsg2()


@pytest.mark.parametrize("column", ["horTh", "tgrade", "menostat"])
def test_gbsg2_rows_and_counts_match_lifelines(gbsg2, column):
    reference = lifelines_test(gbsg2["time"], gbsg2["cens"], gbsg2[column])
    assert_same_test(logrank_rows(gbsg2["time"], gbsg2["cens"], gbsg2[column]), reference)
    counts = counts_from_frame(gbsg2, duration="time", event="cens", group=column, time_unit="days")
    assert_same_test(logrank(counts), reference)


def test_gbsg2_two_groups_match_logrank_test(gbsg2):
    from lifelines.statistics import logrank_test

    no, yes = gbsg2[gbsg2["horTh"] == "no"], gbsg2[gbsg2["horTh"] == "yes"]
    reference = logrank_test(no["time"], yes["time"], no["cens"], yes["cens"])
    assert_same_test(logrank_rows(gbsg2["time"], gbsg2["cens"], gbsg2["horTh"]), reference)


def test_refusals():
    with pytest.raises(ValueError, match="two or more different groups"):
        logrank_rows([1, 2, 3], [1, 0, 1], ["a", "a", "a"])
    with pytest.raises(ValueError, match="groups has 2 labels for 3 rows"):
        logrank_rows([1, 2, 3], [1, 0, 1], ["a", "b"])
    with pytest.raises(ValueError, match="No one died in the groups compared"):
        logrank_rows([1, 2, 3], [0, 0, 0], ["a", "b", "a"])
    with pytest.raises(ValueError, match="Events must be 1"):
        logrank_rows([1, 2, 3], [0, 2, 0], ["a", "b", "a"])


@pytest.mark.parametrize("df", [1, 2, 3, 4, 5, 7, 10, 11, 59])
def test_chi2_pvalue_matches_scipy_stats(df):
    # chi2_pvalue is scipy.special.chdtrc; scipy.stats.chi2.sf is the same tail by another route.
    from scipy.stats import chi2

    for x in (0.0, 1e-9, 1e-8, 0.3, 1.0, 3.84, 7.5, 10.0, 20.0, 50.0, 150.0, 300.0, 1e4, 1e9):
        assert chi2_pvalue(x, df) == pytest.approx(chi2.sf(x, df), rel=1e-11, abs=1e-300)
    assert chi2_pvalue(3.841458820694124, 1) == pytest.approx(0.05, rel=1e-12)
    assert chi2_pvalue(-1e-12, df) == 1.0  # a rounding below 0 is a statistic of 0


groups_strategy = st.integers(2, 40).flatmap(
    lambda n: st.tuples(
        st.lists(
            st.one_of(st.integers(0, 8), st.floats(0, 9, allow_subnormal=False)), min_size=n, max_size=n
        ),
        st.lists(st.integers(0, 1), min_size=n, max_size=n),
        st.lists(st.integers(0, 2), min_size=n, max_size=n),
        st.one_of(st.none(), st.lists(st.integers(0, 3), min_size=n, max_size=n)),
    )
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(groups_strategy)
def test_property_matches_lifelines(rows):
    t, e, g, w = (None if v is None else np.asarray(v) for v in rows)
    keep = np.ones(len(t), bool) if w is None else w > 0
    if len(set(g[keep])) < 2 or not (e[keep] == 1).any():
        with pytest.raises(ValueError):
            logrank_rows(t, e, g, weights=w)
        return
    # lifelines would count a group whose rows all weigh 0; leave such groups out of both.
    t, e, g = t[keep], e[keep], g[keep]
    w = None if w is None else w[keep].astype(float)
    result = logrank_rows(t, e, g, weights=w)
    reference = lifelines_test(t, e, g, w)
    assert result.statistic == pytest.approx(reference.test_statistic, rel=1e-9, abs=1e-9)
    assert result.p_value == pytest.approx(reference.p_value, rel=1e-9, abs=1e-12)


def test_logrank_loads_scipy_only_when_testing_and_never_lifelines():
    # The p-value is scipy.special.chdtrc, imported inside chi2_pvalue: fitting a curve loads no
    # scipy, a test loads scipy.special (not scipy.stats), and lifelines is never loaded.
    code = (
        "import sys, survival\n"
        "survival.kaplan_meier([1, 2, 3], [1, 0, 1])\n"
        "assert 'scipy' not in sys.modules\n"
        "from survival.estimate.kaplan_meier import logrank_rows\n"
        "logrank_rows([1, 2, 3, 4], [1, 1, 0, 1], [0, 1, 0, 1])\n"
        "assert logrank_rows([1, 2, 3, 4, 5, 6], [1, 1, 0, 1, 1, 0], [0, 1, 2, 0, 1, 2]).df == 2\n"
        "heavy = sorted({m for m in sys.modules} & {'lifelines', 'scipy.stats'})\n"
        "print(heavy)\n"
        "sys.exit(1 if heavy else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_p_value_of_one_df_is_the_normal_tail():
    t, e, g = random_groups(400, 2, "int", seed=51)
    result = logrank_rows(t, e, g)
    # chdtrc (Cephes' incomplete gamma) and erfc agree to about 1e-13 relative in the tail.
    assert result.p_value == pytest.approx(math.erfc(math.sqrt(result.statistic / 2)), rel=1e-12)


@pytest.mark.parametrize(
    "labels",
    [
        np.array([-3, 7, 7, 2]),  # small integers: counted
        np.array([10**12, 5, 5, 0]),  # wide integers: hashed
        np.array(["b", "a", "c", "a"]),
        np.array([True, False, False, True]),
        np.array(["b", "a", "c", "a"], dtype=object),
    ],
)
@pytest.mark.parametrize("durations", ["int", "whole floats", "fractions"])
def test_one_bincount_equals_a_table_per_group(labels, durations):
    from survival.estimate.logrank import at_death_times, group_tables, rows_at_death_times

    rng = np.random.default_rng(4)
    n = 400
    g = labels[rng.integers(0, len(labels), n)]
    t = rng.integers(0, 60, n)
    t = (
        t
        if durations == "int"
        else t.astype(float) + (0.5 * rng.integers(0, 2, n) if durations == "fractions" else 0)
    )
    e = rng.integers(0, 2, n)
    at_risk, died, names = rows_at_death_times(t, e, g)
    tables, reference_names = group_tables(t, e, g)
    reference = at_death_times(tables)
    assert names == reference_names == tuple((x,) for x in np.unique(g).tolist())
    assert np.array_equal(at_risk, reference[0]) and np.array_equal(died, reference[1])
    assert logrank_rows(t, e, g).statistic == pytest.approx(lifelines_test(t, e, g).test_statistic, rel=TOL)


def test_one_bincount_of_durations_far_from_zero():
    from survival.estimate.logrank import at_death_times, group_tables, rows_at_death_times

    rng = np.random.default_rng(5)
    t = 2**60 + rng.integers(0, 50, 300)  # whole numbers beyond float precision, a narrow range
    e, g = rng.integers(0, 2, 300), rng.integers(3, 6, 300)
    at_risk, died, names = rows_at_death_times(t, e, g)
    reference = at_death_times(group_tables(t, e, g)[0])
    assert names == ((3,), (4,), (5,))
    assert np.array_equal(at_risk, reference[0]) and np.array_equal(died, reference[1])
    with pytest.raises(ValueError, match=r"two or more different groups \(got \[4\]\)"):
        rows_at_death_times(t, e, np.full(300, 4))
