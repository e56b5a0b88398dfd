"""Decoding input bytes, and CSV cells, the same way for every input kind."""

from __future__ import annotations

import pytest

from survival.errors import SurvivalDataError
from survival.io.csv_cells import read_csv_cells
from survival.io.numbers import describe_bad_number
from survival.io.text import decode_text, read_bytes

TEXT = "stage,alive\nÉté,10\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_common_encodings_are_read(encoding):
    assert decode_text(TEXT.encode(encoding), "f.csv") == TEXT


@pytest.mark.parametrize("raw, message", [
    (b"\xff\xfeabc", r"cannot be read as UTF-16 text"),
    ("stage,alive\n".encode("utf-16-le"), r"NUL bytes.*UTF-16 without a byte-order mark"),
    (b"\xef\xbb\xbfok\n\x81\x8d", r"Byte 0x81 at byte 7 cannot be read as UTF-8 text.*line 2"),
])
def test_undecodable_text_is_refused_plainly(raw, message):
    with pytest.raises(SurvivalDataError, match=message):
        decode_text(raw, "f.csv")


def test_missing_file():
    with pytest.raises(SurvivalDataError, match="There is no file"):
        read_bytes("/no/such/file.csv")


def test_csv_cells_keep_spreadsheet_row_numbers():
    frame, name = read_csv_cells(b"\n\na,b\n1,2\n\n3,4\n", name="f.csv")
    assert frame["_row"].tolist() == [4, 6]
    assert name == "f.csv"


@pytest.mark.parametrize("cell, what", [
    ("1,021", "thousands separator"), ("0,95", "decimal comma"), ("95%", "percent sign"),
    ("12 months", "unit or text after the number"), ("", "The cell is empty"), ("NA", "is not a number"),
    ("abc", "'abc' is not a number"),
])
def test_number_hints(cell, what):
    assert what in describe_bad_number(cell)[0]
