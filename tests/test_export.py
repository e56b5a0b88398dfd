"""CSV exports escape formula-like text cells, never numbers."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from survival.io.csv_export import safe_csv


@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", '=HYPERLINK("x")'])
def test_formula_like_text_is_escaped(cell):
    text = safe_csv(pd.DataFrame({"group": [cell], "n": [1]}))
    back = pd.read_csv(io.StringIO(text), keep_default_na=False)
    assert back["group"][0] == "'" + cell.strip("\r") or back["group"][0].startswith("'")


def test_numbers_and_plain_text_are_left_alone():
    frame = pd.DataFrame({"group": ["Distant", "a-b"], "x": [-0.5, 2.0], "n": [-3, 4]})
    back = pd.read_csv(io.StringIO(safe_csv(frame)))
    pd.testing.assert_frame_equal(back, frame)


def test_headers_are_escaped_too():
    assert safe_csv(pd.DataFrame({"=cmd": ["x"]})).splitlines()[0] == "'=cmd"
