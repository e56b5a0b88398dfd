"""A chart ready for the page: the SVG the downloads are made with, its text alternative and data."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from survival.plot.dataset_charts import Chart
from survival.plot.style import figure_bytes


@dataclass(frozen=True)
class Rendered:
    """A chart ready to show: SVG text for the screen, its text alternative and data."""

    svg: str
    alt_text: str
    table: pd.DataFrame


def render(made: Chart) -> Rendered:
    """A drawn chart as SVG text, written by the same function as the SVG download."""
    svg = figure_bytes(made.ax, "svg", description=made.alt_text).decode("utf-8")
    return Rendered(svg, made.alt_text, made.table)
