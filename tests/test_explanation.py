"""Explanations over the whole bundled grid: every number equals the engine's, every
paragraph is readable, the wording follows the rules; the period estimate, the trend, the
lived answer and the figure-finding."""

from __future__ import annotations

import math
import re
import warnings

import pytest
import textstat

from survival.datasets.catalogue import load_dataset
from survival.errors import FragileEstimateWarning
from survival.estimate.actuarial import actuarial
from survival.estimate.crude import crude_probabilities
from survival.estimate.recent import figures_table, fit_trend, latest_window, summarize_trend
from survival.words.explanation import DETAIL, explain
from survival.words.wording import (
    CONDITIONAL_DEFINITION,
    conditional_target,
    figure_question,
    out_of_100,
    points_text,
)

FORBIDDEN = re.compile(r"\b(only|just|sadly|unfortunately|survivor[s]?|victim[s]?|battle|fight)\b", re.I)
WINDOW = (2008, 2012)


@pytest.fixture(scope="module")
def data():
    return load_dataset()


@pytest.fixture(scope="module")
def trend(data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FragileEstimateWarning)
        return summarize_trend(fit_trend(data, data.select("Distant")), last_year=2013)


def grid(data, stage):
    for age in data.ages():
        for period in data.period_labels():
            yield data.select(stage, age, period)


def plain(text: str) -> str:
    return re.sub(r"\*\*|^- ", "", text, flags=re.M)


def check_numbers(data, sel, exp, window=None) -> None:
    est = actuarial(figures_table(data, sel, window))
    obs, rel = est.observed(), est.relative()
    head = exp.section("headline")
    m = re.search(r"about (\d+) were alive (\d+) years? after diagnosis", head.text)
    if m:
        years = int(m.group(2))
        assert int(m.group(1)) == out_of_100(obs.at(years)[0])
        r = re.search(r"the figure is about (\d+)%", head.text)
        if r:
            assert int(r.group(1)) == out_of_100(rel.at(years)[0])
        else:
            assert abs(out_of_100(rel.at(years)[0]) - out_of_100(obs.at(years)[0])) < 2
    else:
        assert math.isnan(obs.at(1)[0])
    over = exp.section("over_time")
    found = re.findall(r"At (\d+) years? after diagnosis, about (\d+) in 100 were alive", over.text)
    assert len(found) == len([k for k in over.numbers if k not in ("median", "followed")])
    for t, n in found:
        assert int(n) == out_of_100(obs.at(int(t))[0])
    cond = exp.section("conditional")
    found = re.findall(r"alive (?:at )?(\d+) years?(?: after diagnosis)?, about (\d+) in 100", cond.text)
    assert len(found) == len(cond.numbers)
    for g, n in found:
        # an independent path: the ratio of cumulative survival on the full curve
        assert int(n) == out_of_100(obs.at(5)[0] / obs.at(int(g))[0])
    cert = re.search(r"between (\d+) and (\d+) in 100", exp.section("certainty").text)
    if cert:
        years = int(re.search(r"The (\d+)-year figure", exp.section("certainty").text).group(1))
        low, high = obs.ci_at(years)
        assert (int(cert.group(1)), int(cert.group(2))) == (out_of_100(low[0]), out_of_100(high[0]))
    crude = crude_probabilities(est)
    outcomes = exp.section("outcomes")
    found = re.findall(
        r"At (\d+) years after diagnosis, about (\d+) were alive\. (?:About (\d+)|Fewer than 1) had died "
        r"of breast cancer, and (\d+) of other causes",
        outcomes.text,
    )
    assert len(found) == len(outcomes.numbers)
    for t, alive, cancer, other in found:
        a, c, o = int(alive), int(cancer or 0), int(other)
        assert a + c + o == 100
        exact = crude.at(int(t))
        assert a == out_of_100(exact[0])
        assert abs(c - 100 * exact[1]) < 1 and abs(o - 100 * exact[2]) < 1


