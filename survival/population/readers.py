"""Readers for the population tables beside the project (``../shared/data``).

Each reader states the table's unit and year length, converts once, and
returns a :class:`~survival.population.table.PopulationTable` of hazards per
person-day:

========================  =====================  ============  ===================
file                      unit                   days a year   calendar year
========================  =====================  ============  ===================
``slopop_long.csv``       hazard per day         365.241       irregular bands
``survexp_us_long.csv``   hazard per day         365.25        advances on birthdays
``popmort.csv``           one-year probability   365.241       single years
========================  =====================  ============  ===================

``popmort.csv`` also has ``rate`` (per year, ``-ln(prob)``): choose it with
``column="rate"``; the two agree to 3e-8.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError
from survival.population.table import PopulationTable, population_table_from_frame, show_cell

RELSURV_YEAR = 365.241  # relsurv's year in days (slopop, transrate)
SURVIVAL_YEAR = 365.25  # R survival's year in days (survexp.us)


def read_slopop(path: str | Path) -> PopulationTable:
    """relsurv's Slovene table ``slopop`` (hazard per day, 365.241-day years, irregular year bands).

    The last band (2020 onward) is open; the table is taken to cover diagnoses up to
    the end of its first year.
    """
    frame = _read(path, ("sex", "age", "year", "year_from", "hazard_per_day"))
    starts = pd.to_datetime(frame["year_from"], errors="coerce")
    bad = starts.isna().to_numpy() | (starts.dt.strftime("%m-%d") != "01-01").to_numpy()
    bad |= (starts.dt.year != pd.to_numeric(frame["year"], errors="coerce")).to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise SurvivalDataError(
            f"The year band starting {show_cell(frame['year_from'].iloc[i])} does not start on 1 January of "
            f"its year ({show_cell(frame['year'].iloc[i])})",
            f"file {Path(path).name}, row {i + 2}, column 'year_from'",
            "calendar-year bands must start on 1 January of the year in the 'year' column",
        )
    return population_table_from_frame(
        frame, unit="hazard_per_day", days_per_year=RELSURV_YEAR, source=f"file {Path(path).name}"
    )


def read_survexp_us(path: str | Path) -> PopulationTable:
    """survival's U.S. table ``survexp.us`` (hazard per day, 365.25-day years).

    As R's survival package does for this table (rate-table type 4), the calendar
    year advances on each person's birthday.
    """
    frame = _read(path, ("sex", "age", "year", "hazard_per_day"))
    return population_table_from_frame(
        frame,
        unit="hazard_per_day",
        days_per_year=SURVIVAL_YEAR,
        year_on_birthday=True,
        source=f"file {Path(path).name}",
    )


def read_popmort(
    path: str | Path, *, column: str = "prob", days_per_year: float = RELSURV_YEAR
) -> PopulationTable:
    """The Finnish ``popmort`` table (sex 1 = male, 2 = female; single ages 0-105 and years).

    Parameters
    ----------
    path : str or Path
        ``popmort.csv``.
    column : {"prob", "rate"}
        ``prob``, the one-year survival probability (as relsurv's ``transrate`` uses it),
        or ``rate``, the rate per person-year.
    days_per_year : float
        The year in days used to turn yearly values into daily hazards (365.241, relsurv's).
    """
    if column not in ("prob", "rate"):
        raise ValueError(f"column must be 'prob' or 'rate' (got {column!r}).")
    frame = _read(path, ("sex", "age", "year", column))
    unit = "survival_probability" if column == "prob" else "rate_per_year"
    return population_table_from_frame(
        frame, unit=unit, value=column, days_per_year=days_per_year, source=f"file {Path(path).name}"
    )


def _read(path: str | Path, columns: tuple[str, ...]) -> pd.DataFrame:
    path = Path(path)
    try:
        # pandas' default float parser drops digits of numbers with leading zeros
        # ("0.000442999388963638" becomes 0.0004429993889636); round_trip reads them exactly.
        frame = pd.read_csv(path, float_precision="round_trip")
    except FileNotFoundError:
        raise SurvivalDataError(
            f"There is no file {path}", str(path), "check the path to the population table"
        ) from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SurvivalDataError(
            f"The population table has no column '{missing[0]}'",
            f"file {path.name}",
            f"the file needs the columns {', '.join(columns)}",
        )
    return frame
