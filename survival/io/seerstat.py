"""Read SEER*Stat survival exports: a ``.dic`` dictionary and the data file it names.

The reader follows what the dictionary declares (delimiter, missing character,
header row, quotes, thousands separators, flags, gzip, numeric codes or
labels, proportions or percents) and refuses anything else with a
:class:`~survival.errors.SurvivalDataError` that names the file, the row
(counted from 1 in the data file) and the column, and says how to fix it.
Nothing is written to disk: uploaded content is read in memory.

Assumptions, from NCI's readers (SEER2R and JPSurv) and SEER*Stat's help:

* Every row starts with its ``Page type`` code. Rows of the page type the
  life-page section is named after (``Life Page``) are the life table; other
  page types (``Summary Page``, ``Period Summary Page``, ``Z-Statistics Page``
  ...) have their own ``[<Page type> Variables]`` section and field count and
  go to :attr:`SeerStatExport.summary`. Rows of a page type without such a
  section cannot be read and are refused.
* Flags ("symbols displayed in a cell to indicate that a footnote applies",
  which SEER*Stat includes in exported data) are runs of symbol characters
  (not letters, digits, ``.``, ``,``, ``+``, ``-``, ``%``) before or after a
  number, or alone in a cell (then the value is missing). With ``Flags
  included=true`` they are stripped and kept, per numeric column that has any,
  in a ``<column>_flag`` text column ("" where none) after the statistics.
* Percents are the statistics written times 100, without a ``%`` sign (one is
  tolerated). Relative survival may exceed 1 (SEER*Stat adjusts it only on
  request), so only values above 10 are taken for percents in its columns;
  every other statistic must lie in [0, 1].
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError, row_where
from survival.io.numbers import parse_floats, to_float
from survival.io.seerstat_dictionary import (
    DELIMITER_NAMES,
    LIFE_SECTIONS,
    MAX_DICTIONARY_BYTES,
    SAME_EXPORT,
    SeerStatDictionary,
    find_data_file,
    norm,
    parse_dictionary,
    read_input,
    roles,
    snake_case,
    unpack_bytes,
)
from survival.io.text import decode_text
from survival.tables.lifetable import MAX_COUNT

__all__ = ["MAX_DECOMPRESSED_BYTES", "SeerStatDictionary", "SeerStatExport", "parse_dictionary",
           "read_seerstat", "snake_case"]

#: The largest data file, in bytes after decompression, that :func:`read_seerstat` reads.
MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024

_FLAG = r"[^\w\s.,+\-%]*"
_FLAGGED = re.compile(rf"^\s*(?P<pre>{_FLAG})\s*(?P<body>.*?)\s*(?P<post>{_FLAG})\s*$", re.DOTALL)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_LOOKS_MISSING = (".", "-", "NA", "N/A", "~")
MAX_INTERVAL = 10_000  # interval numbers are 1, 2, ...: a few hundred at most
_IN_EXPORT = "in the .dic's [Export Options]"


@dataclass(frozen=True, eq=False)
class SeerStatExport:
    """A SEER*Stat survival export, read.

    Attributes
    ----------
    life : DataFrame
        One row per group and interval: the group columns (labels as text),
        ``interval`` (1-based code), ``interval_label``, ``interval_start`` and
        ``interval_end`` (years), ``alive``, ``died``, ``lost`` (int64), then
        each statistic as a float proportion named in snake case
        (``observed_cum``, ``relative_se_interval``...), NaN where missing,
        then ``<column>_flag`` columns if the export has flags, and last
        ``_row``, each row's line number in the data file (for messages).
    summary : DataFrame or None
        Rows of other page types (summary pages), with a ``page_type`` column;
        None when the export has none.
    group_columns : tuple of str
        The grouping variables, in .dic order.
    dictionary : SeerStatDictionary
        The parsed .dic.
    source : str
        A display name, e.g. the .dic file name.
    """

    life: pd.DataFrame
    summary: pd.DataFrame | None
    group_columns: tuple[str, ...]
    dictionary: SeerStatDictionary
    source: str


@dataclass
class _Rows:
    """Tokenised data rows of one kind, with their line numbers in the data file."""

    fields: list[list[str]]
    lines: np.ndarray
    source: str
    raw: list[str] = field(default_factory=list)
    newline_at_end: bool = True
    columns: list[tuple[str, ...]] | None = None

    def column(self, i: int) -> pd.Series:
        """Field ``i`` of every row, as text."""
        if self.columns is None:
            self.columns = list(zip(*self.fields))
        return pd.Series(self.columns[i], dtype=object)

    def where(self, k: int, column: str | None = None) -> str:
        """Where row ``k`` is, for messages: file, row number (from 1), column."""
        return row_where(int(self.lines[k]), column, self.source)


def read_seerstat(dic, data=None, *, name: str | None = None) -> SeerStatExport:
    """Read a SEER*Stat survival export.

    Parameters
    ----------
    dic : str, PathLike, bytes or file-like
        The ``.dic`` file's path, or its content (bytes, text containing a line
        break, or an object with ``getvalue()``/``read()``, such as an upload).
    data : str, PathLike, bytes or file-like, optional
        The data file's path or content. Required when ``dic`` is content; with
        a path it defaults to the file the .dic names (``[System] Output
        filename``) beside it, else the .dic's stem with ``.txt``/``.txt.gz``/``.gz``.
    name : str, optional
        A display name for :attr:`SeerStatExport.source`.

    Returns
    -------
    SeerStatExport

    Raises
    ------
    SurvivalDataError
        For any file that cannot be read as declared, with what, where and how to fix.
    """
    dic_bytes, dic_path, dic_name = read_input(dic, "dictionary", "dictionary", MAX_DICTIONARY_BYTES)
    dictionary = parse_dictionary(decode_text(dic_bytes, dic_name), source=dic_name)
    if data is None and dic_path is None:
        raise SurvivalDataError("The dictionary was given as content but no data file came with it",
                                f"file {dic_name}", "pass the data file as well (data=...)")
    raw, _, data_name = read_input(data if data is not None else find_data_file(dic_path, dictionary), "data",
                                   dictionary.data_filename or "the data file", MAX_DECOMPRESSED_BYTES)
    text = decode_text(unpack_bytes(raw, dictionary.gzipped, data_name, MAX_DECOMPRESSED_BYTES), data_name)
    pages = _split_pages(_tokenise(text, dictionary, data_name), dictionary)
    life_key = next(k for k in LIFE_SECTIONS if k in dictionary.page_variables)
    life, groups = _life_frame(pages.pop(life_key, None), dictionary)
    summary = _summary_frame(pages, dictionary)
    return SeerStatExport(life, summary, groups, dictionary, name or dic_name)


def _tokenise(text: str, d: SeerStatDictionary, source: str) -> _Rows:
    """Split the text into rows of fields, dropping (and checking) the header row."""
    if not text.strip("\ufeff\r\n\x1a"):
        raise SurvivalDataError("The data file is empty", f"file {source}",
                                "export the data again from SEER*Stat; the file has no rows")
    lines = text.rstrip("\r\n\x1a").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbers = np.array([i for i, line in enumerate(lines, 1) if line], dtype=np.int64)
    kept = [line for line in lines if line]
    delimiter = d.delimiter
    if delimiter == " " and d.missing == " ":
        raise SurvivalDataError("The .dic declares a space both as the field delimiter and as the missing "
                                "character, so missing values cannot be told apart", f"file {d.source}",
                                "re-export with 'Missing character=period' or another field delimiter")
    if d.quoted:
        fields = [_split_quoted(line, delimiter, source, int(n)) for line, n in zip(kept, numbers)]
    else:
        fields = [line.split(delimiter) for line in kept]
    rows = _Rows(fields, numbers, source)
    if d.header:
        _check_header(rows, d)
        rows = _Rows(fields[1:], numbers[1:], source)
    if not rows.fields:
        raise SurvivalDataError("The data file has a header row but no data rows", f"file {source}",
                                "export the data again from SEER*Stat")
    rows.raw = kept[len(kept) - len(rows.fields):]
    rows.newline_at_end = text.endswith(("\n", "\r"))
    return rows


def _split_quoted(line: str, delimiter: str, source: str, number: int) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter, quotechar='"', strict=True))
    except csv.Error:
        raise SurvivalDataError("A quoted field is not closed on its line", row_where(number, None, source),
                                'close the quote, or re-export with "Fields with delimiter in quotes"',
                                ) from None


def _check_header(rows: _Rows, d: SeerStatDictionary) -> None:
    """Check the header row names the .dic's variables, in order."""
    found = [norm(c) for c in rows.fields[0]]
    if any(found == [norm(v) for v in names] for names in d.page_variables.values()):
        return
    expected = d.variables
    if _looks_like_data(rows.fields[0], d):
        raise SurvivalDataError("The first line holds data, but the .dic says it is a header row of names",
                                rows.where(0), f"set 'Variable names included=false' {_IN_EXPORT}")
    if len(found) != len(expected):
        raise SurvivalDataError(f"The header row names {len(found)} columns but the .dic lists "
                                f"{len(expected)}",
                                rows.where(0), SAME_EXPORT)
    k = next(i for i, (a, b) in enumerate(zip(found, expected)) if a != norm(b))
    raise SurvivalDataError(f"Column {k + 1} is named '{rows.fields[0][k].strip()}' in the header row "
                            f"but '{expected[k]}' in the .dic", rows.where(0),
                            SAME_EXPORT)


