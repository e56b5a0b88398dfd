"""Tests for survival.io.csv_numbers: pandas' parser reads plain files as the cell-by-cell reader does."""

from __future__ import annotations

import numpy as np
import pytest
from individual_files import cell_by_cell, odd_file, outcome, same

from survival.io.csv_numbers import plain_header, read_numbers_frame
from survival.io.individual import plain_numbers, read_individual_csv

OPTIONS = {"event": "event", "group": "stage", "time_unit": "days"}


@pytest.mark.parametrize("seed", range(150))
def test_files_read_as_cell_by_cell(seed):
    data = odd_file(seed)
    fast = outcome(read_individual_csv, data, name="rows.csv", **OPTIONS)
    reference = outcome(cell_by_cell, data, "rows.csv", **OPTIONS)
    assert same(fast, reference), (fast, reference)


def test_the_odd_files_cover_every_route():
    kinds = [outcome(read_individual_csv, odd_file(seed), name="r.csv", **OPTIONS)[0] for seed in range(150)]
    assert 20 < kinds.count("error") < 130
    frames = [read_numbers_frame(odd_file(seed), ["stage"]) for seed in range(150)]
    assert 20 < sum(f is None for f in frames) < 130  # not plain: read cell by cell
    numbers = [plain_numbers(f, "duration", "event", "days") for f in frames if f is not None]
    assert 20 < sum(numbers) < len(numbers)  # plain, and numbers only: counted as numbers


@pytest.mark.parametrize(
    "data, plain",
    [
        (b"a,b\n1,2\n", (["a", "b"], ",")),
        (b"\xef\xbb\xbf a ; b \r\n1;2\r\n", (["a", "b"], ";")),
        (b"a\tb\n1\t2\n", (["a", "b"], "\t")),
        (b"a,b\r1,2\r", None),  # old Mac line ends
        (b"sep=;\na;b\n1;2\n", None),  # Excel's delimiter line
        (b"\na,b\n1,2\n", None),  # a blank line before the header
        (b'"a",b\n1,2\n', None),  # quotes in the header
        (b"a,b\n1,2\x00\n", None),
        (b"a,b\n1,\xe9\n", None),  # not UTF-8
        (b"a,b\n1,2\n\x1a", None),  # DOS end-of-file mark
        (b"\x1f\x8b\x08\x00", None),  # gzip
        (b"a,a\n1,2\n", None),  # a name twice
        (b"1,2\n3,4\n", None),  # numbers, not names
        (b"a,b", None),  # no line end at all
    ],
)
def test_plain_header(data, plain):
    assert plain_header(data) == plain


def test_numbers_are_rounded_as_python_rounds_them():
    cells = [
        "0.1000000000000000055511151231257827",
        "2.675",
        "9007199254740993",
        "1e-300",
        "123456.78901234567",
    ]
    data = ("t,g\n" + "\n".join(f"{c},x" for c in cells) + "\n").encode()
    frame = read_numbers_frame(data, ["g"])
    assert frame["t"].tolist() == [float(c) for c in cells]
    assert frame["g"].dtype == "category"


def test_rows_longer_than_the_header_are_not_read():
    assert read_numbers_frame(b"a,b\n1,2,3\n4,5,6\n") is None  # pandas would take column a for row labels
    assert read_numbers_frame(b"a,b\n1,2\n4,5,6\n") is None


def test_numbers_frame_keeps_text_groups_as_written():
    frame = read_numbers_frame(b"t,g\n1, 01\n2,1 \n3,\n", ["G"])
    assert frame["g"].tolist()[:2] == ["01", "1 "]
    assert np.isnan(frame["g"].tolist()[2])
