"""AppTest of "How survival curves work": the tables and numbers shown are the package's and lifelines'."""

from __future__ import annotations

import ast
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from survival.datasets.catalogue import load_dataset
from survival.estimate.actuarial import actuarial
from survival.lessons import by_hand, colon, competing, gbsg2, hazard, relative
from survival.words.wording import out_of_100
from ui import state
from ui.components import numbers_key

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
PAGE = ROOT / "ui" / "pages" / "learn.py"
STEP_COLUMN = "This step (n - d) / n"
DAYS = 365.25
TEXT = by_hand.PARAGRAPHS | gbsg2.PARAGRAPHS | relative.PARAGRAPHS | competing.PARAGRAPHS | hazard.PARAGRAPHS


def alts(at) -> list[str]:
    """The text alternatives of the charts shown (each image's ``alt``)."""
    return [image.proto.imgs[0].alt for image in at.image]


def page_constant(name: str):
    """A module constant of ui/pages/learn.py (importing the page would run it)."""
    for node in ast.parse(PAGE.read_text()).body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                names = target.elts if isinstance(target, ast.Tuple) else [target]
                values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
                for n, v in zip(names, values):
                    if isinstance(n, ast.Name) and n.id == name:
                        return ast.literal_eval(v)
    raise KeyError(name)


@pytest.fixture
def app():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("ui/pages/learn.py").run()
    assert not at.exception
    return at


def shown_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def table_with(at, column: str) -> pd.DataFrame:
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) == 1, f"expected one table with column {column!r}"
    return found[0]


def test_page_shows_every_lesson_without_error(app):
    headers = [h.value for h in app.header]
    assert headers == [
        "A curve built by hand",
        "Real data: a breast cancer study",
        "Observed, expected and relative survival",
        "Deaths from the cancer and from other causes",
        "How the risk changes with time since diagnosis",
    ]
    assert app.slider(key=state.LEARN_STEP).value == 1
    text = shown_text(app)
    for key in (
        "intro",
        "censoring",
        "marks",
        "steps",
        "ties",
        "recurrence_free",
        "logrank",
        "observed",
        "expected",
        "relative",
        "relative_limits",
    ):
        assert TEXT[key] in text
    for key in ("competing_intro", "incidence", "naive", "gray", "hazard_intro", "cumulative", "smoothed"):
        assert TEXT[key] in text
    assert competing.PARAGRAPHS["teaching_data"] in [i.value for i in app.info]
    # Every chart (7) has its text alternative in its image's alt, and its data table.
    alt_texts = [image.proto.imgs[0].alt for image in app.image]
    assert len(alt_texts) == 7 and all(alt_texts)
    assert "rdrr.io/pkg/survival/man/gbsg.html" in text


def test_the_step_table_follows_the_slider_through_every_step(app):
    want = by_hand.km_steps(*by_hand.example_durations())
    slider = state.LEARN_STEP
    for step in [*range(1, len(want) + 1), 2]:
        app.slider(key=slider).set_value(step).run()
        assert not app.exception
        shown = table_with(app, STEP_COLUMN)
        expected = by_hand.steps_display(want.iloc[:step])
        pd.testing.assert_frame_equal(shown.reset_index(drop=True), expected, check_dtype=False)
        # ... and the numbers are km_steps' exact fractions.
        assert [Fraction(s) for s in shown[STEP_COLUMN]] == list(want["step_survival"].iloc[:step])
        assert [Fraction(s) for s in shown["Survival so far"]] == list(want["survival"].iloc[:step])
        text = shown_text(app)
        assert by_hand.step_sentence(want, step) in text
        complete = step == len(want)
        assert (TEXT["band"].format(level="95") in text) == complete
        assert (TEXT["band_wait"] in text) == (not complete)
        step_alt = next(alt for alt in alts(app) if f"from 0 to {want['time'].iloc[step - 1]:g};" in alt)
        assert ("confidence intervals" in step_alt) == complete


def test_gbsg2_numbers_are_lifelines(app):
    from lifelines import KaplanMeierFitter
    from lifelines.datasets import load_gbsg2
    from lifelines.statistics import logrank_test

    raw = load_gbsg2()
    shown = table_with(app, "Recurrence-free at 5 years")
    groups = (raw, raw[raw["horTh"] == "no"], raw[raw["horTh"] == "yes"])
    assert shown["Women"].tolist() == [len(g) for g in groups]
    assert shown["Recurrence or death"].tolist() == [int(g["cens"].sum()) for g in groups]
    for i, rows in enumerate(groups):
        fitter = KaplanMeierFitter().fit(rows["time"], rows["cens"])
        value = float(fitter.survival_function_at_times(5 * DAYS).iloc[0])
        band = fitter.confidence_interval_survival_function_
        low, high = band[band.index <= 5 * DAYS].iloc[-1]
        np.testing.assert_allclose(
            shown.iloc[i][["Recurrence-free at 5 years", "Band low", "Band high"]].to_numpy(dtype=float),
            [value, low, high],
            rtol=0,
            atol=1e-12,
        )
        if i == 0:
            assert f"about {out_of_100(value)} in 100 women were alive without" in shown_text(app)
    no, yes = groups[1:]
    test = logrank_test(no["time"], yes["time"], no["cens"], yes["cens"])
    text = shown_text(app)
    assert f"a value of {test.test_statistic:.2f} (1 degree of freedom)" in text
    assert f"(p = {test.p_value:.4f})" in text
    post = {g: out_of_100((raw[raw["horTh"] == g]["menostat"] == "Post").mean()) for g in ("no", "yes")}
    assert f"{post['yes']} in 100 women who had hormone therapy" in text
    assert f"against {post['no']} in 100 of the others" in text


