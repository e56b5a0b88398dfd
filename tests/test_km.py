"""Tests for survival.estimate.kaplan_meier: Kaplan-Meier and log-rank, pinned to hand-computed and lifelines references."""

from __future__ import annotations

import math
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

from survival.errors import FragileEstimateWarning
from survival.estimate.kaplan_meier import (
    LogRankResult,
    curves_frame,
    greenwood_se,
    kaplan_meier,
    kaplan_meier_counts,
    kaplan_meier_groups,
    km_table,
    logrank,
)
from survival.io.individual import EventCounts, counts_from_frame

ROOT = Path(__file__).resolve().parents[1]
TOL = 1e-12


def close(a, b, tol: float = TOL) -> None:
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=tol, atol=tol)


def loglog_band(s: float, var: float, conf_level: float = 0.95) -> tuple[float, float]:
    """The log(-log) band written out from its formula (independent of survival.estimate.intervals)."""
    if s in (0, 1):
        return s, s
    z = NormalDist().inv_cdf(0.5 + conf_level / 2)
    sigma = math.sqrt(var) / (s * abs(math.log(s)))
    return s ** math.exp(z * sigma), s ** math.exp(-z * sigma)


def naive_km(durations, events) -> pd.DataFrame:
    """A slow, obvious walk over distinct times: the reference for the vectorised fits."""
    t, e = np.asarray(durations, dtype=float), np.asarray(events, dtype=int)
    s, total, out = 1.0, 0.0, []
    for time in np.unique(t):
        n = int((t >= time).sum())
        d = int(((t == time) & (e == 1)).sum())
        c = int(((t == time) & (e == 0)).sum())
        s *= 1 - d / n
        total += d / (n * (n - d)) if n > d else 0.0
        out.append((time, s, s * math.sqrt(total) if s > 0 else 0.0, n, d, c))
    return pd.DataFrame(out, columns=["time", "survival", "se", "n_at_risk", "n_events", "n_censored"])


def assert_same_curve(a, b, tol: float = TOL) -> None:
    for name in ("time", "survival", "se", "ci_low", "ci_high", "n_at_risk", "n_events", "n_censored"):
        close(getattr(a, name), getattr(b, name), tol)


# --- a hand-computed curve ---------------------------------------------------------------

# Eight people; at t = 2 two die and one is censored (tie), at t = 4 one dies, one censored.
HAND_T = [1, 2, 2, 2, 3, 4, 4, 6]
HAND_E = [1, 1, 1, 0, 0, 1, 0, 1]
HAND_S = [
    Fraction(1),
    Fraction(7, 8),
    Fraction(7, 8) * Fraction(5, 7),
    Fraction(5, 8),
    Fraction(5, 8) * Fraction(2, 3),
    Fraction(0),
]
_G = [
    Fraction(0),
    Fraction(1, 8 * 7),
    Fraction(1, 56) + Fraction(2, 7 * 5),
    Fraction(1, 56) + Fraction(2, 35),
    Fraction(1, 56) + Fraction(2, 35) + Fraction(1, 3 * 2),
]
HAND_VAR = [s * s * g for s, g in zip(HAND_S, _G)] + [Fraction(0)]


def test_hand_computed_curve_with_fractions():
    curve = kaplan_meier(HAND_T, HAND_E, label="hand")
    close(curve.time, [0, 1, 2, 3, 4, 6])
    close(curve.survival, [float(s) for s in HAND_S])
    close(curve.se**2, [float(v) for v in HAND_VAR])
    assert HAND_S[2] == Fraction(5, 8) and HAND_S[4] == Fraction(5, 12)
    close(curve.n_at_risk, [0, 8, 7, 4, 3, 1])
    close(curve.n_events, [0, 1, 2, 0, 1, 1])
    close(curve.n_censored, [0, 0, 1, 1, 1, 0])
    bands = [loglog_band(float(s), float(v)) for s, v in zip(HAND_S, HAND_VAR)]
    close(curve.ci_low, [b[0] for b in bands])
    close(curve.ci_high, [b[1] for b in bands])
    assert (curve.label, curve.method, curve.measure, curve.conf_type, curve.conf_level) == (
        "hand",
        "kaplan-meier",
        "observed",
        "log-log",
        0.95,
    )


