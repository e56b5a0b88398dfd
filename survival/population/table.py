"""Population (life) tables: all-cause hazard by sex, age and calendar year.

A :class:`PopulationTable` holds the general population's all-cause mortality
**hazard per person-day** in a three-way array (sex, age band, calendar-year
band). Tables come in different units; they are converted once, here, by
:func:`population_table_from_frame`:

``"hazard_per_day"``
    kept as it is (relsurv's ``slopop``, survival's ``survexp.us``);
``"rate_per_year"``
    divided by ``days_per_year`` (popmort's ``rate``);
``"survival_probability"``
    the probability ``p`` of surviving one year, turned into
    ``-ln(p) / days_per_year`` (popmort's ``prob``; what relsurv's
    ``transrate`` does).

``days_per_year`` is the table's year in days: age band ``a`` starts at
``a * days_per_year`` days of age (365.241 in relsurv's tables, 365.25 in
survival's). Calendar-year bands start on 1 January of their first year and
may be irregular (``slopop``: 1930-1947, 1948-1951, ..., then single years);
the last band is used for every later date, and the last age band for every
greater age, as relsurv and survival do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError

UNITS = ("hazard_per_day", "rate_per_year", "survival_probability")
SEXES = ("male", "female")
EPOCH = np.datetime64("1970-01-01", "D")
MAX_HAZARD_PER_DAY = 0.5  # one-year survival e^-182: no population dies that fast


@dataclass(frozen=True, eq=False)
class PopulationTable:
    """All-cause hazard of the general population per person-day.

    Attributes
    ----------
    hazard : ndarray, shape (n_sexes, n_ages, n_years)
        Hazard per person-day; read-only.
    sexes : tuple of str
        Labels of the first axis (``("male", "female")``).
    ages : ndarray of int
        First age (whole years) of each age band; starts at 0.
    years : ndarray of int
        First calendar year of each year band (1 January).
    days_per_year : float
        Length of the table's year in days: age bands start at
        ``ages * days_per_year`` days.
    last_year : int
        Last calendar year the table covers (diagnoses after it are refused;
        follow-up after it uses the last band).
    year_on_birthday : bool
        True for U.S.-style tables (survival's ``survexp.us``, rate-table type 4)
        whose calendar year advances on each person's birthday, not on 1 January.
    source : str
        Where the table came from.
    """

    hazard: np.ndarray
    sexes: tuple[str, ...]
    ages: np.ndarray
    years: np.ndarray
    days_per_year: float
    last_year: int
    year_on_birthday: bool = False
    source: str = ""

    def __post_init__(self) -> None:
        for name in ("hazard", "ages", "years"):
            arr = np.array(getattr(self, name), copy=True)
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)

    @property
    def age_cuts(self) -> np.ndarray:
        """Where the age bands start, in days of age."""
        return self.ages * self.days_per_year

    @property
    def year_cuts(self) -> np.ndarray:
        """Where the calendar-year bands start, in days since 1970-01-01."""
        return year_start_days(self.years)

    @property
    def first_date(self) -> np.datetime64:
        """The first day the table covers."""
        return np.datetime64(f"{int(self.years[0]):04d}-01-01", "D")

    @property
    def last_date(self) -> np.datetime64:
        """The last day of :attr:`last_year`."""
        return np.datetime64(f"{int(self.last_year):04d}-12-31", "D")

    @property
    def max_hazard(self) -> float:
        """The largest hazard per day in the table."""
        return float(self.hazard.max())

    def to_frame(self, unit: str = "hazard_per_day") -> pd.DataFrame:
        """The table in long form (``sex, age, year, value``) in ``unit`` (see :data:`UNITS`)."""
        check_unit(unit)
        s, a, y = np.meshgrid(
            np.arange(len(self.sexes)), np.arange(len(self.ages)), np.arange(len(self.years)), indexing="ij"
        )
        per_day = self.hazard[s, a, y].ravel()
        value = {
            "hazard_per_day": per_day,
            "rate_per_year": per_day * self.days_per_year,
            "survival_probability": np.exp(-per_day * self.days_per_year),
        }[unit]
        return pd.DataFrame(
            {
                "sex": np.array(self.sexes)[s.ravel()],
                "age": self.ages[a.ravel()],
                "year": self.years[y.ravel()],
                unit: value,
            }
        )


def year_start_days(years) -> np.ndarray:
    """1 January of each year, in days since 1970-01-01 (float)."""
    years = np.asarray(years, dtype=np.int64)
    return (years - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64).astype(float)


def show_cell(value) -> str:
    """A cell's value for a message: text quoted, numbers plain, missing as '(empty)'."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "(empty)"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return f"{float(value):g}"
    return repr(str(value))


def check_unit(unit: str) -> str:
    """``unit`` if it is one of :data:`UNITS`; otherwise ``ValueError``."""
    if unit not in UNITS:
        raise ValueError(f"Unknown unit {unit!r}; use one of {UNITS}.")
    return unit


def population_table_from_frame(
    frame: pd.DataFrame,
    *,
    unit: str,
    days_per_year: float,
    sex: str = "sex",
    age: str = "age",
    year: str = "year",
    value: str | None = None,
    sex_labels: dict | None = None,
    last_year: int | None = None,
    year_on_birthday: bool = False,
    source: str = "population table",
) -> PopulationTable:
    """Validate a long population table and convert it to hazards per person-day.

    Parameters
    ----------
    frame : DataFrame
        One row per sex, age band and calendar-year band.
    unit : {"hazard_per_day", "rate_per_year", "survival_probability"}
        What the value column holds (see the module docstring).
    days_per_year : float
        The table's year in days (365.241 for relsurv's tables, 365.25 for survival's).
    sex, age, year : str
        Column names: sex labels, first age of the band (whole years, from 0), first
        calendar year of the band.
    value : str, optional
        The value column; default: the column named like ``unit``.
    sex_labels : dict, optional
        Maps the sex column's values to ``"male"``/``"female"``; default accepts
        1/2, m/f and male/female in any case.
    last_year : int, optional
        Last calendar year covered; default: the first year of the last band.
    year_on_birthday : bool
        True for U.S.-style tables whose year advances on birthdays.
    source : str
        A name for messages.

    Returns
    -------
    PopulationTable

    Raises
    ------
    SurvivalDataError
        For a missing column or cell, a duplicated cell, an unknown sex, a value that
        is missing, negative or (for probabilities) outside (0, 1].
    """
    check_unit(unit)
    value = value or unit
    if not 300 < days_per_year < 400:
        raise ValueError(f"days_per_year should be about 365 (got {days_per_year}).")
    missing = [c for c in (sex, age, year, value) if c not in frame.columns]
    if missing:
        raise SurvivalDataError(
            f"The population table has no column '{missing[0]}'",
            source,
            f"name the columns {sex}, {age}, {year} and {value}",
        )
    rows = np.arange(2, len(frame) + 2)  # the header is line 1
    sex_index = _sex_index(frame[sex], sex_labels, rows, sex, source)
    ages = _whole_numbers(frame[age], rows, age, source, "age in whole years (0, 1, 2, ...)")
    years = _whole_numbers(frame[year], rows, year, source, "calendar year, such as 1995")
    per_day = _per_day(frame[value], unit, days_per_year, rows, value, source)
    age_levels, year_levels = np.unique(ages), np.unique(years)
    if age_levels[0] != 0:
        raise SurvivalDataError(
            f"The population table starts at age {age_levels[0]}, not 0",
            source,
            "give rates from age 0 (the first band must start at birth)",
        )
    cube = _fill(
        sex_index,
        np.searchsorted(age_levels, ages),
        np.searchsorted(year_levels, years),
        per_day,
        (age_levels, year_levels),
        rows,
        (sex, age, year),
        source,
    )
    last = int(year_levels[-1]) if last_year is None else int(last_year)
    if last < year_levels[-1]:
        raise ValueError(f"last_year {last} is before the table's last band ({year_levels[-1]}).")
    return PopulationTable(
        cube, SEXES, age_levels, year_levels, float(days_per_year), last, year_on_birthday, source
    )


def _sex_index(
    values: pd.Series, labels: dict | None, rows: np.ndarray, column: str, source: str
) -> np.ndarray:
    if labels is None:
        labels = {"1": "male", "2": "female", "m": "male", "f": "female", "male": "male", "female": "female"}
        keys = values.astype(str).str.strip().str.lower().str.replace(r"\.0$", "", regex=True)
    else:
        labels = {str(k): v for k, v in labels.items()}
        keys = values.astype(str).str.strip()
    mapped = keys.map(labels)
    bad = mapped.isna().to_numpy() | ~mapped.isin(SEXES).to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise SurvivalDataError(
            f"Unknown sex {show_cell(values.iloc[i])} in the population table",
            f"{source}, row {rows[i]}, column '{column}'",
            "code sex as male/female (or 1 = male, 2 = female)",
        )
    return np.where(mapped.to_numpy() == SEXES[0], 0, 1)


def _whole_numbers(values: pd.Series, rows: np.ndarray, column: str, source: str, what: str) -> np.ndarray:
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(numbers) | (numbers != np.round(numbers)) | (numbers < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise SurvivalDataError(
            f"{show_cell(values.iloc[i])} is not a whole number",
            f"{source}, row {rows[i]}, column '{column}'",
            f"give the {what}",
        )
    return numbers.astype(np.int64)


def _per_day(
    values: pd.Series, unit: str, days_per_year: float, rows: np.ndarray, column: str, source: str
) -> np.ndarray:
    x = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    where = lambda i: f"{source}, row {rows[i]}, column '{column}'"  # noqa: E731
    if (bad := ~np.isfinite(x)).any():
        i = int(np.flatnonzero(bad)[0])
        raise SurvivalDataError(
            f"The population table has no number in this cell ({show_cell(values.iloc[i])})",
            where(i),
            "fill in every cell of the table",
        )
    if unit == "survival_probability":
        if (bad := (x <= 0) | (x > 1)).any():
            i = int(np.flatnonzero(bad)[0])
            hint = " (it may be a percent: divide by 100)" if 1 < x[i] <= 100 else ""
            raise SurvivalDataError(
                f"The one-year survival probability {x[i]:g} is outside (0, 1]",
                where(i),
                "give the probability of surviving one year as a proportion above 0 and at most 1" + hint,
            )
        per_day = -np.log(x) / days_per_year
    else:
        if (bad := x < 0).any():
            i = int(np.flatnonzero(bad)[0])
            raise SurvivalDataError(
                f"The hazard {x[i]:g} is negative", where(i), "give hazards (rates) of 0 or more"
            )
        per_day = x if unit == "hazard_per_day" else x / days_per_year
    if (bad := per_day > MAX_HAZARD_PER_DAY).any():
        i = int(np.flatnonzero(bad)[0])
        raise SurvivalDataError(
            f"The hazard {x[i]:g} ({unit}) is {per_day[i]:g} per day, more than any population has",
            where(i),
            "check the unit: a daily hazard is about 0.0001 at age 60, a yearly rate about 0.01",
        )
    return per_day


def _fill(sex_index, age_index, year_index, per_day, levels, rows, columns, source) -> np.ndarray:
    age_levels, year_levels = levels
    shape = (len(SEXES), len(age_levels), len(year_levels))
    flat = np.ravel_multi_index((sex_index, age_index, year_index), shape)
    order = np.argsort(flat, kind="stable")
    dup = np.flatnonzero(np.diff(flat[order]) == 0)
    if dup.size:
        first, second = sorted((order[dup[0]], order[dup[0] + 1]))
        raise SurvivalDataError(
            f"The cell sex={SEXES[sex_index[second]]}, age={age_levels[age_index[second]]}, "
            f"year={year_levels[year_index[second]]} appears twice (rows {rows[first]} and {rows[second]})",
            f"{source}, row {rows[second]}",
            "keep one row per sex, age and year",
        )
    cube = np.full(shape, np.nan)
    cube[sex_index, age_index, year_index] = per_day
    if np.isnan(cube).any():
        s, a, y = (int(v[0]) for v in np.nonzero(np.isnan(cube)))
        raise SurvivalDataError(
            f"The population table has no row for sex={SEXES[s]}, age={age_levels[a]}, year={year_levels[y]}",
            source,
            f"give one row for every sex, age ({age_levels[0]}-{age_levels[-1]}) and year "
            f"({year_levels[0]}-{year_levels[-1]}) of the table",
        )
    return cube
