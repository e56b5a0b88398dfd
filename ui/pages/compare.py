"""Compare groups (for educators): several stages, age groups or periods on one chart."""

from __future__ import annotations

import streamlit as st

from survival.datasets.catalogue import ALL_AGES, GROUPS
from survival.errors import SurvivalDataError
from ui import cached, housekeeping, state
from ui.components import show_chart, show_error

CHART = "compare_chart"
CHART_AREA = "compare_chart_area"  # the container of the chart, its numbers and downloads
LOGRANK_AREA = "compare_logrank_area"  # the container of the log-rank test or why there is none
MAX_GROUPS = 7  # one line style per group
BY = {"stage": "Stage", "age": "Age group", "period": "Period of diagnosis"}
PLURAL = {"stage": "Stages", "age": "Age groups", "period": "Periods of diagnosis"}
VARYING_KEYS = {"stage": state.COMPARE_STAGES, "age": state.COMPARE_AGES, "period": state.COMPARE_PERIODS}
FIXED_KEYS = {"stage": state.COMPARE_STAGE, "age": state.COMPARE_AGE, "period": state.COMPARE_PERIOD}
MEASURES = {"observed": "Observed: alive, whatever the cause of death",
            "relative": "Relative: compared with the general population"}
METHODS = {"actuarial": "Actuarial (life table)", "kaplan-meier": "Kaplan-Meier"}
IN_TITLE = {"actuarial": "actuarial", "kaplan-meier": "Kaplan-Meier"}
KM_VS_ACTUARIAL = (
    "On these yearly tables, Kaplan-Meier counts people lost to follow-up during a year as at risk "
    "all year (survival 1 − deaths ÷ alive at the start), where the actuarial method counts them for "
    "half of it (1 − deaths ÷ (alive − half the lost)), so its curve steps once a year and is never "
    "lower, most visibly where many people are lost.")
NO_LOGRANK = (
    "**The log-rank test does not apply to relative survival.** It compares the deaths observed in "
    "each group, from any cause, with the deaths expected if all the groups shared one survival "
    "curve; relative survival is a ratio to the survival of people of the same age in the general "
    "population, and there is no log-rank test for it. Net survival is compared with tests made "
    "for it, such as the log-rank-type test for the Pohar Perme estimator (Grafféo and colleagues, "
    "Biometrics 2016). They need one row per person with that person's expected mortality, which "
    "these yearly tables do not have, so this page does not compute them. Choose observed survival "
    "to see the log-rank test of deaths from any cause.")
NOT_MEANT = (
    "**What it does not mean.** It does not say how large the difference is, why the groups differ, "
    "or what will happen to anyone. With thousands of people even a small difference gives a tiny "
    "p-value, so look at the curves for the size. Stage, age and period go together with treatment, "
    "general health and each other, and observed survival counts deaths from other causes too. The "
    "test gives every death the same weight, whenever it happens, and can miss a difference when "
    "curves cross. Here deaths and losses are placed at the end of each year of follow-up (the "
    "tables are yearly), so the test approximates the one on exact times.")


# -- Thin caches around the package (keyed by plain labels) ------------------------------------


def _drawn(groups, labels, measure, method, band, risk, presentation, title):
    """The comparison chart drawn by the package, its text alternative and its numbers."""
    from survival.estimate.lifetable_curves import lifetable_curve
    from survival.plot.curves import comparison_alt_text, comparison_table, plot_comparison

    data = cached.dataset()
    curves = []
    for group, label in zip(groups, labels):
        curve = lifetable_curve(data.table(data.select(*group)), group, measure=measure, method=method,
                                label=label)
        if len(curve.time) < 2:
            raise SurvivalDataError(f"There are no survival figures yet for people diagnosed in {group[2]}",
                                    f"{label} ({', '.join(group)})", "choose an earlier period of diagnosis")
        curves.append(curve)
    ax = plot_comparison(curves, band=band, risk_table=risk, presentation=presentation, title=title)
    return ax, comparison_alt_text(curves, band=band, risk_table=risk), comparison_table(curves)


@housekeeping.droppable
@st.cache_data(max_entries=128, ttl=cached.TTL, show_spinner=False)
def comparison(*args) -> cached.Rendered:
    """The chart for the screen (SVG), its text alternative and its numbers."""
    cached.settle()
    ax, alt_text, table = _drawn(*args)
    return cached.Rendered(cached.to_svg(ax.figure), alt_text, table)


