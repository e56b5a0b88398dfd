"""Understand a number: the landing page for patients and families.

It leads with the most recent figure the data allow (a period estimate of the
latest complete window, :func:`survival.estimate.recent.latest_window`), says who
it describes and how it was made, then how survival changed (the periods of
diagnosis and the joinpoint trend), why figures heard elsewhere may differ
(with published figures quoted beside ours), and the details.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from survival.datasets.description import PERIOD
from survival.errors import SurvivalDataError
from survival.published import beside
from survival.words.explanation import DETAIL
from survival.words.wording import SUPPORT, figure_question, parse_percent, percent_words, window_words
from ui import caching, presentation, share, state
from ui.components import choose_dataset, dataset_options, plain, show_chart, show_error

QUOTED = (
    "Figures published by others, quoted exactly as printed beside ours. We did not compute them "
    "and never mix them with our numbers: they count other people, years and measures."
)

st.title("Understand a number")
st.info(
    "The numbers here describe large groups of people diagnosed years ago. They cannot say what "
    "will happen to you, and care keeps improving. Take your time; you can stop at any point.",
    icon=":material/favorite:",
)

bundled = [ref for ref in dataset_options(patient=True) if caching.is_bundled(ref)]
share.restore({"dataset": share.Param(state.UNDERSTAND_DATASET, bundled)})
ref = choose_dataset("Which cancer?", state.UNDERSTAND_DATASET, patient=True)
data = caching.dataset(ref)
description = data.description
stage_variable = description.stage
window = caching.window(ref)
periods = (
    data.period_labels("period")[::-1] + data.period_labels("single year")[::-1] if data.has_periods else []
)
period_options = ([state.RECENT] if window else []) + periods
keys = {v.name: state.widget("understand", v.name, data.name) for v in data.variables}
period_key = state.widget("understand", PERIOD, data.name)
share.restore(
    {v.name: share.Param(keys[v.name], list(v.levels)) for v in data.variables}
    | {
        "period": share.Param(period_key, period_options),
        "figure": share.Param(state.FIGURE, [], lambda t: t[:12]),
        "lived": share.Param(state.LIVED, range(6), int),
        "slides": share.Param(state.UNDERSTAND_PRESENTATION, [True, False], share.as_bool),
    }
)


def period_text(option: str) -> str:
    """How a period choice reads in the menu."""
    if option == state.RECENT and window:
        return f"The most recent figures (follow-up in {window_words(window)})"
    return f"Diagnosed in {option}"


choices: dict[str, str | None] = {}
if stage_variable is not None:
    choices[stage_variable.name] = st.selectbox(
        "Stage when the cancer was found",
        stage_variable.levels,
        index=None,
        key=keys[stage_variable.name],
        format_func=stage_variable.menu_text,
        placeholder="Choose the stage",
        help=description.staging.note or None,
    )
    if description.staging.note:
        st.caption(plain(description.staging.note))
others = [v.what for v in data.variables if v is not stage_variable]
with st.expander(
    "More choices: " + ", ".join(others + ["when", "a figure you were told", "years since diagnosis"])
):
    for variable in data.variables:
        if variable is stage_variable:
            continue
        default = variable.levels.index(variable.total) if variable.total else 0
        restored = keys[variable.name] in st.session_state  # a link or an earlier run set it
        choices[variable.name] = st.selectbox(
            variable.title, variable.levels, index=None if restored else default, key=keys[variable.name]
        )
    chosen_period = None
    if period_options:
        latest = data.default_period()
        help_text = (
            f"The first choice is a period estimate: it uses the follow-up seen in "
            f"{window_words(window)}, the newest these data allow. The others are people diagnosed in "
            f"those years; {latest} is the latest with 5 full years of follow-up."
            if window
            else f"{latest} is the latest period with 5 full years of follow-up."
        )
        chosen_period = st.selectbox(
            "Which figures", period_options, key=period_key, format_func=period_text, help=help_text
        )
    figure_text = st.text_input(
        "A figure you were told, if any (for example 22%)", key=state.FIGURE, max_chars=12
    )
    lived = st.select_slider(
        "I was diagnosed this many years ago",
        options=[0, 1, 2, 3, 4, 5],
        value=None if state.LIVED in st.session_state else 0,
        key=state.LIVED,
        help="The figures then describe people who had already lived that long.",
    )
    slides = presentation.toggle(state.UNDERSTAND_PRESENTATION)

recent = chosen_period == state.RECENT
if data.has_periods:
    choices[PERIOD] = data.default_period() if recent or chosen_period is None else chosen_period
shared = {"dataset": ref if caching.is_bundled(ref) else None}
shared |= {name: choices.get(name) for name in keys} | {"period": chosen_period}
shared |= {"figure": figure_text or None, "lived": lived or None, "slides": slides or None}
share.publish(shared)
if slides:
    presentation.slide_view()

if stage_variable is not None and choices[stage_variable.name] is None:
    st.write(
        "Choose a stage above to see what the figures mean. Stage describes how far the cancer "
        "had spread when it was found."
    )
    share.share_box(shared, private=not caching.is_bundled(ref))
    st.stop()

figure = None
question = figure_question(figure_text)
if question is not None:
    meant = st.radio(
        f"Did you mean {percent_words(question[0])}?",
        list(question),
        index=None,
        key=state.FIGURE_MEANING,
        format_func=lambda v: f"Yes, {percent_words(v)}" if v == question[0] else f"No, {percent_words(v)}",
        horizontal=True,
    )
    figure = meant
else:
    try:
        figure = parse_percent(figure_text)
    except SurvivalDataError as err:
        show_error(err)

try:
    selection = data.select(**choices)
    labels = selection.labels
    explanation = caching.explanation(ref, labels, figure, lived, recent)
except SurvivalDataError as err:
    show_error(err)
    st.stop()

sections = {s.key: s for s in explanation.sections}


def chart(kind: str, chart_labels: tuple, **options) -> None:
    """Show a chart of one selection, or say why there is none."""
    options = {**options, "presentation": slides}
    try:
        rendered = caching.chart(kind, ref, (chart_labels,), **options)
    except SurvivalDataError as err:
        st.write(f"{err.what}. {err.fix.capitalize() if err.fix else ''}")
        return
    show_chart(
        rendered,
        key=f"understand_{kind}",
        file_stem=f"survival-{kind}",
        download=lambda fmt: caching.chart_file(fmt, kind, ref, (chart_labels,), **options),
    )


def section(key: str, level: str = "header") -> None:
    """A section of the explanation: its heading, then its text."""
    if key in sections:
        getattr(st, level)(sections[key].heading)
        st.markdown(sections[key].text)


section("headline")
figures = {"lived": lived} | ({"window": window} if recent else {})
icons_area, curve_area = (st.container(), st.container()) if slides else st.columns(2)
if data.lifetables.has_expected:
    with icons_area:
        st.subheader("Out of 100 people")
        chart("icons", labels, **figures)
with curve_area if data.lifetables.has_expected else icons_area:
    st.subheader("Survival year by year")
    chart("curve", labels, **figures)

section("made")
section("changed")
if data.has_periods:
    st.subheader("By year of diagnosis")
    chart(
        "trend",
        labels,
        measure="relative" if data.lifetables.has_expected else "observed",
        figure=figure,
        trend=True,
    )

section("figure")


def our_rows() -> pd.DataFrame:
    """Our own headline 5-year figures, labelled, for the table beside the quoted ones."""
    numbers = sections["figure"].numbers
    made = sections["made"].numbers
    diagnosed = "-".join(map(str, made["cohorts"])) if "cohorts" in made else (selection.period or "")
    kind = f"period estimate {window_words(window)}" if recent and window else f"diagnosed {selection.period}"
    stage = selection.get(stage_variable.name) if stage_variable else "all stages"
    rows = []
    for measure in ("relative", "observed"):
        value = numbers.get(measure)
        if value is not None and value == value:
            rows.append(
                {
                    "source": f"Survival Explorer, {description.title} ({kind})",
                    "value_as_printed": f"{100 * value:.1f}%",
                    "measure": f"5-year {measure} survival",
                    "stage": stage,
                    "diagnosis_years": diagnosed,
                    "registries": "this dataset",
                    "release": "computed here",
                    "url": "",
                }
            )
    return pd.DataFrame(rows)


quoted = beside(our_rows(), description.site)
if (quoted["Kind"] == "quoted").any():
    st.subheader("Published figures, quoted")
    st.caption(QUOTED)
    st.dataframe(
        quoted,
        hide_index=True,
        key="understand_published",
        column_config={"Link": st.column_config.LinkColumn("Link", display_text="source")},
    )
elif caching.is_bundled(ref):
    st.caption("We have no published figure for this cancer that we could quote exactly with its source.")

with st.expander("More detail: year by year, after living a while, how sure, three outcomes"):
    for key in DETAIL:
        section(key, "subheader")

section("limits")
if description.questions:
    st.subheader("Questions worth asking your care team")
    st.markdown("\n".join(f"- {plain(q)}" for q in description.questions))
st.subheader("Where to find support")
st.write(SUPPORT)

st.download_button(
    "Printable summary (PDF, one page)",
    data=lambda: caching.summary_pdf(ref, labels, figure, lived, recent),
    file_name="survival-summary.pdf",
    mime="application/pdf",
    key=state.SUMMARY_PDF,
    on_click="ignore",
    icon=":material/print:",
)
share.share_box(shared, private=not caching.is_bundled(ref))
st.caption(f"How numbers are rounded: {explanation.rounding_rule}")
