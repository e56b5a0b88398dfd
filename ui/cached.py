"""The only Streamlit caches: thin wrappers around pure functions of the survival package.

Keys are the arguments (labels, numbers, uploaded bytes), so a cache entry
depends on content only. Entries are bounded in number and age.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd
import streamlit as st

TTL = 3600


@dataclass(frozen=True)
class Rendered:
    """A chart ready to show: SVG text for the screen, its text alternative and data."""

    svg: str
    alt_text: str
    table: pd.DataFrame


@st.cache_resource(show_spinner=False)
def dataset(name: str = "seer-breast"):
    """The bundled data set (read-only, shared by all sessions)."""
    from survival.datasets import load_dataset

    return load_dataset(name)


@st.cache_data(max_entries=512, ttl=TTL, show_spinner=False)
def explanation(stage: str, age: str, period: str, figure: float | None, lived: int):
    """The plain-language explanation of one selection."""
    from survival.explain import explain

    data = dataset()
    return explain(data, data.select(stage, age, period), figure=figure, lived=lived)


def _chart(kind: str, stages: tuple, ages: tuple, periods: tuple, measure: str, figure: float | None,
           years: int, presentation: bool, lived: int, band: bool = True):
    from survival import figures

    data = dataset()
    selections = [data.select(s, a, p) for s in stages for a in ages for p in periods]
    if kind == "curve":
        return figures.curve_chart(data, selections[0], measure=measure, presentation=presentation,
                                   lived=lived, band=band)
    if kind == "icons":
        return figures.icons_chart(data, selections[0], years=years, presentation=presentation, lived=lived)
    if kind == "trend":
        return figures.trend_chart(data, selections[0], years=years, measure=measure, figure=figure,
                                   presentation=presentation)
    return figures.compare_chart(data, selections, measure=measure, presentation=presentation, band=band)


@st.cache_data(max_entries=256, ttl=TTL, show_spinner=False)
def chart(kind: str, stages: tuple, ages: tuple, periods: tuple, measure: str = "both",
          figure: float | None = None, years: int = 5, presentation: bool = False, lived: int = 0,
          band: bool = True) -> Rendered:
    """A bundled-data chart rendered for the screen, with its text alternative and data table."""
    made = _chart(kind, stages, ages, periods, measure, figure, years, presentation, lived, band)
    return Rendered(to_svg(made.ax.figure), made.alt_text, made.table)


@st.cache_data(max_entries=64, ttl=TTL, show_spinner=False)
def chart_file(fmt: str, kind: str, stages: tuple, ages: tuple, periods: tuple, measure: str = "both",
               figure: float | None = None, years: int = 5, presentation: bool = False, lived: int = 0,
               band: bool = True) -> bytes:
    """The same chart as a file for download: PNG at 300 dpi, SVG or PDF."""
    made = _chart(kind, stages, ages, periods, measure, figure, years, presentation, lived, band)
    from survival.chart_style import figure_bytes

    return figure_bytes(made.ax, fmt, description=made.alt_text)


def to_png(fig, dpi: int = 110) -> bytes:
    """A figure as PNG bytes (for the rare page that needs a bitmap)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    return buffer.getvalue()


def to_svg(fig) -> str:
    """A figure as SVG text for the screen: sharp at any size, and faster to make than a PNG."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", facecolor="white")
    return buffer.getvalue()