def check_words(exp) -> None:
    headings = [s.heading for s in exp.sections]
    assert len(headings) == len(set(headings)) and "Over time" not in headings
    for section in exp.sections:
        grade = textstat.flesch_kincaid_grade(plain(section.text))
        assert grade <= (6 if section.key == "headline" else 8), (section.key, grade, section.text)
        assert not FORBIDDEN.search(section.text), section.text
        assert "  " not in section.text and "nan" not in section.text.lower()
        assert "stage 4" not in section.text.lower()  # "Distant" is never called stage 4
    limits = exp.section("limits").text
    for phrase in (
        "a large group, not you",
        "HER2",
        "treatment",
        "years ago",
        "not medical advice",
        "care team",
    ):
        assert phrase in limits


@pytest.mark.parametrize("stage", ["Localized", "Regional", "Distant"])
def test_every_selection_is_explained_truly_and_readably(data, stage):
    for sel in grid(data, stage):
        exp = explain(data, sel, figure=0.22)
        check_numbers(data, sel, exp)
        check_words(exp)


@pytest.mark.parametrize("stage", ["Localized", "Regional", "Distant"])
def test_the_period_estimate_of_every_group_is_explained_truly(data, stage):
    for age in data.ages():
        sel = data.select(stage, age)
        exp = explain(data, sel, window=WINDOW)
        check_numbers(data, sel, exp, WINDOW)
        check_words(exp)
        assert "what happened to them in 2009 to 2013" in exp.section("headline").text
        made = exp.section("made")
        assert "period estimate" in made.text and made.numbers["cohorts"] == (2004, 2012)
        assert "diagnosed from 2004 to 2012" in made.text and "ends at the end of 2013" in made.text


def test_the_published_period_table_is_what_the_page_says(data):
    # docs/period-and-joinpoint.md: Distant, all ages, 2008-2012: observed 30.9, relative 33.4 at 5 years
    exp = explain(data, data.select("Distant"), window=WINDOW)
    numbers = exp.section("headline").numbers
    assert round(100 * numbers["observed"], 1) == 30.9 and round(100 * numbers["relative"], 1) == 33.4
    assert "about 31 were alive 5 years after diagnosis" in exp.section("headline").text
    assert "the figure is about 33%" in exp.section("headline").text


def test_the_latest_default_period_is_the_same_everywhere(data):
    # The cohort figures under "How this changed" stop at the latest period with 5 full years,
    # the dataset's default period (it never names 2005-2009, whose follow-up is shorter).
    text = explain(data, data.select("Distant"), window=WINDOW).section("changed").text
    assert f"diagnosed in {data.default_period().replace('-', ' to ')}, it was about" in text
    assert "Those are the latest years with 5 full years of follow-up." in text
    assert "2005 to 2009" not in text


@pytest.mark.parametrize("window", [None, WINDOW])
@pytest.mark.parametrize("lived", [1, 2, 3, 5])
def test_lived_years_lead_with_the_chance_of_reaching_5(data, lived, window):
    sel = data.select("Distant")
    exp = explain(data, sel, lived=lived, window=window)
    full = actuarial(figures_table(data, sel, window)).observed()
    target = conditional_target(lived)
    head = exp.section("headline").text
    assert f"still alive {lived} year" in head and "This counts deaths from any cause." in head
    m = re.search(r"about (\d+) were alive (\d+) years after diagnosis", head)
    assert int(m.group(2)) == target
    assert int(m.group(1)) == out_of_100(full.at(target)[0] / full.at(lived)[0])
    assert "relative" not in head  # one measure in the short answer
    for t, n in re.findall(
        r"At (\d+) years? after diagnosis, about (\d+) in 100", exp.section("over_time").text
    ):
        assert int(t) > lived and int(n) == out_of_100(full.at(int(t))[0] / full.at(lived)[0])
    cond = exp.section("conditional").text
    assert f"Of everyone diagnosed, about {out_of_100(full.at(target)[0])} in 100 were alive" in cond
    check_words(exp)


def test_about_52_in_100_reach_5_years_after_living_2(data):
    # issue 18's reader: all ages, distant, diagnosed 2000-2004, alive 2 years after diagnosis
    exp = explain(data, data.select("Distant"), lived=2)
    assert "about 52 were alive 5 years after diagnosis" in exp.section("headline").text


