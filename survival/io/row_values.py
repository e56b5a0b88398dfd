"""The cells of individual rows as values: distinct values, durations and event codes.

Cells are parsed once per distinct value (hashing with ``pd.factorize``), so
ten million rows take seconds. Every duration is bounded (0 to
:data:`~survival.io.limits.MAX_YEARS` years, in any time unit) and every
event code is 0 or 1; anything else is refused with what, where and how to fix.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError, shown
from survival.io.limits import MAX_YEARS
from survival.io.numbers import parse_numeric_column, to_float

TIME_UNITS = {"days": 365.25, "months": 12.0, "years": 1.0}  # units per year
_EVENT_FIX = "use 1 for died and 0 for alive/censored"
_EVENT_WORDS = {
    "dead",
    "alive",
    "died",
    "death",
    "deceased",
    "living",
    "censored",
    "event",
    "true",
    "false",
    "yes",
    "no",
    "y",
    "n",
    "t",
    "f",
    "d",
    "a",
}


def where(source: str, row, column: str) -> str:
    """``"source, row N, column 'c'"`` (long column names cut)."""
    return f"{source}, row {int(row)}, column '{shown(column)}'"


def factorize(values: pd.Series) -> tuple[np.ndarray, pd.Series, np.ndarray]:
    """Codes per row, the distinct values (missing ones included) in order of first
    appearance, and the position of each one's first row."""
    codes, uniques = pd.factorize(values)  # hashing; missing values get code -1
    seen = np.maximum.accumulate(np.r_[-1, codes[:-1]])
    first = np.flatnonzero(codes > seen)
    items = pd.Series(uniques)
    if (missing := np.flatnonzero(codes < 0)).size:
        place = int(np.searchsorted(first, missing[0]))
        codes = np.where(codes < 0, place, codes + (codes >= place))
        items = pd.concat(
            [
                items.iloc[:place].astype(object),
                pd.Series([np.nan], dtype=object),
                items.iloc[place:].astype(object),
            ],
            ignore_index=True,
        )
        first = np.insert(first, place, missing[0])
    return codes, items, first


def parse_durations(
    values: pd.Series, column: str, rows: np.ndarray, source: str, time_unit: str
) -> tuple[np.ndarray, np.ndarray]:
    """Codes into the sorted distinct times (years), and those times."""
    try:
        codes, numbers, first = _numbers(values, column, rows, source, "duration")
    except SurvivalDataError as err:
        if err.what != "The cell is empty":
            raise
        raise SurvivalDataError(
            "The duration is empty",
            err.where,
            "fill in the time from diagnosis to death or last follow-up, or remove the row",
        ) from None
    if (negative := numbers < 0).any():
        i = int(np.flatnonzero(negative)[0])
        raise SurvivalDataError(
            f"The duration {numbers[i]:g} is negative",
            where(source, rows[first[i]], column),
            "give the time from diagnosis to death or last follow-up, 0 or more",
        )
    years = numbers / TIME_UNITS[time_unit]
    if (long := years > MAX_YEARS).any():
        i = int(np.flatnonzero(long)[0])
        limit = f"{MAX_YEARS * TIME_UNITS[time_unit]:,.0f} {time_unit}"
        if time_unit != "years":
            limit += f" ({MAX_YEARS:,} years)"
        raise SurvivalDataError(
            f"The duration {numbers[i]:g} {time_unit} is longer than {limit}, far more than anyone is "
            "followed",
            where(source, rows[first[i]], column),
            "check the number (it may hold extra digits) and the time unit: a duration is the time from "
            "diagnosis to death or last follow-up",
        )
    times, inverse = np.unique(years, return_inverse=True)
    return inverse[codes], times


def _numbers(
    values: pd.Series, column: str, rows: np.ndarray, source: str, meaning: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Codes per row, finite numbers per code (minus zero read as zero) and each code's first row position.

    Cells are parsed once per distinct value.
    """
    codes, items, first = factorize(values)
    dtype = values.dtype
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        with np.errstate(over="ignore"):  # integers past the float range become inf, refused below
            numbers = items.to_numpy(dtype=float, na_value=np.nan) + 0.0
        if (bad := ~np.isfinite(numbers)).any():
            i = int(np.flatnonzero(bad)[0])
            parse_numeric_column(items.iloc[[i]], column, pd.Series(rows[first[[i]]]), source, meaning)
        return codes, numbers, first
    return codes, parse_numeric_column(items, column, pd.Series(rows[first]), source, meaning), first


def _as_number(value) -> float | None:
    """The value as a finite float (text too); None for booleans, missing values, words."""
    if isinstance(value, (bool, np.bool_)) or pd.isna(value):
        return None
    if isinstance(value, str):
        number = to_float(value.strip())
    else:
        try:
            number = float(value)
        except (TypeError, ValueError):
            return None
    return number if np.isfinite(number) else None


def parse_events(values: pd.Series, column: str, rows: np.ndarray, source: str) -> np.ndarray:
    """Event codes as int8 (1 = died, 0 = censored), or a SurvivalDataError with a hint."""
    codes, items, first = factorize(values)
    mapped = np.array([_as_number(v) for v in items], dtype=object)
    bad = ~np.isin(mapped, (0.0, 1.0))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        what, fix = _describe_event(items.iloc[i], list(items))
        raise SurvivalDataError(what, where(source, rows[first[i]], column), fix)
    return mapped.astype(np.int8)[codes]


def _describe_event(cell, items: list) -> tuple[str, str]:
    """Say why ``cell`` is not an event code and how to recode the column."""
    text = "" if pd.isna(cell) else str(cell).strip()
    if text == "":
        return "The event cell is empty", "fill in 1 if the person died, 0 if alive/censored"
    numbers = {_as_number(v) for v in items if not pd.isna(v) and str(v).strip()}
    if None not in numbers and numbers <= {1.0, 2.0}:
        return (
            "The event column holds only 1s and 2s, which looks like R's coding 1 = censored, 2 = died",
            "recode to 0 = censored, 1 = died (subtract 1 from the column)",
        )
    if hidden := next((c for c in text if not c.isprintable()), None):
        return (
            f"The event cell holds an invisible control character (U+{ord(hidden):04X})",
            _EVENT_FIX + "; delete the character",
        )
    text_shown, number = shown(text), _as_number(cell)
    if number is None and text.lower() in _EVENT_WORDS:
        return f"'{text_shown}' is a word, not an event code", _EVENT_FIX
    if number is None:
        return f"'{text_shown}' is not an event code", _EVENT_FIX
    if number == -1:
        return ("-1 is not an event code", _EVENT_FIX + "; if -1 marks an unknown status, remove those rows")
    if number in (9.0, 99.0, 999.0):
        return (
            f"{text_shown} is not an event code (registries often use {text_shown} for 'unknown')",
            _EVENT_FIX + "; remove the rows whose vital status is unknown",
        )
    if number != round(number):
        return (
            f"{text_shown} is not an event code: a person either died or did not",
            _EVENT_FIX + "; fractions such as weights or probabilities cannot be used",
        )
    return (
        f"{text_shown} is not an event code",
        _EVENT_FIX + "; other codes (such as 2 for another cause of death) must be recoded",
    )
