"""The command line drawing a chart, as a whole process: ``python -m benchmarks.commands``.

``survival-explorer plot --dataset seer-breast --stage distant --kind curve -o FILE.png``
(the bundled table read, the curves estimated and drawn with their risk table,
a 300-dpi PNG written) beside the floor: a matplotlib script that draws one
step curve and writes a PNG of the same size in pixels at the same 300 dpi.
Each command runs in a fresh process (imports included); the least seconds
of interleaved runs, and the peak resident memory (GNU time's maximum RSS).
"""

from __future__ import annotations

import argparse
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = "from survival.cli.parser import main; raise SystemExit(main())"
FLOOR = """import sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
width, height, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
fig, ax = plt.subplots(figsize=(width / 300, height / 300))
ax.step(range(11), [1 - 0.07 * i for i in range(11)], where="post")
fig.savefig(out, dpi=300)
"""


def png_size(path: Path) -> tuple[int, int]:
    """Width and height in pixels, from the PNG's header."""
    with open(path, "rb") as png:
        header = png.read(24)
    return struct.unpack(">II", header[16:24])


def timed(command: list[str]) -> tuple[float, float]:
    """Seconds and peak resident memory (MiB) of a whole process, under GNU time."""
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *command], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return time.perf_counter() - start, int(done.stderr.strip().splitlines()[-1]) / 1024


def run(repeats: int = 5) -> tuple[str, list]:
    """The section as Markdown, and its goal."""
    with tempfile.TemporaryDirectory() as folder:
        ours = Path(folder) / "curve.png"
        project = [sys.executable, "-c", CLI, "plot", "--dataset", "seer-breast", "--stage", "distant"]
        project += ["--kind", "curve", "-o", str(ours)]
        timed(project)  # once, for the PNG's size (and the disk cache)
        width, height = png_size(ours)
        floor = [sys.executable, "-c", FLOOR, str(width), str(height), str(Path(folder) / "floor.png")]
        runs: dict[str, list[tuple[float, float]]] = {"project": [], "floor": []}
        for _ in range(repeats):
            runs["project"].append(timed(project))
            runs["floor"].append(timed(floor))
    seconds = {k: min(r[0] for r in v) for k, v in runs.items()}
    memory = {k: min(r[1] for r in v) for k, v in runs.items()}
    ratio = seconds["project"] / seconds["floor"]
    text = "\n".join(
        [
            "### The command line drawing a chart",
            "",
            f"Least seconds of {repeats} interleaved runs, each a fresh process (imports included), and its "
            f"peak resident memory. The floor draws one step curve with matplotlib and writes a PNG of the "
            f"same size ({width} x {height} pixels, 300 dpi).",
            "",
            "| command | seconds | to the floor | peak MiB |",
            "| --- | ---: | ---: | ---: |",
            f"| `survival-explorer plot --dataset seer-breast --stage distant --kind curve -o curve.png` "
            f"| {seconds['project']:.2f} | {ratio:.2f}x | {memory['project']:.0f} |",
            f"| matplotlib floor, the same PNG size | {seconds['floor']:.2f} | 1.00x "
            f"| {memory['floor']:.0f} |",
        ]
    )
    return text, [("CLI plot --kind curve: within 1.3x of the matplotlib floor", ratio, 1.3)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    from benchmarks.paths import goals_section

    text, goals = run(args.repeats)
    print(text + "\n\n" + goals_section(goals))


if __name__ == "__main__":
    main()
