"""The ``lifetable`` command: estimates from a file of the reader's own, as a table, CSV or JSON.

Every input kind (a SEER*Stat export, a life-table CSV, one row per person)
goes through the same pipeline as the app's "Your own data" page
(:func:`survival.estimate.groups.estimate_groups`), so the two give the same
columns and numbers. ``--format csv`` is an export: text cells that a
spreadsheet would run as a formula are escaped as the app's downloads are
(:func:`survival.io.csv_export.safe_csv`). A file of one row per person is
read in parts (:func:`survival.io.individual_chunks.read_individual_chunks`),
so its size is bounded by the disk rather than by memory.
"""

from __future__ import annotations

import json
import math
from argparse import Namespace

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError
from survival.estimate.groups import GroupEstimates, estimate_groups, method_name
from survival.io.csv_export import safe_csv
from survival.io.names import EXPORT_COLUMNS, check_output_names


def run_lifetable(args: Namespace) -> str:
    """Estimate survival per group and interval (or time) from a file."""
    from survival.io.read import detect_kind

    if args.population:
        from survival.cli.records import run_records

        return run_records(args)
    method = method_name(args.method)
    kind = detect_kind(args.file, duration=args.duration, event=args.event)
    if kind == "individual":
        from survival.io.individual_chunks import read_individual_chunks

        data = read_individual_chunks(
            args.file, duration=args.duration, event=args.event, group=args.by, time_unit=args.time_unit
        )
        by = None
    else:
        if method == "kaplan-meier":
            raise SurvivalDataError(
                "Kaplan-Meier needs one row per person; this file is a life table of counts",
                str(args.file),
                "use --method actuarial, or give a file of individual rows",
            )
        data, by = _lifetable(args, kind), None
    estimates = estimate_groups(
        data,
        method=method,
        by=by,
        conf_level=args.conf_level,
        conf_type=args.conf_type,
        convention=args.convention,
        width=args.width,
    )
    return format_estimates(estimates, args.format, kind, median_rule=args.median_rule)


def _lifetable(args: Namespace, kind: str):
    if kind == "seerstat":
        from survival.io.read import read_seerstat_lifetable

        return read_seerstat_lifetable(args.file, by=args.by)
    from survival.io.lifetable_csv import read_lifetable_csv

    return read_lifetable_csv(args.file, by=args.by)


def format_estimates(estimates: GroupEstimates, fmt: str, kind: str = "", median_rule: str = "first") -> str:
    """Render the estimates' table as an aligned text table, CSV (escaped) or JSON.

    JSON and the text table also give each group's median survival with its
    interval (``median_rule`` as :meth:`SurvivalCurve.median`'s convention);
    CSV stays one table.
    """
    meta = estimates.metadata()
    if kind == "individual":
        meta["time_unit"] = "years"
    if fmt == "csv" or estimates.measure != "observed":
        return format_frame(estimates.table, fmt, meta)
    medians = estimates.medians(median_rule)
    if fmt == "json":
        return format_frame(estimates.table, fmt, {**meta, "medians": medians})
    return "\n".join([format_frame(estimates.table, fmt, meta), *map(_median_line, medians)])


def _median_line(m: dict) -> str:
    rule = "R's midpoint rule" if m["convention"] == "midpoint" else "first time at or below one half"
    if m["median"] is None:
        return f"# median survival, {m['group']}: not reached by {m['last_time']:.4g} years"
    high = "not reached" if m["ci_high"] is None else f"{m['ci_high']:.4g}"
    low = "-" if m["ci_low"] is None else f"{m['ci_low']:.4g}"
    return f"# median survival, {m['group']}: {m['median']:.4g} years (interval {low} to {high}; {rule})"


def format_frame(frame: pd.DataFrame, fmt: str, meta: dict) -> str:
    """An estimate table as text, CSV or JSON, with what the numbers are."""
    if fmt == "json":
        rows = [{k: _json_value(v) for k, v in row.items()} for row in frame.to_dict("records")]
        return json.dumps({**meta, "rows": rows}, indent=1)
    if fmt == "csv":
        out = frame.copy()
        if meta.get("relative_convention"):
            check_output_names(out.columns, EXPORT_COLUMNS, "the CSV export")
            out["relative_convention"] = meta["relative_convention"]
        return safe_csv(out)
    notes = [
        f"# method: {meta['method']}; {meta['conf_level']:.0%} confidence intervals "
        f"({meta['conf_type']}); times in years since diagnosis; survival as proportions"
    ]
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
