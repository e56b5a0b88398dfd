"""Charts of a dataset's selections and of estimated groups, each with its text alternative and data.

The glue between the estimation pipeline (:mod:`survival.estimate.groups`)
and the ``plot_*`` functions, used by the command line, the app and the
"reproduce in Python" snippet alike: one call gives the drawn Axes, a
one-paragraph text alternative and the numbers drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.axes import Axes

from survival.datasets.dataset import Dataset, Selection
from survival.datasets.description import PERIOD
from survival.errors import SurvivalDataError
from survival.estimate.actuarial import actuarial
from survival.estimate.cohorts import year_span
from survival.estimate.conditional import conditional_lifetable
from survival.estimate.crude import crude_probabilities
from survival.estimate.groups import METHOD_NAMES, GroupEstimates, estimate_groups
from survival.estimate.intervals import check_conf_type, interval_name
from survival.estimate.period import follow_up_years
from survival.estimate.recent import Window, figures_table
from survival.estimate.trend import single_year_trend
from survival.plot.curves import (
    comparison_alt_text,
    comparison_table,
    has_risk_table,
    plot_comparison,
    plot_survival,
    survival_alt_text,
    survival_table,
)
from survival.plot.style import is_slide
from survival.words.wording import conditional_target

if TYPE_CHECKING:
    from survival.estimate.recent import TrendSummary

MEASURES = ("observed", "relative", "both")


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


def describe(dataset: Dataset, selection: Selection, window: Window | None = None) -> str:
    """``"Distant stage, all ages, diagnosed 2000-2004"`` (or ``"..., follow-up in 2009-2013"`` for
    the period window 2008-2012, named by its follow-up years as everywhere)."""
    if window is None:
        text = dataset.describe(selection)
    else:
        rest = Selection(selection.dataset, tuple(p for p in selection.labels if p[0] != PERIOD))
        text = (
            dataset.describe(rest) + ", " if rest.labels else ""
        ) + f"follow-up in {year_span(follow_up_years(window))}"
    return text[:1].upper() + text[1:]


def groups_chart(
    estimates: GroupEstimates,
    *,
    shown: Sequence[str] | None = None,
    band: bool = True,
    risk_table: bool = True,
    presentation: bool = False,
    title: str | None = None,
    censored: bool | None = None,
    width: float | None = None,
) -> Chart:
    """The curves of estimated groups: one group with its band, several compared on one axes.

    Parameters
    ----------
    estimates : GroupEstimates
        From :func:`survival.estimate.groups.estimate_groups`.
    shown : sequence of str, optional
        The labels of the groups to draw (default: every group with an estimate).
    band, risk_table, presentation : bool
        Confidence bands, the risk table under the axes, a 16:9 slide.
    title : str, optional
        Default: the measure and method, e.g. "Observed survival (Kaplan-Meier)".
    censored : bool, optional
        Upright ticks at censoring times (default: for Kaplan-Meier curves).
    width : float, optional
        Figure width in inches for a narrow screen.

    Raises
    ------
    SurvivalDataError
        When none of the groups shown has an estimate.
    """
    labels = (
        list(shown)
        if shown is not None
        else [label for label, ok in zip(estimates.labels, estimates.estimable) if ok]
    )
    curves = [estimates.curve(label) for label in labels]
    curves = [c for c in curves if len(c.time) > 1]
    if not curves:
        raise SurvivalDataError(
            "None of the groups chosen has an estimate to draw", estimates.source, "choose other groups"
        )
    if title is None:
        title = f"{estimates.measure.capitalize()} survival ({METHOD_NAMES[estimates.method]})"
    ticks = estimates.method == "kaplan-meier" if censored is None else censored
    # Matplotlib reads text between dollar signs as mathematics: draw labels as written.
    drawn = [replace(c, label=c.label.replace("$", r"\$")) for c in curves]
    if len(curves) == 1:
        ax = plot_survival(
            drawn,
            title=title,
            width=width,
            band=band,
            risk_table=risk_table,
            presentation=presentation,
            censored=ticks,
        )
        alt = survival_alt_text(curves, **_alt_options(ax, band, ticks))
        return Chart(ax, alt, survival_table(curves))
    ax = plot_comparison(
        drawn,
        title=title,
        width=width,
        band=band,
        risk_table=risk_table,
        presentation=presentation,
        censored=ticks,
    )
    return Chart(ax, comparison_alt_text(curves, **_alt_options(ax, band, ticks)), comparison_table(curves))


def _alt_options(ax, band: bool, censored: bool) -> dict:
    """What the text alternative must say about a drawn chart: its labels, band, ticks and table."""
    return {
        "band": band,
        "risk_table": has_risk_table(ax),
        "risk_rows": not is_slide(ax),
        "xlabel": ax.get_xlabel(),
        "ylabel": ax.get_ylabel(),
        "censored": censored,
    }


def curve_chart(
    dataset: Dataset,
    selection: Selection,
    *,
    measure: str = "both",
    band: bool = True,
    presentation: bool = False,
    lived: int = 0,
    window: Window | None = None,
    width: float | None = None,
) -> Chart:
    """Survival curve(s) of one selection with their band and risk table.

    With ``lived``, conditional survival of those alive ``lived`` years after
    diagnosis, drawn on the same axis of years since diagnosis, from ``lived``.

    Parameters
    ----------
    dataset : Dataset
        The loaded dataset.
    selection : Selection
        One group of it.
    measure : {"both", "observed", "relative"}
        The curve(s) drawn ("both" shows observed alone when the dataset has
        no expected survival).
    band : bool
        Draw the 95% confidence band.
    presentation : bool
        A 16:9 slide: large type and thick lines.
    lived : int
        Years already lived since diagnosis (0: everyone diagnosed).
    window : tuple of int, optional
        A period window: the period estimate's curves (see :mod:`survival.estimate.recent`).
    width : float, optional
        Figure width in inches for a narrow screen.

    Returns
    -------
    Chart

    Raises
    ------
    SurvivalDataError
        When the period has no survival figures yet.
    """
    curves = selection_curves(dataset, selection, measure=measure, lived=lived, window=window)
    title = describe(dataset, selection, window) + (f", alive {lived} years after diagnosis" if lived else "")
    ax = plot_survival(curves, band=band, presentation=presentation, title=title, width=width)
    alt = survival_alt_text(curves, **_alt_options(ax, band, False))
    return Chart(ax, alt, survival_table(curves))


def selection_curves(
    dataset: Dataset,
    selection: Selection,
    *,
    measure: str = "both",
    lived: int = 0,
    window: Window | None = None,
) -> list:
    """The curves :func:`curve_chart` draws: observed and/or relative, on years since diagnosis."""
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES} (got {measure!r}).")
    table = figures_table(dataset, selection, window)
    wanted = ["observed", "relative"] if measure == "both" else [measure]
    if measure == "both" and not table.has_expected:
        wanted = ["observed"]
    names = {"observed": "Observed survival", "relative": "Relative survival"}
    curves = [estimate_groups(table, measure=m, labels=[names[m]], lived=lived).curves[0] for m in wanted]
    _check_estimable(dataset, curves, [selection])
    if lived:  # times since diagnosis, from the years already lived
        curves = [replace(c, time=c.time + lived, start=float(lived)) for c in curves]
    return curves


def compare_chart(
    dataset: Dataset,
    selections: Sequence[Selection],
    *,
    measure: str = "observed",
    method: str = "actuarial",
    band: bool = False,
    risk_table: bool = True,
    presentation: bool = False,
    title: str | None = None,
    width: float | None = None,
    conf_type: str = "log-log",
) -> Chart:
    """Several selections on one axes (one measure), labelled by what differs between them.

    ``conf_type`` is the band's transform for observed survival (log-log, log, plain,
    arcsine), named in the text alternative and the data table's interval columns;
    relative survival keeps SEER*Stat's log-log.
    """
    if measure == "both":
        raise ValueError("A comparison shows one measure: observed or relative.")
    estimates = comparison_estimates(dataset, selections, measure=measure, method=method, conf_type=conf_type)
    if title is None:
        title = f"{measure.capitalize()} survival: {_common(dataset, selections)}"
    chart = groups_chart(
        estimates,
        shown=estimates.labels,
        band=band,
        risk_table=risk_table,
        presentation=presentation,
        title=title,
        width=width,
    )
    shown, level = estimates.curves[0].conf_type, estimates.curves[0].conf_level
    alt = f"{chart.alt_text} Intervals are {interval_name(shown, level)}."
    return Chart(chart.ax, alt, interval_columns(chart.table, shown, level))


def comparison_estimates(
    dataset: Dataset,
    selections: Sequence[Selection],
    *,
    measure: str = "observed",
    method: str = "actuarial",
    conf_type: str = "log-log",
) -> GroupEstimates:
    """The selections' estimates (labelled by what differs), bands under ``conf_type``.

    Raises
    ------
    SurvivalDataError
        When a selection's period has no survival figures yet.
    """
    check_conf_type(conf_type)
    estimates = estimate_groups(
        dataset.lifetables,
        method=method,
        measure=measure,
        groups=[s.group for s in selections],
        labels=difference_labels(dataset, selections),
    )
    _check_estimable(dataset, estimates.curves, selections)
    return replace(estimates, curves=tuple(c.with_conf_type(conf_type) for c in estimates.curves))


def interval_columns(table: pd.DataFrame, conf_type: str, conf_level: float = 0.95) -> pd.DataFrame:
    """A chart's data table with its interval columns named: ``"A ci_low"`` -> ``"A ci_low (95% log)"``."""
    name = interval_name(conf_type, conf_level)
    return table.rename(
        columns={c: f"{c} ({name})" for c in table.columns if c.endswith((" ci_low", " ci_high"))}
    )


