"""Deriving the bundled SEER breast-cancer tables from the SEER*Stat export.

The raw export (``../shared/data/seer-breast/``) holds life tables by age
group, SEER breast stage and single year of diagnosis. This module pools them
into the tables the app ships: every stage x age group (the three in the
export plus all ages) x period of diagnosis (five-year periods and single
years), and a trend table of 1-, 5- and 10-year survival by year of diagnosis.

Counts add when pooling; expected interval survival is averaged over the
people alive at the start of the interval (Ederer II). Run it as
``survival-explorer build-data``; ``tests/test_seer_breast.py`` rebuilds the
tables and compares them with the committed ones whenever the export is
present. Provenance: ``data/README.md`` and ``docs/data.md``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from survival.estimate.actuarial import actuarial
from survival.io.seerstat import SeerStatExport, read_seerstat
from survival.tables.lifetable import LifeTable, lifetable_from_frame, pool_frame

EXPORT_COLUMNS = {"Breast stage": "stage", "Age groups": "age", "Year of diagnosis 1975+": "year"}
STAGES = ("Localized", "Regional", "Distant")
ALL_AGES = "All ages"
PERIODS = tuple((y, y + 4) for y in range(1975, 2010, 5)) + ((2010, 2013),)
TREND_HORIZONS = (1, 5, 10)
FILES = ("lifetables.csv", "trend.csv", "periods.csv", "provenance.json")
CITATION = (
    "Surveillance, Epidemiology, and End Results (SEER) Program, SEER*Stat relative "
    "survival export distributed as breast.example in the JPSurv R package (NCI), via CRAN."
)


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote: the directory, the files and their row counts."""

    out_dir: Path
    rows: dict[str, int]


def period_label(first: int, last: int) -> str:
    """``(1975, 1979) -> "1975-1979"``; a single year is just the year."""
    return str(first) if first == last else f"{first}-{last}"


def export_lifetable(export: SeerStatExport) -> LifeTable:
    """The export's life pages as a validated table grouped by stage, age and year."""
    life = export.life.rename(columns=EXPORT_COLUMNS)
    frame = life[["stage", "age", "year", "interval_start", "interval_end",
                  "alive", "died", "lost", "expected_interval"]]
    frame = frame.rename(columns={"expected_interval": "expected"})
    return lifetable_from_frame(frame, ("stage", "age", "year"), source=export.source)


def derive_lifetables(table: LifeTable) -> pd.DataFrame:
    """Pool the single-year table into stage x age (incl. all ages) x period tables."""
    frame = table.frame.copy()
    year = frame["year"].astype(int)
    parts = []
    for first, last in PERIODS + tuple((y, y) for y in sorted(year.unique())):
        rows = frame[(year >= first) & (year <= last)].assign(period=period_label(first, last))
        parts.append(pool_frame(rows, ("stage", "age", "period")))
        parts.append(pool_frame(rows, ("stage", "period")).assign(age=ALL_AGES))
    out = pd.concat(parts, ignore_index=True)
    return _ordered(out, ["stage", "age", "period"])[
        ["stage", "age", "period", "interval_start", "interval_end",
         "alive", "died", "lost", "expected"]]


