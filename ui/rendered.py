"""A chart ready for the page: the SVG the downloads are made with, its text alternative and data.

A chart may carry a second SVG of the same chart laid out for a narrow screen
(``narrow``, drawn with ``width=NARROW_WIDTH``); :func:`ui.components.show_chart`
shows whichever keeps the type at least :data:`MIN_TEXT_PX` CSS pixels tall in
the space the page gives it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd
from matplotlib.text import Text

from survival.plot.dataset_charts import Chart
from survival.plot.style import figure_bytes

#: The smallest type on screen, in CSS pixels, at any width from 360 px up.
MIN_TEXT_PX = 12.0
#: Inches across a chart drawn for a narrow screen (a phone).
NARROW_WIDTH = 4.6
#: Inches of the Compare page's wide layout on screen: its chart column (two thirds of the page,
#: about 570 px at a 1366 px window) shows it whole, type 12 px or more, without scrolling at 900 px.
COLUMN_WIDTH = 8.5
_SIZE = re.compile(r'<svg[^>]*\swidth="([\d.]+)pt"')


@dataclass(frozen=True)
class Rendered:
    """A chart ready to show: SVG text for the screen, its text alternative and data.

    Attributes
    ----------
    svg : str
        The chart as drawn for the downloads.
    alt_text : str
        Its text alternative (the image's ``alt``).
    table : DataFrame
        The numbers drawn.
    narrow : str, optional
        The same chart laid out for a narrow screen.
    font_pt : float
        The smallest type in the chart, in points.
    """

    svg: str
    alt_text: str
    table: pd.DataFrame
    narrow: str | None = None
    font_pt: float = 14.0

    def svgs(self) -> list[str]:
        """The layouts, widest first."""
        return [self.svg] + ([self.narrow] if self.narrow else [])

    def min_widths(self) -> list[int]:
        """For each layout, the narrowest display (CSS px) that keeps its type at :data:`MIN_TEXT_PX`.

        An SVG ``W`` points wide shown ``c`` pixels wide draws ``f``-point type
        ``f * c / W`` pixels tall, so it needs ``c >= 12 W / f``.
        """
        return [math.ceil(MIN_TEXT_PX * svg_width(s) / self.font_pt) for s in self.svgs()]


def svg_width(svg: str) -> float:
    """The width of an SVG written by matplotlib, in points."""
    found = _SIZE.search(svg)
    if not found:
        raise ValueError("The SVG has no width in points.")
    return float(found.group(1))


def smallest_font(made: Chart) -> float:
    """The smallest type size (points) of the visible text in a drawn chart."""
    fig = made.ax.get_figure(root=True)
    hidden: set = set()
    for ax in fig.axes:
        if not ax.axison:  # an axis turned off draws none of its labels
            hidden |= set(ax.xaxis.findobj(Text)) | set(ax.yaxis.findobj(Text))
    sizes = [
        t.get_fontsize()
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and t not in hidden
    ]
    return float(min(sizes)) if sizes else 14.0


def render(made: Chart, narrow: Chart | None = None) -> Rendered:
    """A drawn chart as SVG text, written by the same function as the SVG download.

    ``narrow`` is the same chart drawn for a narrow screen (same numbers, text
    alternative and type size), shown instead where the page is narrow.
    """
    svg = figure_bytes(made.ax, "svg", description=made.alt_text).decode("utf-8")
    small = figure_bytes(narrow.ax, "svg", description=made.alt_text).decode("utf-8") if narrow else None
    return Rendered(svg, made.alt_text, made.table, small, smallest_font(made))