def _looks_like_data(cells: list[str], d: SeerStatDictionary) -> bool:
    """Whether a row holds data: only numbers, or a page type from the .dic's format where it belongs."""
    if all(re.fullmatch(r"[\d.\s]*", c) for c in cells):
        return True
    page = next((i for i, v in enumerate(d.variables) if norm(v) == "page type"), None)
    if page is None or page >= len(cells):
        return False
    fmt = d.formats.get(d.variables[page], {})
    return norm(cells[page]) in {str(code) for code in fmt} | {norm(label) for label in fmt.values()}


def _split_pages(rows: _Rows, d: SeerStatDictionary) -> dict[str, _Rows]:
    """Group rows by page type (section key), checking each row's field count."""
    sections = {k.casefold(): k for k in d.page_variables}
    life_key = next(k for k in LIFE_SECTIONS if k in d.page_variables)
    page = next((i for i, v in enumerate(d.variables) if norm(v) == "page type"), None)
    if page is None:
        keys = pd.Series(life_key, index=range(len(rows.fields)), dtype=object)
    else:
        keys = _page_keys(rows, page, d).map(lambda label: sections.get(label.casefold(), label)
                                             if isinstance(label, str) else None)
    lengths = np.fromiter(map(len, rows.fields), dtype=np.int64, count=len(rows.fields))
    wanted = keys.map(lambda k: len(d.page_variables.get(k, ())) if isinstance(k, str) else -1).to_numpy()
    bad = np.flatnonzero(lengths != wanted)
    if bad.size:
        _row_problem(rows, int(bad[0]), keys.iloc[bad[0]], d, page)
    out = {}
    for key, index in keys.groupby(keys, sort=False).groups.items():
        take = np.asarray(index)
        out[key] = _Rows([rows.fields[i] for i in take], rows.lines[take], rows.source)
    return out


