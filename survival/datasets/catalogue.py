"""The bundled data sets: loading them and choosing a selection by name.

A bundled data set is a folder ``data/<name>/`` of tables derived by the
project's own code (for ``seer-breast``: :mod:`survival.datasets.build_seer_breast`):
``lifetables.csv`` grouped by stage, age group and period of diagnosis,
``trend.csv``, ``periods.csv`` and ``provenance.json``. Their sources and
citations are in ``data/README.md`` and ``docs/data.md``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from survival.errors import SurvivalDataError
from survival.tables.lifetable import LifeTable

DATASETS = {"seer-breast": "SEER breast cancer, 1975-2013, follow-up to December 2014"}
GROUPS = ("stage", "age", "period")
ALL_AGES = "All ages"


def data_dir() -> Path:
    """Where the bundled tables live: ``$SURVIVAL_DATA_DIR`` or the project's ``data/``."""
    override = os.environ.get("SURVIVAL_DATA_DIR")
    return Path(override) if override else Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class Selection:
    """One group of a data set, by its canonical labels (see :meth:`Dataset.select`).

    Attributes
    ----------
    dataset : str
        The data set's name.
    stage, age, period : str
        Labels exactly as the data set has them, e.g. ``"Distant"``,
        ``"All ages"``, ``"2000-2004"``.
    """

    dataset: str
    stage: str
    age: str
    period: str

    @property
    def group(self) -> tuple[str, str, str]:
        """The key in the data set's life tables."""
        return (self.stage, self.age, self.period)


@dataclass(frozen=True, eq=False)
class Dataset:
    """A bundled data set: life tables, trend table, periods and provenance.

    Attributes
    ----------
    name : str
        The data set's name, e.g. ``"seer-breast"``.
    lifetables : LifeTable
        Counts and expected survival by stage, age group and period.
    trend : DataFrame
        Survival 1, 5 and 10 years after diagnosis by single year of diagnosis.
    periods : DataFrame
        Each period's years, kind and years of complete follow-up.
    provenance : dict
        Source, citation, checksums and pooling rule (``provenance.json``).
    """

    name: str
    lifetables: LifeTable
    trend: pd.DataFrame
    periods: pd.DataFrame
    provenance: dict

    @property
    def title(self) -> str:
        """A one-line description."""
        return self.provenance.get("title", self.name)

    def stages(self) -> list[str]:
        """Stage labels, in the data set's order."""
        return self.lifetables.levels("stage")

    def ages(self) -> list[str]:
        """Age-group labels as the source wrote them, plus "All ages"."""
        return self.lifetables.levels("age")

    def period_labels(self, kind: str | None = None) -> list[str]:
        """Periods of diagnosis; ``kind`` "period" (five-year spans) or "single year"."""
        rows = self.periods if kind is None else self.periods[self.periods["kind"] == kind]
        return list(rows["period"])

    def complete_years(self, period: str) -> float:
        """Years of complete follow-up for every case diagnosed in ``period``."""
        row = self.periods[self.periods["period"] == period]
        return float(row["complete_years"].iloc[0])

    def default_period(self, years: float = 5) -> str:
        """The most recent five-year period with ``years`` years of complete follow-up."""
        spans = self.periods[(self.periods["kind"] == "period") & (self.periods["complete_years"] >= years)]
        return str(spans.sort_values("last_year")["period"].iloc[-1])

    def select(self, stage: str, age: str | None = None, period: str | None = None) -> Selection:
        """Match names case-insensitively; default all ages and :meth:`default_period`."""
        return Selection(
            self.name,
            _match("stage", stage, self.stages()),
            _match("age group", age, self.ages()) if age else ALL_AGES,
            _match("period", period, self.period_labels()) if period else self.default_period(),
        )

    def table(self, selection: Selection) -> LifeTable:
        """The life table of one selection."""
        return self.lifetables.select(stage=selection.stage, age=selection.age,
                                      period=selection.period)


def _match(what: str, given: str, choices: list[str]) -> str:
    wanted = given.strip().casefold()
    for choice in choices:
        if choice.casefold() == wanted:
            return choice
    raise SurvivalDataError(
        f"There is no {what} '{given}' in this data set", f"the {what} option",
        f"choose one of: {', '.join(choices)}",
    )


def load_dataset(name: str = "seer-breast", directory: Path | None = None) -> Dataset:
    """Load a bundled data set (read once per process).

    Parameters
    ----------
    name : str
        One of :data:`DATASETS`.
    directory : Path, optional
        The folder holding ``<name>/`` (default: :func:`data_dir`).

    Returns
    -------
    Dataset

    Raises
    ------
    SurvivalDataError
        For an unknown name, or when the data set's folder is missing.
    """
    if name not in DATASETS:
        raise SurvivalDataError(f"There is no bundled data set '{name}'", "the dataset option",
                                f"choose one of: {', '.join(DATASETS)}")
    return _load(name, str(directory or data_dir()))


@lru_cache(maxsize=4)
def _load(name: str, directory: str) -> Dataset:
    folder = Path(directory) / name
    if not folder.is_dir():
        raise SurvivalDataError(f"The bundled data set '{name}' is not installed", str(folder),
                                "run from the project folder, or set SURVIVAL_DATA_DIR")
    text = {"stage": str, "age": str, "period": str}
    frame = pd.read_csv(folder / "lifetables.csv", dtype=text, keep_default_na=False)
    table = LifeTable(frame, GROUPS, source=f"bundled data set {name}")
    trend = pd.read_csv(folder / "trend.csv", dtype={"stage": str, "age": str}, keep_default_na=False,
                        na_values=[""])
    periods = pd.read_csv(folder / "periods.csv", dtype={"period": str})
    provenance = json.loads((folder / "provenance.json").read_text())
    return Dataset(name, table, trend, periods, provenance)
