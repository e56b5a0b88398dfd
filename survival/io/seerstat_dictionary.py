"""SEER*Stat export dictionaries (``.dic``) and the bytes of their data files.

A SEER*Stat export is two files: a dictionary in Windows INI form and a
delimited text file it describes. This module reads the dictionary, turns its
``[Export Options]`` into parsing settings, says which life-page variable is
the interval, a count, a grouping or a statistic.
:mod:`survival.io.seerstat_files` finds and loads the files, and
:mod:`survival.io.seerstat` reads the data.

Option values are those SEER*Stat writes and NCI's readers (the SEER2R and
JPSurv R packages, the JPSurv web tool) understand: ``Field delimiter`` is
``tab``, ``comma``, ``semi-colon``, ``space`` (``pipe`` and any single
character are accepted too); ``Missing character`` is ``space`` or ``period``
(or a literal, possibly quoted, such as ``"NA"``); ``Variable format`` is
``numeric``, ``labels`` or ``quotedlabels``; the yes/no options are ``true``
or ``false``. A key the .dic leaves out takes the value SEER*Stat's own
example export uses: tab, space, no header row, no quotes, separators
removed, no flags, numeric codes, not gzipped, proportions.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import PureWindowsPath
from typing import overload

from survival.errors import SurvivalDataError, shown
from survival.io.text import decode_text

#: The largest dictionary, in bytes, that will be read.
MAX_DICTIONARY_BYTES = 8 * 1024 * 1024

DELIMITERS = {
    "tab": "\t",
    "comma": ",",
    "semi-colon": ";",
    "semicolon": ";",
    "pipe": "|",
    "vertical bar": "|",
    "space": " ",
}
DELIMITER_NAMES = {"\t": "tab", ",": "comma", ";": "semi-colon", "|": "pipe", " ": "space"}
MISSING = {"space": " ", "period": ".", "dot": ".", "blank": "", "empty": "", "none": ""}
LIFE_SECTIONS = ("Life Page", "Period Life Page", "")
COUNTS = {
    "alive": ("aliveatstart", "alive", "numberalive", "aliveatstartofinterval"),
    "died": ("died", "deaths", "dead", "numberdied"),
    "lost": ("losttofollowup", "lost", "lostfollowup", "withdrawn", "censored"),
}
_VAR_NAME = re.compile(r"^Var\d+Name$", re.IGNORECASE)
SAME_EXPORT = "use the .dic exported together with this data file"
MIN_MONTHS, MAX_MONTHS = 1, 1200  # months per interval: a month to a hundred years


@dataclass(frozen=True)
class SeerStatDictionary:
    """A parsed SEER*Stat export dictionary.

    Attributes
    ----------
    sections : dict of str to dict of str to str
        Every ``[Section]`` with its ``key=value`` pairs (values stripped; a
        key written twice keeps its last value).
    variables : tuple of str
        The life-page variables in column order. Order is what counts: real
        dictionaries repeat ``VarNName`` numbers.
    summary_variables : tuple of str
        The summary-page variables in column order; empty when none.
    formats : dict of str to dict of int to str
        Code to label for each variable with a ``[Format=<variable>]`` section,
        keyed by the variable name.
    page_variables : dict of str to tuple of str
        Every ``[<Page type> Variables]`` section by page type (``"Life Page"``,
        ``"Summary Page"``, ...); a plain ``[Variables]`` section is keyed ``""``.
    """

    sections: dict[str, dict[str, str]]
    variables: tuple[str, ...]
    summary_variables: tuple[str, ...]
    formats: dict[str, dict[int, str]]
    page_variables: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: str = "dictionary"

    @overload
    def option(self, section: str, key: str, default: str) -> str: ...

    @overload
    def option(self, section: str, key: str, default: None = None) -> str | None: ...

    def option(self, section: str, key: str, default: str | None = None) -> str | None:
        """Return the value of ``key`` in ``section`` (both case-insensitive), or ``default``."""
        for name, items in self.sections.items():
            if name.casefold() == section.casefold():
                for k, v in items.items():
                    if k.casefold() == key.casefold():
                        return v
        return default

    def _flag(self, key: str, default: bool, section: str = "Export Options") -> bool:
        value = self.option(section, key)
        if value is None:
            return default
        if value.strip().lower() in ("true", "yes", "1"):
            return True
        if value.strip().lower() in ("false", "no", "0"):
            return False
        raise SurvivalDataError(
            f"'{shown(key)}={shown(value)}' is neither true nor false",
            f"file {self.source}, section [{section}]",
            f"write {key}=true or {key}=false",
        )

    @property
    def delimiter(self) -> str:
        """The field delimiter character (``Field delimiter``)."""
        value = self.option("Export Options", "Field delimiter", "tab")
        key = value.strip().lower()
        if key in DELIMITERS:
            return DELIMITERS[key]
        if len(value) == 1:
            return value
        raise SurvivalDataError(
            f"Unknown field delimiter '{shown(value)}'",
            f"file {self.source}, [Export Options] Field delimiter",
            "use tab, comma, semi-colon, pipe or space",
        )

    @property
    def delimiter_name(self) -> str:
        """The delimiter as a word, for messages (``"tab"``, ``"comma"``...)."""
        return DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))

    @property
    def missing(self) -> str:
        """The text of a missing value (``Missing character``): ``" "``, ``"."``..."""
        value = self.option("Export Options", "Missing character", "space")
        if value.strip().lower() in MISSING:
            return MISSING[value.strip().lower()]
        return _unquote(value.strip())

    @property
    def header(self) -> bool:
        """Whether the data file starts with a row of variable names."""
        return self._flag("Variable names included", False)

    @property
    def labels(self) -> bool:
        """Whether the data hold format labels rather than numeric codes."""
        return "label" in (self.option("Export Options", "Variable format", "numeric") or "").lower()

    @property
    def quoted(self) -> bool:
        """Whether fields may be in double quotes (delimiters in quotes, quoted labels)."""
        quotedlabels = (self.option("Export Options", "Variable format") or "").lower() == "quotedlabels"
        return quotedlabels or self._flag("Fields with delimiter in quotes", False)

    @property
    def thousands_separators(self) -> bool:
        """Whether counts may hold thousands separators (``Remove thousands separators=false``)."""
        return not self._flag("Remove thousands separators", True)

    @property
    def flags(self) -> bool:
        """Whether cells may carry SEER*Stat footnote flags (``Flags included``)."""
        return self._flag("Flags included", False)

    @property
    def gzipped(self) -> bool:
        """Whether the .dic declares a gzip-compressed data file."""
        return self._flag("GZipped", False)

    @property
    def percents(self) -> bool:
        """Whether statistics are percents (``RatesDisplayedAs=Percents``)."""
        value = self.option("Session Options", "RatesDisplayedAs", "Proportions") or ""
        return value.strip().lower().startswith("percent")

    @property
    def months_per_interval(self) -> float:
        """Months per life-table interval (``[Session Options] MonthsPerInterval``), 1 to 1200.

        :func:`survival.io.seerstat_intervals.interval_months` also checks it against the
        interval labels.
        """
        value = self.option("Session Options", "MonthsPerInterval")
        try:
            months = float(value) if value is not None else float("nan")
        except ValueError:
            months = float("nan")
        where = f"file {self.source}, section [Session Options]"
        if not (months > 0 and math.isfinite(months)):
            raise SurvivalDataError(
                "The .dic does not say how long an interval is"
                if value is None
                else f"MonthsPerInterval={shown(value)} is not a positive number of months",
                where,
                "add MonthsPerInterval=<months> (12 for yearly intervals) to [Session Options]",
            )
        if not MIN_MONTHS <= months <= MAX_MONTHS:
            raise SurvivalDataError(
                f"MonthsPerInterval={shown(value)} is not a length SEER*Stat gives an interval (from "
                f"{MIN_MONTHS} to {MAX_MONTHS} months)",
                where,
                "set MonthsPerInterval to the months in each interval (12 for yearly intervals), or use "
                "the .dic exported with this data file",
            )
        return months

    @property
    def data_filename(self) -> str | None:
        """The data file's name from ``[System] Output filename``, without folders."""
        value = self.option("System", "Output filename")
        return PureWindowsPath(value.strip()).name if value and value.strip() else None

    @property
    def life_page_label(self) -> str | None:
        """The page type of life-page rows (``"Life Page"``), or None without a Page type."""
        for label in LIFE_SECTIONS:
            if label in self.page_variables:
                return label or None
        return None


