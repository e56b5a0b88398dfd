"""Text alternatives and data tables of survival charts, made from the values and labels drawn.

Each text alternative is built from what the chart shows: the axis labels
it was drawn with, where its axes start and end, each line's colour and dash
pattern, and the values at the milestones. Sentences are short (tests keep
every text at or below grade 8).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from survival.estimate.results import SurvivalCurve
from survival.plot import style as cs

X_LABEL = "Years since diagnosis"
MEASURES = {"observed": "observed survival", "relative": "relative survival", "expected": "expected survival"}
METHODS = {"actuarial": "the actuarial life-table method", "kaplan-meier": "the Kaplan-Meier method"}
MILESTONES = (1.0, 5.0, 10.0)
Curves = SurvivalCurve | Sequence[SurvivalCurve]


def _as_list(curves: Curves) -> list[SurvivalCurve]:
    curves = [curves] if isinstance(curves, SurvivalCurve) else list(curves)
    if not curves:
        raise ValueError("Give at least one survival curve to plot.")
    return curves


def curve_labels(curves: Curves) -> list[str]:
    """Display names: each curve's label (or its measure), made unique."""
    names: list[str] = []
    for curve in _as_list(curves):
        base = curve.label or MEASURES[curve.measure].capitalize()
        name, k = base, 2
        while name in names:
            name, k = f"{base} ({k})", k + 1
        names.append(name)
    return names


def default_ylabel(curves: Curves) -> str:
    """The y-axis label a chart of ``curves`` gets: their measure, or "Survival" for a mix."""
    measures = {c.measure for c in _as_list(curves)}
    return MEASURES[measures.pop()].capitalize() if len(measures) == 1 else "Survival"


def _pct(value: float) -> str:
    if not np.isfinite(value):
        return "not available"
    return f"{100 * value:.1f}%" if value < 0.095 else f"{100 * value:.0f}%"


def _years(t: float) -> str:
    return f"{t:g} year" + ("" if t == 1 else "s")


def _look(i: int) -> str:
    color = cs.LINE_COLORS[i % len(cs.LINE_COLORS)]
    return f"{cs.COLOR_NAMES[color]} {cs.LINE_STYLE_NAMES[i % len(cs.LINE_STYLE_NAMES)]} line"


def _milestones(curve: SurvivalCurve) -> list[float]:
    times = [t for t in MILESTONES if curve.start < t <= curve.last_time + 1e-9]
    return times + (
        [curve.last_time] if curve.last_time not in times and curve.last_time > curve.start else []
    )


def _curve_values(curve: SurvivalCurve, name: str) -> str:
    """One short sentence per milestone: "Observed was 54% at 1 year (95% CI 52% to 56%)."."""
    parts = []
    for j, t in enumerate(_milestones(curve)):
        value, (low, high) = curve.at(t)[0], (v[0] for v in curve.ci_at(t))
        ci = (
            f" ({curve.conf_level:.0%} CI {_pct(low)} to {_pct(high)})"
            if curve.measure != "expected" and np.isfinite(low)
            else ""
        )
        last = ", the last time with a figure" if t == curve.last_time and t not in MILESTONES else ""
        lead = f"{name} was" if j == 0 else "It was"
        parts.append(f"{lead} {_pct(value)} at {_years(t)}{last}{ci}.")
    return " ".join(parts)


def _axes_sentence(curves: list[SurvivalCurve], xlabel: str, ylabel: str) -> str:
    start, end = min(c.start for c in curves), max(c.last_time for c in curves)
    return (
        f"The x axis shows {xlabel.lower()}, from {round(start, 1):g} to {round(end, 1):g}; "
        f"the y axis shows {ylabel.lower()}, from 0% to 100%."
    )


