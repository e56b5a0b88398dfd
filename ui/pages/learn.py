"""How survival curves work: a Kaplan-Meier curve by hand, GBSG2, and relative survival."""

from __future__ import annotations

from importlib.metadata import version

import streamlit as st

from survival.lessons import teaching
from survival.plot.style import figure_bytes
from survival.words.wording import ROUNDING_RULE
from ui import caching, state
from ui.components import show_chart
from ui.rendered import Rendered, render

# Keys of this page's widgets and tables (the sliders' and choices' keys are in ui.state).
LEARN_STAGE = "learn_stage"
PEOPLE_TABLE = "learn_people"
STEP_TABLE = "learn_steps_table"
GBSG2_TABLE = "learn_gbsg2_summary"
PROFILE_TABLE = "learn_gbsg2_profile"
DEFAULT_STAGE, DEFAULT_AGE = "Localized", "65+"
YEARS = 5.0
TTL = caching.TTL
TEXT = teaching.PARAGRAPHS


@st.cache_data(max_entries=1, ttl=TTL, show_spinner=False)
def example():
    """The example's step table and its Kaplan-Meier curve."""
    from survival.estimate.kaplan_meier import kaplan_meier

    durations, events = teaching.example_durations()
    curve = kaplan_meier(durations, events, label=f"{len(teaching.EXAMPLE)} people")
    return teaching.km_steps(durations, events), curve


@st.cache_data(max_entries=1, ttl=TTL, show_spinner=False)
def gbsg2() -> teaching.Gbsg2Lesson:
    """GBSG2 loaded and fitted once."""
    return teaching.gbsg2_lesson()


@st.cache_data(max_entries=16, ttl=TTL, show_spinner=False)
def relative(stage: str, age: str) -> teaching.RelativeLesson:
    """Observed, relative and expected survival of one bundled selection (default period)."""
    data = caching.bundled(state.DEFAULT_DATASET)
    return teaching.relative_lesson(data, data.select(stage, age))


def _chart(kind: str, *args):
    if kind == "steps":
        return teaching.step_chart(example()[1], *args)
    if kind == "gbsg2":
        return teaching.gbsg2_chart(gbsg2())
    if kind == "therapy":
        return teaching.therapy_chart(gbsg2())
    return teaching.relative_chart(relative(*args))


@st.cache_data(max_entries=32, ttl=TTL, show_spinner=False)
def rendered(kind: str, *args) -> Rendered:
    """A lesson's chart as SVG, with its text alternative and data."""
    return render(_chart(kind, *args))


@st.cache_data(max_entries=16, ttl=TTL, show_spinner=False)
def chart_file(fmt: str, kind: str, *args) -> bytes:
    """A lesson's chart as a file to download."""
    chart = _chart(kind, *args)
    return figure_bytes(chart.ax, fmt, description=chart.alt_text)


def show(kind: str, *args, stem: str) -> None:
    show_chart(
        rendered(kind, *args),
        key=f"learn_{kind}",
        file_stem=stem,
        download=lambda fmt: chart_file(fmt, kind, *args),
    )


st.title("How survival curves work")
st.write(TEXT["intro"])

# -- 1. By hand -----------------------------------------------------------------------------------
steps, curve = example()
st.header("A curve built by hand")
st.write(TEXT["example"].format(people=len(teaching.EXAMPLE)))
st.dataframe(teaching.people_table(), hide_index=True, key=PEOPLE_TABLE)
st.subheader("What is censoring?")
st.write(TEXT["censoring"])

step = st.slider(
    "Times added to the curve",
    min_value=1,
    max_value=len(steps),
    value=1,
    key=state.LEARN_STEP,
    help=TEXT["slider"],
)
st.markdown(teaching.step_sentence(steps, step))
st.dataframe(
    teaching.steps_display(steps.iloc[:step]),
    hide_index=True,
    key=STEP_TABLE,
    column_config={"Survival so far (%)": st.column_config.NumberColumn(format="%.1f%%")},
)
st.write(TEXT["marks"])
show("steps", step, stem=f"km-by-hand-step-{step}")

st.subheader("Why does the curve step?")
st.write(TEXT["steps"])
st.write(TEXT["ties"])
st.subheader("What does the band mean?")
if step == len(steps):
    st.write(TEXT["band"].format(level=f"{100 * curve.conf_level:g}"))
else:
    st.write(TEXT["band_wait"])

# -- 2. GBSG2 -------------------------------------------------------------------------------------
lesson = gbsg2()
women = int(lesson.profile["Women"].sum())
st.header("Real data: a breast cancer study")
st.write(
    TEXT["gbsg2_about"].format(
        first=teaching.GBSG2_FACTS["first_year"], last=teaching.GBSG2_FACTS["last_year"], women=f"{women:,}"
    )
)
st.subheader("What does recurrence-free mean?")
st.write(TEXT["recurrence_free"])
st.markdown(teaching.five_year_sentence(lesson.overall, YEARS))
show("gbsg2", stem="gbsg2-recurrence-free")

st.subheader("With and without hormone therapy")
show("therapy", stem="gbsg2-hormone-therapy")
st.dataframe(
    teaching.gbsg2_summary(lesson, YEARS),
    hide_index=True,
    key=GBSG2_TABLE,
    column_config={
        c: st.column_config.NumberColumn(format="percent")
        for c in (f"Recurrence-free at {YEARS:g} years", "Band low", "Band high")
    },
)
st.write(TEXT["logrank"])
st.markdown(teaching.logrank_sentence(lesson.test))
st.subheader("This is not the trial's result")
st.write(teaching.caution_sentence(lesson))
st.dataframe(
    lesson.profile,
    hide_index=True,
    key=PROFILE_TABLE,
    column_config={"After menopause (%)": st.column_config.NumberColumn(format="%.0f%%")},
)

# -- 3. Relative survival -------------------------------------------------------------------------
data = caching.bundled(state.DEFAULT_DATASET)
st.header("Observed, expected and relative survival")
st.write(TEXT["observed"])
st.write(TEXT["expected"])
st.write(TEXT["relative"])
stages, ages = data.stages(), data.ages()
stage = st.selectbox(
    "Stage when the cancer was found",
    stages,
    index=stages.index(DEFAULT_STAGE),
    key=LEARN_STAGE,
    format_func=data.description.stage.menu_text,
)
age = st.selectbox(
    "Age group (as the registry labels them)", ages, index=ages.index(DEFAULT_AGE), key=state.LEARN_GROUP
)
rel = relative(stage, age)
st.markdown(teaching.relative_sentence(rel, YEARS))
show("relative", stage, age, stem="observed-relative-expected")
st.write(TEXT["relative_limits"])
st.caption(f"How numbers are rounded: {ROUNDING_RULE}")

st.subheader("Sources")
st.markdown(
    "\n".join(f"- {s}" for s in teaching.sources(version("lifelines"), data.provenance["citation"], women))
)
