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
from typing import Any

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
FIT_COLOR = "#000000"
HIGHLIGHT_COLOR = "#D55E00"
MIN_AXES_HEIGHT = 3.8
FITTED_COLUMNS = ("year", "fitted", "fitted_low", "fitted_high", "status")


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
    ring: dict[str, Any] = {
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
    fitted: pd.DataFrame | None = None,
    width: float | None = None,
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
        A slide: 16:9, larger type (18 pt) and thicker lines.
    title : str, optional
        A title above the legend.
    fitted : DataFrame, optional
        A fitted trend (columns :data:`FITTED_COLUMNS`, e.g. a joinpoint model's
        ``TrendSummary.curve``): drawn as a line with its band, dashed where
        ``status`` is "projected"; the yearly values are then markers only.
    width : float, optional
        Figure width in inches for a narrow screen.

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
    style = cs.style_for(presentation, width)
    label = _measure_label(value, years_label)
    band = bool(data[f"{value}_low"].notna().any()) and fitted is None
    if ax is None:
        marked = _marked(data, value, highlight) if highlight is not None else ([], "")
        legend = _legend_words(label, band, fitted) + ([marked[1]] if marked[0] else [])
        title = cs.fit_title(title, style, style.width - 1.4 * style.font / 14)
        ax = _new_axes(style, legend, title=title)
    cs.style_axes(ax, style)
    (line,) = ax.plot(
        data["year"],
        data[value],
        color=LINE_COLOR,
        linewidth=0 if fitted is not None else style.line,
        linestyle="none" if fitted is not None else "solid",
        marker="o",
        markersize=style.marker,
        label="Each year's figure" if fitted is not None else label,
        zorder=3,
        gid="trend",
    )
    handles: list = [line]
    if band:
        ax.fill_between(
            data["year"],
            data[f"{value}_low"],
            data[f"{value}_high"],
            zorder=2,
            gid="band",
            **cs.band_style(LINE_COLOR),
        )
        handles.append(Patch(label="Confidence interval", **cs.band_style(LINE_COLOR)))
    if fitted is not None:
        handles += _draw_fitted(ax, fitted, style)
    _x_axis(ax, data if fitted is None else _span(data, fitted), style)
    cs.percent_yaxis(ax, style, label.capitalize())
    if highlight is not None:
        handles += _draw_highlight(ax, data, value, highlight, style)
    rows = cs.top_legend(ax, style, handles)
    cs.set_title(ax, style, title, pad=cs.legend_height(rows, style) + 10)
    return ax


def _legend_words(label: str, band: bool, fitted: pd.DataFrame | None) -> list[str]:
    if fitted is None:
        return [label] + (["Confidence interval"] if band else [])
    words = ["Each year's figure", "Trend (joinpoint model)", "Confidence interval of the trend"]
    return words + (["Projected"] if (fitted["status"] == "projected").any() else [])


def _span(data: pd.DataFrame, fitted: pd.DataFrame) -> pd.DataFrame:
    years = pd.concat([data["year"], fitted["year"]])
    return pd.DataFrame({"year": [years.min(), years.max()]})


def _draw_fitted(ax: Axes, fitted: pd.DataFrame, style: cs.ChartStyle) -> list:
    """The fitted trend (solid), its projected part (dashed) and its band; their legend handles."""
    missing = [c for c in FITTED_COLUMNS if c not in fitted.columns]
    if missing:
        raise ValueError(f"The fitted trend has no column(s) {', '.join(missing)}.")
    fit = fitted.sort_values("year")
    ax.fill_between(
        fit["year"],
        fit["fitted_low"],
        fit["fitted_high"],
        zorder=2,
        gid="fitted-band",
        **cs.band_style(cs.MUTED_COLOR, alpha=0.15),
    )
    done = fit[fit["status"] == "fitted"]
    (line,) = ax.plot(
        done["year"], done["fitted"], color=FIT_COLOR, linewidth=style.line, zorder=4, gid="fitted"
    )
    line.set_label("Trend (joinpoint model)")
    handles = [
        line,
        Patch(label="Confidence interval of the trend", **cs.band_style(cs.MUTED_COLOR, alpha=0.15)),
    ]
    ahead = fit[fit["status"] == "projected"]
    if len(ahead):
        joined = pd.concat([done.tail(1), ahead])
        (dashed,) = ax.plot(
            joined["year"],
            joined["fitted"],
            color=FIT_COLOR,
            linewidth=style.line,
            linestyle=(0, (4, 2.5)),
            zorder=4,
            gid="projected",
        )
        dashed.set_label("Projected")
        handles.append(dashed)
    return handles


def _new_axes(style: cs.ChartStyle, legend: list[str], *, title: str | None) -> Axes:
    """A new figure with room for the legend and title above and the reference label at right."""
    scale = style.font / 14
    left, right, bottom = 1.2 * scale, 0.9 * scale, 0.95 * scale
    rows = -(-len(legend) // cs.legend_columns(legend, style, (style.width - left - right) * 72))
    top = (cs.legend_height(rows, style) + 14 + cs.title_height(title, style)) / 72
    ax = cs.new_axes(style, height=cs.fit_height(style, top + bottom + MIN_AXES_HEIGHT))
    cs.set_margins(ax, left=left, right=right, top=top, bottom=bottom)
    return ax


def _x_axis(ax: Axes, data: pd.DataFrame, style: cs.ChartStyle) -> None:
    if len(data):
        ax.set_xlim(data["year"].min() - 0.6, data["year"].max() + 0.6)
    fig = cs.figure_of(ax)
    room = ax.get_position().width * fig.get_figwidth() * 72  # points across the axes
    nbins = max(3, min(8, int(room // (cs.text_width("2000", style.font) * 2.2))))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=nbins, steps=[1, 2, 5, 10], integer=True))
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
    table: pd.DataFrame,
    *,
    value: str = "relative",
    highlight: float | None = None,
    years_label: float = 5,
    fitted: pd.DataFrame | None = None,
) -> str:
    """A text alternative of :func:`plot_trend`'s chart, with its main values (same options)."""
    data = trend_table(table, value)
    known = data.dropna(subset=[value])
    label = _measure_label(value, years_label)
    if known.empty:
        return f"Line chart of {label} by year of diagnosis{_subject(table)}. No year has a value."
    first, last = known.iloc[0], known.iloc[-1]
    low, high = known.iloc[int(np.argmin(known[value]))], known.iloc[int(np.argmax(known[value]))]
    shown = "dots for each year" if fitted is not None else "a shaded confidence band"
    text = (
        f"Line chart of {label} by year of diagnosis{_subject(table)}, from {first.year:.0f} "
        f"to {last.year:.0f}, with {shown}. The x axis shows the year of diagnosis; the y axis "
        f"shows the percent surviving, from 0% to 100%. It was {_pct(first[value])} in "
        f"{first.year:.0f} and {_pct(last[value])} in {last.year:.0f}. The lowest was "
        f"{_pct(low[value])} in {low.year:.0f}. The highest was {_pct(high[value])} in {high.year:.0f}."
    )
    gaps = data.loc[data[value].isna(), "year"]
    if len(gaps):
        text += (
            f" There is no value for {compact_years(gaps.astype(int).tolist())} (follow-up not complete yet)."
        )
    if fitted is not None:
        text += " " + _fitted_sentence(fitted)
    if highlight is not None:
        text += " " + _highlight_sentence(data, value, highlight)
    return text


def _fitted_sentence(fitted: pd.DataFrame) -> str:
    fit = fitted.sort_values("year")
    done, ahead = fit[fit["status"] == "fitted"], fit[fit["status"] == "projected"]
    text = (
        "A solid black line shows the trend from a joinpoint model, with a grey band for its "
        f"confidence interval. It goes from {_pct(done['fitted'].iloc[0])} in {done['year'].iloc[0]} to "
        f"{_pct(done['fitted'].iloc[-1])} in {done['year'].iloc[-1]}."
    )
    if len(ahead):
        text += (
            f" A dashed line goes on to {_pct(ahead['fitted'].iloc[-1])} in {ahead['year'].iloc[-1]}. "
            "That part is projected, as follow-up is not complete."
        )
    return text


def _highlight_sentence(data: pd.DataFrame, value: str, figure: float) -> str:
    start = f"A dashed grey line marks {_pct(figure)}."
    matching = years_matching(data, value, figure)
    if matching:
        return f"{start} The years whose value rounds to it are ringed: {compact_years(matching)}."
    closest = closest_years(data, value, figure)
    if not closest:
        return f"{start} No year has a value to compare with it."
    nearest = data.loc[data["year"] == closest[0], value].iloc[0]
    return (
        f"{start} No year rounds to it. The closest, ringed, is {compact_years(closest)} at {_pct(nearest)}."
    )
