"""A CSV file of individual rows counted part by part, so that its size is bounded by the disk, not memory.

:func:`read_individual_chunks` reads about 8 MB of rows at a time with
pandas' parser (:func:`survival.io.csv_numbers.read_numbers_chunks`), counts each
part into deaths and censorings per group and time, and adds the parts'
counts up as it goes. Memory then grows with the number of distinct
(group, time) pairs, not with the rows: whole days over 20 years are at
most 7,305 times per group, whatever the number of people. The result, its
warnings and its messages are those of
:func:`survival.io.individual.read_individual_csv` on the whole file: a part
whose cells are not all valid numbers is read as text cells, with each
row's number in the file, so the message names the same row.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from survival.errors import SurvivalDataError
from survival.io.csv_cells import ROW
from survival.io.csv_numbers import read_numbers_chunks
from survival.io.individual import EventCounts, count_rows, plain_numbers, read_individual_csv, warn_fragile
from survival.io.row_counts import check_group_count
from survival.io.text import MAX_CSV_BYTES, file_size

CHUNK_BYTES = 8 << 20  # about 850,000 rows of a duration, an event and a group
MERGE_EVERY = 4  # parts' counts added up at least this often, so that they never pile up


def read_individual_chunks(
    path,
    *,
    duration: str = "duration",
    event: str = "event",
    group: str | Sequence[str] | None = None,
    time_unit: str = "years",
    size: int = CHUNK_BYTES,
    reread_up_to: int = MAX_CSV_BYTES,
    name: str = "",
    whole_up_to: int | None = None,
) -> EventCounts:
    """Read a CSV file of individual rows into :class:`EventCounts`, about ``size`` bytes at a time.

    Parameters are as for :func:`survival.io.individual.read_individual_csv`
    (``path`` a file path, or an upload's bytes held in memory, which are
    read in place and named ``name`` in messages); the file may be larger than
    :data:`~survival.io.text.MAX_CSV_BYTES` when it is a plain CSV file
    (UTF-8, LF or CRLF line ends, a header row first without quotes).
    Other files are read whole, as ``read_individual_csv`` reads them.
    When a part holds a problem, a file of at most ``reread_up_to`` bytes
    is read whole again to say what is wrong, as for any file (some advice
    looks at a whole column: an event column of only 1s and 2s); a larger
    one is explained from the part, naming the same row. With
    ``whole_up_to``, a file that is not plain and larger than that is refused
    rather than read whole (reading cell by cell takes several times the
    file's size in memory).

    Raises
    ------
    SurvivalDataError
        As ``read_individual_csv`` does, naming the same row.
    """
    in_memory = isinstance(path, bytes)
    if not in_memory:
        path = Path(path)
    name = name or ("the file" if in_memory else path.name)
    file_bytes = len(path) if in_memory else file_size(path)
    groups = [group] if isinstance(group, str) else [str(g) for g in group or []]

    def whole() -> EventCounts:
        if whole_up_to is not None and file_bytes > whole_up_to:
            raise SurvivalDataError(
                f"A file over {whole_up_to / 2**20:.0f} MB is read a piece at a time, and this one is not a "
                "plain CSV file (UTF-8 text, a header row first with no quotes, lines ending in LF or CRLF)",
                name,
                "save it again as CSV UTF-8 (comma-separated), or make it smaller",
            )
        return read_individual_csv(
            path, duration=duration, event=event, group=group, time_unit=time_unit, name=name
        )

    chunks = read_numbers_chunks(path, groups, size, name)
    if chunks is None:
        return whole()
    parts: list[pd.DataFrame] = []
    people = pending = 0
    columns: tuple[str, ...] = ()
    try:
        for part in chunks:
            chunk = _without_blank_rows(part.frame, duration)
            if not plain_numbers(chunk, duration, event, time_unit):
                chunk = part.cells()  # so that a message quotes the cell as written, as for the whole file
            del part  # one part in memory at a time
            if len(chunk) == 0:
                continue
            counts = count_rows(chunk, duration, event, groups, time_unit, name)
            parts.append(counts.frame)
            columns, people, pending = (
                counts.group_columns,
                people + counts.n_rows,
                pending + len(counts.frame),
            )
            if (pending > 4 * len(chunk) or len(parts) > MERGE_EVERY) and len(parts) > 1:
                parts = [_add_up(parts, columns)]
                pending = len(parts[0])
            del chunk, counts
    except ValueError as err:  # SurvivalDataError too
        if file_bytes <= reread_up_to:
            return whole()
        if isinstance(err, SurvivalDataError):
            raise
        raise SurvivalDataError(
            "Part of the file is not plain text: a byte that is not UTF-8, a NUL byte or a line ending in "
            "CR alone",
            name,
            "save the file again as CSV UTF-8",
        ) from None
    if not parts:
        return whole()  # no data rows: said as for any file
    frame = _add_up(parts, columns)
    if columns:
        check_group_count(len(frame.drop_duplicates(list(columns))), list(columns), name)
    counts = EventCounts(frame, columns, name, people)
    warn_fragile(counts, time_unit)
    return counts


def _without_blank_rows(chunk: pd.DataFrame, duration: str) -> pd.DataFrame:
    """The rows that are not blank (every cell empty), as the whole-file read drops them."""
    own = {str(c).lower(): c for c in chunk.columns}
    column = own.get(duration.lower())
    if column is not None and not chunk[column].isna().any():
        return chunk
    blank = chunk.drop(columns=ROW).isna().all(axis=1).to_numpy()
    return chunk[~blank] if blank.any() else chunk


def _add_up(parts: list[pd.DataFrame], columns: tuple[str, ...]) -> pd.DataFrame:
    """The parts' counts added up per group and time, sorted by group labels then time."""
    frame = pd.concat(parts, ignore_index=True)
    keys = list(columns) + ["time"]
    summed = frame.groupby(keys, sort=True)[["died", "censored"]].sum().reset_index()
    for column in ("died", "censored"):
        summed[column] = summed[column].astype(np.int64)
    return summed
