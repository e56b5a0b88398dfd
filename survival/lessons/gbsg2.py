"""Lesson 2: recurrence-free survival in GBSG2, a German breast cancer trial shipped with lifelines.

Overall and by hormone therapy, with the log-rank test, and why the
comparison is a lesson in reading curves rather than the trial's answer.
Every number in the text is computed, or comes from :data:`GBSG2_FACTS` with
its source.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from survival.errors import SurvivalDataError
from survival.estimate.kaplan_meier import LogRankResult, kaplan_meier_counts, logrank
from survival.estimate.results import SurvivalCurve
from survival.io.individual import EventCounts, counts_from_frame
from survival.lessons.wording import chance_words, p_words
from survival.plot import curves as charts
from survival.plot.dataset_charts import Chart
from survival.words.wording import out_of_100

#: Facts about GBSG2 that cannot be computed from the data, with their sources.
GBSG2_FACTS = {
    # R package survival, help page "gbsg" (https://rdrr.io/pkg/survival/man/gbsg.html).
    "first_year": 1984,
    "last_year": 1989,
    "trial_women": 720,
    # Title of the trial's report, cited by lifelines' load_gbsg2 and R's TH.data GBSG2.
    "report": "Randomized 2 x 2 trial evaluating hormonal treatment and the duration of "
    "chemotherapy in node-positive breast cancer patients",
}
THERAPY_LABELS = {"no": "No hormone therapy", "yes": "Hormone therapy"}

#: The lesson's paragraphs (``{...}`` fields are filled in from computed values).
PARAGRAPHS = {
    "gbsg2_about": (
        "These data come from a trial run by the German Breast Cancer Study Group from {first} to "
        "{last}. The women in it had breast cancer that had spread to the lymph nodes. This data "
        "set keeps the {women} women whose records were complete."
    ),
    "recurrence_free": (
        "Recurrence-free survival is the time a woman lives without her cancer coming back. The "
        "clock stops at the first of two events: the cancer comes back (a recurrence), or she dies. "
        "So this curve drops for both. A woman who was alive and free of cancer at her last "
        "check-up is censored."
    ),
    "logrank": (
        "The log-rank test asks a simple question. If both groups truly did the same, how often "
        "would chance alone make their curves this far apart? A small chance means the gap is "
        "probably real. It does not tell us why the groups differ."
    ),
    "gbsg2_caution": (
        "The title of the trial's report says it was a randomized trial of hormone treatment. But "
        "the notes that come with this data set do not say how each woman came to have hormone "
        "therapy or not. The data set also keeps "
        "only {women} of the trial's {trial} women. And the two groups differ in other ways: "
        "{post_yes} in 100 women who had hormone therapy had been through menopause, against "
        "{post_no} in 100 of the others. So read this chart as a lesson in reading curves. It is not "
        "the trial's answer about hormone therapy."
    ),
}


@dataclass(frozen=True, eq=False)
class Gbsg2Lesson:
    """Recurrence-free survival in GBSG2: overall, by hormone therapy, and the log-rank test."""

    counts: EventCounts
    overall: SurvivalCurve
    by_therapy: tuple[SurvivalCurve, ...]
    test: LogRankResult
    profile: pd.DataFrame


def gbsg2_frame() -> pd.DataFrame:
    """GBSG2 as lifelines ships it: 686 women, ``time`` in days, ``cens`` 1 for recurrence or death.

    The same table as ``lifelines.datasets.load_gbsg2()``, read from the CSV file lifelines
    installs, without importing lifelines (about a second on the lesson's first visit).
    """
    spec = importlib.util.find_spec("lifelines")
    if spec is None or not spec.submodule_search_locations:
        raise SurvivalDataError(
            "The GBSG2 lesson needs lifelines, which ships the data", "the lesson", "pip install lifelines"
        )
    folder = Path(next(iter(spec.submodule_search_locations)))
    return pd.read_csv(folder / "datasets" / "gbsg2.csv", engine="python")


def gbsg2_counts(frame: pd.DataFrame | None = None) -> EventCounts:
    """GBSG2 as event counts by hormone therapy (``horTh``: "no", "yes"), times in years."""
    frame = gbsg2_frame() if frame is None else frame
    return counts_from_frame(
        frame, duration="time", event="cens", group="horTh", time_unit="days", source="GBSG2 (lifelines)"
    )


def therapy_profile(frame: pd.DataFrame) -> pd.DataFrame:
    """Per hormone-therapy group: women, recurrences or deaths, share after menopause, median age."""
    groups = frame.groupby("horTh", sort=True)
    return pd.DataFrame(
        {
            "Group": [THERAPY_LABELS[str(g)] for g in groups.groups],
            "Women": groups.size().to_numpy(),
            "Recurrence or death": groups["cens"].sum().to_numpy(),
            "After menopause (%)": 100 * groups["menostat"].apply(lambda s: (s == "Post").mean()).to_numpy(),
            "Median age (years)": groups["age"].median().to_numpy(),
        }
    )


def gbsg2_lesson(conf_level: float = 0.95) -> Gbsg2Lesson:
    """Fit everything the GBSG2 lesson shows."""
    frame = gbsg2_frame()
    counts = gbsg2_counts(frame)
    overall = kaplan_meier_counts(counts.pool(), (), conf_level=conf_level, label=f"All {len(frame):,} women")
    by_therapy = tuple(
        kaplan_meier_counts(counts, (g,), conf_level=conf_level, label=THERAPY_LABELS[g])
        for g in ("no", "yes")
    )
    return Gbsg2Lesson(
        counts, overall, by_therapy, logrank(counts, [("no",), ("yes",)]), therapy_profile(frame)
    )


def gbsg2_summary(lesson: Gbsg2Lesson, years: float = 5.0) -> pd.DataFrame:
    """Women, recurrences or deaths, and recurrence-free survival at ``years`` with its band."""
    curves = (lesson.overall, *lesson.by_therapy)
    low, high = zip(*(tuple(float(v[0]) for v in c.ci_at(years)) for c in curves))
    return pd.DataFrame(
        {
            "Group": [c.label for c in curves],
            "Women": [int(c.n_events.sum() + c.n_censored.sum()) for c in curves],
            "Recurrence or death": [int(c.n_events.sum()) for c in curves],
            f"Recurrence-free at {years:g} years": [float(c.at(years)[0]) for c in curves],
            "Band low": list(low),
            "Band high": list(high),
        }
    )


def _follow_up(text: str) -> str:
    """An alt text of a GBSG2 chart: the time axis is follow-up, the measure recurrence-free."""
    return (
        text.replace("survival since diagnosis", "recurrence-free survival")
        .replace("years since diagnosis", "years of follow-up")
        .replace("observed survival", "recurrence-free survival")
    )


def gbsg2_chart(lesson: Gbsg2Lesson) -> Chart:
    """Recurrence-free survival of all women, with its band and risk table."""
    curve = lesson.overall
    ax = charts.plot_survival(
        curve, ylabel="Recurrence-free survival", title="GBSG2: alive without the cancer coming back"
    )
    ax.set_xlabel("Years of follow-up")
    return Chart(ax, _follow_up(charts.survival_alt_text(curve)), charts.survival_table(curve))


def therapy_chart(lesson: Gbsg2Lesson) -> Chart:
    """Recurrence-free survival with and without hormone therapy, with a risk table."""
    curves = list(lesson.by_therapy)
    ax = charts.plot_comparison(curves, ylabel="Recurrence-free survival", title="GBSG2: by hormone therapy")
    ax.set_xlabel("Years of follow-up")
    return Chart(ax, _follow_up(charts.comparison_alt_text(curves)), charts.comparison_table(curves))


def logrank_sentence(test: LogRankResult) -> str:
    """The log-rank result in plain words, with the statistic and p-value."""
    verdict = (
        "So a gap this big is unlikely to be chance alone."
        if test.p_value < 0.05
        else "So chance alone could easily explain a gap like this."
    )
    return (
        f"Here the test gives a value of {test.statistic:.2f} "
        f"({test.df} degree{'s' * (test.df != 1)} of freedom). If the groups truly had the same "
        f"recurrence-free survival, a gap at least this big would turn up by chance "
        f"{chance_words(test.p_value)} ({p_words(test.p_value)}). {verdict}"
    )


def five_year_sentence(curve: SurvivalCurve, years: float = 5.0) -> str:
    """Recurrence-free survival at ``years`` out of 100, with the band."""
    low, high = (float(v[0]) for v in curve.ci_at(years))
    return (
        f"After {years:g} years, about {out_of_100(float(curve.at(years)[0]))} in 100 women were "
        f"alive without the cancer coming back. The {curve.conf_level:.0%} band runs from "
        f"{out_of_100(low)} to {out_of_100(high)} in 100."
    )


def caution_sentence(lesson: Gbsg2Lesson) -> str:
    """Why the hormone-therapy comparison is a lesson in reading curves, not the trial's result."""
    profile = lesson.profile.set_index("Group")["After menopause (%)"]
    women = int(lesson.profile["Women"].sum())
    return PARAGRAPHS["gbsg2_caution"].format(
        women=women,
        trial=GBSG2_FACTS["trial_women"],
        post_yes=out_of_100(profile[THERAPY_LABELS["yes"]] / 100),
        post_no=out_of_100(profile[THERAPY_LABELS["no"]] / 100),
    )


def sources(lifelines_version: str, seer_citation: str, women: int) -> tuple[str, ...]:
    """Where the data and the facts about them come from (Markdown, with links)."""
    return (
        f"GBSG2 data: `lifelines.datasets.load_gbsg2()` in lifelines {lifelines_version}. Its "
        "documentation cites W. Sauerbrei and P. Royston (1999), Journal of the Royal Statistical "
        "Society Series A 162(1), 71-94, and M. Schumacher and others for the German Breast Cancer "
        f"Study Group (1994), \u201c{GBSG2_FACTS['report']}\u201d, Journal of Clinical Oncology 12, "
        "2086-2093.",
        "What the GBSG2 columns mean (`time`: recurrence-free survival time in days; `cens`: 1 for "
        "an event, 0 for censored; `horTh`: hormonal therapy, no or yes): R package TH.data, help "
        "page GBSG2, https://rdrr.io/cran/TH.data/man/GBSG2.html",
        f"The trial's years ({GBSG2_FACTS['first_year']} to {GBSG2_FACTS['last_year']}), its "
        f"{GBSG2_FACTS['trial_women']} women, and that the {women:,} kept are those with complete data; "
        "the event is the first of recurrence or death: R package survival, help page gbsg, "
        "https://rdrr.io/pkg/survival/man/gbsg.html",
        f"SEER data: {seer_citation}",
    )
