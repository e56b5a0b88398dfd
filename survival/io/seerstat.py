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
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError, row_where, shown
from survival.io.seerstat_columns import (
    IN_EXPORT,
    Rows,
    count_cells,
    group_labels,
    numeric_cells,
    statistic_cells,
)
from survival.io.seerstat_dictionary import (
    DELIMITER_NAMES,
    LIFE_SECTIONS,
    MAX_DICTIONARY_BYTES,
    SAME_EXPORT,
    SeerStatDictionary,
    norm,
    parse_dictionary,
    roles,
    snake_case,
)
from survival.io.seerstat_files import find_data_file, read_input, unpack_bytes
from survival.io.seerstat_intervals import interval_codes, interval_months
from survival.io.text import decode_text

__all__ = [
    "MAX_DECOMPRESSED_BYTES",
    "SeerStatDictionary",
    "SeerStatExport",
    "parse_dictionary",
    "read_seerstat",
    "snake_case",
]

#: The largest data file, in bytes after decompression, that :func:`read_seerstat` reads.
MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024


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
        raise SurvivalDataError(
            "The dictionary was given as content but no data file came with it",
            f"file {dic_name}",
            "pass the data file as well (data=...)",
        )
    if data is None:
        assert dic_path is not None  # checked above
        data = find_data_file(dic_path, dictionary)
    raw, _, data_name = read_input(
        data,
        "data",
        dictionary.data_filename or "the data file",
        MAX_DECOMPRESSED_BYTES,
    )
    text = decode_text(unpack_bytes(raw, dictionary.gzipped, data_name, MAX_DECOMPRESSED_BYTES), data_name)
    pages = _split_pages(_tokenise(text, dictionary, data_name), dictionary)
    life_key = next(k for k in LIFE_SECTIONS if k in dictionary.page_variables)
    life, groups = _life_frame(pages.pop(life_key, None), dictionary)
    summary = _summary_frame(pages, dictionary)
    return SeerStatExport(life, summary, groups, dictionary, name or dic_name)


def _tokenise(text: str, d: SeerStatDictionary, source: str) -> Rows:
    """Split the text into rows of fields, dropping (and checking) the header row."""
    if not text.strip("\ufeff\r\n\x1a"):
        raise SurvivalDataError(
            "The data file is empty",
            f"file {source}",
            "export the data again from SEER*Stat; the file has no rows",
        )
    lines = text.rstrip("\r\n\x1a").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbers = np.array([i for i, line in enumerate(lines, 1) if line], dtype=np.int64)
    kept = [line for line in lines if line]
    delimiter = d.delimiter
    if delimiter == " " and d.missing == " ":
        raise SurvivalDataError(
            "The .dic declares a space both as the field delimiter and as the missing "
            "character, so missing values cannot be told apart",
            f"file {d.source}",
            "re-export with 'Missing character=period' or another field delimiter",
        )
    if d.quoted:
        fields = [_split_quoted(line, delimiter, source, int(n)) for line, n in zip(kept, numbers)]
    else:
        fields = [line.split(delimiter) for line in kept]
    rows = Rows(fields, numbers, source)
    if d.header:
        _check_header(rows, d)
        rows = Rows(fields[1:], numbers[1:], source)
    if not rows.fields:
        raise SurvivalDataError(
            "The data file has a header row but no data rows",
            f"file {source}",
            "export the data again from SEER*Stat",
        )
    rows.raw = kept[len(kept) - len(rows.fields) :]
    rows.newline_at_end = text.endswith(("\n", "\r"))
    return rows


def _split_quoted(line: str, delimiter: str, source: str, number: int) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter, quotechar='"', strict=True))
    except csv.Error:
        raise SurvivalDataError(
            "A quoted field is not closed on its line",
            row_where(number, None, source),
            'close the quote, or re-export with "Fields with delimiter in quotes"',
        ) from None


def _check_header(rows: Rows, d: SeerStatDictionary) -> None:
    """Check the header row names the .dic's variables, in order."""
    found = [norm(c) for c in rows.fields[0]]
    if any(found == [norm(v) for v in names] for names in d.page_variables.values()):
        return
    expected = d.variables
    if _looks_like_data(rows.fields[0], d):
        raise SurvivalDataError(
            "The first line holds data, but the .dic says it is a header row of names",
            rows.where(0),
            f"set 'Variable names included=false' {IN_EXPORT}",
        )
    if len(found) != len(expected):
        raise SurvivalDataError(
            f"The header row names {len(found)} columns but the .dic lists {len(expected)}",
            rows.where(0),
            SAME_EXPORT,
        )
    k = next(i for i, (a, b) in enumerate(zip(found, expected)) if a != norm(b))
    raise SurvivalDataError(
        f"Column {k + 1} is named '{shown(rows.fields[0][k].strip(), 80)}' in the header "
        f"row but '{shown(expected[k], 80)}' in the .dic",
        rows.where(0),
        SAME_EXPORT,
    )


