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
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FormatStrFormatter
from matplotlib.transforms import offset_copy
from numpy.typing import ArrayLike

from survival.estimate.results import SurvivalCurve
from survival.plot import style as cs
from survival.plot.risk_table import ROW_NAMES, default_risk_times, risk_table

X_LABEL = "Years since diagnosis"
#: One survival curve or several.
Curves = SurvivalCurve | Sequence[SurvivalCurve]
MEASURES = {"observed": "observed survival", "relative": "relative survival", "expected": "expected survival"}
METHODS = {"actuarial": "the actuarial life-table method", "kaplan-meier": "the Kaplan-Meier method"}
MILESTONES = (1.0, 5.0, 10.0)
_MIN_AXES_HEIGHT = 3.6


@dataclass(frozen=True)
class _Block:
    """One block of the risk table: a curve's counts, headed by its label(s)."""

    curve: SurvivalCurve
    heading: str
    color: str


def _as_list(curves: Curves) -> list[SurvivalCurve]:
    curves = [curves] if isinstance(curves, SurvivalCurve) else list(curves)
    if not curves:
        raise ValueError("Give at least one survival curve to plot.")
    return curves


def curve_labels(curves: Curves) -> list[str]:
    """Display names: each curve's label (or its measure), made unique."""
    names: list[str] = []
    for curve in _as_list(curves):
        base = curve.label or MEASURES[curve.measure].capitalize()
        name, k = base, 2
        while name in names:
            name, k = f"{base} ({k})", k + 1
        names.append(name)
    return names


def chart_risk_times(curves: Curves, max_columns: int = 11) -> np.ndarray:
    """Default risk-table times (and x ticks) covering every curve."""
    curves = _as_list(curves)
    return default_risk_times(
        max(c.last_time for c in curves), max_columns, start=min(c.start for c in curves)
    )


def _same_people(a: SurvivalCurve, b: SurvivalCurve) -> bool:
    return all(
        np.array_equal(getattr(a, k), getattr(b, k), equal_nan=True)
        for k in ("time", "n_at_risk", "n_events", "n_censored")
    )


def _risk_blocks(curves: list[SurvivalCurve], labels: list[str]) -> list[_Block]:
    """One block per distinct set of counts; curves with the same people share it."""
    groups: list[list[int]] = []
    for i, curve in enumerate(curves):
        match = next((g for g in groups if _same_people(curves[g[0]], curve)), None)
        if match is None:
            groups.append([i])
        else:
            match.append(i)
    blocks = []
    for g in groups:
        if len(g) == 1:
            blocks.append(_Block(curves[g[0]], labels[g[0]], cs.readable_on(_color(g[0]))))
        else:
            heading = " and ".join(labels[i] for i in g) + " (the same people)"
            blocks.append(_Block(curves[g[0]], heading, cs.TEXT_COLOR))
    return blocks


def _color(i: int) -> str:
    return cs.LINE_COLORS[i % len(cs.LINE_COLORS)]


def _dashes(i: int):
    return cs.LINE_STYLES[i % len(cs.LINE_STYLES)]


def _widest(blocks: list[_Block], style: cs.ChartStyle) -> float:
    """Width in points of the widest number in the risk table (everyone, at the start)."""
    totals = [np.nanmax(b.curve.n_at_risk, initial=0) for b in blocks]
    return max((cs.text_width(f"{t:,.0f}", style.font) for t in totals), default=0.0)


def _fmt(value) -> str:
    return f"{value:,}" if isinstance(value, (int, np.integer)) else f"{value:,.1f}"


def _axis_depth(style: cs.ChartStyle) -> float:
    """Points from the axes' bottom to below the x-axis label."""
    return 15 + 2.6 * style.font


def _table_height(n_blocks: int, style: cs.ChartStyle) -> float:
    return n_blocks * 4 * style.row() + max(n_blocks - 1, 0) * 0.5 * style.font


def _label_gap(blocks: list[_Block], style: cs.ChartStyle) -> float:
    """Points left of the axes where row labels end: clear of the widest number in a column."""
    return _widest(blocks, style) / 2 + 0.6 * style.font


