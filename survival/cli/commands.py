"""The dataset commands: ``datasets``, ``summary``, ``explain`` and ``plot``.

The parser is :mod:`survival.cli.parser`.
"""

from __future__ import annotations

import json
import math
from argparse import Namespace

import pandas as pd

from survival.cli.selection import one_selection, selections
from survival.datasets.catalogue import CATALOGUE, load_dataset
from survival.datasets.description import PERIOD
from survival.datasets.measures import figures
from survival.errors import SurvivalDataError
from survival.estimate.recent import latest_window, selection_trend
from survival.population.bundled import POPULATIONS


def plural(noun: str) -> str:
    """``"stage" -> "stages"``, ``"sex" -> "sexes"``, ``"age group" -> "age groups"``."""
    return noun + ("es" if noun.endswith(("s", "x")) else "s")


def run_datasets(args: Namespace) -> str:
    """List every bundled dataset (site, years, kind, groups, periods, citation) and population table."""
    lines = []
    for name in CATALOGUE:
        data = load_dataset(name)
        d = data.description
        years = f"{d.first_year}-{d.last_year}, followed to {d.follow_up_end}" if d.first_year else "?"
        lines += [f"{name}: {d.title}", f"  site: {d.site} ({d.sex}); diagnosed {years}", f"  kind: {d.kind}"]
        for variable in data.variables:
            lines.append(f"  {plural(variable.what)}: {', '.join(variable.levels)}")
            if variable.note:
                lines.append(f"    ({variable.note})")
        if d.staging:
            lines.append(f"  staging: {d.staging.system}")
        lines.append(f"  measures: {', '.join(data.measures())}")
        if data.has_periods:
            singles = data.period_labels("single year")
            lines += [
                f"  periods: {', '.join(data.period_labels('period'))}",
                f"  single years: {singles[0]} to {singles[-1]}",
                f"  default period (five complete years of follow-up): {data.default_period()}",
            ]
        lines.append(f"  source: {d.citation}")
    for name, entry in POPULATIONS.items():
        lines += [
            f"population:{name}: {entry.title}",
            f"  kind: {entry.kind} ({entry.country})",
            f"  unit: hazard per person-day ({entry.conversion})",
            f"  source: {entry.citation}",
        ]
    return "\n".join(lines)


def run_summary(args: Namespace) -> str:
    """Key figures of one group of a dataset (period estimates with ``--window``)."""
    from survival.estimate.summary import summarize

    if args.window:
        from survival.cli.recent import run_period_summary

        return run_period_summary(args)
    data = load_dataset(args.dataset)
    selection = one_selection(data, args)
    label = data.describe(selection)
    label = label[:1].upper() + label[1:]
    result = summarize(
        data.table(selection), conf_level=args.conf_level, convention=args.convention, label=label
    )
    measures = _measure_figures(data, selection)
    if args.format == "json":
        payload = {
            "dataset": data.name,
            **dict(selection.labels),
            "complete_follow_up_years": data.complete_years(selection.period),
            **result.to_dict(),
            "measures": [
                {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
                for row in measures.to_dict("records")
            ],
        }
        return json.dumps(payload, indent=2)
    from survival.cli.summary_table import measures_table, summary_table

    text = summary_table(result, data.complete_years(selection.period))
    return text + ("\n\n" + measures_table(measures) if measures["measure"].nunique() > 2 else "")


def _measure_figures(data, selection) -> pd.DataFrame:
    """Observed, relative and (where the dataset has them) net and cause-specific survival at
    1, 3, 5 and 10 years, each row naming its method."""
    available = data.measures(selection)
    chosen = [m for m in ("observed", "relative", "net", "cause-specific") if m in available]
    return figures([data.curve(selection, m) for m in chosen], (1, 3, 5, 10))


def run_explain(args: Namespace) -> str:
    """The plain-language explanation of one group of a dataset, as Markdown text."""
    from survival.words.explanation import explain

    data = load_dataset(args.dataset)
    selection = one_selection(data, args)
    # as the patient page: the newest (period) figures unless a period of diagnosis is asked for
    window = latest_window(data) if args.period is None else None
    trend = selection_trend(data, selection)
    return explain(
        data, selection, figure=args.figure, lived=args.lived, window=window, trend=trend
    ).to_markdown()


def run_plot(args: Namespace) -> str:
    """Draw one chart kind for a dataset's groups and save it; return where, and its text alternative."""
    from survival.plot import dataset_charts as charts
    from survival.plot.style import save_figure

    suffix = args.output.suffix.lower()
    if suffix not in (".png", ".svg", ".pdf"):
        raise SurvivalDataError(
            f"'{args.output.name}' does not end in .png, .svg or .pdf",
            "the -o option",
            "name the output file with one of those extensions",
        )
    data = load_dataset(args.dataset)
    chosen = selections(data, args, compare=args.kind == "compare")
    measure = args.measure or (
        "both" if args.kind == "curve" else "observed" if args.kind == "compare" else "relative"
    )
    if args.kind == "compare":
        chart = charts.compare_chart(data, chosen, measure=_one(measure), presentation=args.presentation)
    elif args.kind == "curve":
        chart = charts.curve_chart(data, chosen[0], measure=measure, presentation=args.presentation)
    elif args.kind == "icons":
        chart = charts.icons_chart(data, chosen[0], years=args.years, presentation=args.presentation)
    else:
        chart = charts.trend_chart(
            data,
            chosen[0],
            years=args.years,
            measure=_one(measure),
            figure=args.figure,
            presentation=args.presentation,
        )
    save_figure(chart.ax, args.output, description=chart.alt_text)
    return f"Wrote {args.output}.\n{chart.alt_text}"


def _one(measure: str) -> str:
    if measure == "both":
        raise SurvivalDataError(
            "This chart shows one measure", "the --measure option", "choose observed or relative"
        )
    return measure


__all__ = ["PERIOD", "run_datasets", "run_explain", "run_plot", "run_summary"]
