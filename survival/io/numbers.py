"""Turning text cells into numbers, with messages that say what a cell looks like."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_PERCENT = re.compile(r"^[+-]?\d+(\.\d+)?\s*%$")
_UNIT = re.compile(r"^[+-]?\d+(\.\d+)?\s*[A-Za-z]+\.?$")
_NOT_FINITE = {"nan", "inf", "-inf", "+inf", "infinity", "-infinity", "na", "n/a", "null", "none"}


def parse_numeric_column(values: pd.Series, column: str, rows: pd.Series, source: str) -> np.ndarray:
    """Parse a column of cells as finite floats or raise a :class:`SurvivalDataError`.

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
    """
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        numbers = values.to_numpy(dtype=float)
        text = values.astype(str)
    else:
        text = values.astype(str).str.strip()
        numbers = parse_floats(text)
    bad = ~np.isfinite(numbers)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        cell = "" if pd.isna(values.iloc[i]) else str(text.iloc[i])
        what, fix = describe_bad_number(cell)
        raise SurvivalDataError(what, f"{source}, row {int(rows.iloc[i])}, column '{column}'", fix)
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
    """:func:`to_float` of every cell (text), as a float array."""
    return np.fromiter(map(to_float, cells), dtype=float, count=len(cells))


def describe_bad_number(cell: str) -> tuple[str, str]:
    """Say why ``cell`` is not a usable number and how to fix it."""
    shown = cell if len(cell) <= 40 else cell[:37] + "..."
    if cell.strip() == "":
        return "The cell is empty", "fill in a number: every row needs a value in this column"
    if hidden := next((c for c in cell if not c.isprintable()), None):
        return (f"The cell holds an invisible control character (U+{ord(hidden):04X})",
                "delete it and keep only the number; it may come from a damaged file or a copy from "
                "another program")
    low = cell.strip().lower()
    if low in _NOT_FINITE:
        return f"'{shown}' is not a number", "replace it with a finite number, or remove the row"
    if math.isinf(to_float(cell.strip())):
        return f"'{shown}' is too large to be used as a number", "check the number; it may hold extra digits"
    if any(c.isdigit() and not c.isascii() for c in cell):
        return f"'{shown}' is written with digits other than 0-9", "write the number with the digits 0-9"
    if _THOUSANDS.match(cell):
        return (f"'{shown}' has a thousands separator",
                "write numbers without separators (1021, not 1,021)")
    if _DECIMAL_COMMA.match(cell):
        return (f"'{shown}' uses a decimal comma",
                "use a point for decimals (0.95, not 0,95)")
    if _PERCENT.match(cell):
        return (f"'{shown}' has a percent sign",
                "give a proportion between 0 and 1 without the % sign (0.95, not 95%)")
    if _UNIT.match(cell):
        return (f"'{shown}' has a unit or text after the number",
                "keep only the number in the cell; say the unit once, in the options")
    return f"'{shown}' is not a number", "the cell must hold a number"