def _page_keys(rows: _Rows, page: int, d: SeerStatDictionary) -> pd.Series:
    """The page-type label of each row (None where the row is too short or the code unknown)."""
    cells = pd.Series([r[page].strip() if len(r) > page else None for r in rows.fields], dtype=object)
    fmt = d.formats.get(d.variables[page], {})
    if d.labels:
        known = {label.casefold() for label in fmt.values()}
        return cells.where(cells.map(lambda c: c is not None and (not known or c.casefold() in known)), None)
    if not fmt:
        if cells.nunique(dropna=False) > 1:
            raise SurvivalDataError("The data hold several page types but the .dic has no [Format=Page type]",
                                    f"file {d.source}", SAME_EXPORT)
        return pd.Series(d.life_page_label or "", index=cells.index, dtype=object)
    return cells.map({str(code): label for code, label in fmt.items()})


def _row_problem(rows: _Rows, k: int, key, d: SeerStatDictionary, page: int | None) -> None:
    """Raise the error that explains why row ``k`` does not fit the .dic."""
    n, counts = len(rows.fields[k]), {len(v) for v in d.page_variables.values()}
    sections = [[norm(v) for v in p] for p in d.page_variables.values()]
    if [norm(c) for c in rows.fields[k]] in sections:
        if k == 0 and not d.header:
            raise SurvivalDataError("The data file starts with a header row, but the .dic says it has none",
                                    rows.where(k), f"set 'Variable names included=true' {_IN_EXPORT}")
        raise SurvivalDataError("This row repeats the header row (the variable names) among the data",
                                rows.where(k), "remove the row; files exported separately may have been "
                                "joined together")
    if isinstance(key, str) and key not in d.page_variables:
        raise SurvivalDataError(
            f"Rows of page type '{key}' cannot be read: the .dic has no [{key} Variables] section",
            rows.where(k, "Page type"),
            "re-export only the life pages, or with the .dic that lists their columns")
    if key is None and n in counts and page is not None:
        raise SurvivalDataError(f"Page type code '{rows.fields[k][page].strip()}' is not in the .dic's "
                                f"[Format={d.variables[page]}]", rows.where(k, d.variables[page]),
                                SAME_EXPORT)
    m = len(d.page_variables[key]) if isinstance(key, str) else len(d.variables)
    what = f"The row has {n} field{'s' * (n != 1)} but the .dic lists {m} variables"
    for sep, word in DELIMITER_NAMES.items():
        if sep != d.delimiter and len(rows.raw[k].split(sep)) == m:
            raise SurvivalDataError(f"{what}; the file looks {word}-separated but the .dic declares "
                                    f"{d.delimiter_name}", rows.where(k),
                                    f"set 'Field delimiter={word}' {_IN_EXPORT}")
    if k == len(rows.fields) - 1 and n < m and not rows.newline_at_end:
        raise SurvivalDataError(f"The last line stops after {n} of its {m} fields, with no line break "
                                "after it: the file looks truncated",
                                rows.where(k), "download or copy the data file again; it was cut short")
    raise SurvivalDataError(what, rows.where(k), SAME_EXPORT)


