"""What each command-line sub-command does; the parser lives in :mod:`survival.cli`."""

from __future__ import annotations

import json
import math
from argparse import Namespace
from pathlib import Path

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError
from survival.tables import resolve_columns

ROOT = Path(__file__).resolve().parents[1]


def default_source() -> Path:
    """The SEER*Stat export beside the project: ``../shared/data/seer-breast``."""
    return ROOT.parent / "shared" / "data" / "seer-breast" / "breast.example.dic"


def run_datasets(args: Namespace) -> str:
    """List the bundled data sets with their groups and periods."""
    from survival.datasets import DATASETS, load_dataset

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
    from survival.readers import detect_kind

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
    from survival.actuarial import actuarial
    from survival.lifetable_csv import read_lifetable_csv
    from survival.readers import read_seerstat_lifetable

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
    from survival.individual import read_individual_csv

    counts = read_individual_csv(args.file, duration=args.duration, event=args.event,
                                 group=args.group, time_unit=args.time_unit)
    if args.by is not None:
        counts = counts.pool(resolve_columns(counts.group_columns, args.by, "the --by option"))
    meta = {"conf_level": args.conf_level, "conf_type": "log-log", "relative_convention": None,
            "source": counts.source, "time_unit": "years"}
    if args.method == "actuarial":
        from survival.actuarial import actuarial

        est = actuarial(counts.to_lifetable(args.width), conf_level=args.conf_level)
        return est.to_frame(), {**meta, "method": "actuarial"}
    from survival.km import km_table

    frame = km_table(counts, conf_level=args.conf_level)
    for column in ("expected", "relative", "relative_se"):
        frame[column] = np.nan
    return frame, {**meta, "method": "kaplan-meier"}


def run_summary(args: Namespace) -> str:
    """Key figures of one bundled selection."""
    from survival.datasets import load_dataset
    from survival.summary import summarize

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
    from survival.summary_text import summary_table

    return summary_table(result, data.complete_years(selection.period))


def run_build(args: Namespace) -> str:
    """Rebuild the bundled tables from the SEER*Stat export."""
    from survival.datasets import data_dir
    from survival.seer_breast import build_seer_breast

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
