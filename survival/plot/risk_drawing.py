"""The risk table under a survival chart (KMunicate style): blocks of counts at the x ticks.

Drawing only; the counts are :func:`survival.plot.risk_table.risk_table`'s. Curves
that share the same people (observed and relative survival of one group) share
one block. On a slide only the "At risk" row is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.transforms import offset_copy

from survival.estimate.results import SurvivalCurve
from survival.plot import style as cs
from survival.plot.risk_table import ROW_NAMES, risk_table


@dataclass(frozen=True)
class Block:
    """One block of the risk table: a curve's counts, headed by its label(s)."""

    curve: SurvivalCurve
    heading: str
    color: str


def _same_people(a: SurvivalCurve, b: SurvivalCurve) -> bool:
    return all(
        np.array_equal(getattr(a, k), getattr(b, k), equal_nan=True)
        for k in ("time", "n_at_risk", "n_events", "n_censored")
    )


def risk_blocks(curves: list[SurvivalCurve], labels: list[str], width: float | None = None) -> list[Block]:
    """One block per distinct set of counts; curves with the same people share it.

    Headings are wrapped to ``width`` points when given (a narrow chart).
    """
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
            blocks.append(
                Block(curves[g[0]], labels[g[0]], cs.readable_on(cs.LINE_COLORS[g[0] % len(cs.LINE_COLORS)]))
            )
        else:
            heading = " and ".join(labels[i] for i in g) + " (the same people)"
            blocks.append(Block(curves[g[0]], heading, cs.TEXT_COLOR))
    if width is not None:
        style = cs.style_for()
        blocks = [Block(b.curve, cs.wrap(b.heading, style.font, width, bold=True), b.color) for b in blocks]
    return blocks


def widest(blocks: list[Block], style: cs.ChartStyle) -> float:
    """Width in points of the widest number in the risk table (everyone, at the start)."""
    totals = [np.nanmax(b.curve.n_at_risk, initial=0) for b in blocks]
    return max((cs.text_width(f"{t:,.0f}", style.font) for t in totals), default=0.0)


def _fmt(value) -> str:
    return f"{value:,}" if isinstance(value, (int, np.integer)) else f"{value:,.1f}"


def axis_depth(style: cs.ChartStyle) -> float:
    """Points from the axes' bottom to below the x-axis label."""
    return 15 + 2.6 * style.font


def rows(style: cs.ChartStyle) -> tuple[str, ...]:
    """The risk table's rows: all three, or only "At risk" on a slide (fewer rows, larger type)."""
    return ("at_risk",) if style.slide else tuple(ROW_NAMES)


def _heading_lines(block: Block) -> int:
    return block.heading.count("\n") + 1


def table_height(blocks: list[Block], style: cs.ChartStyle) -> float:
    """Points the table of ``blocks`` takes under the x-axis label."""
    lines = sum(len(rows(style)) + _heading_lines(b) for b in blocks)
    return lines * style.row() + max(len(blocks) - 1, 0) * 0.5 * style.font


def label_gap(blocks: list[Block], style: cs.ChartStyle) -> float:
    """Points left of the axes where row labels end: clear of the widest number in a column."""
    return widest(blocks, style) / 2 + 0.6 * style.font


def fitting_columns(ax: Axes, blocks: list[Block], style: cs.ChartStyle) -> int:
    """How many risk-table columns fit across ``ax`` without their numbers touching."""
    fig = cs.figure_of(ax)
    width = ax.get_position().width * fig.get_figwidth() * 72
    return max(2, int(width // (widest(blocks, style) + 0.8 * style.font)) + 1)


def _text(ax: Axes, transform, x: float, y: float, text: str, style: cs.ChartStyle, **kw):
    trans = offset_copy(transform, fig=ax.get_figure(root=True), y=y, units="points")
    return ax.text(
        x,
        0,
        text,
        transform=trans,
        fontsize=style.font,
        clip_on=False,
        **{"color": cs.TEXT_COLOR, "va": "center", **kw},
    )


def draw_risk_table(ax: Axes, blocks: list[Block], times: np.ndarray, style: cs.ChartStyle) -> None:
    """Draw the table under the axes; cells after a curve's last time stay empty."""
    gap = label_gap(blocks, style)
    fig = cs.figure_of(ax)
    left = offset_copy(ax.transAxes, fig=fig, x=-gap, units="points")
    indent = gap + cs.text_width("Censored", style.font)
    header = offset_copy(ax.transAxes, fig=fig, x=-indent, units="points")
    y = -(axis_depth(style) + 0.7 * style.font)
    for b, block in enumerate(blocks):
        table = risk_table(block.curve, times)
        shown = table[table["time"] <= block.curve.last_time + 1e-9]
        _text(
            ax,
            header,
            0,
            y + 0.5 * style.font,
            block.heading,
            style,
            color=block.color,
            fontweight="bold",
            ha="left",
            va="top",
            linespacing=1.45 / 1.2,
            gid=f"risk-table:{b}:heading",
        )
        below = _heading_lines(block) - 1
        for r, column in enumerate(rows(style), start=1):
            row_y = y - (r + below) * style.row()
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
        y -= (len(rows(style)) + _heading_lines(block)) * style.row() + 0.5 * style.font
