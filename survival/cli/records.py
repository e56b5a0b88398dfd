"""``survival-explorer lifetable FILE --population ID``: relative and net survival of one's own records.

One row per person with follow-up, vital status, age, sex and date (or
year) of diagnosis, and a population table (a bundled one: ``us``,
``finland``, ``slovenia``; or a CSV of one's own), give for each group the
observed survival (actuarial), relative survival (SEER's Ederer II life
table) and net survival (Pohar Perme) at 1, 3, 5 and 10 years, each row
naming its method (:func:`survival.datasets.upload_records.dataset_from_records`).
"""

from __future__ import annotations

import json
import math
from argparse import Namespace
from itertools import product
from pathlib import Path

import pandas as pd

from survival.datasets.dataset import Dataset
from survival.datasets.description import PERIOD
from survival.datasets.measures import figures
from survival.datasets.upload_records import dataset_from_records
from survival.io.csv_cells import ROW, read_csv_cells
from survival.io.csv_export import safe_csv
from survival.io.text import read_bytes
from survival.population.bundled import POPULATIONS

MEASURES = ("observed", "relative", "net")
TIMES = (1, 3, 5, 10)


def _population(args: Namespace) -> str | pd.DataFrame:
    """A bundled population table's id, or the reader's own table read from its CSV."""
    if args.population in POPULATIONS:
        return args.population
    path = Path(args.population)
    frame, _ = read_csv_cells(read_bytes(path), path.name)
    return frame.drop(columns=[ROW])


def all_years(data: Dataset) -> str:
    """The period label covering every year of diagnosis."""
    spans = data.periods[data.periods["kind"] == "period"]
    widest = spans.assign(width=spans["last_year"] - spans["first_year"]).sort_values("width")
    return str(widest["period"].iloc[-1])


def records_figures(data: Dataset) -> pd.DataFrame:
    """Every group's observed, relative and net survival at 1, 3, 5 and 10 years, all years pooled."""
    period = all_years(data)
    levels = [[label for label in v.levels if label != v.total] or list(v.levels) for v in data.variables]
    parts = []
    for labels in product(*levels):
        choice = {**dict(zip([v.name for v in data.variables], labels)), PERIOD: period}
        selection = data.select(**choice)
        available = data.measures(selection)
        rows = figures([data.curve(selection, m) for m in MEASURES if m in available], TIMES)
        parts.append(rows.assign(**{name: label for name, label in selection.labels}))
    out = pd.concat(parts, ignore_index=True)
    names = [v.name for v in data.variables] + [PERIOD]
    return out[names + [c for c in out.columns if c not in names]]


def run_records(args: Namespace) -> str:
    """Read the records, match them to the population table, and report every group's figures."""
    frame, _ = read_csv_cells(read_bytes(args.file), Path(args.file).name)
    data = dataset_from_records(
        frame.drop(columns=[ROW]),
        _population(args),
        time=args.duration,
        status=args.event,
        age=args.age,
        sex=args.sex,
        diagnosis=args.diagnosis,
        time_unit=args.time_unit,
        age_unit=args.age_unit,
        diagnosis_unit=args.diagnosis_unit,
        groups=tuple(args.by or ()),
        population_unit=args.population_unit,
        name=Path(args.file).name,
    )
    table = records_figures(data)
    meta = {
        "source": str(args.file),
        "population": str(args.population),
        "relative_method": "Ederer II, SEER life table",
        "net_method": "Pohar Perme",
        "period": all_years(data),
    }
    if args.format == "json":
        rows = [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
            for r in table.to_dict("records")
        ]
        return json.dumps({**meta, "rows": rows}, indent=1)
    if args.format == "csv":
        return safe_csv(table)
    notes = [
        f"# {data.title}; population table {args.population}; diagnosed {meta['period']}",
        "# observed: actuarial life table; relative: Ederer II (SEER life table); net: Pohar Perme",
    ]
    return "\n".join(notes + [table.to_string(index=False, float_format=lambda v: f"{v:.4f}")])
