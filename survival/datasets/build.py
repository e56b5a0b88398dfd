"""Writing a bundled dataset's folder: its derived tables, then provenance with source checksums.

Every builder (:mod:`survival.datasets.seer_breast`, ...) reads its raw
source from ``../shared/data/<id>/``, derives the tables with
:func:`survival.datasets.derive.derive_tables` (or its own code, for records),
and hands them here. Output is deterministic: floats with 10 significant
digits, LF line ends, keys in a fixed order, so a rebuild equals the
committed files byte for byte.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from survival.datasets.description import Description
from survival.errors import SurvivalDataError

CHECKSUMS = "SHA256SUMS"


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote: the directory, the files and their row counts."""

    out_dir: Path
    rows: dict[str, int]


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def checked_sources(folder: Path, names: Iterable[str]) -> list[Path]:
    """The files ``names`` of ``folder``, each checked against the folder's ``SHA256SUMS``.

    Raises
    ------
    SurvivalDataError
        When a file or ``SHA256SUMS`` is missing, or a file's checksum differs from the listed one.
    """
    folder = Path(folder)
    sums_path = folder / CHECKSUMS
    if not sums_path.is_file():
        raise SurvivalDataError(
            f"The source folder has no {CHECKSUMS}",
            str(folder),
            f"use the folder as published, with its {CHECKSUMS} (see ../shared/data/README.md)",
        )
    listed = {}
    for line in sums_path.read_text().splitlines():
        if line.strip():
            digest, _, name = line.strip().partition("  ")
            listed[name.lstrip("*")] = digest
    paths = []
    for name in names:
        path = folder / name
        if not path.is_file() or name not in listed:
            raise SurvivalDataError(
                f"The source file {name} is missing or not listed in {CHECKSUMS}",
                str(folder),
                f"use the folder as published, with {name} and its {CHECKSUMS}",
            )
        if sha256(path) != listed[name]:
            raise SurvivalDataError(
                f"The source file {name} differs from the one its {CHECKSUMS} lists",
                str(path),
                "restore the published file; the bundled tables are built only from checked sources",
            )
        paths.append(path)
    return paths


def write_tables(out_dir: Path, tables: Iterable[tuple[str, pd.DataFrame]]) -> dict[str, int]:
    """Write each ``(file name, frame)`` as CSV in ``out_dir``; the row count of each."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = {}
    for name, frame in tables:
        frame.to_csv(out_dir / name, index=False, float_format="%.10g", lineterminator="\n")
        rows[name] = int(len(frame))
    return rows


def write_provenance(
    out_dir: Path, description: Description, sources: Iterable[Path], rows: dict[str, int], **details: object
) -> Mapping:
    """Write ``provenance.json``: the dataset, its citation, the sources' checksums, the files."""
    provenance = {
        "dataset": description.id,
        "title": description.title,
        "citation": description.citation,
        "source_files": {p.name: sha256(p) for p in sources},
        **details,
        "built_by": "survival-explorer build-data",
        "files": rows,
    }
    (out_dir / "provenance.json").write_text(json.dumps(provenance, indent=2) + "\n")
    return provenance