def _life_frame(rows: _Rows | None, d: SeerStatDictionary) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Build the life frame from the life-page rows."""
    if rows is None:
        raise SurvivalDataError("The data file has no life-page rows", f"file {d.data_filename or d.source}",
                                "export the survival session with its life tables (life pages)")
    interval, counts, groups, stats = roles(d)
    group_names = tuple(d.variables[i] for i in groups)
    columns = {d.variables[i]: _decode(rows, i, d) for i in groups}
    columns["interval"], columns["interval_label"] = _intervals(rows, interval, d)
    months = d.months_per_interval
    columns["interval_start"] = (columns["interval"] - 1) * months / 12.0
    columns["interval_end"] = columns["interval"] * months / 12.0
    flags = {}
    for key, i in counts.items():
        columns[key], flags[key] = _counts(rows, i, d)
    for i, snake in stats.items():
        columns[snake], flags[snake] = _statistic(rows, i, d)
    columns.update({f"{k}_flag": v for k, v in flags.items() if v is not None and (v != "").any()})
    frame = pd.DataFrame(columns)
    frame["_row"] = rows.lines  # line numbers in the data file, for later messages
    return _sort(frame, group_names, rows), group_names


def _sort(frame: pd.DataFrame, groups: tuple[str, ...], rows: _Rows) -> pd.DataFrame:
    """Sort stably by group (first appearance) then interval; refuse repeated intervals."""
    ids = frame.groupby(list(groups), sort=False).ngroup().to_numpy() if groups else np.zeros(len(frame), int)
    order = np.lexsort((frame["interval"].to_numpy(), ids))
    same = (np.diff(ids[order]) == 0) & (np.diff(frame["interval"].to_numpy()[order]) == 0)
    if same.any():
        first, second = order[np.flatnonzero(same)[0]], order[np.flatnonzero(same)[0] + 1]
        raise SurvivalDataError(f"Interval {frame['interval'].iloc[second]} appears twice for the same group "
                                f"(also at row {rows.lines[first]})", rows.where(second, "Interval"),
                                "remove the repeated row; each group has one row per interval")
    return frame.iloc[order].reset_index(drop=True)


def _decode(rows: _Rows, i: int, d: SeerStatDictionary) -> pd.Series:
    """A grouping column as labels: codes decoded through the .dic's format."""
    name = d.variables[i]
    raw = rows.column(i)
    fmt = d.formats.get(name)
    if d.labels or not fmt:
        text = raw.str.strip()
        _refuse_empty(text, rows, name, d)
        return text
    decoded = raw.map({str(code): label for code, label in fmt.items()}).astype(object)
    if (bad := decoded.isna()).any():
        text = raw[bad].str.strip()
        _refuse_empty(text, rows, name, d)
        decoded[bad] = text.map(lambda c: fmt.get(_as_int(c)))
        if (bad := decoded.isna()).any():
            k = int(np.flatnonzero(bad)[0])
            code = raw.iloc[k].strip()
            raise SurvivalDataError(f"Code '{code}' is not in the .dic's [Format={name}]",
                                    rows.where(k, name),
                                    f"{SAME_EXPORT} "
                                    f"(or add {code}=<label> to its [Format={name}])")
    return decoded.astype(object)


