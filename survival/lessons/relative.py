"""Lesson 3: observed, expected and relative survival of a bundled SEER selection.

The three curves of one selection (actuarial, SEER's relative-survival
convention), on one chart, and what relative survival says in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from survival.datasets.dataset import Dataset, Selection
from survival.estimate.results import SurvivalCurve
from survival.plot import curves as charts
from survival.plot.dataset_charts import Chart, describe
from survival.words.wording import out_of_100

#: The lesson's paragraphs.
PARAGRAPHS = {
    "observed": (
        "Observed survival counts everyone who is still alive, whatever they died of. Some people "
        "with cancer die of other things, such as heart disease or old age."
    ),
    "expected": (
        "Expected survival is for people of the same age in the general population. It shows how "
        "many of them we would expect to be alive, most of them without this cancer. It comes from "
        "tables of how long people live."
    ),
    "relative": (
        "Relative survival is observed survival divided by expected survival. It shows survival "
        "from the cancer itself. It leaves out the deaths the group would have had anyway. So "
        "relative survival is higher than observed survival. The gap is widest for older people, "
        "who are more likely to die of other causes."
    ),
    "relative_limits": (
        "Relative survival is an estimate. It assumes that, without the cancer, the people in the "
        "group would have lived like others of their age. Try another age group to see the gap "
        "grow or shrink."
    ),
}


@dataclass(frozen=True, eq=False)
class RelativeLesson:
    """Observed, relative and expected survival of one bundled selection."""

    selection: Selection
    observed: SurvivalCurve
    relative: SurvivalCurve
    expected: SurvivalCurve
    title: str = ""


def relative_lesson(dataset: Dataset, selection: Selection) -> RelativeLesson:
    """The three curves of one selection (actuarial, SEER's relative-survival convention)."""
    from survival.estimate.actuarial import actuarial

    est = actuarial(dataset.table(selection))
    return RelativeLesson(
        selection,
        est.observed(label="Observed survival"),
        est.relative(label="Relative survival"),
        est.expected(label="Expected survival"),
        describe(dataset, selection),
    )


def relative_chart(lesson: RelativeLesson) -> Chart:
    """Observed, relative and expected survival on one chart (no risk table: see the data)."""
    curves = [lesson.observed, lesson.relative, lesson.expected]
    ax = charts.plot_survival(curves, risk_table=False, ylabel="Survival", title=lesson.title)
    return Chart(ax, charts.survival_alt_text(curves, risk_table=False), charts.survival_table(curves))


def relative_sentence(lesson: RelativeLesson, years: float = 5.0) -> str:
    """The three measures at ``years``, out of 100, and what relative survival says."""
    obs, rel, exp = (float(c.at(years)[0]) for c in (lesson.observed, lesson.relative, lesson.expected))
    said = (
        f"After {years:g} years, {out_of_100(obs)} in 100 people in this group were alive. This "
        f"is observed survival. Among people of the same age in the general population, "
        f"{out_of_100(exp)} in 100 would be alive. This is expected survival. Relative survival "
        f"is observed divided by expected: {out_of_100(rel)}%. It is a ratio, not a count of "
        f"people."
    )
    if rel >= 1 and obs / exp > 1:
        said += (
            " Here the people with cancer did as well as the general population, or a little "
            "better. SEER never shows relative survival above 100%."
        )
    elif obs / exp > rel + 1e-9:
        said += " SEER never lets relative survival go back up, so it keeps the lowest value reached so far."
    return said
