"""Explanations over the whole bundled grid: every number equals the engine's, every
paragraph is readable, the wording follows the rules."""

from __future__ import annotations

import math
import re

import pytest
import textstat

from survival.datasets.catalogue import load_dataset
from survival.estimate.actuarial import actuarial
from survival.estimate.crude import crude_probabilities
from survival.words.explanation import explain
from survival.words.wording import out_of_100

FORBIDDEN = re.compile(r"\b(only|just|sadly|unfortunately|survivor[s]?|victim[s]?|battle|fight)\b", re.I)


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def grid(data, stage):
    for age in data.ages():
        for period in data.period_labels():
            yield data.select(stage, age, period)


def check_numbers(data, sel, exp) -> None:
    est = actuarial(data.table(sel))
    obs, rel = est.observed(), est.relative()
    head = exp.section("headline")
    m = re.search(r"about (\d+) were alive (\d+) years? later", head.text)
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
    found = re.findall(r"After (\d+) years?, about (\d+) in 100 were alive", over.text)
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
        r"After (\d+) years, about (\d+) were alive\. (?:About (\d+)|Fewer than 1) had died of breast "
        r"cancer, and (\d+) of other causes",
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
    for section in exp.sections:
        grade = textstat.flesch_kincaid_grade(section.text)
        assert grade <= (6 if section.key == "headline" else 8), (section.key, grade, section.text)
        assert not FORBIDDEN.search(section.text), section.text
        assert "  " not in section.text and "nan" not in section.text.lower()
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


def test_relative_survival_is_never_called_alive_out_of_100(data):
    for sel in [data.select("distant"), data.select("localized", "65+")]:
        text = explain(data, sel).to_markdown()
        for sentence in re.split(r"(?<=\.) ", text):
            if "relative" in sentence:
                assert "in 100 were alive" not in sentence and "out of 100" not in sentence


def test_a_reader_bringing_22_percent_is_shown_the_years_and_newer_data(data):
    exp = explain(data, data.select("distant"), figure=0.22)
    text = exp.section("figure").text
    trend = data.trend
    rows = trend[(trend["stage"] == "Distant") & (trend["age"] == "All ages") & (trend["years"] == 5)]
    want = sorted(int(y) for y, v in zip(rows["year"], rows["relative"]) if v == v and out_of_100(v) == 22)
    assert want == [1991, 1992, 1994]
    assert "about 22% for people of all ages diagnosed in 1991, 1992 and 1994" in text
    latest = rows.dropna(subset=["relative"]).iloc[-1]
    assert (
        f"is {int(latest['year'])}. For people diagnosed then, it was about {out_of_100(latest['relative'])}%"
        in text
    )


def test_a_figure_no_year_gives_names_the_closest(data):
    text = explain(data, data.select("distant"), figure=0.60).section("figure").text
    assert "No year in these data gives exactly that" in text


def test_markdown_has_every_heading_and_the_rounding_rule(data):
    md = explain(data, data.select("regional", "45-65s", "1990-1994")).to_markdown()
    for heading in (
        "The short answer",
        "When these people were diagnosed",
        "Over time",
        "After you have lived a while",
        "How sure these numbers are",
        "Three outcomes, not two",
        "What these numbers cannot tell you",
    ):
        assert f"## {heading}" in md
    assert "halves round up" in md
    assert "\u201c45-65s\u201d" in md  # the source's label, shown as written


@pytest.mark.parametrize("lived", [1, 2, 3])
@pytest.mark.parametrize(
    "stage, age, period",
    [("Distant", "All ages", None), ("Localized", "65+", "1990-1994"), ("Regional", "00-49", "2005-2009")],
)
def test_lived_years_switch_to_conditional_survival(data, stage, age, period, lived):
    sel = data.select(stage, age, period)
    exp = explain(data, sel, lived=lived)
    full = actuarial(data.table(sel)).observed()
    head = exp.section("headline").text
    assert f"still alive {lived} year" in head
    m = re.search(r"about (\d+) were alive 5 years after that", head)
    assert int(m.group(1)) == out_of_100(full.at(lived + 5)[0] / full.at(lived)[0])
    for t, n in re.findall(r"After (\d+) more years?, about (\d+) in 100", exp.section("over_time").text):
        assert int(n) == out_of_100(full.at(lived + int(t))[0] / full.at(lived)[0])
    cond = exp.section("conditional").text
    assert f"Of everyone diagnosed, about {out_of_100(full.at(5)[0])} in 100 lived 5 years" in cond
    check_words(exp)