def parse_dictionary(text: str | bytes, source: str = "dictionary") -> SeerStatDictionary:
    """Parse the text of a SEER*Stat ``.dic`` file.

    Parameters
    ----------
    text : str or bytes
        The dictionary's content (bytes are decoded as by :func:`decode_text`).
    source : str
        A display name for messages.

    Returns
    -------
    SeerStatDictionary

    Raises
    ------
    SurvivalDataError
        If it is empty, has no life-page variables section, or a format code is
        not a whole number.
    """
    if isinstance(text, (bytes, bytearray)):
        text = decode_text(bytes(text), source)
    if not text.strip("\ufeff \t\r\n"):
        raise SurvivalDataError(
            "The dictionary is empty",
            f"file {source}",
            "upload the .dic file SEER*Stat wrote with the export",
        )
    sections, pages, formats = _read_ini(text.lstrip("\ufeff"), source)
    life = next((pages[label] for label in LIFE_SECTIONS if label in pages), None)
    if not life:
        raise SurvivalDataError(
            "The dictionary has no [Life Page Variables] section listing the data's columns",
            f"file {source}",
            "export the survival session's life tables from SEER*Stat (Matrix > Export) "
            "and upload the .dic written with them",
        )
    period = "Life Page" not in pages and "Period Life Page" in pages
    summary = pages.get("Period Summary Page" if period else "Summary Page", ())
    return SeerStatDictionary(sections, life, summary, formats, pages, source)


