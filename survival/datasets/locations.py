"""Where the bundled tables live and where their raw sources are looked for."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path


def data_dir() -> Path:
    """Where the bundled tables live: ``$SURVIVAL_DATA_DIR``, or the package's own ``data/``."""
    override = os.environ.get("SURVIVAL_DATA_DIR")
    return Path(override) if override else Path(str(files("survival") / "data"))


def shared_dir() -> Path:
    """Where the raw sources are looked for: ``$SURVIVAL_SHARED_DIR`` or ``../shared/data`` of the project."""
    override = os.environ.get("SURVIVAL_SHARED_DIR")
    return Path(override) if override else Path.cwd().resolve().parent / "shared" / "data"
