"""The teaching lessons: exact hand-computed Kaplan-Meier steps, GBSG2 against lifelines, relative survival."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
import textstat

from survival.datasets.catalogue import load_dataset
from survival.estimate.actuarial import actuarial
from survival.estimate.kaplan_meier import kaplan_meier
from survival.lessons import teaching
from survival.words.wording import out_of_100

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
DAYS = 365.25


@pytest.fixture(scope="module")
def steps() -> pd.DataFrame:
    return teaching.km_steps(*teaching.example_durations())


@pytest.fixture(scope="module")
def gbsg2() -> teaching.Gbsg2Lesson:
    return teaching.gbsg2_lesson()


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    from lifelines.datasets import load_gbsg2

    return load_gbsg2()


# -- The example ---------------------------------------------------------------------------------


def test_example_is_frozen_with_censoring_and_ties():
    assert isinstance(teaching.EXAMPLE, tuple) and len(teaching.EXAMPLE) == 8
    with pytest.raises(dataclasses.FrozenInstanceError):
        teaching.EXAMPLE[0].years = 9.0
    times = [p.years for p in teaching.EXAMPLE]
    deaths = [p.years for p in teaching.EXAMPLE if p.died]
    censored = [p.years for p in teaching.EXAMPLE if not p.died]
    assert 2 <= len(censored) <= 4
    assert len(set(deaths)) < len(deaths), "two deaths at the same time"
    assert set(deaths) & set(censored), "a death and a censoring at the same time"
    assert max(times) in censored, "the curve ends above zero"
    assert teaching.people_table()["Person"].tolist() == [p.name for p in teaching.EXAMPLE]


def test_km_steps_match_the_hand_computed_fractions(steps):
    assert list(steps.columns) == list(teaching.STEP_COLUMNS)
    got = list(steps.itertuples(index=False, name=None))
    assert got == HAND
    assert all(isinstance(v, Fraction) for v in steps["survival"])
    assert steps["survival"].iloc[-1] == F(7, 18)


def test_km_steps_equal_the_package_kaplan_meier(steps):
    curve = kaplan_meier(*teaching.example_durations())
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
    steps = teaching.km_steps(t, e)
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
        teaching.km_steps(durations, events)


def test_steps_display_shows_the_same_numbers(steps):
    shown = teaching.steps_display(steps)
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
    assert teaching.step_sentence(steps, 1).startswith("At 1 year, 8 people were still being followed.")
    assert "7/8 \u00d7 4/6 = 7/12, or about 58 in 100" in teaching.step_sentence(steps, 3)
    assert "curve stays level" in teaching.step_sentence(steps, 2)
    fifth = teaching.step_sentence(steps, 5)
    assert "1 died and 1 was censored" in fifth and "the death counts first" in fifth
    assert "1 person was still being followed" in teaching.step_sentence(steps, 6)


def test_partial_curve_is_the_curve_so_far():
    curve = kaplan_meier(*teaching.example_durations())
    part = teaching.partial_curve(curve, 3)
    np.testing.assert_array_equal(part.time, curve.time[:4])
    np.testing.assert_array_equal(part.survival, curve.survival[:4])
    assert part.method == curve.method and part.conf_level == curve.conf_level


@pytest.mark.usefixtures("no_pyplot_figures")
def test_step_chart_marks_censoring_and_shows_the_band_only_at_the_end(steps):
    curve = kaplan_meier(*teaching.example_durations())
    last = len(steps)
    for step in (2, last):
        chart = teaching.step_chart(curve, step)
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
    chart = teaching.step_chart(curve, 1)
    assert not [line for line in chart.ax.get_lines() if line.get_gid() == "censored"]
    assert "tick marks" not in chart.alt_text


# -- GBSG2 ---------------------------------------------------------------------------------------


def test_gbsg2_counts_are_the_lifelines_data_in_years(gbsg2, raw):
    counts = gbsg2.counts
    assert counts.group_columns == ("horTh",)
    assert counts.frame["died"].sum() == raw["cens"].sum() == 299
    assert counts.frame[["died", "censored"]].to_numpy().sum() == len(raw) == 686
    np.testing.assert_allclose(
        np.sort(counts.frame["time"].unique()), np.unique(raw["time"]) / DAYS, atol=1e-12
    )


def test_gbsg2_curves_equal_lifelines(gbsg2, raw):
    from lifelines import KaplanMeierFitter

    for curve, rows in (
        (gbsg2.overall, raw),
        (gbsg2.by_therapy[0], raw[raw["horTh"] == "no"]),
        (gbsg2.by_therapy[1], raw[raw["horTh"] == "yes"]),
    ):
        fitter = KaplanMeierFitter().fit(rows["time"], rows["cens"])
        days = 5 * DAYS
        want = float(fitter.survival_function_at_times(days).iloc[0])
        assert curve.at(5.0)[0] == pytest.approx(want, abs=1e-12)
        band = fitter.confidence_interval_survival_function_
        row = band[band.index <= days].iloc[-1]
        low, high = curve.ci_at(5.0)
        assert low[0] == pytest.approx(row.iloc[0], abs=1e-12)
        assert high[0] == pytest.approx(row.iloc[1], abs=1e-12)
    assert gbsg2.overall.label == "All 686 women"
    assert [c.label for c in gbsg2.by_therapy] == ["No hormone therapy", "Hormone therapy"]


def test_gbsg2_logrank_equals_lifelines(gbsg2, raw):
    from lifelines.statistics import logrank_test

    no, yes = raw[raw["horTh"] == "no"], raw[raw["horTh"] == "yes"]
    want = logrank_test(no["time"], yes["time"], no["cens"], yes["cens"])
    assert gbsg2.test.statistic == pytest.approx(want.test_statistic, abs=1e-9)
    assert gbsg2.test.p_value == pytest.approx(want.p_value, abs=1e-12)
    assert gbsg2.test.df == 1
    text = teaching.logrank_sentence(gbsg2.test)
    assert f"{want.test_statistic:.2f}" in text and f"p = {want.p_value:.4f}" in text
    assert "about 3 times in 1,000" in text


def test_gbsg2_summary_and_profile(gbsg2, raw):
    summary = teaching.gbsg2_summary(gbsg2)
    assert summary["Women"].tolist() == [686, 440, 246]
    assert summary["Recurrence or death"].tolist() == [299, 205, 94]
    np.testing.assert_allclose(
        summary["Recurrence-free at 5 years"],
        [c.at(5.0)[0] for c in (gbsg2.overall, *gbsg2.by_therapy)],
        atol=1e-12,
    )
    profile = gbsg2.profile.set_index("Group")
    for label, code in (("No hormone therapy", "no"), ("Hormone therapy", "yes")):
        rows = raw[raw["horTh"] == code]
        assert profile.loc[label, "Women"] == len(rows)
        assert profile.loc[label, "After menopause (%)"] == pytest.approx(
            100 * (rows["menostat"] == "Post").mean()
        )
        assert profile.loc[label, "Median age (years)"] == rows["age"].median()


def test_gbsg2_sentences_use_the_computed_numbers(gbsg2):
    five = teaching.five_year_sentence(gbsg2.overall)
    assert f"about {out_of_100(gbsg2.overall.at(5.0)[0])} in 100 women" in five
    caution = teaching.caution_sentence(gbsg2)
    assert "686 of the trial's 720 women" in caution
    assert "76 in 100 women who had hormone therapy" in caution and "48 in 100 of the others" in caution
    assert "not the trial's answer" in caution


@pytest.mark.usefixtures("no_pyplot_figures")
def test_gbsg2_charts(gbsg2):
    chart = teaching.gbsg2_chart(gbsg2)
    assert chart.ax.get_xlabel() == "Years of follow-up"
    assert "recurrence-free survival" in chart.alt_text and "since diagnosis" not in chart.alt_text
    assert len(chart.table) == len(gbsg2.overall.time)
    chart = teaching.therapy_chart(gbsg2)
    assert "No hormone therapy" in chart.alt_text and "Hormone therapy" in chart.alt_text
    assert [line.get_label() for line in chart.ax.get_lines()[:2]] == [
        "No hormone therapy",
        "Hormone therapy",
    ]


@pytest.mark.parametrize(
    "p, words",
    [
        (0.0001, "less than 1 time in 1,000"),
        (0.0034, "about 3 times in 1,000"),
        (0.04, "about 4 times in 100"),
        (0.5, "about 50 times in 100"),
    ],
)
def test_chance_words(p, words):
    assert teaching.chance_words(p) == words


# -- Relative survival ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def test_relative_lesson_is_the_actuarial_estimate(data):
    selection = data.select("Localized", "65+")
    lesson = teaching.relative_lesson(data, selection)
    est = actuarial(data.table(selection))
    for mine, theirs in (
        (lesson.observed, est.observed()),
        (lesson.relative, est.relative()),
        (lesson.expected, est.expected()),
    ):
        np.testing.assert_array_equal(mine.survival, theirs.survival)
    assert lesson.expected.measure == "expected"
    text = teaching.relative_sentence(lesson)
    obs, exp = est.observed().at(5.0)[0], est.expected().at(5.0)[0]
    assert f"{out_of_100(obs)} in 100 people in this group were alive" in text
    assert f"{out_of_100(exp)} in 100 would be alive. This is expected survival." in text
    assert "never shows relative survival above 100" in text  # observed / expected > 1 here


def test_relative_sentence_without_the_cap(data):
    lesson = teaching.relative_lesson(data, data.select("Distant", "65+"))
    rel = lesson.relative.at(5.0)[0]
    assert rel == pytest.approx(lesson.observed.at(5.0)[0] / lesson.expected.at(5.0)[0], abs=1e-12)
    text = teaching.relative_sentence(lesson)
    assert f"observed divided by expected: {out_of_100(rel)}%. It is a ratio, not a count" in text
    assert "SEER never" not in text


@pytest.mark.usefixtures("no_pyplot_figures")
def test_relative_chart_draws_the_three_curves(data):
    chart = teaching.relative_chart(teaching.relative_lesson(data, data.select("Localized", "65+")))
    labels = [line.get_label() for line in chart.ax.get_lines()]
    assert labels[:3] == ["Observed survival", "Relative survival", "Expected survival"]
    assert "expected survival" in chart.alt_text
    assert "Expected survival survival" in chart.table.columns


# -- Words ---------------------------------------------------------------------------------------


def _filled_paragraphs(steps, gbsg2) -> dict[str, str]:
    values = {"people": 8, "level": "95", "first": 1984, "last": 1989, "women": "686"}
    texts = {k: v.format(**values) for k, v in teaching.PARAGRAPHS.items() if k != "gbsg2_caution"}
    texts["gbsg2_caution"] = teaching.caution_sentence(gbsg2)
    texts["five_year"] = teaching.five_year_sentence(gbsg2.overall)
    texts["logrank_result"] = teaching.logrank_sentence(gbsg2.test)
    for step in range(1, len(steps) + 1):
        texts[f"step {step}"] = teaching.step_sentence(steps, step)
    return texts


def test_explanations_read_at_grade_8_or_below(steps, gbsg2, data):
    texts = _filled_paragraphs(steps, gbsg2)
    for stage in data.stages():
        for age in data.ages():
            texts[f"relative {stage} {age}"] = teaching.relative_sentence(
                teaching.relative_lesson(data, data.select(stage, age))
            )
    grades = {k: textstat.flesch_kincaid_grade(v) for k, v in texts.items()}
    assert max(grades.values()) <= 8, grades


def test_sources_cite_the_documentation():
    text = " ".join(teaching.sources("0.30.3", "SEER citation", 686))
    for url in ("https://rdrr.io/cran/TH.data/man/GBSG2.html", "https://rdrr.io/pkg/survival/man/gbsg.html"):
        assert url in text
    assert "Journal of Clinical Oncology 12" in text and "686 kept" in text


def test_teaching_imports_neither_streamlit_nor_pyplot():
    code = (
        "import sys, survival.lessons.teaching as t; t.gbsg2_lesson(); "
        "assert 'streamlit' not in sys.modules and 'matplotlib.pyplot' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_logrank_sentence_never_prints_a_p_value_of_zero():
    from survival.estimate.kaplan_meier import LogRankResult

    text = teaching.logrank_sentence(
        LogRankResult(statistic=80.0, df=2, p_value=4e-18, groups=((1,), (2,), (3,)))
    )
    assert "p < 0.0001" in text and "p = 0.0000" not in text and "both groups" not in text
