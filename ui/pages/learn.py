"""How survival curves work: a curve by hand, GBSG2, relative survival, competing risks and the hazard."""

from __future__ import annotations

from importlib.metadata import version

import streamlit as st

from survival.lessons import by_hand, competing, gbsg2, hazard, relative
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
COLON_STAGE = "learn_colon_stage"  # widget: the stage of the competing-risks lesson
COLON_TABLE = "learn_colon_outcomes"
DEFAULT_STAGE, DEFAULT_AGE = "Localized", "65+"
YEARS = 5.0
TTL = caching.TTL
TEXT = by_hand.PARAGRAPHS | gbsg2.PARAGRAPHS | relative.PARAGRAPHS | competing.PARAGRAPHS | hazard.PARAGRAPHS


@st.cache_data(max_entries=1, ttl=TTL, show_spinner=False)
def example():
    """The example's step table and its Kaplan-Meier curve."""
    from survival.estimate.kaplan_meier import kaplan_meier

    durations, events = by_hand.example_durations()
    curve = kaplan_meier(durations, events, label=f"{len(by_hand.EXAMPLE)} people")
    return by_hand.km_steps(durations, events), curve


@st.cache_data(max_entries=1, ttl=TTL, show_spinner=False)
def gbsg2_fitted() -> gbsg2.Gbsg2Lesson:
    """GBSG2 loaded and fitted once."""
    return gbsg2.gbsg2_lesson()


@st.cache_data(max_entries=16, ttl=TTL, show_spinner=False)
def relative_fitted(stage: str, age: str) -> relative.RelativeLesson:
    """Observed, relative and expected survival of one bundled selection (default period)."""
    data = caching.bundled(state.DEFAULT_DATASET)
    return relative.relative_lesson(data, data.select(stage, age))


@st.cache_data(max_entries=4, ttl=TTL, show_spinner=False)
def colon_fitted(stage: str) -> competing.CompetingLesson:
    """One stage's deaths by cause in the colon teaching data."""
    return competing.competing_lesson(stage)


@st.cache_data(max_entries=1, ttl=TTL, show_spinner=False)
def stage_gray():
    """Gray's test of cancer deaths between the colon data's stages."""
    return competing.stage_test()


@st.cache_data(max_entries=1, ttl=TTL, show_spinner=False)
def hazard_fitted() -> hazard.HazardLesson:
    """The cumulative and smoothed hazards by stage."""
    return hazard.hazard_lesson()


def _chart(kind: str, *args):
    draw = {
        "steps": lambda: by_hand.step_chart(example()[1], *args),
        "gbsg2": lambda: gbsg2.gbsg2_chart(gbsg2_fitted()),
        "therapy": lambda: gbsg2.therapy_chart(gbsg2_fitted()),
        "relative": lambda: relative.relative_chart(relative_fitted(*args)),
        "incidence": lambda: competing.incidence_chart(colon_fitted(*args)),
        "cumhaz": lambda: hazard.cumulative_chart(hazard_fitted()),
        "hazard": lambda: hazard.smoothed_chart(hazard_fitted()),
    }
    return draw[kind]()


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
st.write(TEXT["example"].format(people=len(by_hand.EXAMPLE)))
st.dataframe(by_hand.people_table(), hide_index=True, key=PEOPLE_TABLE)
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
st.markdown(by_hand.step_sentence(steps, step))
st.dataframe(
    by_hand.steps_display(steps.iloc[:step]),
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
lesson = gbsg2_fitted()
women = int(lesson.profile["Women"].sum())
st.header("Real data: a breast cancer study")
st.write(
    TEXT["gbsg2_about"].format(
        first=gbsg2.GBSG2_FACTS["first_year"], last=gbsg2.GBSG2_FACTS["last_year"], women=f"{women:,}"
    )
)
st.subheader("What does recurrence-free mean?")
st.write(TEXT["recurrence_free"])
st.markdown(gbsg2.five_year_sentence(lesson.overall, YEARS))
show("gbsg2", stem="gbsg2-recurrence-free")

st.subheader("With and without hormone therapy")
show("therapy", stem="gbsg2-hormone-therapy")
st.dataframe(
    gbsg2.gbsg2_summary(lesson, YEARS),
    hide_index=True,
    key=GBSG2_TABLE,
    column_config={
        c: st.column_config.NumberColumn(format="percent")
        for c in (f"Recurrence-free at {YEARS:g} years", "Band low", "Band high")
    },
)
st.write(TEXT["logrank"])
st.markdown(gbsg2.logrank_sentence(lesson.test))
st.subheader("This is not the trial's result")
st.write(gbsg2.caution_sentence(lesson))
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
rel = relative_fitted(stage, age)
st.markdown(relative.relative_sentence(rel, YEARS))
show("relative", stage, age, stem="observed-relative-expected")
st.write(TEXT["relative_limits"])
st.caption(f"How numbers are rounded: {ROUNDING_RULE}")

# -- 4. Competing risks ---------------------------------------------------------------------------
st.header("Deaths from the cancer and from other causes")
st.write(TEXT["competing_intro"])
st.info(TEXT["teaching_data"], icon=":material/school:")
stage_names = {s: competing.STAGE_WORDS[s].capitalize() for s in competing.colon.STAGES}
colon_stage = st.selectbox(
    "Stage when the colon cancer was found", list(stage_names), format_func=stage_names.get, key=COLON_STAGE
)
colon = colon_fitted(colon_stage)
st.write(TEXT["incidence"])
show("incidence", colon_stage, stem=f"colon-deaths-by-cause-{colon_stage.lower()}")
st.dataframe(
    competing.outcomes_table(colon),
    hide_index=True,
    key=COLON_TABLE,
    column_config={
        c: st.column_config.NumberColumn(format="%.1f") for c in competing.outcomes_table(colon).columns[1:]
    },
)
st.subheader("Why 1 minus Kaplan-Meier is too high")
st.write(TEXT["naive"])
st.markdown(competing.overstatement_sentence(colon, YEARS))
st.subheader("Do the stages differ? Gray's test")
st.write(TEXT["gray"])
st.markdown(competing.gray_sentence(stage_gray()))

# -- 5. The hazard ----------------------------------------------------------------------------------
st.header("How the risk changes with time since diagnosis")
st.write(TEXT["hazard_intro"])
st.write(TEXT["cumulative"])
show("cumhaz", stem="colon-cumulative-hazard")
st.write(TEXT["smoothed"])
show("hazard", stem="colon-death-rate")
st.markdown(hazard.hazard_sentence(hazard_fitted()))
st.write(TEXT["smoothing_caution"])

st.subheader("Sources")
seer_citation = data.provenance["citation"]
st.markdown(
    "\n".join(
        f"- {s}" for s in (*gbsg2.sources(version("lifelines"), seer_citation, women), *competing.sources())
    )
)
