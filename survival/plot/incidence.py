"""Cumulative incidence with competing risks: each cause's share of people dead by each time.

:func:`plot_incidence` draws Aalen-Johansen cumulative incidence curves
(:class:`~survival.estimate.competing_risks.CumulativeIncidence`) as rising
steps with their confidence bands, and, optionally, the naive
``1 - Kaplan-Meier`` for one cause (other deaths censored) from a
:class:`~survival.estimate.competing_risks.NaiveRiskComparison`, dotted and
without a band, to show how much it overstates the risk. Every line has its
own Okabe-Ito colour and dash pattern, so the chart reads in grey. It draws
on the Axes given or on a new Figure (never pyplot) and returns the Axes;
:func:`incidence_alt_text` and :func:`incidence_table` give its text
alternative and the numbers drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from survival.estimate.competing_risks import CumulativeIncidence, NaiveRiskComparison
from survival.plot import style as cs
from survival.plot.lines import draw_line, legend_axes, look, look_words

X_LABEL = "Years since diagnosis"
Y_LABEL = "People who had died"
NAIVE_LABEL = "1 \u2212 Kaplan-Meier, other deaths censored"
MILESTONES = (1.0, 5.0, 10.0)
INTERVAL_NAMES = {"log-log": "log-log", "log": "log", "plain": "plain", "arcsine": "arcsine"}


def _list(incidences: CumulativeIncidence | Sequence[CumulativeIncidence]) -> list[CumulativeIncidence]:
    found = [incidences] if isinstance(incidences, CumulativeIncidence) else list(incidences)
    if not found:
        raise ValueError("Give at least one cumulative incidence to plot.")
    if len(found) + 1 > len(cs.LINE_STYLES):
        raise ValueError(f"At most {len(cs.LINE_STYLES) - 1} causes fit on one chart (got {len(found)}).")
    return found


def _name(result: CumulativeIncidence) -> str:
    return result.label or f"Cause {result.cause}"


def interval_words(result: CumulativeIncidence) -> str:
    """The band's level and transform, e.g. ``"95% intervals (log-log)"``."""
    return f"{result.conf_level:.0%} intervals ({INTERVAL_NAMES[result.conf_type]})"


def band_label(result: CumulativeIncidence) -> str:
    """The band's legend entry, naming its transform: ``"95% confidence interval (log-log)"``."""
    return f"{cs.band_label(result.conf_level)} ({INTERVAL_NAMES[result.conf_type]})"


def plot_incidence(
    incidences: CumulativeIncidence | Sequence[CumulativeIncidence],
    *,
    naive: NaiveRiskComparison | None = None,
    ax: Axes | None = None,
    band: bool = True,
    presentation: bool = False,
    title: str | None = None,
    xlabel: str = X_LABEL,
) -> Axes:
    """Cumulative incidence of one or more causes, optionally beside the naive 1 - Kaplan-Meier.

    Parameters
    ----------
    incidences : CumulativeIncidence or sequence of CumulativeIncidence
        From :func:`survival.estimate.competing_risks.aalen_johansen` (labels name the causes).
    naive : NaiveRiskComparison, optional
        Draws its ``naive`` (1 - Kaplan-Meier with other deaths censored) as a dotted step.
    ax : Axes, optional
        Where to draw; by default a new Figure (never pyplot's).
    band : bool
        Shade each incidence's confidence interval.
    presentation : bool
        Larger type and thicker lines, for slides.
    title, xlabel : str
        The title (none by default) and the x-axis label.

    Returns
    -------
    Axes
        The axes drawn on; values are proportions on a 0% to 100% axis.
    """
    found = _list(incidences)
    style = cs.style_for(presentation)
    labels = [_name(r) for r in found] + ([NAIVE_LABEL] if naive is not None else [])
    legend = labels + ([band_label(found[0])] if band else [])
    ax = legend_axes(ax, style, legend, title, left=1.1)
    cs.style_axes(ax, style)
    handles: list = []
    for i, result in enumerate(found):
        limits = (result.ci_low, result.ci_high) if band else None
        handles.append(
            draw_line(
                ax,
                style,
                i,
                result.time,
                result.incidence,
                limits,
                label=labels[i],
                gid=f"incidence:{i}",
                steps=True,
            )
        )
    if naive is not None:
        color, dashes = look(len(found))
        (line,) = ax.plot(
            naive.time,
            naive.naive,
            drawstyle="steps-post",
            color=color,
            linestyle=dashes,
            linewidth=style.line,
            label=NAIVE_LABEL,
            zorder=4,
            gid="naive",
        )
        handles.append(line)
    if band:
        handles.append(Patch(facecolor=cs.MUTED_COLOR, alpha=cs.BAND_ALPHA, label=legend[-1]))
    end = max([float(r.time[-1]) for r in found] + ([float(naive.time[-1])] if naive is not None else []))
    ax.set_xlim(0, end)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    cs.set_xlabel(ax, style, xlabel)
    cs.percent_yaxis(ax, style, Y_LABEL)
    rows = cs.top_legend(ax, style, handles)
    cs.set_title(ax, style, title, pad=cs.legend_height(rows, style) + 10)
    return ax