def _refuse_empty(text: pd.Series, rows: _Rows, name: str, d: SeerStatDictionary) -> None:
    if (empty := (text == "") | (text == d.missing.strip())).any():
        k = int(empty.index[np.flatnonzero(empty)[0]])
        raise SurvivalDataError(f"The grouping column '{name}' has an empty cell", rows.where(k, name),
                                "use the data file exported together with this .dic")


def _as_int(cell: str) -> int | None:
    value = to_float(cell.strip())
    return int(value) if value.is_integer() else None


def _intervals(rows: _Rows, i: int, d: SeerStatDictionary) -> tuple[pd.Series, pd.Series]:
    """Interval codes (int64, from 1) and their labels."""
    name = d.variables[i]
    raw = rows.column(i)
    fmt = d.formats.get(name, {})
    if d.labels and fmt:
        reverse = {label.strip(): code for code, label in fmt.items()}
        codes = raw.str.strip().map(lambda c: reverse.get(c, _as_int(c))).astype(float)
    else:
        codes = pd.Series(parse_floats(raw.str.strip()), index=raw.index)
    if (bad := ~((codes >= 1) & (codes <= MAX_INTERVAL) & (codes % 1 == 0))).any():
        k = int(np.flatnonzero(bad)[0])
        raise SurvivalDataError(f"'{raw.iloc[k].strip()}' is not an interval number (1, 2, ...)",
                                rows.where(k, name), "use the data file exported together with this .dic")
    codes = codes.astype(np.int64)
    if d.labels or not fmt:
        return codes, (raw.str.strip() if d.labels else codes.astype(str)).astype(object)
    return codes, _decode(rows, i, d)


def _numbers(rows: _Rows, i: int, d: SeerStatDictionary,
             percent_sign: bool = False) -> tuple[np.ndarray, pd.Series | None]:
    """Parse a numeric column: NaN where missing, flags stripped when declared.

    With ``percent_sign``, a ``%`` after the number is tolerated (statistics in percents).
    """
    raw = body = rows.column(i)
    flags = None
    if d.flags:
        parts = raw.str.extract(_FLAGGED)
        flags, body = (parts["pre"] + parts["post"]).fillna(""), parts["body"].fillna("")
    if d.thousands_separators:  # only commas that group digits in threes: "10,21" stays refused
        grouped = body.str.strip().str.match(_THOUSANDS)
        body = body.where(~grouped, body.str.replace(",", "", regex=False))
    if percent_sign:
        body = body.str.replace(r"\s*%\s*$", "", regex=True)
    numbers = parse_floats(body.str.strip())
    if (blank := np.flatnonzero(~np.isfinite(numbers))).size:
        cells = body.iloc[blank].str.strip()
        bad = blank[~((cells == "") | (cells == d.missing.strip())).to_numpy()]
        if bad.size:
            raise _bad_number(raw.iloc[bad[0]].strip(), rows, int(bad[0]), d.variables[i], d)
    return numbers, flags


def _bad_number(cell: str, rows: _Rows, k: int, name: str, d: SeerStatDictionary) -> SurvivalDataError:
    """Explain a cell that should hold a number and does not."""
    where = rows.where(k, name)
    declared = {" ": "space", ".": "period", "": "nothing"}.get(d.missing, repr(d.missing))
    if cell in _LOOKS_MISSING:
        word = {".": "period"}.get(cell, cell)
        return SurvivalDataError(f"The cell holds '{cell}', which looks like a missing value, but the .dic "
                                 f"declares the missing character as {declared}", where,
                                 f"set 'Missing character={word}' {_IN_EXPORT}")
    if _THOUSANDS.match(cell):
        return SurvivalDataError(f"'{cell}' has a thousands separator, but the .dic says they were removed",
                                 where, f"set 'Remove thousands separators=false' {_IN_EXPORT}")
    if not d.quoted and len(cell) >= 2 and cell[0] == cell[-1] == '"':
        return SurvivalDataError(f"{cell} is in double quotes, but the .dic says fields are not quoted",
                                 where, f"set 'Fields with delimiter in quotes=true' {_IN_EXPORT}")
    match = _FLAGGED.match(cell)
    if not d.flags and match and (match["pre"] or match["post"]) and re.fullmatch(r"[\d.]*", match["body"]):
        return SurvivalDataError(f"'{cell}' carries a flag, but the .dic says 'Flags included=false'", where,
                                 "set 'Flags included=true' in the .dic, or re-export without flags")
    return SurvivalDataError(f"'{cell}' is not a number", where,
                             f"the column must hold numbers; {SAME_EXPORT}")