def icons_chart(
    dataset: Dataset,
    selection: Selection,
    *,
    years: int = 5,
    presentation: bool = False,
    lived: int = 0,
    window: Window | None = None,
    width: float | None = None,
) -> Chart:
    """100 people ``years`` after diagnosis: alive, died of the cancer, died of other causes.

    With ``lived``, the 100 are people alive ``lived`` years after diagnosis, still
    seen at ``years`` after diagnosis (10 when ``years`` is not past ``lived``).
    """
    from survival.plot.icons import icons_alt_text, icons_table, plot_icons

    pairs, title = icon_counts(dataset, selection, years=years, lived=lived, window=window)
    ax = plot_icons(pairs, presentation=presentation, title=title, width=width)
    return Chart(ax, icons_alt_text(pairs, title=title.replace("\n", ". ")), icons_table(pairs))


def icon_counts(
    dataset: Dataset, selection: Selection, *, years: int = 5, lived: int = 0, window: Window | None = None
) -> tuple[list[tuple[str, int]], str]:
    """The outcomes of 100 people that :func:`icons_chart` draws, and its title."""
    table = figures_table(dataset, selection, window)
    who = describe(dataset, selection, window)
    if not table.has_expected:
        raise SurvivalDataError(
            "Without expected survival, deaths cannot be split by cause",
            who,
            "give expected survival to see this chart",
        )
    if years <= lived:
        years = conditional_target(lived) or lived + 5
    crude = crude_probabilities(actuarial(conditional_lifetable(table, lived) if lived else table))
    counts = crude.out_of_100(years - lived)
    if counts is None:
        raise SurvivalDataError(
            f"There is no {years}-year figure for {who.lower()}",
            who,
            "choose an earlier period of diagnosis, or fewer years",
        )
    outcomes = ("alive", f"died of {dataset.description.cancer}", "died of other causes")
    pairs = list(zip(outcomes, counts))
    people = f"100 people alive {lived} years after diagnosis" if lived else "100 people"
    return pairs, f"{people}: {years} years after diagnosis\n{who}"


