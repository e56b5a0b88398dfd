"""Safe exports: CSV whose text cells cannot run as spreadsheet formulas."""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    """Prefix a text cell that a spreadsheet would read as a formula with a single quote.

    Numbers (including negative ones) are left alone; only text is escaped.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_csv(frame: pd.DataFrame) -> str:
    """The frame as CSV text, with formula-like text cells and headers escaped (OWASP CSV injection)."""
    out = frame.copy()
    out.columns = [escape_cell(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(escape_cell)
    return out.to_csv(index=False, float_format="%.10g", lineterminator="\n")