@housekeeping.droppable
@st.cache_data(max_entries=32, ttl=cached.TTL, show_spinner=False)
def comparison_file(fmt: str, *args) -> bytes:
    """The same chart as a PNG (300 dpi), SVG or PDF file."""
    from survival.plot.style import figure_bytes

    ax, alt_text, _ = _drawn(*args)
    return figure_bytes(ax, fmt, description=alt_text)


@housekeeping.droppable
@st.cache_data(max_entries=128, ttl=cached.TTL, show_spinner=False)
def logrank_test(groups: tuple):
    """The log-rank test of the groups, on deaths and losses placed at each year's end."""
    from survival.estimate.kaplan_meier import logrank
    from survival.estimate.lifetable_curves import counts_from_lifetable

    return logrank(counts_from_lifetable(cached.dataset().lifetables), list(groups))


# -- Text ---------------------------------------------------------------------------------------


def p_text(p: float) -> str:
    """A p-value as shown: three decimals, or "< 0.001"."""
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _fixed_text(fixed: dict) -> str:
    parts = {"stage": f"{fixed.get('stage')} stage",
             "age": "all ages" if fixed.get("age") == ALL_AGES else f"age group {fixed.get('age')}",
             "period": f"diagnosed {fixed.get('period')}"}
    return ", ".join(parts[d] for d in GROUPS if d in fixed)


def snippet(groups, labels, measure, method, band, risk, presentation, title) -> str:
    """Python that redraws the chart and recomputes its numbers with the survival package."""
    with_test = measure == "observed" and len(groups) > 1
    lines = [
        '# Reproduce the "Compare groups" chart with the survival package (run in the project folder).',
        "from survival import load_dataset" + (", logrank" if with_test else ""),
        "from survival.plot.curves import comparison_table, plot_comparison",
        "from survival.estimate.lifetable_curves import "
        + ("counts_from_lifetable, " * with_test) + "lifetable_curve",
        "",
        'data = load_dataset("seer-breast")',
        "groups = {  # label: (stage, age group, period of diagnosis)",
        *(f"    {label!r}: {group!r}," for label, group in zip(labels, groups)),
        "}",
        "curves = [",
        "    lifetable_curve(data.table(data.select(*group)), group,",
        f"                    measure={measure!r}, method={method!r}, label=label)",
        "    for label, group in groups.items()",
        "]",
        "numbers = comparison_table(curves)  # the numbers in the chart",
        "print(numbers.round(3).to_string(index=False))",
        "",
    ]
    if with_test:
        lines += [
            "# Log-rank test, with deaths and losses placed at the end of each year",
            "test = logrank(counts_from_lifetable(data.lifetables), list(groups.values()))",
            'print(f"chi-squared {test.statistic:,.1f}, {test.df} degrees of freedom,",',
            '      f"p = {test.p_value:.3g}")',
            "",
        ]
    lines += [
        f"title = {title!r}",
        f"ax = plot_comparison(curves, band={band}, risk_table={risk}, presentation={presentation},",
        "                     title=title)",
        'ax.figure.savefig("comparison.png", dpi=300, bbox_inches="tight")',
    ]
    return "\n".join(lines) + "\n"


def show_logrank(groups: tuple, measure: str) -> None:
    """The log-rank test in plain words, or why there is none."""
    if measure == "relative":
        st.info(NO_LOGRANK, icon=":material/info:")
        return
    if len(groups) < 2:
        st.write("The log-rank test compares two or more groups: choose another group to compare.")
        return
    result = logrank_test(groups)
    statistic, df, p = st.columns(3)
    statistic.metric("Log-rank statistic (chi-squared)", f"{result.statistic:,.1f}")
    df.metric("Degrees of freedom", str(result.df), help="The number of groups minus one.")
    p.metric("p-value", p_text(result.p_value))
    if result.p_value < 0.001:
        verdict = "below 0.001: chance alone would very rarely give a difference this large"
    elif result.p_value < 0.05:
        verdict = f"{result.p_value:.3f}, below the usual 0.05 threshold"
    else:
        verdict = (f"{result.p_value:.3f}: chance alone could easily give a difference this large, "
                   "which does not show that survival is the same")
    st.markdown(
        f"**What it tests.** Whether deaths from any cause happened in these {len(groups)} groups as "
        "often as they would if all of them shared one survival curve. The statistic adds up how far "
        f"each group's deaths are from that expectation, with {result.df} degrees of freedom (the "
        "number of groups minus one). The p-value is the chance of a statistic at least this large if "
        f"survival were truly the same in every group; here it is {verdict}.")
    st.markdown(NOT_MEANT)


