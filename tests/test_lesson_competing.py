"""Lesson 4 (survival.lessons.competing): deaths by cause on the colon teaching data, against R.

R's multi-state ``survfit`` (alive, cancer death, other death), ``survfit`` with other
deaths censored (1 - KM) and cmprsk's Gray test, from ``tests/fixtures/r``.
"""

from __future__ import annotations

import numpy as np
import pytest
import textstat
from r_reference import fixture

from survival.estimate.competing_risks import aalen_johansen
from survival.lessons import colon, competing

MONTHS = 12.0


@pytest.fixture(scope="module", params=colon.STAGES)
def lesson(request) -> competing.CompetingLesson:
    return competing.competing_lesson(request.param)


def r_at(name: str, stage: str, years) -> "np.ndarray":
    ref = fixture(name)
    ref = ref[ref["stage"] == stage]
    rows = np.searchsorted(ref["time"].to_numpy(float), np.asarray(years) * MONTHS, side="right") - 1
    return ref.iloc[rows]


def test_lesson_is_aalen_johansen_on_the_packaged_counts(lesson):
    t, cause, people = colon.stage_rows(lesson.stage)
    cancer, other = aalen_johansen(t, cause, weights=people)
    np.testing.assert_array_equal(lesson.cancer.incidence, cancer.incidence)
    np.testing.assert_array_equal(lesson.other.ci_high, other.ci_high)
    assert (lesson.cancer.label, lesson.other.label) == ("Died of the cancer", "Died of other causes")
    assert lesson.cancer.conf_type == "log-log" and lesson.people == people.sum()


def test_outcomes_table_is_r_and_adds_to_one(lesson):
    table = competing.outcomes_table(lesson)
    assert table["Years since diagnosis"].tolist() == [1.0, 5.0, 10.0]
    ms = r_at("msfit", lesson.stage, competing.YEARS)
    np.testing.assert_allclose(table["Alive (%)"], 100 * ms["p_alive"], rtol=0, atol=1e-10)
    np.testing.assert_allclose(table["Died of the cancer (%)"], 100 * ms["p_cancer"], rtol=0, atol=1e-10)
    np.testing.assert_allclose(table["Died of other causes (%)"], 100 * ms["p_other"], rtol=0, atol=1e-10)
    naive = r_at("naive_km", lesson.stage, competing.YEARS)["one_minus_km"].to_numpy()
    np.testing.assert_allclose(
        table["1 - Kaplan-Meier for cancer deaths (%)"], 100 * naive, rtol=0, atol=1e-10
    )
    np.testing.assert_allclose(table["Too high by (points)"], 100 * (naive - ms["p_cancer"]), atol=1e-10)
    total = table["Alive (%)"] + table["Died of the cancer (%)"] + table["Died of other causes (%)"]
    np.testing.assert_allclose(total, 100.0, rtol=0, atol=1e-12)
    assert (table["Too high by (points)"] > 0).all()


def test_overstatement_sentence_quotes_the_numbers(lesson):
    ms = r_at("msfit", lesson.stage, [5.0]).iloc[0]
    naive = r_at("naive_km", lesson.stage, [5.0]).iloc[0]["one_minus_km"]
    text = competing.overstatement_sentence(lesson)
    assert f"Of the {lesson.people:,} people whose cancer was {competing.STAGE_WORDS[lesson.stage]}" in text
    assert f"{100 * ms['p_cancer']:.1f}% had died of the cancer 5 years after diagnosis" in text
    assert (
        f"Another {100 * ms['p_other']:.1f}% had died of other causes, and {100 * ms['p_alive']:.1f}%" in text
    )
    assert f"says {100 * naive:.1f}% died of the cancer" in text
    assert f"That is {100 * (naive - ms['p_cancer']):.1f} points too high." in text
    assert textstat.flesch_kincaid_grade(text) <= 8


def test_localised_numbers_are_the_documented_ones():
    text = competing.overstatement_sentence(competing.competing_lesson("Localised"))
    assert "25.7% had died of the cancer" in text and "says 27.3%" in text  # docs/educator-statistics.md


def test_gray_test_between_stages_is_cmprsk():
    test = competing.stage_test()
    ref = fixture("gray").set_index("cause")
    assert test.statistic == pytest.approx(ref.loc[1, "stat"], rel=1e-10) and test.df == 3
    assert test.groups == tuple((s,) for s in sorted(colon.STAGES))
    text = competing.gray_sentence(test)
    assert "Across the 4 stages, Gray's test gives 6,361.7 on 3 degrees of freedom (p < 0.0001)" in text
    assert "less than 1 time in 1,000" in text
    two = competing.stage_test(("Localised", "Regional"), cause=2)
    more = fixture("gray_more").set_index(["comparison", "cause"])
    assert two.statistic == pytest.approx(more.loc[("localised_regional", 2), "stat"], rel=1e-10)
    assert "1 degree of freedom" in competing.gray_sentence(two)


@pytest.mark.usefixtures("no_pyplot_figures")
def test_incidence_chart_draws_the_lesson(lesson):
    chart = competing.incidence_chart(lesson)
    lines = {line.get_gid(): line for line in chart.ax.get_lines()}
    np.testing.assert_array_equal(lines["incidence:0"].get_ydata(), lesson.cancer.incidence)
    np.testing.assert_array_equal(lines["naive"].get_ydata(), lesson.naive.naive)
    assert lesson.stage.lower() in chart.ax.get_title(loc="left") and "teaching data" in chart.ax.get_title(
        loc="left"
    )
    np.testing.assert_array_equal(chart.table["1 - Kaplan-Meier"], lesson.naive.naive)
    assert "At 5 years: died of the cancer" in chart.alt_text


def test_paragraphs_read_at_grade_8_or_below():
    grades = {k: textstat.flesch_kincaid_grade(v) for k, v in competing.PARAGRAPHS.items()}
    grades["gray result"] = textstat.flesch_kincaid_grade(competing.gray_sentence(competing.stage_test()))
    assert max(grades.values()) <= 8, grades
    assert "simulated" in competing.PARAGRAPHS["teaching_data"]
    assert "not official figures" in competing.PARAGRAPHS["teaching_data"]


def test_sources_name_the_data_and_its_checksum():
    (text,) = competing.sources()
    assert "rstpm2 version 1.6.9" in text and "simulation" in text
    assert colon.provenance()["source_sha256"][:16] in text
