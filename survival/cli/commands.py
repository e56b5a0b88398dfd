"""What each command-line sub-command does; the parser lives in :mod:`survival.cli.parser`."""

from __future__ import annotations

import json
import math
from argparse import Namespace
from pathlib import Path

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError
from survival.tables.lifetable import resolve_columns

ROOT = Path(__file__).resolve().parents[2]


def default_source() -> Path:
    """The SEER*Stat export beside the project: ``../shared/data/seer-breast``."""
    return ROOT.parent / "shared" / "data" / "seer-breast" / "breast.example.dic"


def run_datasets(args: Namespace) -> str:
    """List the bundled data sets with their groups and periods."""
    from survival.datasets.catalogue import DATASETS, load_dataset

    lines = []
    for name in DATASETS:
        data = load_dataset(name)
        lines += [f"{name}: {data.title}",
                  f"  stages: {', '.join(data.stages())}",
                  f"  age groups: {', '.join(data.ages())} (labels as the source wrote them)",
                  f"  periods: {', '.join(data.period_labels('period'))}",
                  f"  single years: {data.period_labels('single year')[0]} to "
                  f"{data.period_labels('single year')[-1]}",
                  f"  default period (five complete years of follow-up): {data.default_period()}",
                  f"  source: {data.provenance.get('citation', '')}"]
    return "\n".join(lines)


def run_lifetable(args: Namespace) -> str:
    """Estimate survival per group and interval from a file."""
    from survival.io.read import detect_kind

    kind = detect_kind(args.file, duration=args.duration)
    if kind == "individual":
        frame, meta = _individual_frame(args)
    else:
        if args.method == "km":
            raise SurvivalDataError(
                "Kaplan-Meier needs one row per person; this file is a life table of counts",
                str(args.file), "use --method actuarial, or give a file of individual rows")
        frame, meta = _lifetable_frame(args, kind)
    return format_frame(frame, args.format, meta)


def _lifetable_frame(args: Namespace, kind: str) -> tuple[pd.DataFrame, dict]:
    from survival.estimate.actuarial import actuarial
    from survival.io.lifetable_csv import read_lifetable_csv
    from survival.io.read import read_seerstat_lifetable

    if kind == "seerstat":
        table = read_seerstat_lifetable(args.file, by=args.by)
    else:
        table = read_lifetable_csv(args.file, by=args.by)
    est = actuarial(table, conf_level=args.conf_level, convention=args.convention)
    meta = {"method": "actuarial", "conf_level": args.conf_level, "conf_type": est.conf_type,
            "relative_convention": est.convention_text if est.has_expected else None,
            "source": table.source}
    return est.to_frame(), meta


def _individual_frame(args: Namespace) -> tuple[pd.DataFrame, dict]:
    from survival.io.individual import read_individual_csv

    counts = read_individual_csv(args.file, duration=args.duration, event=args.event,
                                 group=args.group, time_unit=args.time_unit)
    if args.by is not None:
        counts = counts.pool(resolve_columns(counts.group_columns, args.by, "the --by option"))
    meta = {"conf_level": args.conf_level, "conf_type": "log-log", "relative_convention": None,
            "source": counts.source, "time_unit": "years"}
    if args.method == "actuarial":
        from survival.estimate.actuarial import actuarial

        est = actuarial(counts.to_lifetable(args.width), conf_level=args.conf_level)
        return est.to_frame(), {**meta, "method": "actuarial"}
    from survival.estimate.kaplan_meier import km_table

    frame = km_table(counts, conf_level=args.conf_level)
    for column in ("expected", "relative", "relative_se"):
        frame[column] = np.nan
    return frame, {**meta, "method": "kaplan-meier"}


def run_summary(args: Namespace) -> str:
    """Key figures of one bundled selection."""
    from survival.datasets.catalogue import load_dataset
    from survival.estimate.summary import summarize

    data = load_dataset(args.dataset)
    selection = data.select(args.stage, args.age, args.period)
    label = f"{selection.stage} stage, {selection.age}, diagnosed {selection.period}"
    result = summarize(data.table(selection), conf_level=args.conf_level,
                       convention=args.convention, label=label)
    if args.format == "json":
        payload = {"dataset": data.name, "stage": selection.stage, "age": selection.age,
                   "period": selection.period,
                   "complete_follow_up_years": data.complete_years(selection.period),
                   **result.to_dict()}
        return json.dumps(payload, indent=2)
    from survival.cli.summary_table import summary_table

    return summary_table(result, data.complete_years(selection.period))


