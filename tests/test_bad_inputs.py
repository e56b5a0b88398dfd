"""The catalogue of bad inputs (issue 7): each malformed file, and what the reader does with it.

Three tables, one per input kind: individual-row CSVs, life-table CSVs and
SEER*Stat ``.dic``/data pairs. Each case is refused, read or read with a
warning:

* ``refused``: a :class:`SurvivalDataError` whose message is pinned on what is
  wrong, where (file, row, column) and how to fix it, in plain words;
* ``read``: the file is valid (perhaps awkward) and is read correctly, with no
  warning; a check says what was read;
* ``warned``: the file is valid but the estimates fragile, so a
  :class:`FragileEstimateWarning` says why, and the file is read.

Decisions the cases record: event codes must be 0 or 1 (``1.0``/``0.0`` are
the same numbers and are read); R's 1/2, -1, 9, 0.5, words and TRUE/FALSE are
refused, never guessed. Numbers use a decimal point and no separators, units
or percent signs. cp1252 and UTF-16 with a byte-order mark are read; UTF-16
without one, a UTF-8 file with a damaged byte, gzip, ZIP and Excel files are
refused (SEER*Stat data files may be gzipped, as their .dic declares). Group
labels are kept as plain text, exactly as written (HTML included).
"""

from __future__ import annotations

import gzip
import re
import zlib
from dataclasses import dataclass, field, replace
from typing import Callable

import numpy as np
import pytest
from seerstat_fixtures import (
    FORMATS,
    LIFE,
    SUMMARY,
    SUMMARY_VARIABLES,
    VARIABLES,
    gz,
    make_data,
    make_dic,
    set_option,
)

import survival.io.seerstat as seerstat
from survival import (
    FragileEstimateWarning,
    SurvivalDataError,
    read_individual_csv,
    read_lifetable_csv,
    read_seerstat,
    read_seerstat_lifetable,
)
from survival.estimate.actuarial import actuarial
from survival.io.read import detect_kind

#: Python's own words, which a message must never show (unless the file holds them).
NOISE = re.compile(
    r"\bnan\b|\bNaN\b|\bNone\b|\binf\b|dtype|Traceback|tokeniz|C error|array\(|Series|"
    r"object at 0x|Error\b|errno|\\x[0-9a-f]{2}|\\u[0-9a-f]{4}|int64|float64|numpy|pandas"
)


def assert_plain(error: SurvivalDataError, *inputs: bytes) -> None:
    """The message says what, where and how to fix, without Python's words (the files' own words aside)."""
    assert error.what and error.where and error.fix, error.message
    outside_quotes = re.sub(r"'[^']*'|\"[^\"]*\"", "", error.message)
    files = " ".join(
        raw.decode(encoding, "replace") for raw in inputs for encoding in ("latin-1", "utf-8", "utf-16")
    ).lower()
    noise = [m.group() for m in NOISE.finditer(outside_quotes) if m.group().lower() not in files]
    assert not noise, error.message


@dataclass(frozen=True)
class Case:
    """One bad input: its content, the reader's options, and the expected outcome."""

    id: str
    data: bytes
    outcome: str  # "refused", "read" or "warned"
    match: str = ""  # regex on the error or warning message
    check: Callable | None = None  # what was read
    options: dict = field(default_factory=dict)
    dic: bytes | None = None  # SEER*Stat only


def refused(id: str, data, what: str, where: str, fix: str, **options) -> Case:
    """A refusal pinned on what + where + how to fix (each a regex)."""
    return Case(id, _bytes(data), "refused", f"{what}.*Where: {where}.*How to fix: {fix}", options=options)


def read(id: str, data, check: Callable, **options) -> Case:
    return Case(id, _bytes(data), "read", check=check, options=options)


def warned(id: str, data, match: str, check: Callable | None = None, **options) -> Case:
    return Case(id, _bytes(data), "warned", match, check, options)


def _bytes(data) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def run(case: Case, reader: Callable, *inputs: bytes):
    """Read the case and check its outcome; return what was read (None if refused)."""
    if case.outcome == "refused":
        with pytest.raises(SurvivalDataError, match=case.match) as info:
            reader()
        assert_plain(info.value, *inputs)
        return None
    if case.outcome == "warned":
        with pytest.warns(FragileEstimateWarning, match=case.match):
            result = reader()
    else:
        result = reader()  # filterwarnings=error: any warning fails
    if case.check is not None:
        assert case.check(result)
    return result


def ids(cases: list[Case]) -> list[str]:
    assert len({c.id for c in cases}) == len(cases), "case ids must be distinct"
    return [c.id for c in cases]


# --- individual rows -------------------------------------------------------------------------------------


def people(rows=None, header: str = "duration,event,stage", sep: str = ",", end: str = "\n") -> str:
    """24 people in groups A and B (12 each, deaths in both), as CSV text."""
    if rows is None:
        rows = [(i % 9 + 1, i % 2 if i % 3 else 1, "AB"[i % 2]) for i in range(24)]
    body = [sep.join(header.split(","))] + [sep.join(str(c) for c in row) for row in rows]
    return end.join(body) + end


def with_row(cells: tuple, at: int = 2, **kwargs) -> str:
    """The 24 people with row ``at`` (counting the header as row 1) replaced by ``cells``."""
    rows = [(i % 9 + 1, i % 2 if i % 3 else 1, "AB"[i % 2]) for i in range(24)]
    rows[at - 2] = cells
    return people(rows, **kwargs)


def all_events(codes: list[str]) -> str:
    return people([(i + 1, codes[i % len(codes)], "A") for i in range(12)])


def labels_read(*expected: str) -> Callable:
    return lambda counts: [g[0] for g in counts.groups()] == list(expected)


PEOPLE = people()
ONE_GROUP = "duration,event\n" + "".join(f"{i + 1},{i % 2}\n" for i in range(12))
EVENT_FIX = r"use 1 for died and 0 for alive/censored"
DUR = r"f\.csv, row 5, column 'duration'"
EVENT = r"f\.csv, row 6, column 'event'"

