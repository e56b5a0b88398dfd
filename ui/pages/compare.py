"""Compare groups (for educators): several stages, age groups or periods on one chart, and their statistics.

The chart comes first, with the choices beside it (below it on a narrow
screen), so it is in view without scrolling. Under it: medians by both
conventions, the restricted mean survival time (RMST) with comparisons, the
log-rank test beside weighted tests, and Python that reproduces it all, with
the survival package and with lifelines.
"""

from __future__ import annotations

import streamlit as st

from survival.datasets.dataset import Dataset, Selection
from survival.datasets.description import PERIOD
from survival.errors import SurvivalDataError
from survival.lessons.comparison import CONF_TYPE_NAMES, CONF_TYPES, interval_name
from survival.lessons.wording import p_text
from ui import caching, educator_snippets, educator_stats, state
from ui import educator_sections as sections
from ui.components import choose_dataset, show_chart, show_error

CHART = "compare_chart"
CHART_AREA = "compare_chart_area"  # the container of the chart, its numbers and downloads
CONTROLS = "compare_controls"  # the container of the page's choices, beside (or under) the chart
LOGRANK_AREA = "compare_logrank_area"  # the container of the log-rank test or why there is none
MEDIAN_AREA = "compare_median_area"
RMST_AREA = "compare_rmst_area"
WEIGHTED_TABLE = "compare_weighted_tests"
MEDIAN_TABLE = "compare_medians"
RMST_TABLE = "compare_rmst"
RMST_CONTRASTS = "compare_rmst_contrasts"
CONF_TYPE = "compare_conf_type"  # widget: the interval's transform (Kaplan-Meier)
RMST_YEARS = "compare_rmst_years"  # widget: the RMST horizon
SNIPPET_TABS = ("survival package", "lifelines")
MAX_GROUPS = 7  # one line style per group
MEASURES = {
    "observed": "Observed: alive, whatever the cause of death",
    "relative": "Relative: compared with the general population",
}
METHODS = {"actuarial": "Actuarial (life table)", "kaplan-meier": "Kaplan-Meier"}
IN_TITLE = {"actuarial": "actuarial", "kaplan-meier": "Kaplan-Meier"}
KM_VS_ACTUARIAL = (
    "On these yearly tables, Kaplan-Meier counts people lost to follow-up during a year as at risk "
    "all year (survival 1 − deaths ÷ alive at the start), where the actuarial method counts them for "
    "half of it (1 − deaths ÷ (alive − half the lost)), so its curve steps once a year and is never "
    "lower, most visibly where many people are lost."
)
NO_LOGRANK = (
    "**The log-rank test does not apply to relative survival.** It compares the deaths observed in "
    "each group, from any cause, with the deaths expected if all the groups shared one survival "
    "curve; relative survival is a ratio to the survival of people of the same age in the general "
    "population, and there is no log-rank test for it. Net survival is compared with tests made "
    "for it, such as the log-rank-type test for the Pohar Perme estimator (Grafféo and colleagues, "
    "Biometrics 2016). They need one row per person with that person's expected mortality, which "
    "yearly tables do not have. Choose observed survival to see the log-rank test of deaths from "
    "any cause."
)
NOT_MEANT = (
    "**What it does not mean.** It does not say how large the difference is, why the groups differ, "
    "or what will happen to anyone. With thousands of people even a small difference gives a tiny "
    "p-value, so look at the curves for the size. The groups differ in more than what names them: "
    "treatment, general health and each other, and observed survival counts deaths from other "
    "causes too. The "
    "test gives every death the same weight, whenever it happens, and can miss a difference when "
    "curves cross. Here deaths and losses are placed at the end of each year of follow-up (the "
    "tables are yearly), so the test approximates the one on exact times."
)
RMST_NOTE = {
    "actuarial": (
        "The restricted mean survival time (RMST) is the area under the survival curve up to a chosen "
        "time: the average number of those years people lived. Here it is the area under the "
        "actuarial curve (straight lines between the ends of the years), with a delta-method standard "
        "error. Comparisons are each group against the first: the difference in years and the ratio, "
        "with 95% intervals and p-values (the formulas of R's survRM2 package)."
    ),
    "kaplan-meier": (
        "The restricted mean survival time (RMST) is the area under the survival curve up to a chosen "
        "time: the average number of those years people lived. On these yearly tables the Kaplan-Meier "
        "curve steps down at the end of each year, so its RMST is a little higher than the actuarial "
        "one. Comparisons are each group against the first: the difference in years and the ratio, "
        "with 95% intervals and p-values (the formulas of R's survRM2 package)."
    ),
}
CONF_TYPE_HELP = (
    "How the 95% interval is worked out around each survival value. Log-log (SEER*Stat, lifelines) "
    "and log (R's default) keep the interval inside 0% to 100%; plain is the survival value "
    "plus or minus 1.96 standard errors, cut at 0% and 100%; arcsine uses the arcsine of the square "
    "root. The interval type is named in the title, the text and the table."
)


