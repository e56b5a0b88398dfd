"""Survival curves with a KMunicate-style risk table, and comparisons of groups.

Curves are drawn as proportions (0 to 1) on a y axis labelled 0% to 100%,
so ``line.get_xydata()`` is the curve's ``time`` and ``survival``.
Kaplan-Meier curves are step functions (``drawstyle="steps-post"``);
actuarial curves are straight lines through the interval ends. Under the
axes, a table in the style of KMunicate (Morris et al. 2019, BMJ Open
9:e030215) gives, for each curve, the number at risk and the cumulative
events and censored at the x ticks (see :mod:`survival.plot.risk_table`). Curves that
share the same people (observed and relative survival of one group) share
one block of the table.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FormatStrFormatter
from numpy.typing import ArrayLike

from survival.estimate.results import SurvivalCurve
from survival.plot import style as cs
from survival.plot.curve_text import (
    MEASURES,
    METHODS,
    comparison_alt_text,
    comparison_table,
    curve_labels,
    default_ylabel,
    survival_alt_text,
    survival_table,
)
from survival.plot.risk_drawing import (
    Block,
    axis_depth,
    draw_risk_table,
    fitting_columns,
    label_gap,
    risk_blocks,
    table_height,
)
from survival.plot.risk_table import default_risk_times

__all__ = [
    "MEASURES",
    "METHODS",
    "X_LABEL",
    "chart_risk_times",
    "comparison_alt_text",
    "comparison_table",
    "curve_labels",
    "has_risk_table",
    "plot_comparison",
    "plot_survival",
    "survival_alt_text",
    "survival_table",
]

X_LABEL = "Years since diagnosis"
#: One survival curve or several.
Curves = SurvivalCurve | Sequence[SurvivalCurve]
_MIN_AXES_HEIGHT = 3.6
_MIN_SLIDE_AXES = 2.6  # inches of axes a slide keeps; a risk table that does not fit is left out


def _as_list(curves: Curves) -> list[SurvivalCurve]:
    curves = [curves] if isinstance(curves, SurvivalCurve) else list(curves)
    if not curves:
        raise ValueError("Give at least one survival curve to plot.")
    return curves


def chart_risk_times(curves: Curves, max_columns: int = 11) -> np.ndarray:
    """Default risk-table times (and x ticks) covering every curve.

    A conditional curve's start (years already lived) is a tick too, when it is
    not too close to the next one, so the axis says where the curve begins.
    """
    curves = _as_list(curves)
    start = min(c.start for c in curves)
    last = max(c.last_time for c in curves)
    times = default_risk_times(last, max_columns, start=start)
    if len(times) and times[0] > start:
        if len(times) + 1 > max_columns:
            times = default_risk_times(last, max(2, max_columns - 1), start=start)
        step = times[1] - times[0] if len(times) > 1 else 1.0
        if times[0] - start >= 0.5 * step:
            times = np.r_[start, times]
    return times


def _color(i: int) -> str:
    return cs.LINE_COLORS[i % len(cs.LINE_COLORS)]


def _dashes(i: int):
    return cs.LINE_STYLES[i % len(cs.LINE_STYLES)]


def _censor_ticks(ax: Axes, curve: SurvivalCurve, i: int, style: cs.ChartStyle) -> None:
    """An upright tick on a Kaplan-Meier curve at each time someone was censored."""
    has = curve.n_censored > 0
    if not has.any():
        return
    ax.plot(
        curve.time[has],
        curve.survival[has],
        linestyle="none",
        marker="|",
        markersize=1.6 * style.marker,
        markeredgewidth=0.8 * style.line,
        color=_color(i),
        clip_on=False,
        zorder=4,
        gid=f"censored:{i}",
    )


def _draw_curve(
    ax: Axes,
    curve: SurvivalCurve,
    i: int,
    label: str,
    style: cs.ChartStyle,
    band: bool,
    censored: bool = False,
):
    """One curve (steps for Kaplan-Meier, straight lines for actuarial), its band and censoring ticks."""
    steps = curve.method == "kaplan-meier"
    (line,) = ax.plot(
        curve.time,
        curve.survival,
        color=_color(i),
        linestyle=_dashes(i),
        linewidth=style.line,
        drawstyle="steps-post" if steps else "default",
        label=label,
        clip_on=False,
        zorder=3,
        gid=f"curve:{i}",
    )
    if censored and steps:
        _censor_ticks(ax, curve, i, style)
    if band and curve.measure != "expected":
        ax.fill_between(
            curve.time,
            curve.ci_low,
            curve.ci_high,
            step="post" if steps else None,
            zorder=2,
            gid=f"band:{i}",
            **cs.band_style(_color(i)),
        )
    return line


def _left_margin(style: cs.ChartStyle, blocks: list[Block]) -> float:
    left = 1.1 * style.font / 14
    if blocks:
        left = max(left, (label_gap(blocks, style) + cs.text_width("Censored", style.font) + 8) / 72)
    return left


def _new_layout(
    style: cs.ChartStyle, blocks: list[Block], legend: list[str], *, right: float, title: str | None
) -> tuple[Axes, bool]:
    """A new figure tall enough for the axes, legend, title and risk table; whether the table fits.

    A slide keeps its 16:9 frame: a risk table that would leave the axes less
    than a few inches tall is left out (the caller says so in the text).
    """
    left = _left_margin(style, blocks)
    rows = -(-len(legend) // cs.legend_columns(legend, style, (style.width - left - right) * 72))
    top = cs.legend_height(rows, style) + 10 + cs.title_height(title, style)
    under = axis_depth(style) + (0.7 * style.font + table_height(blocks, style) if blocks else 0) + 10
    fits = True
    if style.slide and blocks and style.height - (under + top) / 72 < _MIN_SLIDE_AXES:
        fits, left = False, _left_margin(style, [])
        under = axis_depth(style) + 10
    height = cs.fit_height(style, (under + top) / 72 + _MIN_AXES_HEIGHT)
    ax = cs.new_axes(style, height=height)
    cs.set_margins(ax, left=left, right=right, top=top / 72, bottom=under / 72)
    return ax, fits


def _plot(
    curves,
    ax,
    style: cs.ChartStyle,
    *,
    band: bool,
    risk_times,
    show_table: bool,
    ylabel: str | None,
    title: str | None,
    direct: bool,
    xlabel: str = X_LABEL,
    censored: bool = False,
) -> Axes:
    curves = _as_list(curves)
    labels = curve_labels(curves)
    wrap = (style.width - 0.4) * 72 if style.narrow else None
    blocks = risk_blocks(curves, labels, wrap) if show_table else []
    band = band and any(c.measure != "expected" and len(c.time) > 1 for c in curves)
    seen = [label for c, label in zip(curves, labels) if len(c.time) > 1]  # nothing to see: no entry
    legend = ([] if direct else seen) + ([cs.band_label(curves[0].conf_level)] if band else [])
    if ax is None:
        right = _direct_margin(labels, style) if direct else 0.4
        title = cs.fit_title(title, style, style.width - _left_margin(style, blocks) - 0.2)
        ax, fits = _new_layout(style, blocks, legend, right=right, title=title)
        blocks = blocks if fits else []
    times = (
        chart_risk_times(curves, min(11, fitting_columns(ax, blocks, style)))
        if risk_times is None
        else np.sort(np.asarray(risk_times, dtype=float))
    )
    cs.style_axes(ax, style)
    lines = [_draw_curve(ax, c, i, labels[i], style, band, censored) for i, c in enumerate(curves)]
    ax.set_xlim(min(c.start for c in curves), max(max(c.last_time for c in curves), times.max()))
    ax.xaxis.set_major_locator(FixedLocator(np.asarray(times, dtype=float).tolist()))
    ax.xaxis.set_major_formatter(FormatStrFormatter("%g"))
    cs.set_xlabel(ax, style, xlabel)
    cs.percent_yaxis(ax, style, ylabel or _default_ylabel(curves))
    if direct:
        _direct_labels(ax, curves, lines, labels, style)
    shown = [line for c, line in zip(curves, lines) if len(c.time) > 1]
    handles = ([] if direct else shown) + (
        [Patch(label=legend[-1], **cs.band_style(cs.MUTED_COLOR))] if band else []
    )
    rows = cs.top_legend(ax, style, handles) if handles else 0
    cs.set_title(ax, style, title, pad=cs.legend_height(rows, style) + 10)
    if blocks:
        draw_risk_table(ax, blocks, times, style)
    return ax


def has_risk_table(ax: Axes) -> bool:
    """Whether a risk table was drawn under ``ax`` (a slide leaves out one that does not fit)."""
    return any(str(t.get_gid()).startswith("risk-table") for t in ax.texts)


def _default_ylabel(curves: list[SurvivalCurve]) -> str:
    return default_ylabel(curves)


def plot_survival(
    curves: Curves,
    *,
    ax: Axes | None = None,
    band: bool = True,
    risk_times: ArrayLike | None = None,
    risk_table: bool = True,
    presentation: bool = False,
    ylabel: str | None = None,
    title: str | None = None,
    xlabel: str = X_LABEL,
    censored: bool = False,
    width: float | None = None,
) -> Axes:
    """Survival curve(s) with confidence bands and a risk table under the axes.

    Parameters
    ----------
    curves : SurvivalCurve or sequence of SurvivalCurve
        Observed and/or relative survival, or several groups.
    ax : Axes, optional
        Where to draw; by default a new Figure (about 10 x 6.25 inches, taller
        when the risk table needs room).
    band : bool
        Shade each curve's confidence interval.
    risk_times : array_like, optional
        Times of the x ticks and risk-table columns (default: whole years,
        at most 11 columns, 8 with ``presentation``).
    risk_table : bool
        Draw the at-risk / events / censored table under the axes.
    presentation : bool
        A slide: 16:9, larger type (18 pt), thicker lines, the risk table's "At
        risk" row only (left out if it does not fit), saved exactly 16:9.
    ylabel, title : str, optional
        The y-axis label (default from the curves' measure) and a title.
    xlabel : str
        The x-axis label (a conditional curve's times are still years since diagnosis).
    censored : bool
        Mark each censoring time of Kaplan-Meier curves with an upright tick.
    width : float, optional
        Figure width in inches for a narrow screen (type keeps its size).

    Returns
    -------
    Axes
        The axes drawn on; survival is plotted as proportions.
    """
    return _plot(
        curves,
        ax,
        cs.style_for(presentation, width),
        band=band,
        risk_times=risk_times,
        show_table=risk_table,
        ylabel=ylabel,
        title=title,
        direct=False,
        xlabel=xlabel,
        censored=censored,
    )


def plot_comparison(
    curves: Curves,
    *,
    ax: Axes | None = None,
    band: bool = False,
    presentation: bool = False,
    risk_table: bool = True,
    risk_times: ArrayLike | None = None,
    ylabel: str | None = None,
    title: str | None = None,
    xlabel: str = X_LABEL,
    censored: bool = False,
    width: float | None = None,
) -> Axes:
    """Several groups on one axes, told apart by line style and labels at the lines' ends.

    Each line has its own dash pattern and colour, and its label is written
    at its right end (nudged apart so labels never overlap), so the chart
    reads without colour and without a legend; each label starts with a short
    sample of its line (no leader line, which could be mistaken for the curve).
    Parameters as in
    :func:`plot_survival`; at most 7 groups (one per line style).
    """
    if len(_as_list(curves)) > len(cs.LINE_STYLES):
        raise ValueError(
            f"A comparison shows at most {len(cs.LINE_STYLES)} groups, one per line "
            f"style (got {len(_as_list(curves))}); split them over several charts."
        )
    return _plot(
        curves,
        ax,
        cs.style_for(presentation, width),
        band=band,
        risk_times=risk_times,
        show_table=risk_table,
        ylabel=ylabel,
        title=title,
        direct=True,
        xlabel=xlabel,
        censored=censored,
    )


_SAMPLE = 1.8  # a direct label's line sample, in units of the type size


def _direct_margin(labels: list[str], style: cs.ChartStyle) -> float:
    """Inches right of the axes for the direct labels and their line samples."""
    return (max(cs.text_width(s, style.font) for s in labels) + (_SAMPLE + 0.6) * style.font + 14) / 72


def _direct_labels(ax: Axes, curves, lines, labels: list[str], style: cs.ChartStyle) -> None:
    """Each curve's label right of the axes, level with its line's end, after a sample of the line.

    Labels are nudged apart so they never overlap; no leader line joins a label
    to its curve (one rising from a curve that ended at 0 looked like the curve
    going up again), so the sample's colour and dashes say which line it is.
    """
    ends = [_last_point(c) for c in curves]
    fig = cs.figure_of(ax)
    height_pt = ax.get_position().height * fig.get_figheight() * 72
    width_pt = ax.get_position().width * fig.get_figwidth() * 72
    gap = style.row() / height_pt
    ys = cs.spread_positions([y for _, y in ends], gap, 0.5 * gap, 1 - 0.5 * gap)
    start = 1 + 6 / width_pt
    sample = _SAMPLE * style.font / width_pt
    for i, (y_text, line, label) in enumerate(zip(ys, lines, labels)):
        color = line.get_color()
        ax.add_line(
            Line2D(
                [start, start + sample],
                [y_text, y_text],
                transform=ax.get_yaxis_transform(),
                color=color,
                linestyle=_dashes(i),
                linewidth=style.line,
                clip_on=False,
                gid=f"direct-sample:{i}",
            )
        )
        ax.text(
            start + sample + 0.5 * style.font / width_pt,
            y_text,
            label,
            transform=ax.get_yaxis_transform(),
            fontsize=style.font,
            color=cs.readable_on(color),
            va="center",
            ha="left",
            clip_on=False,
            gid="direct-label",
        )


def _last_point(curve: SurvivalCurve) -> tuple[float, float]:
    ok = np.flatnonzero(np.isfinite(curve.survival))
    return float(curve.time[ok[-1]]), float(curve.survival[ok[-1]])
