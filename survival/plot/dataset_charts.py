"""Charts of bundled selections, each with its text alternative and data table.

The glue between a data set's selections and the ``plot_*`` functions, used by
the command line and the app: one call gives the drawn Axes, a one-paragraph
text alternative and the numbers drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pandas as pd
from matplotlib.axes import Axes

from survival.datasets.catalogue import Dataset, Selection
from survival.errors import SurvivalDataError
from survival.estimate.actuarial import actuarial
from survival.estimate.conditional import conditional_lifetable
from survival.estimate.crude import crude_probabilities
from survival.estimate.trend import single_year_trend

MEASURES = ("observed", "relative", "both")
OUTCOMES = ("alive", "died of breast cancer", "died of other causes")


@dataclass(frozen=True, eq=False)
class Chart:
    """A drawn chart with its text alternative and its data.

    Attributes
    ----------
    ax : Axes
        The chart, on a Figure of its own (never pyplot's).
    alt_text : str
        A one-paragraph text alternative for readers who cannot see it.
    table : DataFrame
        The numbers drawn.
    """

    ax: Axes
    alt_text: str
    table: pd.DataFrame


def describe(selection: Selection) -> str:
    """``"Distant stage, all ages, diagnosed 2000-2004"``."""
    age = "all ages" if selection.age == "All ages" else f"age group {selection.age}"
    return f"{selection.stage} stage, {age}, diagnosed {selection.period}"


def _estimate(dataset: Dataset, selection: Selection, lived: int = 0):
    table = dataset.table(selection)
    return actuarial(conditional_lifetable(table, lived) if lived else table)


def _curves(dataset: Dataset, selection: Selection, measure: str, label: str | None = None,
            lived: int = 0):
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES} (got {measure!r}).")
    est = _estimate(dataset, selection, lived)
    if measure == "observed":
        return [est.observed(label=label or "Observed survival")]
    if measure == "relative":
        return [est.relative(label=label or "Relative survival")]
    return [est.observed(label="Observed survival"), est.relative(label="Relative survival")]


def curve_chart(dataset: Dataset, selection: Selection, *, measure: str = "both", band: bool = True,
                presentation: bool = False, lived: int = 0) -> Chart:
    """Survival curve(s) of one selection with their band and risk table.

    With ``lived``, conditional survival of those alive ``lived`` years after
    diagnosis, its time axis counting the years after that.

    Parameters
    ----------
    dataset : Dataset
        The loaded data set.
    selection : Selection
        Stage, age group and period.
    measure : {"both", "observed", "relative"}
        The curve(s) drawn.
    band : bool
        Draw the 95% confidence band.
    presentation : bool
        Large type and thick lines, for slides.
    lived : int
        Years already lived since diagnosis (0: everyone diagnosed).

    Returns
    -------
    Chart

    Raises
    ------
    SurvivalDataError
        When the period has no survival figures yet.
    """
    from survival.plot.curves import plot_survival, survival_alt_text, survival_table

    curves = _curves(dataset, selection, measure, lived=lived)
    _check_estimable(curves, selection)
    title = describe(selection) + (f", alive {lived} years after diagnosis" if lived else "")
    ax = plot_survival(curves, band=band, presentation=presentation, title=title)
    if lived:
        ax.set_xlabel(f"Years after the first {lived} since diagnosis")
    return Chart(ax, survival_alt_text(curves, band=band), survival_table(curves))


def compare_chart(dataset: Dataset, selections: Sequence[Selection], *, measure: str = "relative",
                  band: bool = False, presentation: bool = False) -> Chart:
    """Several selections on one axes (one measure), labelled by what differs between them."""
    from survival.plot.curves import comparison_alt_text, comparison_table, plot_comparison

    if measure == "both":
        raise ValueError("A comparison shows one measure: observed or relative.")
    labels = _differences(selections)
    curves = [_curves(dataset, s, measure, label)[0] for s, label in zip(selections, labels)]
    for curve, selection in zip(curves, selections):
        _check_estimable([curve], selection)
    title = f"{measure.capitalize()} survival: {_common(selections)}"
    ax = plot_comparison(curves, band=band, presentation=presentation, title=title)
    return Chart(ax, comparison_alt_text(curves, band=band), comparison_table(curves))


def icons_chart(dataset: Dataset, selection: Selection, *, years: int = 5,
                presentation: bool = False, lived: int = 0) -> Chart:
    """100 people: alive, died of the cancer, died of other causes ``years`` after diagnosis
    (or ``years`` more, among those alive ``lived`` years after diagnosis)."""
    from survival.plot.icons import icons_alt_text, icons_table, plot_icons

    crude = crude_probabilities(_estimate(dataset, selection, lived))
    counts = crude.out_of_100(years)
    if counts is None:
        raise SurvivalDataError(
            f"There is no {years}-year figure for people diagnosed in {selection.period}",
            describe(selection), "choose an earlier period of diagnosis, or fewer years")
    pairs = list(zip(OUTCOMES, counts))
    when = f"{years} more years after living {lived}" if lived else f"{years} years after diagnosis"
    title = f"100 people, {when}\n{describe(selection)}"
    ax = plot_icons(pairs, presentation=presentation, title=title)
    return Chart(ax, icons_alt_text(pairs, title=title.replace("\n", ": ")), icons_table(pairs))


def trend_chart(dataset: Dataset, selection: Selection, *, years: int = 5, measure: str = "relative",
                figure: float | None = None, presentation: bool = False) -> Chart:
    """Survival ``years`` after diagnosis by year of diagnosis, a reader's figure located."""
    from survival.plot.trend import plot_trend, trend_alt_text, trend_table

    if measure == "both":
        raise ValueError("A trend shows one measure: observed or relative.")
    table = single_year_trend(dataset, selection.stage, selection.age, years)
    table = table.assign(stage=selection.stage, age=selection.age)
    age = "all ages" if selection.age == "All ages" else f"age group {selection.age}"
    title = f"{selection.stage} stage, {age}: {years}-year {measure} survival"
    ax = plot_trend(table, value=measure, highlight=figure, years_label=years,
                    presentation=presentation, title=title)
    return Chart(ax, trend_alt_text(table, value=measure, highlight=figure, years_label=years),
                 trend_table(table, measure))


def _check_estimable(curves, selection: Selection) -> None:
    if any(len(c.time) < 2 for c in curves):
        raise SurvivalDataError(
            f"There are no survival figures yet for people diagnosed in {selection.period}",
            describe(selection), "choose an earlier period of diagnosis")


def _differences(selections: Sequence[Selection]) -> list[str]:
    fields = [f for f in ("stage", "age", "period") if len({getattr(s, f) for s in selections}) > 1]
    if not fields:
        return [describe(s) for s in selections]
    return [", ".join(getattr(s, f) for f in fields) for s in selections]


def _common(selections: Sequence[Selection]) -> str:
    first = selections[0]
    parts = []
    if len({s.stage for s in selections}) == 1:
        parts.append(f"{first.stage} stage")
    if len({s.age for s in selections}) == 1:
        parts.append("all ages" if first.age == "All ages" else f"age group {first.age}")
    if len({s.period for s in selections}) == 1:
        parts.append(f"diagnosed {first.period}")
    varying = [n for f, n in (("stage", "stage"), ("age", "age group"), ("period", "period"))
               if len({getattr(s, f) for s in selections}) > 1]
    return ", ".join(parts + [f"by {', '.join(varying)}"] if varying else parts)
