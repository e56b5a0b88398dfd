"""The columns of a SEER*Stat export's data rows as values: group labels, counts and statistics.

:mod:`survival.io.seerstat` splits the data file into :class:`Rows`; the
functions here turn one column of them into labels or numbers as the .dic
declares (missing character, thousands separators, flags, percents) and
refuse anything else, naming the file, row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError, row_where, shown
from survival.io.numbers import parse_floats, to_float
from survival.io.seerstat_dictionary import SAME_EXPORT, SeerStatDictionary, snake_case
from survival.tables.lifetable import MAX_COUNT

_FLAG = r"[^\w\s.,+\-%]*"
_FLAGGED = re.compile(rf"^\s*(?P<pre>{_FLAG})\s*(?P<body>.*?)\s*(?P<post>{_FLAG})\s*$", re.DOTALL)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_LOOKS_MISSING = (".", "-", "NA", "N/A", "~")
IN_EXPORT = "in the .dic's [Export Options]"


@dataclass
class Rows:
    """Tokenised data rows of one kind, with their line numbers in the data file."""

    fields: list[list[str]]
    lines: np.ndarray
    source: str
    raw: list[str] = field(default_factory=list)
    newline_at_end: bool = True
    columns: list[tuple[str, ...]] | None = None

    def column(self, i: int) -> pd.Series:
        """Field ``i`` of every row, as text."""
        if self.columns is None:
            self.columns = list(zip(*self.fields))
        return pd.Series(self.columns[i], dtype=object)

    def where(self, k: int, column: str | None = None) -> str:
        """Where row ``k`` is, for messages: file, row number (from 1), column."""
        return row_where(int(self.lines[k]), column, self.source)


def group_labels(rows: Rows, i: int, d: SeerStatDictionary) -> pd.Series:
    """A grouping column as labels: codes decoded through the .dic's format."""
    name = d.variables[i]
    raw = rows.column(i)
    fmt = d.formats.get(name)
    if d.labels or not fmt:
        text = raw.str.strip()
        _refuse_empty(text, rows, name, d)
        return text
    decoded = raw.map({str(code): label for code, label in fmt.items()}).astype(object)
    if (bad := decoded.isna()).any():
        text = raw[bad].str.strip()
        _refuse_empty(text, rows, name, d)
        decoded[bad] = [fmt.get(number) if (number := as_int(c)) is not None else None for c in text]
        if (bad := decoded.isna()).any():
            k = int(np.flatnonzero(bad)[0])
            code = shown(raw.iloc[k].strip())
            raise SurvivalDataError(
                f"Code '{code}' is not in the .dic's [Format={shown(name, 80)}]",
                rows.where(k, name),
                f"{SAME_EXPORT} (or add {code}=<label> to its [Format={shown(name, 80)}])",
            )
    return decoded.astype(object)


def _refuse_empty(text: pd.Series, rows: Rows, name: str, d: SeerStatDictionary) -> None:
    if (empty := (text == "") | (text == d.missing.strip())).any():
        k = int(empty.index[np.flatnonzero(empty)[0]])
        raise SurvivalDataError(
            f"The grouping column '{shown(name, 80)}' has an empty cell",
            rows.where(k, name),
            "use the data file exported together with this .dic",
        )


def as_int(cell: str) -> int | None:
    """A cell as a whole number (``" 07 "`` -> 7), or None when it is not one."""
    value = to_float(cell.strip())
    return int(value) if value.is_integer() else None


def numeric_cells(
    rows: Rows, i: int, d: SeerStatDictionary, percent_sign: bool = False
) -> tuple[np.ndarray, pd.Series | None]:
    """Parse a numeric column: NaN where missing, flags stripped when declared.

    With ``percent_sign``, a ``%`` after the number is tolerated (statistics in percents).
    """
    raw = body = rows.column(i)
    flags = None
    if d.flags:
        parts = raw.str.extract(_FLAGGED)
        flags, body = (parts["pre"] + parts["post"]).fillna(""), parts["body"].fillna("")
    if d.thousands_separators:  # only commas that group digits in threes: "10,21" stays refused
        grouped = body.str.strip().str.match(_THOUSANDS)
        body = body.where(~grouped, body.str.replace(",", "", regex=False))
    if percent_sign:
        body = body.str.replace(r"\s*%\s*$", "", regex=True)
    numbers = parse_floats(body.str.strip())
    if (blank := np.flatnonzero(~np.isfinite(numbers))).size:
        cells = body.iloc[blank].str.strip()
        bad = blank[~((cells == "") | (cells == d.missing.strip())).to_numpy()]
        if bad.size:
            raise _bad_number(raw.iloc[bad[0]].strip(), rows, int(bad[0]), d.variables[i], d)
    return numbers, flags


