"""Reading CSV files (paths or uploaded bytes) into text cells, plainly and safely."""

from __future__ import annotations

import csv
import io
import math
import re

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError, shown
from survival.io.numbers import to_float
from survival.io.text import MAX_CSV_BYTES, decode_text, read_bytes, source_name

__all__ = [
    "MAX_CSV_BYTES",
    "ROW",
    "check_header",
    "header_cells",
    "match_columns",
    "parse_error",
    "quoted_list",
    "read_csv_cells",
    "sniff_delimiter",
]

ROW = "_row"


def read_csv_cells(source, name: str | None = None) -> tuple[pd.DataFrame, str]:
    """Read a CSV with a header row into a frame of stripped text cells.

    Adds a ``_row`` column with each row's number in the file (the header is
    row 1). Headers are stripped; their case is kept. Accepts comma,
    semicolon or tab delimiters, quoted fields, CRLF or CR line ends, a BOM,
    a DOS end-of-file mark (Ctrl-Z) and Excel's ``sep=;`` first line, which
    names the delimiter (Excel hides that line, so the header is still row
    1). A file over :data:`MAX_CSV_BYTES` is refused before it is read.

    Returns
    -------
    frame, name : DataFrame, str
    """
    name = name or source_name(source)
    data = read_bytes(source, MAX_CSV_BYTES)
    text = decode_text(data, name).lstrip("\ufeff").rstrip("\x1a")
    declared, text = _excel_separator(text, name)
    if not text.strip():
        raise SurvivalDataError(
            "The file is empty", name, "choose a CSV file with a header row and data rows"
        )
    blank_lines = _leading_blank_lines(text)  # before the header
    skipped, text = len(re.findall(r"\r\n|\r|\n", blank_lines)), text[len(blank_lines) :]
    delimiter = declared or sniff_delimiter(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            header=None,
            skipinitialspace=True,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError as err:
        raise parse_error(err, delimiter, skipped, name) from None
    header = [str(c).strip() for c in frame.iloc[0]]
    check_header(header, name)
    frame = frame.iloc[1:].set_axis(header, axis=1).apply(lambda col: col.str.strip())
    # Row numbers as a spreadsheet shows them (header = row 1); blank lines are kept
    # by the parser so the numbers stay true, then dropped.
    frame[ROW] = np.arange(len(frame)) + 2 + skipped
    blank = (frame.drop(columns=ROW) == "").all(axis=1)
    frame = frame[~blank.to_numpy()].reset_index(drop=True)
    if len(frame) == 0:
        raise SurvivalDataError(
            "The file has a header but no data rows", name, "add the data rows under the header"
        )
    return frame, name


_LEADING_BLANK_LINES = re.compile(r"(?:[ \t]*(?:\r\n|\r|\n))*")


def _leading_blank_lines(text: str) -> str:
    """The blank lines at the start of ``text`` (the pattern matches the empty string, so always)."""
    found = _LEADING_BLANK_LINES.match(text)
    return found.group() if found else ""


DELIMITER_WORDS = {",": "comma", ";": "semicolon", "\t": "tab"}
# Excel's first line naming the delimiter: "sep=;" (quoted by some programs, with or without a line end).
_EXCEL_SEPARATOR = re.compile(r'^"?sep=(.?)"?[ \t]*(?:\r\n|\r|\n|$)', re.IGNORECASE)


def _excel_separator(text: str, name: str) -> tuple[str | None, str]:
    """The delimiter an Excel ``sep=`` first line names (None without one), and the text after it."""
    found = _EXCEL_SEPARATOR.match(text)
    if not found:
        return None, text
    if found.group(1) not in DELIMITER_WORDS:
        shown_sep = repr(found.group(1)) if found.group(1) else "nothing"
        raise SurvivalDataError(
            f"The first line, '{shown(found.group().strip())}', is Excel's note of the delimiter, but it "
            f"names {shown_sep}, not a comma, semicolon or tab",
            f"{name}, line 1",
            "save the sheet again as CSV (comma-separated), or delete the first line and separate the "
            "columns with commas",
        )
    return found.group(1), text[found.end() :]


def parse_error(err: Exception, delimiter: str, skipped: int, name: str) -> SurvivalDataError:
    """pandas' complaint about a CSV file in plain words, with the row (as a spreadsheet counts it).

    ``skipped`` is the number of blank lines before the header.
    """
    message = str(err)
    if found := re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message):
        wanted, line, saw = (int(g) for g in found.groups())
        return SurvivalDataError(
            f"This row has {saw} cells but the header row has {wanted}",
            f"{name}, row {line + skipped}",
            f"remove the extra cells, or put double quotes around cells that contain a "
            f"{DELIMITER_WORDS[delimiter]}",
        )
    if found := re.search(r"EOF inside string starting at row (\d+)", message):
        return SurvivalDataError(
            'A double quote (") opened in this row is never closed, so the rest of the file would read '
            "as one cell",
            f"{name}, row {int(found.group(1)) + 1 + skipped}",
            "close the quote, or remove it",
        )
    return SurvivalDataError(
        "The file is not a well-formed CSV table",
        name,
        "make every row have as many cells as the header, and close every quote",
    )


