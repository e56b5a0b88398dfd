"""Hazards for teaching: the Nelson-Aalen cumulative hazard and the smoothed hazard rate.

:func:`plot_cumulative_hazard` draws Nelson-Aalen estimates
(:class:`~survival.estimate.cumulative_hazard.CumulativeHazard`) as rising steps
with their intervals; :func:`plot_smoothed_hazard` draws kernel-smoothed hazards
(:class:`~survival.estimate.hazard_smoothing.SmoothedHazard`) as deaths per 100
people still alive, per year: how the risk of dying changes with time since
diagnosis. The smoothed hazard's band is ``h exp(-+ z SE / h)``, which stays
above 0 (the log transform of :func:`survival.estimate.cumulative_hazard.hazard_interval`).
Each group has its own Okabe-Ito colour and dash pattern; charts draw on the
Axes given or a new Figure (never pyplot) and return the Axes. Each has a text
alternative and a table of the numbers drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from survival.estimate.cumulative_hazard import CumulativeHazard, hazard_interval
from survival.estimate.hazard_smoothing import SmoothedHazard
from survival.plot import style as cs
from survival.plot.lines import draw_line, legend_axes, look_words

X_LABEL = "Years since diagnosis"
CUMULATIVE_LABEL = "Cumulative hazard"
RATE_LABEL = "Deaths per 100 people alive, per year"
PER = 100.0
MILESTONES = (1.0, 5.0, 10.0)


def _as_list(results, kind: type) -> list:
    found = [results] if isinstance(results, kind) else list(results)
    if not found:
        raise ValueError("Give at least one estimate to plot.")
    if len(found) > len(cs.LINE_STYLES):
        raise ValueError(f"At most {len(cs.LINE_STYLES)} groups fit on one chart (got {len(found)}).")
    return found


def _name(result, i: int) -> str:
    return result.label or f"Group {i + 1}"


def rate_interval(result: SmoothedHazard, conf_level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """The smoothed hazard's pointwise interval, ``h exp(-+ z SE / h)`` (per person per unit of time)."""
    return hazard_interval(result.hazard, result.se, conf_level, "log")


def _finish(ax: Axes, style: cs.ChartStyle, handles: list, title: str | None, ylabel: str, xlabel: str):
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    cs.set_xlabel(ax, style, xlabel)
    ax.set_ylabel(ylabel, fontsize=style.font, color=cs.TEXT_COLOR, labelpad=8)
    ax.set_ylim(bottom=0)
    rows = cs.top_legend(ax, style, handles)
    cs.set_title(ax, style, title, pad=cs.legend_height(rows, style) + 10)


def plot_cumulative_hazard(
    hazards: CumulativeHazard | Sequence[CumulativeHazard],
    *,
    ax: Axes | None = None,
    band: bool = True,
    presentation: bool = False,
    title: str | None = None,
    xlabel: str = X_LABEL,
) -> Axes:
    """Nelson-Aalen cumulative hazards as steps, with their intervals (named with their transform).

    Parameters
    ----------
    hazards : CumulativeHazard or sequence of CumulativeHazard
        From :func:`survival.estimate.cumulative_hazard.nelson_aalen`; labels name the groups.
    ax : Axes, optional
        Where to draw; by default a new Figure (never pyplot's).
    band : bool
        Shade each interval.
    presentation : bool
        Larger type and thicker lines, for slides.
    title, xlabel : str
        The title (none by default) and the x-axis label.

    Returns
    -------
    Axes
    """
    found = _as_list(hazards, CumulativeHazard)
    style = cs.style_for(presentation)
    labels = [_name(h, i) for i, h in enumerate(found)]
    band_text = f"{cs.band_label(found[0].conf_level)} ({found[0].conf_type})"
    ax = legend_axes(ax, style, labels + ([band_text] if band else []), title, left=1.2)
    cs.style_axes(ax, style)
    handles: list = []
    for i, h in enumerate(found):
        limits = (h.ci_low, h.ci_high) if band else None
        handles.append(
            draw_line(ax, style, i, h.time, h.cumhaz, limits, label=labels[i], gid=f"cumhaz:{i}", steps=True)
        )
    if band:
        handles.append(Patch(facecolor=cs.MUTED_COLOR, alpha=cs.BAND_ALPHA, label=band_text))
    ax.set_xlim(0, max(float(h.time[-1]) for h in found))
    _finish(ax, style, handles, title, CUMULATIVE_LABEL, xlabel)
    return ax


