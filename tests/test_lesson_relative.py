"""Lesson 3 (survival.lessons.relative): observed, expected and relative survival of a SEER selection."""

from __future__ import annotations

import numpy as np
import pytest
import textstat

from survival.datasets.catalogue import load_dataset
from survival.estimate.actuarial import actuarial
from survival.lessons import relative
from survival.words.wording import out_of_100


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def test_relative_lesson_is_the_actuarial_estimate(data):
    selection = data.select("Localized", "65+")
    lesson = relative.relative_lesson(data, selection)
    est = actuarial(data.table(selection))
    for mine, theirs in (
        (lesson.observed, est.observed()),
        (lesson.relative, est.relative()),
        (lesson.expected, est.expected()),
    ):
        np.testing.assert_array_equal(mine.survival, theirs.survival)
    assert lesson.expected.measure == "expected"
    text = relative.relative_sentence(lesson)
    obs, exp = est.observed().at(5.0)[0], est.expected().at(5.0)[0]
    assert f"{out_of_100(obs)} in 100 people in this group were alive" in text
    assert f"{out_of_100(exp)} in 100 would be alive. This is expected survival." in text
    assert "never shows relative survival above 100" in text  # observed / expected > 1 here


def test_relative_sentence_without_the_cap(data):
    lesson = relative.relative_lesson(data, data.select("Distant", "65+"))
    rel = lesson.relative.at(5.0)[0]
    assert rel == pytest.approx(lesson.observed.at(5.0)[0] / lesson.expected.at(5.0)[0], abs=1e-12)
    text = relative.relative_sentence(lesson)
    assert f"observed divided by expected: {out_of_100(rel)}%. It is a ratio, not a count" in text
    assert "SEER never" not in text


@pytest.mark.usefixtures("no_pyplot_figures")
def test_relative_chart_draws_the_three_curves(data):
    chart = relative.relative_chart(relative.relative_lesson(data, data.select("Localized", "65+")))
    labels = [line.get_label() for line in chart.ax.get_lines()]
    assert labels[:3] == ["Observed survival", "Relative survival", "Expected survival"]
    assert "expected survival" in chart.alt_text
    assert "Expected survival survival" in chart.table.columns


def test_paragraphs_and_sentences_read_at_grade_8_or_below(data):
    texts = dict(relative.PARAGRAPHS)
    for stage in data.stages():
        for age in data.ages():
            texts[f"relative {stage} {age}"] = relative.relative_sentence(
                relative.relative_lesson(data, data.select(stage, age))
            )
    grades = {k: textstat.flesch_kincaid_grade(v) for k, v in texts.items()}
    assert max(grades.values()) <= 8, grades