def _counts(rows: _Rows, i: int, d: SeerStatDictionary) -> tuple[np.ndarray, pd.Series | None]:
    """A count column as int64, refusing missing, fractional or negative counts."""
    numbers, flags = _numbers(rows, i, d)
    whole = "counts of people must be whole numbers, 0 or more"
    for bad, what, fix in ((np.isnan(numbers), "A count is missing", whole),
                           (numbers % 1 != 0, "A count is not a whole number", whole),
                           (numbers < 0, "A count is negative", whole),
                           (numbers > MAX_COUNT, "A count is too large to be a number of people",
                            "check the number; it may hold extra digits")):
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            shown = "" if np.isnan(numbers[k]) else f" ({numbers[k]:g})"
            raise SurvivalDataError(f"{what}{shown}", rows.where(k, d.variables[i]), fix)
    return numbers.astype(np.int64), flags


def _statistic(rows: _Rows, i: int, d: SeerStatDictionary) -> tuple[np.ndarray, pd.Series | None]:
    """A statistic as a proportion, checking it lies in range."""
    name = d.variables[i]
    numbers, flags = _numbers(rows, i, d, percent_sign=d.percents)
    scale = 100.0 if d.percents else 1.0
    limit = 10.0 if snake_case(name).startswith("relative") else 1.0
    with np.errstate(invalid="ignore"):
        negative, high = numbers < 0, numbers > limit * scale + 1e-9
    if negative.any():
        k = int(np.flatnonzero(negative)[0])
        raise SurvivalDataError(f"'{name}' is negative ({numbers[k]:g})", rows.where(k, name),
                                "survival and its standard errors cannot be negative; check the export")
    if high.any():
        k = int(np.flatnonzero(high)[0])
        if d.percents:
            raise SurvivalDataError(f"'{name}' is {numbers[k]:g}%, above {limit * 100:g}%",
                                    rows.where(k, name),
                                    "check the export; the .dic declares percents "
                                    "(RatesDisplayedAs=Percents)")
        raise SurvivalDataError(f"'{name}' is {numbers[k]:g}, above {limit:g}, but the .dic declares "
                                "proportions", rows.where(k, name),
                                "the file may hold percents: set 'RatesDisplayedAs=Percents' "
                                "in the .dic's [Session Options], or re-export as proportions")
    _check_percents_declared(numbers, name, rows, d)
    return numbers / scale, flags


def _check_percents_declared(numbers: np.ndarray, name: str, rows: _Rows, d: SeerStatDictionary) -> None:
    """Refuse a .dic that declares percents over a file of proportions.

    Survival (not its standard error) in percents is almost never at most 1
    everywhere; expected survival never is.
    """
    snake = snake_case(name)
    if not d.percents or "_se" in snake or not snake.startswith(("observed", "expected")):
        return
    values = numbers[~np.isnan(numbers)]
    if values.size and values.max() <= 1.0:
        raise SurvivalDataError(
            f"The .dic declares percents, but every value of '{name}' is at most 1, so the file "
            "looks like it holds proportions", rows.where(0, name),
            "set 'RatesDisplayedAs=Proportions' in the .dic's [Session Options], or re-export as percents")


def _summary_frame(pages: dict[str, _Rows], d: SeerStatDictionary) -> pd.DataFrame | None:
    """Rows of other page types: formats decoded, other columns numbers (or text)."""
    frames = []
    for key, rows in pages.items():
        view = SeerStatDictionary(d.sections, d.page_variables[key], (), d.formats, d.page_variables,
                                  d.source)
        columns = {"page_type": [key] * len(rows.fields)}
        for i, name in enumerate(view.variables):
            if norm(name) == "page type":
                continue
            if name in d.formats:
                columns[name] = _decode(rows, i, view)
                continue
            try:
                numbers, _ = _numbers(rows, i, view, percent_sign=d.percents)
            except SurvivalDataError:
                columns[snake_case(name)] = rows.column(i).str.strip()
                continue
            rate = d.percents and re.search(r"survival|\bse\b", name, re.I) and not re.search(
                r"median|time|month|year|count|number", name, re.I)
            columns[snake_case(name)] = numbers / 100.0 if rate else numbers
        frames.append(pd.DataFrame(columns))
    return pd.concat(frames, ignore_index=True, sort=False) if frames else None