def titles(data: Dataset) -> dict[str, str]:
    """What each grouping variable (and the period) is called on this page."""
    return {**{v.name: v.what.capitalize() for v in data.variables}, PERIOD: "Period of diagnosis"}


def show_logrank(ref: str, groups: tuple, measure: str) -> None:
    """The log-rank test in plain words, or why there is none."""
    if measure == "relative":
        st.info(NO_LOGRANK, icon=":material/info:")
        return
    if len(groups) < 2:
        st.write("The log-rank test compares two or more groups: choose another group to compare.")
        return
    result = caching.logrank(ref, tuple(tuple(label for _, label in labels) for labels in groups))
    if result is None:
        st.write("No one died in the groups chosen, so there is nothing to test.")
        return
    statistic, df, p = st.columns(3)
    statistic.metric("Log-rank statistic (chi-squared)", f"{result.statistic:,.1f}")
    df.metric("Degrees of freedom", str(result.df), help="The number of groups minus one.")
    p.metric("p-value", p_text(result.p_value))
    if result.p_value < 0.001:
        verdict = "below 0.001: chance alone would very rarely give a difference this large"
    elif result.p_value < 0.05:
        verdict = f"{result.p_value:.3f}, below the usual 0.05 threshold"
    else:
        verdict = (
            f"{result.p_value:.3f}: chance alone could easily give a difference this large, "
            "which does not show that survival is the same"
        )
    st.markdown(
        f"**What it tests.** Whether deaths from any cause happened in these {len(groups)} groups as "
        "often as they would if all of them shared one survival curve. The statistic adds up how far "
        f"each group's deaths are from that expectation, with {result.df} degrees of freedom (the "
        "number of groups minus one). The p-value is the chance of a statistic at least this large if "
        f"survival were truly the same in every group; here it is {verdict}."
    )
    st.markdown(NOT_MEANT)
    sections.show_weighted(educator_stats.tests(ref, groups), key=WEIGHTED_TABLE)


def show_medians(ref: str, groups: tuple, method: str, conf_type: str) -> None:
    """Each group's median by both conventions, named, with its interval."""
    st.header("Median survival")
    sections.show_medians(educator_stats.medians(ref, groups, method, conf_type), key=MEDIAN_TABLE)


def show_rmst(ref: str, groups: tuple, method: str) -> int | None:
    """RMST of the curves shown up to a chosen number of years, each group against the first."""
    st.header("Restricted mean survival time")
    return sections.rmst_section(
        educator_stats.horizons(ref, groups, method),
        lambda tau: educator_stats.rmst(ref, groups, method, tau),
        keys=(RMST_YEARS, RMST_TABLE, RMST_CONTRASTS),
        note=RMST_NOTE[method],
    )


def show_snippets(ref: str, groups: tuple, options: dict, tau: int | None, with_test: bool) -> None:
    """Python that reproduces the page: the survival package, and lifelines beside it."""
    st.header("Reproduce this in Python")
    if not caching.is_bundled(ref):
        st.write(
            "Read your file with the survival package (survival.read_lifetable_csv, "
            "read_seerstat_lifetable or read_individual_csv), then call "
            "survival.plot.dataset_charts.compare_chart on its groups. For one row per person, "
            "survival.estimate.lifelines_bridge.to_lifelines turns each Kaplan-Meier curve into a "
            "fitted lifelines KaplanMeierFitter."
        )
        return
    ours, theirs = st.tabs(list(SNIPPET_TABS))
    ours.write(
        "This code uses the survival package to recompute the numbers on this page"
        + (" and the tests" if with_test else "")
        + ", and to save the same chart."
    )
    ours.code(educator_snippets.package_snippet(ref, groups, options, tau, with_test), language="python")
    theirs.write(
        "lifelines fits the Kaplan-Meier curves and the log-rank test to the same counts (lifelines "
        "has no actuarial life table), and the code checks that its curves are the ones above."
    )
    theirs.code(educator_snippets.lifelines_snippet(ref, groups), language="python")


# -- The page -----------------------------------------------------------------------------------

