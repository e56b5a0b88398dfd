"""Life-table validation, CSV reading and pooling."""

from __future__ import annotations

from fractions import Fraction as F

import pandas as pd
import pytest

from survival.errors import SurvivalDataError
from survival.io.lifetable_csv import read_lifetable_csv
from survival.tables.lifetable import lifetable_from_frame

GOOD = (
    "stage,interval_start,interval_end,alive,died,lost,expected\n"
    "A,0,1,100,10,5,0.99\n"
    "A,1,2,85,5,0,0.98\n"
    "B,0,1,50,20,0,0.97\n"
)


def read(text: str, **kwargs):
    return read_lifetable_csv(text.encode("utf-8"), name="t.csv", **kwargs)


def test_reads_a_good_table():
    table = read(GOOD)
    assert table.group_columns == ("stage",)
    assert table.has_expected
    assert table.frame["alive"].tolist() == [100, 85, 50]
    assert table.groups() == [("A",), ("B",)]


@pytest.mark.parametrize(
    "variant",
    [
        lambda t: "\ufeff" + t,  # UTF-8 BOM from Excel
        lambda t: t.replace("\n", "\r\n"),  # CRLF
        lambda t: t.replace(",", ";"),  # semicolon-separated
        lambda t: t.replace("A,", '"A",'),  # quoted fields
        lambda t: t.replace("stage,interval_start", "Stage,Interval_Start"),  # other case
        lambda t: t + "\n\n",  # trailing blank lines
    ],
)
def test_reads_valid_but_awkward_files(variant):
    table = read(variant(GOOD))
    assert table.frame["died"].tolist() == [10, 5, 20]
    assert table.frame["expected"].tolist() == [0.99, 0.98, 0.97]


BAD = [
    ("", "The file is empty"),
    ("stage,interval_start,interval_end,alive,died,lost\n", "has a header but no data rows"),
    ("stage,interval_start,alive,died,lost\nA,0,10,1,0\n", "no column 'interval_end'"),
    (
        GOOD.replace("A,1,2,85,5,0", "A,1,2,85,50,40"),
        r"More people died or were lost \(50 \+ 40\) than were alive at the start \(85\).*row 3, column 'died'",
    ),
    (
        GOOD.replace("A,1,2,85", "A,1,2,86"),
        r"alive at the start \(86\) does not continue .*100 alive - 10 died - 5 lost = 85.*row 3, column 'alive'",
    ),
    (
        GOOD.replace("A,1,2,85", "A,2,3,85"),
        r"gap in group stage=A.*ends at 1 but this one starts at 2.*row 3",
    ),
    (GOOD.replace("A,1,2,85", "A,0.5,2,85"), r"Intervals overlap in group stage=A.*row 3"),
    (GOOD.replace("A,1,2,85,5,0,0.98", "A,0,1,100,10,5,0.99"), r"starting at 0 appears twice.*row 3"),
    (GOOD.replace("B,0,1", "B,1,2"), r"first interval of group stage=B starts at 1, not at 0.*row 4"),
    (GOOD.replace("A,0,1,100,10,5", "A,0,1,100,-10,5"), r"-10 is not a count.*row 2, column 'died'"),
    (GOOD.replace("A,0,1,100,10,5", "A,0,1,100,2.5,5"), r"2.5 is not a count.*whole number"),
    (
        GOOD.replace("0.99", "99.2").replace("0.98", "98.1").replace("0.97", "97"),
        r"Expected survival 99.2 is outside \(0, 1\].*looks like percents; divide it by 100",
    ),
    (GOOD.replace("0.99", "1.2"), r"Expected survival 1.2 is outside \(0, 1\].*proportion between 0 and 1"),
    (GOOD.replace("0.99", "0"), r"Expected survival 0 is outside"),
    (GOOD.replace("A,0,1,100", "A,0,1,many"), r"'many' is not a number.*row 2, column 'alive'"),
    (GOOD.replace("A,0,1,100", 'A,0,1,"1,000"'), r"thousands separator"),
    (GOOD.replace("0.99", "95%"), r"percent sign"),
    (GOOD.replace("A,0,1,100", "A,0,1,"), r"The cell is empty.*row 2, column 'alive'"),
    (GOOD.replace("A,0,1,100", "A,0,1,NaN"), r"'NaN' is not a number"),
    (GOOD.replace("A,0,1,100", "A,0,1,inf"), r"'inf' is not a number"),
    (GOOD.replace("A,0,1,100", "A,1,0,100"), r"An interval ends before it starts.*row 2"),
    (GOOD.replace("B,0,1,50,20,0", "B,0,1,0,0,0"), r"No one is alive at the start.*row 4, column 'alive'"),
    (
        GOOD.replace("stage,", "stage,Stage2,")
        .replace("\nA,", "\nA,x,")
        .replace("\nB,", "\nB,y,")
        .replace("Stage2", "STAGE"),
        r"names a column twice \('stage' and 'STAGE'\)",
    ),
    (GOOD.replace("\nA,0", "\n,0"), r"A group label is empty.*row 2, column 'stage'"),
]


