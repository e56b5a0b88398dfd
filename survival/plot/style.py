"""Shared chart style: palette, text contrast, type sizes, new figures and export.

Every chart module draws on a :class:`matplotlib.figure.Figure` it creates
itself (never pyplot, whose global state Streamlit sessions would share) and
sets sizes and colours on the artists, never in the global ``rcParams``.

Colours are the Okabe-Ito palette (safe for the common colour-vision
deficiencies); lines also differ in dash pattern, so charts read in grey.
Text colours are checked with the WCAG 2 contrast ratio and darkened with
:func:`readable_on` until they reach 4.5:1 against their background.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure, SubFigure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextPath
from matplotlib.ticker import FixedLocator, PercentFormatter
from matplotlib.typing import ColorType
from numpy.typing import ArrayLike

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
#: Line colours in order of use: Okabe-Ito, each darkened just enough for 3:1 against white (WCAG
#: 2.2 non-text contrast; orange and sky blue need it). Yellow is left out: too pale for a line.
LINE_COLORS = ("#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#C68900", "#4B9DCB")
#: Dash patterns in order of use, so that lines differ without colour.
LINE_STYLES = (
    "solid",
    (0, (5, 2)),
    (0, (1, 1.6)),
    (0, (6, 1.6, 1, 1.6)),
    (0, (10, 3)),
    (0, (6, 1.6, 1, 1.6, 1, 1.6)),
    (0, (2.5, 2.5)),
)
#: Line styles and colours in words, for text alternatives.
LINE_STYLE_NAMES = ("solid", "dashed", "dotted", "dash-dot", "long-dashed", "dash-dot-dot", "short-dashed")
COLOR_NAMES = {value: name for name, value in OKABE_ITO.items()} | {
    "#C68900": "orange",
    "#4B9DCB": "sky blue",
}
TEXT_COLOR = "#1A1A1A"
MUTED_COLOR = "#595959"
GRID_COLOR = "#DDDDDD"
BAND_ALPHA = 0.2
MIN_CONTRAST = 4.5
#: Anything matplotlib accepts as a colour: a name, "#RRGGBB", or an RGB(A) tuple.
Color = ColorType
SAVE_FORMATS = (".png", ".svg", ".pdf")
MIN_PNG_DPI = 300
#: The label of a slide's figure: saved exactly 16:9, everything inside the frame.
SLIDE = "survival-explorer-slide"
#: The label of a printed page's figure: saved at exactly its paper size.
PAGE = "survival-explorer-page"
#: A slide: 13.33 x 7.5 inches (16:9), the size of a widescreen presentation slide.
SLIDE_SIZE = (40 / 3, 7.5)
#: Minimum contrast of chart lines, bands' edges and icons against white (WCAG 2.2 non-text, 1.4.11).
MIN_GRAPHIC_CONTRAST = 3.0


@dataclass(frozen=True)
class ChartStyle:
    """Sizes for one chart: type in points, line widths in points, figure in inches."""

    font: float
    title: float
    line: float
    marker: float
    width: float = 10.0
    height: float = 6.25
    slide: bool = False

    def row(self) -> float:
        """Height of one line of text, in points."""
        return 1.45 * self.font

    @property
    def narrow(self) -> bool:
        """A layout for a narrow screen (a phone): legends below, fewer ticks."""
        return self.width < 7


def style_for(presentation: bool = False, width: float | None = None) -> ChartStyle:
    """Lecture-ready sizes: 14 pt type and 2.5 pt lines; for slides 18 pt, 3.5 pt lines, 16:9.

    ``width`` (inches) draws the same chart narrower, for a small screen: the type
    keeps its size, so on a phone it stays readable. A slide is always
    :data:`SLIDE_SIZE` and saved exactly so (:func:`figure_bytes`).
    """
    if presentation:
        return ChartStyle(
            font=18, title=22, line=3.5, marker=10, width=SLIDE_SIZE[0], height=SLIDE_SIZE[1], slide=True
        )
    if width is not None:
        return ChartStyle(
            font=14, title=17, line=2.5, marker=8, width=float(width), height=max(4.0, 0.8 * width)
        )
    return ChartStyle(font=14, title=17, line=2.5, marker=8)


def relative_luminance(color: Color) -> float:
    """WCAG 2 relative luminance of a matplotlib colour (0 black to 1 white)."""
    rgb = np.array(to_rgba(color)[:3], dtype=np.float64)
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def _over(fg: Color, bg: Color) -> tuple[float, float, float]:
    """``fg`` composited over the opaque ``bg`` (for colours with transparency)."""
    r, g, b, a = to_rgba(fg)
    back = np.array(to_rgba(bg)[:3], dtype=np.float64)
    return tuple(a * np.array([r, g, b]) + (1 - a) * back)


def contrast_ratio(fg: Color, bg: Color = "white") -> float:
    """WCAG 2 contrast ratio of ``fg`` on ``bg``, from 1 (none) to 21 (black on white)."""
    light, dark = sorted((relative_luminance(_over(fg, bg)), relative_luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_on(color: Color, bg: Color = "white", ratio: float = MIN_CONTRAST) -> str:
    """``color`` darkened (on light ``bg``) or lightened (on dark) just enough to reach ``ratio``.

    The hue is kept: the colour is mixed with black (or white) in the
    smallest proportion that gives the contrast, found by bisection.
    """
    rgb = np.asarray(_over(color, bg))
    if contrast_ratio(tuple(rgb), bg) >= ratio:
        return to_hex(tuple(rgb))
    target = np.zeros(3) if relative_luminance(bg) > 0.18 else np.ones(3)
    low, high = 0.0, 1.0
    for _ in range(40):
        mid = (low + high) / 2
        if contrast_ratio(rgb + mid * (target - rgb), bg) >= ratio:
            high = mid
        else:
            low = mid
    mixed = rgb + high * (target - rgb)
    hexed = to_hex(mixed)
    if contrast_ratio(hexed, bg) >= ratio:
        return hexed
    toward = np.floor if target[0] == 0 else np.ceil  # hex rounding must not undo the change
    return to_hex(toward(mixed * 255) / 255)


def new_axes(style: ChartStyle, *, height: float | None = None) -> Axes:
    """Axes on a new Figure (not pyplot) of ``style``'s width and ``height`` inches.

    A slide's figure is always :data:`SLIDE_SIZE` and labelled :data:`SLIDE`.
    """
    size = SLIDE_SIZE if style.slide else (style.width, height or style.height)
    fig = Figure(figsize=size, facecolor="white")
    if style.slide:
        fig.set_label(SLIDE)
    return fig.add_subplot()


def fit_height(style: ChartStyle, needed: float) -> float:
    """The figure height for content needing ``needed`` inches: that, or a slide's fixed height."""
    return style.height if style.slide else max(style.height, needed)