st.title("Compare groups")
st.caption(
    "Several groups on one chart, one thing varying at a time, with medians, average years lived "
    "and tests; downloads for teaching, and Python that reproduces them."
)
shown, controls = st.columns([2, 1], gap="large")  # the chart first: in view without scrolling
with controls, st.container(key=CONTROLS):
    ref = choose_dataset("Data", state.COMPARE_DATASET)
    data = caching.dataset(ref)
    if data.description.is_teaching:
        st.caption(
            "Teaching data: modelled on a population registry, for learning the methods. These are "
            "not official statistics."
        )
    names = titles(data)
    dimensions = [v.name for v in data.variables] + ([PERIOD] if data.has_periods else [])
    if not dimensions:
        st.info("These data have one group only: there is nothing to compare.", icon=":material/info:")
        st.stop()
    periods = data.period_labels("period")
    OPTIONS = {v.name: list(v.groups) for v in data.variables} | {PERIOD: periods}
    latest = periods.index(data.default_period()) if data.has_periods else 0
    DEFAULTS = {v.name: list(v.groups)[:7] for v in data.variables} | {
        PERIOD: list(dict.fromkeys([periods[0], periods[latest // 2], periods[latest]])) if periods else []
    }
    FIXED_OPTIONS = {v.name: list(v.levels) for v in data.variables} | {
        PERIOD: periods[::-1] + data.period_labels("single year")[::-1]
    }
    FIXED_DEFAULTS = {v.name: v.total or v.levels[0] for v in data.variables} | {
        PERIOD: data.default_period()
    }
    by = st.radio(
        "Compare by",
        dimensions,
        format_func=names.get,
        horizontal=True,
        key=state.widget("compare", "by", data.name),
    )
    chosen = st.multiselect(
        f"{names[by]}s to compare" if by != PERIOD else "Periods of diagnosis to compare",
        OPTIONS[by],
        default=DEFAULTS[by],
        key=state.widget("compare", by, data.name, "s"),
        max_selections=MAX_GROUPS,
        help=f"Up to {MAX_GROUPS}, one line style each.",
    )
    fixed = {
        d: st.selectbox(
            names[d],
            FIXED_OPTIONS[d],
            index=FIXED_OPTIONS[d].index(FIXED_DEFAULTS[d]),
            key=state.widget("compare", d, data.name),
        )
        for d in dimensions
        if d != by
    }
    measures = list(MEASURES) if data.lifetables.has_expected else ["observed"]
    measure = st.radio(
        "Survival measure",
        measures,
        format_func=MEASURES.get,
        key=state.COMPARE_MEASURE,
        help="Older people die more often of other causes, so observed survival is "
        "lower at older ages; relative survival allows for that.",
    )
    conf_type = "log-log"
    if measure == "relative":
        method = "actuarial"
        st.caption("Relative survival is estimated with the actuarial method (Ederer II) only.")
    else:
        method = st.radio(
            "Method", list(METHODS), format_func=METHODS.get, key=state.COMPARE_METHOD, horizontal=True
        )
        st.caption(KM_VS_ACTUARIAL)
    if method == "kaplan-meier":
        conf_type = st.selectbox(
            "Interval type", CONF_TYPES, format_func=CONF_TYPE_NAMES.get, key=CONF_TYPE, help=CONF_TYPE_HELP
        )
    else:
        st.caption("Intervals: 95% log-log, as SEER*Stat computes them.")
    band = st.toggle("Confidence bands (95%)", value=False, key=state.COMPARE_BAND)
    risk = st.toggle("Risk table under the chart", value=True, key=state.COMPARE_RISK)
    presentation = st.toggle(
        "Presentation mode",
        value=False,
        key=state.PRESENTATION,
        help="Large type and thicker lines on the chart, for slides.",
    )

if not chosen:
    shown.info(
        f"Choose at least one entry under \u201c{names[by]}s to compare\u201d.", icon=":material/info:"
    )
    st.stop()

try:
    groups = tuple(data.select(**{**fixed, by: value}).labels for value in chosen)
except SurvivalDataError as err:
    with shown:
        show_error(err)
    st.stop()
fixed_text = data.describe(Selection(data.name, tuple((d, fixed[d]) for d in dimensions if d in fixed)))
title = (  # two short lines: a long one would shrink the chart to fit it
    f"{measure.capitalize()} survival by {names[by].lower()} ({IN_TITLE[method]}, "
    f"{interval_name(conf_type)} CI)\n{fixed_text[:1].upper()}{fixed_text[1:]}"
)
options = {
    "measure": measure,
    "method": method,
    "conf_type": conf_type,
    "band": band,
    "risk_table": risk,
    "presentation": presentation,
    "title": title,
}

with shown, st.container(key=CHART_AREA):
    try:
        rendered = educator_stats.chart(ref, groups, **options)
    except SurvivalDataError as err:
        show_error(err)
        st.stop()
    show_chart(
        rendered,
        key=CHART,
        file_stem=f"survival-by-{by}",
        download=lambda fmt: educator_stats.chart_file(fmt, ref, groups, **options),
    )

tau = None
if measure == "observed":
    with st.container(key=MEDIAN_AREA):
        show_medians(ref, groups, method, conf_type)
    with st.container(key=RMST_AREA):
        tau = show_rmst(ref, groups, method)

st.header("Is the difference more than chance?")
with st.container(key=LOGRANK_AREA):
    show_logrank(ref, groups, measure)

show_snippets(ref, groups, options, tau, measure == "observed" and len(groups) > 1)