def plot_smoothed_hazard(
    hazards: SmoothedHazard | Sequence[SmoothedHazard],
    *,
    ax: Axes | None = None,
    band: bool = True,
    conf_level: float = 0.95,
    presentation: bool = False,
    title: str | None = None,
    xlabel: str = X_LABEL,
) -> Axes:
    """Smoothed hazards as deaths per 100 people alive per year, with their intervals.

    Parameters as :func:`plot_cumulative_hazard`; ``conf_level`` is the band's level
    (:func:`rate_interval`). Times are assumed to be in years.
    """
    found = _as_list(hazards, SmoothedHazard)
    style = cs.style_for(presentation)
    labels = [_name(h, i) for i, h in enumerate(found)]
    band_text = f"{cs.band_label(conf_level)} (log)"
    ax = legend_axes(ax, style, labels + ([band_text] if band else []), title, left=1.2)
    cs.style_axes(ax, style)
    handles: list = []
    for i, h in enumerate(found):
        low, high = rate_interval(h, conf_level)
        limits = (PER * low, PER * high) if band else None
        handles.append(
            draw_line(
                ax, style, i, h.time, PER * h.hazard, limits, label=labels[i], gid=f"hazard:{i}", steps=False
            )
        )
    if band:
        handles.append(Patch(facecolor=cs.MUTED_COLOR, alpha=cs.BAND_ALPHA, label=band_text))
    ax.set_xlim(0, max(float(h.time[-1]) for h in found))
    _finish(ax, style, handles, title, RATE_LABEL, xlabel)
    return ax


def _step_at(h: CumulativeHazard, t: float) -> float:
    return float(h.cumhaz[np.searchsorted(h.time, t, side="right") - 1])


def cumulative_hazard_alt_text(
    hazards: CumulativeHazard | Sequence[CumulativeHazard], *, band: bool = True, xlabel: str = X_LABEL
) -> str:
    """A short description of :func:`plot_cumulative_hazard`'s chart, from the values drawn."""
    found = _as_list(hazards, CumulativeHazard)
    end = max(float(h.time[-1]) for h in found)
    lines = "; ".join(f"{_name(h, i)}: {look_words(i)}" for i, h in enumerate(found))
    said = [
        f"Step chart of the cumulative hazard, which adds up deaths divided by the number at risk. {lines}.",
        f"The x axis shows {xlabel.lower()}, from 0 to {end:.0f}.",
    ]
    if band:
        said.append(f"Shaded bands show {found[0].conf_level:.0%} intervals ({found[0].conf_type}).")
    for t in [m for m in MILESTONES if m <= end]:
        said.append(
            f"At {t:g} year{'s' * (t != 1)}: "
            + ", ".join(f"{_name(h, i)} {_step_at(h, t):.2f}" for i, h in enumerate(found) if t <= h.time[-1])
            + "."
        )
    return " ".join(said)


def smoothed_hazard_alt_text(
    hazards: SmoothedHazard | Sequence[SmoothedHazard],
    *,
    band: bool = True,
    conf_level: float = 0.95,
    xlabel: str = X_LABEL,
) -> str:
    """A short description of :func:`plot_smoothed_hazard`'s chart: each peak, and 1, 5 and 10 years."""
    found = _as_list(hazards, SmoothedHazard)
    end = max(float(h.time[-1]) for h in found)
    lines = "; ".join(f"{_name(h, i)}: {look_words(i)}" for i, h in enumerate(found))
    said = [
        f"Line chart of the death rate: deaths per 100 people still alive, per year. {lines}.",
        f"The x axis shows {xlabel.lower()}, from 0 to {end:.0f}.",
    ]
    if band:
        said.append(f"Shaded bands show {conf_level:.0%} intervals (log).")
    for i, h in enumerate(found):
        top = int(np.argmax(h.hazard))
        values = [
            f"{PER * float(np.interp(t, h.time, h.hazard)):.1f} at {t:g} year{'s' * (t != 1)}"
            for t in MILESTONES
            if t <= h.time[-1]
        ]
        said.append(
            f"{_name(h, i)}: highest, {PER * h.hazard[top]:.1f}, at {h.time[top]:.1f} years"
            + (f"; {', '.join(values)}" if values else "")
            + "."
        )
    return " ".join(said)


def cumulative_hazard_table(hazards: CumulativeHazard | Sequence[CumulativeHazard]) -> pd.DataFrame:
    """The numbers drawn: ``time``, then per group its ``cumulative hazard``, ``ci_low`` and ``ci_high``."""
    found = _as_list(hazards, CumulativeHazard)
    frames = [
        pd.DataFrame(
            {
                "time": h.time,
                f"{_name(h, i)} cumulative hazard": h.cumhaz,
                f"{_name(h, i)} ci_low": h.ci_low,
                f"{_name(h, i)} ci_high": h.ci_high,
            }
        ).set_index("time")
        for i, h in enumerate(found)
    ]
    return pd.concat(frames, axis=1).sort_index().reset_index()


def smoothed_hazard_table(
    hazards: SmoothedHazard | Sequence[SmoothedHazard], conf_level: float = 0.95
) -> pd.DataFrame:
    """The numbers drawn: ``time``, then per group its rate per 100 per year with the interval."""
    found = _as_list(hazards, SmoothedHazard)
    frames = []
    for i, h in enumerate(found):
        low, high = rate_interval(h, conf_level)
        frames.append(
            pd.DataFrame(
                {
                    "time": h.time,
                    f"{_name(h, i)} deaths per 100 per year": PER * h.hazard,
                    f"{_name(h, i)} ci_low": PER * low,
                    f"{_name(h, i)} ci_high": PER * high,
                }
            ).set_index("time")
        )
    return pd.concat(frames, axis=1).sort_index().reset_index()