INDIVIDUAL = [
    refused(
        "negative-duration",
        with_row((-2, 1, "A"), 5),
        r"The duration -2 is negative",
        DUR,
        r"give the time from diagnosis to death or last follow-up, 0 or more",
    ),
    refused(
        "text-duration",
        with_row(("abc", 1, "A"), 5),
        r"'abc' is not a number",
        DUR,
        r"the cell must hold a number",
    ),
    refused(
        "nan-duration",
        with_row(("NaN", 1, "A"), 5),
        r"'NaN' is not a number",
        DUR,
        r"replace it with a finite number, or remove the row",
    ),
    refused(
        "inf-duration",
        with_row(("inf", 0, "A"), 5),
        r"'inf' is not a number",
        DUR,
        r"replace it with a finite number",
    ),
    refused(
        "overflowing-duration",
        with_row(("1e309", 0, "A"), 5),
        r"'1e309' is too large to be used as a number",
        DUR,
        r"check the number; it may hold extra digits",
    ),
    refused(
        "empty-duration",
        with_row(("", 0, "A"), 5),
        r"The duration is empty",
        DUR,
        r"fill in the time from diagnosis to death or last follow-up, or remove the row",
    ),
    refused(
        "arabic-digits",
        with_row(("٣", 0, "A"), 5),
        r"'٣' is written with digits other than 0-9",
        DUR,
        r"write the number with the digits 0-9",
    ),
    refused(
        "event-r-coding-1-2",
        all_events(["1", "2"]),
        r"holds only 1s and 2s, which looks like R's coding 1 = censored, 2 = died",
        r"f\.csv, row 3, column 'event'",
        r"recode to 0 = censored, 1 = died \(subtract 1",
    ),
    refused(
        "event-2-among-0-1",
        with_row((3, 2, "B"), 6),
        r"2 is not an event code",
        EVENT,
        EVENT_FIX + r"; other codes \(such as 2 for another cause of death\) must be recoded",
    ),
    refused(
        "event-minus-1",
        with_row((3, -1, "B"), 6),
        r"-1 is not an event code",
        EVENT,
        EVENT_FIX + r"; if -1 marks an unknown status, remove those rows",
    ),
    refused(
        "event-9-unknown",
        with_row((3, 9, "B"), 6),
        r"9 is not an event code \(registries often use 9 for "
        r"'unknown'\)",
        EVENT,
        EVENT_FIX + r"; remove the rows whose vital status is unknown",
    ),
    refused(
        "event-half",
        with_row((3, 0.5, "B"), 6),
        r"0\.5 is not an event code: a person either died or did not",
        EVENT,
        EVENT_FIX + r"; fractions such as weights or probabilities cannot be used",
    ),
    refused(
        "event-dead-alive-words",
        all_events(["Dead", "Alive"]),
        r"'Dead' is a word, not an event code",
        r"f\.csv, row 2, column 'event'",
        EVENT_FIX,
    ),
    refused(
        "event-true-false",
        all_events(["TRUE", "FALSE"]),
        r"'TRUE' is a word, not an event code",
        r"f\.csv, row 2, column 'event'",
        EVENT_FIX,
    ),
    refused(
        "event-empty",
        with_row((3, "", "B"), 6),
        r"The event cell is empty",
        EVENT,
        r"fill in 1 if the person died, 0 if alive/censored",
    ),
    refused(
        "event-invisible-character",
        with_row((3, "1\u200b", "B"), 6),
        r"The event cell holds an invisible control character \(U\+200B\)",
        EVENT,
        EVENT_FIX + r"; delete the character",
    ),
    read(
        "event-1.0-and-0.0",
        all_events(["1.0", "0.0", "1"]),
        lambda c: (c.frame["died"].sum(), c.frame["censored"].sum()) == (8, 4),
    ),
    refused(
        "thousands-separator",
        with_row(('"1,021"', 1, "A"), 5),
        r"'1,021' has a thousands separator",
        DUR,
        r"write numbers without separators \(1021, not 1,021\)",
    ),
    refused(
        "decimal-comma",
        with_row(("2,5", 1, "A"), 5, sep=";"),
        r"'2,5' uses a decimal comma",
        DUR,
        r"use a point for decimals \(0\.95, not 0,95\)",
    ),
    refused(
        "unit-in-cell",
        with_row(("3 months", 1, "A"), 5),
        r"'3 months' has a unit or text after the number",
        DUR,
        r"keep only the number in the cell; say the unit once, in the options",
    ),
    refused(
        "percent-in-cell",
        with_row(("50%", 1, "A"), 5),
        r"'50%' has a percent sign",
        DUR,
        r"give the time from diagnosis to death or last follow-up as a number, without the % sign\.$",
    ),
    refused(
        "control-character-in-number",
        with_row(("3\x1a4", 1, "A"), 5),
        r"The cell holds an invisible control character \(U\+001A\)",
        DUR,
        r"delete it and keep only the number",
    ),
    refused(
        "pipe-delimiter",
        PEOPLE.replace(",", "|"),
        r"The header row has one column, 'duration\|event\|stage': its names are not separated by commas, "
        r"semicolons or tabs",
        r"f\.csv, header row",
        r"separate the columns with commas",
    ),
    refused(
        "space-delimiter",
        PEOPLE.replace(",", " "),
        r"The header row has one column, 'duration event stage'",
        r"f\.csv, header row",
        r"separate the columns with commas \(or semicolons, or tabs\)",
    ),
    read("tab-delimiter-crlf", people(sep="\t", end="\r\n"), lambda c: c.n_rows == 24, group="stage"),
    read("cr-line-ends", people(end="\r"), lambda c: c.n_rows == 24),
    read(
        "bom-quotes-crlf",
        "\ufeff" + people(end="\r\n").replace(",A", ',"A"'),
        labels_read("A", "B"),
        group="stage",
    ),
    read("ctrl-z-at-end", PEOPLE + "\x1a", lambda c: c.n_rows == 24),
    read(
        "cp1252",
        PEOPLE.replace(",A\n", ",Région\n").encode("cp1252"),
        labels_read("B", "Région"),
        group="stage",
    ),
    read(
        "cp1252-with-a-utf-8-lookalike",
        people(header="duration,event,stage,note")
        .replace(",A\n", ",Région,\n")
        .replace("1,1,Région,\n", "1,1,Région,JOSÉ’S\n", 1)
        .encode("cp1252"),
        labels_read("B", "Région"),
        group="stage",
    ),
    read(
        "utf-16-with-bom",
        PEOPLE.replace(",A\n", ",Région\n").encode("utf-16"),
        labels_read("B", "Région"),
        group="stage",
    ),
    refused(
        "utf-16-without-bom",
        PEOPLE.encode("utf-16-le"),
        r"The file holds NUL bytes, so it is not plain text "
        r"\(binary, or UTF-16 without a byte-order mark\)",
        r"file f\.csv, line 1",
        r"choose the text file itself, saved as UTF-8",
    ),
    refused(
        "utf-8-with-a-damaged-byte",
        PEOPLE.replace(",A\n", ",Région\n").encode() + b"7,1,\x81\n",
        r"Byte 0x81 at byte \d+ cannot be read as UTF-8 text",
        r"file f\.csv, line 26",
        r"save the file as UTF-8 text",
    ),
    refused(
        "missing-event-column",
        PEOPLE.replace("event", "status"),
        r"The file has no column 'event'",
        r"f\.csv",
        r"name a column 'event' or choose the right column; the file has: 'duration', 'status', 'stage'",
    ),
    refused(
        "duplicated-header",
        PEOPLE.replace("stage", "Duration"),
        r"The header names a column twice \('duration' and 'Duration'\)",
        r"f\.csv, header row",
        r"keep one column of each name",
    ),
    read(
        "differently-cased-headers",
        PEOPLE.replace("duration,event", "DURATION,Event"),
        lambda c: c.n_rows == 24,
        duration="Duration",
        event="EVENT",
        group="STAGE",
    ),
    refused(
        "unnamed-column",
        PEOPLE.replace("stage", ""),
        r"A column has no name in the header row",
        r"f\.csv, header row",
        r"give every column a name, or delete the empty column",
    ),
    refused(
        "reserved-row-column",
        PEOPLE.replace("stage", "_row"),
        r"The header names a column '_row', a name this program keeps for row numbers",
        r"f\.csv, header row",
        r"rename the column",
    ),
    refused(
        "header-row-missing",
        PEOPLE.split("\n", 1)[1],
        r"The first row holds numbers \('1', '1', 'A'\), not "
        r"column names: the header row is missing",
        r"f\.csv, header row",
        r"add a first row that names the columns",
    ),
    refused(
        "reserved-group-name",
        PEOPLE.replace("stage", "time"),
        r"A group column cannot be called 'time' \(the name is used for the counts\)",
        r"f\.csv, column 'time'",
        r"rename the column, for example to 'group'",
        group="time",
    ),
    warned(
        "days-declared-as-months",
        "duration,event\n" + "".join(f"{100 * i},{i % 2}\n" for i in range(12)),
        r"The longest duration is 1100 months, more than anyone is followed \(600 months\): these look like "
        r"days; set the time unit",
        time_unit="months",
        check=lambda c: c.frame["time"].max() == 1100 / 12,
    ),
    warned(
        "days-declared-as-years",
        ONE_GROUP.replace("12,1", "3650,1"),
        r"The longest duration is 3650 years, more than anyone is followed \(60 years\): these look like days or "
        r"months; set the time unit",
    ),
    refused(
        "empty-file",
        "",
        r"The file is empty",
        r"f\.csv",
        r"choose a CSV file with a header row and data rows",
    ),
    refused("blank-lines-only", "\r\n \n\t\n", r"The file is empty", r"f\.csv", r"choose a CSV file"),
    refused(
        "header-only",
        "duration,event,stage\n\n",
        r"The file has a header but no data rows",
        r"f\.csv",
        r"add the data rows under the header",
    ),
    refused(
        "id-column-as-group",
        "duration,event,id\n" + "".join(f"{i % 9},{i % 2},P{i:05d}\n" for i in range(3000)),
        r"The group column 'id' makes 3,000 groups, more than the 1,000 this program compares \(is it an ID, a "
        r"date or a measurement\?\)",
        r"f\.csv, column 'id'",
        r"choose a group column with a few categories",
        group="id",
    ),
    warned(
        "sixty-groups",
        "duration,event,ward\n" + "".join(f"{i % 9},{i % 2},W{i % 60}\n" for i in range(600)),
        r"There are 60 groups, too many to compare on one chart",
        group="ward",
    ),
    warned(
        "all-censored",
        ONE_GROUP.replace(",1\n", ",0\n"),
        r"No one died \(every row is censored\): survival "
        r"stays at 100%",
        check=lambda c: c.frame["died"].sum() == 0,
    ),
    warned(
        "small-group", PEOPLE + "4,1,C\n", r"Fewer than 10 people in 1 group\(s\): C \(1\)", group="stage"
    ),
    read(
        "html-and-script-in-group-labels",
        PEOPLE.replace(",A\n", ',"<script>alert(""x"")</script>"\n').replace(",B\n", ",<b>B</b> &amp; C\n"),
        labels_read("<b>B</b> &amp; C", '<script>alert("x")</script>'),
        group="stage",
    ),
    refused(
        "more-cells-than-header",
        PEOPLE + "3,1,A,extra\n",
        r"This row has 4 cells but the header row has 3",
        r"f\.csv, row 26",
        r"remove the extra cells, or put double quotes around cells that contain a comma",
    ),
    refused(
        "trailing-delimiter-on-every-row",
        PEOPLE.replace("\n", ",\n").replace("stage,\n", "stage\n"),
        r"This row has 4 cells but the header row has 3",
        r"f\.csv, row 2",
        r"remove the extra cells",
    ),
    refused(
        "truncated-final-line",
        PEOPLE + "7,",
        r"The event cell is empty",
        r"f\.csv, row 26, column 'event'",
        r"fill in 1 if the person died",
    ),
    refused(
        "unclosed-quote",
        with_row(('"3', 1, "A"), 5),
        r"A double quote \(\"\) opened in this row is never closed",
        r"f\.csv, row 5",
        r"close the quote, or remove it",
    ),
    refused(
        "gzip",
        gzip.compress(PEOPLE.encode(), mtime=0),
        r"The file is a gzip-compressed file \(\.gz\), not "
        r"plain text",
        r"file f\.csv",
        r"unpack it \(for example with gunzip or 7-Zip\)",
    ),
    refused(
        "excel-xlsx",
        b"PK\x03\x04\x14\x00\x06\x00" + bytes(40),
        r"The file is a ZIP archive or an Excel workbook \(\.xlsx\), not plain text",
        r"file f\.csv",
        r"save the sheet as CSV \(in Excel: File > Save As > CSV UTF-8\)",
    ),
    read("header-cell-over-128-kB", PEOPLE.replace("stage", "x" * 140_000), lambda c: c.n_rows == 24),
    read(
        "seventeen-digit-durations",
        ONE_GROUP + "0.3,1\n0.30000000000000004,1\n",
        lambda c: c.frame["time"].tolist()[:2] == [0.3, 0.30000000000000004],
    ),
    # Audit: numbers at the edges, messages that fit the column, Excel's sep= line, damaged UTF-8.
    refused(
        "duration-1e308",
        with_row(("1e308", 1, "A"), 5),
        r"The duration 1e\+308 years is longer than "
        r"100,000 years, far more than anyone is followed",
        DUR,
        r"check the number \(it may hold extra digits\) and the time unit",
    ),
    refused(
        "duration-2-to-the-64-days",
        with_row((str(2**64), 1, "A"), 5),
        r"The duration 1\.84467e\+19 days is "
        r"longer than 36,525,000 days \(100,000 years\)",
        DUR,
        r"check the number",
        time_unit="days",
    ),
    refused(
        "duration-of-400-digits",
        with_row(("9" * 400, 1, "A"), 5),
        r"'9{37}\.\.\.' is too large to be used "
        r"as a number",
        DUR,
        r"check the number; it may hold extra digits",
    ),
    read(
        "minus-zero-duration",
        with_row(("-0", 1, "A"), 5),
        lambda c: c.frame["time"].min() == 0 and not np.signbit(c.frame["time"]).any(),
    ),
    read("subnormal-duration", with_row(("5e-324", 1, "A"), 5), lambda c: c.frame["time"].min() == 5e-324),
    read("excel-sep-line", "sep=;\n" + people(sep=";"), lambda c: c.n_rows == 24, group="stage"),
    refused(
        "excel-sep-line-rows-counted-as-excel-shows-them",
        "sep=;\r\n" + with_row(("abc", 1, "A"), 5, sep=";"),
        r"'abc' is not a number",
        DUR,
        r"the cell must hold a number",
    ),
    refused(
        "excel-sep-line-naming-a-pipe",
        "sep=|\n" + PEOPLE.replace(",", "|"),
        r"The first line, 'sep=\|', is "
        r"Excel's note of the delimiter, but it names '\|', not a comma, semicolon or tab",
        r"f\.csv, line 1",
        r"save the sheet again as CSV \(comma-separated\), or delete the first line",
    ),
    refused(
        "lone-damaged-utf-8-byte",
        PEOPLE.encode() + b"7,1,caf\xc3\n",
        r"Byte 0xc3 at byte \d+ cannot be read "
        r"as UTF-8 text",
        r"file f\.csv, line 26",
        r"save the file as UTF-8 text",
    ),
    warned(
        "cp1252-with-one-accented-letter",
        PEOPLE.replace(",A\n", ",Région\n", 1).encode("cp1252"),
        r"Fewer than 10 people in 1 group\(s\): Région \(1\)",
        labels_read("A", "B", "Région"),
        group="stage",
    ),
]


