"""The bundled data's Streamlit caches: thin wrappers around pure functions of the survival package.

Keys are the arguments (labels, numbers, uploaded bytes), so a cache entry
depends on content only. Entries are bounded in number and age; all but the
data set and its labels are dropped once the server has been quiet for a
minute (:func:`ui.housekeeping.release`). The landing page's explanations
and charts are kept as they are (``st.cache_resource``) rather than copied
out of a pickle on every rerun: frozen dataclasses whose one mutable part, a
chart's data table, no caller changes (``st.dataframe`` and
:func:`survival.io.csv_export.safe_csv` copy it). The other pages' caches live
beside them (``ui/pages/compare.py``, ``ui/pages/learn.py``) and in ``ui/cached_upload.py``.
"""

from __future__ import annotations

import gc
import io
import re
import threading
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ui import housekeeping

TTL = 3600
#: Python's collector thresholds once the process has settled (its own are 700, 10, 10): see settle().
GC_THRESHOLDS = (10_000, 5, 20)
_SETTLED, _SETTLING = threading.Event(), threading.Lock()
_SIZE = re.compile(r'width="[^"]*" height="[^"]*" viewBox="[^"]*"')


@dataclass(frozen=True)
class Rendered:
    """A chart ready to show: SVG text for the screen, its text alternative and data."""

    svg: str
    alt_text: str
    table: pd.DataFrame


@st.cache_resource(show_spinner=False)
def dataset(name: str = "seer-breast"):
    """The bundled data set (read-only, shared by all sessions), loaded once per process."""
    from survival.datasets.catalogue import load_dataset

    return load_dataset(name)


def settle() -> None:
    """Once per process, before the first chart: import what charts need, freeze what stays.

    A full garbage collection (Python's own as objects pile up, and
    :mod:`ui.housekeeping`'s when the server is quiet) scans every object in
    the process while holding the interpreter lock, so no other session runs
    meanwhile: 50-250 ms with everything in sight. Moved out of the
    collector's sight (``gc.freeze``), the modules, the data and Streamlit
    itself cost it nothing. Called by the functions that draw for the screen,
    so the first page, which draws nothing, stays quick.

    Then the collector's thresholds go from Python's (700, 10, 10) to
    ``GC_THRESHOLDS``: the youngest objects are collected once 10,000 more
    container objects have been made than freed, the middle generation at
    every 5th of those, the oldest at most at every 20th of the middle
    generation's. Drawing a chart makes far more than 700, so with Python's
    values many small collections catch each figure half-built and move it
    on towards the oldest generation, where it later dies and only a full
    collection frees it; and as frozen objects do not count as long-lived,
    Python's rule for a full collection (a quarter more survivors than the
    long-lived) is met easily. In one 60-second run of
    ``python -m benchmarks.load`` the collector paused the server 3.6 s in
    all, including 8 full collections (median 143 ms, up to 245 ms); with
    these thresholds it paused 0.9 s, never over 80 ms (a middle generation
    of 10,000 x 10 objects took up to 100 ms; of 20,000 x 10, up to 330 ms).
    Housekeeping's full collection still runs when the server is quiet.
    """
    if _SETTLED.is_set():
        return
    with _SETTLING:
        if _SETTLED.is_set():
            return
        import matplotlib.backends.backend_svg  # noqa: F401 - imported now, so frozen with the rest

        import survival.plot.dataset_charts  # noqa: F401
        import survival.words.explanation  # noqa: F401

        dataset()
        gc.collect()
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)
        _SETTLED.set()


@dataclass(frozen=True)
class Choices:
    """What the pages offer to choose from in a bundled data set, in the data set's order."""

    stages: tuple[str, ...]
    ages: tuple[str, ...]
    periods: tuple[str, ...]  # five-year periods, oldest first
    single_years: tuple[str, ...]
    default_period: str


@st.cache_resource(show_spinner=False)
def choices(name: str = "seer-breast") -> Choices:
    """The labels of a bundled data set, worked out once (read-only, shared by all sessions)."""
    data = dataset(name)
    return Choices(tuple(data.stages()), tuple(data.ages()), tuple(data.period_labels("period")),
                   tuple(data.period_labels("single year")), data.default_period())


