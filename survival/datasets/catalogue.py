"""The bundled datasets: which there are, loading one by id, and rebuilding them from their sources.

Each bundled dataset is a folder ``survival/data/<id>/`` inside the package
(so an installed wheel has it) holding tables derived by the project's own
code: ``lifetables.csv`` (grouped by the dataset's variables and period of
diagnosis), ``trend.csv``, ``periods.csv`` and ``provenance.json``. Its
description and builder live in one module per dataset
(:mod:`survival.datasets.seer_breast`, ...). Sources and citations:
``survival/data/README.md`` and ``docs/data.md``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import pandas as pd

from survival.datasets import seer_breast, seer_prostate
from survival.datasets.build import BuildReport
from survival.datasets.dataset import Dataset, Selection
from survival.datasets.description import PERIOD, Description
from survival.errors import SurvivalDataError
from survival.tables.lifetable import LifeTable

__all__ = [
    "CATALOGUE",
    "DATASETS",
    "Bundled",
    "Dataset",
    "Selection",
    "build_dataset",
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
    module.ID: Bundled(module.DESCRIPTION, module.build) for module in (seer_breast, seer_prostate)
}
#: Dataset ids and titles, in the catalogue's order.
DATASETS = {name: entry.description.title for name, entry in CATALOGUE.items()}


def data_dir() -> Path:
    """Where the bundled tables live: ``$SURVIVAL_DATA_DIR``, or the package's own ``data/``."""
    override = os.environ.get("SURVIVAL_DATA_DIR")
    return Path(override) if override else Path(str(files("survival") / "data"))


def shared_dir() -> Path:
    """Where the raw sources are looked for: ``$SURVIVAL_SHARED_DIR`` or ``../shared/data`` of the project."""
    override = os.environ.get("SURVIVAL_SHARED_DIR")
    return Path(override) if override else Path.cwd().resolve().parent / "shared" / "data"


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
    return Dataset(description, table, periods, trend, provenance)


def build_dataset(name: str, source: Path | None = None, out_dir: Path | None = None) -> BuildReport:
    """Rebuild one bundled dataset's tables from its raw source.

    Parameters
    ----------
    name : str
        A dataset id.
    source : Path, optional
        The source folder (default: ``shared_dir() / name``).
    out_dir : Path, optional
        Where to write (default: ``data_dir() / name``).
    """
    if name not in CATALOGUE:
        raise SurvivalDataError(
            f"There is no bundled data set '{name}'",
            "the dataset option",
            f"choose one of: {', '.join(CATALOGUE)}",
        )
    source = Path(source) if source is not None else shared_dir() / name
    if not source.exists():
        raise SurvivalDataError(
            f"The source of '{name}' is not at {source}",
            "the --source option",
            f"give the folder holding the raw files of {name} with --source",
        )
    report = CATALOGUE[name].build(source, Path(out_dir) if out_dir else data_dir() / name)
    _load.cache_clear()
    return report
