"""Lesson 4: deaths from the cancer and from other causes (competing risks), on the colon teaching data.

For one stage, the Aalen-Johansen cumulative incidence of death from the
cancer and from other causes (which, with the share alive, add to one), beside
the naive 1 - Kaplan-Meier for cancer deaths with other deaths censored, which
overstates the risk; and Gray's test of the cancer's cumulative incidence
between the stages. The data are the packaged counts of
:mod:`survival.lessons.colon` (teaching data, based on a simulated registry),
used as whole-number weights, which give the estimates the records give.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from survival.estimate.competing_risks import (
    CumulativeIncidence,
    NaiveRiskComparison,
    aalen_johansen,
    compare_naive_risk,
)
from survival.estimate.gray_test import GrayTestResult, gray_test
from survival.lessons import colon
from survival.lessons.wording import chance_words, p_words
from survival.plot.dataset_charts import Chart
from survival.plot.incidence import incidence_alt_text, incidence_table, plot_incidence

CANCER, OTHER = 1, 2
LABELS = {CANCER: "Died of the cancer", OTHER: "Died of other causes"}
YEARS = (1.0, 5.0, 10.0)
STAGE_WORDS = {
    "Localised": "localised (found only in the colon)",
    "Regional": "regional (spread to nearby tissue or lymph nodes)",
    "Distant": "distant (spread to other parts of the body)",
    "Unknown": "not staged (stage unknown)",
}

#: The lesson's paragraphs.
PARAGRAPHS = {
    "competing_intro": (
        "People with cancer can die of the cancer or of something else, such as heart disease. "
        "A person who dies of one cause cannot die of the other later. So the two causes compete. "
        "Here we use teaching data on colon cancer, where the cause of each death was written down."
    ),
    "teaching_data": (
        "These are teaching data from a course on survival analysis. The people who share them say "
        "they are based on a simulated cancer registry, so they are not official figures. They "
        "describe people diagnosed from 1975 to 1994, and they leave out treatment."
    ),
    "incidence": (
        "The cumulative incidence of a cause is the share of people who had died of that cause by "
        "a given time. Add the share who died of the cancer, the share who died of other causes "
        "and the share still alive, and you get 100%."
    ),
    "naive": (
        "A common mistake is to count deaths from other causes as censored, and then read 1 minus "
        "the Kaplan-Meier curve. That treats the people who died of other causes as if they could "
        "still die of the cancer later. It answers a what-if question: how many would die of the "
        "cancer if no one could die of anything else? So it gives a figure that is too high. The "
        "dotted line shows it."
    ),
    "gray": (
        "Gray's test asks if the risk of dying of the cancer differs between groups. It uses the "
        "cumulative incidence, so deaths from other causes are not treated as censored. Like the "
        "log-rank test, a small p-value says the gap is unlikely to be chance alone. It does not "
        "say why the groups differ."
    ),
}


@dataclass(frozen=True, eq=False)
class CompetingLesson:
    """One stage's deaths by cause: the two cumulative incidences and the naive 1 - Kaplan-Meier."""

    stage: str
    people: int
    cancer: CumulativeIncidence
    other: CumulativeIncidence
    naive: NaiveRiskComparison


def competing_lesson(stage: str, conf_level: float = 0.95, conf_type: str = "log-log") -> CompetingLesson:
    """Everything the lesson shows for one stage (times in years since diagnosis)."""
    t, cause, people = colon.stage_rows(stage)
    cancer, other = aalen_johansen(t, cause, weights=people, conf_level=conf_level, conf_type=conf_type)
    return CompetingLesson(
        stage=stage,
        people=int(people.sum()),
        cancer=_labelled(cancer, LABELS[CANCER]),
        other=_labelled(other, LABELS[OTHER]),
        naive=compare_naive_risk(t, cause, cause=CANCER, weights=people, label=stage),
    )


def _labelled(result: CumulativeIncidence, label: str) -> CumulativeIncidence:
    return replace(result, label=label)


def stage_test(stages: tuple[str, ...] = colon.STAGES, cause: int = CANCER) -> GrayTestResult:
    """Gray's test of the cumulative incidence of ``cause`` between ``stages`` (all four by default)."""
    counts = colon.load_counts()
    rows = counts[counts["stage"].isin(stages)]
    return gray_test(rows["months"] / 12.0, rows["cause"], rows["stage"], cause=cause, weights=rows["people"])


def outcomes_table(lesson: CompetingLesson, years: tuple[float, ...] = YEARS) -> pd.DataFrame:
    """At each of ``years``, in percent: alive, died of the cancer or of other causes (adding to 100),
    and 1 - Kaplan-Meier for cancer deaths with how many points too high it is."""
    at = lesson.naive.at(list(years))
    return pd.DataFrame(
        {
            "Years since diagnosis": [float(y) for y in years],
            "Alive (%)": 100 * at["survival"].to_numpy(),
            f"{LABELS[CANCER]} (%)": 100 * at["incidence"].to_numpy(),
            f"{LABELS[OTHER]} (%)": 100 * at["other"].to_numpy(),
            "1 - Kaplan-Meier for cancer deaths (%)": 100 * at["naive"].to_numpy(),
            "Too high by (points)": 100 * at["overstatement"].to_numpy(),
        }
    )


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def overstatement_sentence(lesson: CompetingLesson, years: float = 5.0) -> str:
    """The lesson's numbers at ``years`` in words: what happened, and what 1 - KM says instead."""
    row = lesson.naive.at([years]).iloc[0]
    cancer, other, alive, naive = (float(row[k]) for k in ("incidence", "other", "survival", "naive"))
    return (
        f"Of the {lesson.people:,} people whose cancer was {STAGE_WORDS[lesson.stage]}, {_pct(cancer)} had "
        f"died of the cancer {years:g} years after diagnosis. Another {_pct(other)} had died of other "
        f"causes, and {_pct(alive)} were alive. Together that makes 100%. But 1 minus Kaplan-Meier "
        f"says {_pct(naive)} died of the cancer. That is {100 * (naive - cancer):.1f} points too high."
    )


def gray_sentence(test: GrayTestResult) -> str:
    """Gray's test in words, with the statistic, degrees of freedom and p-value."""
    groups = len(test.groups)
    return (
        f"Across the {groups} stages, Gray's test gives {test.statistic:,.1f} on {test.df} degree"
        f"{'s' * (test.df != 1)} of freedom ({p_words(test.p_value)}). If the risk of dying of the "
        f"cancer were the same in every stage, gaps this big would turn up by chance "
        f"{chance_words(test.p_value)}."
    )


def incidence_chart(lesson: CompetingLesson, presentation: bool = False) -> Chart:
    """The two cumulative incidences with their bands, and the dotted 1 - Kaplan-Meier."""
    title = f"Colon cancer, {lesson.stage.lower()} stage: deaths by cause (teaching data)"
    found = [lesson.cancer, lesson.other]
    ax = plot_incidence(found, naive=lesson.naive, presentation=presentation, title=title)
    return Chart(
        ax, incidence_alt_text(found, naive=lesson.naive), incidence_table(found, naive=lesson.naive)
    )


def sources() -> tuple[str, ...]:
    """Where the colon data come from (Markdown), from the packaged provenance."""
    made = colon.provenance()
    return (
        f"Colon teaching data: {made['citation']}. {made['what']} Derived here as counts by stage, "
        f"month and cause (`survival/lessons/data/{colon.TABLE_FILE}`; source SHA-256 "
        f"`{made['source_sha256'][:16]}...`).",
    )