def _list(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _table_sentence(risk_times, show_table: bool, full: bool = True) -> str:
    if not show_table:
        return ""
    when = (
        "at the times marked on the x axis"
        if risk_times is None
        else f"at {_list([f'{t:g}' for t in np.sort(np.asarray(risk_times, float))])} years"
    )
    what = (
        "It shows the number still at risk, and how many had died (events) or been censored so far."
        if full
        else "It shows the number still at risk."
    )
    return f" Below the chart, a table gives counts for each group {when}. {what}"


def _methods(curves: list[SurvivalCurve]) -> str:
    return _list(sorted({METHODS[c.method] for c in curves}))


def _shown(curve: SurvivalCurve, label: str) -> str:
    """ "relative survival for Distant", or just "relative survival" when the label says it."""
    measure = MEASURES[curve.measure]
    return measure if label.casefold() in measure else f"{measure} for {label}"


def _censored_sentence(curves: list[SurvivalCurve], censored: bool) -> str:
    if not censored or not any(c.method == "kaplan-meier" and (c.n_censored > 0).any() for c in curves):
        return ""
    return " Small upright ticks on the lines mark when people were censored (left the study alive)."


def survival_alt_text(
    curves: Curves,
    *,
    band: bool = True,
    risk_times: ArrayLike | None = None,
    risk_table: bool = True,
    xlabel: str = X_LABEL,
    ylabel: str | None = None,
    censored: bool = False,
    risk_rows: bool = True,
) -> str:
    """A text alternative of :func:`~survival.plot.curves.plot_survival`'s chart, with its main values.

    Give the same labels and options the chart was drawn with; ``risk_rows``
    False for a slide's table of the number at risk only.
    """
    curves = _as_list(curves)
    labels = curve_labels(curves)
    lines = " ".join(f"A {_look(i)} shows {_shown(c, labels[i])}." for i, c in enumerate(curves))
    band_text = f" Shaded bands show {curves[0].conf_level:.0%} confidence intervals." if band else ""
    values = " ".join(_curve_values(c, labels[i]) for i, c in enumerate(curves))
    return (
        f"Line chart of survival since diagnosis. It was made with {_methods(curves)}. {lines}{band_text}"
        f"{_censored_sentence(curves, censored)} "
        f"{_axes_sentence(curves, xlabel, ylabel or default_ylabel(curves))} {values}"
        f"{_table_sentence(risk_times, risk_table, risk_rows)}"
    )


def comparison_alt_text(
    curves: Curves,
    *,
    band: bool = False,
    risk_times: ArrayLike | None = None,
    risk_table: bool = True,
    xlabel: str = X_LABEL,
    ylabel: str | None = None,
    censored: bool = False,
    risk_rows: bool = True,
) -> str:
    """A text alternative of :func:`~survival.plot.curves.plot_comparison`'s chart, ranking the groups."""
    curves = _as_list(curves)
    labels = curve_labels(curves)
    looks = " ".join(f"{labels[i]} is a {_look(i)}." for i in range(len(curves)))
    horizon = min(c.last_time for c in curves)
    t = max([m for m in MILESTONES if m <= horizon + 1e-9] or [horizon])
    at_t = [float(c.at(t)[0]) for c in curves]
    ranked = _list(f"{labels[i]} {_pct(at_t[i])}" for i in np.argsort(at_t)[::-1])
    band_text = f" Shaded bands show {curves[0].conf_level:.0%} confidence intervals." if band else ""
    return (
        f"Line chart comparing {MEASURES[curves[0].measure]} of {len(curves)} groups. It was made with "
        f"{_methods(curves)}. {looks} Each line is labelled at its right end.{band_text}"
        f"{_censored_sentence(curves, censored)} "
        f"{_axes_sentence(curves, xlabel, ylabel or default_ylabel(curves))} At {_years(t)}, from "
        f"highest to lowest: {ranked}.{_table_sentence(risk_times, risk_table, risk_rows)}"
    )


def survival_table(curves: Curves) -> pd.DataFrame:
    """The numbers drawn: ``time``, then per curve its survival, ci_low and ci_high (proportions).

    Columns are named ``"<label> survival"``, ``"<label> ci_low"`` and
    ``"<label> ci_high"``; times are the union of the curves' times, with
    NaN where a curve has no point.
    """
    curves = _as_list(curves)
    frames = [
        pd.DataFrame(
            {
                "time": c.time,
                f"{name} survival": c.survival,
                f"{name} ci_low": c.ci_low,
                f"{name} ci_high": c.ci_high,
            }
        )
        .drop_duplicates("time", keep="last")
        .set_index("time")
        for c, name in zip(curves, curve_labels(curves))
    ]
    return pd.concat(frames, axis=1).sort_index().reset_index()


def comparison_table(curves: Curves) -> pd.DataFrame:
    """The numbers drawn by :func:`~survival.plot.curves.plot_comparison` (as :func:`survival_table`)."""
    return survival_table(curves)