def _looks_like_data(cells: list[str], d: SeerStatDictionary) -> bool:
    """Whether a row holds data: only numbers, or a page type from the .dic's format where it belongs."""
    if all(re.fullmatch(r"[\d.\s]*", c) for c in cells):
        return True
    page = next((i for i, v in enumerate(d.variables) if norm(v) == "page type"), None)
    if page is None or page >= len(cells):
        return False
    fmt = d.formats.get(d.variables[page], {})
    return norm(cells[page]) in {str(code) for code in fmt} | {norm(label) for label in fmt.values()}


def _split_pages(rows: Rows, d: SeerStatDictionary) -> dict[str, Rows]:
    """Group rows by page type (section key), checking each row's field count."""
    sections = {k.casefold(): k for k in d.page_variables}
    life_key = next(k for k in LIFE_SECTIONS if k in d.page_variables)
    page = next((i for i, v in enumerate(d.variables) if norm(v) == "page type"), None)
    if page is None:
        keys = pd.Series(life_key, index=range(len(rows.fields)), dtype=object)
    else:
        keys = _page_keys(rows, page, d).map(
            lambda label: sections.get(label.casefold(), label) if isinstance(label, str) else None
        )
    lengths = np.fromiter(map(len, rows.fields), dtype=np.int64, count=len(rows.fields))
    wanted = keys.map(lambda k: len(d.page_variables.get(k, ())) if isinstance(k, str) else -1).to_numpy()
    bad = np.flatnonzero(lengths != wanted)
    if bad.size:
        _row_problem(rows, int(bad[0]), keys.iloc[bad[0]], d, page)
    out: dict[str, Rows] = {}
    for key, index in keys.groupby(keys, sort=False).groups.items():
        take = np.asarray(index)
        out[str(key)] = Rows([rows.fields[i] for i in take], rows.lines[take], rows.source)
    return out


def _page_keys(rows: Rows, page: int, d: SeerStatDictionary) -> pd.Series:
    """The page-type label of each row (None where the row is too short or the code unknown)."""
    cells = pd.Series([r[page].strip() if len(r) > page else None for r in rows.fields], dtype=object)
    fmt = d.formats.get(d.variables[page], {})
    if d.labels:
        known = {label.casefold() for label in fmt.values()}
        return cells.where(cells.map(lambda c: c is not None and (not known or c.casefold() in known)), None)
    if not fmt:
        if cells.nunique(dropna=False) > 1:
            raise SurvivalDataError(
                "The data hold several page types but the .dic has no [Format=Page type]",
                f"file {d.source}",
                SAME_EXPORT,
            )
        return pd.Series(d.life_page_label or "", index=cells.index, dtype=object)
    return cells.map({str(code): label for code, label in fmt.items()})


def _row_problem(rows: Rows, k: int, key, d: SeerStatDictionary, page: int | None) -> None:
    """Raise the error that explains why row ``k`` does not fit the .dic."""
    n, counts = len(rows.fields[k]), {len(v) for v in d.page_variables.values()}
    sections = [[norm(v) for v in p] for p in d.page_variables.values()]
    if [norm(c) for c in rows.fields[k]] in sections:
        if k == 0 and not d.header:
            raise SurvivalDataError(
                "The data file starts with a header row, but the .dic says it has none",
                rows.where(k),
                f"set 'Variable names included=true' {IN_EXPORT}",
            )
        raise SurvivalDataError(
            "This row repeats the header row (the variable names) among the data",
            rows.where(k),
            "remove the row; files exported separately may have been joined together",
        )
    if isinstance(key, str) and key not in d.page_variables:
        raise SurvivalDataError(
            f"Rows of page type '{shown(key)}' cannot be read: the .dic has no [{shown(key)} Variables] "
            "section",
            rows.where(k, "Page type"),
            "re-export only the life pages, or with the .dic that lists their columns",
        )
    if key is None and n in counts and page is not None:
        raise SurvivalDataError(
            f"Page type code '{shown(rows.fields[k][page].strip())}' is not in the "
            f".dic's [Format={shown(d.variables[page], 80)}]",
            rows.where(k, d.variables[page]),
            SAME_EXPORT,
        )
    m = len(d.page_variables[key]) if isinstance(key, str) else len(d.variables)
    what = f"The row has {n} field{'s' * (n != 1)} but the .dic lists {m} variables"
    for sep, word in DELIMITER_NAMES.items():
        if sep != d.delimiter and len(rows.raw[k].split(sep)) == m:
            raise SurvivalDataError(
                f"{what}; the file looks {word}-separated but the .dic declares {d.delimiter_name}",
                rows.where(k),
                f"set 'Field delimiter={word}' {IN_EXPORT}",
            )
    if k == len(rows.fields) - 1 and n < m and not rows.newline_at_end:
        raise SurvivalDataError(
            f"The last line stops after {n} of its {m} fields, with no line break "
            "after it: the file looks truncated",
            rows.where(k),
            "download or copy the data file again; it was cut short",
        )
    raise SurvivalDataError(what, rows.where(k), SAME_EXPORT)


