"""Tests for survival.io.individual_chunks: a file read in parts gives what the whole file gives."""

from __future__ import annotations

import pytest
from individual_files import odd_file, outcome, same

from survival.errors import FragileEstimateWarning, SurvivalDataError
from survival.io.individual import read_individual_csv
from survival.io.individual_chunks import read_individual_chunks

OPTIONS = {"event": "event", "group": "stage", "time_unit": "days"}


@pytest.mark.parametrize("seed", range(150))
@pytest.mark.parametrize("size", [5, 1 << 20])
def test_parts_add_up_to_the_whole_file(tmp_path, seed, size):
    path = tmp_path / "rows.csv"
    path.write_bytes(odd_file(seed))
    whole = outcome(read_individual_csv, path, **OPTIONS)
    parts = outcome(read_individual_chunks, path, size=size, **OPTIONS)
    assert same(parts, whole), (parts, whole)


def test_a_bad_cell_in_a_later_part_is_named_with_its_row(tmp_path):
    path = tmp_path / "rows.csv"
    lines = ["duration,event"] + [f"{i},1" for i in range(30)]
    lines[25] = "12,dead"  # row 26 as a spreadsheet counts (the header is row 1)
    path.write_text("\n".join(lines) + "\n")
    for reread_up_to in (0, 10**6):  # explained from the part, or from the whole file
        with pytest.raises(
            SurvivalDataError, match=r"'dead' is a word, not an event code.*row 26, column 'event'"
        ):
            read_individual_chunks(path, size=16, reread_up_to=reread_up_to)


def test_a_row_of_too_many_cells_in_a_later_part(tmp_path):
    path = tmp_path / "rows.csv"
    lines = ["duration,event"] + [f"{i},1" for i in range(30)] + [""]
    lines[20] = "12,1,3"  # row 21
    lines[5] = ""  # a blank line is still a row
    path.write_text("\n".join(lines))
    for reread_up_to in (0, 10**6):
        with pytest.raises(SurvivalDataError, match=r"This row has 3 cells but the header row has 2.*row 21"):
            read_individual_chunks(path, size=16, reread_up_to=reread_up_to)


def test_a_later_part_that_is_not_text(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_bytes(b"duration,event\n" + b"1,1\n" * 20 + b"2,\xff\n")
    with pytest.raises(SurvivalDataError, match="Part of the file is not plain text"):  # too big to reread
        read_individual_chunks(path, size=16, reread_up_to=0)
    with pytest.raises(SurvivalDataError, match="'ÿ' is not an event code.*row 22"):
        read_individual_chunks(path, size=16)


def test_no_data_rows_and_missing_files(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("duration,event\n\n\n")
    with pytest.raises(SurvivalDataError, match="The file has a header but no data rows"):
        read_individual_chunks(path, size=2)
    with pytest.raises(SurvivalDataError, match="There is no file"):
        read_individual_chunks(tmp_path / "nothing.csv")


def test_groups_across_parts_count_once(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("t,event,g\n" + "".join(f"{i % 5},{i % 2},{'ab'[i % 2]}\n" for i in range(40)))
    counts = read_individual_chunks(path, duration="t", group="g", size=20)
    assert counts.groups() == [("a",), ("b",)]
    assert counts.n_rows == 40 and counts.frame[["died", "censored"]].to_numpy().sum() == 40


@pytest.mark.parametrize("seed", range(60))
@pytest.mark.parametrize("size", [5, 1 << 20])
def test_bytes_in_memory_read_as_the_file_they_came_from(tmp_path, seed, size):
    """An upload's bytes, read in place, give what the file on disk gives (values and messages)."""
    path = tmp_path / "rows.csv"
    path.write_bytes(odd_file(seed))
    on_disk = outcome(read_individual_chunks, path, size=size, **OPTIONS)
    in_memory = outcome(read_individual_chunks, path.read_bytes(), size=size, name="rows.csv", **OPTIONS)
    assert same(in_memory, on_disk), (in_memory, on_disk)


def test_a_bad_cell_in_memory_is_named_with_the_upload_and_row():
    data = ("duration,event\n" + "".join(f"{i},1\n" for i in range(30))).replace("12,1\n", "12,dead\n")
    with pytest.raises(SurvivalDataError, match=r"'dead' is a word.*mine\.csv.*row 14, column 'event'"):
        read_individual_chunks(data.encode(), size=16, reread_up_to=0, name="mine.csv")


def test_a_large_file_that_is_not_plain_is_refused_not_read_whole():
    data = "duration;event\n".encode("utf-16")  # not UTF-8: the whole-file route would be needed
    with pytest.raises(SurvivalDataError, match=r"A file over 0 MB is read a piece at a time.*big\.csv"):
        read_individual_chunks(data, name="big.csv", whole_up_to=10)
    small = b'"duration",event\n1,1\n2,0\n'  # quotes in the header: read whole when small enough
    with pytest.warns(FragileEstimateWarning):
        assert read_individual_chunks(small, name="ok.csv", whole_up_to=100).n_rows == 2
