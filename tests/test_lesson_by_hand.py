"""Lesson 1 (survival.lessons.by_hand): exact hand-computed Kaplan-Meier steps, sentences and the step chart."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
import textstat

from survival.estimate.kaplan_meier import kaplan_meier
from survival.lessons import by_hand

F = Fraction
# The example by hand: (time, at risk, died, censored, (n - d) / n, running product).
HAND = [
    (1.0, 8, 1, 0, F(7, 8), F(7, 8)),
    (2.0, 7, 0, 1, F(1), F(7, 8)),
    (3.0, 6, 2, 0, F(4, 6), F(7, 8) * F(4, 6)),
    (4.0, 4, 0, 1, F(1), F(7, 12)),
    (5.0, 3, 1, 1, F(2, 3), F(7, 12) * F(2, 3)),
    (7.0, 1, 0, 1, F(1), F(7, 18)),
]


@pytest.fixture(scope="module")
def steps() -> pd.DataFrame:
    return by_hand.km_steps(*by_hand.example_durations())


# -- The example ---------------------------------------------------------------------------------


def test_example_is_frozen_with_censoring_and_ties():
    assert isinstance(by_hand.EXAMPLE, tuple) and len(by_hand.EXAMPLE) == 8
    with pytest.raises(dataclasses.FrozenInstanceError):
        by_hand.EXAMPLE[0].years = 9.0
    times = [p.years for p in by_hand.EXAMPLE]
    deaths = [p.years for p in by_hand.EXAMPLE if p.died]
    censored = [p.years for p in by_hand.EXAMPLE if not p.died]
    assert 2 <= len(censored) <= 4
    assert len(set(deaths)) < len(deaths), "two deaths at the same time"
    assert set(deaths) & set(censored), "a death and a censoring at the same time"
    assert max(times) in censored, "the curve ends above zero"
    assert by_hand.people_table()["Person"].tolist() == [p.name for p in by_hand.EXAMPLE]


def test_km_steps_match_the_hand_computed_fractions(steps):
    assert list(steps.columns) == list(by_hand.STEP_COLUMNS)
    got = list(steps.itertuples(index=False, name=None))
    assert got == HAND
    assert all(isinstance(v, Fraction) for v in steps["survival"])
    assert steps["survival"].iloc[-1] == F(7, 18)


def test_km_steps_equal_the_package_kaplan_meier(steps):
    curve = kaplan_meier(*by_hand.example_durations())
    np.testing.assert_array_equal(curve.time[1:], steps["time"])
    for column, values in (
        ("at_risk", curve.n_at_risk),
        ("died", curve.n_events),
        ("censored", curve.n_censored),
    ):
        np.testing.assert_array_equal(values[1:], steps[column])
    np.testing.assert_allclose(curve.survival[1:], [float(s) for s in steps["survival"]], rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_km_steps_equal_kaplan_meier_on_random_data_with_ties(seed):
    rng = np.random.default_rng(seed)
    t = rng.integers(0, 12, size=40).astype(float)
    e = rng.integers(0, 2, size=40)
    steps = by_hand.km_steps(t, e)
    curve = kaplan_meier(t, e)
    np.testing.assert_allclose(curve.time[-len(steps) :], steps["time"], atol=1e-12)
    np.testing.assert_allclose(
        curve.survival[-len(steps) :], [float(s) for s in steps["survival"]], rtol=0, atol=1e-12
    )
    np.testing.assert_array_equal(curve.n_at_risk[-len(steps) :], steps["at_risk"])
    product = np.cumprod([float(F(n - d, n)) for n, d in zip(steps["at_risk"], steps["died"])])
    np.testing.assert_allclose(product, [float(s) for s in steps["survival"]], rtol=0, atol=1e-12)


@pytest.mark.parametrize(
    "durations, events, match",
    [
        ([], [], "at least one person"),
        ([1, 2], [1], "one event code per time"),
        ([1, -2], [1, 0], "0 or more"),
        ([1, np.nan], [1, 0], "finite"),
        ([1, 2], [1, 2], "1 \\(died\\) or 0"),
    ],
)
def test_km_steps_refuse_bad_input(durations, events, match):
    with pytest.raises(ValueError, match=match):
        by_hand.km_steps(durations, events)


def test_steps_display_shows_the_same_numbers(steps):
    shown = by_hand.steps_display(steps)
    np.testing.assert_array_equal(shown["Time (years)"], steps["time"])
    np.testing.assert_array_equal(shown["At risk (n)"], steps["at_risk"])
    np.testing.assert_array_equal(shown["Died (d)"], steps["died"])
    np.testing.assert_array_equal(shown["Censored"], steps["censored"])
    assert [F(s) for s in shown["This step (n - d) / n"]] == list(steps["step_survival"])
    assert shown["This step (n - d) / n"].tolist() == ["7/8", "7/7", "4/6", "4/4", "2/3", "1/1"]
    assert [F(s) for s in shown["Survival so far"]] == list(steps["survival"])
    np.testing.assert_allclose(
        shown["Survival so far (%)"], [100 * float(s) for s in steps["survival"]], rtol=0, atol=1e-12
    )


def test_step_sentences_show_the_arithmetic(steps):
    assert by_hand.step_sentence(steps, 1).startswith("At 1 year, 8 people were still being followed.")
    assert "7/8 \u00d7 4/6 = 7/12, or about 58 in 100" in by_hand.step_sentence(steps, 3)
    assert "curve stays level" in by_hand.step_sentence(steps, 2)
    fifth = by_hand.step_sentence(steps, 5)
    assert "1 died and 1 was censored" in fifth and "the death counts first" in fifth
    assert "1 person was still being followed" in by_hand.step_sentence(steps, 6)


def test_partial_curve_is_the_curve_so_far():
    curve = kaplan_meier(*by_hand.example_durations())
    part = by_hand.partial_curve(curve, 3)
    np.testing.assert_array_equal(part.time, curve.time[:4])
    np.testing.assert_array_equal(part.survival, curve.survival[:4])
    assert part.method == curve.method and part.conf_level == curve.conf_level


@pytest.mark.usefixtures("no_pyplot_figures")
def test_step_chart_marks_censoring_and_shows_the_band_only_at_the_end(steps):
    curve = kaplan_meier(*by_hand.example_durations())
    last = len(steps)
    for step in (2, last):
        chart = by_hand.step_chart(curve, step)
        marks = [line for line in chart.ax.get_lines() if line.get_gid() == "censored"]
        assert len(marks) == 1
        shown = steps.iloc[:step]
        want = shown[shown["censored"] > 0]
        np.testing.assert_allclose(
            marks[0].get_xydata(), np.c_[want["time"], [float(s) for s in want["survival"]]], atol=1e-12
        )
        bands = [c for c in chart.ax.collections if str(c.get_gid()).startswith("band")]
        assert bool(bands) == (step == last)
        assert "tick marks" in chart.alt_text
        assert chart.ax.get_xlim() == (0.0, 7.0)
    assert "at 2, 4, 5 and 7 years" in chart.alt_text
    assert "confidence intervals" in chart.alt_text
    chart = by_hand.step_chart(curve, 1)
    assert not [line for line in chart.ax.get_lines() if line.get_gid() == "censored"]
    assert "tick marks" not in chart.alt_text


def test_paragraphs_and_sentences_read_at_grade_8_or_below(steps):
    values = {"people": 8, "level": "95"}
    texts = {k: v.format(**values) for k, v in by_hand.PARAGRAPHS.items()}
    for step in range(1, len(steps) + 1):
        texts[f"step {step}"] = by_hand.step_sentence(steps, step)
    grades = {k: textstat.flesch_kincaid_grade(v) for k, v in texts.items()}
    assert max(grades.values()) <= 8, grades