def _life_frame(rows: Rows | None, d: SeerStatDictionary) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Build the life frame from the life-page rows."""
    if rows is None:
        raise SurvivalDataError(
            "The data file has no life-page rows",
            f"file {d.data_filename or d.source}",
            "export the survival session with its life tables (life pages)",
        )
    interval, counts, groups, stats = roles(d)
    group_names = tuple(d.variables[i] for i in groups)
    columns: dict[str, Any] = {d.variables[i]: group_labels(rows, i, d) for i in groups}
    columns["interval"], columns["interval_label"] = interval_codes(rows, interval, d)
    months = interval_months(d, d.variables[interval])
    columns["interval_start"] = (columns["interval"] - 1) * months / 12.0
    columns["interval_end"] = columns["interval"] * months / 12.0
    flags = {}
    for key, i in counts.items():
        columns[key], flags[key] = count_cells(rows, i, d)
    for i, snake in stats.items():
        columns[snake], flags[snake] = statistic_cells(rows, i, d)
    columns.update({f"{k}_flag": v for k, v in flags.items() if v is not None and (v != "").any()})
    frame = pd.DataFrame(columns)
    frame["_row"] = rows.lines  # line numbers in the data file, for later messages
    return _sort(frame, group_names, rows), group_names


def _sort(frame: pd.DataFrame, groups: tuple[str, ...], rows: Rows) -> pd.DataFrame:
    """Sort stably by group (first appearance) then interval; refuse repeated intervals."""
    ids = frame.groupby(list(groups), sort=False).ngroup().to_numpy() if groups else np.zeros(len(frame), int)
    order = np.lexsort((frame["interval"].to_numpy(), ids))
    same = (np.diff(ids[order]) == 0) & (np.diff(frame["interval"].to_numpy()[order]) == 0)
    if same.any():
        first, second = order[np.flatnonzero(same)[0]], order[np.flatnonzero(same)[0] + 1]
        raise SurvivalDataError(
            f"Interval {frame['interval'].iloc[second]} appears twice for the same group "
            f"(also at row {rows.lines[first]})",
            rows.where(second, "Interval"),
            "remove the repeated row; each group has one row per interval",
        )
    return frame.iloc[order].reset_index(drop=True)


def _summary_frame(pages: dict[str, Rows], d: SeerStatDictionary) -> pd.DataFrame | None:
    """Rows of other page types: formats decoded, other columns numbers (or text)."""
    frames = []
    for key, rows in pages.items():
        view = SeerStatDictionary(
            d.sections, d.page_variables[key], (), d.formats, d.page_variables, d.source
        )
        columns: dict[str, Any] = {"page_type": [key] * len(rows.fields)}
        for i, name in enumerate(view.variables):
            if norm(name) == "page type":
                continue
            if name in d.formats:
                columns[name] = group_labels(rows, i, view)
                continue
            try:
                numbers, _ = numeric_cells(rows, i, view, percent_sign=d.percents)
            except SurvivalDataError:
                columns[snake_case(name)] = rows.column(i).str.strip()
                continue
            rate = (
                d.percents
                and re.search(r"survival|\bse\b", name, re.I)
                and not re.search(r"median|time|month|year|count|number", name, re.I)
            )
            columns[snake_case(name)] = numbers / 100.0 if rate else numbers
        frames.append(pd.DataFrame(columns))
    return pd.concat(frames, ignore_index=True, sort=False) if frames else None