def _fitting_columns(ax: Axes, blocks: list[_Block], style: cs.ChartStyle) -> int:
    """How many risk-table columns fit across ``ax`` without their numbers touching."""
    fig = ax.get_figure(root=True)
    width = ax.get_position().width * fig.get_figwidth() * 72
    return max(2, int(width // (_widest(blocks, style) + 0.8 * style.font)) + 1)


def _text(ax: Axes, transform, x: float, y: float, text: str, style: cs.ChartStyle, **kw):
    trans = offset_copy(transform, fig=ax.get_figure(root=True), y=y, units="points")
    return ax.text(
        x,
        0,
        text,
        transform=trans,
        fontsize=style.font,
        va="center",
        clip_on=False,
        **{"color": cs.TEXT_COLOR, **kw},
    )


def _draw_risk_table(ax: Axes, blocks: list[_Block], times: np.ndarray, style: cs.ChartStyle) -> None:
    """Draw the table under the axes; cells after a curve's last time stay empty."""
    gap = _label_gap(blocks, style)
    fig = ax.get_figure(root=True)
    left = offset_copy(ax.transAxes, fig=fig, x=-gap, units="points")
    indent = gap + cs.text_width("Censored", style.font)
    header = offset_copy(ax.transAxes, fig=fig, x=-indent, units="points")
    y = -(_axis_depth(style) + 0.7 * style.font)
    for b, block in enumerate(blocks):
        table = risk_table(block.curve, times)
        shown = table[table["time"] <= block.curve.last_time + 1e-9]
        _text(
            ax,
            header,
            0,
            y,
            block.heading,
            style,
            color=block.color,
            fontweight="bold",
            ha="left",
            gid=f"risk-table:{b}:heading",
        )
        for r, column in enumerate(ROW_NAMES, start=1):
            row_y = y - r * style.row()
            _text(ax, left, 0, row_y, ROW_NAMES[column], style, ha="right", gid=f"risk-table:{b}:label")
            for t, value in zip(shown["time"], shown[column]):
                _text(
                    ax,
                    ax.get_xaxis_transform(),
                    t,
                    row_y,
                    _fmt(value),
                    style,
                    ha="center",
                    gid=f"risk-table:{b}:{column}",
                )
        y -= 4 * style.row() + 0.5 * style.font


def _draw_curve(ax: Axes, curve: SurvivalCurve, i: int, label: str, style: cs.ChartStyle, band: bool):
    """One curve (steps for Kaplan-Meier, straight lines for actuarial) and its band."""
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
    if band and curve.measure != "expected":
        ax.fill_between(
            curve.time,
            curve.ci_low,
            curve.ci_high,
            step="post" if steps else None,
            color=_color(i),
            alpha=cs.BAND_ALPHA,
            linewidth=0,
            zorder=2,
            gid=f"band:{i}",
        )
    return line


def _new_layout(
    style: cs.ChartStyle, blocks: list[_Block], legend: list[str], *, right: float, title: str | None
) -> Axes:
    """A new figure tall enough for the axes, legend, title and risk table."""
    left = 1.1 * style.font / 14
    if blocks:
        left = max(left, (_label_gap(blocks, style) + cs.text_width("Censored", style.font) + 8) / 72)
    rows = -(-len(legend) // cs.legend_columns(legend, style, (style.width - left - right) * 72))
    under = _axis_depth(style) + (0.7 * style.font + _table_height(len(blocks), style) if blocks else 0) + 10
    top = cs.legend_height(rows, style) + 10 + (1.5 * style.title if title else 0)
    height = max(style.height, (under + top) / 72 + _MIN_AXES_HEIGHT)
    ax = cs.new_axes(style, height=height)
    cs.set_margins(ax, left=left, right=right, top=top / 72, bottom=under / 72)
    return ax


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
) -> Axes:
    curves = _as_list(curves)
    labels = curve_labels(curves)
    blocks = _risk_blocks(curves, labels) if show_table else []
    band = band and any(c.measure != "expected" for c in curves)
    legend = ([] if direct else labels) + ([cs.band_label(curves[0].conf_level)] if band else [])
    if ax is None:
        right = (max(cs.text_width(s, style.font) for s in labels) + 24) / 72 if direct else 0.4
        ax = _new_layout(style, blocks, legend, right=right, title=title)
    times = (
        chart_risk_times(curves, min(11, _fitting_columns(ax, blocks, style)))
        if risk_times is None
        else np.sort(np.asarray(risk_times, dtype=float))
    )
    cs.style_axes(ax, style)
    lines = [_draw_curve(ax, c, i, labels[i], style, band) for i, c in enumerate(curves)]
    ax.set_xlim(min(c.start for c in curves), max(max(c.last_time for c in curves), times.max()))
    ax.xaxis.set_major_locator(FixedLocator(times))
    ax.xaxis.set_major_formatter(FormatStrFormatter("%g"))
    cs.set_xlabel(ax, style, X_LABEL)
    cs.percent_yaxis(ax, style, ylabel or _default_ylabel(curves))
    if direct:
        _direct_labels(ax, curves, lines, labels, style)
    handles = ([] if direct else lines) + (
        [Patch(facecolor=cs.MUTED_COLOR, alpha=cs.BAND_ALPHA, label=legend[-1])] if band else []
    )
    rows = cs.top_legend(ax, style, handles) if handles else 0
    cs.set_title(ax, style, title, pad=cs.legend_height(rows, style) + 10)
    if blocks:
        _draw_risk_table(ax, blocks, times, style)
    return ax


def _default_ylabel(curves: list[SurvivalCurve]) -> str:
    measures = {c.measure for c in curves}
    return MEASURES[measures.pop()].capitalize() if len(measures) == 1 else "Survival"


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
        Larger type (18 pt) and thicker lines, for slides.
    ylabel, title : str, optional
        The y-axis label (default from the curves' measure) and a title.

    Returns
    -------
    Axes
        The axes drawn on; survival is plotted as proportions.
    """
    return _plot(
        curves,
        ax,
        cs.style_for(presentation),
        band=band,
        risk_times=risk_times,
        show_table=risk_table,
        ylabel=ylabel,
        title=title,
        direct=False,
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
) -> Axes:
    """Several groups on one axes, told apart by line style and labels at the lines' ends.

    Each line has its own dash pattern and colour, and its label is written
    at its right end (nudged apart so labels never overlap), so the chart
    reads without colour and without a legend. Parameters as in
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
        cs.style_for(presentation),
        band=band,
        risk_times=risk_times,
        show_table=risk_table,
        ylabel=ylabel,
        title=title,
        direct=True,
    )


def _direct_labels(ax: Axes, curves, lines, labels: list[str], style: cs.ChartStyle) -> None:
    """Each curve's label just right of the axes, level with its line's end, with a leader line."""
    ends = [_last_point(c) for c in curves]
    fig = ax.get_figure(root=True)
    height_pt = ax.get_position().height * fig.get_figheight() * 72
    gap = style.row() / height_pt
    ys = cs.spread_positions([y for _, y in ends], gap, 0.5 * gap, 1 - 0.5 * gap)
    for (x, y), y_text, line, label in zip(ends, ys, lines, labels):
        color = line.get_color()
        ax.annotate(
            label,
            xy=(x, y),
            xytext=(1.015, y_text),
            textcoords=ax.get_yaxis_transform(),
            fontsize=style.font,
            color=cs.readable_on(color),
            va="center",
            ha="left",
            annotation_clip=False,
            gid="direct-label",
            arrowprops={"arrowstyle": "-", "color": color, "linewidth": 1.0, "shrinkA": 0, "shrinkB": 2},
        )


def _last_point(curve: SurvivalCurve) -> tuple[float, float]:
    ok = np.flatnonzero(np.isfinite(curve.survival))
    return float(curve.time[ok[-1]]), float(curve.survival[ok[-1]])


# -- Text alternatives and data tables ---------------------------------------------------------


def _pct(value: float) -> str:
    if not np.isfinite(value):
        return "not available"
    return f"{100 * value:.1f}%" if value < 0.095 else f"{100 * value:.0f}%"


def _years(t: float) -> str:
    return f"{t:g} year" + ("" if t == 1 else "s")


def _look(i: int) -> str:
    return f"{cs.COLOR_NAMES[_color(i)]} {cs.LINE_STYLE_NAMES[i % len(cs.LINE_STYLE_NAMES)]} line"


def _milestones(curve: SurvivalCurve) -> list[float]:
    times = [t for t in MILESTONES if curve.start < t <= curve.last_time + 1e-9]
    return times + ([curve.last_time] if curve.last_time not in times else [])


def _curve_values(curve: SurvivalCurve, name: str) -> str:
    parts = []
    for t in _milestones(curve):
        value, (low, high) = curve.at(t)[0], (v[0] for v in curve.ci_at(t))
        ci = (
            f" ({curve.conf_level:.0%} CI {_pct(low)} to {_pct(high)})"
            if curve.measure != "expected" and np.isfinite(low)
            else ""
        )
        last = " (the last time estimated)" if t == curve.last_time and t not in MILESTONES else ""
        parts.append(f"{_pct(value)} at {_years(t)}{ci}{last}")
    return f"{name}: " + "; ".join(parts) + "."


def _axes_sentence(curves: list[SurvivalCurve]) -> str:
    start, end = min(c.start for c in curves), max(c.last_time for c in curves)
    return (
        f"The x axis shows {X_LABEL.lower()}, from {round(start, 1):g} to {round(end, 1):g}; "
        "the y axis shows the percentage of people surviving, from 0% to 100%."
    )


def _table_sentence(risk_times, show_table: bool) -> str:
    if not show_table:
        return ""
    when = (
        "at the times marked on the x axis"
        if risk_times is None
        else f"at {_list([f'{t:g}' for t in np.sort(np.asarray(risk_times, float))])} years"
    )
    return (
        " Below the chart, a table gives for each group the number still at risk and the "
        f"cumulative numbers of events (deaths) and censored {when}."
    )


def _list(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _methods(curves: list[SurvivalCurve]) -> str:
    return _list(sorted({METHODS[c.method] for c in curves}))


def _shown(curve: SurvivalCurve, label: str) -> str:
    """ "relative survival for Distant", or just "relative survival" when the label says it."""
    measure = MEASURES[curve.measure]
    return measure if label.casefold() in measure else f"{measure} for {label}"


def survival_alt_text(
    curves: Curves, *, band: bool = True, risk_times: ArrayLike | None = None, risk_table: bool = True
) -> str:
    """A one-paragraph description of :func:`plot_survival`'s chart, with its main values."""
    curves = _as_list(curves)
    labels = curve_labels(curves)
    shown = _list(_shown(c, labels[i]) + f" ({_look(i)})" for i, c in enumerate(curves))
    band_text = f"; shaded bands show {curves[0].conf_level:.0%} confidence intervals" if band else ""
    values = " ".join(_curve_values(c, labels[i]) for i, c in enumerate(curves))
    return (
        f"Line chart of survival since diagnosis, estimated with {_methods(curves)}: "
        f"{shown}{band_text}. {_axes_sentence(curves)} {values}"
        f"{_table_sentence(risk_times, risk_table)}"
    )


def comparison_alt_text(
    curves: Curves, *, band: bool = False, risk_times: ArrayLike | None = None, risk_table: bool = True
) -> str:
    """A one-paragraph description of :func:`plot_comparison`'s chart, ranking the groups."""
    curves = _as_list(curves)
    labels = curve_labels(curves)
    looks = _list(f"{labels[i]} ({_look(i)})" for i in range(len(curves)))
    horizon = min(c.last_time for c in curves)
    t = max([m for m in MILESTONES if m <= horizon + 1e-9] or [horizon])
    at_t = [float(c.at(t)[0]) for c in curves]
    ranked = _list(f"{labels[i]} {_pct(at_t[i])}" for i in np.argsort(at_t)[::-1])
    band_text = f" Shaded bands show {curves[0].conf_level:.0%} confidence intervals." if band else ""
    return (
        f"Line chart comparing {MEASURES[curves[0].measure]} of {len(curves)} groups, "
        f"estimated with {_methods(curves)}: {looks}; each line is labelled at its right end."
        f"{band_text} {_axes_sentence(curves)} At {_years(t)}, from highest to lowest: "
        f"{ranked}.{_table_sentence(risk_times, risk_table)}"
    )


def survival_table(curves: Curves) -> pd.DataFrame:
    """The numbers drawn: ``time``, then per curve its survival, ci_low and ci_high (proportions).

    Columns are named ``"<label> survival"``, ``"<label> ci_low"`` and
    ``"<label> ci_high"``; times are the union of the curves' times, with
    NaN where a curve has no point.
    """
    curves = _as_list(curves)
    frames = [
        pd.DataFrame(
            {
                "time": c.time,
                f"{name} survival": c.survival,
                f"{name} ci_low": c.ci_low,
                f"{name} ci_high": c.ci_high,
            }
        )
        .drop_duplicates("time", keep="last")
        .set_index("time")
        for c, name in zip(curves, curve_labels(curves))
    ]
    return pd.concat(frames, axis=1).sort_index().reset_index()


def comparison_table(curves: Curves) -> pd.DataFrame:
    """The numbers drawn by :func:`plot_comparison` (the same layout as :func:`survival_table`)."""
    return survival_table(curves)
