"""Understand a number: the landing page for patients and families."""

from __future__ import annotations

import streamlit as st

from survival.datasets.description import PERIOD
from survival.errors import SurvivalDataError
from survival.words.wording import parse_percent
from ui import caching, state
from ui.components import choose_dataset, show_chart, show_error

SUPPORT = (
    "In the United States, the American Cancer Society answers calls day and night at "
    "1-800-227-2345, and the National Cancer Institute's Cancer Information Service at "
    "1-800-422-6237. Elsewhere, your national cancer charity, your care team or a local "
    "support group can help. You do not have to face the numbers alone."
)

st.title("Understand a number")
st.info(
    "The numbers here describe large groups of people diagnosed years ago. They cannot say what "
    "will happen to you, and care keeps improving. Take your time; you can stop at any point.",
    icon=":material/favorite:",
)

ref = choose_dataset("Which cancer?", state.UNDERSTAND_DATASET, patient=True)
data = caching.dataset(ref)
description = data.description
stage_variable = description.stage
choices: dict[str, str | None] = {}
if stage_variable is not None:
    choices[stage_variable.name] = st.selectbox(
        "Stage when the cancer was found",
        stage_variable.levels,
        index=None,
        key=state.widget("understand", stage_variable.name, data.name),
        format_func=stage_variable.menu_text,
        placeholder="Choose the stage",
        help=description.staging.note or None,
    )
with st.expander(
    "More choices: "
    + ", ".join(
        [v.what for v in data.variables if v is not stage_variable]
        + ["when diagnosed", "a figure you were told", "years since diagnosis"]
    )
):
    for variable in data.variables:
        if variable is stage_variable:
            continue
        default = variable.levels.index(variable.total) if variable.total else 0
        choices[variable.name] = st.selectbox(
            variable.title,
            variable.levels,
            index=default,
            key=state.widget("understand", variable.name, data.name),
        )
    if data.has_periods:
        periods = data.period_labels("period")[::-1] + data.period_labels("single year")[::-1]
        choices[PERIOD] = st.selectbox(
            "When people were diagnosed",
            periods,
            index=periods.index(data.default_period()),
            key=state.widget("understand", PERIOD, data.name),
            help="The default is the most recent period with five full years of follow-up.",
        )
    figure_text = st.text_input(
        "A figure you were told, if any (for example 22%)", key=state.FIGURE, max_chars=12
    )
    lived = st.select_slider(
        "I was diagnosed this many years ago",
        options=[0, 1, 2, 3, 4, 5],
        value=0,
        key=state.LIVED,
        help="The figures then describe people who had already lived that long.",
    )

if stage_variable is not None and choices[stage_variable.name] is None:
    st.write(
        "Choose a stage above to see what the figures mean. Stage describes how far the cancer "
        "had spread when it was found."
    )
    st.stop()

try:
    figure = parse_percent(figure_text)
except SurvivalDataError as err:
    show_error(err)
    figure = None

try:
    selection = data.select(**choices)
    explanation = caching.explanation(ref, selection.labels, figure, lived)
except SurvivalDataError as err:
    show_error(err)
    st.stop()

sections = {s.key: s for s in explanation.sections}
head = sections["headline"]
st.header(head.heading)
st.markdown(head.text)


def chart(kind: str, labels: tuple, **options) -> None:
    """Show a chart of one selection, or say why there is none."""
    try:
        rendered = caching.chart(kind, ref, (labels,), **options)
    except SurvivalDataError as err:
        st.write(f"{err.what}. {err.fix.capitalize() if err.fix else ''}")
        return
    show_chart(
        rendered,
        key=f"understand_{kind}",
        file_stem=f"survival-{kind}",
        download=lambda fmt: caching.chart_file(fmt, kind, ref, (labels,), **options),
    )


left, right = st.columns(2)
if data.lifetables.has_expected:
    with left:
        st.subheader("Out of 100 people")
        chart("icons", selection.labels, lived=lived)
with right if data.lifetables.has_expected else left:
    st.subheader("Over time")
    chart("curve", selection.labels, lived=lived)

for key in ("when", "figure"):
    if key in sections:
        st.header(sections[key].heading)
        st.markdown(sections[key].text)
if data.has_periods:
    st.subheader("By year of diagnosis")
    # The trend does not depend on the period chosen: keep it cached across period changes.
    trend_labels = selection.replace(**{PERIOD: data.default_period()}).labels
    chart(
        "trend",
        trend_labels,
        measure="relative" if data.lifetables.has_expected else "observed",
        figure=figure,
    )

for key in ("over_time", "conditional", "certainty", "outcomes"):
    if key in sections:
        st.header(sections[key].heading)
        st.markdown(sections[key].text)

st.header(sections["limits"].heading)
st.markdown(sections["limits"].text)
if description.questions:
    st.subheader("Questions worth asking your care team")
    st.markdown("\n".join(f"- {q}" for q in description.questions))
st.subheader("Where to find support")
st.write(SUPPORT)
st.caption(f"How numbers are rounded: {explanation.rounding_rule}")