def test_conditional_survival_is_defined_once():
    assert "S(later) / S(lived)" in CONDITIONAL_DEFINITION
    assert [conditional_target(g) for g in (0, 1, 2, 4, 5, 9)] == [5, 5, 5, 5, 10, 10]
    assert conditional_target(10) is None


def test_the_trend_is_told_with_its_numbers(data, trend):
    exp = explain(data, data.select("Distant"), window=WINDOW, trend=trend)
    text = exp.section("changed").text
    rows = trend.segments.iloc[::-1]
    last = rows.iloc[0]
    assert (
        f"From {last.start_year:.0f} to {last.end_year:.0f}, 5-year relative survival rose by about "
        f"{points_text(last.absolute_change)} points a year (likely between {points_text(last.absolute_low)} "
        f"and {points_text(last.absolute_high)})."
    ) in text
    assert trend.joinpoints == (1993,) and "where the trend changed: 1993" in text
    assert "From 1993 to 2012, 5-year relative survival rose by about 0.8 points a year" in text
    check_words(exp)


def test_points_are_rounded_half_up_to_one_decimal():
    assert points_text(0.00765) == "0.8" and points_text(0.0075) == "0.8" and points_text(-0.0074) == "0.7"
    assert points_text(0.0004) == "less than 0.1"


def test_a_reader_bringing_22_percent_gets_the_honest_list(data):
    exp = explain(data, data.select("distant"), figure=0.22, window=WINDOW)
    text = exp.section("figure").text
    assert text.startswith("You may have been told 22%. We cannot know where it came from.")
    staging = data.description.staging
    assert staging.note in text and "close to AJCC stage IV" in text  # close to, not the same
    assert "Relative survival leaves out deaths from other causes" in text
    assert "about 22% for people of all ages diagnosed in 1991, 1992 and 1994" in text
    assert "U.S. National Cancer Database" in text
    assert "about 33% (relative) and 31% (observed)" in text
    check_words(exp)


def test_the_honest_list_is_there_without_a_figure_and_for_a_figure_no_year_gives(data):
    text = explain(data, data.select("distant")).section("figure").text
    assert text.startswith("We cannot know where a figure you were told came from")
    assert (
        "No year in these data gives exactly 60%"
        in explain(data, data.select("distant"), figure=0.60).section("figure").text
    )


def test_a_figure_typed_as_a_fraction_is_asked_about():
    assert figure_question("0.22") == (0.22, 0.0022)
    assert figure_question(".5") == (0.5, 0.005)
    assert figure_question("22") is None and figure_question("0.22%") is None and figure_question("") is None
    assert figure_question("1") is None and figure_question("lots") is None


def test_markdown_has_every_heading_and_the_rounding_rule(data):
    md = explain(data, data.select("regional", "45-65s", "1990-1994")).to_markdown()
    for heading in (
        "The short answer",
        "How this figure was made",
        "How this changed",
        "Why figures you hear may differ",
        "At 1, 3, 5 and 10 years",
        "After you have lived a while",
        "How sure these numbers are",
        "Three outcomes, not two",
        "What these numbers cannot tell you",
    ):
        assert f"## {heading}" in md
    assert "halves round up" in md and "yearly changes in points" in md
    assert "\u201c45-65s\u201d" in md  # the source's label, shown as written
    assert set(DETAIL) <= {s.key for s in explain(data, data.select("regional")).sections}


def test_relative_survival_is_never_called_alive_out_of_100(data):
    for sel in [data.select("distant"), data.select("localized", "65+")]:
        text = explain(data, sel, window=WINDOW).to_markdown()
        for sentence in re.split(r"(?<=\.) ", text):
            if "relative" in sentence:
                assert "in 100 were alive" not in sentence and "out of 100" not in sentence


def test_a_dataset_of_one_group_is_explained(data):
    prostate = load_dataset("seer-prostate")
    exp = explain(prostate, prostate.select(), window=latest_window(prostate))
    assert "people with prostate cancer" in exp.section("headline").text
    assert "1999 to 2003" in exp.section("headline").text
    assert "Stage." not in exp.section("figure").text  # no staging system: nothing said about it
