"""Seeded CSV files of individual rows, plain and odd, and the cell-by-cell reading they must equal.

Used by tests/test_csv_numbers.py and tests/test_individual_chunks.py: each
fast route (pandas' parser with numbers as numbers, or a file read in parts)
must give exactly what reading every cell as text gives, or the same message.
"""

from __future__ import annotations

import warnings

import numpy as np

from survival.errors import FragileEstimateWarning, SurvivalDataError
from survival.io.csv_cells import read_csv_cells
from survival.io.individual import counts_from_frame

DURATIONS = [
    "5",
    " 7",
    "8 ",
    "+3",
    "1e1",
    "-0",
    "2.50",
    "0.1000000000000000055511151231257827",
    "007",
    "12.25",
]
ODD_DURATIONS = ["", "x", "1,5", "-2", "inf", "nan", "1_0", "NA", "5 days", "1e9"]
EVENTS = ["0", "1", " 1", "1.0", "0.0"]
ODD_EVENTS = ["2", "", "dead", "0.5", "True", "-1"]
LABELS = ["a", " b", "c ", '"d, e"', "10", "é", '"f\ng"']


def odd_file(seed: int, rows: int = 40) -> bytes:
    """A CSV file of individual rows: mostly plain; sometimes blank lines, CRLF, a BOM, bad cells, extra cells."""
    rng = np.random.default_rng(seed)
    odd = rng.random(6) < 0.3  # which oddities this file has
    end = "\r\n" if odd[0] else "\n"
    lines = ["duration,Event,stage,note"]
    for _ in range(rows):
        duration = rng.choice(ODD_DURATIONS if odd[1] and rng.random() < 0.05 else DURATIONS)
        event = rng.choice(ODD_EVENTS if odd[2] and rng.random() < 0.05 else EVENTS)
        cells = [duration, event, rng.choice(LABELS), "x" if rng.random() < 0.5 else ""]
        if odd[3] and rng.random() < 0.03:
            cells.append("extra")
        lines.append(",".join(str(c) for c in cells))
        if odd[4] and rng.random() < 0.05:
            lines.append(rng.choice(["", ",,,", "  "]))
    data = end.join(lines) + end
    return (b"\xef\xbb\xbf" if odd[5] else b"") + data.encode("utf-8")


def outcome(read, *args, **options):
    """What a reading gives: ("counts", frame, rows, warnings) or ("error", message)."""
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always", FragileEstimateWarning)
        try:
            counts = read(*args, **options)
        except SurvivalDataError as err:
            return ("error", str(err))
    return ("counts", counts.frame, counts.n_rows, [str(w.message) for w in said])


def cell_by_cell(data: bytes, name: str, **options):
    """The reference: every cell read as text (:func:`read_csv_cells`), then counted."""
    frame, name = read_csv_cells(data, name)
    return counts_from_frame(frame, source=name, **options)


def same(a, b) -> bool:
    """Whether two outcomes are equal (frames exactly, messages to the letter)."""
    if a[0] != b[0]:
        return False
    if a[0] == "error":
        return a[1] == b[1]
    return a[1].equals(b[1]) and list(a[1].dtypes) == list(b[1].dtypes) and a[2:] == b[2:]
