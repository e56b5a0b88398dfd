"""One entry point for the three input kinds: SEER*Stat exports, life-table CSVs, individual rows."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from survival.errors import SurvivalDataError
from survival.io.csv_cells import header_cells
from survival.io.lifetable_csv import LIFETABLE_SIGNATURE, refuse_mixed_kinds
from survival.io.seerstat import SeerStatExport, read_seerstat
from survival.io.seerstat_dictionary import SeerStatDictionary, roles
from survival.io.text import decode_text, file_size
from survival.tables.lifetable import LifeTable, lifetable_from_frame, resolve_columns, warn_if_fragile

KINDS = ("seerstat", "lifetable", "individual")


HEAD_BYTES = 65536  # enough for a header row


def _head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` bytes of a file (enough for its header row); a folder or a pipe is named as such."""
    file_size(path)
    with open(path, "rb") as handle:
        return handle.read(size)


def _head_text(head: bytes, name: str) -> str:
    """The first bytes of a file as text; a head cut from a longer file may end inside a
    character, so up to 3 bytes are dropped."""
    if len(head) == HEAD_BYTES:
        for _ in range(3):
            try:
                return decode_text(head, name)
            except SurvivalDataError:
                head = head[:-1]
    return decode_text(head, name)


def lifetable_from_seerstat(export: SeerStatExport) -> LifeTable:
    """The life pages of a SEER*Stat export as a validated :class:`LifeTable`.

    Expected interval survival is carried when the export has it.
    """
    groups = list(export.group_columns)
    columns = groups + ["interval_start", "interval_end", "alive", "died", "lost"]
    frame = export.life[columns + [c for c in ("_row",) if c in export.life.columns]].copy()
    if "expected_interval" in export.life.columns:
        frame["expected"] = export.life["expected_interval"].to_numpy()
    data_name = export.dictionary.data_filename or export.source
    try:
        return lifetable_from_frame(frame, groups, source=f"file {data_name}")
    except SurvivalDataError as err:
        raise _in_dic_names(err, export.dictionary) from None


def _in_dic_names(err: SurvivalDataError, d: SeerStatDictionary) -> SurvivalDataError:
    """The same error, naming columns (in quotes) as the .dic does rather than as the life table does."""
    interval, counts, _, stats = roles(d)
    names = {key: d.variables[i] for key, i in counts.items()}
    names["expected"] = next(
        (d.variables[i] for i, s in stats.items() if s == "expected_interval"), "expected"
    )
    names["interval_start"] = names["interval_end"] = d.variables[interval]
    parts = [err.what, err.where or "", err.fix or ""]
    for ours, theirs in names.items():
        parts = [part.replace(f"'{ours}'", f"'{theirs}'") for part in parts]
    what, where, fix = parts
    for ours, theirs in _DIC_FIXES:
        fix = fix.replace(ours, theirs)
    return SurvivalDataError(what, where, fix)


#: Advice on a life table's columns, as it reads for a SEER*Stat export (whose columns the .dic names).
_DIC_FIXES = (
    ("check which column holds which", "check their order in the .dic's [Life Page Variables]"),
    (
        "rename the column,",
        "rename the variable in the .dic's [Life Page Variables] (and its [Format=...] section),",
    ),
)


def detect_kind(path: str | Path, *, duration: str = "duration", event: str = "event") -> str:
    """Guess the input kind of a file: ``.dic`` -> seerstat; else by the CSV header.

    A header with both the life-table columns and the ``duration`` and
    ``event`` columns of individual rows is refused as ambiguous.
    """
    path = Path(path)
    if path.suffix.lower() == ".dic":
        file_size(path)
        return "seerstat"
    name = path.name
    cells = header_cells(_head_text(_head(path), name), name)
    header = {cell.lower() for cell in cells}
    if not header:
        raise SurvivalDataError("The file is empty", name, "choose a file with a header row and data rows")
    refuse_mixed_kinds(cells, name, duration, event)
    lifetable = set(LIFETABLE_SIGNATURE) <= header
    if lifetable:
        return "lifetable"
    if duration.lower() in header:
        return "individual"
    raise SurvivalDataError(
        "The file is neither a life table nor a table of individual rows",
        name,
        "a life table has columns interval_start, interval_end, alive, died, lost; individual "
        "rows have columns duration and event (choose other names with --duration and --event); "
        "for a SEER*Stat export, give its .dic file",
    )


def read_seerstat_lifetable(
    dic, data=None, *, name: str | None = None, by: Sequence[str] | None = None
) -> LifeTable:
    """Read a SEER*Stat export's life pages, optionally pooled to the ``by`` columns."""
    table = lifetable_from_seerstat(read_seerstat(dic, data, name=name))
    if by is not None:
        table = table.pool(resolve_columns(table.group_columns, by, table.source))
    warn_if_fragile(table)
    return table
