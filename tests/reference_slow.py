"""A deliberately slow, obvious re-implementation of the three readers, for the fuzz tests.

Plain Python only: the ``csv`` module, ``gzip``, dictionaries and loops; no
pandas, no numpy, nothing from ``survival``. It reads a file the way the
README's "Input formats" describe, and recomputes from it

* individual rows: per group and distinct time, the number at risk, died and
  censored, and the Kaplan-Meier product-limit survival;
* life tables: per group and interval the counts, and actuarial observed
  cumulative survival ``S *= 1 - d / (n - w/2)`` (an interval in which everyone
  left was lost to follow-up is not estimated);
* SEER*Stat exports: per group and interval the cells alive, died, lost and
  expected interval survival, from the .dic's own options.

It is meant for files the package accepted: where its simple rules find a
file unreadable it raises :class:`Unreadable`, which the fuzz tests count as
a disagreement.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import re

NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)  # digits 0-9 only
UNITS = {"days": 365.25, "months": 12.0, "years": 1.0}
LIFE_COLUMNS = ["interval_start", "interval_end", "alive", "died", "lost"]


class Unreadable(Exception):
    """The reference cannot read the file."""


# --- text and CSV -------------------------------------------------------------------------------


def decode(raw: bytes) -> str:
    """UTF-16 with a byte-order mark, else UTF-8 (BOM optional), else cp1252."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16")
    if raw[:3] == b"\xef\xbb\xbf":
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def number(cell: str) -> float:
    """A plain decimal number written with digits 0-9 (finite), or Unreadable."""
    cell = cell.strip()
    if not NUMBER.fullmatch(cell):
        raise Unreadable(f"not a number: {cell!r}")
    value = float(cell)
    if math.isinf(value):
        raise Unreadable(f"not finite: {cell!r}")
    return value


def csv_rows(raw: bytes) -> tuple[list[str], list[list[str]]]:
    """The header and the data rows of a CSV file, cells stripped, blank rows left out."""
    text = decode(raw)
    while text.startswith("\ufeff"):
        text = text[1:]
    while text.endswith("\x1a"):
        text = text[:-1]
    while re.match(r"[ \t]*(\r\n|\r|\n)", text):  # blank lines before the header
        text = text[re.match(r"[ \t]*(\r\n|\r|\n)", text).end() :]
    first_line = re.split("[\r\n]", text, maxsplit=1)[0]
    delimiter = ","
    most = 0
    for candidate in (",", ";", "\t"):
        if first_line.count(candidate) > most:
            delimiter, most = candidate, first_line.count(candidate)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True))
    header = [cell.strip() for cell in records[0]]
    rows = []
    for record in records[1:]:
        cells = [cell.strip() for cell in record]
        if len(cells) > len(header):
            raise Unreadable("a row has more cells than the header")
        cells += [""] * (len(header) - len(cells))
        if any(cells):
            rows.append(cells)
    return header, rows


def column_index(header: list[str], name: str) -> int:
    for i, column in enumerate(header):
        if column.lower() == name.lower():
            return i
    raise Unreadable(f"no column {name!r}")


# --- individual rows ------------------------------------------------------------------------------


def individual_counts(
    raw: bytes, duration: str, event: str, groups: list[str], time_unit: str
) -> dict[tuple, list[tuple[float, int, int, int]]]:
    """Per group (tuple of labels): sorted (time in years, at risk, died, censored)."""
    header, rows = csv_rows(raw)
    d, e = column_index(header, duration), column_index(header, event)
    g = [column_index(header, name) for name in groups]
    people: dict[tuple, dict[float, list[int]]] = {}
    for row in rows:
        time = number(row[d])
        if time < 0:
            raise Unreadable("negative duration")
        status = number(row[e])
        if status not in (0.0, 1.0):
            raise Unreadable(f"event code {row[e]!r}")
        labels = tuple(row[i] for i in g)
        if "" in labels:
            raise Unreadable("empty group label")
        slot = people.setdefault(labels, {}).setdefault(time / UNITS[time_unit], [0, 0])
        slot[0 if status == 1.0 else 1] += 1
    out = {}
    for labels in sorted(people):
        at_risk = sum(died + censored for died, censored in people[labels].values())
        steps = []
        for time in sorted(people[labels]):
            died, censored = people[labels][time]
            steps.append((time, at_risk, died, censored))
            at_risk -= died + censored
        out[labels] = steps
    return out


