"""The app's reading of a large upload, its time and memory: ``python -m benchmarks.upload``.

A fresh driver process holds a file's bytes as Streamlit holds an upload,
then reads it as the "Your own data" page does
(:func:`ui.upload_read.read_elsewhere`: the bytes pickled into a worker
process's pipe, the worker reading the rows a piece at a time). Measured:
seconds from the call to the counts, the driver's memory beyond the upload
it already held (its peak resident memory less its memory before the
call), and the worker's peak resident memory (``VmHWM``, read from
``/proc`` every 5 ms while it runs). The goal: the server's copy of the
upload, its extra memory and the worker's peak together within 3x the
file's size.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from benchmarks.reading import write_rows

ROOT = Path(__file__).resolve().parents[1]


def _status_mib(pid: int | str, field: str) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise KeyError(field)


def drive(path: str) -> dict:
    """In a fresh process: hold the file's bytes, read them as the app does; seconds and MiB."""
    from ui.upload_read import Upload, read_elsewhere

    data = Path(path).read_bytes()
    key = Upload("individual", (Path(path).name,), ("benchmark",), "duration", "event", ("stage",), "days")
    before = _status_mib("self", "VmRSS")
    worker_peak = [0.0]
    running = threading.Event()
    running.set()

    def watch() -> None:
        me = psutil.Process()
        while running.is_set():
            for child in me.children():
                try:
                    worker_peak[0] = max(worker_peak[0], _status_mib(child.pid, "VmHWM"))
                except (OSError, KeyError):
                    pass
            time.sleep(0.005)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    start = time.perf_counter()
    counts, _ = read_elsewhere(key, (data,))
    seconds = time.perf_counter() - start
    running.clear()
    watcher.join()
    return {
        "seconds": seconds,
        "file_mib": len(data) / 2**20,
        "rows": int(counts.n_rows),
        "server_extra_mib": _status_mib("self", "VmHWM") - before,
        "worker_peak_mib": worker_peak[0],
    }


def run(quick: bool = False) -> tuple[str, list]:
    """The section as Markdown, and its goal."""
    rows = 10**6 if quick else 21 * 10**6  # 21 million rows of whole days: just under the 200 MB limit
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.csv"
        write_rows(path, rows, "int")
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.upload", "--drive", str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    got = json.loads(done.stdout.strip().splitlines()[-1])
    total = got["file_mib"] + got["server_extra_mib"] + got["worker_peak_mib"]
    ratio = total / got["file_mib"]
    text = "\n".join(
        [
            "### The app reading a large upload",
            "",
            "A CSV of one row per person (duration in days, event, stage) read as the \u201cYour own "
            "data\u201d page reads it: pickled into a worker process's pipe, read there a piece at a "
            "time. The server already holds the upload (Streamlit keeps it in memory); its extra memory "
            "is its peak less its memory before the read. One run in a fresh process.",
            "",
            "| file | rows | seconds | server's extra MiB | worker's peak MiB | all memory / file |",
            "| ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| {got['file_mib']:,.0f} MiB | {got['rows']:,} | {got['seconds']:.1f} "
            f"| {got['server_extra_mib']:,.0f} | {got['worker_peak_mib']:,.0f} | {ratio:.2f}x |",
        ]
    )
    return text, [("app upload: server's copy, its extra and the worker's peak, to the file", ratio, 3.0)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a 1-million-row file (a smoke run)")
    parser.add_argument("--drive", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.drive:
        print(json.dumps(drive(args.drive)))
        return
    from benchmarks.paths import goals_section

    text, goals = run(quick=args.quick)
    print(text + "\n\n" + goals_section(goals))


if __name__ == "__main__":
    main()
