"""Joinpoint trends of every selection of a bundled dataset, fitted once when the data are built.

Fitting the joinpoint survival model of one SEER breast selection takes about
a second (thousands of candidate joinpoint locations); a patient choosing a
stage should not wait for it. ``build-data`` fits every selection's trend
with :func:`survival.estimate.recent.selection_trend` and writes the summaries
to ``trend_fits.json`` beside the tables, with the SHA-256 of the
``lifetables.csv`` they were fitted to. :func:`read_trend_fits` gives them
back only when that checksum still matches, so a stored fit can never
describe other tables than the ones shipped; otherwise (and for uploads) the
trend is fitted when asked. Floats are written as Python writes them, so
they read back bit for bit.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import warnings
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import pandas as pd

from survival.datasets.dataset import Dataset
from survival.datasets.description import PERIOD
from survival.errors import FragileEstimateWarning
from survival.estimate.recent import HORIZON, TrendSummary, selection_trend, trend_key

FILE = "trend_fits.json"
TABLES = "lifetables.csv"
FORMAT = 1

#: What a stored trend is, for the file's readers.
METHOD = (
    "survival.estimate.recent.selection_trend: the joinpoint survival model (Yu et al. 2009, as NCI's "
    "JPSurv) of each selection's single years of diagnosis, 0 to 3 joinpoints chosen by BIC, summarised "
    "as the annual change and the fitted (and projected) 5-year relative survival"
)


def fit_all(dataset: Dataset) -> dict[tuple, TrendSummary | None]:
    """Every selection's trend (the period left out), in the order of the variables' levels.

    Always fitted afresh: trends ``dataset`` already carries are not reused.
    """
    dataset = replace(dataset, trend_fits={})
    names = [v.name for v in dataset.variables if v.name != PERIOD]
    period = dataset.default_period() if dataset.has_periods else None
    fits: dict[tuple, TrendSummary | None] = {}
    for labels in itertools.product(*(dataset.levels(n) for n in names)):
        choices: dict[str, str | None] = dict(zip(names, labels))
        if period is not None:
            choices[PERIOD] = period
        selection = dataset.select(**choices)
        with warnings.catch_warnings():  # the page says what a fragile fit means from the summary itself
            warnings.simplefilter("ignore", FragileEstimateWarning)
            fits[trend_key(selection)] = selection_trend(dataset, selection)
    return fits


def write_trend_fits(folder: Path, dataset: Dataset) -> int:
    """Fit every selection of ``dataset`` (read from ``folder``) and write ``trend_fits.json``; how many."""
    fits = fit_all(dataset)
    document = {
        "format": FORMAT,
        "dataset": dataset.name,
        "derived_from": {"file": TABLES, "sha256": _sha256(folder / TABLES)},
        "method": METHOD,
        "horizon": HORIZON,
        "fits": [{"labels": [list(p) for p in key], "trend": _encode(fit)} for key, fit in fits.items()],
    }
    (folder / FILE).write_text(json.dumps(document, indent=1, allow_nan=True) + "\n")
    return len(fits)


def read_trend_fits(folder: Path) -> Mapping[tuple, TrendSummary | None]:
    """The stored trends of the dataset in ``folder``, or none when absent or fitted to other tables."""
    path = folder / FILE
    if not path.is_file():
        return {}
    document = json.loads(path.read_text())
    if document.get("format") != FORMAT or document["derived_from"]["sha256"] != _sha256(folder / TABLES):
        return {}
    return {tuple(tuple(p) for p in fit["labels"]): _decode(fit["trend"]) for fit in document["fits"]}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _encode(fit: TrendSummary | None) -> dict | None:
    if fit is None:
        return None
    return {
        "label": fit.label,
        "years": list(fit.years),
        "joinpoints": list(fit.joinpoints),
        "horizon": fit.horizon,
        "boundary_intervals": list(fit.boundary_intervals),
        "conf_level": fit.conf_level,
        "segments": {c: fit.segments[c].tolist() for c in fit.segments.columns},
        "curve": {c: fit.curve[c].tolist() for c in fit.curve.columns},
    }


def _decode(stored: dict | None) -> TrendSummary | None:
    if stored is None:
        return None
    segments = pd.DataFrame(stored["segments"])
    curve = pd.DataFrame(stored["curve"])
    for frame, whole in ((segments, ("start_year", "end_year")), (curve, ("year",))):
        for column in whole:
            frame[column] = frame[column].astype("int64")
    return TrendSummary(
        label=stored["label"],
        years=(int(stored["years"][0]), int(stored["years"][1])),
        joinpoints=tuple(int(t) for t in stored["joinpoints"]),
        horizon=int(stored["horizon"]),
        segments=segments,
        curve=curve,
        boundary_intervals=tuple(int(i) for i in stored["boundary_intervals"]),
        conf_level=float(stored["conf_level"]),
    )