def test_deaths_count_before_censorings_at_tied_times():
    curve = kaplan_meier(HAND_T, HAND_E)
    # The person censored at t = 2 is still at risk at t = 2: S = 7/8 * (1 - 2/7) = 5/8,
    # not 7/8 * (1 - 2/6) as it would be if the censoring came first.
    assert curve.n_at_risk[2] == 7
    assert curve.survival[2] == pytest.approx(5 / 8, abs=TOL)


def test_rows_are_every_distinct_time_including_censoring_only_times():
    curve = kaplan_meier([3.0, 1.0, 5.0, 5.0], [0, 1, 0, 0])
    close(curve.time, [0, 1, 3, 5])
    close(curve.n_events, [0, 1, 0, 0])
    close(curve.n_censored, [0, 0, 1, 2])
    close(curve.survival, [1, 0.75, 0.75, 0.75])


def test_times_with_only_zero_weights_are_dropped():
    curve = kaplan_meier([1.0, 2.0, 3.0, 3.0], [1, 1, 0, 1], weights=[2, 0, 1, 0])
    close(curve.time, [0, 1, 3])
    close(curve.n_at_risk, [0, 3, 1])
    close(curve.n_events, [0, 2, 0])
    close(curve.survival, [1, 1 / 3, 1 / 3])


def test_deaths_at_time_zero_follow_the_starting_point():
    curve = kaplan_meier([0, 0, 1, 2], [1, 0, 1, 1])
    close(curve.time, [0, 0, 1, 2])
    close(curve.survival, [1, 0.75, 0.375, 0])
    close(curve.n_at_risk, [0, 4, 2, 1])
    close(curve.n_censored, [0, 1, 0, 0])
    assert curve.at(0.0)[0] == pytest.approx(0.75)


def test_other_conf_level_matches_the_curve_band():
    curve = kaplan_meier(HAND_T, HAND_E, conf_level=0.9)
    low, high = kaplan_meier(HAND_T, HAND_E).confidence_interval(0.9)
    close(curve.ci_low, low)
    close(curve.ci_high, high)
    assert curve.conf_level == 0.9


def test_greenwood_se_is_zero_once_survival_is_zero():
    se = greenwood_se(np.array([0.5, 0.0]), np.array([2.0, 1.0]), np.array([1.0, 1.0]))
    close(se, [0.5 * math.sqrt(1 / 2), 0.0])


# --- weights and aggregated counts --------------------------------------------------------


