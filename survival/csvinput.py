"""Reading CSV files (paths or uploaded bytes) into text cells, plainly and safely."""

from __future__ import annotations

import csv
import io

import pandas as pd

from survival.errors import SurvivalDataError
from survival.textio import decode_text, read_bytes, source_name

MAX_CSV_BYTES = 200 * 1024 * 1024
ROW = "_row"


def read_csv_cells(source, name: str | None = None) -> tuple[pd.DataFrame, str]:
    """Read a CSV with a header row into a frame of stripped text cells.

    Adds a ``_row`` column with each row's number in the file (the header is
    row 1). Headers are stripped; their case is kept. Accepts comma,
    semicolon or tab delimiters, quoted fields, CRLF line ends and a BOM.

    Returns
    -------
    frame, name : DataFrame, str
    """
    name = name or source_name(source)
    data = read_bytes(source)
    if len(data) > MAX_CSV_BYTES:
        raise SurvivalDataError(
            f"The file is {len(data) / 1e6:.0f} MB, more than the {MAX_CSV_BYTES / 1e6:.0f} MB limit",
            name, "split the file, or aggregate it into a life table first")
    text = decode_text(data, name)
    if not text.strip():
        raise SurvivalDataError("The file is empty", name,
                                "choose a CSV file with a header row and data rows")
    stripped = text.lstrip("\r\n")  # blank lines before the header
    skipped, text = text[: len(text) - len(stripped)].count("\n"), stripped
    delimiter = _sniff_delimiter(text)
    _check_header(_header_cells(text, delimiter), name)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
                            skipinitialspace=True, skip_blank_lines=False, engine="c")
    except pd.errors.ParserError as err:
        raise SurvivalDataError(f"The file is not a well-formed CSV table ({_short(err)})", name,
                                "make every row have as many cells as the header") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.apply(lambda col: col.str.strip())
    # Row numbers as a spreadsheet shows them (header = row 1); blank lines are kept
    # by the parser so the numbers stay true, then dropped.
    frame[ROW] = frame.index + 2 + skipped
    blank = (frame.drop(columns=ROW) == "").all(axis=1)
    frame = frame[~blank].reset_index(drop=True)
    if len(frame) == 0:
        raise SurvivalDataError("The file has a header but no data rows", name,
                                "add the data rows under the header")
    return frame, name


def _short(err: Exception) -> str:
    return str(err).strip().splitlines()[-1][:200]


def _sniff_delimiter(text: str) -> str:
    header = text.lstrip("\ufeff").splitlines()[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else ","


def _header_cells(text: str, delimiter: str) -> list[str]:
    first = text.split("\n", 1)[0].rstrip("\r")
    return [cell.strip() for cell in next(csv.reader([first], delimiter=delimiter), [])]


def _check_header(columns: list[str], name: str) -> None:
    seen: dict[str, str] = {}
    for column in columns:
        if column == "":
            raise SurvivalDataError("A column has no name in the header row", name,
                                    "give every column a name, or delete the empty column")
        key = column.lower()
        if key in seen:
            raise SurvivalDataError(
                f"The header names a column twice ('{seen[key]}' and '{column}')", name,
                "keep one column of each name")
        seen[key] = column


def match_columns(frame: pd.DataFrame, wanted: dict[str, str], name: str) -> pd.DataFrame:
    """Rename columns matched case-insensitively: ``wanted`` maps the user's name to ours."""
    lower = {c.lower(): c for c in frame.columns}
    renames = {}
    for theirs, ours in wanted.items():
        found = lower.get(theirs.lower())
        if found is None:
            raise SurvivalDataError(
                f"The file has no column '{theirs}'", name,
                f"name a column '{theirs}' or choose the right column; the file has: "
                + ", ".join(repr(c) for c in frame.columns if c != ROW))
        renames[found] = ours
    return frame.rename(columns=renames)
