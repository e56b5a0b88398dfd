"""The real data the net-survival tests use, read once per session (``../shared/data``, or skip).

Records follow relsurv's documented conventions: colrec in days (age, follow-up) with the date
of diagnosis on ``slopop``; the Finnish colon set with age in whole years taken as exact,
follow-up in months of a twelfth of 365.241 days, and the date of diagnosis, on ``popmort``'s
one-year probabilities (as relsurv's ``transrate``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
from shared_data import shared_file

from survival.estimate.net_records import NetRecords, net_records_from_frame
from survival.population import PopulationTable, read_popmort, read_slopop, read_survexp_us

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "r"
FINNISH_DEATHS = {"Alive": 0, "Dead: cancer": 1, "Dead: other": 1, "Lost to follow-up": 0}


def fixture(name: str) -> pd.DataFrame:
    """A committed R reference table (``tests/fixtures/r/net_*.csv``)."""
    return pd.read_csv(FIXTURES / name, dtype={"stage": str, "group": str})


def slopop() -> PopulationTable:
    return _slopop(shared_file("slovenia-colorectal", "slopop_long.csv"))


def popmort() -> PopulationTable:
    return _popmort(shared_file("finland-popmort", "popmort.csv"))


def survexp_us() -> PopulationTable:
    return _us(shared_file("us-population-mortality", "survexp_us_long.csv"))


def colrec_frame() -> pd.DataFrame:
    return _csv(shared_file("slovenia-colorectal", "colrec.csv"))


def colon_frame() -> pd.DataFrame:
    return _csv(shared_file("finland-colon", "colon.csv"))


def colrec() -> NetRecords:
    """colrec on slopop, grouped by stage and site."""
    return _colrec(
        shared_file("slovenia-colorectal", "colrec.csv"),
        shared_file("slovenia-colorectal", "slopop_long.csv"),
    )


def colon() -> NetRecords:
    """The Finnish colon set on popmort, grouped by stage."""
    return _colon(shared_file("finland-colon", "colon.csv"), shared_file("finland-popmort", "popmort.csv"))


@lru_cache
def _slopop(path: Path) -> PopulationTable:
    return read_slopop(path)


@lru_cache
def _popmort(path: Path) -> PopulationTable:
    return read_popmort(path)


@lru_cache
def _us(path: Path) -> PopulationTable:
    return read_survexp_us(path)


@lru_cache
def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path)


@lru_cache
def _colrec(path: Path, table_path: Path) -> NetRecords:
    return net_records_from_frame(
        _csv(path),
        _slopop(table_path),
        time="time",
        status="stat",
        age="age",
        sex="sex",
        diagnosis="diag",
        time_unit="days",
        age_unit="days",
        groups=["stage", "site"],
        source="colrec.csv",
    )


@lru_cache
def _colon(path: Path, table_path: Path) -> NetRecords:
    return net_records_from_frame(
        _csv(path),
        _popmort(table_path),
        time="surv_mm",
        status="status",
        age="age",
        sex="sex",
        diagnosis="dx",
        time_unit="months",
        age_unit="years",
        groups=["stage"],
        status_values=FINNISH_DEATHS,
        source="colon.csv",
    )
