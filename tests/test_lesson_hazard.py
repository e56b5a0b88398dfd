"""Lesson 5 (survival.lessons.hazard): the cumulative and smoothed hazards of the colon teaching data.

The Nelson-Aalen estimate is checked against a slow walk over the counts (sum of
deaths over the number at risk; its estimator is checked against R's survfit in
``test_cumulative_hazard.py``); the smoothed hazard is the package's estimator on
that estimate, on a monthly grid to 10 years.
"""

from __future__ import annotations

import numpy as np
import pytest
import textstat

from survival.estimate.cumulative_hazard import nelson_aalen
from survival.estimate.hazard_smoothing import smoothed_hazard
from survival.lessons import colon, hazard


@pytest.fixture(scope="module")
def lesson() -> hazard.HazardLesson:
    return hazard.hazard_lesson()


def slow_walk(stage: str) -> tuple[list[float], list[float]]:
    """Deaths from any cause over the number at risk, added up month by month, from the counts."""
    counts = colon.load_counts()
    rows = counts[counts["stage"] == stage]
    at_risk = int(rows["people"].sum())
    times, total, out = [], 0.0, []
    for months, part in rows.groupby("months", sort=True):
        died = int(part.loc[part["cause"] > 0, "people"].sum())
        if died:
            total += died / at_risk
            times.append(months / 12.0)
            out.append(total)
        at_risk -= int(part["people"].sum())
    return times, out


@pytest.mark.parametrize("stage", hazard.STAGES)
def test_cumulative_hazard_is_the_slow_walk(lesson, stage):
    h = lesson.cumulative[lesson.stages.index(stage)]
    times, walked = slow_walk(stage)
    np.testing.assert_allclose(h.at(times), walked, rtol=1e-12)
    assert h.label == stage and h.conf_type == "log"
    assert np.all(h.ci_low <= h.cumhaz) and np.all(h.cumhaz <= h.ci_high)


def test_smoothed_hazard_is_the_package_estimate_on_a_monthly_grid(lesson):
    for stage, h in zip(lesson.stages, lesson.smoothed):
        t, cause, people = colon.stage_rows(stage)
        want = smoothed_hazard(nelson_aalen(t, (cause > 0).astype(int), weights=people), end=10.0, points=121)
        np.testing.assert_allclose(h.hazard, want.hazard, rtol=1e-14)
        np.testing.assert_allclose(np.diff(h.time), 1 / 12, rtol=1e-9)
        assert h.time[0] == 0 and h.time[-1] == 10


def test_distant_stage_death_rate_falls_after_diagnosis(lesson):
    distant = lesson.smoothed[lesson.stages.index("Distant")]
    assert np.argmax(distant.hazard) == 0
    assert hazard.rate_at(distant, 5.0) < hazard.rate_at(distant, 1.0) < hazard.rate_at(distant, 0.0)
    text = hazard.hazard_sentence(lesson)
    assert f"about {100 * distant.hazard[0]:.0f} deaths per 100 people still alive, per year" in text
    assert f"By 5 years it had fallen to about {hazard.rate_at(distant, 5.0):.0f}." in text
    assert "right after diagnosis" in text
    regional = hazard.hazard_sentence(lesson, "Regional")
    top = lesson.smoothed[1].time[np.argmax(lesson.smoothed[1].hazard)]
    assert f"about {top:.1f} years after diagnosis" in regional


@pytest.mark.usefixtures("no_pyplot_figures")
def test_charts_draw_the_lesson(lesson):
    cumulative = hazard.cumulative_chart(lesson)
    lines = [line for line in cumulative.ax.get_lines() if str(line.get_gid()).startswith("cumhaz")]
    np.testing.assert_array_equal(lines[2].get_ydata(), lesson.cumulative[2].cumhaz)
    assert "cumulative hazard" in cumulative.ax.get_title(loc="left")
    smoothed = hazard.smoothed_chart(lesson)
    lines = [line for line in smoothed.ax.get_lines() if str(line.get_gid()).startswith("hazard")]
    np.testing.assert_allclose(lines[0].get_ydata(), 100 * lesson.smoothed[0].hazard)
    assert "Localised deaths per 100 per year" in smoothed.table.columns
    for text in (cumulative.alt_text, smoothed.alt_text):
        assert textstat.flesch_kincaid_grade(text) <= 8


def test_paragraphs_read_at_grade_8_or_below(lesson):
    texts = dict(hazard.PARAGRAPHS) | {s: hazard.hazard_sentence(lesson, s) for s in hazard.STAGES}
    grades = {k: textstat.flesch_kincaid_grade(v) for k, v in texts.items()}
    assert max(grades.values()) <= 8, grades