@pytest.mark.parametrize("case", INDIVIDUAL, ids=ids(INDIVIDUAL))
def test_individual_rows(case: Case):
    run(case, lambda: read_individual_csv(case.data, name="f.csv", **case.options), case.data)


# --- life tables -----------------------------------------------------------------------------------------


GOOD = (
    "stage,interval_start,interval_end,alive,died,lost,expected\n"
    "A,0,1,100,10,5,0.99\n"
    "A,1,2,85,5,0,0.98\n"
    "B,0,1,50,20,0,0.97\n"
)
A2 = r"t\.csv, row 3"


def observed(table) -> list[float]:
    estimate = actuarial(table)
    return [float(s) for g in table.groups() for s in estimate.observed(g).survival[1:]]


LIFETABLES = [
    refused(
        "died-plus-lost-above-alive",
        GOOD.replace("A,1,2,85,5,0", "A,1,2,85,50,40"),
        r"More people died or were lost \(50 \+ 40\) than were alive at the start \(85\)",
        A2 + ", column 'died'",
        r"check the counts: died \+ lost cannot exceed alive",
    ),
    refused(
        "alive-not-continuing",
        GOOD.replace("A,1,2,85", "A,1,2,86"),
        r"The number alive at the start \(86\) does not continue from the previous interval of group stage=A "
        r"\(100 alive - 10 died - 5 lost = 85\)",
        A2 + ", column 'alive'",
        r"alive at the start of each interval must equal alive - died - lost of the one before",
    ),
    refused(
        "gap",
        GOOD.replace("A,1,2,85", "A,2,3,85"),
        r"There is a gap in group stage=A: the previous interval "
        r"ends at 1 but this one starts at 2",
        A2 + ", column 'interval_start'",
        r"add the missing interval, or make the intervals follow on",
    ),
    refused(
        "overlap",
        GOOD.replace("A,1,2,85", "A,0.5,2,85"),
        r"Intervals overlap in group stage=A",
        A2 + ", column 'interval_start'",
        r"make each interval start where the previous one ends",
    ),
    refused(
        "duplicated-interval",
        GOOD.replace("A,1,2,85,5,0,0.98", "A,0,1,100,10,5,0.99"),
        r"The interval starting at 0 appears twice in group stage=A",
        A2 + ", column 'interval_start'",
        r"keep one row per group and interval",
    ),
    refused(
        "first-interval-not-at-zero",
        GOOD.replace("B,0,1", "B,1,2"),
        r"The first interval of group stage=B starts at 1, not at 0",
        r"t\.csv, row 4, column 'interval_start'",
        r"life tables start at diagnosis: add the intervals from 0",
    ),
    refused(
        "ends-before-it-starts",
        GOOD.replace("B,0,1", "B,1,0"),
        r"An interval ends before it starts",
        r"t\.csv, row 4, column 'interval_end'",
        r"make interval_end greater than interval_start",
    ),
    refused(
        "zero-at-risk",
        GOOD.replace("B,0,1,50,20,0", "B,0,1,0,0,0"),
        r"No one is alive at the start of this interval, so nothing can be estimated in it",
        r"t\.csv, row 4, column 'alive'",
        r"remove the intervals after everyone has died or been lost",
    ),
    refused(
        "expected-in-percent",
        GOOD.replace("0.99", "99.2").replace("0.98", "98.1").replace("0.97", "97"),
        r"Expected survival 99\.2 is outside \(0, 1\]",
        r"t\.csv, row 2, column 'expected'",
        r"the column looks like percents; divide it by 100",
    ),
    refused(
        "expected-above-one",
        GOOD.replace("0.98", "1.2"),
        r"Expected survival 1\.2 is outside \(0, 1\]",
        A2 + ", column 'expected'",
        r"give expected interval survival as a proportion between 0 and 1",
    ),
    refused(
        "expected-zero",
        GOOD.replace("0.97", "0"),
        r"Expected survival 0 is outside \(0, 1\]",
        r"t\.csv, row 4, column 'expected'",
        r"give expected interval survival as a proportion between 0 and 1",
    ),
    refused(
        "expected-tiny",
        GOOD.replace("0.98", "0.0005"),
        r"Expected survival 0\.0005 is below 0\.001: no "
        r"group of the general population is that unlikely to live through one interval",
        A2 + ", column 'expected'",
        r"check the number: give expected interval survival as a proportion",
    ),
    refused(
        "expected-percent-sign",
        GOOD.replace("0.99", "99%"),
        r"'99%' has a percent sign",
        r"t\.csv, row 2, column 'expected'",
        r"give a proportion between 0 and 1 without the % sign",
    ),
    refused(
        "thousands-separator",
        GOOD.replace("B,0,1,50,20", 'B,0,1,"1,050",20'),
        r"'1,050' has a thousands separator",
        r"t\.csv, row 4, column 'alive'",
        r"write numbers without separators",
    ),
    refused(
        "decimal-comma",
        GOOD.replace(",", ";").replace("0.99", "0,99"),
        r"'0,99' uses a decimal comma",
        r"t\.csv, row 2, column 'expected'",
        r"use a point for decimals",
    ),
    refused(
        "negative-count",
        GOOD.replace("A,0,1,100,10", "A,0,1,100,-10"),
        r"-10 is not a count: counts must be whole numbers, 0 or more",
        r"t\.csv, row 2, column 'died'",
        r"enter the number of people as a whole number",
    ),
    refused(
        "fractional-count",
        GOOD.replace("A,0,1,100,10,5", "A,0,1,100,10,2.5"),
        r"2\.5 is not a count",
        r"t\.csv, row 2, column 'lost'",
        r"enter the number of people as a whole number",
    ),
    refused(
        "nan-count",
        GOOD.replace("B,0,1,50", "B,0,1,nan"),
        r"'nan' is not a number",
        r"t\.csv, row 4, column 'alive'",
        r"replace it with a finite number, or remove the row",
    ),
    refused(
        "huge-count",
        GOOD.replace("B,0,1,50", "B,0,1,99999999999999"),
        r"1e\+14 is too large to be a count of people",
        r"t\.csv, row 4, column 'alive'",
        r"check the number; it may hold extra digits",
    ),
    refused(
        "missing-column",
        GOOD.replace("lost", "withdrawn"),
        r"The life table has no column 'lost'",
        r"t\.csv, header row \(the file has: 'stage', 'interval_start', 'interval_end', 'alive', 'died', "
        r"'withdrawn', 'expected'\)",
        r"name the columns interval_start, interval_end, alive, died, lost",
    ),
    refused(
        "pipe-delimiter",
        GOOD.replace(",", "|"),
        r"The header row has one column",
        r"t\.csv, header row",
        r"separate the columns with commas",
    ),
    refused(
        "header-only",
        GOOD.split("\n")[0] + "\n",
        r"The file has a header but no data rows",
        r"t\.csv",
        r"add the data rows under the header",
    ),
    refused("empty", b"", r"The file is empty", r"t\.csv", r"choose a CSV file with a header row"),
    warned(
        "no-deaths-in-a-group",
        GOOD.replace("B,0,1,50,20,0", "B,0,1,50,0,3"),
        r"No deaths are recorded in B: survival stays at 100%",
    ),
    warned(
        "few-at-risk",
        GOOD.replace("B,0,1,50,20,0", "B,0,1,5,2,0"),
        r"Fewer than 10 people were alive at the start of 1 interval\(s\), in B: estimates there are very uncertain",
    ),
    read(
        "incomplete-final-interval",
        GOOD.replace("A,1,2,85,5,0", "A,1,2,85,5,80"),
        lambda t: observed(t) == pytest.approx([1 - 10 / 97.5, 1 - 20 / 50]),
    ),
    read(
        "html-in-group-labels",
        GOOD.replace("A,", "<img src=x onerror=alert(1)>,").replace("B,", '"<b>B</b>",'),
        lambda t: t.groups() == [("<img src=x onerror=alert(1)>",), ("<b>B</b>",)],
    ),
    read("cp1252", GOOD.replace("A,", "Région,").encode("cp1252"), lambda t: t.groups()[0] == ("Région",)),
    read("utf-16-with-bom", GOOD.encode("utf-16"), lambda t: t.frame["alive"].tolist() == [100, 85, 50]),
    refused(
        "gzip",
        gzip.compress(GOOD.encode(), mtime=0),
        r"The file is a gzip-compressed file",
        r"file t\.csv",
        r"unpack it",
    ),
    refused(
        "truncated-final-line",
        GOOD.replace("B,0,1,50,20,0,0.97\n", "B,0,1,50,2"),
        r"The cell is empty",
        r"t\.csv, row 4, column 'lost'",
        r"fill in a number: every row needs a value in this column",
    ),
    refused(
        "pool-by-unknown-column",
        GOOD,
        r"There is no group column 'age'",
        r"t\.csv",
        r"choose from: stage",
        by=["age"],
    ),
    refused(
        "pool-different-intervals",
        "g,interval_start,interval_end,alive,died,lost\na,0,1,10,2,0\na,1,2,8,2,6\n"
        "b,0,0.5,10,1,0\nb,0.5,1,9,1,8\n",
        r"The groups cannot be pooled over g: once added up, the table breaks "
        r"a rule \(the interval starting at 0 appears twice in the table\)",
        r"t\.csv",
        r"pool only groups that share the same intervals",
        by=[],
    ),
    # Audit: zero width, numbers at the edges, swapped columns, output names, mixed kinds, fitting advice.
    refused(
        "zero-width-interval",
        GOOD.replace("B,0,1", "B,0,0"),
        r"The interval from 0 to 0 has zero width: it "
        r"ends where it starts",
        r"t\.csv, row 4, column 'interval_end'",
        r"make interval_end greater than interval_start",
    ),
    refused(
        "interval-end-1e308",
        GOOD.replace("B,0,1", "B,0,1e308"),
        r"The interval ends 1e\+308 years after "
        r"diagnosis, more than the 100,000 years this program reads",
        r"t\.csv, row 4, column 'interval_end'",
        r"check the number: interval_start and interval_end are in years since diagnosis \(divide months by 12",
    ),
    warned(
        "interval-ends-look-like-months",
        "interval_start,interval_end,alive,died,lost\n0,60,100,10,5\n60,120,85,5,80\n",
        r"The last interval ends 120 years after diagnosis, more than anyone is followed "
        r"\(60 years\): interval_start and interval_end are in years; these look like months or days",
    ),
    read(
        "minus-zero-interval-start",
        GOOD.replace("B,0,1", "B,-0,1"),
        lambda t: not np.signbit(t.frame["interval_start"]).any(),
    ),
    refused(
        "alive-and-died-swapped",
        "interval_start,interval_end,died,alive,lost\n0,1,100,10,5\n1,2,85,5,0\n2,3,80,0,0\n",
        r"More people died or were lost \(100 \+ 5\) than were alive at the start \(10\)",
        r"t\.csv, row 2, column 'died'",
        r"check the counts: died \+ lost cannot exceed alive; died exceeds alive in 3 of 3 rows, so the columns 'alive' and "
        r"'died' may be swapped: check which column holds which",
    ),
    refused(
        "group-column-named-like-an-output",
        GOOD.replace("stage", "Observed"),
        r"A group column cannot be "
        r"called 'Observed' \(the name is used for a column of the results\)",
        r"t\.csv, column 'Observed'",
        r"rename the column, for example to 'group'",
    ),
    refused(
        "life-table-and-individual-columns",
        GOOD.replace("expected\n", "expected,Duration,event\n")
        .replace("0.99\n", "0.99,1,1\n")
        .replace("0.98\n", "0.98,2,0\n")
        .replace("0.97\n", "0.97,3,1\n"),
        r"The file has the columns of a life table \(interval_start, interval_end, alive\) and also "
        r"'Duration', 'event', the columns of individual rows \(one per person\), so it is unclear which it is",
        r"t\.csv, header row",
        r"remove 'Duration', 'event' to read it as a life table, or remove "
        r"interval_start, interval_end, alive, died and lost to read it as individual rows\.$",
    ),
    refused(
        "percent-in-an-interval",
        GOOD.replace("A,0,1,", "A,0,1%,"),
        r"'1%' has a percent sign",
        r"t\.csv, row 2, column 'interval_end'",
        r"give the time in years since diagnosis as a number, without "
        r"the % sign\.$",
    ),
    refused(
        "percent-in-a-count",
        GOOD.replace("A,0,1,100,", "A,0,1,100%,"),
        r"'100%' has a percent sign",
        r"t\.csv, row 2, column 'alive'",
        r"give the number of people, a whole number, without the % sign\.$",
    ),
]


