"""Lesson 2 (survival.lessons.gbsg2): GBSG2 recurrence-free survival against lifelines, and its sentences."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import textstat

from survival.lessons import gbsg2
from survival.words.wording import out_of_100

DAYS = 365.25


@pytest.fixture(scope="module")
def lesson() -> gbsg2.Gbsg2Lesson:
    return gbsg2.gbsg2_lesson()


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    from lifelines.datasets import load_gbsg2

    return load_gbsg2()


# -- GBSG2 ---------------------------------------------------------------------------------------


def test_gbsg2_counts_are_the_lifelines_data_in_years(lesson, raw):
    counts = lesson.counts
    assert counts.group_columns == ("horTh",)
    assert counts.frame["died"].sum() == raw["cens"].sum() == 299
    assert counts.frame[["died", "censored"]].to_numpy().sum() == len(raw) == 686
    np.testing.assert_allclose(
        np.sort(counts.frame["time"].unique()), np.unique(raw["time"]) / DAYS, atol=1e-12
    )


def test_gbsg2_curves_equal_lifelines(lesson, raw):
    from lifelines import KaplanMeierFitter

    for curve, rows in (
        (lesson.overall, raw),
        (lesson.by_therapy[0], raw[raw["horTh"] == "no"]),
        (lesson.by_therapy[1], raw[raw["horTh"] == "yes"]),
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
    assert lesson.overall.label == "All 686 women"
    assert [c.label for c in lesson.by_therapy] == ["No hormone therapy", "Hormone therapy"]


def test_gbsg2_logrank_equals_lifelines(lesson, raw):
    from lifelines.statistics import logrank_test

    no, yes = raw[raw["horTh"] == "no"], raw[raw["horTh"] == "yes"]
    want = logrank_test(no["time"], yes["time"], no["cens"], yes["cens"])
    assert lesson.test.statistic == pytest.approx(want.test_statistic, abs=1e-9)
    assert lesson.test.p_value == pytest.approx(want.p_value, abs=1e-12)
    assert lesson.test.df == 1
    text = gbsg2.logrank_sentence(lesson.test)
    assert f"{want.test_statistic:.2f}" in text and f"p = {want.p_value:.4f}" in text
    assert "about 3 times in 1,000" in text


def test_gbsg2_summary_and_profile(lesson, raw):
    summary = gbsg2.gbsg2_summary(lesson)
    assert summary["Women"].tolist() == [686, 440, 246]
    assert summary["Recurrence or death"].tolist() == [299, 205, 94]
    np.testing.assert_allclose(
        summary["Recurrence-free at 5 years"],
        [c.at(5.0)[0] for c in (lesson.overall, *lesson.by_therapy)],
        atol=1e-12,
    )
    profile = lesson.profile.set_index("Group")
    for label, code in (("No hormone therapy", "no"), ("Hormone therapy", "yes")):
        rows = raw[raw["horTh"] == code]
        assert profile.loc[label, "Women"] == len(rows)
        assert profile.loc[label, "After menopause (%)"] == pytest.approx(
            100 * (rows["menostat"] == "Post").mean()
        )
        assert profile.loc[label, "Median age (years)"] == rows["age"].median()


def test_gbsg2_sentences_use_the_computed_numbers(lesson):
    five = gbsg2.five_year_sentence(lesson.overall)
    assert f"about {out_of_100(lesson.overall.at(5.0)[0])} in 100 women" in five
    caution = gbsg2.caution_sentence(lesson)
    assert "686 of the trial's 720 women" in caution
    assert "76 in 100 women who had hormone therapy" in caution and "48 in 100 of the others" in caution
    assert "not the trial's answer" in caution


@pytest.mark.usefixtures("no_pyplot_figures")
def test_gbsg2_charts(lesson):
    chart = gbsg2.gbsg2_chart(lesson)
    assert chart.ax.get_xlabel() == "Years of follow-up"
    assert "recurrence-free survival" in chart.alt_text and "since diagnosis" not in chart.alt_text
    assert len(chart.table) == len(lesson.overall.time)
    chart = gbsg2.therapy_chart(lesson)
    assert "No hormone therapy" in chart.alt_text and "Hormone therapy" in chart.alt_text
    assert [line.get_label() for line in chart.ax.get_lines()[:2]] == [
        "No hormone therapy",
        "Hormone therapy",
    ]


def test_sources_cite_the_documentation():
    text = " ".join(gbsg2.sources("0.30.3", "SEER citation", 686))
    for url in ("https://rdrr.io/cran/TH.data/man/GBSG2.html", "https://rdrr.io/pkg/survival/man/gbsg.html"):
        assert url in text
    assert "Journal of Clinical Oncology 12" in text and "686 kept" in text


def test_lessons_import_neither_streamlit_nor_pyplot():
    code = (
        "import sys, survival.lessons.gbsg2 as t, survival.lessons.competing as c, survival.lessons.hazard as h, survival.lessons.comparison; t.gbsg2_lesson(); c.competing_lesson('Distant'); h.hazard_lesson(); "
        "assert 'streamlit' not in sys.modules and 'matplotlib.pyplot' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_logrank_sentence_never_prints_a_p_value_of_zero():
    from survival.estimate.kaplan_meier import LogRankResult

    text = gbsg2.logrank_sentence(
        LogRankResult(statistic=80.0, df=2, p_value=4e-18, groups=((1,), (2,), (3,)))
    )
    assert "p < 0.0001" in text and "p = 0.0000" not in text and "both groups" not in text


def test_paragraphs_and_sentences_read_at_grade_8_or_below(lesson):
    values = {"first": 1984, "last": 1989, "women": "686"}
    texts = {k: v.format(**values) for k, v in gbsg2.PARAGRAPHS.items() if k != "gbsg2_caution"}
    texts["gbsg2_caution"] = gbsg2.caution_sentence(lesson)
    texts["five_year"] = gbsg2.five_year_sentence(lesson.overall)
    texts["logrank_result"] = gbsg2.logrank_sentence(lesson.test)
    grades = {k: textstat.flesch_kincaid_grade(v) for k, v in texts.items()}
    assert max(grades.values()) <= 8, grades


def test_the_data_are_lifelines_own_table_read_without_importing_lifelines():
    import subprocess
    import sys

    import pandas as pd
    from lifelines.datasets import load_gbsg2

    pd.testing.assert_frame_equal(gbsg2.gbsg2_frame(), load_gbsg2())
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from survival.lessons.gbsg2 import gbsg2_lesson; gbsg2_lesson(); "
            "print('lifelines' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "False"  # lifelines takes about 1 s to import; the lesson does without
