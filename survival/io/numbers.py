"""Turning text cells into numbers, with messages that say what a cell looks like."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError, shown

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_PERCENT = re.compile(r"^[+-]?\d+(\.\d+)?\s*%$")
_UNIT = re.compile(r"^[+-]?\d+(\.\d+)?\s*[A-Za-z]+\.?$")
_NOT_FINITE = {"nan", "inf", "-inf", "+inf", "infinity", "-infinity", "na", "n/a", "null", "none"}

#: What a numeric column holds, which decides the advice for a cell that is not a number:
#: the advice for each meaning when the cell has a percent sign, and when it has a unit or text.
ADVICE = {
    "number": ("keep only the number, without the % sign", "keep only the number in the cell"),
    "proportion": (
        "give a proportion between 0 and 1 without the % sign (0.95, not 95%)",
        "keep only the number, a proportion between 0 and 1",
    ),
    "count": (
        "give the number of people, a whole number, without the % sign",
        "keep only the number of people in the cell",
    ),
    "duration": (
        "give the time from diagnosis to death or last follow-up as a number, without the % sign",
        "keep only the number in the cell; say the unit once, in the options",
    ),
    "years": (
        "give the time in years since diagnosis as a number, without the % sign",
        "keep only the number in the cell: interval_start and interval_end are in years since diagnosis",
    ),
}


def parse_numeric_column(
    values: pd.Series, column: str, rows: pd.Series, source: str, meaning: str = "number"
) -> np.ndarray:
    """Parse a column of cells as finite floats or raise a :class:`SurvivalDataError`.

    Minus zero is read as zero.

    Parameters
    ----------
    values : Series
        Cells, as text or numbers.
    column : str
        The column name, for messages.
    rows : Series
        Each cell's row number in the source, for messages.
    source : str
        The file name, for messages.
    meaning : {"number", "proportion", "count", "duration", "years"}
        What the column holds, for the advice on a bad cell (see :data:`ADVICE`).
    """
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        with np.errstate(over="ignore"):  # integers past the float range become inf, refused below
            numbers = values.to_numpy(dtype=float) + 0.0
        text = values.astype(str)
    else:
        text = values.astype(str).str.strip()
        numbers = parse_floats(text)
    bad = ~np.isfinite(numbers)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        cell = "" if pd.isna(values.iloc[i]) else str(text.iloc[i])
        what, fix = describe_bad_number(cell, meaning)
        raise SurvivalDataError(what, f"{source}, row {int(rows.iloc[i])}, column '{shown(column)}'", fix)
    return numbers


def to_float(cell: str) -> float:
    """A (stripped) cell as a float; NaN unless it is a plain number written with digits 0-9.

    Python's ``float`` rounds correctly (pandas' fast parser can be a unit in the
    last place off for long decimals); the digits of other scripts and the
    underscores it also accepts are refused.
    """
    try:
        value = float(cell)
    except (TypeError, ValueError):
        return math.nan
    return value if cell.isascii() and "_" not in cell else math.nan


def parse_floats(cells: pd.Series) -> np.ndarray:
    """:func:`to_float` of every cell (text), as a float array; minus zero becomes zero."""
    return np.fromiter(map(to_float, cells), dtype=float, count=len(cells)) + 0.0


def describe_bad_number(cell: str, meaning: str = "number") -> tuple[str, str]:
    """Say why ``cell`` is not a usable number and how to fix it (advice fitting the column's ``meaning``)."""
    percent_fix, unit_fix = ADVICE[meaning]
    cell_shown = shown(cell)
    if cell.strip() == "":
        return "The cell is empty", "fill in a number: every row needs a value in this column"
    if hidden := next((c for c in cell if not c.isprintable()), None):
        return (
            f"The cell holds an invisible control character (U+{ord(hidden):04X})",
            "delete it and keep only the number; it may come from a damaged file or a copy from "
            "another program",
        )
    low = cell.strip().lower()
    if low in _NOT_FINITE:
        return f"'{cell_shown}' is not a number", "replace it with a finite number, or remove the row"
    if math.isinf(to_float(cell.strip())):
        return (
            f"'{cell_shown}' is too large to be used as a number",
            "check the number; it may hold extra digits",
        )
    if any(c.isdigit() and not c.isascii() for c in cell):
        return f"'{cell_shown}' is written with digits other than 0-9", "write the number with the digits 0-9"
    if _THOUSANDS.match(cell):
        return (
            f"'{cell_shown}' has a thousands separator",
            "write numbers without separators (1021, not 1,021)",
        )
    if _DECIMAL_COMMA.match(cell):
        return (f"'{cell_shown}' uses a decimal comma", "use a point for decimals (0.95, not 0,95)")
    if _PERCENT.match(cell):
        return f"'{cell_shown}' has a percent sign", percent_fix
    if _UNIT.match(cell):
        return f"'{cell_shown}' has a unit or text after the number", unit_fix
    return f"'{cell_shown}' is not a number", "the cell must hold a number"