def product_limit(steps: list[tuple[float, int, int, int]]) -> list[float]:
    """Kaplan-Meier survival just after each time: S *= 1 - died / at risk."""
    survival, out = 1.0, []
    for _, at_risk, died, _ in steps:
        survival *= 1 - died / at_risk
        out.append(survival)
    return out


# --- life tables ------------------------------------------------------------------------------------


def lifetable(raw: bytes, by: list[str] | None = None) -> dict[tuple, list[dict]]:
    """Per group, its rows sorted by interval_start.

    Groups are the labels of every other column, in header order, or with
    ``by`` of those columns only, the counts of the groups pooled added up
    per interval.
    """
    header, rows = csv_rows(raw)
    where = {name: column_index(header, name) for name in LIFE_COLUMNS}
    try:
        where["expected"] = column_index(header, "expected")
    except Unreadable:
        pass
    others = [i for i in range(len(header)) if i not in where.values()]
    if by is not None:  # the columns named, each once; expected survival is averaged, not compared
        others = list(dict.fromkeys(column_index(header, name) for name in by))
        where.pop("expected", None)
    groups: dict[tuple, dict[tuple, dict]] = {}
    for row in rows:
        labels = tuple(row[i] for i in others)
        item = {name: number(row[i]) for name, i in where.items()}
        interval = (item["interval_start"], item["interval_end"])
        if interval in groups.setdefault(labels, {}) and by is not None:
            for count in ("alive", "died", "lost"):
                groups[labels][interval][count] += item[count]
        else:
            groups[labels].setdefault(interval, item)
    return {
        labels: sorted(items.values(), key=lambda item: item["interval_start"])
        for labels, items in groups.items()
    }


def actuarial_survival(items: list[dict]) -> list[tuple[float, float]]:
    """(interval end, cumulative observed survival) of each estimated interval, in order."""
    survival, out = 1.0, []
    for item in items:
        alive, died, lost = item["alive"], item["died"], item["lost"]
        if alive - died - lost == 0 and lost > 0:
            continue  # everyone left alive was lost: not estimated
        survival *= 1 - died / (alive - lost / 2)
        out.append((item["interval_end"], survival))
    return out


# --- SEER*Stat ---------------------------------------------------------------------------------------