@housekeeping.droppable
@st.cache_resource(max_entries=512, ttl=TTL, show_spinner=False)
def explanation(stage: str, age: str, period: str, figure: float | None, lived: int):
    """The plain-language explanation of one selection."""
    from survival.words.explanation import explain

    data = dataset()
    return explain(data, data.select(stage, age, period), figure=figure, lived=lived)


def _chart(kind: str, stages: tuple, ages: tuple, periods: tuple, measure: str, figure: float | None,
           years: int, presentation: bool, lived: int, band: bool = True):
    from survival.plot import dataset_charts as figures

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


@housekeeping.droppable
@st.cache_resource(max_entries=256, ttl=TTL, show_spinner=False)
def chart(kind: str, stages: tuple, ages: tuple, periods: tuple, measure: str = "both",
          figure: float | None = None, years: int = 5, presentation: bool = False, lived: int = 0,
          band: bool = True) -> Rendered:
    """A bundled-data chart rendered for the screen, with its text alternative and data table."""
    settle()
    made = _chart(kind, stages, ages, periods, measure, figure, years, presentation, lived, band)
    return Rendered(to_svg(made.ax.figure), made.alt_text, made.table)


@housekeeping.droppable
@st.cache_data(max_entries=64, ttl=TTL, show_spinner=False)
def chart_file(fmt: str, kind: str, stages: tuple, ages: tuple, periods: tuple, measure: str = "both",
               figure: float | None = None, years: int = 5, presentation: bool = False, lived: int = 0,
               band: bool = True) -> bytes:
    """The same chart as a file for download: PNG at 300 dpi, SVG or PDF."""
    made = _chart(kind, stages, ages, periods, measure, figure, years, presentation, lived, band)
    from survival.plot.style import figure_bytes

    return figure_bytes(made.ax, fmt, description=made.alt_text)


def to_png(fig, dpi: int = 110) -> bytes:
    """A figure as PNG bytes (for the rare page that needs a bitmap)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    return buffer.getvalue()


def to_svg(fig) -> str:
    """A figure as SVG text for the screen, cropped as ``bbox_inches="tight"`` crops it.

    ``savefig(bbox_inches="tight")`` draws every figure twice: once to measure
    it, once to write it. Here it is drawn once, measured afterwards, and
    cropped by the SVG's ``viewBox``, which gives the same picture in about
    two thirds of the time (``python -m benchmarks.app`` times both). Text is
    written as text (``svg.fonttype="none"``, which this sets for the whole
    process, as downloads already used it) in matplotlib's font list, not as
    glyph outlines: a fifth less drawing time and a file a third the size.
    The browser sets it in DejaVu Sans or the nearest font it has.
    """
    import matplotlib as mpl
    from matplotlib.backends.backend_mixed import MixedModeRenderer
    from matplotlib.backends.backend_svg import RendererSVG

    if mpl.rcParams["svg.fonttype"] != "none":  # set once for the process, never put back: a
        mpl.rcParams["svg.fonttype"] = "none"  # per-call rc_context would race other sessions' threads
    buffer = io.StringIO()
    fig.patch.set_facecolor("white")
    dpi, fig.dpi = fig.dpi, 72  # SVG is drawn in points, as savefig does
    try:
        width, height = fig.get_size_inches()
        renderer = MixedModeRenderer(fig, width, height, dpi,
                                     RendererSVG(72 * width, 72 * height, buffer, image_dpi=dpi))
        fig.draw(renderer)
        renderer.finalize()
        box = fig.get_tightbbox(renderer).padded(mpl.rcParams["savefig.pad_inches"])
    finally:
        fig.dpi = dpi
    return _cropped(buffer.getvalue(), 72 * box.x0, 72 * (height - box.y1), 72 * box.width,
                    72 * box.height)


def _cropped(svg: str, x: float, y: float, width: float, height: float) -> str:
    """SVG text showing only the rectangle (x, y, width, height), in points, on white."""
    size = f'width="{width:.2f}pt" height="{height:.2f}pt" viewBox="{x:.2f} {y:.2f} {width:.2f} {height:.2f}"'
    svg, found = _SIZE.subn(size, svg, count=1)
    if not found:
        raise ValueError("not an SVG written by matplotlib")
    start = svg.index(">", svg.index("<svg")) + 1  # white under anything drawn outside the figure
    background = f'<rect x="{x:.2f}" y="{y:.2f}" width="{width:.2f}" height="{height:.2f}" fill="#ffffff"/>'
    return svg[:start] + background + svg[start:]