def trend_chart(
    dataset: Dataset,
    selection: Selection,
    *,
    years: int = 5,
    measure: str = "relative",
    figure: float | None = None,
    presentation: bool = False,
    trend: TrendSummary | None = None,
    width: float | None = None,
) -> Chart:
    """Survival ``years`` after diagnosis by year of diagnosis, a reader's figure located.

    With ``trend`` (a joinpoint model's summary for the same group, relative
    survival at ``years``), its fitted and projected line is drawn over the yearly figures.
    """
    from survival.plot.trend import plot_trend, trend_alt_text, trend_table

    if measure == "both":
        raise ValueError("A trend shows one measure: observed or relative.")
    table = single_year_trend(dataset, selection, years)
    if table.empty or table[measure].isna().all():
        raise SurvivalDataError(
            f"There is no {years}-year {measure} survival by year of diagnosis here",
            describe(dataset, selection),
            "choose fewer years or another measure",
        )
    fitted = trend.curve if trend is not None and measure == "relative" and trend.horizon == years else None
    who = dataset.describe(Selection(selection.dataset, tuple(p for p in selection.labels if p[0] != PERIOD)))
    title = f"{who[:1].upper() + who[1:]}: {years}-year {measure} survival"
    ax = plot_trend(
        table,
        value=measure,
        highlight=figure,
        years_label=years,
        presentation=presentation,
        title=title,
        fitted=fitted,
        width=width,
    )
    return Chart(
        ax,
        trend_alt_text(table, value=measure, highlight=figure, years_label=years, fitted=fitted),
        trend_table(table, measure),
    )


def _check_estimable(dataset: Dataset, curves, selections: Sequence[Selection]) -> None:
    """Refuse curves with nothing estimated; ``selections`` one per curve, or one for all."""
    for i, curve in enumerate(curves):
        selection = selections[i if len(selections) > 1 else 0]
        if len(curve.time) < 2:
            raise SurvivalDataError(
                f"There are no survival figures yet for people diagnosed in {selection.period}",
                describe(dataset, selection),
                "choose an earlier period of diagnosis",
            )


def _varying(selections: Sequence[Selection]) -> list[str]:
    names = [name for name, _ in selections[0].labels]
    return [n for n in names if len({s.get(n) for s in selections}) > 1]


def difference_labels(dataset: Dataset, selections: Sequence[Selection]) -> list[str]:
    """A label per selection: the values of what differs between them (or each whole description)."""
    fields = _varying(selections)
    if not fields:
        return [describe(dataset, s) for s in selections]
    return [", ".join(s[f] for f in fields) for s in selections]


def _common(dataset: Dataset, selections: Sequence[Selection]) -> str:
    varying = _varying(selections)
    fixed = Selection(selections[0].dataset, tuple(p for p in selections[0].labels if p[0] not in varying))
    parts = [dataset.describe(fixed)] if fixed.labels else []
    nouns = {PERIOD: "period"} | {v.name: v.what for v in dataset.variables}
    if varying:
        parts.append(f"by {', '.join(nouns[n] for n in varying)}")
    return ", ".join(parts)
