"""The dataset commands: ``datasets``, ``summary``, ``explain`` and ``plot``.

The parser is :mod:`survival.cli.parser`.
"""

from __future__ import annotations

import json
from argparse import Namespace

from survival.cli.selection import one_selection, selections
from survival.datasets.catalogue import CATALOGUE, load_dataset
from survival.datasets.description import PERIOD
from survival.errors import SurvivalDataError


def run_datasets(args: Namespace) -> str:
    """List every bundled dataset: site, years, kind, groups, periods and citation."""
    lines = []
    for name in CATALOGUE:
        data = load_dataset(name)
        d = data.description
        years = f"{d.first_year}-{d.last_year}, followed to {d.follow_up_end}" if d.first_year else "?"
        lines += [f"{name}: {d.title}", f"  site: {d.site} ({d.sex}); diagnosed {years}", f"  kind: {d.kind}"]
        for variable in data.variables:
            note = " (labels as the source wrote them)" if variable.name == "age" else ""
            lines.append(f"  {variable.what}s: {', '.join(variable.levels)}{note}")
        if d.staging:
            lines.append(f"  staging: {d.staging.system}")
        if data.has_periods:
            singles = data.period_labels("single year")
            lines += [
                f"  periods: {', '.join(data.period_labels('period'))}",
                f"  single years: {singles[0]} to {singles[-1]}",
                f"  default period (five complete years of follow-up): {data.default_period()}",
            ]
        lines.append(f"  source: {d.citation}")
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
    if args.format == "json":
        payload = {
            "dataset": data.name,
            **dict(selection.labels),
            "complete_follow_up_years": data.complete_years(selection.period),
            **result.to_dict(),
        }
        return json.dumps(payload, indent=2)
    from survival.cli.summary_table import summary_table

    return summary_table(result, data.complete_years(selection.period))


def run_explain(args: Namespace) -> str:
    """The plain-language explanation of one group of a dataset, as Markdown text."""
    from survival.words.explanation import explain

    data = load_dataset(args.dataset)
    return explain(data, one_selection(data, args), figure=args.figure, lived=args.lived).to_markdown()


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
