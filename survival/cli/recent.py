"""Today's figures on the command line: ``summary --window`` (period estimates) and ``trend`` (joinpoints)."""

from __future__ import annotations

import json
import math
import re
from argparse import Namespace

from survival.cli.selection import one_selection
from survival.datasets.catalogue import load_dataset
from survival.datasets.dataset import Dataset, Selection
from survival.datasets.description import PERIOD
from survival.errors import SurvivalDataError
from survival.estimate.joinpoint_trends import cumulative_survival, hazard_trends, survival_trends
from survival.estimate.period import PeriodEstimate
from survival.estimate.recent import fit_trend, period_estimate

TIMES = (1, 3, 5, 10)
MODEL = "joinpoint survival model (Yu et al. 2009) with JPSurv's conventions"


def parse_window(text: str) -> tuple[int, int] | None:
    """``"2009-2013"`` -> (2009, 2013); ``"latest"`` -> None (the latest complete window)."""
    if text.strip().lower() == "latest":
        return None
    found = re.fullmatch(r"\s*(\d{4})\s*-\s*(\d{4})\s*", text)
    if not found or int(found.group(1)) > int(found.group(2)):
        raise SurvivalDataError(
            f"'{text[:20]}' is not a window of years",
            "the --window option",
            "write it as FIRST-LAST, e.g. --window 2009-2013, or --window latest",
        )
    return int(found.group(1)), int(found.group(2))


def _group(selection: Selection) -> dict[str, str]:
    return {name: label for name, label in selection.labels if name != PERIOD}


def _number(value) -> float | None:
    value = float(value)
    return None if math.isnan(value) else value


def period_payload(data: Dataset, selection: Selection, est: PeriodEstimate) -> dict:
    """The period estimates at 1, 3, 5 and 10 years as a JSON-ready dict, labelled as such."""
    rows = est.at(TIMES)
    columns = [c for c in rows.columns if c.startswith(("observed", "relative"))]
    first, last = est.period.window
    return {
        "dataset": data.name,
        "kind": est.period.kind,
        "label": est.label,
        "follow_up_years": [first + 1, last + 1],
        "last_follow_up_year": est.period.last_follow_up,
        "group": _group(selection),
        "convention": est.estimate.convention,
        "conf_level": est.estimate.conf_level,
        "conf_type": est.estimate.conf_type,
        "estimates": [
            {
                "years": int(r["years"]),
                **{c: _number(r[c]) for c in columns},
                "diagnosed_from": _number(r["first_cohort"]),
                "diagnosed_to": _number(r["last_cohort"]),
            }
            for _, r in rows.iterrows()
        ],
    }


def run_period_summary(args: Namespace) -> str:
    """Period estimates of one group of a dataset (``summary --window``)."""
    data = load_dataset(args.dataset)
    selection = one_selection(data, args)
    est = period_estimate(
        data, selection, parse_window(args.window), conf_level=args.conf_level, convention=args.convention
    )
    payload = period_payload(data, selection, est)
    if args.format == "json":
        return json.dumps(payload, indent=2)
    who = data.describe(Selection(selection.dataset, tuple(p for p in selection.labels if p[0] != PERIOD)))
    lines = [
        f"{est.label}: {who}",
        "Each interval pooled from the people diagnosed in the years that put its follow-up in the "
        "window (Brenner's period analysis).",
        "",
        f"{'years':>5}  {'observed (CI)':<24}  {'relative (CI)':<24}  diagnosed",
    ]
    for row in payload["estimates"]:
        lines.append(
            f"{row['years']:>5}  {_pct(row, 'observed'):<24}  {_pct(row, 'relative'):<24}  "
            f"{row['diagnosed_from']:.0f}-{row['diagnosed_to']:.0f}"
        )
    return "\n".join(lines)


def _pct(row: dict, measure: str) -> str:
    if row.get(measure) is None:
        return "not available"
    return (
        f"{100 * row[measure]:5.1f}% ({100 * row[measure + '_low']:.1f} to "
        f"{100 * row[measure + '_high']:.1f})"
    )


def trend_payload(data: Dataset, selection: Selection, max_joinpoints: int, years: int) -> dict:
    """The joinpoint trend of relative survival by year of diagnosis, as a JSON-ready dict."""
    fit = fit_trend(data, selection, max_joinpoints)
    best = fit.best
    hazard = hazard_trends(best)
    change = survival_trends(best, years)
    projection = cumulative_survival(best, (years,)).to_frame()
    last_diagnosed = int(data.period_labels("single year")[-1])
    projection = projection[projection["year"] <= last_diagnosed]
    return {
        "dataset": data.name,
        "group": _group(selection),
        "model": MODEL,
        "fitted_years": [int(min(best.data.year)), int(max(best.data.year))],
        "last_follow_up_year": int(best.data.last_follow_up),
        "max_joinpoints": max_joinpoints,
        "candidates": [
            {"joinpoints": [int(j) for j in m.joinpoints], "bic": float(m.bic)} for m in fit.models
        ],
        "joinpoints": [int(j) for j in best.joinpoints],
        "segments": [
            {
                "start_year": int(h["start_year"]),
                "end_year": int(h["end_year"]),
                "excess_hazard_annual_change": float(h["annual_change"]),
                "low": float(h["annual_change_low"]),
                "high": float(h["annual_change_high"]),
                f"survival_{years}y_annual_change": float(c["absolute_change"]),
                f"low_{years}y": float(c["absolute_low"]),
                f"high_{years}y": float(c["absolute_high"]),
            }
            for (_, h), (_, c) in zip(hazard.iterrows(), change.iterrows())
        ],
        f"relative_survival_{years}y": [
            {
                "year": int(r["year"]),
                "value": float(r["relative_survival"]),
                "se": float(r["se"]),
                "ci_low": float(r["ci_low"]),
                "ci_high": float(r["ci_high"]),
                "status": str(r["status"]),
            }
            for _, r in projection.iterrows()
        ],
    }


def run_trend(args: Namespace) -> str:
    """The joinpoint trend of one group of a dataset."""
    data = load_dataset(args.dataset)
    selection = one_selection(data, args)
    payload = trend_payload(data, selection, args.max_joinpoints, args.years)
    if args.format == "json":
        return json.dumps(payload, indent=2)
    key = f"relative_survival_{args.years}y"
    lines = [
        f"{MODEL}; group: {', '.join(payload['group'].values()) or 'everyone'}",
        f"joinpoints: {', '.join(map(str, payload['joinpoints'])) or 'none'} (chosen by BIC among "
        f"0 to {args.max_joinpoints})",
        "",
    ]
    for seg in payload["segments"]:
        lines.append(
            f"{seg['start_year']}-{seg['end_year']}: excess hazard changes by "
            f"{100 * seg['excess_hazard_annual_change']:+.1f}% a year "
            f"({100 * seg['low']:+.1f} to {100 * seg['high']:+.1f}); {args.years}-year relative "
            f"survival by {100 * seg[f'survival_{args.years}y_annual_change']:+.2f} points a year"
        )
    lines.append("")
    for row in payload[key][-6:]:
        lines.append(
            f"{row['year']}: {100 * row['value']:.1f}% ({100 * row['ci_low']:.1f} to "
            f"{100 * row['ci_high']:.1f}) {row['status']}"
        )
    return "\n".join(lines)