@pytest.mark.parametrize("case", LIFETABLES, ids=ids(LIFETABLES))
def test_life_tables(case: Case):
    run(case, lambda: read_lifetable_csv(case.data, name="t.csv", **case.options), case.data)


# --- SEER*Stat exports ---------------------------------------------------------------------------------------


def rows_with(changes: dict[tuple[int, int], str | None], rows=LIFE) -> list[list[str | None]]:
    """LIFE with cells (row index, field index) replaced."""
    out = [list(row) for row in rows]
    for (r, c), value in changes.items():
        out[r][c] = value
    return out


def seer(
    id: str,
    outcome: str,
    match: str = "",
    data: bytes | None = None,
    dic: str | bytes | None = None,
    check: Callable | None = None,
) -> Case:
    dic = make_dic() if dic is None else dic
    return Case(
        id,
        make_data(LIFE) if data is None else data,
        outcome,
        match,
        check,
        dic=dic.encode("utf-8") if isinstance(dic, str) else dic,
    )


def seer_refused(id: str, what: str, where: str, fix: str, **kwargs) -> Case:
    return seer(id, "refused", f"{what}.*Where: {where}.*How to fix: {fix}", **kwargs)


def bomb() -> bytes:
    """200 MB of zeros in about 200 kB of gzip."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return b"".join(packer.compress(bytes(1 << 20)) for _ in range(200)) + packer.flush()


SYN = r"file synthetic\.txt"
SWAPPED = [{"Alive at Start": "Died", "Died": "Alive at Start"}.get(v, v) for v in VARIABLES]
SAME = r"use the \.dic exported together with this data file"
FLAGS = make_dic({"Flags included": "true"})
LABELS = make_dic({"Variable format": "labels"})

SEERSTAT = [
    seer_refused(
        "dic-delimiter-differs",
        r"The row has 1 field but the \.dic lists 17 variables; the file looks "
        r"comma-separated but the \.dic declares tab",
        SYN + ", row 1",
        r"set 'Field delimiter=comma' in the \.dic's \[Export Options\]",
        data=make_data(LIFE, ","),
    ),
    seer_refused(
        "dic-missing-character-differs",
        r"The cell holds '\.', which looks like a missing value, but the "
        r"\.dic declares the missing character as space",
        SYN + r", row 3, column 'Observed Survival "
        r"\(Interval\)'",
        r"set 'Missing character=period'",
        data=make_data(LIFE, missing="."),
    ),
    seer_refused(
        "dic-lists-fewer-columns",
        r"The row has 17 fields but the \.dic lists 16 variables",
        SYN + ", row 1",
        SAME,
        dic=make_dic(variables=VARIABLES[:-1]),
    ),
    seer_refused(
        "dic-lists-more-columns",
        r"The row has 17 fields but the \.dic lists 18 variables",
        SYN + ", row 1",
        SAME,
        dic=make_dic(variables=[*VARIABLES, "Extra SE (Cum)"]),
    ),
    seer_refused(
        "suppressed-cell-without-flags",
        r"The cell holds '~', which looks like a missing value",
        SYN + r", row 1, column 'Observed Survival \(Cum\)'",
        r"set 'Missing character=~'",
        data=make_data(rows_with({(0, 8): "~"})),
    ),
    seer_refused(
        "flag-not-declared",
        r"'0\.9902#' carries a flag, but the \.dic says 'Flags included=false'",
        SYN + r", row 1, column 'Observed Survival \(Interval\)'",
        r"set 'Flags included=true' in the \.dic",
        data=make_data(rows_with({(0, 7): "0.9902#"})),
    ),
    seer(
        "flags-declared",
        "read",
        dic=FLAGS,
        data=make_data(rows_with({(0, 8): "~", (1, 4): "1011 ^"})),
        check=lambda e: (
            (e.life["alive"].iloc[1], e.life["alive_flag"].iloc[1], e.life["observed_cum_flag"].iloc[0])
            == (1011, "^", "~")
        ),
    ),
    seer_refused(
        "suppressed-count",
        r"A count is missing",
        SYN + r", row 2, column 'Died'",
        r"counts of people must be whole numbers, 0 or more",
        dic=FLAGS,
        data=make_data(rows_with({(1, 5): "^"})),
    ),
    seer_refused(
        "count-too-large",
        r"A count is too large to be a number of people \(1e\+30\)",
        SYN + r", row 1, column 'Alive at Start'",
        r"check the number; it may hold extra digits",
        data=make_data(rows_with({(0, 4): "1e30"})),
    ),
    seer_refused(
        "count-with-commas-not-thousands",
        r"'10,21' is not a number",
        SYN + r", row 1, column 'Alive at "
        r"Start'",
        r"the column must hold numbers",
        dic=make_dic({"Remove thousands separators": "false"}),
        data=make_data(rows_with({(0, 4): "10,21"})),
    ),
    seer_refused(
        "thousands-separator-not-declared",
        r"'1,021' has a thousands separator, but the \.dic says they "
        r"were removed",
        SYN + r", row 1, column 'Alive at Start'",
        r"set 'Remove thousands separators=false'",
        data=make_data(rows_with({(0, 4): "1,021"})),
    ),
    seer_refused(
        "quoted-cell-not-declared",
        r"\"1021\" is in double quotes, but the \.dic says fields are not "
        r"quoted",
        SYN + r", row 1, column 'Alive at Start'",
        r"set 'Fields with delimiter in quotes=true'",
        data=make_data(rows_with({(0, 4): '"1021"'})),
    ),
    seer(
        "summary-pages-kept-apart",
        "read",
        dic=make_dic(summary_variables=SUMMARY_VARIABLES),
        data=make_data([SUMMARY[0], *LIFE[:3], SUMMARY[1], *LIFE[3:]]),
        check=lambda e: (len(e.life), e.summary["page_type"].tolist()) == (5, ["Summary Page"] * 2),
    ),
    seer_refused(
        "summary-pages-without-their-section",
        r"Rows of page type 'Summary Page' cannot be read: the "
        r"\.dic has no \[Summary Page Variables\] section",
        SYN + r", row 4, column 'Page type'",
        r"re-export only the life pages",
        data=make_data([*LIFE[:3], SUMMARY[0], *LIFE[3:]]),
    ),
    seer(
        "gzip",
        "read",
        dic=set_option(make_dic(), "GZipped", "true"),
        data=gz(make_data(LIFE)),
        check=lambda e: e.life["alive"].tolist() == [1021, 1011, 990, 50, 19],
    ),
    seer_refused(
        "gzip-truncated",
        r"The gzip data file ends early: it is truncated",
        SYN,
        r"download or copy the \.gz file again",
        data=gz(make_data(LIFE))[:60],
    ),
    seer_refused(
        "gzip-damaged",
        r"The gzip data file is damaged: it cannot be unpacked",
        SYN,
        r"download or copy the \.gz file again",
        data=gz(make_data(LIFE))[:12] + b"\xff" * 40,
    ),
    seer_refused(
        "gzip-with-trailing-bytes",
        r"The gzip data file has 3 unexpected bytes after its end",
        SYN,
        r"download or copy the \.gz file again",
        data=gz(make_data(LIFE)) + b"abc",
    ),
    seer(
        "gzip-with-zero-padding",
        "read",
        data=gz(make_data(LIFE)) + bytes(512),
        check=lambda e: e.life["alive"].tolist() == [1021, 1011, 990, 50, 19],
    ),
    seer_refused(
        "decompression-bomb",
        r"The data file is larger than 1 MB of text, the most this reader accepts",
        SYN,
        r"export fewer groups or intervals",
        data=bomb(),
    ),
    seer_refused(
        "truncated-final-line",
        r"The last line stops after 8 of its 17 fields, with no line break after "
        r"it: the file looks truncated",
        SYN + ", row 5",
        r"download or copy the data file again",
        data=make_data(LIFE)[: make_data(LIFE).rindex(b"\t0.9500") - 2],
    ),
    seer_refused(
        "data-is-not-an-export",
        r"The row has 1 field but the \.dic lists 17 variables",
        SYN + ", row 1",
        SAME,
        data=b"hello world\n",
    ),
    seer(
        "cp1252-labels",
        "read",
        dic=LABELS,
        data=make_data([["Life Page", "Région", "Localized", "<1 yr", *LIFE[0][4:]]])
        .decode()
        .encode("cp1252"),
        check=lambda e: e.life["Sex"].iloc[0] == "Région",
    ),
    seer("utf-16", "read", data=make_data(LIFE).decode().encode("utf-16"), check=lambda e: len(e.life) == 5),
    seer(
        "html-in-labels",
        "read",
        dic=LABELS,
        data=make_data(
            [["Life Page", "<script>alert(1)</script>", "A &amp; <b>B</b>", "<1 yr", *LIFE[0][4:]]]
        ),
        check=lambda e: (
            e.life[["Sex", "Stage"]].iloc[0].tolist() == ["<script>alert(1)</script>", "A &amp; <b>B</b>"]
        ),
    ),
    seer_refused(
        "expected-in-percent-under-proportions",
        r"'Expected Survival \(Interval\)' is 99\.74, above 1, "
        r"but the \.dic declares proportions",
        SYN + r", row 1, column 'Expected Survival \(Interval\)'",
        r"the file may hold percents: set 'RatesDisplayedAs=Percents'",
        data=make_data(rows_with({(0, 9): "99.74"})),
    ),
    seer_refused(
        "percents-declared-over-proportions",
        r"The \.dic declares percents, but every value of 'Observed "
        r"Survival \(Interval\)' is at most 1",
        SYN + r", row 1, column 'Observed Survival \(Interval\)'",
        r"set 'RatesDisplayedAs=Proportions'",
        dic=make_dic(session={"RatesDisplayedAs": "Percents"}),
    ),
    seer_refused(
        "expected-zero",
        r"Expected survival 0 is outside \(0, 1\]",
        SYN + r", row 2, column 'Expected "
        r"Survival \(Interval\)'",
        r"give expected interval survival as a proportion between 0 and 1",
        data=make_data(rows_with({(1, 9): "0.0000"})),
    ),
    seer(
        "few-at-risk",
        "warned",
        r"Fewer than 10 people were alive at the start of 2 interval\(s\), in Female, "
        r"Distant: estimates there are very uncertain",
        data=make_data(
            rows_with({(3, 4): "8", (3, 5): "3", (3, 6): "1", (4, 4): "4", (4, 5): "2", (4, 6): "2"})
        ),
        check=lambda e: e.life["alive"].tolist() == [1021, 1011, 990, 8, 4],
    ),
    seer_refused("empty-data-file", r"The data file is empty", SYN, r"export the data again", data=b"\r\n"),
    seer_refused(
        "header-only",
        r"The data file has a header row but no data rows",
        SYN,
        r"export the data again",
        dic=make_dic({"Variable names included": "true"}),
        data=make_data([], header=VARIABLES),
    ),
    seer_refused(
        "header-row-repeated",
        r"This row repeats the header row \(the variable names\) among the data",
        SYN + ", row 4",
        r"remove the row; files exported separately may have been joined together",
        dic=make_dic({"Variable names included": "true"}),
        data=make_data([*LIFE[:2], VARIABLES, *LIFE[2:]], header=VARIABLES),
    ),
    seer_refused(
        "header-declared-but-labels-first",
        r"The first line holds data, but the \.dic says it is a "
        r"header row of names",
        SYN + ", row 1",
        r"set 'Variable names included=false'",
        dic=set_option(LABELS, "Variable names included", "true"),
        data=make_data([["Life Page", "Male", "Localized", "<1 yr", *LIFE[0][4:]]] * 2),
    ),
    seer_refused(
        "died-plus-lost-above-alive",
        r"More people died or were lost \(600 \+ 600\) than were alive at "
        r"the start \(1021\)",
        SYN + r", row 1, column 'Died'",
        r"check the counts: died \+ lost cannot exceed alive",
        data=make_data(rows_with({(0, 5): "600", (0, 6): "600"})),
    ),
    seer_refused(
        "alive-not-continuing",
        r"The number alive at the start \(1000\) does not continue from the "
        r"previous interval of group Sex=Male, Stage=Localized",
        SYN + r", row 2, column 'Alive at Start'",
        r"alive at the start of each interval must equal",
        data=make_data(rows_with({(1, 4): "1000"})),
    ),
    seer_refused(
        "zero-at-risk",
        r"No one is alive at the start of this interval",
        SYN + r", row 5, column 'Alive "
        r"at Start'",
        r"remove the intervals after everyone has died",
        data=make_data(rows_with({(4, 4): "0", (4, 5): "0", (4, 6): "0"})),
    ),
    seer_refused(
        "interval-number-huge",
        r"'99999999999999999999' is not an interval number \(1, 2, \.\.\.\)",
        SYN + r", row 1, column 'Interval'",
        r"use the data file exported together with this \.dic",
        data=make_data(rows_with({(0, 3): "99999999999999999999"})),
    ),
    seer_refused(
        "interval-number-huge-without-format",
        r"'1e20' is not an interval number \(1, 2, \.\.\.\)",
        SYN + r", row 1, column 'Interval'",
        r"use the data file exported together with this \.dic",
        dic=make_dic(formats={k: v for k, v in FORMATS.items() if k != "Interval"}),
        data=make_data(rows_with({(0, 3): "1e20"})),
    ),
    seer_refused(
        "group-code-not-in-format",
        r"Code '7' is not in the \.dic's \[Format=Stage\]",
        SYN + r", row 3, column 'Stage'",
        SAME + r" \(or add 7=<label> to its \[Format=Stage\]\)",
        data=make_data(rows_with({(2, 2): "7"})),
    ),
    seer_refused(
        "zip-archive",
        r"The data file is a ZIP archive, not a SEER\*Stat text export",
        SYN,
        r"unzip it",
        data=b"PK\x03\x04" + bytes(30),
    ),
    seer_refused(
        "gzipped-dictionary",
        r"The file is a gzip-compressed file \(\.gz\), not plain text",
        r"file dictionary",
        r"unpack it",
        dic=gz(make_dic().encode()),
    ),
    # Audit: a declared interval length that contradicts the labels; Alive and Died swapped in the .dic.
    seer_refused(
        "months-per-interval-contradicts-labels",
        r"The \.dic declares 6 months per interval "
        r"\(MonthsPerInterval\), but labels interval 1 '<1 yr', which runs from month 0 to month 12; 6 "
        r"months per interval would put it at months 0 to 6, so every time would be wrong",
        r"file dictionary, \[Format=Interval\] 1=<1 yr",
        r"if the labels are right, set "
        r"MonthsPerInterval=12 in the \.dic's \[Session Options\]; otherwise " + SAME,
        dic=make_dic(session={"MonthsPerInterval": "6"}),
    ),
    seer_refused(
        "months-per-interval-1e308",
        r"MonthsPerInterval=1e308 is not a length SEER\*Stat gives an "
        r"interval \(from 1 to 1200 months\)",
        r"file dictionary, section \[Session Options\]",
        r"set MonthsPerInterval to the months in each interval",
        dic=make_dic(session={"MonthsPerInterval": "1e308"}),
    ),
    seer_refused(
        "alive-and-died-swapped-in-the-dic",
        r"More people died or were lost \(1021 \+ 0\) than were "
        r"alive at the start \(10\)",
        SYN + r", row 1, column 'Died'",
        r"check the counts: died \+ lost cannot exceed alive; died exceeds alive in 5 of 5 rows, "
        r"so the columns 'Alive at Start' and 'Died' may be swapped: check their order in the \.dic's "
        r"\[Life Page Variables\]",
        dic=make_dic(variables=SWAPPED),
        data=make_data(rows_with({(1, 5): "0"})),
    ),
]


@pytest.fixture
def small_gzip_limit(monkeypatch):
    """A 1 MB limit on unpacked data, so the bomb is refused quickly."""
    monkeypatch.setattr(seerstat, "MAX_DECOMPRESSED_BYTES", 1024 * 1024)


@pytest.mark.parametrize("case", SEERSTAT, ids=ids(SEERSTAT))
def test_seerstat_exports(case: Case, small_gzip_limit):
    result = run(
        replace(case, check=None), lambda: read_seerstat_lifetable(case.dic, case.data), case.dic, case.data
    )
    if case.outcome != "refused":
        export = read_seerstat(case.dic, case.data)
        assert case.check(export)
        assert result.frame["alive"].tolist() == export.life["alive"].tolist()


# --- across kinds ---------------------------------------------------------------------------------------------


def test_catalogue_size():
    assert len(INDIVIDUAL) + len(LIFETABLES) + len(SEERSTAT) >= 35
    assert {c.outcome for c in INDIVIDUAL + LIFETABLES + SEERSTAT} == {"refused", "read", "warned"}


@pytest.mark.parametrize(
    "content, kind",
    [
        (
            ("\nduration,event,stage\n" + "1,1,Région\n" * 20000).encode("utf-8"),
            "individual",
        ),  # é cut at 64 kB
        ('interval_start,"interval_end",Alive,"died\n",lost\n0,1,10,1,0\n'.encode("utf-16"), "lifetable"),
    ],
    ids=["utf-8-character-cut-at-64-kB", "line-break-in-a-quoted-header"],
)
def test_kind_detection_reads_the_header_as_the_readers_do(tmp_path, content, kind):
    """The command line guesses the kind from the first 64 kB, parsing the header as the readers do."""
    path = tmp_path / "input.csv"
    path.write_bytes(content)
    assert detect_kind(path) == kind
    assert len(content) < 65536 or content[65535] == 0xC3  # the first byte of an é


@pytest.mark.parametrize(
    "content",
    [b"", b"\r\n \r\n", b"\xef\xbb\xbf", b"\xff\xfe"],
    ids=["no-bytes", "blank-lines", "utf-8-bom-only", "utf-16-bom-only"],
)
def test_kind_detection_of_an_empty_file(tmp_path, content):
    path = tmp_path / "blank.csv"
    path.write_bytes(content)
    with pytest.raises(
        SurvivalDataError, match=r"The file is empty\. Where: blank\.csv\. How to fix: choose a file"
    ):
        detect_kind(path)
