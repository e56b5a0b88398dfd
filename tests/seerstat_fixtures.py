"""Small synthetic SEER*Stat exports, and re-layouts of the shared real one, for the reader's tests.

Everything here is written by the tests themselves: a .dic built from
options, a few groups and intervals of made-up numbers, and helpers that
rewrite rows in another layout (delimiter, missing character, quotes...).
"""

from __future__ import annotations

import gzip
import re
from decimal import Decimal
from pathlib import Path

from survival.io.seerstat import parse_dictionary

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "seer-breast"
REAL_DIC = SHARED / "breast.example.dic"
REAL_TXT = SHARED / "breast.example.txt"

STATISTICS = [
    "Observed Survival (Interval)",
    "Observed Survival (Cum)",
    "Expected Survival (Interval)",
    "Expected Survival (Cum)",
    "Relative Survival (Interval)",
    "Relative Survival (Cum)",
    "Observed SE (Interval)",
    "Observed SE (Cum)",
    "Relative SE (Interval)",
    "Relative SE (Cum)",
]
VARIABLES = [
    "Page type",
    "Sex",
    "Stage",
    "Interval",
    "Alive at Start",
    "Died",
    "Lost to Followup",
    *STATISTICS,
]
SUMMARY_VARIABLES = [
    "Page type",
    "Sex",
    "Stage",
    "Summary Interval",
    "Observed Survival (Cum)",
    "Relative Survival (Cum)",
    "Relative SE (Cum)",
]
FORMATS = {
    "Page type": {0: "Life Page", 1: "Summary Page"},
    "Stage": {0: "Localized", 1: "Distant"},
    "Sex": {0: "Male", 1: "Female"},
    "Interval": {1: "<1 yr", 2: "1-<2 yr", 3: "2-<3 yr"},
    "Summary Interval": {1: "1 yr", 3: "3 yr"},
}
EXPORT = {
    "GZipped": "false",
    "Variable format": "numeric",
    "File format": "DOS/Windows",
    "Field delimiter": "tab",
    "Missing character": "space",
    "Fields with delimiter in quotes": "false",
    "Remove thousands separators": "true",
    "Flags included": "false",
    "Variable names included": "false",
    "Column Variables as Stats": "false",
}
SESSION = {
    "Type": "Survival",
    "Statistic": "Relative Survival",
    "SurvivalMethod": "Actuarial",
    "NumberOfIntervals": "3",
    "MonthsPerInterval": "12",
    "RatesDisplayedAs": "Proportions",
}

# Page, sex, stage, interval, alive, died, lost, then the ten statistics (None = missing).
LIFE = [
    [
        "0",
        "0",
        "0",
        "1",
        "1021",
        "10",
        "0",
        "0.9902",
        "0.9902",
        "0.9974",
        "0.9974",
        "0.9928",
        "0.9928",
        "0.0031",
        "0.0031",
        "0.0031",
        "0.0031",
    ],
    [
        "0",
        "0",
        "0",
        "2",
        "1011",
        "19",
        "2",
        "0.9812",
        "0.9716",
        "0.9972",
        "0.9946",
        "0.9839",
        "0.9769",
        "0.0043",
        "0.0052",
        "0.0043",
        "0.0052",
    ],
    [
        "0",
        "0",
        "0",
        "3",
        "990",
        "37",
        "953",
        None,
        None,
        "0.9970",
        "0.9916",
        None,
        None,
        None,
        None,
        None,
        None,
    ],
    [
        "0",
        "1",
        "1",
        "1",
        "50",
        "30",
        "1",
        "0.3960",
        "0.3960",
        "0.9600",
        "0.9600",
        "0.4125",
        "0.4125",
        "0.0690",
        "0.0690",
        "0.0719",
        "0.0719",
    ],
    ["0", "1", "1", "2", "19", "5", "14", None, None, "0.9500", "0.9120", None, None, None, None, None, None],
]
SUMMARY = [
    ["1", "0", "0", "1", "0.9902", "0.9928", "0.0031"],
    ["1", "1", "1", "1", "0.3960", "0.4125", "0.0719"],
]


def make_dic(
    export: dict | None = None,
    session: dict | None = None,
    variables=None,
    formats=None,
    summary_variables=None,
    output: str = "synthetic.txt",
) -> str:
    """A .dic with the given option overrides (value None drops the key)."""
    lines = ["[System]", f"Output filename={output}", "", "[Session Options]"]
    lines += [f"{k}={v}" for k, v in {**SESSION, **(session or {})}.items() if v is not None]
    lines += ["", "[Export Options]"]
    lines += [f"{k}={v}" for k, v in {**EXPORT, **(export or {})}.items() if v is not None]
    lines += ["", "[Life Page Variables]"]
    lines += [f"Var{i}Name={name}" for i, name in enumerate(variables or VARIABLES, 1)]
    if summary_variables:
        lines += ["", "[Summary Page Variables]"]
        lines += [f"Var{i}Name={name}" for i, name in enumerate(summary_variables, 1)]
    for name, codes in (FORMATS if formats is None else formats).items():
        lines += ["", f"[Format={name}]"] + [f"{code}={label}" for code, label in codes.items()]
    return "\r\n".join(lines) + "\r\n"