# -- The page -----------------------------------------------------------------------------------

st.title("Compare groups")
st.write("Put the survival curves of several stages, age groups or periods of diagnosis on one "
         "chart, one thing varying at a time; download the chart and its numbers for teaching, and "
         "reproduce them in Python.")

choices = cached.choices()
periods = list(choices.periods)
latest = periods.index(choices.default_period)
OPTIONS = {"stage": list(choices.stages), "age": [a for a in choices.ages if a != ALL_AGES],
           "period": periods}
DEFAULTS = {"stage": list(choices.stages), "age": OPTIONS["age"],
            "period": list(dict.fromkeys([periods[0], periods[latest // 2], periods[latest]]))}
FIXED_OPTIONS = {"stage": list(choices.stages), "age": list(choices.ages),
                 "period": periods[::-1] + list(choices.single_years[::-1])}
FIXED_DEFAULTS = {"stage": choices.stages[0], "age": ALL_AGES, "period": choices.default_period}

by_column, *fixed_columns = st.columns([2, 1, 1])
by = by_column.radio("Compare by", list(BY), format_func=BY.get, key=state.COMPARE_BY, horizontal=True)
fixed = {d: column.selectbox(BY[d], FIXED_OPTIONS[d], index=FIXED_OPTIONS[d].index(FIXED_DEFAULTS[d]),
                             key=FIXED_KEYS[d])
         for column, d in zip(fixed_columns, [d for d in GROUPS if d != by])}
chosen = st.multiselect(f"{PLURAL[by]} to compare", OPTIONS[by], default=DEFAULTS[by],
                        key=VARYING_KEYS[by], max_selections=MAX_GROUPS,
                        help=f"Up to {MAX_GROUPS}, one line style each.")

settings, shown = st.columns([1, 2], gap="large")
with settings:
    measure = st.radio("Survival measure", list(MEASURES), format_func=MEASURES.get,
                       key=state.COMPARE_MEASURE,
                       help="Older people die more often of other causes, so observed survival is "
                            "lower at older ages; relative survival allows for that.")
    if measure == "relative":
        method = "actuarial"
        st.caption("Relative survival is estimated with the actuarial method (Ederer II) only.")
    else:
        method = st.radio("Method", list(METHODS), format_func=METHODS.get, key=state.COMPARE_METHOD,
                          horizontal=True)
        st.caption(KM_VS_ACTUARIAL)
    band = st.toggle("Confidence bands (95%)", value=False, key=state.COMPARE_BAND)
    risk = st.toggle("Risk table under the chart", value=True, key=state.COMPARE_RISK)
    presentation = st.toggle("Presentation mode", value=False, key=state.PRESENTATION,
                             help="Large type and thicker lines on the chart, for slides.")

if not chosen:
    shown.info(f"Choose at least one entry under “{PLURAL[by]} to compare”.", icon=":material/info:")
    st.stop()

groups = tuple(tuple({**fixed, by: value}[d] for d in GROUPS) for value in chosen)
labels = tuple(chosen)
title = (f"{measure.capitalize()} survival by {BY[by].lower()} ({IN_TITLE[method]}): "
         f"{_fixed_text(fixed)}")
args = (groups, labels, measure, method, band, risk, presentation, title)

with shown, st.container(key=CHART_AREA):
    try:
        rendered = comparison(*args)
    except SurvivalDataError as err:
        show_error(err)
        st.stop()
    show_chart(rendered, key=CHART, file_stem=f"survival-by-{by}",
               download=lambda fmt: comparison_file(fmt, *args))

st.header("Is the difference more than chance?")
with st.container(key=LOGRANK_AREA):
    show_logrank(groups, measure)

st.header("Reproduce this in Python")
st.write("This code uses the survival package to recompute the numbers in the chart"
         + (" and the log-rank test" if measure == "observed" and len(groups) > 1 else "")
         + ", and to save the same chart.")
st.code(snippet(*args), language="python")
