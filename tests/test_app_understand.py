"""AppTest of the landing page: every number shown is the engine's, nothing raises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from survival.datasets.catalogue import load_dataset
from survival.estimate.actuarial import actuarial
from survival.words.explanation import explain
from ui import state

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture
def app():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def shown_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_landing_page_waits_for_a_stage_and_says_numbers_describe_groups(app):
    assert "describe large groups" in app.info[0].value
    assert app.selectbox(key=state.STAGE).value is None
    assert not app.header


@pytest.mark.parametrize("stage", ["Localized", "Regional", "Distant"])
def test_each_stage_shows_the_engine_explanation(app, stage):
    app.selectbox(key=state.STAGE).set_value(stage).run()
    assert not app.exception
    data = load_dataset()
    want = explain(data, data.select(stage))
    text = shown_text(app)
    for section in want.sections:
        assert section.text in text
    assert any("Questions worth asking" in s.value for s in app.subheader)


def test_figure_and_years_lived_change_the_numbers(app):
    app.selectbox(key=state.STAGE).set_value("Distant").run()
    app.text_input(key=state.FIGURE).set_value("22%").run()
    assert "You may have seen the figure 22%" in shown_text(app)
    app.select_slider(key=state.LIVED).set_value(2).run()
    assert not app.exception
    data = load_dataset()
    curve = actuarial(data.table(data.select("Distant"))).observed()
    m = re.search(r"about (\d+) were alive 5 years after that", shown_text(app))
    assert m and int(m.group(1)) == round(100 * curve.at(7)[0] / curve.at(2)[0])


def test_every_period_and_age_renders_without_exception(app):
    app.selectbox(key=state.STAGE).set_value("Regional").run()
    data = load_dataset()
    for age in data.ages():
        app.selectbox(key=state.AGE).set_value(age)
        for period in ("1975-1979", "2005-2009", "2010-2013", "2013"):
            app.selectbox(key=state.PERIOD).set_value(period).run()
            assert not app.exception, (age, period)
            assert app.header[0].value == "The short answer"


def test_a_bad_figure_is_a_plain_message(app):
    app.selectbox(key=state.STAGE).set_value("Distant").run()
    app.text_input(key=state.FIGURE).set_value("lots").run()
    assert not app.exception
    assert "not a percentage we can look up" in app.error[0].value
    assert any("How to fix" in t.value for t in app.text)


def test_about_page(app):
    app.switch_page("ui/pages/about.py").run()
    assert not app.exception
    text = shown_text(app)
    assert "1,075,788" in text and "Ederer II" in text and "not medical advice" in text
    from test_km_reference import TOL  # the relative tolerance the page's claim rests on

    assert TOL == 1e-10 and "agree to within one part in 10 billion" in text


def test_streamlit_config_is_safe():
    import tomllib

    config = tomllib.loads((Path(APP).parent / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] <= 50
    assert config["server"]["enableXsrfProtection"] is True
    assert config["client"]["showErrorDetails"] is False
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["fileWatcherType"] == "none"
    # a closed page's session (and its uploads, cached with scope="session") goes within a minute or so
    assert config["server"]["disconnectedSessionTTL"] <= 60


def test_the_router_runs_only_as_the_main_script(monkeypatch):
    """A spawned multiprocessing worker imports app.py again (as __mp_main__): no app there."""
    import runpy

    import streamlit as st

    monkeypatch.setattr(st, "navigation", lambda *a, **k: pytest.fail("the app ran on import"))
    from ui.app import PAGES

    names = runpy.run_path(APP, run_name="__mp_main__")
    assert callable(names["main"]) and len(PAGES) == 5
    with pytest.raises(pytest.fail.Exception, match="the app ran on import"):
        runpy.run_path(APP, run_name="__main__")