def _bad_number(cell: str, rows: Rows, k: int, name: str, d: SeerStatDictionary) -> SurvivalDataError:
    """Explain a cell that should hold a number and does not."""
    where = rows.where(k, name)
    cell = shown(cell)
    declared = {" ": "space", ".": "period", "": "nothing"}.get(d.missing, repr(d.missing))
    if cell in _LOOKS_MISSING:
        word = {".": "period"}.get(cell, cell)
        return SurvivalDataError(
            f"The cell holds '{cell}', which looks like a missing value, but the .dic "
            f"declares the missing character as {declared}",
            where,
            f"set 'Missing character={word}' {IN_EXPORT}",
        )
    if _THOUSANDS.match(cell):
        return SurvivalDataError(
            f"'{cell}' has a thousands separator, but the .dic says they were removed",
            where,
            f"set 'Remove thousands separators=false' {IN_EXPORT}",
        )
    if not d.quoted and len(cell) >= 2 and cell[0] == cell[-1] == '"':
        return SurvivalDataError(
            f"{cell} is in double quotes, but the .dic says fields are not quoted",
            where,
            f"set 'Fields with delimiter in quotes=true' {IN_EXPORT}",
        )
    match = _FLAGGED.match(cell)
    if not d.flags and match and (match["pre"] or match["post"]) and re.fullmatch(r"[\d.]*", match["body"]):
        return SurvivalDataError(
            f"'{cell}' carries a flag, but the .dic says 'Flags included=false'",
            where,
            "set 'Flags included=true' in the .dic, or re-export without flags",
        )
    return SurvivalDataError(
        f"'{cell}' is not a number", where, f"the column must hold numbers; {SAME_EXPORT}"
    )


def count_cells(rows: Rows, i: int, d: SeerStatDictionary) -> tuple[np.ndarray, pd.Series | None]:
    """A count column as int64, refusing missing, fractional or negative counts."""
    numbers, flags = numeric_cells(rows, i, d)
    whole = "counts of people must be whole numbers, 0 or more"
    for bad, what, fix in (
        (np.isnan(numbers), "A count is missing", whole),
        (numbers % 1 != 0, "A count is not a whole number", whole),
        (numbers < 0, "A count is negative", whole),
        (
            numbers > MAX_COUNT,
            "A count is too large to be a number of people",
            "check the number; it may hold extra digits",
        ),
    ):
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            value = "" if np.isnan(numbers[k]) else f" ({numbers[k]:g})"
            raise SurvivalDataError(f"{what}{value}", rows.where(k, d.variables[i]), fix)
    return numbers.astype(np.int64), flags


def statistic_cells(rows: Rows, i: int, d: SeerStatDictionary) -> tuple[np.ndarray, pd.Series | None]:
    """A statistic as a proportion, checking it lies in range."""
    name = d.variables[i]
    numbers, flags = numeric_cells(rows, i, d, percent_sign=d.percents)
    scale = 100.0 if d.percents else 1.0
    limit = 10.0 if snake_case(name).startswith("relative") else 1.0
    with np.errstate(invalid="ignore"):
        negative, high = numbers < 0, numbers > limit * scale + 1e-9
    if negative.any():
        k = int(np.flatnonzero(negative)[0])
        raise SurvivalDataError(
            f"'{shown(name, 80)}' is negative ({numbers[k]:g})",
            rows.where(k, name),
            "survival and its standard errors cannot be negative; check the export",
        )
    if high.any():
        k = int(np.flatnonzero(high)[0])
        if d.percents:
            raise SurvivalDataError(
                f"'{shown(name, 80)}' is {numbers[k]:g}%, above {limit * 100:g}%",
                rows.where(k, name),
                "check the export; the .dic declares percents (RatesDisplayedAs=Percents)",
            )
        raise SurvivalDataError(
            f"'{shown(name, 80)}' is {numbers[k]:g}, above {limit:g}, but the .dic declares proportions",
            rows.where(k, name),
            "the file may hold percents: set 'RatesDisplayedAs=Percents' "
            "in the .dic's [Session Options], or re-export as proportions",
        )
    _check_percents_declared(numbers, name, rows, d)
    return numbers / scale, flags


def _check_percents_declared(numbers: np.ndarray, name: str, rows: Rows, d: SeerStatDictionary) -> None:
    """Refuse a .dic that declares percents over a file of proportions.

    Survival (not its standard error) in percents is almost never at most 1
    everywhere; expected survival never is.
    """
    snake = snake_case(name)
    if not d.percents or "_se" in snake or not snake.startswith(("observed", "expected")):
        return
    values = numbers[~np.isnan(numbers)]
    if values.size and values.max() <= 1.0:
        raise SurvivalDataError(
            f"The .dic declares percents, but every value of '{shown(name, 80)}' is at most 1, so the file "
            "looks like it holds proportions",
            rows.where(0, name),
            "set 'RatesDisplayedAs=Proportions' in the .dic's [Session Options], or re-export as percents",
        )
