"""Records for relative and net survival: one validated row per person.

:func:`net_records_from_frame` turns a DataFrame into :class:`NetRecords`,
checking every cell once, with messages that name the row, the column and
the fix. Past this boundary, estimators trust the arrays.

Units are stated, never guessed: follow-up ``time_unit`` is ``"days"``,
``"months"`` or ``"years"``; age ``age_unit`` is ``"days"`` or ``"years"``;
months and years become days with the population table's year
(``days_per_year``; a month is a twelfth of it). Everything inside is in days:
follow-up, age at diagnosis, and the date of diagnosis (days since
1970-01-01). A diagnosis given as a year only (``diagnosis_unit="year"``) is
placed on 1 July of that year.

Coverage of the population table: diagnoses must fall inside the table's
years (from 1 January of its first year to 31 December of its last);
follow-up may run past its last year (the last year's rates are used) and
attained ages past its last age (the last age's rates are used), as in
relsurv and R's survival package.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError
from survival.population.table import EPOCH, SEXES, PopulationTable, show_cell

TIME_UNITS = ("days", "months", "years")
AGE_UNITS = ("days", "years")
MAX_AGE_YEARS = 125  # older than anyone has lived
DEFAULT_SEX_LABELS = {
    "1": "male",
    "2": "female",
    "m": "male",
    "f": "female",
    "male": "male",
    "female": "female",
}


@dataclass(frozen=True, eq=False)
class NetRecords:
    """One row per person, in days, matched to a population table's sexes.

    Attributes
    ----------
    time : ndarray
        Follow-up from diagnosis to death or censoring, in days.
    status : ndarray of int
        1 died (any cause), 0 censored.
    age : ndarray
        Age at diagnosis in days.
    sex : ndarray of int
        Index into the table's sexes: 0 male, 1 female.
    diagnosis : ndarray
        Date of diagnosis in days since 1970-01-01.
    groups : DataFrame
        The group columns (strings), one row per person; no columns without groups.
    days_per_year : float
        The year (in days) of the population table the records were matched to.
    rows : ndarray of int
        Row numbers in the source (from 1), for messages.
    source : str
        Where the records came from.
    """

    time: np.ndarray
    status: np.ndarray
    age: np.ndarray
    sex: np.ndarray
    diagnosis: np.ndarray
    groups: pd.DataFrame
    days_per_year: float
    rows: np.ndarray
    source: str = ""

    def __post_init__(self) -> None:
        for name in ("time", "status", "age", "sex", "diagnosis", "rows"):
            arr = np.array(getattr(self, name), copy=True)
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)

    def __len__(self) -> int:
        return len(self.time)

    @property
    def group_columns(self) -> tuple[str, ...]:
        """Names of the group columns."""
        return tuple(self.groups.columns)

    def subset(self, mask) -> "NetRecords":
        """The records where ``mask`` is true."""
        mask = np.asarray(mask, dtype=bool)
        return NetRecords(
            self.time[mask],
            self.status[mask],
            self.age[mask],
            self.sex[mask],
            self.diagnosis[mask],
            self.groups[mask].reset_index(drop=True),
            self.days_per_year,
            self.rows[mask],
            self.source,
        )

    def group_index(self, columns: Sequence[str] | None = None) -> tuple[list[tuple], np.ndarray]:
        """Distinct groups (sorted labels) of ``columns`` (default all) and each record's group index."""
        columns = list(self.group_columns if columns is None else columns)
        if not columns:
            return [()], np.zeros(len(self), dtype=np.int64)
        keys = self.groups[columns].astype(str)
        codes, uniques = pd.MultiIndex.from_frame(keys).factorize(sort=True)
        return [tuple(u) for u in uniques], codes.astype(np.int64)


