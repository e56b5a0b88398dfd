"""Tests for survival.io.individual: validation of individual rows and aggregation to counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from survival.errors import FragileEstimateWarning, SurvivalDataError
from survival.io.individual import (
    TIME_UNITS,
    EventCounts,
    counts_from_frame,
    read_individual_csv,
)


def csv(text: str) -> bytes:
    return text.encode("utf-8")


def people(n_per_group: int = 10, groups=("A", "B"), seed: int = 0) -> pd.DataFrame:
    """Valid numeric individual rows: integer durations (many ties), both event codes."""
    rng = np.random.default_rng(seed)
    n = n_per_group * len(groups)
    return pd.DataFrame(
        {
            "duration": rng.integers(0, 8, n).astype(float),
            "event": np.r_[1, 0, rng.integers(0, 2, n - 2)],
            "stage": np.repeat(groups, n_per_group),
        }
    )


def naive_counts(
    frame: pd.DataFrame, by: list[str], duration: str, event: str, per_year: float
) -> pd.DataFrame:
    """Reference aggregation with a plain pandas groupby."""
    work = pd.DataFrame({c: frame[c].astype(str).str.strip() for c in by})
    work["time"] = frame[duration].astype(float) / per_year
    work["died"] = frame[event].astype(int)
    work["censored"] = 1 - work["died"]
    out = work.groupby(by + ["time"], sort=True)[["died", "censored"]].sum().reset_index()
    return out.astype({"died": np.int64, "censored": np.int64})


# --- aggregation -------------------------------------------------------------------------


def test_counts_exact_small_example():
    frame = pd.DataFrame(
        {
            "Duration": ["3", "1", "3", "3", "2", "1", "5", "2"] + ["4"] * 13,
            "Event": ["1", "0", "0", "1", "1", "1", "0", "1"] + ["0"] * 13,
            "Stage": ["B", "A", "A", "A", "B", "A", "A", "B"] + ["A"] * 6 + ["B"] * 7,
        }
    )
    counts = counts_from_frame(frame, duration="duration", event="EVENT", group="stage")
    expected = pd.DataFrame(
        {
            "Stage": ["A", "A", "A", "A", "B", "B", "B"],
            "time": [1.0, 3.0, 4.0, 5.0, 2.0, 3.0, 4.0],
            "died": [1, 1, 0, 0, 2, 1, 0],
            "censored": [1, 1, 6, 1, 0, 0, 7],
        }
    )
    pd.testing.assert_frame_equal(counts.frame, expected)
    assert counts.group_columns == ("Stage",)
    assert counts.n_rows == 21
    assert counts.groups() == [("A",), ("B",)]
    pd.testing.assert_frame_equal(
        counts.select_group(("B",)),
        pd.DataFrame({"time": [2.0, 3.0, 4.0], "died": [2, 1, 0], "censored": [0, 0, 7]}),
    )


def test_counts_match_naive_groupby_on_random_rows():
    rng = np.random.default_rng(42)
    n = 5000
    frame = pd.DataFrame(
        {
            "months": rng.integers(0, 120, n),
            "status": rng.integers(0, 2, n),
            "stage": rng.choice(["Local", "Regional", "Distant"], n),
            "sex": rng.choice([" F", "M "], n),
        }
    )
    counts = counts_from_frame(
        frame, duration="months", event="status", group=["stage", "sex"], time_unit="months", source="random"
    )
    expected = naive_counts(frame, ["stage", "sex"], "months", "status", 12.0)
    pd.testing.assert_frame_equal(counts.frame, expected)
    assert counts.frame[["died", "censored"]].to_numpy().sum() == n


def test_text_cells_match_numeric_cells():
    frame = people(30, groups=("x", "y", "z"), seed=3)
    text = frame.astype(str)
    a = counts_from_frame(frame, group="stage")
    b = counts_from_frame(text, group="stage")
    pd.testing.assert_frame_equal(a.frame, b.frame)


def test_no_group_gives_one_group():
    counts = counts_from_frame(people(20, groups=("A",)))
    assert counts.group_columns == ()
    assert counts.groups() == [()]
    assert list(counts.frame.columns) == ["time", "died", "censored"]
    assert len(counts.select_group(())) == len(counts.frame)


def test_time_units_convert_to_years():
    frame = pd.DataFrame({"duration": [365.25, 730.5, 0.0] + [10.0] * 10, "event": [1, 0, 1] + [0] * 10})
    counts = counts_from_frame(frame, time_unit="days")
    assert counts.frame["time"].tolist() == [0.0, 10 / 365.25, 1.0, 2.0]
    assert TIME_UNITS == {"days": 365.25, "months": 12.0, "years": 1.0}
    months = counts_from_frame(frame.assign(duration=[18.0, 6.0, 0.0] + [1.0] * 10), time_unit="months")
    assert months.frame["time"].tolist() == [0.0, 1 / 12, 0.5, 1.5]


def test_read_csv_with_semicolons_and_row_numbers():
    text = "Duration;Event;Stage\n" + "".join(f"{i % 4};{i % 2};S{i % 2}\n" for i in range(24))
    counts = read_individual_csv(csv(text), group="stage", name="cohort.csv")
    assert counts.source == "cohort.csv"
    assert counts.n_rows == 24
    assert counts.groups() == [("S0",), ("S1",)]
    bad = text.replace("3;1;S1\n", "3;x;S1\n", 1)
    with pytest.raises(SurvivalDataError, match=r"cohort\.csv, row 5, column 'Event'"):
        read_individual_csv(csv(bad), group="Stage", name="cohort.csv")


def test_blank_lines_keep_row_numbers():
    text = "duration,event\n1,1\n\n2,1\n3,7\n"
    with pytest.raises(SurvivalDataError, match="row 5, column 'event'"):
        read_individual_csv(csv(text), name="f.csv")


def test_frame_without_row_column_counts_rows_from_one():
    frame = pd.DataFrame({"duration": [1.0, 2.0, -3.0], "event": [1, 1, 1]})
    with pytest.raises(SurvivalDataError, match="data, row 3, column 'duration'"):
        counts_from_frame(frame)


# --- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "events, message",
    [
        (
            ["1", "2", "1", "2"],
            r"looks like R's coding 1 = censored, 2 = died.*row 3.*"
            r"recode to 0 = censored, 1 = died",
        ),
        (["0", "1", "2", "1"], r"2 is not an event code.*row 4.*use 1 for died and 0 for alive/censored"),
        (["1", "0", "-1", "1"], r"-1 is not an event code.*row 4.*use 1 for died and 0"),
        (["1", "9", "0", "1"], r"9 is not an event code.*'unknown'.*row 3.*use 1 for died and 0"),
        (["1", "0.5", "0", "1"], r"0\.5 is not an event code.*row 3.*use 1 for died and 0"),
        (
            ["Dead", "Alive", "Dead", "Alive"],
            r"'Dead' is a word.*row 2.*use 1 for died and 0 for "
            r"alive/censored",
        ),
        (["TRUE", "FALSE", "TRUE", "TRUE"], r"'TRUE' is a word.*use 1 for died and 0 for alive"),
        (["1", "no", "yes", "1"], r"'no' is a word.*row 3.*use 1 for died and 0 for alive"),
        (["1", "0", "", "1"], r"The event cell is empty.*row 4, column 'event'"),
        (["1", "0", "died?", "1"], r"'died\?' is not an event code.*use 1 for died and 0"),
        (["1", "0", "nan", "1"], r"'nan' is not an event code.*row 4.*use 1 for died and 0"),
        (["1", "inf", "0", "1"], r"'inf' is not an event code.*row 3.*use 1 for died and 0"),
        (["1.0", "0.0", "1", "3"], r"3 is not an event code.*row 5"),
    ],
)
def test_bad_event_codes(events, message):
    text = "duration,event\n" + "".join(f"{i + 1},{e}\n" for i, e in enumerate(events))
    with pytest.raises(SurvivalDataError, match=message):
        read_individual_csv(csv(text), name="f.csv")


def test_r_coding_never_becomes_all_died():
    frame = pd.DataFrame({"duration": np.arange(1.0, 21.0), "status": [1, 2] * 10})
    with pytest.raises(SurvivalDataError, match="R's coding"):
        counts_from_frame(frame, event="status")


@pytest.mark.parametrize(
    "events, message",
    [
        ([True, False, True], r"'True' is a word.*use 1 for died and 0 for alive/censored"),
        ([1.0, np.nan, 0.0], r"The event cell is empty.*data, row 2, column 'event'"),
        ([1, 0, 2.5], r"2\.5 is not an event code"),
    ],
)
def test_bad_event_codes_in_frames(events, message):
    frame = pd.DataFrame({"duration": [1.0, 2.0, 3.0], "event": events})
    with pytest.raises(SurvivalDataError, match=message):
        counts_from_frame(frame)


@pytest.mark.parametrize(
    "cell, message",
    [
        ("-2", r"The duration -2 is negative.*row 3, column 'duration'.*0 or more"),
        ("abc", r"'abc' is not a number.*row 3, column 'duration'"),
        ("NaN", r"'NaN' is not a number.*row 3"),
        ("inf", r"'inf' is not a number.*row 3"),
        ("", r"The duration is empty.*row 3, column 'duration'.*fill in the time"),
        ('"1,021"', r"thousands separator.*row 3"),
        ('"2,5"', r"decimal comma.*row 3"),
        ("3 months", r"unit or text after the number.*row 3"),
        ("50%", r"percent sign.*row 3"),
    ],
)
def test_bad_durations(cell, message):
    text = f"duration,event\n1,1\n{cell},0\n4,1\n"
    with pytest.raises(SurvivalDataError, match=message):
        read_individual_csv(csv(text), name="f.csv")


@pytest.mark.parametrize(
    "values, message",
    [
        ([1.0, np.inf, 2.0], r"'inf' is not a number.*data, row 2, column 'duration'"),
        ([1.0, 2.0, np.nan], r"The duration is empty.*row 3"),
        ([1.0, -0.5, 2.0], r"The duration -0\.5 is negative.*row 2"),
    ],
)
def test_bad_durations_in_frames(values, message):
    with pytest.raises(SurvivalDataError, match=message):
        counts_from_frame(pd.DataFrame({"duration": values, "event": [1, 0, 1]}))


def test_missing_columns_list_what_the_file_has():
    text = "time,status,stage\n1,1,A\n"
    with pytest.raises(
        SurvivalDataError, match=r"no column 'duration'.*f\.csv.*the file has: 'time', 'status', 'stage'"
    ):
        read_individual_csv(csv(text), name="f.csv")
    with pytest.raises(SurvivalDataError, match=r"no column 'grade'.*'time', 'status', 'stage'"):
        read_individual_csv(csv(text), duration="TIME", event="Status", group="grade", name="f.csv")


@pytest.mark.parametrize(
    "text, message",
    [
        ("", r"The file is empty"),
        ("duration,event\n", r"header but no data rows"),
        ("duration,event\n\n\n", r"header but no data rows"),
    ],
)
def test_empty_files(text, message):
    with pytest.raises(SurvivalDataError, match=message):
        read_individual_csv(csv(text), name="f.csv")


def test_empty_frame():
    with pytest.raises(SurvivalDataError, match="The data have no rows"):
        counts_from_frame(pd.DataFrame({"duration": [], "event": []}))


def test_empty_group_label():
    text = "duration,event,stage\n1,1,A\n2,0,B\n3,1,\n"
    with pytest.raises(SurvivalDataError, match=r"group label is empty.*row 4, column 'stage'"):
        read_individual_csv(csv(text), group="stage", name="f.csv")
    frame = pd.DataFrame({"duration": [1.0, 2.0], "event": [1, 0], "stage": ["A", None]})
    with pytest.raises(SurvivalDataError, match=r"group label is empty.*row 2, column 'stage'"):
        counts_from_frame(frame, group="stage")


def test_column_chosen_twice_or_reserved():
    frame = people()
    with pytest.raises(SurvivalDataError, match="'Duration' is chosen twice"):
        counts_from_frame(frame, group="Duration")
    with pytest.raises(SurvivalDataError, match="group column cannot be called 'time'"):
        counts_from_frame(frame.rename(columns={"stage": "time"}), group="time")


def test_unknown_time_unit():
    with pytest.raises(ValueError, match="time_unit must be one of"):
        counts_from_frame(people(), time_unit="weeks")


def test_more_than_1000_groups_is_refused():
    n = 1001
    frame = pd.DataFrame(
        {
            "duration": np.arange(n, dtype=float) % 5,
            "event": np.arange(n) % 2,
            "patient_id": [f"P{i:05d}" for i in range(n)],
        }
    )
    with pytest.raises(
        SurvivalDataError,
        match=r"'patient_id' makes 1,001 groups.*an ID.*"
        r"choose a group column with a few categories",
    ):
        counts_from_frame(frame, group="patient_id")


def test_combined_columns_over_1000_groups_are_refused():
    rng = np.random.default_rng(5)
    n = 20000
    frame = pd.DataFrame(
        {
            "duration": rng.integers(1, 9, n),
            "event": rng.integers(0, 2, n),
            "a": rng.integers(0, 40, n),
            "b": rng.integers(0, 40, n),
        }
    )
    with pytest.raises(SurvivalDataError, match=r"'a', 'b' makes 1,[0-9]{3} groups"):
        counts_from_frame(frame, group=["a", "b"])


# --- warnings ----------------------------------------------------------------------------


def test_all_censored_warns():
    frame = people().assign(event=0)
    with pytest.warns(FragileEstimateWarning, match=r"No one died.*survival stays at 100%"):
        counts = counts_from_frame(frame, group="stage")
    assert counts.frame["died"].sum() == 0


def test_small_group_warns():
    frame = pd.concat([people(10, groups=("A",)), people(4, groups=("B",), seed=1)])
    with pytest.warns(FragileEstimateWarning, match=r"Fewer than 10 people in 1 group\(s\): B \(4\)"):
        counts_from_frame(frame, group="stage")
    with pytest.warns(FragileEstimateWarning, match=r"Fewer than 10 people.*: 4 people"):
        counts_from_frame(people(4, groups=("B",)))


def test_many_groups_warn():
    n = 51 * 10
    frame = pd.DataFrame(
        {"duration": np.arange(n) % 7 + 1.0, "event": np.arange(n) % 2, "id": np.arange(n) // 10}
    )
    with pytest.warns(FragileEstimateWarning, match=r"51 groups.*an ID.*choose another column"):
        counts = counts_from_frame(frame, group="id")
    assert len(counts.groups()) == 51


@pytest.mark.parametrize(
    "unit, longest, message",
    [
        ("years", 61.0, r"61 years.*these look like days or months; set the time unit"),
        ("months", 601.0, r"601 months.*these look like days; set the time unit"),
        ("days", 25000.0, r"25000 days.*check the durations"),
    ],
)
def test_implausible_durations_warn(unit, longest, message):
    frame = people(20, groups=("A",))
    frame.loc[3, "duration"] = longest
    with pytest.warns(FragileEstimateWarning, match=message):
        counts_from_frame(frame, time_unit=unit)


def test_plausible_durations_do_not_warn():
    frame = people(20, groups=("A",))
    frame.loc[3, "duration"] = 60.0
    counts_from_frame(frame)  # -W error turns any warning into a failure


# --- life tables -------------------------------------------------------------------------


def test_to_lifetable_exact_counts():
    # Group A: deaths at 0.2, 1.0 (boundary -> [1, 2)), 2.5; censored at 1.0, 3.0 (boundary),
    # 3.9; nobody in [4, 5) and one death at 5.5. Group B: everyone within the first year.
    rows = [
        (0.2, 1),
        (1.0, 1),
        (1.0, 0),
        (2.5, 1),
        (3.0, 0),
        (3.9, 0),
        (5.5, 1),
        (0.0, 1),
        (0.5, 0),
        (0.5, 1),
        (0.99, 1),
    ]
    frame = pd.DataFrame(rows, columns=["duration", "event"])
    frame["g"] = ["A"] * 7 + ["B"] * 4
    with pytest.warns(FragileEstimateWarning, match="Fewer than 10"):
        counts = counts_from_frame(frame, group="g")
    table = counts.to_lifetable(1.0)
    expected = pd.DataFrame(
        {
            "g": ["A"] * 6 + ["B"],
            "interval_start": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 0.0],
            "interval_end": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 1.0],
            "alive": [7, 6, 4, 3, 1, 1, 4],
            "died": [1, 1, 1, 0, 0, 1, 3],
            "lost": [0, 1, 0, 2, 0, 0, 1],
        }
    )
    pd.testing.assert_frame_equal(table.frame, expected)
    assert table.group_columns == ("g",)


def test_to_lifetable_half_year_and_float_boundaries():
    frame = pd.DataFrame({"duration": [0.3, 0.1, 0.2, 0.7] + [0.45] * 8, "event": [1, 0, 1, 1] + [0] * 8})
    counts = counts_from_frame(frame)
    table = counts.to_lifetable(0.1)
    got = table.frame.set_index(np.round(table.frame["interval_start"], 9))
    # 0.3 is 3 * 0.1 (not 2.9999... * 0.1): it falls in [0.3, 0.4).
    assert got.loc[0.3, "died"] == 1 and got.loc[0.2, "died"] == 1
    assert got.loc[0.1, "lost"] == 1 and got.loc[0.4, "lost"] == 8
    assert got["alive"].iloc[0] == 12 and got["interval_end"].iloc[-1] == pytest.approx(0.8)
    assert counts.to_lifetable(0.5).frame[["alive", "died", "lost"]].to_numpy().tolist() == [
        [12, 2, 9],
        [1, 1, 0],
    ]


def test_to_lifetable_totals_match_counts_on_random_rows():
    frame = people(200, groups=("A", "B", "C"), seed=9)
    frame["duration"] = np.random.default_rng(9).exponential(3, len(frame))
    counts = counts_from_frame(frame, group="stage")
    table = counts.to_lifetable(2.0)
    for (group,), rows in table.frame.groupby("stage"):
        sel = counts.select_group((group,))
        assert rows["died"].sum() == sel["died"].sum()
        assert rows["lost"].sum() == sel["censored"].sum()
        assert rows["alive"].iloc[0] == sel[["died", "censored"]].to_numpy().sum()
        last = rows["interval_start"].iloc[-1]
        assert last <= sel["time"].max() < last + 2.0


@pytest.mark.parametrize("width", [0.0, -1.0, np.nan, np.inf])
def test_to_lifetable_refuses_bad_width(width):
    with pytest.raises(ValueError, match="interval width must be a positive number"):
        counts_from_frame(people()).to_lifetable(width)


def test_to_lifetable_refuses_a_million_intervals():
    with pytest.raises(ValueError, match="over a million rows"):
        counts_from_frame(people()).to_lifetable(1e-6)


def test_select_unknown_group():
    counts = counts_from_frame(people(), group="stage")
    with pytest.raises(KeyError, match="No group"):
        counts.select_group(("Z",))
    with pytest.raises(KeyError, match="one label for each"):
        counts.select_group(())


def test_event_counts_is_a_frozen_value():
    counts = counts_from_frame(people(), group="stage")
    assert isinstance(counts, EventCounts)
    with pytest.raises(AttributeError):
        counts.source = "other"