@pytest.mark.parametrize("text, message", BAD)
def test_bad_tables_are_refused_with_a_plain_message(text, message):
    with pytest.raises(SurvivalDataError, match=message) as info:
        read(text)
    assert "How to fix:" in str(info.value)


def test_messages_say_where_and_how():
    with pytest.raises(SurvivalDataError) as info:
        read(GOOD.replace("A,1,2,85,5,0", "A,1,2,85,50,40"))
    err = info.value
    assert err.where == "t.csv, row 3, column 'died'"
    assert "died + lost cannot exceed alive" in err.fix


def test_pooling_adds_counts_and_weights_expected_by_alive():
    frame = pd.DataFrame(
        {
            "age": ["young", "young", "old", "old"],
            "interval_start": [0, 1, 0, 1],
            "interval_end": [1, 2, 1, 2],
            "alive": [30, 27, 10, 5],
            "died": [3, 1, 5, 1],
            "lost": [0, 0, 0, 4],
            "expected": [0.99, 0.98, 0.9, 0.8],
        }
    )
    pooled = lifetable_from_frame(frame).pool([]).frame
    assert pooled["alive"].tolist() == [40, 32]
    assert pooled["died"].tolist() == [8, 2]
    assert pooled["lost"].tolist() == [0, 4]
    want = [F(30 * 99 + 10 * 90, 100 * 40), F(27 * 98 + 5 * 80, 100 * 32)]
    assert pooled["expected"].tolist() == pytest.approx([float(w) for w in want], abs=1e-12)


def test_pooling_keeps_groups_that_run_out_early():
    frame = pd.DataFrame(
        {
            "age": ["a", "a", "a", "b"],
            "interval_start": [0, 1, 2, 0],
            "interval_end": [1, 2, 3, 1],
            "alive": [10, 8, 6, 5],
            "died": [2, 2, 1, 5],
            "lost": [0, 0, 0, 0],
        }
    )
    pooled = lifetable_from_frame(frame).pool([]).frame
    assert pooled["alive"].tolist() == [15, 8, 6]
    assert pooled["interval_start"].tolist() == [0, 1, 2]


def test_pool_and_select_check_their_columns():
    table = read(GOOD)
    with pytest.raises(KeyError, match="Unknown group columns"):
        table.pool(["age"])
    with pytest.raises(KeyError, match="is not a group column"):
        table.select(age="x")
    assert table.select(stage="B").frame["alive"].tolist() == [50]


def test_groups_keep_their_order_of_appearance():
    text = GOOD.replace("A,", "Z,")
    assert [g[0] for g in read(text).groups()] == ["Z", "B"]


def test_fragile_tables_warn_but_are_read():
    from survival.errors import FragileEstimateWarning

    with pytest.warns(FragileEstimateWarning, match=r"No deaths are recorded in B"):
        table = read(GOOD.replace("B,0,1,50,20,0", "B,0,1,50,0,3"))
    assert table.frame["alive"].tolist() == [100, 85, 50]
    with pytest.warns(
        FragileEstimateWarning,
        match=r"Fewer than 10 people were alive at the start of 1 "
        r"interval\(s\), in B: estimates there are very uncertain",
    ):
        read(GOOD.replace("B,0,1,50,20,0", "B,0,1,5,2,0"))
    later = GOOD.replace("A,1,2,85,5,0", "A,1,2,85,5,76").replace("B,0", "A,2,3,4,1,0,0.9\nB,0")
    with pytest.warns(FragileEstimateWarning, match=r"start of 1 interval\(s\), in A:"):
        read(later)


def test_pooling_groups_with_different_intervals_is_refused():
    frame = pd.DataFrame(
        {
            "g": ["a", "a", "b", "b"],
            "interval_start": [0, 1, 0, 0.5],
            "interval_end": [1, 2, 0.5, 1],
            "alive": [10, 8, 10, 9],
            "died": [2, 2, 1, 1],
            "lost": [0, 6, 0, 8],
        }
    )
    with pytest.raises(
        SurvivalDataError, match=r"cannot be pooled over g.*interval starting at 0 appears twice"
    ):
        lifetable_from_frame(frame).pool([])


@pytest.mark.parametrize(
    "text, message",
    [
        (GOOD.replace("lost,expected", "lost,died"), r"names a column twice \('died' and 'died'\)"),
        ("\n\n" + GOOD.replace("A,1,2,85", "A,1,2,86"), r"row 5, column 'alive'"),
        (GOOD.replace("A,0,1,100", "A,0,1,99999999999999999999999"), r"too large to be a count of people"),
        (GOOD.replace("0.98", "98.2"), r"Expected survival 98.2 is outside.*may be a percent"),
    ],
)
def test_more_awkward_tables(text, message):
    with pytest.raises(SurvivalDataError, match=message):
        read(text)
