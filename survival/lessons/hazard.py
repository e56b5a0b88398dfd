"""Lesson 5: how the risk of dying changes with time since diagnosis (the hazard), on the colon teaching data.

By stage, deaths from any cause: the Nelson-Aalen cumulative hazard with its
interval, and the kernel-smoothed hazard (deaths per 100 people still alive,
per year) over the first :data:`END` years. The data are the packaged counts
of :mod:`survival.lessons.colon`, used as whole-number weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from survival.estimate.cumulative_hazard import CumulativeHazard, nelson_aalen
from survival.estimate.hazard_smoothing import SmoothedHazard, smoothed_hazard
from survival.lessons import colon
from survival.plot.dataset_charts import Chart
from survival.plot.hazard import (
    PER,
    cumulative_hazard_alt_text,
    cumulative_hazard_table,
    plot_cumulative_hazard,
    plot_smoothed_hazard,
    smoothed_hazard_alt_text,
    smoothed_hazard_table,
)

STAGES = ("Localised", "Regional", "Distant")
END = 10.0  # years: the smoothed hazard's grid ends here, where every stage still has deaths
POINTS = 121  # a grid point every month

#: The lesson's paragraphs.
PARAGRAPHS = {
    "hazard_intro": (
        "A survival curve shows how many people are still alive. The hazard shows something else: "
        "how fast people are dying at each time, among those still alive. It can show when the risk "
        "is highest."
    ),
    "cumulative": (
        "The cumulative hazard adds up, at each death, the number who died divided by the number "
        "at risk. This is the Nelson-Aalen estimate. It is easier to estimate than the hazard "
        "itself. Where its line is steep, people are dying fast."
    ),
    "smoothed": (
        "The hazard itself is the slope of that line. We estimate it by averaging the deaths within "
        "about a year on either side of each time. The chart shows it as deaths per 100 people "
        "still alive, per year."
    ),
    "smoothing_caution": (
        "The smoothed line depends on the width of the window. A narrow window gives a wiggly "
        "line, and a wide one hides changes. Near the ends there is less data, so the band is "
        "wider. Read the shape, not each small bump."
    ),
}


@dataclass(frozen=True, eq=False)
class HazardLesson:
    """Deaths from any cause by stage: the cumulative hazards and the smoothed hazards."""

    stages: tuple[str, ...]
    cumulative: tuple[CumulativeHazard, ...]
    smoothed: tuple[SmoothedHazard, ...]


def hazard_lesson(stages: tuple[str, ...] = STAGES, end: float = END, points: int = POINTS) -> HazardLesson:
    """Nelson-Aalen and smoothed hazards of death from any cause for ``stages`` (times in years)."""
    cumulative, smoothed = [], []
    for stage in stages:
        t, cause, people = colon.stage_rows(stage)
        na = nelson_aalen(t, (cause > 0).astype(int), weights=people, label=stage)
        cumulative.append(na)
        smoothed.append(smoothed_hazard(na, end=end, points=points))
    return HazardLesson(tuple(stages), tuple(cumulative), tuple(smoothed))


def cumulative_chart(lesson: HazardLesson, presentation: bool = False) -> Chart:
    """The cumulative hazards by stage, with their intervals."""
    ax = plot_cumulative_hazard(
        lesson.cumulative,
        presentation=presentation,
        title="Colon cancer: cumulative hazard by stage (teaching data)",
    )
    return Chart(
        ax, cumulative_hazard_alt_text(lesson.cumulative), cumulative_hazard_table(lesson.cumulative)
    )


def smoothed_chart(lesson: HazardLesson, presentation: bool = False) -> Chart:
    """The smoothed hazards by stage: deaths per 100 people alive, per year."""
    ax = plot_smoothed_hazard(
        lesson.smoothed,
        presentation=presentation,
        title="Colon cancer: death rate by stage (teaching data)",
    )
    return Chart(ax, smoothed_hazard_alt_text(lesson.smoothed), smoothed_hazard_table(lesson.smoothed))


def rate_at(result: SmoothedHazard, years: float) -> float:
    """The smoothed rate at ``years``, as deaths per 100 people alive per year."""
    return PER * float(np.interp(years, result.time, result.hazard))


def hazard_sentence(lesson: HazardLesson, stage: str = "Distant", later: float = 5.0) -> str:
    """How the death rate of ``stage`` changes: its peak, and its value ``later`` years after diagnosis."""
    h = lesson.smoothed[lesson.stages.index(stage)]
    top = int(np.argmax(h.hazard))
    when = "right after diagnosis" if h.time[top] < 0.25 else f"about {h.time[top]:.1f} years after diagnosis"
    return (
        f"For {stage.lower()} stage, the death rate was highest {when}: about "
        f"{PER * h.hazard[top]:.0f} deaths per 100 people still alive, per year. By {later:g} years it had "
        f"fallen to about {rate_at(h, later):.0f}. So in this group, people who had lived a few years "
        "were dying at a much lower rate than at the start."
    )