def make_data(
    rows, delimiter: str = "\t", missing: str = " ", newline: str = "\r\n", header=None, quote: bool = False
) -> bytes:
    """Write rows (lists of str or None) as a SEER*Stat data file."""

    def cell(value):
        text = missing if value is None else value
        return f'"{text}"' if quote and not re.fullmatch(r"[\d.]*", text) else text

    out = [delimiter.join(cell(v) for v in row) for row in ([header] if header else []) + list(rows)]
    return (newline.join(out) + newline).encode("utf-8")


def set_option(dic: str, key: str, value: str) -> str:
    """Replace (or add to [Export Options]) ``key=value`` in .dic text."""
    pattern = re.compile(rf"^{re.escape(key)}=[^\r\n]*", re.MULTILINE)
    if pattern.search(dic):
        return pattern.sub(lambda _: f"{key}={value}", dic)
    return dic.replace("[Export Options]\r\n", f"[Export Options]\r\n{key}={value}\r\n")


def real_rows() -> list[list[str]]:
    """The shared export's rows, split on its tab delimiter (read at test time, never copied)."""
    text = REAL_TXT.read_bytes().decode("utf-8")
    return [line.split("\t") for line in text.split("\r\n") if line]


def as_missing(rows, missing: str) -> list[list[str | None]]:
    """Rows with the real export's missing cells (a space) as None."""
    return [[None if cell == " " else cell for cell in row] for row in rows]


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


COUNT_NAMES = ("Alive at Start", "Died", "Lost to Followup")


def _map_cells(rows, columns, change):
    return [
        [change(cell) if i in columns and cell is not None else cell for i, cell in enumerate(row)]
        for row in rows
    ]


def _labels(rows, dic):
    d = parse_dictionary(dic)
    fmts = {i: d.formats[v] for i, v in enumerate(d.variables) if v in d.formats}
    return [[fmts[i][int(c)] if i in fmts else c for i, c in enumerate(row)] for row in rows]


def _thousands(rows, dic):
    d = parse_dictionary(dic)
    columns = {d.variables.index(n) for n in COUNT_NAMES}
    return _map_cells(rows, columns, lambda c: f"{int(c):,}")


def _percents(rows, dic):
    d = parse_dictionary(dic)
    first = d.variables.index("Lost to Followup") + 1
    return _map_cells(rows, set(range(first, len(d.variables))), lambda c: str(Decimal(c).scaleb(2)))


def relayout(name: str, dic: str, rows) -> tuple[str, bytes]:
    """Rewrite a .dic and its rows (None = missing) in the layout called ``name``."""
    opt = set_option
    if name == "tab":
        return dic, make_data(rows)
    if name in ("comma", "semi-colon", "pipe"):
        sep = {"comma": ",", "semi-colon": ";", "pipe": "|"}[name]
        return opt(dic, "Field delimiter", name), make_data(rows, sep)
    if name == "space-period":
        dic = opt(opt(dic, "Field delimiter", "space"), "Missing character", "period")
        return dic, make_data(rows, " ", missing=".")
    if name == "period":
        return opt(dic, "Missing character", "period"), make_data(rows, missing=".")
    if name == "quoted-NA":
        return opt(dic, "Missing character", '"NA"'), make_data(rows, missing="NA")
    if name == "header":
        header = list(parse_dictionary(dic).variables)
        return opt(dic, "Variable names included", "true"), make_data(rows, header=header)
    if name == "thousands":
        return opt(dic, "Remove thousands separators", "false"), make_data(_thousands(rows, dic))
    if name == "thousands-quoted-comma":
        dic = opt(
            opt(opt(dic, "Remove thousands separators", "false"), "Field delimiter", "comma"),
            "Fields with delimiter in quotes",
            "true",
        )
        return dic, make_data(
            [
                [None if c is None else (f'"{c}"' if "," in c else c) for c in row]
                for row in _thousands(rows, dic)
            ],
            ",",
        )
    if name == "percents":
        return opt(dic, "RatesDisplayedAs", "Percents"), make_data(_percents(rows, dic))
    if name == "lf":
        return opt(dic, "File format", "UNIX"), make_data(rows, newline="\n")
    if name == "bom":
        return "\ufeff" + dic, b"\xef\xbb\xbf" + make_data(rows)
    if name == "gzip":
        return opt(dic, "GZipped", "true"), gz(make_data(rows))
    if name == "gzip-undeclared":
        return dic, gz(make_data(rows))
    if name == "gzip-declared-plain":
        return opt(dic, "GZipped", "true"), make_data(rows)
    if name == "flags-declared":
        return opt(dic, "Flags included", "true"), make_data(rows)
    if name == "labels":
        return opt(dic, "Variable format", "labels"), make_data(_labels(rows, dic))
    if name == "quotedlabels":
        dic = opt(opt(dic, "Variable format", "quotedlabels"), "Field delimiter", "comma")
        return dic, make_data(_labels(rows, dic), ",", quote=True)
    if name == "utf-16":
        return dic, make_data(rows).decode("utf-8").encode("utf-16")
    raise ValueError(name)


LAYOUTS = (
    "tab",
    "comma",
    "semi-colon",
    "pipe",
    "space-period",
    "period",
    "quoted-NA",
    "header",
    "thousands",
    "thousands-quoted-comma",
    "percents",
    "lf",
    "bom",
    "gzip",
    "gzip-undeclared",
    "gzip-declared-plain",
    "flags-declared",
    "labels",
    "quotedlabels",
    "utf-16",
)
