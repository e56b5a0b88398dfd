"""Decoding input bytes, and CSV cells, the same way for every input kind."""

from __future__ import annotations

import io
import os
import re
import threading
from pathlib import Path

import pytest

from survival.errors import SurvivalDataError
from survival.io.csv_cells import read_csv_cells
from survival.io.numbers import describe_bad_number
from survival.io.text import MAX_CSV_BYTES, decode_text, read_bytes

TEXT = "stage,alive\nÉté,10\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_common_encodings_are_read(encoding):
    assert decode_text(TEXT.encode(encoding), "f.csv") == TEXT


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"\xff\xfeabc", r"cannot be read as UTF-16 text"),
        ("stage,alive\n".encode("utf-16-le"), r"NUL bytes.*UTF-16 without a byte-order mark"),
        (b"\xef\xbb\xbfok\n\x81\x8d", r"Byte 0x81 at byte 7 cannot be read as UTF-8 text.*line 2"),
    ],
)
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


@pytest.mark.parametrize(
    "cell, what",
    [
        ("1,021", "thousands separator"),
        ("0,95", "decimal comma"),
        ("95%", "percent sign"),
        ("12 months", "unit or text after the number"),
        ("", "The cell is empty"),
        ("NA", "is not a number"),
        ("abc", "'abc' is not a number"),
    ],
)
def test_number_hints(cell, what):
    assert what in describe_bad_number(cell)[0]


# --- what a path is, and its size, before anything is read (audit items 4 and 5) --------------------------


def readers(path):
    """Every reader given a path, with the command line's guess of the kind."""
    from survival import read_individual_csv, read_lifetable_csv, read_seerstat
    from survival.io.read import detect_kind

    return [
        lambda: read_bytes(path),
        lambda: read_individual_csv(path),
        lambda: read_lifetable_csv(path),
        lambda: detect_kind(path),
        lambda: detect_kind(path.with_suffix(".dic")) if path.suffix == ".dic" else detect_kind(path),
        lambda: read_seerstat(path.with_suffix(".dic")),
    ]


def test_a_folder_is_named_as_a_folder(tmp_path):
    folder = tmp_path / "exports.csv"
    folder.mkdir()
    (tmp_path / "exports.dic").mkdir()
    for read in readers(folder):
        with pytest.raises(
            SurvivalDataError,
            match=r"exports\.(csv|dic) is a folder, not a file\. Where: .*How to "
            r"fix: give the path of the data file itself",
        ):
            read()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_named_and_never_opened(tmp_path):
    pipe = tmp_path / "feed.csv"
    os.mkfifo(pipe)
    os.mkfifo(tmp_path / "feed.dic")
    errors = []

    def attempt():
        for read in readers(pipe):
            try:
                read()
            except SurvivalDataError as err:
                errors.append(err.message)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "a reader blocked opening the pipe"
    assert len(errors) == 6 and all(
        re.search(r"feed\.(csv|dic) is a named pipe \(FIFO\), not a file", e) for e in errors
    ), errors


def test_seerstat_data_file_that_is_a_folder(tmp_path):
    from seerstat_fixtures import make_dic

    from survival import read_seerstat

    (tmp_path / "study.dic").write_text(make_dic(), encoding="utf-8")
    (tmp_path / "synthetic.txt").mkdir()
    with pytest.raises(SurvivalDataError, match=r"synthetic\.txt is a folder, not a file"):
        read_seerstat(tmp_path / "study.dic", tmp_path / "synthetic.txt")


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    """A 315 MB file (sparse: no disk used) is refused from its size alone: nothing reads it."""
    from survival import read_individual_csv, read_lifetable_csv

    big = tmp_path / "big.csv"
    with open(big, "wb") as handle:
        handle.write(b"duration,event\n1,1\n")
        handle.truncate(315 * 1000 * 1000)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"read {self}"))
    for read in (
        lambda: read_bytes(big, MAX_CSV_BYTES),
        lambda: read_individual_csv(big),
        lambda: read_lifetable_csv(big),
    ):
        with pytest.raises(
            SurvivalDataError,
            match=r"The file is 315 MB, more than the 210 MB limit\. Where: "
            r"big\.csv\. How to fix: split the file, or aggregate it",
        ):
            read()