def random_rows(seed: int = 11) -> pd.DataFrame:
    """Several groups; integer months give many ties between deaths and censorings."""
    rng = np.random.default_rng(seed)
    sizes = {"Local": 40, "Regional": 60, "Distant": 80}
    frames = []
    for label, n in sizes.items():
        frames.append(
            pd.DataFrame(
                {
                    "months": rng.integers(0, 16, n),
                    "status": rng.integers(0, 2, n),
                    "stage": label,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def test_counts_fit_equals_fit_on_individual_rows():
    rows = random_rows()
    counts = counts_from_frame(rows, duration="months", event="status", group="stage", time_unit="months")
    for (stage,) in counts.groups():
        mine = rows[rows["stage"] == stage]
        fitted = kaplan_meier_counts(counts, (stage,))
        direct = kaplan_meier(mine["months"] / 12.0, mine["status"], label=stage)
        assert_same_curve(fitted, direct)
        assert fitted.label == stage
        reference = naive_km(mine["months"] / 12.0, mine["status"])
        for name in reference.columns:
            close(getattr(fitted, name)[1:], reference[name])
        tied = (reference["n_events"] > 0) & (reference["n_censored"] > 0)
        assert tied.any()


def test_weighted_fit_equals_fit_on_expanded_rows():
    rng = np.random.default_rng(7)
    t = rng.integers(0, 12, 150).astype(float)
    e = rng.integers(0, 2, 150)
    w = rng.integers(0, 5, 150)
    weighted = kaplan_meier(t, e, weights=w)
    expanded = kaplan_meier(np.repeat(t, w), np.repeat(e, w))
    assert_same_curve(weighted, expanded)


def test_counts_fit_equals_lifelines_on_rows():
    from lifelines import KaplanMeierFitter

    rows = random_rows(seed=5)
    counts = counts_from_frame(rows, duration="months", event="status", group="stage", time_unit="months")
    mine = rows[rows["stage"] == "Distant"]
    fitter = KaplanMeierFitter().fit(mine["months"] / 12.0, mine["status"])
    keep = (fitter.event_table["removed"] > 0).to_numpy()
    curve = kaplan_meier_counts(counts, ("Distant",))
    close(curve.survival[1:], fitter.survival_function_.to_numpy()[keep, 0])
    close(curve.ci_low[1:], fitter.confidence_interval_survival_function_.to_numpy()[keep, 0])
    close(curve.ci_high[1:], fitter.confidence_interval_survival_function_.to_numpy()[keep, 1])


@pytest.mark.parametrize("weights", [[1, 0.5, 1], [1, -1, 1], [1, np.nan, 1]])
def test_non_integer_or_negative_weights_are_refused(weights):
    with pytest.raises(ValueError, match="Weights must be whole numbers of people, 0 or more"):
        kaplan_meier([1, 2, 3], [1, 0, 1], weights=weights)


@pytest.mark.parametrize(
    "durations, events, weights, message",
    [
        ([1, -2, 3], [1, 0, 1], None, "Durations must be finite numbers, 0 or more"),
        ([1, np.nan, 3], [1, 0, 1], None, "Durations must be finite"),
        ([1, 2, 3], [1, 2, 1], None, r"Events must be 1 \(died\) or 0 \(censored\)"),
        ([1, 2, 3], [1, 0], None, "differ in length"),
        ([1, 2, 3], [1, 0, 1], [0, 0, 0], "no one to estimate from"),
        ([], [], None, "no one to estimate from"),
    ],
)
def test_bad_inputs_are_refused(durations, events, weights, message):
    with pytest.raises(ValueError, match=message):
        kaplan_meier(durations, events, weights=weights)


def test_boolean_events_are_accepted():
    assert_same_curve(kaplan_meier(HAND_T, np.array(HAND_E, dtype=bool)), kaplan_meier(HAND_T, HAND_E))


@pytest.mark.parametrize("level", [0.0, 1.0, 95])
def test_bad_conf_level(level):
    with pytest.raises(ValueError, match="conf_level must be between 0 and 1"):
        kaplan_meier(HAND_T, HAND_E, conf_level=level)


# --- the GBSG2 trial (lifelines' bundled data) --------------------------------------------


@pytest.fixture(scope="module")
def gbsg2() -> pd.DataFrame:
    from lifelines.datasets import load_gbsg2

    return load_gbsg2()


@pytest.mark.parametrize("group", ["horTh", None])
def test_gbsg2_counts_fit_equals_lifelines_on_rows(gbsg2, group):
    from lifelines import KaplanMeierFitter

    counts = counts_from_frame(
        gbsg2, duration="time", event="cens", group=group, time_unit="days", source="gbsg2"
    )
    for key in counts.groups():
        rows = gbsg2[gbsg2["horTh"] == key[0]] if key else gbsg2
        fitter = KaplanMeierFitter().fit(rows["time"], rows["cens"])
        table = fitter.event_table[fitter.event_table["removed"] > 0]
        keep = (fitter.event_table["removed"] > 0).to_numpy()
        band = fitter.confidence_interval_survival_function_.to_numpy()[keep]
        curve = kaplan_meier_counts(counts, key)
        close(curve.time[1:] * 365.25, table.index.to_numpy(dtype=float))
        close(curve.survival[1:], fitter.survival_function_.to_numpy()[keep, 0])
        close(curve.ci_low[1:], band[:, 0])
        close(curve.ci_high[1:], band[:, 1])
        close(curve.n_at_risk[1:], table["at_risk"])
        close(curve.n_events[1:], table["observed"])
        close(curve.n_censored[1:], table["censored"])


def naive_logrank(t_a, e_a, t_b, e_b) -> float:
    """Two-group log-rank statistic (O - E)^2 / V, written out."""
    t = np.r_[t_a, t_b]
    e = np.r_[e_a, e_b]
    in_a = np.r_[np.ones(len(t_a), bool), np.zeros(len(t_b), bool)]
    o_minus_e = variance = 0.0
    for time in np.unique(t[e == 1]):
        at_risk = t >= time
        n, n_a = at_risk.sum(), (at_risk & in_a).sum()
        d = ((t == time) & (e == 1)).sum()
        d_a = ((t == time) & (e == 1) & in_a).sum()
        o_minus_e += d_a - d * n_a / n
        if n > 1:
            variance += d * (n_a / n) * (1 - n_a / n) * (n - d) / (n - 1)
    return o_minus_e**2 / variance


def test_gbsg2_logrank_by_hormone_therapy(gbsg2):
    from lifelines.statistics import logrank_test

    counts = counts_from_frame(gbsg2, duration="time", event="cens", group="horTh", time_unit="days")
    result = logrank(counts)
    no, yes = gbsg2[gbsg2["horTh"] == "no"], gbsg2[gbsg2["horTh"] == "yes"]
    reference = logrank_test(no["time"], yes["time"], no["cens"], yes["cens"])
    assert isinstance(result, LogRankResult)
    assert result.statistic == pytest.approx(reference.test_statistic, rel=1e-12)
    assert result.p_value == pytest.approx(reference.p_value, rel=1e-12)
    assert result.df == 1 and result.groups == (("no",), ("yes",))
    naive = naive_logrank(no["time"], no["cens"], yes["time"], yes["cens"])
    assert result.statistic == pytest.approx(naive, rel=1e-12)


def test_gbsg2_logrank_three_grades(gbsg2):
    from lifelines.statistics import multivariate_logrank_test

    counts = counts_from_frame(gbsg2, duration="time", event="cens", group="tgrade", time_unit="days")
    result = logrank(counts)
    reference = multivariate_logrank_test(gbsg2["time"], gbsg2["tgrade"], gbsg2["cens"])
    assert result.df == 2
    assert result.statistic == pytest.approx(reference.test_statistic, rel=1e-12)
    subset = logrank(counts, [("I",), ("III",)])
    pair = gbsg2[gbsg2["tgrade"].isin(["I", "III"])]
    reference = multivariate_logrank_test(pair["time"], pair["tgrade"], pair["cens"])
    assert subset.statistic == pytest.approx(reference.test_statistic, rel=1e-12)
    assert subset.groups == (("I",), ("III",))


def test_logrank_refusals():
    rows = random_rows()
    counts = counts_from_frame(rows, duration="months", event="status", group="stage")
    with pytest.raises(ValueError, match="two or more different groups"):
        logrank(counts, [("Local",)])
    with pytest.raises(ValueError, match="two or more different groups"):
        logrank(counts, [("Local",), ("Local",)])
    with pytest.raises(KeyError, match="No group"):
        logrank(counts, [("Local",), ("Nowhere",)])
    single = counts_from_frame(rows, duration="months", event="status")
    with pytest.raises(ValueError, match="two or more different groups"):
        logrank(single)


def test_logrank_without_deaths_is_refused():
    rows = random_rows().assign(status=0)
    with pytest.warns(FragileEstimateWarning, match="No one died"):
        counts = counts_from_frame(rows, duration="months", event="status", group="stage")
    with pytest.raises(ValueError, match="No one died in the groups compared"):
        logrank(counts)


# --- packaging ----------------------------------------------------------------------------


def test_import_does_not_load_lifelines_or_scipy():
    code = (
        "import sys, survival.estimate.kaplan_meier\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'lifelines', 'scipy', 'matplotlib', 'streamlit'})\n"
        "print(heavy)\n"
        "sys.exit(1 if heavy else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


# --- every group at once ---------------------------------------------------------------


def grouped_counts(seed: int = 11) -> EventCounts:
    """Groups of every shape: ties, deaths at 0, a group ending with everyone dead, a one-row group."""
    rng = np.random.default_rng(seed)
    parts = [
        pd.DataFrame({"t": rng.integers(0, 30, 200), "e": rng.integers(0, 2, 200), "g": "busy"}),
        pd.DataFrame({"t": [0, 0, 1, 2, 3, 3] * 2, "e": [1, 0, 1, 1, 1, 1] * 2, "g": "all die"}),
        pd.DataFrame({"t": [5] * 12, "e": [0] * 12, "g": "one time"}),
        pd.DataFrame({"t": rng.uniform(0, 9, 50), "e": rng.integers(0, 2, 50), "g": "fractions"}),
    ]
    return counts_from_frame(pd.concat(parts), duration="t", event="e", group="g")


@pytest.mark.parametrize("conf_type", ["log-log", "log", "plain", "arcsine"])
def test_groups_estimated_together_equal_each_group_alone(conf_type):
    counts = grouped_counts()
    together = kaplan_meier_groups(counts, conf_type=conf_type, conf_level=0.9)
    assert [c.label for c in together] == [g[0] for g in counts.groups()]
    for curve, group in zip(together, counts.groups()):
        alone = kaplan_meier_counts(counts, group, conf_type=conf_type, conf_level=0.9)
        rows = counts.select_group(group)
        direct = kaplan_meier(
            np.repeat(rows["time"], rows["died"] + rows["censored"]),
            np.repeat(np.tile([1, 0], len(rows)), np.c_[rows["died"], rows["censored"]].ravel()),
            conf_type=conf_type,
            conf_level=0.9,
        )
        for name in ("time", "survival", "se", "ci_low", "ci_high", "n_at_risk", "n_events", "n_censored"):
            assert np.array_equal(getattr(curve, name), getattr(alone, name), equal_nan=True), name
        assert_same_curve(curve, direct)
    assert together[0].label == "all die" and together[0].survival[-1] == 0 and together[0].se[-1] == 0


def test_some_groups_in_any_order_with_labels():
    counts = grouped_counts()
    chosen = [("fractions",), ("busy",)]
    curves = kaplan_meier_groups(counts, chosen, labels=["F", "B"])
    assert [c.label for c in curves] == ["F", "B"]
    for curve, group in zip(curves, chosen):
        assert_same_curve(curve, kaplan_meier_counts(counts, group))
    assert kaplan_meier_groups(counts, []) == []
    with pytest.raises(KeyError, match="No group"):
        kaplan_meier_groups(counts, [("busy",), ("nobody",)])


def test_km_table_is_the_curves_one_after_another():
    counts = grouped_counts()
    table = km_table(counts)
    curves = kaplan_meier_groups(counts)
    pd.testing.assert_frame_equal(table, curves_frame(curves, counts.groups(), counts.group_columns))
    for curve, (group,) in zip(curves, counts.groups()):
        part = table[table["g"] == group]
        close(part["interval_start"], curve.time[:-1])
        close(part["interval_end"], curve.time[1:])
        close(part["alive"], curve.n_at_risk[1:])
        close(part["observed_high"], curve.ci_high[1:])
    assert table["alive"].dtype == np.int64 and table["g"].dtype == object


def test_groups_whose_rows_are_apart_are_still_estimated():
    counts = grouped_counts()
    shuffled = counts.frame.sample(frac=1, random_state=1).reset_index(drop=True)
    apart = EventCounts(shuffled, counts.group_columns, "shuffled", counts.n_rows)
    assert apart.group_slices() is None
    assert sorted(apart.groups()) == sorted(counts.groups())
    for curve, group in zip(kaplan_meier_groups(apart), apart.groups()):
        assert_same_curve(curve, kaplan_meier_counts(counts, group))
    with pytest.raises(KeyError, match="No group"):
        apart.select_group(("nobody",))
    with pytest.raises(KeyError, match="Give one label for each"):
        counts.select_group(("busy", "extra"))
