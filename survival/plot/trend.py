"""Survival by year of diagnosis: a trend line with its band, and a reader's figure highlighted.

Values are drawn as proportions on a 0% to 100% axis. Years without a value
(incomplete follow-up) leave gaps in the line and band, never zeros. With
``highlight`` (a proportion such as 0.22, say a figure quoted in the news),
a reference line is drawn at it and the years whose value rounds to the same
whole percent (half up) are ringed and named; when none does, the closest
year(s) are.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FormatStrFormatter, MaxNLocator

from survival.estimate.trend import closest_years, years_matching
from survival.plot import style as cs
from survival.words.wording import compact_years, percent_half_up

X_LABEL = "Year of diagnosis"
LINE_COLOR = "#0072B2"
HIGHLIGHT_COLOR = "#D55E00"
MIN_AXES_HEIGHT = 3.8


def trend_table(table: pd.DataFrame, value: str = "relative") -> pd.DataFrame:
    """The numbers drawn: ``year``, ``value``, ``<value>_low``, ``<value>_high``, one row per year.

    Years missing between the first and the last are added with NaN, so a
    chart shows them as gaps.

    Raises
    ------
    ValueError
        If a column is missing or a year appears twice (filter the trend
        table to one stage, age group and number of years first).
    """
    columns = ["year", value, f"{value}_low", f"{value}_high"]
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(
            f"The trend table has no column(s) {', '.join(missing)}; it needs {', '.join(columns)}."
        )
    if table["year"].duplicated().any():
        raise ValueError(
            "The trend table has a year more than once; keep one stage, age group and number of years."
        )
    data = table[columns].astype(float).sort_values("year")
    if data.empty:
        return data.reset_index(drop=True)
    years = np.arange(int(data["year"].min()), int(data["year"].max()) + 1)
    out = data.set_index(data["year"].astype(int)).drop(columns="year").reindex(years)
    return out.rename_axis("year").reset_index()


def _measure_label(value: str, years_label: float) -> str:
    return f"{years_label:g}-year {value} survival"


def _marked(data: pd.DataFrame, value: str, figure: float) -> tuple[list[int], str]:
    """The years to ring, and what they are in words (for the legend and the text alternative)."""
    target = int(percent_half_up(figure)[()])
    years = years_matching(data, value, figure)
    if years:
        return years, f"Years that round to {target}%"
    years = closest_years(data, value, figure)
    if not years:
        return [], f"no year has a value to compare with {target}%"
    nearest = data.loc[data["year"] == years[0], value].iloc[0]
    return years, f"Closest to {target}% (at {_pct(nearest)})"


def year_clusters(years: Iterable[int], gap: int = 3) -> list[list[int]]:
    """Sorted years split where they are more than ``gap`` years apart (one label per cluster)."""
    clusters: list[list[int]] = []
    for year in sorted(int(y) for y in years):
        if clusters and year - clusters[-1][-1] <= gap:
            clusters[-1].append(year)
        else:
            clusters.append([year])
    return clusters


def _draw_highlight(ax: Axes, data: pd.DataFrame, value: str, figure: float, style: cs.ChartStyle) -> list:
    """Reference line and its label, rings round the marked years, and the years in words."""
    ax.axhline(figure, color=cs.MUTED_COLOR, linestyle=(0, (4, 3)), linewidth=1.6, zorder=1, gid="reference")
    ax.text(
        1.01,
        figure,
        _pct(figure),
        transform=ax.get_yaxis_transform(),
        fontsize=style.font,
        color=cs.MUTED_COLOR,
        va="center",
        ha="left",
        gid="reference-label",
    )
    years, words = _marked(data, value, figure)
    rows = data[data["year"].isin(years)]
    ring = {
        "linestyle": "none",
        "marker": "o",
        "markerfacecolor": "none",
        "markeredgecolor": HIGHLIGHT_COLOR,
        "markeredgewidth": 2.5,
    }
    ax.plot(rows["year"], rows[value], markersize=2.2 * style.marker, zorder=5, gid="highlight", **ring)
    for cluster in year_clusters(years):
        _annotate(ax, rows[rows["year"].isin(cluster)], value, compact_years(cluster), style)
    return [Line2D([], [], markersize=1.6 * style.marker, label=words, **ring)] if years else []


def _annotate(ax: Axes, rows: pd.DataFrame, value: str, words: str, style: cs.ChartStyle) -> None:
    """``words`` above the rings of ``rows`` (below them near the top), kept inside the axes."""
    x, y = float(rows["year"].mean()), float(rows[value].max())
    low, high = ax.get_xlim()
    where = (x - low) / (high - low)
    ha = "left" if where < 0.15 else "right" if where > 0.85 else "center"
    up = y < 0.8
    ax.annotate(
        words,
        xy=(x, y if up else float(rows[value].min())),
        xytext=(0, (1.6 if up else -1.6) * style.font),
        textcoords="offset points",
        ha=ha,
        va="bottom" if up else "top",
        fontsize=style.font,
        color=cs.TEXT_COLOR,
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.9},
        zorder=6,
        gid="highlight-label",
    )


def plot_trend(
    table: pd.DataFrame,
    *,
    value: str = "relative",
    ax: Axes | None = None,
    highlight: float | None = None,
    years_label: float = 5,
    presentation: bool = False,
    title: str | None = None,
) -> Axes:
    """Survival by year of diagnosis: a line with markers and its confidence band.

    Parameters
    ----------
    table : DataFrame
        Columns ``year``, ``value``, ``<value>_low``, ``<value>_high``
        (proportions), one row per year, such as a slice of the bundled
        ``trend.csv`` for one stage, age group and number of years.
    value : str
        The measure to draw, "relative" or "observed".
    ax : Axes, optional
        Where to draw; by default a new Figure (10 x 6.25 inches).
    highlight : float, optional
        A proportion to mark with a reference line; years at it are ringed.
    years_label : float
        Years after diagnosis the values are for, used in the labels.
    presentation : bool
        Larger type (18 pt) and thicker lines, for slides.
    title : str, optional
        A title above the legend.

    Returns
    -------
    Axes
        The axes; values are plotted as proportions.

    Raises
    ------
    ValueError
        If ``highlight`` is not a proportion between 0 and 1 (22 for 22%
        would draw its line far above the chart).
    """
    if highlight is not None and not 0 <= highlight <= 1:
        raise ValueError(f"highlight must be a proportion between 0 and 1 (0.22 for 22%), not {highlight!r}")
    data = trend_table(table, value)
    style = cs.style_for(presentation)
    label = _measure_label(value, years_label)
    if ax is None:
        marked = _marked(data, value, highlight) if highlight is not None else ([], "")
        legend = [label, "Confidence interval"] + ([marked[1]] if marked[0] else [])
        ax = _new_axes(style, legend, title=title)
    cs.style_axes(ax, style)
    (line,) = ax.plot(
        data["year"],
        data[value],
        color=LINE_COLOR,
        linewidth=style.line,
        marker="o",
        markersize=style.marker,
        label=label,
        zorder=3,
        gid="trend",
    )
    ax.fill_between(
        data["year"],
        data[f"{value}_low"],
        data[f"{value}_high"],
        color=LINE_COLOR,
        alpha=cs.BAND_ALPHA,
        linewidth=0,
        zorder=2,
        gid="band",
    )
    _x_axis(ax, data, style)
    cs.percent_yaxis(ax, style, label.capitalize())
    handles = [line, Patch(facecolor=LINE_COLOR, alpha=cs.BAND_ALPHA, label="Confidence interval")]
    if highlight is not None:
        handles += _draw_highlight(ax, data, value, highlight, style)
    rows = cs.top_legend(ax, style, handles)
    cs.set_title(ax, style, title, pad=cs.legend_height(rows, style) + 10)
    return ax


def _new_axes(style: cs.ChartStyle, legend: list[str], *, title: str | None) -> Axes:
    """A new figure with room for the legend and title above and the reference label at right."""
    scale = style.font / 14
    left, right, bottom = 1.2 * scale, 0.9 * scale, 0.95 * scale
    rows = -(-len(legend) // cs.legend_columns(legend, style, (style.width - left - right) * 72))
    top = (cs.legend_height(rows, style) + 14 + (1.5 * style.title if title else 0)) / 72
    ax = cs.new_axes(style, height=max(style.height, top + bottom + MIN_AXES_HEIGHT))
    cs.set_margins(ax, left=left, right=right, top=top, bottom=bottom)
    return ax


def _x_axis(ax: Axes, data: pd.DataFrame, style: cs.ChartStyle) -> None:
    if len(data):
        ax.set_xlim(data["year"].min() - 0.6, data["year"].max() + 0.6)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=8, steps=[1, 2, 5, 10], integer=True))
    ax.xaxis.set_major_formatter(FormatStrFormatter("%d"))
    cs.set_xlabel(ax, style, X_LABEL)


def _subject(table: pd.DataFrame) -> str:
    parts = []
    for column, word in (("stage", "stage"), ("age", "age group")):
        if column in table.columns and table[column].nunique() == 1:
            parts.append(f"{word} {table[column].iloc[0]}")
    return f" for {', '.join(parts)}" if parts else ""


def _pct(value: float) -> str:
    return f"{percent_half_up(value)[()]:.0f}%"


def trend_alt_text(
    table: pd.DataFrame, *, value: str = "relative", highlight: float | None = None, years_label: float = 5
) -> str:
    """A one-paragraph description of :func:`plot_trend`'s chart, with its main values."""
    data = trend_table(table, value)
    known = data.dropna(subset=[value])
    label = _measure_label(value, years_label)
    if known.empty:
        return f"Line chart of {label} by year of diagnosis{_subject(table)}: no year has a value."
    first, last = known.iloc[0], known.iloc[-1]
    low, high = known.loc[known[value].idxmin()], known.loc[known[value].idxmax()]
    text = (
        f"Line chart of {label} by year of diagnosis{_subject(table)}, from {first.year:.0f} "
        f"to {last.year:.0f}, with a shaded confidence band. The x axis shows the year of "
        f"diagnosis; the y axis shows the percentage surviving, from 0% to 100%. It was "
        f"{_pct(first[value])} in {first.year:.0f} and {_pct(last[value])} in {last.year:.0f}; "
        f"lowest {_pct(low[value])} in {low.year:.0f}, highest {_pct(high[value])} in {high.year:.0f}."
    )
    gaps = data.loc[data[value].isna(), "year"]
    if len(gaps):
        text += f" There is no value for {compact_years(gaps)} (follow-up not complete yet)."
    if highlight is not None:
        text += " " + _highlight_sentence(data, value, highlight)
    return text


def _highlight_sentence(data: pd.DataFrame, value: str, figure: float) -> str:
    start = f"A dashed reference line marks {_pct(figure)}"
    matching = years_matching(data, value, figure)
    if matching:
        return f"{start}; the years whose value rounds to it are ringed: {compact_years(matching)}."
    closest = closest_years(data, value, figure)
    if not closest:
        return f"{start}; no year has a value to compare with it."
    nearest = data.loc[data["year"] == closest[0], value].iloc[0]
    return (
        f"{start}; no year rounds to it, and the closest, ringed, is {compact_years(closest)} "
        f"at {_pct(nearest)}."
    )
