"""survival.lessons.comparison: interval types, medians, RMST and weighted tests, against R's fixtures.

R's numbers come from ``tests/fixtures/r/educator_statistics.R`` (survfit with
``conf.type``, ``print(survfit)``, survRM2's formulas, ``survdiff``); the rows R
used are in ``stats_data_*.csv``, so these tests never need R.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from r_reference import fixture, rows

from survival.datasets.catalogue import load_dataset
from survival.errors import SurvivalDataError
from survival.estimate.groups import estimate_groups
from survival.estimate.intervals import CONF_TYPES, R_CONF_TYPE
from survival.estimate.kaplan_meier import kaplan_meier
from survival.estimate.lifetable_curves import counts_from_lifetable
from survival.io.individual import counts_from_frame
from survival.lessons import comparison
from survival.plot.dataset_charts import compare_chart

TOL = 1e-10
DATA = load_dataset()


def lung(conf_type: str = "log-log"):
    """R's lung rows as Kaplan-Meier curves, male first (R's reference arm), times in days."""
    return [kaplan_meier(*rows("lung", g), conf_type=conf_type, label=g) for g in ("male", "female")]


@pytest.mark.parametrize("conf_type", CONF_TYPES)
def test_with_conf_type_gives_r_survfit_limits(conf_type):
    survfit = fixture("survfit")
    for curve in lung():
        moved = curve.with_conf_type(conf_type)
        assert moved.conf_type == conf_type and moved.label == curve.label
        np.testing.assert_array_equal(moved.survival, curve.survival)
        ref = survfit[
            (survfit["dataset"] == "lung")
            & (survfit["group"] == curve.label)
            & (survfit["conf_type"] == R_CONF_TYPE[conf_type])
        ]
        for ours, theirs in ((moved.ci_low, "lower"), (moved.ci_high, "upper")):
            known = ref[theirs].notna().to_numpy()
            np.testing.assert_allclose(ours[1:][known], ref[theirs][known], rtol=0, atol=TOL)
        refit = kaplan_meier(*rows("lung", curve.label), conf_type=conf_type)
        np.testing.assert_allclose(moved.ci_low, refit.ci_low, rtol=0, atol=1e-14)


@pytest.mark.parametrize("conf_type", CONF_TYPES)
def test_median_table_is_r_print_survfit_and_names_both_conventions(conf_type):
    ref = fixture("median_print")
    ref = ref[(ref["dataset"] == "lung") & (ref["conf_type"] == R_CONF_TYPE[conf_type])].set_index("group")
    table = comparison.median_table(lung(conf_type)).set_index("Group")
    for group in ("male", "female"):
        row = table.loc[group]
        want = ref.loc[group, ["median", "lower", "upper"]].to_numpy(dtype=float)
        got = row[["Median (midpoint)", "CI low (midpoint)", "CI high (midpoint)"]].to_numpy(dtype=float)
        np.testing.assert_allclose(got, want, rtol=0, atol=TOL, equal_nan=True)
        curve = next(c for c in lung(conf_type) if c.label == group)
        first = curve.median("first")
        np.testing.assert_array_equal(
            row[["Median (first)", "CI low (first)", "CI high (first)"]].to_numpy(dtype=float),
            [first.value, first.ci_low, first.ci_high],
        )
        assert row["Interval"] == f"95% {conf_type}"


def test_median_conventions_differ_where_the_curve_is_flat_at_one_half():
    curve = kaplan_meier(*rows("halfway", "all"), label="halfway")
    row = comparison.median_table([curve]).iloc[0]
    assert row["Median (first)"] == 7 and row["Median (midpoint)"] == 8
    ref = fixture("median_print")
    assert ref[(ref["dataset"] == "halfway") & (ref["conf_type"] == "log-log")]["median"].item() == 8


def test_actuarial_curves_have_no_midpoint_median():
    curves = comparison.selection_curves(DATA, [DATA.select("Distant")], method="actuarial")
    row = comparison.median_table(curves).iloc[0]
    assert row["Median (first)"] == pytest.approx(curves[0].median().value)
    assert np.isnan(row["Median (midpoint)"])


@pytest.mark.parametrize("tau", [365, 500])
def test_rmst_table_and_contrasts_are_survrm2(tau):
    curves = lung()
    table = comparison.rmst_table(curves, tau).set_index("Group")
    ref = fixture("rmst")
    ref = ref[(ref["dataset"] == "lung") & (ref["tau"].astype(str) == str(tau))].set_index("group")
    for group in ("male", "female"):
        np.testing.assert_allclose(
            table.loc[group, ["RMST (years)", "SE", "CI low", "CI high"]].to_numpy(dtype=float),
            ref.loc[group, ["rmst", "se", "lower", "upper"]].to_numpy(dtype=float),
            rtol=1e-10,
        )
        assert table.loc[group, "Years lost"] == pytest.approx(tau - ref.loc[group, "rmst"], rel=1e-10)
    contrasts = comparison.rmst_contrasts(curves, tau)
    assert contrasts["Comparison"].tolist() == ["female vs male"]
    two = fixture("rmst2")
    two = two[(two["dataset"] == "lung") & (two["tau"].astype(str) == str(tau))].set_index("measure")
    row = contrasts.iloc[0]
    for ours, measure in (("Difference", "difference"), ("Ratio", "ratio")):
        name = "Difference (years)" if ours == "Difference" else "Ratio"
        got = row[[name, f"{ours} CI low", f"{ours} CI high"]].to_numpy(dtype=float)
        np.testing.assert_allclose(
            got, two.loc[measure, ["estimate", "lower", "upper"]].to_numpy(float), rtol=1e-10
        )
        assert row[f"{ours} p"] == pytest.approx(two.loc[measure, "p"], rel=1e-9)


def test_rmst_sentence_and_horizons():
    curves = comparison.selection_curves(DATA, [DATA.select(s) for s in DATA.stages()], method="kaplan-meier")
    horizons = comparison.rmst_horizons(curves)
    assert horizons == list(range(1, int(min(c.last_time for c in curves)) + 1))
    r = comparison.rmst_table(curves, 5).iloc[2]
    sentence = comparison.rmst_sentence(curves[2], 5)
    assert sentence == (
        f"On average, people in Distant lived {r['RMST (years)']:.2f} of the first 5 years "
        f"(95% CI {r['CI low']:.2f} to {r['CI high']:.2f})."
    )
    # Kaplan-Meier steps at year ends: the RMST to 5 years is the sum of survival at 0 to 4 years
    assert r["RMST (years)"] == pytest.approx(curves[2].survival[:5].sum(), rel=1e-12)


def test_weighted_tests_are_r_survdiff_and_the_definition():
    frame = fixture("data_lung")
    counts = counts_from_frame(frame, duration="time", event="status", group="group", time_unit="days")
    table = comparison.weighted_tests(counts, [("female",), ("male",)]).set_index(["rho", "gamma"])
    ref = fixture("survdiff")
    ref = ref[(ref["dataset"] == "lung") & (ref["source"] == "definition")].set_index(["rho", "gamma"])
    for rho, gamma in comparison.WEIGHTS:
        assert table.loc[(rho, gamma), "Chi-squared"] == pytest.approx(
            ref.loc[(rho, gamma), "chisq"], rel=TOL
        )
        assert table.loc[(rho, gamma), "p"] == pytest.approx(ref.loc[(rho, gamma), "p"], rel=1e-9)
        assert table.loc[(rho, gamma), "df"] == 1
    assert table["Test"].tolist()[:2] == ["log-rank", "Peto-Peto (Fleming-Harrington G(1, 0))"]
    with pytest.raises(ValueError, match="two or more different groups"):
        comparison.weighted_tests(counts, [("female",)])


def test_compare_chart_is_the_groups_chart_with_its_intervals_named():
    from survival.estimate.groups import estimate_groups
    from survival.plot.dataset_charts import groups_chart

    selections = [DATA.select(s) for s in DATA.stages()]
    for method in ("actuarial", "kaplan-meier"):
        estimates = estimate_groups(
            DATA.lifetables,
            method=method,
            measure="observed",
            groups=[s.group for s in selections],
            labels=DATA.stages(),
        )
        theirs = groups_chart(estimates, band=False, title="t")
        ours = compare_chart(DATA, selections, measure="observed", method=method, title="t")
        renamed = {c: c.replace(" (95% log-log)", "") for c in ours.table.columns}
        pd.testing.assert_frame_equal(ours.table.rename(columns=renamed), theirs.table)
        assert "Localized ci_low (95% log-log)" in ours.table.columns
        assert ours.alt_text == theirs.alt_text + " Intervals are 95% log-log."
    plain = compare_chart(DATA, selections, method="kaplan-meier", conf_type="plain")
    curves = comparison.selection_curves(DATA, selections, method="kaplan-meier")
    low, _ = curves[0].confidence_interval(0.95, "plain")
    np.testing.assert_allclose(plain.table["Localized ci_low (95% plain)"], low, rtol=0, atol=1e-15)
    assert plain.alt_text.endswith("Intervals are 95% plain.")


def test_relative_survival_keeps_its_band_and_a_period_without_follow_up_is_refused():
    selections = [DATA.select(s) for s in DATA.stages()]
    rel = comparison.selection_curves(DATA, selections, measure="relative", conf_type="plain")
    want = estimate_groups(DATA.lifetables, measure="relative", groups=[s.group for s in selections])
    np.testing.assert_array_equal(rel[0].ci_low, want.curves[0].ci_low)
    with pytest.raises(SurvivalDataError, match="no survival figures yet for people diagnosed in 2013"):
        comparison.selection_curves(DATA, [DATA.select("Distant", period="2013")])
    with pytest.raises(ValueError, match="conf_type"):
        comparison.selection_curves(DATA, selections, conf_type="logit")


def test_weighted_tests_on_yearly_tables_use_the_log_rank_counts():
    from survival.estimate.kaplan_meier import logrank

    groups = [s.group for s in (DATA.select(x) for x in DATA.stages())]
    counts = counts_from_lifetable(DATA.lifetables)
    table = comparison.weighted_tests(counts, groups)
    assert table["Chi-squared"].iloc[0] == pytest.approx(logrank(counts, groups).statistic, rel=1e-12)