def _pct(value: float) -> str:
    return "not available" if not np.isfinite(value) else f"{100 * value:.1f}%"


def _at(values: np.ndarray, time: np.ndarray, t: float) -> float:
    return float(values[np.searchsorted(time, t, side="right") - 1])


def incidence_alt_text(
    incidences: CumulativeIncidence | Sequence[CumulativeIncidence],
    *,
    naive: NaiveRiskComparison | None = None,
    band: bool = True,
    xlabel: str = X_LABEL,
) -> str:
    """A short description of :func:`plot_incidence`'s chart, made from the values drawn."""
    found = _list(incidences)
    names = [_name(r) for r in found] + ([NAIVE_LABEL] if naive is not None else [])
    lines = "; ".join(f"{name}: {look_words(i)}" for i, name in enumerate(names))
    end = max(float(r.time[-1]) for r in found)
    said = [
        f"Line chart. Each line shows the share of people who had died, by cause. {lines}.",
        f"The x axis shows {xlabel.lower()}, from 0 to {end:.0f}. The y axis goes from 0% to 100%.",
    ]
    if band:
        said.append(f"Shaded bands show {interval_words(found[0])}.")
    for t in [m for m in MILESTONES if m <= end]:
        parts = [f"{_name(r).lower()} {_pct(_at(r.incidence, r.time, t))}" for r in found]
        if naive is not None:
            parts.append(f"1 \u2212 Kaplan-Meier {_pct(_at(naive.naive, naive.time, t))}")
        said.append(f"At {t:g} year{'s' * (t != 1)}: " + ", ".join(parts) + ".")
    return " ".join(said)


def incidence_table(
    incidences: CumulativeIncidence | Sequence[CumulativeIncidence],
    *,
    naive: NaiveRiskComparison | None = None,
) -> pd.DataFrame:
    """The numbers drawn: ``time``, then per cause its incidence and interval, then 1 - Kaplan-Meier.

    Columns are ``"<label> incidence"``, ``"<label> ci_low"``, ``"<label> ci_high"`` (the
    interval's level and transform are in the chart's legend and text), then
    ``"1 - Kaplan-Meier"`` and ``"All-cause survival"`` with ``naive``.
    """
    found = _list(incidences)
    frame = pd.DataFrame({"time": found[0].time})
    for r in found:
        part = pd.DataFrame(
            {
                "time": r.time,
                f"{_name(r)} incidence": r.incidence,
                f"{_name(r)} ci_low": r.ci_low,
                f"{_name(r)} ci_high": r.ci_high,
            }
        )
        frame = frame.merge(part, on="time", how="outer")
    if naive is not None:
        extra = pd.DataFrame(
            {"time": naive.time, "1 - Kaplan-Meier": naive.naive, "All-cause survival": naive.survival}
        )
        frame = frame.merge(extra, on="time", how="outer")
    return frame.sort_values("time").reset_index(drop=True)