def wrap(text: str, size: float, width: float, *, bold: bool = False) -> str:
    """``text`` broken into lines at spaces so that each fits in ``width`` points (a word never splits)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size, bold=bold) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return "\n".join(lines)


def title_height(title: str | None, style: ChartStyle) -> float:
    """Points taken by a (wrapped) title above the legend."""
    if not title:
        return 0.0
    return 1.5 * style.title * (title.count("\n") + 1)


def fit_title(title: str | None, style: ChartStyle, width: float | None = None) -> str | None:
    """The title wrapped to the figure's width (less a margin), or None."""
    if not title:
        return title
    room = (width if width is not None else style.width - 0.6) * 72
    return wrap(title, style.title, room, bold=True)


def set_margins(ax: Axes, *, left: float, right: float, top: float, bottom: float) -> None:
    """Place ``ax`` with margins in inches (only on figures the chart created)."""
    fig = figure_of(ax)
    width, height = fig.get_size_inches()
    fig.subplots_adjust(
        left=left / width, right=1 - right / width, top=1 - top / height, bottom=bottom / height
    )


def style_axes(ax: Axes, style: ChartStyle) -> None:
    """Clean spines, readable ticks, a light horizontal grid."""
    ax.set_facecolor("white")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(TEXT_COLOR)
        ax.spines[side].set_linewidth(1.0)
    ax.tick_params(labelsize=style.font, labelcolor=TEXT_COLOR, color=TEXT_COLOR, length=5, width=1, pad=4)
    ax.grid(axis="y", color=GRID_COLOR, linewidth=0.8)
    ax.set_axisbelow(True)


