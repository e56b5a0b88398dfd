"""Building a dataset from one row per person and a population table, the same way for every such source.

A record-based dataset (:mod:`survival.datasets.slovenia_colorectal`,
:mod:`survival.datasets.finland_colon`, ...) says how to read its raw file in a
:class:`RecordsSpec`: which columns hold follow-up, status, age, sex and date
of diagnosis, in which units, which population table gives expected survival,
and how each row gets its labels (the dataset's variables and the year of
diagnosis). :func:`build_records` then

1. checks the source files against their ``SHA256SUMS``;
2. validates the records (:func:`~survival.estimate.net_records.net_records_from_frame`);
3. counts yearly actuarial life tables by variables x single year of
   diagnosis with SEER's Ederer II expected column
   (:func:`~survival.estimate.net_lifetable.seer_lifetable`), and derives the
   standard tables from them (:func:`~survival.datasets.derive.derive_tables`);
4. computes net survival (Pohar Perme), cause-specific survival where causes of
   death are recorded, and ICSS age-standardised relative and net survival,
   for every selection the pages offer (:mod:`survival.datasets.net_tables`);
5. writes everything, deterministically, with provenance.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from survival.datasets.build import BuildReport, checked_sources, write_provenance, write_tables
from survival.datasets.derive import YEAR, derive_tables
from survival.datasets.description import Description
from survival.datasets.net_tables import NET_FILE, net_tables
from survival.estimate.net_lifetable import seer_lifetable
from survival.estimate.net_records import NetRecords, net_records_from_frame
from survival.population.bundled import POPULATIONS
from survival.population.table import PopulationTable

#: The columns a spec's ``prepare`` gives every record, beside the dataset's variables and ``year``.
TIME_COL, STATUS_COL, AGE_COL, SEX_COL = "_time", "_status", "_age", "_sex"
DIAGNOSIS_COL, CANCER_COL = "_diagnosis", "_cancer"
LIFETABLE_YEARS = 20


@dataclass(frozen=True)
class RecordsSpec:
    """How to read one record-based dataset.

    Attributes
    ----------
    file : str
        The records' file in the dataset's source folder.
    population : str
        The bundled population table's id (:data:`survival.population.POPULATIONS`); its
        source is read from its own folder beside the dataset's.
    prepare : callable
        ``prepare(raw, days_per_year)`` -> a frame with the columns ``_time``, ``_status``,
        ``_age``, ``_sex``, ``_diagnosis``, the dataset's variables and ``year`` (labels as
        text), and ``_cancer`` (1 for a death from the cancer, else 0) when causes of
        death are recorded.
    time_unit, age_unit : str
        Units of ``_time`` and ``_age`` (see :func:`net_records_from_frame`).
    status_values : mapping, optional
        Maps ``_status`` to 1 (died, any cause) and 0 (censored).
    icss : int
        The ICSS standard for age standardisation (1 most sites, 2 melanoma).
    years : int
        Yearly intervals in the life tables and the net-survival tables.
    notes : mapping
        Facts for ``provenance.json`` (conventions used to read the records).
    """

    file: str
    population: str
    prepare: Callable[[pd.DataFrame, float], pd.DataFrame]
    time_unit: str
    age_unit: str
    status_values: Mapping | None = None
    icss: int = 1
    years: int = LIFETABLE_YEARS
    notes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class PreparedRecords:
    """The validated records of a dataset, its population table and the cancer-death flags."""

    records: NetRecords
    table: PopulationTable
    cancer_death: np.ndarray | None
    sources: tuple[Path, ...]


def read_records(description: Description, spec: RecordsSpec, source: Path) -> PreparedRecords:
    """Check the source files' checksums, read the records and validate them on the population table.

    Parameters
    ----------
    description : Description
        The dataset's variables.
    spec : RecordsSpec
        How to read it.
    source : Path
        The dataset's source folder (``../shared/data/<id>``); the population table's
        folder is looked for beside it.
    """
    source = Path(source)
    population = POPULATIONS[spec.population]
    (path,) = checked_sources(source, [spec.file])
    pop_folder = (
        source if population.source_folder == source.name else source.parent / population.source_folder
    )
    (pop_path,) = checked_sources(pop_folder, [population.source_file])
    table = population.read(pop_path)
    frame = spec.prepare(pd.read_csv(path), table.days_per_year)
    names = [v.name for v in description.variables]
    records = net_records_from_frame(
        frame,
        table,
        time=TIME_COL,
        status=STATUS_COL,
        age=AGE_COL,
        sex=SEX_COL,
        diagnosis=DIAGNOSIS_COL,
        time_unit=spec.time_unit,
        age_unit=spec.age_unit,
        groups=names + [YEAR],
        status_values=spec.status_values,
        source=spec.file,
    )
    cancer = frame[CANCER_COL].to_numpy(dtype=np.int8) if CANCER_COL in frame else None
    return PreparedRecords(records, table, cancer, (path, pop_path))


def build_records(description: Description, spec: RecordsSpec, source: Path, out_dir: Path) -> BuildReport:
    """Derive a record-based dataset's tables from its raw source and write them to ``out_dir``.

    Parameters
    ----------
    description : Description
        The dataset's description (variables, periods).
    spec : RecordsSpec
        How to read the records.
    source : Path
        The source folder, holding ``spec.file`` and ``SHA256SUMS``.
    out_dir : Path
        The folder to write to (created if needed).

    Returns
    -------
    BuildReport
        The folder and the row count of each table written.
    """
    prepared = read_records(description, spec, source)
    records, table = prepared.records, prepared.table
    names = [v.name for v in description.variables]
    life = seer_lifetable(records, table, by=names + [YEAR], years=spec.years)
    derived = derive_tables(life, description)
    net = net_tables(
        records,
        table,
        description,
        cancer_death=prepared.cancer_death,
        icss=spec.icss,
        years=spec.years,
    )
    rows = write_tables(Path(out_dir), [*derived.items(), (NET_FILE, net)])
    population = POPULATIONS[spec.population]
    write_provenance(
        Path(out_dir),
        description,
        prepared.sources,
        rows,
        cases=int(len(records)),
        population_table=population.id,
        population_citation=population.citation,
        population_conversion=population.conversion,
        days_per_year=table.days_per_year,
        lifetables="yearly actuarial life tables by variables x single year of diagnosis, counted from "
        "the records (interval k = (k-1, k] years; withdrawals count half), with SEER's Ederer II "
        "expected interval survival: the mean over the people alive at the start of each interval of "
        "their chance of surviving it in the general population (seer_lifetable)",
        pooling="counts add; expected interval survival is the alive-weighted mean (Ederer II)",
        relative_survival_convention="seer",
        net_survival="Pohar Perme (relative_survival, method pohar-perme, convention relsurv), "
        "read at whole years, log-type 95% intervals",
        cause_specific="Kaplan-Meier with death from the cancer as the event, log(-log) 95% intervals"
        if prepared.cancer_death is not None
        else "not available: no cause of death",
        age_standardised=f"ICSS {spec.icss} weights over the five ICSS age groups (15-44, ..., 75+) of "
        "Ederer II (relative) and Pohar Perme (net) estimates, log-type 95% intervals; under 15 left out",
        record_conventions=dict(spec.notes),
    )
    return BuildReport(Path(out_dir), rows)