def run_explain(args: Namespace) -> str:
    """The plain-language explanation of one bundled selection, as Markdown text."""
    from survival.datasets.catalogue import load_dataset
    from survival.words.explanation import explain

    data = load_dataset(args.dataset)
    selection = data.select(args.stage, args.age, args.period)
    return explain(data, selection, figure=args.figure).to_markdown()


def run_plot(args: Namespace) -> str:
    """Draw one chart kind for bundled selections and save it; return where."""
    from survival.datasets.catalogue import load_dataset
    from survival.plot import dataset_charts as figures
    from survival.plot.style import save_figure

    suffix = args.output.suffix.lower()
    if suffix not in (".png", ".svg", ".pdf"):
        raise SurvivalDataError(f"'{args.output.name}' does not end in .png, .svg or .pdf", "the -o option",
                                "name the output file with one of those extensions")
    data = load_dataset(args.dataset)
    selections = _plot_selections(data, args)
    measure = args.measure or ("both" if args.kind == "curve" else "relative")
    if args.kind == "compare":
        chart = figures.compare_chart(data, selections, measure=_one(measure), presentation=args.presentation)
    elif args.kind == "curve":
        chart = figures.curve_chart(data, selections[0], measure=measure, presentation=args.presentation)
    elif args.kind == "icons":
        chart = figures.icons_chart(data, selections[0], years=args.years, presentation=args.presentation)
    else:
        chart = figures.trend_chart(data, selections[0], years=args.years, measure=_one(measure),
                                    figure=args.figure, presentation=args.presentation)
    save_figure(chart.ax, args.output, description=chart.alt_text)
    return f"Wrote {args.output}.\n{chart.alt_text}"


def _one(measure: str) -> str:
    if measure == "both":
        raise SurvivalDataError("This chart shows one measure", "the --measure option",
                                "choose observed or relative")
    return measure


def _plot_selections(data, args: Namespace) -> list:
    values = {f: getattr(args, f) or [None] for f in ("stage", "age", "period")}
    if values["stage"] == [None]:
        raise SurvivalDataError("No stage was given", "the --stage option",
                                "add --stage, e.g. --stage distant")
    several = [f for f, v in values.items() if len(v) > 1]
    if args.kind != "compare" and several:
        raise SurvivalDataError(f"Only a comparison takes several values (--{several[0]} was given "
                                f"{len(values[several[0]])} times)", "the options",
                                "use --kind compare, or give one value")
    if len(several) > 1:
        raise SurvivalDataError("A comparison varies one thing at a time", "the options",
                                f"give several values for one of --{' or --'.join(several)}, not both")
    if args.kind == "compare" and not several:
        raise SurvivalDataError("A comparison needs two or more groups", "the options",
                                "repeat one option, e.g. --stage localized --stage distant")
    varying = several[0] if several else "stage"
    fixed = {f: v[0] for f, v in values.items() if f != varying}
    return [data.select(**{**fixed, varying: v}) for v in values[varying]]


def run_build(args: Namespace) -> str:
    """Rebuild the bundled tables from the SEER*Stat export."""
    from survival.datasets.build_seer_breast import build_seer_breast
    from survival.datasets.catalogue import data_dir

    if not Path(args.source).is_file():
        raise SurvivalDataError(f"The SEER*Stat export is not at {args.source}", "the --source option",
                                "give the path of breast.example.dic with --source")
    out = args.out or data_dir() / "seer-breast"
    report = build_seer_breast(args.source, out)
    rows = ", ".join(f"{name}: {n} rows" for name, n in report.rows.items())
    return f"Wrote {report.out_dir} ({rows})."


def format_frame(frame: pd.DataFrame, fmt: str, meta: dict) -> str:
    """Render an estimate table as an aligned text table, CSV or JSON."""
    if fmt == "json":
        rows = [{k: _json_value(v) for k, v in row.items()} for row in frame.to_dict("records")]
        return json.dumps({**meta, "rows": rows}, indent=1)
    if fmt == "csv":
        out = frame.copy()
        if meta.get("relative_convention"):
            out["relative_convention"] = meta["relative_convention"]
        return out.to_csv(index=False, float_format="%.10g", lineterminator="\n")
    notes = [f"# method: {meta['method']}; {meta['conf_level']:.0%} confidence intervals "
             f"({meta['conf_type']}); times in years since diagnosis; survival as proportions"]
    if meta.get("relative_convention"):
        notes.append(f"# relative survival: {meta['relative_convention']}")
    body = frame.to_string(index=False, na_rep="", float_format=lambda v: f"{v:.4f}")
    return "\n".join(notes + [body])


def _json_value(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    return value
