"""The ``build-data`` and ``app`` commands: rebuild the bundled tables; start the Streamlit app."""

from __future__ import annotations

import os
import subprocess
import sys
from argparse import Namespace
from importlib.resources import files
from pathlib import Path

from survival.datasets.catalogue import POPULATION_PREFIX, build_dataset, buildable
from survival.errors import SurvivalDataError

#: glibc's malloc keeps two heaps, not eight per core, so memory freed after a busy spell goes back.
APP_ENVIRONMENT = {"MALLOC_ARENA_MAX": "2"}


def run_build(args: Namespace) -> str:
    """Rebuild bundled datasets' tables from their raw sources (``../shared/data/<id>``)."""
    names = [args.dataset] if args.dataset else buildable()
    if args.source is not None and len(names) != 1:
        raise SurvivalDataError(
            "--source names the source of one dataset",
            "the --source option",
            "add --dataset, e.g. --dataset seer-breast",
        )
    lines = []
    for name in names:
        out = args.out / _folder(name) if args.out is not None and len(names) > 1 else args.out
        report = build_dataset(name, args.source, out)
        rows = ", ".join(f"{file}: {n} rows" for file, n in report.rows.items())
        lines.append(f"Wrote {report.out_dir} ({rows}).")
    return "\n".join(lines)


def _folder(name: str) -> Path:
    """Where a buildable id goes under an output folder: ``population:us`` -> ``populations/us``."""
    if name.startswith(POPULATION_PREFIX):
        return Path("populations") / name[len(POPULATION_PREFIX) :]
    return Path(name)


def app_script() -> Path:
    """The Streamlit router of the installed app (``ui/app.py``)."""
    return Path(str(files("ui") / "app.py"))


def app_command(extra: list[str]) -> list[str]:
    """The command that starts the app: ``streamlit run`` on the router, with the app's settings."""
    from ui.settings import streamlit_flags

    return [sys.executable, "-m", "streamlit", "run", str(app_script()), *streamlit_flags(), *extra]


def run_app(args: Namespace) -> str:
    """Start the Streamlit app from the installed package and wait until it stops."""
    try:
        command = app_command(list(args.streamlit_args))
    except ImportError:
        raise SurvivalDataError(
            "The app is not installed with this package",
            "survival-explorer app",
            "install the project with pip install . (it ships the app)",
        ) from None
    env = {**os.environ, **APP_ENVIRONMENT}
    try:
        subprocess.run(command, env=env, check=False)
    except KeyboardInterrupt:
        pass
    return ""
