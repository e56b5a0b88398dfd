"""A summary as an aligned plain-text table, for the command line."""

from __future__ import annotations

import math

import pandas as pd

from survival.estimate.results import Median
from survival.estimate.summary import Estimate, Summary


def _pct(estimate: Estimate | None) -> str:
    if estimate is None or math.isnan(estimate.value):
        return "not available"
    return f"{100 * estimate.value:5.1f}% ({100 * estimate.low:.1f} to {100 * estimate.high:.1f})"


def _years(value: float) -> str:
    return f"{value:g} year" + ("" if value == 1 else "s")


def median_line(median: Median) -> str:
    """The median, or why there is none, in one line."""
    level = f"{median.conf_level:.0%}"
    if median.reached:
        high = "not reached" if math.isnan(median.ci_high) else f"{median.ci_high:.2f}"
        return (
            f"Median survival (observed): {median.value:.2f} years ({level} CI {median.ci_low:.2f} to {high})"
        )
    if not median.estimable:
        return "Median survival (observed): cannot be estimated yet (follow-up is too short)"
    return (
        f"Median survival (observed): not reached; more than half were alive at "
        f"{_years(median.last_time)}, the last time with figures"
    )


def summary_table(summary: Summary, complete_years: float | None = None) -> str:
    """Render :class:`Summary` as text: percentages to one decimal, with CIs."""
    level = f"{summary.conf_level:.0%}"
    lines = [
        summary.label,
        f"{summary.diagnosed:,} people diagnosed"
        + (f"; complete follow-up for {_years(complete_years)}" if complete_years else ""),
        "",
    ]
    lines.append(
        f"{'years':>5}  {'observed (' + level + ' CI)':<26}  {'relative (' + level + ' CI)':<26}"
        f"  {'alive at start of that year':>27}"
    )
    for row in summary.survival:
        at_risk = "" if math.isnan(row.at_risk) else f"{row.at_risk:,.0f}"
        lines.append(f"{row.years:>5g}  {_pct(row.observed):<26}  {_pct(row.relative):<26}  {at_risk:>27}")
    lines.append("")
    lines.append(median_line(summary.median))
    lines.append("")
    more = _years(summary.conditional[0].more_years) if summary.conditional else ""
    lines.append(f"Conditional survival: chance of living {more} more, for people alive after")
    for given in summary.conditional:
        lines.append(
            f"  {_years(given.given):<8} observed {_pct(given.observed):<26}  relative {_pct(given.relative)}"
        )
    if summary.rmst:
        lines += ["", "Restricted mean survival time (observed): the average years lived of the first"]
        for rmst in summary.rmst:
            interval = f"({level} CI {rmst.low:.2f} to {rmst.high:.2f})"
            lines.append(f"  {_years(rmst.tau):<8} {rmst.estimate:.2f} years {interval}")
    lines += [
        "",
        f"Relative survival: {summary.convention_text}.",
        "Observed survival counts deaths from any cause; relative survival compares with people "
        "of the same age in the general population.",
    ]
    return "\n".join(lines)


def measures_table(figures: pd.DataFrame) -> str:
    """Survival by every measure the data have, each with its method, as aligned text."""
    lines = ["Survival by measure (each with the method that estimates it)"]
    for (measure, method), rows in figures.groupby(["measure", "method"], sort=False):
        cells = [
            f"{r['years']:g}y {100 * r['survival']:.1f}% ({100 * r['ci_low']:.1f}-{100 * r['ci_high']:.1f})"
            for r in rows.to_dict("records")
            if not math.isnan(r["survival"])
        ]
        lines.append(f"  {measure} ({method}): " + "; ".join(cells))
    return "\n".join(lines)
