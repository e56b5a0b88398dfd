"""Turning text cells into numbers, with messages that say what a cell looks like."""

from __future__ import annotations

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
        numbers = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(numbers)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        cell = "" if pd.isna(values.iloc[i]) else str(text.iloc[i])
        what, fix = describe_bad_number(cell)
        raise SurvivalDataError(what, f"{source}, row {int(rows.iloc[i])}, column '{column}'", fix)
    return numbers


def describe_bad_number(cell: str) -> tuple[str, str]:
    """Say why ``cell`` is not a usable number and how to fix it."""
    shown = cell if len(cell) <= 40 else cell[:37] + "..."
    if cell.strip() == "":
        return "The cell is empty", "fill in a number: every row needs a value in this column"
    low = cell.strip().lower()
    if low in _NOT_FINITE:
        return f"'{shown}' is not a number", "replace it with a finite number, or remove the row"
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