def read_ini(text: str) -> dict[str, list[tuple[str, str]]]:
    """Sections of a .dic: name -> (key, value) pairs in order."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            sections.setdefault(current, [])
        elif current is not None and "=" in line and not line.startswith(";"):
            key, value = line.split("=", 1)
            sections[current].append((key.strip(), value.strip()))
    return sections


def option(sections, section: str, key: str, default: str) -> str:
    found = default
    for name, pairs in sections.items():
        if name.lower() == section.lower():
            for k, v in pairs:
                if k.lower() == key.lower():
                    found = v
    return found


def unquote(value: str) -> str:
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value


def is_flag(char: str) -> bool:
    return not (char.isalnum() or char == "_" or char.isspace() or char in ".,+-%")


def seer_cells(dic: bytes, data: bytes) -> tuple[list[str], dict[tuple, tuple]]:
    """The group variables, and per (group labels..., interval number): (alive, died, lost, expected).

    Expected interval survival is a proportion, or None when the cell is missing
    or the export has no such column.
    """
    sections = read_ini(decode(dic).lstrip("\ufeff"))

    def yes(key, default):
        return option(sections, "Export Options", key, default).lower() in ("true", "yes", "1")  # noqa: E731

    words = {"tab": "\t", "comma": ",", "semi-colon": ";", "semicolon": ";", "pipe": "|", "space": " "}
    delimiter = option(sections, "Export Options", "Field delimiter", "tab")
    delimiter = words.get(delimiter.lower(), delimiter)
    missing = option(sections, "Export Options", "Missing character", "space")
    missing = {"space": " ", "period": "."}.get(missing.lower(), unquote(missing))
    variable_format = option(sections, "Export Options", "Variable format", "numeric").lower()
    labels = "label" in variable_format
    quoted = variable_format == "quotedlabels" or yes("Fields with delimiter in quotes", "false")
    thousands = not yes("Remove thousands separators", "true")
    flags = yes("Flags included", "false")
    percents = (
        option(sections, "Session Options", "RatesDisplayedAs", "Proportions").lower().startswith("percent")
    )
    variables = [
        unquote(v)
        for k, v in sections.get("Life Page Variables", [])
        if re.fullmatch(r"Var\d+Name", k, re.IGNORECASE)
    ]
    formats = {
        name[len("Format=") :].strip(): {int(k): unquote(v) for k, v in pairs}
        for name, pairs in sections.items()
        if name.startswith("Format=")
    }

    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    text = decode(data)
    lines = [line for line in re.split("\r\n|\r|\n", text.rstrip("\r\n\x1a")) if line]
    if yes("Variable names included", "false"):
        lines = lines[1:]
    names = [" ".join(v.lower().split()) for v in variables]
    interval = names.index("interval")
    count_names = {"alive at start": "alive", "died": "died", "lost to followup": "lost"}
    counts = {count_names[n]: i for i, n in enumerate(names) if n in count_names}
    page = names.index("page type") if "page type" in names else None
    skip = {interval, page, *counts.values()}
    group_at = [i for i, v in enumerate(variables) if i not in skip and (v in formats or i < interval)]
    expected_at = (
        names.index("expected survival (interval)") if "expected survival (interval)" in names else None
    )

    def value(cell: str, statistic: bool = False) -> float | None:
        cell = cell.strip()
        if flags:
            while cell and is_flag(cell[0]):
                cell = cell[1:].strip()
            while cell and is_flag(cell[-1]):
                cell = cell[:-1].strip()
        if thousands and re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?", cell):
            cell = cell.replace(",", "")
        if statistic and percents and cell.endswith("%"):
            cell = cell[:-1].strip()
        if cell == "" or cell == missing.strip():
            return None
        return number(cell)

    def label(i: int, cell: str) -> str:
        cell = cell.strip()
        if labels or variables[i] not in formats:
            return cell
        return formats[variables[i]][int(number(cell))]

    out = {}
    for line in lines:
        fields = next(csv.reader([line], delimiter=delimiter)) if quoted else line.split(delimiter)
        if page is not None and (labels or variables[page] in formats):
            kind = label(page, fields[page])
            if kind.lower() != "life page":
                continue
        if len(fields) != len(variables):
            raise Unreadable("a life-page row has the wrong number of fields")
        cell = fields[interval].strip()
        if labels and variables[interval] in formats:
            codes = {text.strip(): code for code, text in formats[variables[interval]].items()}
            number_of = codes[cell] if cell in codes else int(number(cell))
        else:
            number_of = int(number(cell))
        key = tuple(label(i, fields[i]) for i in group_at) + (number_of,)
        alive, died, lost = (value(fields[counts[k]]) for k in ("alive", "died", "lost"))
        expected = value(fields[expected_at], statistic=True) if expected_at is not None else None
        if expected is not None and percents:
            expected /= 100
        if key in out:
            raise Unreadable("an interval appears twice")
        out[key] = (alive, died, lost, expected)
    return [variables[i] for i in group_at], out
