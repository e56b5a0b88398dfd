"""Compare groups (for educators): several stages, age groups or periods on one chart."""

from __future__ import annotations

import streamlit as st

from survival.datasets.dataset import Dataset, Selection
from survival.datasets.description import PERIOD
from survival.errors import SurvivalDataError
from ui import caching, state
from ui.components import choose_dataset, show_chart, show_error

CHART = "compare_chart"
CHART_AREA = "compare_chart_area"  # the container of the chart, its numbers and downloads
LOGRANK_AREA = "compare_logrank_area"  # the container of the log-rank test or why there is none
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


# -- Text ---------------------------------------------------------------------------------------


def p_text(p: float) -> str:
    """A p-value as shown: three decimals, or "< 0.001"."""
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def titles(data: Dataset) -> dict[str, str]:
    """What each grouping variable (and the period) is called on this page."""
    return {**{v.name: v.what.capitalize() for v in data.variables}, PERIOD: "Period of diagnosis"}


def snippet(ref: str, groups: tuple, options: dict, with_test: bool) -> str:
    """Python that redraws the chart and recomputes its numbers with the survival package."""
    lines = [
        '# Reproduce the "Compare groups" chart with the survival package.',
        "from survival import load_dataset",
        "from survival.plot.dataset_charts import compare_chart",
    ]
    lines += ["from survival.estimate.groups import logrank_groups"] if with_test else []
    lines += [
        "",
        f"data = load_dataset({ref!r})",
        "selections = [",
        *(f"    data.select(**{dict(labels)!r})," for labels in groups),
        "]",
        "chart = compare_chart(",
        "    data, selections,",
        *(f"    {name}={value!r}," for name, value in options.items()),
        ")",
        "print(chart.table.round(3).to_string(index=False))  # the numbers in the chart",
        "",
    ]
    if with_test:
        lines += [
            "# Log-rank test, with deaths and losses placed at the end of each year",
            "test = logrank_groups(data.lifetables, [s.group for s in selections])",
            'print(f"chi-squared {test.statistic:,.1f}, {test.df} degrees of freedom,",',
            '      f"p = {test.p_value:.3g}")',
            "",
        ]
    lines.append('chart.ax.figure.savefig("comparison.png", dpi=300, bbox_inches="tight")')
    return "\n".join(lines) + "\n"


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


# -- The page -----------------------------------------------------------------------------------

st.title("Compare groups")
st.write(
    "Put the survival curves of several groups (stages, age groups, periods of diagnosis, ...) "
    "on one chart, one thing varying at a time; download the chart and its numbers for teaching, "
    "and reproduce them in Python."
)

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
FIXED_DEFAULTS = {v.name: v.total or v.levels[0] for v in data.variables} | {PERIOD: data.default_period()}

by_column, *fixed_columns = st.columns([2] + [1] * max(len(dimensions) - 1, 1))
by = by_column.radio(
    "Compare by",
    dimensions,
    format_func=names.get,
    horizontal=True,
    key=state.widget("compare", "by", data.name),
)
fixed = {
    d: column.selectbox(
        names[d],
        FIXED_OPTIONS[d],
        index=FIXED_OPTIONS[d].index(FIXED_DEFAULTS[d]),
        key=state.widget("compare", d, data.name),
    )
    for column, d in zip(fixed_columns, [d for d in dimensions if d != by])
}
chosen = st.multiselect(
    f"{names[by]}s to compare" if by != PERIOD else "Periods of diagnosis to compare",
    OPTIONS[by],
    default=DEFAULTS[by],
    key=state.widget("compare", by, data.name, "s"),
    max_selections=MAX_GROUPS,
    help=f"Up to {MAX_GROUPS}, one line style each.",
)

settings, shown = st.columns([1, 2], gap="large")
with settings:
    measures = list(MEASURES) if data.lifetables.has_expected else ["observed"]
    measure = st.radio(
        "Survival measure",
        measures,
        format_func=MEASURES.get,
        key=state.COMPARE_MEASURE,
        help="Older people die more often of other causes, so observed survival is "
        "lower at older ages; relative survival allows for that.",
    )
    if measure == "relative":
        method = "actuarial"
        st.caption("Relative survival is estimated with the actuarial method (Ederer II) only.")
    else:
        method = st.radio(
            "Method", list(METHODS), format_func=METHODS.get, key=state.COMPARE_METHOD, horizontal=True
        )
        st.caption(KM_VS_ACTUARIAL)
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
    show_error(err)
    st.stop()
fixed_text = data.describe(Selection(data.name, tuple((d, fixed[d]) for d in dimensions if d in fixed)))
title = f"{measure.capitalize()} survival by {names[by].lower()} ({IN_TITLE[method]}): {fixed_text}"
options = {
    "measure": measure,
    "method": method,
    "band": band,
    "risk_table": risk,
    "presentation": presentation,
    "title": title,
}

with shown, st.container(key=CHART_AREA):
    try:
        rendered = caching.chart("compare", ref, groups, **options)
    except SurvivalDataError as err:
        show_error(err)
        st.stop()
    show_chart(
        rendered,
        key=CHART,
        file_stem=f"survival-by-{by}",
        download=lambda fmt: caching.chart_file(fmt, "compare", ref, groups, **options),
    )

st.header("Is the difference more than chance?")
with st.container(key=LOGRANK_AREA):
    show_logrank(ref, groups, measure)

with_test = measure == "observed" and len(groups) > 1
st.header("Reproduce this in Python")
if caching.is_bundled(ref):
    st.write(
        "This code uses the survival package to recompute the numbers in the chart"
        + (" and the log-rank test" if with_test else "")
        + ", and to save the same chart."
    )
    st.code(snippet(ref, groups, options, with_test), language="python")
else:
    st.write(
        "Read your file with the survival package (survival.read_lifetable_csv, "
        "read_seerstat_lifetable or read_individual_csv), then call "
        "survival.plot.dataset_charts.compare_chart on its groups."
    )
