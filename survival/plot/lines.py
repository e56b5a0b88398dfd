"""Numbered lines with their bands, for the charts of several estimates (hazards, incidence).

Line ``i`` always gets the same colour and dash pattern (:func:`look`), named
the same way in text alternatives (:func:`look_words`), and is drawn with its
band by :func:`draw_line`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from survival.plot import style as cs


def look(i: int) -> tuple[str, object]:
    """Line ``i``'s colour and dash pattern."""
    return cs.LINE_COLORS[i % len(cs.LINE_COLORS)], cs.LINE_STYLES[i % len(cs.LINE_STYLES)]


def look_words(i: int) -> str:
    """Line ``i``'s look in words, e.g. ``"blue solid line"``."""
    return f"{cs.COLOR_NAMES[look(i)[0]]} {cs.LINE_STYLE_NAMES[i % len(cs.LINE_STYLE_NAMES)]} line"


def legend_axes(
    ax: Axes | None, style: cs.ChartStyle, legend: list[str], title: str | None, left: float
) -> Axes:
    """``ax``, or new axes with room above for ``legend`` (and ``title``); ``left`` in font sizes."""
    if ax is not None:
        return ax
    rows = -(-len(legend) // cs.legend_columns(legend, style, (style.width - 1.4) * 72))
    top = cs.legend_height(rows, style) + 10 + (1.5 * style.title if title else 0)
    ax = cs.new_axes(style)
    cs.set_margins(
        ax, left=left * style.font / 14, right=0.4, top=top / 72, bottom=(15 + 2.6 * style.font) / 72
    )
    return ax


def draw_line(
    ax: Axes,
    style: cs.ChartStyle,
    i: int,
    time: np.ndarray,
    values: np.ndarray,
    band: tuple[np.ndarray, np.ndarray] | None,
    *,
    label: str,
    gid: str,
    steps: bool,
) -> Line2D:
    """Line ``i`` (``gid``, e.g. ``"hazard:0"``), and its band below it (``band:i``) unless None."""
    color, dashes = look(i)
    (line,) = ax.plot(
        time,
        values,
        drawstyle="steps-post" if steps else "default",
        color=color,
        linestyle=dashes,
        linewidth=style.line,
        label=label,
        zorder=3,
        gid=gid,
    )
    if band is not None:
        ax.fill_between(
            time,
            band[0],
            band[1],
            step="post" if steps else None,
            color=color,
            alpha=cs.BAND_ALPHA,
            linewidth=0,
            zorder=2,
            gid=f"band:{i}",
        )
    return line