def test_relative_lesson_for_every_stage_and_age(app):
    data = load_dataset()
    assert app.selectbox(key=page_constant("LEARN_STAGE")).value == "Localized"
    assert app.selectbox(key=state.LEARN_GROUP).value == "65+"
    app.session_state[numbers_key("learn_relative")] = True  # open "The numbers in this chart"
    for stage in data.stages():
        app.selectbox(key=page_constant("LEARN_STAGE")).set_value(stage).run()
        for age in data.ages():
            app.selectbox(key=state.LEARN_GROUP).set_value(age).run()
            assert not app.exception
            est = actuarial(data.table(data.select(stage, age)))
            obs, rel, exp = (c.at(5.0)[0] for c in (est.observed(), est.relative(), est.expected()))
            text = shown_text(app)
            assert f"{out_of_100(obs)} in 100 people in this group were alive" in text
            assert f"{out_of_100(exp)} in 100 would be alive" in text
            assert f"observed divided by expected: {out_of_100(rel)}%. It is a ratio, not a count" in text
            chart_data = table_with(app, "Expected survival survival")
            np.testing.assert_allclose(
                chart_data["Relative survival survival"].dropna(), est.relative().survival, atol=1e-12
            )


def test_page_source_keeps_the_rules():
    source = PAGE.read_text()
    assert "unsafe_allow_html" not in source and "pyplot" not in source
    for name in ("LEARN_STAGE", "PEOPLE_TABLE", "STEP_TABLE", "COLON_STAGE", "COLON_TABLE"):
        assert isinstance(page_constant(name), str)


def test_competing_risks_lesson_for_every_stage_is_r_and_the_package(app):
    from r_reference import fixture

    assert app.selectbox(key=page_constant("COLON_STAGE")).value == "Localised"
    msfit, naive = fixture("msfit"), fixture("naive_km")
    for stage in colon.STAGES:
        app.selectbox(key=page_constant("COLON_STAGE")).set_value(stage).run()
        assert not app.exception
        lesson = competing.competing_lesson(stage)
        shown = table_with(app, "Too high by (points)")
        pd.testing.assert_frame_equal(shown, competing.outcomes_table(lesson), check_exact=False, rtol=1e-12)
        # ... which is R's multi-state survfit and 1 - KM at 5 years (60 months)
        five = shown.set_index("Years since diagnosis").loc[5.0]
        r = msfit[(msfit["stage"] == stage) & (msfit["time"] <= 60)].iloc[-1]
        assert five["Died of the cancer (%)"] == pytest.approx(100 * r["p_cancer"], abs=1e-10)
        assert five["Died of other causes (%)"] == pytest.approx(100 * r["p_other"], abs=1e-10)
        km = naive[(naive["stage"] == stage) & (naive["time"] <= 60)].iloc[-1]
        assert five["1 - Kaplan-Meier for cancer deaths (%)"] == pytest.approx(
            100 * km["one_minus_km"], abs=1e-10
        )
        text = shown_text(app)
        assert competing.overstatement_sentence(lesson) in text
        assert competing.incidence_chart(lesson).alt_text in alts(app)
    assert competing.gray_sentence(competing.stage_test()) in shown_text(app)
    assert "6,361.7 on 3 degrees of freedom" in shown_text(app)


def test_hazard_lesson_shows_the_package_numbers(app):
    lesson = hazard.hazard_lesson()
    assert hazard.hazard_sentence(lesson) in shown_text(app)
    shown = alts(app)
    assert hazard.cumulative_chart(lesson).alt_text in shown
    assert hazard.smoothed_chart(lesson).alt_text in shown
    app.session_state[numbers_key("learn_hazard")] = True  # open "The numbers in this chart"
    app.run()
    shown = table_with(app, "Distant deaths per 100 per year")
    np.testing.assert_allclose(
        shown["Distant deaths per 100 per year"], 100 * lesson.smoothed[2].hazard, rtol=1e-12
    )


def test_sources_name_the_colon_teaching_data(app):
    text = shown_text(app)
    assert "rstpm2 version 1.6.9" in text and "simulation of a population-based cancer registry" in text