def _read_ini(text: str, source: str):
    """Split INI text into sections, page variable lists and formats."""
    sections: dict[str, dict[str, str]] = {}
    pages: dict[str, tuple[str, ...]] = {}
    formats: dict[str, dict[int, str]] = {}
    current = None
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith(";"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            sections.setdefault(current, {})
            continue
        if current is None or "=" not in line:
            continue
        key, value = (part.strip() for part in line.split("=", 1))
        sections[current][key] = value
        if current.lower().endswith("variables") and _VAR_NAME.match(key):
            label = current[: -len("variables")].strip()
            pages[label] = pages.get(label, ()) + (_unquote(value),)
        elif current.lower().startswith("format="):
            codes = formats.setdefault(current.split("=", 1)[1].strip(), {})
            codes[_code(key, source, number)] = _unquote(value)
    return sections, pages, formats


def _code(key: str, source: str, line: int) -> int:
    try:
        return int(key)
    except ValueError:
        raise SurvivalDataError(
            f"The format code '{shown(key)}' is not a whole number",
            f"file {source}, line {line}",
            "format sections must read <code>=<label>, e.g. 0=Localized",
        ) from None


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def norm(name: str) -> str:
    """A variable name compared loosely: stripped, unquoted, case-folded, single-spaced."""
    return " ".join(name.strip().strip('"').casefold().split())


def snake_case(name: str) -> str:
    """Name a statistic in snake case without the word 'survival'.

    ``"Observed SE (Cum)"`` becomes ``"observed_se_cum"``, ``"Relative Survival (Interval)"``
    becomes ``"relative_interval"``.
    """
    words = re.findall(r"[a-z0-9]+", name.lower())
    return "_".join([w for w in words if w != "survival"] or words)


def _count_key(name: str) -> str | None:
    flat = re.sub(r"[^a-z]", "", name.lower())
    return next((key for key, names in COUNTS.items() if flat in names), None)


def roles(d: SeerStatDictionary) -> tuple[int, dict[str, int], list[int], dict[int, str]]:
    """Classify the life-page variables: interval, counts, groups and statistics."""
    names = d.variables
    loose = [norm(v) for v in names]
    if "interval" not in loose:
        raise SurvivalDataError(
            "The .dic's life-page variables have no 'Interval' column",
            f"file {d.source}",
            "export a survival session's life pages, which list Interval",
        )
    interval = loose.index("interval")
    counts: dict[str, int] = {}
    for i, v in enumerate(names):
        if (key := _count_key(v)) and counts.setdefault(key, i) != i:
            raise SurvivalDataError(
                f"The .dic lists two '{key}' count columns", f"file {d.source}", SAME_EXPORT
            )
    if len(counts) < 3:
        absent = ", ".join(
            f"'{n}'"
            for n, k in zip(("Alive at Start", "Died", "Lost to Followup"), COUNTS)
            if k not in counts
        )
        raise SurvivalDataError(
            f"The .dic's life-page variables have no {absent} column",
            f"file {d.source}",
            "export the life pages with the counts (alive at start, died, lost)",
        )
    skip = {interval, *counts.values()} | {i for i, v in enumerate(loose) if v == "page type"}
    groups = [i for i, v in enumerate(names) if i not in skip and (v in d.formats or i < interval)]
    stats = {i: snake_case(names[i]) for i in range(len(names)) if i not in skip and i not in groups}
    labels = [names[i] for i in groups] + list(stats.values())
    fixed = {"interval", "interval_label", "interval_start", "interval_end", *COUNTS}
    if dupes := sorted({x for x in labels if labels.count(x) > 1 or x in fixed}):
        raise SurvivalDataError(
            f"The .dic names more than one column '{shown(dupes[0])}'", f"file {d.source}", SAME_EXPORT
        )
    return interval, counts, groups, stats
