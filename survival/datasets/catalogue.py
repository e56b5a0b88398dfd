"""The bundled datasets: which there are, loading one by id, and rebuilding them from their sources.

Each bundled dataset is a folder ``survival/data/<id>/`` inside the package
(so an installed wheel has it) holding tables derived by the project's own
code: ``lifetables.csv`` (grouped by the dataset's variables and period of
diagnosis), ``trend.csv``, ``periods.csv``, ``provenance.json``, and for
datasets built from one row per person ``net.csv`` (net, cause-specific and
age-standardised survival). Its description and builder live in one module
per dataset (:mod:`survival.datasets.seer_breast`, ...). The bundled
population tables are a sibling registry,
:data:`survival.population.bundled.POPULATIONS`; :func:`buildable` lists both
for ``build-data``. Sources and citations: ``survival/data/README.md`` and
``docs/data.md``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from survival.datasets import finland_colon, finland_melanoma, seer_breast, seer_prostate, slovenia_colorectal
from survival.datasets.build import BuildReport
from survival.datasets.dataset import Dataset, Selection
from survival.datasets.description import PERIOD, Description
from survival.datasets.locations import data_dir, shared_dir
from survival.datasets.net_tables import NET_FILE
from survival.datasets.trend_fits import read_trend_fits, write_trend_fits
from survival.errors import SurvivalDataError
from survival.population.bundled import POPULATIONS, build_population
from survival.tables.lifetable import LifeTable

__all__ = [
    "CATALOGUE",
    "DATASETS",
    "Bundled",
    "Dataset",
    "Selection",
    "build_dataset",
    "buildable",
    "data_dir",
    "load_dataset",
    "shared_dir",
]


@dataclass(frozen=True)
class Bundled:
    """A bundled dataset: its description and how to build its tables from ``../shared/data/<id>``."""

    description: Description
    build: Callable[[Path, Path], BuildReport]


CATALOGUE: dict[str, Bundled] = {
    module.ID: Bundled(module.DESCRIPTION, module.build)
    for module in (seer_breast, seer_prostate, slovenia_colorectal, finland_colon, finland_melanoma)
}
#: Dataset ids and titles, in the catalogue's order.
DATASETS = {name: entry.description.title for name, entry in CATALOGUE.items()}


#: The prefix that names a bundled population table among the buildable ids ("population:us").
POPULATION_PREFIX = "population:"


def buildable() -> list[str]:
    """Everything ``build-data`` rebuilds: dataset ids, then ``population:<id>`` for each population table."""
    return list(CATALOGUE) + [POPULATION_PREFIX + name for name in POPULATIONS]


def load_dataset(name: str = "seer-breast", directory: Path | None = None) -> Dataset:
    """Load a bundled dataset (read once per process).

    Parameters
    ----------
    name : str
        One of :data:`DATASETS`, e.g. ``"seer-breast"`` or ``"seer-prostate"``.
    directory : Path, optional
        The folder holding ``<name>/`` (default: :func:`data_dir`).

    Returns
    -------
    Dataset

    Raises
    ------
    SurvivalDataError
        For an unknown name, or when the dataset's folder is missing.
    """
    if name not in CATALOGUE:
        raise SurvivalDataError(
            f"There is no bundled data set '{name}'",
            "the dataset option",
            f"choose one of: {', '.join(CATALOGUE)}",
        )
    return _load(name, str(directory or data_dir()))


@lru_cache(maxsize=16)
def _load(name: str, directory: str) -> Dataset:
    folder = Path(directory) / name
    if not folder.is_dir():
        raise SurvivalDataError(
            f"The bundled data set '{name}' is not installed",
            str(folder),
            "reinstall the package, or rebuild it with survival-explorer build-data",
        )
    return _read(name, folder)


def _read(name: str, folder: Path) -> Dataset:
    """The dataset ``name`` from the tables in ``folder``."""
    description = CATALOGUE[name].description
    names = [v.name for v in description.variables]
    text = dict.fromkeys(names + [PERIOD], str)
    frame = pd.read_csv(folder / "lifetables.csv", dtype=text, keep_default_na=False)
    table = LifeTable(frame, tuple(names + [PERIOD]), source=f"bundled data set {name}")
    trend = pd.read_csv(
        folder / "trend.csv", dtype=dict.fromkeys(names, str), keep_default_na=False, na_values=[""]
    )
    periods = pd.read_csv(folder / "periods.csv", dtype={PERIOD: str})
    provenance = json.loads((folder / "provenance.json").read_text())
    net = pd.DataFrame()
    if (folder / NET_FILE).is_file():
        net = pd.read_csv(
            folder / NET_FILE, dtype={**text, "measure": str}, keep_default_na=False, na_values=[""]
        )
    return Dataset(description, table, periods, trend, provenance, net, read_trend_fits(folder))


def build_dataset(name: str, source: Path | None = None, out_dir: Path | None = None) -> BuildReport:
    """Rebuild one bundled dataset's tables (or a population table's) from its raw source.

    Parameters
    ----------
    name : str
        A dataset id, or ``population:<id>`` for a bundled population table (see :func:`buildable`).
    source : Path, optional
        The source folder (default: ``shared_dir() / name``, or the population table's folder).
    out_dir : Path, optional
        Where to write (default: ``data_dir() / name``, or ``data_dir() / populations / <id>``).
    """
    if name.startswith(POPULATION_PREFIX) and name[len(POPULATION_PREFIX) :] in POPULATIONS:
        return build_population(name[len(POPULATION_PREFIX) :], source, out_dir)
    if name not in CATALOGUE:
        raise SurvivalDataError(
            f"There is no bundled data set '{name}'",
            "the dataset option",
            f"choose one of: {', '.join(buildable())}",
        )
    source = Path(source) if source is not None else shared_dir() / name
    if not source.exists():
        raise SurvivalDataError(
            f"The source of '{name}' is not at {source}",
            "the --source option",
            f"give the folder holding the raw files of {name} with --source",
        )
    folder = Path(out_dir) if out_dir else data_dir() / name
    report = CATALOGUE[name].build(source, folder)
    write_trend_fits(folder, _read(name, folder))  # from the tables just written
    _load.cache_clear()
    return report