def net_records_from_frame(
    frame: pd.DataFrame,
    table: PopulationTable,
    *,
    time: str = "time",
    status: str = "status",
    age: str = "age",
    sex: str = "sex",
    diagnosis: str = "diagnosis",
    time_unit: str,
    age_unit: str,
    diagnosis_unit: str = "date",
    groups: Sequence[str] = (),
    status_values: Mapping | None = None,
    sex_labels: Mapping | None = None,
    source: str = "records",
) -> NetRecords:
    """Validate one row per person and convert to days on ``table``'s year.

    Parameters
    ----------
    frame : DataFrame
        The records.
    table : PopulationTable
        The population table expected survival will come from (its year length converts
        units; its coverage limits the diagnoses).
    time, status, age, sex, diagnosis : str
        Column names. ``status`` holds 1 (died) / 0 (censored) unless ``status_values``
        maps its values to 1/0; ``diagnosis`` holds dates (ISO text or datetimes) or, with
        ``diagnosis_unit="year"``, calendar years.
    time_unit : {"days", "months", "years"}
        Unit of the follow-up times.
    age_unit : {"days", "years"}
        Unit of the ages at diagnosis (``"years"`` may be fractional).
    diagnosis_unit : {"date", "year"}
        A year only is placed on 1 July.
    groups : sequence of str
        Columns to group by (kept as text).
    status_values : mapping, optional
        For example ``{"Alive": 0, "Dead: cancer": 1, "Dead: other": 1, "Lost to follow-up": 0}``.
    sex_labels : mapping, optional
        Maps the sex column's values to ``"male"``/``"female"``; default accepts 1/2, m/f and
        male/female in any case.
    source : str
        A name for messages.

    Raises
    ------
    SurvivalDataError
        Naming the row, the column and the fix.
    """
    if time_unit not in TIME_UNITS:
        raise ValueError(f"time_unit must be one of {TIME_UNITS} (got {time_unit!r}).")
    if age_unit not in AGE_UNITS:
        raise ValueError(f"age_unit must be one of {AGE_UNITS} (got {age_unit!r}).")
    if diagnosis_unit not in ("date", "year"):
        raise ValueError(f"diagnosis_unit must be 'date' or 'year' (got {diagnosis_unit!r}).")
    columns = [time, status, age, sex, diagnosis, *groups]
    if missing := [c for c in columns if c not in frame.columns]:
        raise SurvivalDataError(
            f"The records have no column '{missing[0]}'", source, "name the columns: " + ", ".join(columns)
        )
    if len(frame) == 0:
        raise SurvivalDataError("The records have no rows", source, "give one row per person")
    ctx = _Context(frame, source, table.days_per_year)
    days = ctx.number(time, "follow-up time", low=0, unit=time_unit) * _scale(time_unit, ctx.dpy)
    died = ctx.status(status, status_values)
    age_days = ctx.number(age, "age at diagnosis", low=0, unit=age_unit) * _scale(age_unit, ctx.dpy)
    ctx.check_age(age, age_days)
    sex_index = ctx.sex(sex, sex_labels)
    diag = ctx.diagnosis(diagnosis, diagnosis_unit, table)
    group_frame = ctx.groups(list(groups))
    return NetRecords(
        days, died, age_days, sex_index, diag, group_frame, ctx.dpy, np.arange(1, len(frame) + 1), source
    )


def _scale(unit: str, days_per_year: float) -> float:
    return {"days": 1.0, "months": days_per_year / 12, "years": days_per_year}[unit]