class Upload(io.BytesIO):
    """An upload that fails if read whole."""

    def read(self, size=-1):
        assert size is not None and size >= 0, "read whole"
        return super().read(size)


def test_an_upload_over_the_limit_is_refused_without_reading_it(monkeypatch):
    import survival.io.csv_cells as csv_cells

    monkeypatch.setattr(csv_cells, "MAX_CSV_BYTES", 1000)
    upload = Upload(b"duration,event\n" + b"1,1\n" * 500)
    upload.name = "up.csv"
    with pytest.raises(
        SurvivalDataError, match=r"The file is 0 MB, more than the 0 MB limit\. Where: up\.csv"
    ):
        csv_cells.read_csv_cells(upload)
    small = Upload(b"duration,event\n1,1\n")
    assert csv_cells.read_csv_cells(small)[0]["duration"].tolist() == ["1"]


# --- the documented decoding rule: cp1252 is read, UTF-8 with a damaged byte is refused -----------------


@pytest.mark.parametrize(
    "raw, text",
    [
        ("stage,alive\nRégion,10\n".encode("cp1252"), "stage,alive\nRégion,10\n"),  # one accented letter
        ("city,alive\nSÃO PAULO,10\n".encode("cp1252"), "city,alive\nSÃO PAULO,10\n"),  # Ã in a capital word
        ("name,alive\nstraße,10\nJohn’s,3\n".encode("cp1252"), "name,alive\nstraße,10\nJohn’s,3\n"),
    ],
    ids=["one-accent", "capital-A-tilde", "sharp-s-and-quote"],
)
def test_cp1252_text_is_read(raw, text):
    assert decode_text(raw, "f.csv") == text


@pytest.mark.parametrize(
    "raw, byte, line",
    [
        (b"stage,alive\ncaf\xc3,10\n", "0xc3", 2),  # the audit's case: an e-acute cut short
        (b"stage,alive\nr\xc3sum\xc3\xa9,10\n", "0xc3", 2),  # one good, one cut
        (b"a,b\nx,y\nna\xc3\xafve\ncaf\xc3\n", "0xc3", 4),
    ],
    ids=["lone-byte", "one-of-two-cut", "after-a-good-one"],
)
def test_utf8_with_a_damaged_byte_is_refused(raw, byte, line):
    with pytest.raises(
        SurvivalDataError,
        match=rf"Byte {byte} at byte \d+ cannot be read as UTF-8 text\. Where: "
        rf"file f\.csv, line {line}\. How to fix: save the file as UTF-8",
    ):
        decode_text(raw, "f.csv")


# --- Excel's sep= line ---------------------------------------------------------------------------------------


def test_excel_sep_line_is_honoured_by_the_reader_and_the_kind_guess(tmp_path):
    from survival.io.read import detect_kind

    text = "sep=;\r\ninterval_start;interval_end;alive;died;lost\r\n0;1;10;1,5;0\r\n"
    frame, _ = read_csv_cells(text.encode(), name="f.csv")
    assert list(frame.columns) == ["interval_start", "interval_end", "alive", "died", "lost", "_row"]
    assert frame["died"].tolist() == ["1,5"] and frame["_row"].tolist() == [2]
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    assert detect_kind(path) == "lifetable"
    path.write_text('"sep=,"\nduration,event\n1,1\n', encoding="utf-8")
    assert detect_kind(path) == "individual"


def test_mixed_kinds_are_refused_by_the_kind_guess(tmp_path):
    from survival.io.read import detect_kind

    path = tmp_path / "t.csv"
    path.write_text(
        "interval_start,interval_end,alive,died,lost,time,status\n0,1,10,1,0,1,1\n", encoding="utf-8"
    )
    with pytest.raises(
        SurvivalDataError,
        match=r"columns of a life table .* and also 'time', 'status', the "
        r"columns of individual rows.*Where: t\.csv, header row",
    ):
        detect_kind(path, duration="time", event="status")
    assert detect_kind(path) == "lifetable"  # without those columns named, it is a life table with groups
