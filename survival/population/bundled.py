"""The bundled population tables: U.S., Finnish and Slovene all-cause hazards, loadable with one call.

Each table is converted once, at build time, from its source's unit to the
**hazard per person-day** (the unit of :class:`PopulationTable`) and written to
``survival/data/populations/<id>/hazard.csv`` (``sex, age, year,
hazard_per_day``, 17 significant digits, so the numbers read back are the
converted ones bit for bit) with ``provenance.json`` (source checksums, the
table's year length, its last year, the conversion).

================  ==============================  ========================  ============  =================
id                source                          unit in the source        days a year   years
================  ==============================  ========================  ============  =================
``"us"``          R survival's ``survexp.us``      hazard per day            365.25        1940-2014
``"finland"``     ``popmort`` (Biostatistics III)  one-year survival prob.   365.241       1951-2000
``"slovenia"``    relsurv's ``slopop``             hazard per day            365.241       1930-2020 (bands)
================  ==============================  ========================  ============  =================

``load_population("us")`` gives the table for a reader's own U.S. records
(:func:`survival.datasets.upload_records.dataset_from_records`);
:func:`build_population` rebuilds one from ``../shared/data``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from survival.datasets.build import BuildReport, checked_sources, sha256
from survival.datasets.locations import data_dir, shared_dir
from survival.errors import SurvivalDataError
from survival.population.readers import read_popmort, read_slopop, read_survexp_us
from survival.population.table import PopulationTable, population_table_from_frame

#: The kind of a bundled population table, as ``survival-explorer datasets`` lists it.
POPULATION_KIND = "population table"
HAZARD_FILE = "hazard.csv"
FOLDER = "populations"


@dataclass(frozen=True)
class BundledPopulation:
    """A bundled population table: what it is, where its source is, how it was converted.

    Attributes
    ----------
    id : str
        ``"us"``, ``"finland"`` or ``"slovenia"``.
    title : str
        One line: country, years and source.
    country : str
        The population it describes.
    citation : str
        How to cite the source, as its README says.
    source_folder : str
        The folder of ``../shared/data`` holding the source.
    source_file : str
        The source file in that folder.
    conversion : str
        How the source's unit became a hazard per person-day.
    read : callable
        The reader that converts the source (:mod:`survival.population.readers`).
    kind : str
        Always :data:`POPULATION_KIND`.
    """

    id: str
    title: str
    country: str
    citation: str
    source_folder: str
    source_file: str
    conversion: str
    read: Callable[[Path], PopulationTable]
    kind: str = POPULATION_KIND


POPULATIONS: dict[str, BundledPopulation] = {
    p.id: p
    for p in (
        BundledPopulation(
            id="us",
            title="United States population mortality, 1940-2014 (R survival's survexp.us)",
            country="United States",
            citation="Therneau T. A Package for Survival Analysis in R, version 3.5-3 (survival), data set "
            "survexp.us (U.S. population rate table, from U.S. Census / national life tables), CRAN, 2023.",
            source_folder="us-population-mortality",
            source_file="survexp_us_long.csv",
            conversion="none: the source holds the hazard per person-day (-ln(1 - q) / 365.25); years of "
            "365.25 days; the calendar year advances on each person's birthday (R survival's U.S. tables)",
            read=read_survexp_us,
        ),
        BundledPopulation(
            id="finland",
            title="Finnish population mortality, 1951-2000 (popmort of the Biostatistics III course)",
            country="Finland",
            citation="popmort (population mortality for the Finnish colon/melanoma teaching data, "
            "Biostatistics III course), in the R package rstpm2 version 1.6.9 (M. Clements et al.), "
            "CRAN, 2025.",
            source_folder="finland-popmort",
            source_file="popmort.csv",
            conversion="hazard per day = -ln(prob) / 365.241, prob being the one-year survival "
            "probability (relsurv's transrate); years of 365.241 days",
            read=read_popmort,
        ),
        BundledPopulation(
            id="slovenia",
            title="Slovene population mortality, 1930-2020 (relsurv's slopop)",
            country="Slovenia",
            citation="slopop (Slovene population mortality), in the R package relsurv version 2.2-9 "
            "(M. Pohar Perme, D. Manevski), CRAN, 2022.",
            source_folder="slovenia-colorectal",
            source_file="slopop_long.csv",
            conversion="none: the source holds the hazard per person-day; years of 365.241 days; "
            "calendar bands 1930-1947, 1948-1951, 1952-1959, 1960-1969, 1970-1979, then single "
            "years, the last (2020) standing for every later year",
            read=read_slopop,
        ),
    )
}


def _entry(name: str) -> BundledPopulation:
    if name not in POPULATIONS:
        raise SurvivalDataError(
            f"There is no bundled population table '{name}'",
            "the population option",
            f"choose one of: {', '.join(POPULATIONS)}, or give your own table",
        )
    return POPULATIONS[name]


def population_dir(name: str, directory: Path | None = None) -> Path:
    """The folder of bundled table ``name``: ``<data_dir>/populations/<name>``."""
    return Path(directory or data_dir()) / FOLDER / _entry(name).id


def load_population(name: str, directory: Path | None = None) -> PopulationTable:
    """A bundled population table, in hazards per person-day (read once per process).

    Parameters
    ----------
    name : {"us", "finland", "slovenia"}
        Which table (see :data:`POPULATIONS`).
    directory : Path, optional
        The folder holding ``populations/<name>/`` (default: the package's data).

    Returns
    -------
    PopulationTable

    Raises
    ------
    SurvivalDataError
        For an unknown name, or when the table is not installed.
    """
    return _load(_entry(name).id, str(directory or data_dir()))


@lru_cache(maxsize=8)
def _load(name: str, directory: str) -> PopulationTable:
    folder = population_dir(name, Path(directory))
    if not (folder / HAZARD_FILE).is_file():
        raise SurvivalDataError(
            f"The population table '{name}' is not installed",
            str(folder),
            "reinstall the package, or rebuild it with survival-explorer build-data",
        )
    meta = population_provenance(name, Path(directory))
    frame = pd.read_csv(folder / HAZARD_FILE, float_precision="round_trip")
    return population_table_from_frame(
        frame,
        unit="hazard_per_day",
        days_per_year=float(meta["days_per_year"]),
        last_year=int(meta["last_year"]),
        year_on_birthday=bool(meta["year_on_birthday"]),
        source=f"bundled population table {name}",
    )


def population_provenance(name: str, directory: Path | None = None) -> dict:
    """The ``provenance.json`` of bundled table ``name``."""
    return json.loads((population_dir(name, directory) / "provenance.json").read_text())


def build_population(name: str, source: Path | None = None, out_dir: Path | None = None) -> BuildReport:
    """Convert one population table from its raw source and write it with its provenance.

    Parameters
    ----------
    name : {"us", "finland", "slovenia"}
        Which table.
    source : Path, optional
        The folder holding the source file and its ``SHA256SUMS`` (default:
        ``../shared/data/<source folder>``).
    out_dir : Path, optional
        Where to write (default: the package's ``data/populations/<name>``).

    Returns
    -------
    BuildReport
    """
    entry = _entry(name)
    folder = Path(source) if source is not None else shared_dir() / entry.source_folder
    (path,) = checked_sources(folder, [entry.source_file])
    table = entry.read(path)
    out = Path(out_dir) if out_dir is not None else population_dir(name)
    out.mkdir(parents=True, exist_ok=True)
    frame = table.to_frame("hazard_per_day")
    frame.to_csv(out / HAZARD_FILE, index=False, float_format="%.17g", lineterminator="\n")
    rows = {HAZARD_FILE: int(len(frame))}
    provenance = {
        "population": entry.id,
        "title": entry.title,
        "kind": entry.kind,
        "citation": entry.citation,
        "source_files": {path.name: sha256(path)},
        "unit": "hazard_per_day",
        "days_per_year": table.days_per_year,
        "last_year": int(table.last_year),
        "year_on_birthday": bool(table.year_on_birthday),
        "ages": [int(table.ages[0]), int(table.ages[-1])],
        "year_bands": [int(y) for y in table.years],
        "conversion": entry.conversion,
        "built_by": "survival-explorer build-data",
        "files": rows,
    }
    (out / "provenance.json").write_text(json.dumps(provenance, indent=2) + "\n")
    _load.cache_clear()
    return BuildReport(out, rows)
