"""Understand a number: the landing page for patients and families."""

from __future__ import annotations

import streamlit as st

from survival.errors import SurvivalDataError
from survival.words.wording import STAGE_NAMES, parse_percent
from ui import cached, state
from ui.components import show_chart, show_error

QUESTIONS = (
    "What stage and type is my cancer (hormone receptor and HER2 status)?",
    "How do these group figures fit my own situation and health?",
    "What are the aims of my treatment, and what are its side effects?",
    "Are there newer treatments or clinical trials that could suit me?",
    "Who can I talk to about how I feel, and about practical help?",
)
SUPPORT = (
    "In the United States, the American Cancer Society answers calls day and night at "
    "1-800-227-2345, and the National Cancer Institute's Cancer Information Service at "
    "1-800-422-6237. Elsewhere, your national cancer charity, your care team or a local "
    "support group can help. You do not have to face the numbers alone."
)

st.title("Understand a number")
st.info("The numbers here describe large groups of people diagnosed years ago. They cannot say what "
        "will happen to you, and care keeps improving. Take your time; you can stop at any point.",
        icon=":material/favorite:")

options = cached.choices()
stage = st.selectbox("Stage when the cancer was found", options.stages, index=None, key=state.STAGE,
                     format_func=STAGE_NAMES.get, placeholder="Choose the stage")
with st.expander("More choices: age, when diagnosed, a figure you were told, years since diagnosis"):
    age = st.selectbox("Age group (as the registry labels them)", options.ages,
                       index=options.ages.index("All ages"), key=state.AGE)
    periods = options.periods[::-1] + options.single_years[::-1]
    period = st.selectbox("When people were diagnosed", periods, index=periods.index(options.default_period),
                          key=state.PERIOD,
                          help="The default is the most recent period with five full years of follow-up.")
    figure_text = st.text_input("A figure you were told, if any (for example 22%)", key=state.FIGURE,
                                max_chars=12)
    lived = st.select_slider("I was diagnosed this many years ago", options=[0, 1, 2, 3, 4, 5], value=0,
                             key=state.LIVED,
                             help="The figures then describe people who had already lived that long.")

if stage is None:
    st.write("Choose a stage above to see what the figures mean. Stage describes how far the cancer "
             "had spread when it was found.")
    st.stop()

try:
    figure = parse_percent(figure_text)
except SurvivalDataError as err:
    show_error(err)
    figure = None

try:
    explanation = cached.explanation(stage, age, period, figure, lived)
except SurvivalDataError as err:
    show_error(err)
    st.stop()

selection = ((stage,), (age,), (period,))
sections = {s.key: s for s in explanation.sections}
head = sections["headline"]
st.header(head.heading)
st.markdown(head.text)


def chart(kind: str, selection: tuple, **options) -> None:
    """Show a bundled chart of ``selection`` ((stage,), (age,), (period,)), or say why there is none."""
    try:
        rendered = cached.chart(kind, *selection, **options)
    except SurvivalDataError as err:
        st.write(f"{err.what}. {err.fix.capitalize() if err.fix else ''}")
        return
    show_chart(rendered, key=f"understand_{kind}", file_stem=f"survival-{kind}",
               download=lambda fmt: cached.chart_file(fmt, kind, *selection, **options))


left, right = st.columns(2)
with left:
    st.subheader("Out of 100 people")
    chart("icons", selection, lived=lived)
with right:
    st.subheader("Over time")
    chart("curve", selection, lived=lived)

for key in ("when", "figure"):
    if key in sections:
        st.header(sections[key].heading)
        st.markdown(sections[key].text)
st.subheader("By year of diagnosis")
# The trend does not depend on the period chosen: keep it cached across period changes.
chart("trend", ((stage,), (age,), (options.default_period,)), measure="relative", figure=figure)

for key in ("over_time", "conditional", "certainty", "outcomes"):
    st.header(sections[key].heading)
    st.markdown(sections[key].text)

st.header(sections["limits"].heading)
st.markdown(sections["limits"].text)
st.subheader("Questions worth asking your care team")
st.markdown("\n".join(f"- {q}" for q in QUESTIONS))
st.subheader("Where to find support")
st.write(SUPPORT)
st.caption(f"How numbers are rounded: {explanation.rounding_rule}")
