"""AppTest of the landing page: every number shown is the engine's, nothing raises.

The joinpoint trend of most groups raises FragileEstimateWarning (an interval with no
excess deaths in any year, see docs/period-and-joinpoint.md); the page says nothing of it
and the warnings are ignored here by name.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
import textstat
from streamlit.testing.v1 import AppTest

from survival.datasets.catalogue import load_dataset
from survival.errors import FragileEstimateWarning
from survival.estimate.recent import fit_trend, latest_window, summarize_trend
from survival.words.explanation import explain
from survival.words.wording import SUPPORT
from ui import state

APP = str(Path(__file__).resolve().parents[1] / "app.py")
pytestmark = pytest.mark.filterwarnings("ignore::survival.errors.FragileEstimateWarning")


@pytest.fixture
def app():
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def shown_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def alt_texts(at) -> list[str]:
    return [image.proto.imgs[0].alt for image in at.image]


def expected(stage: str, **kw):
    data = load_dataset()
    sel = data.select(stage)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FragileEstimateWarning)
        trend = summarize_trend(fit_trend(data, sel), last_year=2013)
    return explain(data, sel, window=latest_window(data), trend=trend, **kw)


def test_landing_page_waits_for_a_stage_and_says_numbers_describe_groups(app):
    assert "describe large groups" in app.info[0].value
    assert app.selectbox(key=state.STAGE).value is None
    assert not app.header


@pytest.mark.parametrize("stage", ["Localized", "Regional", "Distant"])
def test_each_stage_leads_with_the_latest_period_estimate(app, stage):
    app.selectbox(key=state.STAGE).set_value(stage).run()
    assert not app.exception
    text = shown_text(app)
    for section in expected(stage).sections:
        assert section.text in text
    assert "The figures use what happened to them in 2009 to 2013" in text
    assert any("Questions worth asking" in s.value for s in app.subheader)
    headings = [h.value for h in app.header] + [s.value for s in app.subheader]
    assert len(headings) == len(set(headings)) and "Over time" not in headings


def test_one_rule_for_the_default_period(app):
    data = load_dataset()
    box = app.selectbox(key=state.PERIOD)
    assert (
        box.value == state.RECENT and box.options[0] == "The most recent figures (follow-up in 2009 to 2013)"
    )
    assert (
        "2009 to 2013" in box.help and f"{data.default_period()} is the latest with 5 full years" in box.help
    )
    assert latest_window(data) == (2008, 2012)


def test_a_cohort_can_still_be_chosen(app):
    app.selectbox(key=state.STAGE).set_value("Regional")
    app.selectbox(key=state.PERIOD).set_value("1990-1994").run()
    assert "They were diagnosed in 1990 to 1994." in shown_text(app)


def test_a_figure_typed_as_a_fraction_is_asked_about(app):
    app.selectbox(key=state.STAGE).set_value("Distant").run()
    app.text_input(key=state.FIGURE).set_value("0.22").run()
    question = app.radio(key=state.FIGURE_MEANING)
    assert question.label == "Did you mean 22%?" and question.value is None
    assert "You may have been told" not in shown_text(app)
    question.set_value(0.22).run()
    assert not app.exception
    assert "You may have been told 22%" in shown_text(app)
    assert "about 22% for people of all ages diagnosed in 1991, 1992 and 1994" in shown_text(app)


def test_years_lived_lead_with_the_chance_of_reaching_5(app):
    app.selectbox(key=state.STAGE).set_value("Distant").run()
    app.select_slider(key=state.LIVED).set_value(2).run()
    assert not app.exception
    want = expected("Distant", lived=2).section("headline").text
    assert want in shown_text(app) and "about 53 were alive 5 years after diagnosis" in want
    assert "Years since diagnosis, from 2 to" in " ".join(alt_texts(app)).replace(
        "x axis shows years", "Years"
    )


def test_charts_carry_their_text_alternative_in_the_image(app):
    app.selectbox(key=state.STAGE).set_value("Distant").run()
    alts = alt_texts(app)
    assert len(alts) == 3 and all(alt for alt in alts)
    assert alts[0].startswith(
        "100 people: 5 years after diagnosis. Distant stage, all ages, follow-up in 2009-2013"
    )
    assert all(len(image.proto.imgs) == 2 for image in app.image)  # wide and narrow layouts
    assert all(textstat.flesch_kincaid_grade(alt) <= 8 for alt in alts)
    assert not app.caption or all(not c.value.startswith("Line chart") for c in app.caption)


def test_published_figures_are_quoted_beside_ours(app):
    app.selectbox(key=state.STAGE).set_value("Distant").run()
    (table,) = [d for d in app.dataframe if "Kind" in d.value.columns]
    kinds = list(table.value["Kind"])
    assert kinds[:2] == ["computed here", "computed here"] and "quoted" in kinds
    assert "89.2%" in list(table.value["Value as printed"]) and "33.4%" in list(
        table.value["Value as printed"]
    )


def test_every_period_and_age_renders_without_exception(app):
    app.selectbox(key=state.STAGE).set_value("Regional").run()
    data = load_dataset()
    for age in data.ages():
        app.selectbox(key=state.AGE).set_value(age)
        for period in (state.RECENT, "1975-1979", "2005-2009", "2010-2013", "2013"):
            app.selectbox(key=state.PERIOD).set_value(period).run()
            assert not app.exception, (age, period)
            assert app.header[0].value == "The short answer"


def test_a_bad_figure_is_a_plain_message(app):
    app.selectbox(key=state.STAGE).set_value("Distant").run()
    app.text_input(key=state.FIGURE).set_value("lots").run()
    assert not app.exception
    assert "not a percentage we can look up" in app.error[0].value
    assert any("How to fix" in t.value for t in app.text)


def test_the_view_is_in_the_address_and_a_link_restores_it():
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["stage"] = "Distant"
    at.query_params["age"] = "65+"
    at.query_params["lived"] = "2"
    at.query_params["figure"] = "30%"
    at.query_params["period"] = "nonsense"  # a stale value is ignored, never an error
    at.run()
    assert not at.exception
    assert at.selectbox(key=state.STAGE).value == "Distant" and at.selectbox(key=state.AGE).value == "65+"
    assert (
        at.select_slider(key=state.LIVED).value == 2 and at.selectbox(key=state.PERIOD).value == state.RECENT
    )
    assert "You may have been told 30%" in shown_text(at)
    at.selectbox(key=state.AGE).set_value("00-49").run()
    assert at.query_params["age"] == "00-49" and at.query_params["dataset"] == "seer-breast"
    assert any("Share this view" in e.label for e in at.expander)


def test_printable_summary_is_one_pdf_page():
    from ui import caching

    data = load_dataset()
    labels = data.select("Distant").labels
    pdf = caching.summary_pdf("seer-breast", labels, 0.22, 2, True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") <= 2
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_the_page_offers_the_printable_summary(app):
    app.selectbox(key=state.STAGE).set_value("Distant").run()
    assert app.get("download_button")
    assert any(b.proto.label.startswith("Printable summary") for b in app.get("download_button"))


def test_presentation_mode_draws_slides_full_width(app):
    app.selectbox(key=state.STAGE).set_value("Distant").run()
    app.toggle(key=state.UNDERSTAND_PRESENTATION).set_value(True).run()
    assert not app.exception
    assert all(len(image.proto.imgs) == 1 for image in app.image)  # one 16:9 slide each
    assert app.query_params["slides"] == "1"


def test_support_paragraph_reads_at_grade_8_or_below():
    assert textstat.flesch_kincaid_grade(SUPPORT) <= 8


def test_prostate_has_no_stage_and_still_leads_with_its_period_estimate(app):
    app.selectbox(key=state.UNDERSTAND_DATASET).set_value("seer-prostate").run()
    assert not app.exception
    assert "The figures use what happened to them in 1999 to 2003" in shown_text(app)


def test_about_page(app):
    app.switch_page("ui/pages/about.py").run()
    assert not app.exception
    text = shown_text(app)
    assert "1,075,788" in text and "Ederer II" in text and "not medical advice" in text
    assert "Brenner and Gefeller, 1996" in text and "Yu, Huang, Tiwari, Feuer and Johnson, 2009" in text
    assert "SEER\\*Stat" in text and "SEER*Stat" not in text.replace("SEER\\*Stat", "")
    from test_km_reference import TOL  # the relative tolerance the page's claim rests on

    assert TOL == 1e-10 and "agree to within one part in 10 billion" in text


def test_streamlit_config_is_safe():
    import tomllib

    config = tomllib.loads((Path(APP).parent / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] <= 200  # what the reading worker is measured at (RESULTS.md)
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
