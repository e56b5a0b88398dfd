"""The real data beside the project (``../shared/data``): found, or the test skips; never silently in CI.

Tests that read ``../shared`` call :func:`shared_file` (or :func:`require_shared`).
On a developer's machine without ``../shared`` they skip; when the ``CI``
environment variable is set (CI always has ``../shared``) a missing file fails
the test instead, so reference tests cannot vanish unnoticed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


def require_shared(path: Path, what: str = "") -> Path:
    """``path`` if it exists; otherwise fail under CI and skip elsewhere."""
    if path.exists():
        return path
    message = f"{what or path.name} is not present at {path} (../shared/data)"
    if os.environ.get("CI"):
        pytest.fail(f"{message}, and CI must have it")
    pytest.skip(message)


def shared_file(*parts: str) -> Path:
    """A file under ``../shared/data``, e.g. ``shared_file("slovenia-colorectal", "colrec.csv")``."""
    return require_shared(SHARED_DATA.joinpath(*parts))