class _Context:
    """Column checks sharing the frame, the source name and the row numbers (from 1)."""

    def __init__(self, frame: pd.DataFrame, source: str, days_per_year: float):
        self.frame, self.source, self.dpy = frame, source, days_per_year

    def where(self, i: int, column: str) -> str:
        return f"{self.source}, row {i + 1}, column '{column}'"

    def fail(self, bad: np.ndarray, column: str, what, fix: str):
        i = int(np.flatnonzero(bad)[0])
        raise SurvivalDataError(what(i) if callable(what) else what, self.where(i, column), fix)

    def number(self, column: str, what: str, *, low: float, unit: str) -> np.ndarray:
        raw = self.frame[column]
        x = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
        if (bad := ~np.isfinite(x)).any():
            self.fail(
                bad,
                column,
                lambda i: f"The {what} {show_cell(raw.iloc[i])} is not a number",
                f"give the {what} in {unit} as a number",
            )
        if (bad := x < low).any():
            self.fail(
                bad,
                column,
                lambda i: f"The {what} {x[i]:g} is negative",
                f"give the {what} in {unit}, 0 or more",
            )
        return x

    def check_age(self, column: str, age_days: np.ndarray) -> None:
        years = age_days / self.dpy
        if (bad := years > MAX_AGE_YEARS).any():
            self.fail(
                bad,
                column,
                lambda i: f"The age at diagnosis {years[i]:.1f} years is impossible",
                f"give ages below {MAX_AGE_YEARS} years, in the unit stated (age_unit)",
            )

    def status(self, column: str, values: Mapping | None) -> np.ndarray:
        raw = self.frame[column]
        if values is None:
            text = (
                raw.astype(str)
                .str.strip()
                .str.lower()
                .replace({"true": "1", "false": "0", "1.0": "1", "0.0": "0"})
            )
            mapping, allowed = {"0": 0, "1": 1}, "1 (died) or 0 (censored)"
        else:
            text, mapping = raw.astype(str).str.strip(), {str(k): int(v) for k, v in values.items()}
            allowed = ", ".join(repr(k) for k in mapping)
        coded = text.map(mapping)
        if (bad := coded.isna().to_numpy()).any():
            self.fail(
                bad,
                column,
                lambda i: f"The status {show_cell(raw.iloc[i])} is neither death nor censoring",
                f"use {allowed}",
            )
        return coded.to_numpy(dtype=np.int8)

    def sex(self, column: str, labels: Mapping | None) -> np.ndarray:
        raw = self.frame[column]
        if labels is None:
            keys = raw.astype(str).str.strip().str.lower().str.replace(r"\.0$", "", regex=True)
            labels = DEFAULT_SEX_LABELS
        else:
            keys, labels = raw.astype(str).str.strip(), {str(k): v for k, v in labels.items()}
        mapped = keys.map(labels)
        if (bad := ~mapped.isin(SEXES).to_numpy()).any():
            self.fail(
                bad,
                column,
                lambda i: f"Unknown sex {show_cell(raw.iloc[i])}",
                "code sex as male/female or 1 (male) / 2 (female), or pass sex_labels",
            )
        return np.where(mapped.to_numpy() == SEXES[0], 0, 1).astype(np.int8)

    def diagnosis(self, column: str, unit: str, table: PopulationTable) -> np.ndarray:
        raw = self.frame[column]
        if unit == "year":
            years = self.number(column, "year of diagnosis", low=0, unit="calendar years")
            if (bad := years != np.round(years)).any():
                self.fail(
                    bad,
                    column,
                    lambda i: f"The year of diagnosis {years[i]:g} is not a whole year",
                    "give whole calendar years, or dates with diagnosis_unit='date'",
                )
            dates = np.array([f"{int(y):04d}-07-01" for y in years], dtype="datetime64[D]")
        else:
            parsed = pd.to_datetime(raw, errors="coerce")
            if (bad := parsed.isna().to_numpy()).any():
                self.fail(
                    bad,
                    column,
                    lambda i: f"The date of diagnosis {show_cell(raw.iloc[i])} is not a date",
                    "give dates as YYYY-MM-DD",
                )
            dates = parsed.to_numpy().astype("datetime64[D]")
        first, last = table.first_date, table.last_date
        outside = (dates < first) | (dates > last)
        if outside.any():
            self.fail(
                outside,
                column,
                lambda i: (
                    f"The diagnosis on {dates[i]} is outside the population table's years ({first} to {last})"
                ),
                "use a population table that covers the years of diagnosis (follow-up may run past "
                "its last year, which then stands for later years)",
            )
        return (dates - EPOCH).astype(np.int64).astype(float)

    def groups(self, columns: list[str]) -> pd.DataFrame:
        out = {}
        for column in columns:
            raw = self.frame[column]
            text = raw.astype(str).str.strip()
            if (bad := (raw.isna() | (text == "")).to_numpy()).any():
                self.fail(bad, column, "A group label is empty", "fill in the label or drop the row")
            out[column] = text.to_numpy()
        return pd.DataFrame(out, index=pd.RangeIndex(len(self.frame)))
