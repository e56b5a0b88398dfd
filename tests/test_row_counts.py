"""Tests for survival.io.row_counts: the numeric route counts exactly as the cell-by-cell route does."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from survival.errors import FragileEstimateWarning, SurvivalDataError
from survival.io.individual import counts_from_frame
from survival.io.row_counts import clean_numbers


def rows(n: int, kind: str, groups: int, seed: int = 3) -> pd.DataFrame:
    """Seeded rows: whole days, wide whole numbers, or fractions; 0/1 events; text groups."""
    rng = np.random.default_rng(seed)
    if kind == "days":
        duration = rng.integers(0, 400, n)
    elif kind == "wide":  # whole numbers over a range far wider than the rows: sorted, not binned
        duration = rng.integers(0, 3 * 10**7, n) * 1.0
    else:
        duration = np.round(rng.uniform(0, 400, n) * 8) / 8  # ties and fractions
    frame = pd.DataFrame({"duration": duration, "event": rng.integers(0, 2, n)})
    for i in range(groups):
        frame[f"g{i}"] = rng.choice(["b", "a", " c ", "10", "9"], n)
    return frame


def both_routes(frame: pd.DataFrame, **options):
    """The counts of numbers, and of the same rows written as text (read cell by cell); same warnings."""
    with warnings.catch_warnings(record=True) as said_numbers:
        warnings.simplefilter("always", FragileEstimateWarning)
        numbers = counts_from_frame(frame, **options)
    with warnings.catch_warnings(record=True) as said_text:
        warnings.simplefilter("always", FragileEstimateWarning)
        text = counts_from_frame(frame.astype({"duration": str, "event": str}), **options)
    assert [str(w.message) for w in said_numbers] == [str(w.message) for w in said_text]
    return numbers, text


@pytest.mark.parametrize("kind", ["days", "wide", "fractions"])
@pytest.mark.parametrize("n_groups", [0, 1, 2])
@pytest.mark.parametrize("unit", ["days", "months", "years"])
def test_numbers_count_as_text_does(kind, n_groups, unit):
    frame = rows(3000, kind, n_groups)
    group = [f"g{i}" for i in range(n_groups)]
    numbers, text = both_routes(frame, group=group, time_unit="days" if kind == "wide" else unit)
    pd.testing.assert_frame_equal(numbers.frame, text.frame, check_exact=True)
    assert numbers.groups() == text.groups()
    assert numbers.group_columns == text.group_columns
    assert np.array_equal(numbers.group_starts, text.group_starts)


def test_float_events_minus_zero_and_one_row():
    frame = pd.DataFrame({"duration": [-0.0, 0.0, 2.5, 2.5] * 3, "event": [1.0, 0.0, 1.0, 0.0] * 3})
    numbers = counts_from_frame(frame)
    assert numbers.frame["time"].tolist() == [0.0, 2.5]
    assert not np.signbit(numbers.frame["time"]).any()
    assert numbers.frame["died"].tolist() == [3, 3] and numbers.frame["censored"].tolist() == [3, 3]
    with pytest.warns(Warning, match="Fewer than 10 people"):
        one = counts_from_frame(pd.DataFrame({"duration": [3], "event": [1]}))
    assert one.frame.to_dict("list") == {"time": [3.0], "died": [1], "censored": [0]}


@pytest.mark.parametrize(
    "duration, event, clean",
    [
        ([1.0, 2.0], [0, 1], True),
        ([1, 2], [0.0, 1.0], True),
        ([1.0, np.nan], [0, 1], False),
        ([1.0, -1.0], [0, 1], False),
        ([1.0, np.inf], [0, 1], False),
        ([1.0, 1e12], [0, 1], False),
        ([1.0, 2.0], [0, 2], False),
        ([1.0, 2.0], [0.5, 1.0], False),
        ([1.0, 2.0], [-1, 1], False),
        ([1.0, 2.0], [True, False], False),
        (["1", "2"], [0, 1], False),
    ],
)
def test_clean_numbers(duration, event, clean):
    assert clean_numbers(pd.Series(duration), pd.Series(event), "days") is clean


@pytest.mark.parametrize(
    "duration, event, message",
    [
        ([1.0, np.nan, 3.0], [0, 1, 1], r"The duration is empty.*row 2, column 'duration'"),
        ([1.0, -4.0, 3.0], [0, 1, 1], r"The duration -4 is negative.*row 2"),
        ([1.0, 2.0, 3.0], [0, 1, 2], r"row 3, column 'event'"),
        ([1.0, 2.0, 3.0], [0, 0.5, 1], r"0.5 is not an event code: a person either died or did not.*row 2"),
    ],
)
def test_numbers_that_fail_are_explained_cell_by_cell(duration, event, message):
    with pytest.raises(SurvivalDataError, match=message):
        counts_from_frame(pd.DataFrame({"duration": duration, "event": event}), time_unit="days")