def _ordered(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    order = {
        "stage": list(STAGES),
        "age": sorted(set(frame["age"]) - {ALL_AGES}) + [ALL_AGES],
    }
    if "period" in frame:
        order["period"] = list(dict.fromkeys(frame["period"]))
    sort = frame.copy()
    for key in keys:
        if key in order:
            sort[key] = pd.Categorical(sort[key], categories=order[key], ordered=True)
    index = sort.sort_values(keys + ["interval_start"] if "interval_start" in sort else keys,
                             kind="stable").index
    return frame.loc[index].reset_index(drop=True)


def derive_trend(table: LifeTable) -> pd.DataFrame:
    """1-, 5- and 10-year observed and relative survival by stage, age and year of diagnosis."""
    frame = table.frame
    parts = [frame, pool_frame(frame, ("stage", "year")).assign(age=ALL_AGES)]
    pooled = LifeTable(pd.concat(parts, ignore_index=True)[list(frame.columns)],
                       ("stage", "age", "year"), table.source)
    pooled = LifeTable(pooled.frame.sort_values(["stage", "age", "year", "interval_start"],
                                                kind="stable").reset_index(drop=True),
                       pooled.group_columns, pooled.source)
    est = actuarial(pooled).to_frame()
    first = est.groupby(["stage", "age", "year"], sort=False)["alive"].transform("first")
    est = est.assign(diagnosed=first)
    rows = est[est["interval_end"].isin(TREND_HORIZONS)].rename(columns={"interval_end": "years"})
    columns = ["stage", "age", "year", "years", "diagnosed"] + [
        f"{m}{s}" for m in ("observed", "relative") for s in ("", "_se", "_low", "_high")]
    rows = rows[columns].copy()
    rows["year"] = rows["year"].astype(int)
    return _ordered(rows, ["stage", "age", "year", "years"])


def derive_periods(table: LifeTable) -> pd.DataFrame:
    """Each period's years and its years of complete follow-up.

    A year of diagnosis has complete follow-up up to the end of its last
    interval that could be estimated when all its cases are pooled; a period
    has the least of its years'.
    """
    by_year = LifeTable(pool_frame(table.frame, ("year",)), ("year",), table.source)
    est = actuarial(by_year).to_frame()
    years_all = sorted(est["year"].astype(int).unique())
    complete = est[est["observed"].notna()].groupby("year")["interval_end"].max()
    complete.index = complete.index.astype(int)
    complete = complete.reindex(years_all, fill_value=0.0)
    rows = []
    for first, last in PERIODS + tuple((y, y) for y in years_all):
        years = complete.loc[first:last]
        rows.append({"period": period_label(first, last), "first_year": first, "last_year": last,
                     "kind": "single year" if first == last else "period",
                     "complete_years": float(years.min())})
    return pd.DataFrame(rows)


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def build_seer_breast(dic_path, out_dir) -> BuildReport:
    """Derive the bundled tables from the export and write them to ``out_dir``.

    Writes ``lifetables.csv``, ``trend.csv``, ``periods.csv`` and
    ``provenance.json`` (source file checksums, what was pooled, citation).
    Output is deterministic: floats with 10 significant digits, LF line ends.

    Parameters
    ----------
    dic_path : path
        The export's ``.dic``; its data file is the one the ``.dic`` names.
    out_dir : path
        The folder to write to (created if needed).

    Returns
    -------
    BuildReport
        The folder and the row count of each table written.
    """
    dic_path, out_dir = Path(dic_path), Path(out_dir)
    export = read_seerstat(dic_path)
    table = export_lifetable(export)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = {"lifetables.csv": derive_lifetables(table), "trend.csv": derive_trend(table),
              "periods.csv": derive_periods(table)}
    for name, frame in tables.items():
        frame.to_csv(out_dir / name, index=False, float_format="%.10g", lineterminator="\n")
    data_file = dic_path.with_name(export.dictionary.data_filename or dic_path.with_suffix(".txt").name)
    provenance = {
        "dataset": "seer-breast",
        "title": "SEER breast cancer, 1975-2013, follow-up to December 2014",
        "citation": CITATION,
        "source_files": {p.name: sha256(p) for p in (dic_path, data_file)},
        "source_rows": int(len(table.frame)),
        "cases": int(table.frame.groupby(["stage", "age", "year"])["alive"].first().sum()),
        "pooling": "counts add; expected interval survival is the alive-weighted mean (Ederer II)",
        "relative_survival_convention": "seer",
        "built_by": "survival-explorer build-data",
        "files": {name: int(len(frame)) for name, frame in tables.items()},
    }
    (out_dir / "provenance.json").write_text(json.dumps(provenance, indent=2) + "\n")
    return BuildReport(out_dir, provenance["files"])