def percent_yaxis(ax: Axes, style: ChartStyle, label: str) -> None:
    """A y axis from 0 to 100% for values stored as proportions (0 to 1)."""
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_locator(FixedLocator(np.linspace(0, 1, 6).tolist()))
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    ax.set_ylabel(label, fontsize=style.font, color=TEXT_COLOR, labelpad=8)


def set_xlabel(ax: Axes, style: ChartStyle, label: str) -> None:
    """The x-axis label in the chart's type size."""
    ax.set_xlabel(label, fontsize=style.font, color=TEXT_COLOR, labelpad=6)


def set_title(ax: Axes, style: ChartStyle, title: str | None, *, pad: float = 6) -> None:
    """A left-aligned title, if any, ``pad`` points above the axes.

    Placed at ``y=1.0`` rather than left to matplotlib, which otherwise moves
    it clear of ticks or an offset text above the axes. These charts have
    none (their legends above the axes are not taken into account either
    way), so the picture is the same, and each draw is 4-8 ms faster.
    """
    if title:
        ax.set_title(
            title, loc="left", fontsize=style.title, color=TEXT_COLOR, fontweight="bold", pad=pad, y=1.0
        )


@lru_cache(maxsize=4096)
def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of ``text`` in points, in matplotlib's default font (no renderer needed).

    Measured on the glyph outlines' control points, which bound the outline
    (a hair wider at curved right edges, which only errs towards more room).
    """
    if not text:
        return 0.0
    font = FontProperties(weight="bold" if bold else "normal")
    vertices = TextPath((0, 0), text.replace(" ", "\u00a0"), size=size, prop=font).vertices
    return float(vertices[:, 0].max()) if len(vertices) else 0.0


def legend_height(rows: int, style: ChartStyle) -> float:
    """Points taken above the axes by a :func:`top_legend` of ``rows`` rows."""
    return rows * 1.75 * style.font + 4 if rows else 0.0


def legend_columns(labels: Sequence[str], style: ChartStyle, width: float) -> int:
    """How many entries of a one-row legend fit in ``width`` points (at least 1)."""
    entries = [(3.2 + 0.8 + 2.0) * style.font + text_width(s, style.font) for s in labels]
    for ncols in range(len(entries), 1, -1):
        widest = [max(entries[i::ncols]) for i in range(ncols)]
        if sum(widest) <= width:
            return ncols
    return 1


def top_legend(ax: Axes, style: ChartStyle, handles: list) -> int:
    """A frameless legend just above the axes, wrapped to fit its width; returns its rows."""
    width = ax.get_position().width * figure_of(ax).get_figwidth() * 72
    ncols = legend_columns([h.get_label() for h in handles], style, width)
    ax.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0, 1.01),
        ncols=ncols,
        frameon=False,
        fontsize=style.font,
        handlelength=3.2,
        borderaxespad=0.2,
        labelcolor=TEXT_COLOR,
    )
    return -(-len(handles) // ncols)


def spread_positions(values: ArrayLike, gap: float, low: float = 0.0, high: float = 1.0) -> np.ndarray:
    """Move ``values`` apart by at least ``gap``, as little as possible, within [low, high].

    Used to nudge direct labels apart; the order of the values is kept.
    """
    values = np.asarray(values, dtype=float)
    order = np.argsort(values, kind="stable")
    pos = np.clip(values[order], low, high)
    for i in range(1, len(pos)):
        pos[i] = max(pos[i], pos[i - 1] + gap)
    if len(pos) and pos[-1] > high:
        pos[-1] = high
        for i in range(len(pos) - 2, -1, -1):
            pos[i] = min(pos[i], pos[i + 1] - gap)
    out = np.empty_like(pos)
    out[order] = pos
    return out


def band_style(color: Color, alpha: float = BAND_ALPHA) -> dict:
    """How a confidence band is drawn: a light fill of ``color`` with a thin edge of 3:1 contrast.

    The fill alone is too pale to see against white (WCAG 2.2 asks 3:1 of the
    graphics needed to understand a chart), so the band's edges carry the
    contrast; the same keywords draw its legend patch.
    """
    r, g, b, _ = to_rgba(color)
    edge = readable_on(color, ratio=MIN_GRAPHIC_CONTRAST)
    return {"facecolor": (r, g, b, alpha), "edgecolor": edge, "linewidth": 0.7}


def band_label(conf_level: float) -> str:
    """Legend text of a confidence band, such as "95% confidence interval"."""
    return f"{conf_level:.0%} confidence interval"


def figure_of(fig_or_ax: Figure | SubFigure | Axes) -> Figure:
    """The top-level Figure of a Figure, SubFigure or Axes (every chart's Axes has one)."""
    fig = fig_or_ax.get_figure(root=True)
    if fig is None:
        raise ValueError("The chart is not on a figure.")
    return fig


def save_figure(
    fig_or_ax: Figure | SubFigure | Axes, path: str | Path, *, dpi: int = 300, description: str | None = None
) -> Path:
    """Save a chart as PNG, SVG or PDF, the format taken from ``path``'s extension.

    The bounding box is tight, so text drawn outside the axes (risk tables,
    direct labels) is kept; a slide (presentation mode) is saved exactly 16:9,
    its layout having kept everything inside the frame. Matplotlib's own defaults are used and no global
    setting is touched: SVG text is drawn as outlines (it looks the same on
    every machine), PDF embeds the font.

    Parameters
    ----------
    fig_or_ax : Figure or Axes
        The chart (an Axes means its whole figure).
    path : str or Path
        Where to write; the extension must be .png, .svg or .pdf.
    dpi : int
        Resolution of a PNG, at least 300.
    description : str, optional
        A text alternative stored in the file's metadata.

    Raises
    ------
    ValueError
        For another extension, or a PNG below 300 dpi.
    """
    path = Path(path)
    path.write_bytes(figure_bytes(fig_or_ax, path.suffix or path.name, dpi=dpi, description=description))
    return path


def figure_bytes(
    fig_or_ax: Figure | SubFigure | Axes, fmt: str, *, dpi: int = 300, description: str | None = None
) -> bytes:
    """A chart as the bytes of a PNG, SVG or PDF file (``fmt`` ".png", "png", ...), in memory.

    Raises ``ValueError`` for another format, or a PNG below 300 dpi.
    """
    suffix = "." + fmt.lower().lstrip(".")
    if suffix not in SAVE_FORMATS:
        raise ValueError(f"Cannot save a chart as '{fmt}'; use one of {', '.join(SAVE_FORMATS)}.")
    if suffix == ".png" and dpi < MIN_PNG_DPI:
        raise ValueError(f"PNG charts are saved at {MIN_PNG_DPI} dpi or more (got {dpi}).")
    key = {".png": "Description", ".svg": "Description", ".pdf": "Subject"}[suffix]
    metadata = {key: description} if description else None
    buffer = io.BytesIO()
    fig = figure_of(fig_or_ax)
    slide = fig.get_label() in (SLIDE, PAGE)  # exact size: the layout keeps everything inside the frame
    fig.savefig(
        buffer,
        format=suffix[1:],
        dpi=dpi,
        bbox_inches=None if slide else "tight",
        pad_inches=0.15,
        facecolor="white",
        metadata=metadata,
    )
    return buffer.getvalue()


def is_slide(fig_or_ax: Figure | SubFigure | Axes) -> bool:
    """Whether a chart is a slide (saved exactly 16:9)."""
    return figure_of(fig_or_ax).get_label() == SLIDE
