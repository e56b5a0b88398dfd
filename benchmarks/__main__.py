"""Run every benchmark and rewrite ``benchmarks/RESULTS.md``: ``python -m benchmarks``.

The parts run one after another, never side by side, so they do not slow
each other down: scale (Kaplan-Meier, log-rank and life tables against
lifelines, scikit-survival and a numpy floor), paths (grouped Kaplan-Meier,
reading files, the command line as a process, log-rank, each beside the
fastest honest numpy or pandas implementation of the same work), app (AppTest reruns and the
browser's time to the first chart) and load (concurrent browser sessions).
``--quick`` is a smoke run with small sizes and short sessions; its figures
are not for the results file, so it prints instead of writing unless
``--output`` is given.
"""

from __future__ import annotations

import argparse
import datetime
import platform
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"


def _chromium_version() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return "not installed"
    return out.stdout.strip() or "unknown"


def header(command: str) -> str:
    """Title, date, machine and the command that regenerates the file."""
    import os

    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return "\n".join(
        [
            "# Benchmark results",
            "",
            f"Measured {datetime.date.today():%Y-%m-%d} on {platform.machine()} Linux, "
            f"{os.cpu_count()} cores, {memory:.0f} GiB memory, Python {platform.python_version()}, "
            f"{_chromium_version()}.",
            "",
            f"Regenerate everything with `{command}` (about 15 minutes; each part also runs alone: "
            "`python -m benchmarks.scale`, `python -m benchmarks.paths`, `python -m benchmarks.app`, "
            "`python -m benchmarks.load`). "
            "Performance goals live here, never in timed tests.",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes and short sessions (smoke run)")
    parser.add_argument("--no-browser", action="store_true", help="skip everything that needs Chromium")
    parser.add_argument(
        "--output",
        type=Path,
        help=f"where to write (default {RESULTS.name}; with --quick, print unless given)",
    )
    args = parser.parse_args(argv)

    from benchmarks import app, load, paths, scale

    command = (
        "python -m benchmarks"
        + (" --quick" if args.quick else "")
        + (" --no-browser" if args.no_browser else "")
    )
    parts = [
        header(command),
        "## Scale: survival curves and tests on many rows",
        scale.run(quick=args.quick),
        "## The paths users take: grouped curves, files, the command line",
        paths.run(quick=args.quick),
        "## The app",
        app.run(repeats=1 if args.quick else 3, browser=not args.no_browser),
    ]
    if not args.no_browser:
        load_args = dict(sessions=3, duration=15.0, idle=5.0, upload_mb=1.0) if args.quick else {}
        parts += ["## Load: concurrent browser sessions", load.run(**load_args)]
    text = "\n\n".join(part.strip() for part in parts) + "\n"
    output = args.output or (None if args.quick else RESULTS)
    if output is None:
        print(text)
    else:
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output}", file=sys.stderr)


if __name__ == "__main__":
    main()