def header_cells(text: str, name: str = "the file") -> list[str]:
    """The header row's cells, stripped, as :func:`read_csv_cells` reads them, from the start of a file.

    For guessing a file's kind from its first bytes; empty when the text is blank.
    """
    text = text.lstrip("\ufeff")
    declared, text = _excel_separator(text, name)
    text = text[len(_leading_blank_lines(text)) :]
    records = csv.reader(
        io.StringIO(text, newline=""), delimiter=declared or sniff_delimiter(text), skipinitialspace=True
    )
    return [cell.strip() for cell in next(records, [])]


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV file's first line: the most frequent of comma, semicolon and tab (comma)."""
    header = re.split(r"[\r\n]", text, maxsplit=1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def check_header(columns: list[str], name: str) -> None:
    """Refuse a header of one column, of numbers, or with a name empty, repeated or kept for row numbers."""
    where = f"{name}, header row"
    if len(columns) == 1:
        raise SurvivalDataError(
            f"The header row has one column, '{shown(columns[0], 60)}': its names are not separated by "
            "commas, semicolons or tabs",
            where,
            "separate the columns with commas (or semicolons, or tabs), or save the sheet as CSV",
        )
    if sum(math.isfinite(to_float(c)) for c in columns) > len(columns) / 2:
        raise SurvivalDataError(
            f"The first row holds numbers ({quoted_list(columns, 8)}), not column names: the header row "
            "is missing",
            where,
            "add a first row that names the columns",
        )
    seen: dict[str, str] = {}
    for column in columns:
        if column == "":
            raise SurvivalDataError(
                "A column has no name in the header row",
                where,
                "give every column a name, or delete the empty column",
            )
        key = column.lower()
        if key == ROW:
            raise SurvivalDataError(
                f"The header names a column '{shown(column)}', a name this program keeps for row numbers",
                where,
                "rename the column",
            )
        if key in seen:
            raise SurvivalDataError(
                f"The header names a column twice ('{shown(seen[key])}' and '{shown(column)}')",
                where,
                "keep one column of each name",
            )
        seen[key] = column


def match_columns(frame: pd.DataFrame, wanted: dict[str, str], name: str) -> pd.DataFrame:
    """Rename columns matched case-insensitively: ``wanted`` maps the user's name to ours."""
    lower = {c.lower(): c for c in frame.columns}
    renames = {}
    for theirs, ours in wanted.items():
        found = lower.get(theirs.lower())
        if found is None:
            raise SurvivalDataError(
                f"The file has no column '{shown(theirs)}'",
                name,
                f"name a column '{shown(theirs)}' or choose the right column; the file has: "
                + quoted_list(c for c in frame.columns if c != ROW),
            )
        renames[found] = ours
    return frame.rename(columns=renames)


def quoted_list(names, most: int = 20) -> str:
    """``'a', 'b', 'c'``: names in quotes for messages, the first ``most`` of them."""
    names = [str(n) for n in names]
    listed = ", ".join(f"'{shown(n)}'" for n in names[:most])
    return listed + (f" and {len(names) - most} more" if len(names) > most else "")
