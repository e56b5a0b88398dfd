"""A plain CSV file read by pandas' own parser, numbers as numbers: the fast route for large files.

:func:`survival.io.csv_cells.read_csv_cells` turns every cell into stripped
text first, so that a bad cell can be named with its row; for millions of
rows that costs several times the parse itself. :func:`read_numbers_frame`
reads the same bytes with pandas' C parser straight into numbers (group
columns as text) when the file is plainly a CSV table: UTF-8 (or ASCII),
lines ending in LF or CRLF, no NUL byte, a header row first with no quotes
in it. It never explains a problem: when anything is unusual it answers
None, and the caller reads the file cell by cell, which says what is wrong
and where. Numbers are read with Python's correctly rounded conversion
(``float_precision="round_trip"``), so they equal those the cell-by-cell
route reads.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, NamedTuple

import pandas as pd

from survival.errors import SurvivalDataError
from survival.io.csv_cells import ROW, check_header, parse_error, sniff_delimiter
from survival.io.text import PACKED

__all__ = ["Part", "open_binary", "plain_header", "read_numbers_chunks", "read_numbers_frame"]

_BOM = b"\xef\xbb\xbf"


def read_numbers_frame(data: bytes, groups: Sequence[str] = ()) -> pd.DataFrame | None:
    """The CSV table in ``data`` as a frame (``groups`` columns as categories of text, others as read).

    Rows carry their number in the file (``_row``, the header is row 1)
    only when no line is blank. None when the file is not plainly a CSV
    table (see the module's notes) or the parser finds a problem.
    """
    header = plain_header(data)
    if header is None:
        return None
    cells, delimiter = header
    try:
        frame = pd.read_csv(io.BytesIO(data), **_options(cells, delimiter, groups))
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError):
        return None
    return frame if _as_read(frame, cells) else None


def _as_read(frame: pd.DataFrame, cells: list[str]) -> bool:
    """Whether the parser kept the header's columns and numbered the rows itself.

    A first data row with more cells than the header makes pandas take the
    first column for the row labels: never what the file means.
    """
    return list(frame.columns) == cells and isinstance(frame.index, pd.RangeIndex)


def read_numbers_chunks(
    path, groups: Sequence[str] = (), size: int = 8 << 20, name: str = ""
) -> Iterator[Part] | None:
    """The CSV table at ``path`` in parts of about ``size`` bytes, each read as :func:`read_numbers_frame`.

    ``path`` is a file's path, or the file's bytes already in memory (an
    upload: read in place, not copied); ``name`` names it in messages.

    The file is cut at line ends outside quoted cells (where the number of
    quotes before is even), and each part is parsed whole, so that a row of
    too many cells is found as in the whole file (pandas' own ``chunksize``
    drops its extra cells). Each frame has ``_row``, every row's number in
    the file: blank lines are kept (as rows of missing cells) so that the
    numbers stay true. None when the file does not start plainly (see the
    module's notes). While iterating, a part that is not plain raises
    ``ValueError``, and the parser's complaint a :class:`SurvivalDataError`
    naming the row in the file. :meth:`Part.cells` reads a part
    again as text cells, for messages that quote a cell as it is written.
    """
    with open_binary(path) as handle:
        head = handle.read(1 << 16)
    header = plain_header(head, whole=False)
    if header is None:
        return None
    cells, delimiter = header
    first_line = head.find(b"\n") + 1
    options = _options(cells, delimiter, groups) | {"skip_blank_lines": False}
    name = name or ("the file" if isinstance(path, bytes) else Path(path).name)
    return _parts(path, head[:first_line].removeprefix(_BOM), first_line, options, size, name)


def open_binary(source) -> BinaryIO:
    """A binary handle on a file's path, or on its bytes in memory (wrapped, not copied)."""
    if isinstance(source, bytes):
        return io.BytesIO(source)
    return open(source, "rb")


class Part(NamedTuple):
    """A part of a file: its rows as read (``frame``), and the bytes they were read from, header first."""

    frame: pd.DataFrame
    data: bytes
    first_row: int

    def cells(self) -> pd.DataFrame:
        """The rows as stripped text cells, blank rows left out, as :func:`read_csv_cells` holds them."""
        options = {"sep": self.frame.attrs["sep"], "header": 0, "engine": "c", "encoding": "utf-8"}
        text = pd.read_csv(
            io.BytesIO(self.data),
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
            skip_blank_lines=False,
            names=[c for c in self.frame.columns if c != ROW],
            **options,
        )
        text = text.apply(lambda column: column.str.strip())
        text[ROW] = text.index + self.first_row
        blank = (text.drop(columns=ROW) == "").all(axis=1).to_numpy()
        return text[~blank].reset_index(drop=True)


def _parts(path, header: bytes, start: int, options: dict, size: int, name: str) -> Iterator[Part]:
    rows = 0
    with open_binary(path) as handle:
        handle.seek(start)
        for block in _blocks(handle, size):
            if b"\x00" in block or block.count(b"\r") != block.count(b"\r\n") or block.endswith(b"\x1a"):
                raise ValueError("A part of the file is not plain text.")
            if not block.isascii():
                block.decode("utf-8")  # raises UnicodeDecodeError, a ValueError
            data = header + block
            del block
            try:
                frame = pd.read_csv(io.BytesIO(data), **options)
            except pd.errors.ParserError as err:
                raise parse_error(err, options["sep"], rows, name) from None
            if not _as_read(frame, options["names"]):
                raise ValueError("A row has more cells than the header.")
            frame[ROW] = frame.index + rows + 2
            frame.attrs["sep"] = options["sep"]
            first, rows = rows + 2, rows + len(frame)
            yield Part(frame, data, first)
            del frame, data  # before the next part is read


def _blocks(handle, size: int) -> Iterator[bytes]:
    """The rest of an open file in parts of about ``size`` bytes, each ending at a line end outside quotes."""
    rest = b""
    while True:
        more = handle.read(size)
        if not more:
            if rest:
                yield rest
            return
        data = rest + more
        cut = data.rfind(b"\n") + 1
        while cut and data.count(b'"', 0, cut) % 2:  # the line end is inside a quoted cell
            cut = data.rfind(b"\n", 0, cut - 1) + 1
        if cut:
            yield data[:cut]
        rest = data[cut:]


def _options(cells: list[str], delimiter: str, groups: Sequence[str]) -> dict:
    lowered = {g.lower() for g in groups}
    return {
        "sep": delimiter,
        "header": 0,
        "names": cells,
        "dtype": {c: "category" for c in cells if c.lower() in lowered},  # text, coded as it is parsed
        "keep_default_na": False,
        "na_values": [""],
        "skipinitialspace": True,
        "float_precision": "round_trip",
        "engine": "c",
        "encoding": "utf-8",
        "quotechar": '"',
        "doublequote": True,
    }


def plain_header(data: bytes, whole: bool = True) -> tuple[list[str], str] | None:
    """The header's cells and the delimiter, when ``data`` (a whole file, or its start) is a plain CSV file.

    Plain: no archive signature, no NUL byte, UTF-8 (a BOM allowed), lines
    ending in LF or CRLF, the header first (no Excel ``sep=`` line, no blank
    line before it) with no quotes and a valid set of names, and no Ctrl-Z
    at the end.
    """
    if any(data.startswith(magic) for magic, _, _ in PACKED) or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    if b"\x00" in data or (whole and data.rstrip(b"\r\n").endswith(b"\x1a")):
        return None
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None
    if whole and not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    end = data.find(b"\n")
    if end < 0:
        return None
    line = data[:end].removeprefix(_BOM).rstrip(b"\r")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if '"' in text or not text.strip() or text.lower().startswith("sep="):
        return None
    delimiter = sniff_delimiter(text)
    cells = [c.strip() for c in text.split(delimiter)]
    try:
        check_header(cells, "the file")
    except SurvivalDataError:
        return None
    return cells, delimiter
