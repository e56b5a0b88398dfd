"""Checks every bundled dataset's test shares: a fresh build equals the committed files, cell for cell."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
from shared_data import shared_file

from survival.datasets.catalogue import data_dir


def assert_same_tables(rebuilt: Path, name: str, files: tuple[str, ...]) -> None:
    """Each CSV of a fresh build equals the committed one (as text, cell for cell)."""
    for file in files:
        fresh = pd.read_csv(rebuilt / file, keep_default_na=False, dtype=str)
        committed = pd.read_csv(data_dir() / name / file, keep_default_na=False, dtype=str)
        pd.testing.assert_frame_equal(fresh, committed, obj=file)


def assert_same_provenance(rebuilt: Path, name: str, folder: str) -> dict:
    """The fresh provenance equals the committed one, and its checksums are the source's SHA256SUMS."""
    fresh = json.loads((rebuilt / "provenance.json").read_text())
    committed = json.loads((data_dir() / name / "provenance.json").read_text())
    assert fresh == committed
    for file, digest in committed["source_files"].items():
        sums = [p for p in shared_file(folder, "SHA256SUMS").parent.parent.glob("*/SHA256SUMS")]
        assert any(f"{digest}  {file}" in p.read_text() for p in sums), file
    return committed


def readme_citation(folder: str) -> str:
    """The "Cite as:" paragraph of a source folder's README, without Markdown code marks."""
    text = shared_file(folder, "README.md").read_text()
    found = re.search(r"Cite as:(.*?)\n\n", text, re.S)
    assert found, folder
    return " ".join(found.group(1).replace("`", "").split())
