"""A reader's own records (one row per person) and a population table, as a dataset with net survival.

:func:`dataset_from_records` is the one call the app and
``survival-explorer lifetable FILE --population us`` make for records that
carry age, sex and the date (or year) of diagnosis. It

1. takes the population table: a bundled id (``"us"``, ``"finland"``,
   ``"slovenia"``; :func:`survival.population.load_population`), a
   :class:`~survival.population.table.PopulationTable`, or the reader's own table as a
   DataFrame (``sex, age, year`` and a value in ``population_unit``, converted
   once by :func:`~survival.population.table.population_table_from_frame`);
2. validates every record once
   (:func:`~survival.estimate.net_records.net_records_from_frame`): missing or
   impossible ages, unknown sexes, diagnoses outside the table's years, bad
   times or statuses are refused naming the row, the column and the fix;
3. counts yearly life tables by the group columns and year of diagnosis with
   SEER's Ederer II expected survival
   (:func:`~survival.estimate.net_lifetable.seer_lifetable`), and makes them a
   dataset as :func:`~survival.datasets.uploads.dataset_from_table` makes any
   uploaded table (five-year periods, all years, single years, a trend; kind
   "your own data");
4. adds Pohar Perme net survival and ICSS age-standardised relative and net
   survival for every selection of a multi-year period
   (:func:`~survival.datasets.net_tables.net_tables`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from survival.datasets.dataset import Dataset
from survival.datasets.derive import YEAR
from survival.datasets.net_tables import net_tables
from survival.datasets.uploads import dataset_from_table
from survival.errors import SurvivalDataError
from survival.estimate.net_lifetable import seer_lifetable
from survival.estimate.net_records import NetRecords, net_records_from_frame
from survival.population.bundled import POPULATIONS, load_population
from survival.population.table import EPOCH, UNITS, PopulationTable, population_table_from_frame

RESERVED = (YEAR, "period")


def population_for(
    population: str | PopulationTable | pd.DataFrame,
    *,
    unit: str | None = None,
    days_per_year: float = 365.25,
) -> PopulationTable:
    """The population table to match records to: a bundled id, a table, or a long DataFrame.

    Parameters
    ----------
    population : str, PopulationTable or DataFrame
        ``"us"``, ``"finland"`` or ``"slovenia"``; a table; or one row per sex, age and
        year (columns ``sex``, ``age``, ``year`` and the value, named like ``unit``).
    unit : {"hazard_per_day", "rate_per_year", "survival_probability"}, optional
        What a DataFrame's value column holds; required for a DataFrame.
    days_per_year : float
        A DataFrame's year in days (365.25 unless the table says otherwise).
    """
    if isinstance(population, PopulationTable):
        return population
    if isinstance(population, str):
        return load_population(population.strip().lower())
    if unit is None:
        raise SurvivalDataError(
            "The unit of your population table was not given",
            "the population table",
            f"say what its values are: one of {', '.join(UNITS)}",
        )
    return population_table_from_frame(
        population, unit=unit, days_per_year=days_per_year, source="your population table"
    )


def dataset_from_records(
    frame: pd.DataFrame,
    population: str | PopulationTable | pd.DataFrame,
    *,
    time: str,
    status: str,
    age: str,
    sex: str,
    diagnosis: str,
    time_unit: str,
    age_unit: str = "years",
    diagnosis_unit: str = "date",
    groups: Sequence[str] = (),
    status_values: Mapping | None = None,
    sex_labels: Mapping | None = None,
    population_unit: str | None = None,
    population_days_per_year: float = 365.25,
    icss: int = 1,
    years: int = 20,
    name: str = "your records",
) -> Dataset:
    """Relative (Ederer II life tables) and net (Pohar Perme) survival of one's own records.

    Parameters
    ----------
    frame : DataFrame
        One row per person.
    population : str, PopulationTable or DataFrame
        A bundled table's id (``"us"``, ``"finland"``, ``"slovenia"``), a table, or the
        reader's own long table (see :func:`population_for`).
    time, status, age, sex, diagnosis : str
        Column names: follow-up, 1 died / 0 censored (or ``status_values``), age at
        diagnosis, sex (1/2, m/f, male/female, or ``sex_labels``), date of diagnosis (or
        its year, with ``diagnosis_unit="year"``: placed on 1 July).
    time_unit : {"days", "months", "years"}
        The unit of follow-up.
    age_unit : {"years", "days"}
        The unit of age at diagnosis.
    diagnosis_unit : {"date", "year"}
        Dates of diagnosis, or years only.
    groups : sequence of str
        Columns to group by (each becomes a variable, with "All").
    status_values, sex_labels : mapping, optional
        How to read other codes of status and sex.
    population_unit : str, optional
        The unit of a DataFrame population table.
    population_days_per_year : float
        The year of a DataFrame population table, in days.
    icss : {1, 2, 3}
        The ICSS standard for age standardisation (1 for most cancers, 2 for melanoma and
        others of broadly constant incidence by age, 3 for cancers mainly of young adults).
    years : int
        Yearly intervals at most.
    name : str
        The file's name, for the title.

    Returns
    -------
    Dataset
        Kind "your own data": life tables with expected survival (so relative survival) by
        group and period of diagnosis, and net survival (:meth:`Dataset.measures`).

    Raises
    ------
    SurvivalDataError
        Naming the row, the column and the fix.
    """
    table = population_for(population, unit=population_unit, days_per_year=population_days_per_year)
    clash = [g for g in groups if str(g).strip().lower() in RESERVED]
    if clash:
        raise SurvivalDataError(
            f"The group column '{clash[0]}' has a name the dataset uses for the year of diagnosis",
            f"column '{clash[0]}'",
            "rename the column (the year of diagnosis is taken from the diagnosis column)",
        )
    records = net_records_from_frame(
        frame,
        table,
        time=time,
        status=status,
        age=age,
        sex=sex,
        diagnosis=diagnosis,
        time_unit=time_unit,
        age_unit=age_unit,
        diagnosis_unit=diagnosis_unit,
        groups=list(groups),
        status_values=status_values,
        sex_labels=sex_labels,
        source=name,
    )
    records = _with_year(records)
    _check_follow_up(records)
    life = seer_lifetable(records, table, by=[YEAR, *groups], years=years)
    data = dataset_from_table(life, name, all_years=True)
    spans = data.description.periods or tuple((int(y), int(y)) for y in data.period_labels())
    net = net_tables(
        records, table, data.description, icss=icss, years=years, periods=spans, age_variable=None
    )
    provenance = {
        **data.provenance,
        "population_table": table.source,
        "days_per_year": table.days_per_year,
        "people": int(len(records)),
    }
    return dataclasses.replace(data, net=net, provenance=provenance)


def _with_year(records: NetRecords) -> NetRecords:
    """The records with their year of diagnosis as a group column."""
    days = records.diagnosis.astype(np.int64).astype("timedelta64[D]") + EPOCH
    year = days.astype("datetime64[Y]").astype(np.int64) + 1970
    return dataclasses.replace(records, groups=records.groups.assign(**{YEAR: year.astype(str)}))


def _check_follow_up(records: NetRecords) -> None:
    if not (records.time > 0).any():
        raise SurvivalDataError(
            "Every follow-up time is 0, so there is nothing to estimate",
            records.source,
            "give each person's time from diagnosis to death or last contact",
        )


__all__ = ["POPULATIONS", "dataset_from_records", "population_for"]
