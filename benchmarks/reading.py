"""Reading individual-row CSV files, and the CLI as a whole process: ``python -m benchmarks.reading``.

* Each way of reading a 5e6-row file in a fresh process, time and peak
  memory: the project whole (:func:`survival.read_individual_csv`) and in
  parts (:func:`survival.io.individual_chunks.read_individual_chunks`), cell
  by cell (the route for files that are not plain), and the floor:
  ``pd.read_csv`` (the group column as a category) then the same table of
  counts per group and time, by :func:`benchmarks.paths.floor_counts`.
* The CLI as a whole process (``survival-explorer lifetable FILE``, 2e6
  rows) beside a script that reads the file with pandas and prints the same
  life table computed in numpy; and files of 5e6 and 5e7 rows read in parts
  (peak memory).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.paths import LAST_DAY, SEED, floor_counts, goals_section

ROOT = Path(__file__).resolve().parents[1]


# --- reading files, each way in a fresh process ------------------------------------------


def write_rows(path: Path, n: int, kind: str, block: int = 5_000_000) -> None:
    """A CSV of ``n`` individual rows (duration, event, stage), written in blocks."""
    rng = np.random.default_rng(SEED)
    stages = np.array(["I", "II", "III", "IV"])
    with open(path, "w") as out:
        out.write("duration,event,stage\n")
        for start in range(0, n, block):
            m = min(block, n - start)
            t = rng.integers(0, LAST_DAY + 1, m) if kind == "int" else np.round(rng.uniform(0, 240, m), 2)
            part = pd.DataFrame(
                {"d": t, "e": (rng.random(m) >= 0.4).astype(int), "s": stages[rng.integers(0, 4, m)]}
            )
            part.to_csv(out, header=False, index=False)


def read_worker(method: str, path: str, unit: str) -> dict:
    """Read ``path`` one way in this (fresh) process: seconds and peak resident memory (MB)."""
    import survival  # noqa: F401 - imported before the clock starts, as pandas is
    from survival.io.csv_cells import read_csv_cells
    from survival.io.individual import counts_from_frame, read_individual_csv
    from survival.io.individual_chunks import read_individual_chunks

    def floor():  # the same counts table, from pandas' frame
        frame = pd.read_csv(path, dtype={"stage": "category"}).rename(columns={"stage": "group"})
        labels, group, time, died, people = floor_counts(frame)
        columns = {"stage": np.asarray(labels)[group], "time": time, "died": died.astype(np.int64)}
        return pd.DataFrame(columns | {"censored": (people - died).astype(np.int64)})

    ways = {
        "project, whole file": lambda: read_individual_csv(path, group="stage", time_unit=unit),
        "project, in parts": lambda: read_individual_chunks(path, group="stage", time_unit=unit),
        "cell by cell": lambda: counts_from_frame(read_csv_cells(path)[0], group="stage", time_unit=unit),
        "pandas floor": floor,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        ways[method]()
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": _peak_mb()}


def _peak_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise KeyError("VmHWM")


def in_process(method: str, path: Path, unit: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.reading", "--read-worker", method, str(path), unit],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def reading_section(folder: Path, n: int, repeats: int) -> tuple[str, list]:
    rows, goals = [], []
    for kind, unit in (("int", "days"), ("float", "months")):
        path = folder / f"rows_{kind}.csv"
        write_rows(path, n, kind)
        size = path.stat().st_size / 2**20
        results: dict[str, list] = {}
        for _ in range(repeats):
            for method in ("project, whole file", "project, in parts", "pandas floor", "cell by cell"):
                results.setdefault(method, []).append(in_process(method, path, unit))
        floor = min(r["seconds"] for r in results["pandas floor"])
        floor_mb = statistics.median(r["peak_mb"] for r in results["pandas floor"])
        for method, runs in results.items():
            seconds = min(r["seconds"] for r in runs)
            peak = statistics.median(r["peak_mb"] for r in runs)
            rows.append(
                f"| {kind} ({size:.0f} MiB) | {method} | {seconds:.2f} | {seconds / floor:.2f}x "
                f"| {peak:,.0f} | {peak / floor_mb:.2f}x |"
            )
            if method.startswith("project"):
                goals.append(
                    (
                        f"read {n:.0e} rows ({kind}), {method}: time within 1.2x of pandas",
                        seconds / floor,
                        1.2,
                    )
                )
                goals.append(
                    (
                        f"read {n:.0e} rows ({kind}), {method}: memory within 1.5x of pandas",
                        peak / floor_mb,
                        1.5,
                    )
                )
    head = [
        f"### Reading a CSV file of {n:.0e} individual rows",
        "",
        "Each way once per round in a fresh process: the least seconds from the call to the counts, and the "
        "median of the process's peak resident memory (VmHWM, Python and the imports included). Whole "
        "days, or "
        "months with two decimals.",
        "",
        "| file | way | seconds | to pandas | peak MiB | to pandas |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    return "\n".join(head + rows), goals


# --- the command line as a whole process -----------------------------------------------

#: Prints the process's peak resident memory (VmHWM, kB) as its last line on stderr when it exits.
PEAK = (
    "import atexit, sys\n"
    "atexit.register(lambda: print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0], "
    "file=sys.stderr))\n"
)
CLI = PEAK + "from survival.cli import main; sys.exit(main())"
#: The same life table (1-year intervals, by stage, from whole days) read by pandas and computed in numpy.
FLOOR_SCRIPT = (
    PEAK
    + """
import sys
import numpy as np
import pandas as pd
frame = pd.read_csv(sys.argv[1], dtype={"stage": "category"})
codes = frame["stage"].cat.codes.to_numpy()
k, interval = len(frame["stage"].cat.categories), (frame["duration"].to_numpy() // 365.25).astype(np.int64)
width = interval.max() + 1
key = codes * width + interval
died = np.bincount(key, weights=frame["event"].to_numpy(), minlength=k * width).reshape(k, width)
lost = np.bincount(key, minlength=k * width).reshape(k, width) - died
alive = np.cumsum((died + lost)[:, ::-1], axis=1)[:, ::-1]
observed = np.cumprod(1 - died / (alive - lost / 2), axis=1)
table = pd.DataFrame({"stage": np.repeat(frame["stage"].cat.categories, width), "alive": alive.ravel(),
                      "died": died.ravel(), "lost": lost.ravel(), "observed": observed.ravel()})
print(table.to_string())
"""
)


def process(command: list[str]) -> tuple[float, float]:
    """Seconds and peak resident memory (MiB) of a whole process (it prints its own peak when it exits)."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(f"{command[3:]} failed: {done.stderr.strip()[-2000:]}")
    return seconds, int(done.stderr.strip().splitlines()[-1].split()[1]) / 1024


def cli_section(folder: Path, n: int, repeats: int, big: int) -> tuple[str, list]:
    path = folder / "cli_rows.csv"
    write_rows(path, n, "int")
    project = [sys.executable, "-c", CLI, "lifetable", str(path), "--by", "stage", "--time-unit", "days"]
    floor = [sys.executable, "-c", FLOOR_SCRIPT, str(path)]
    runs: dict[str, list] = {"project": [], "floor": []}
    for _ in range(repeats):
        runs["project"].append(process(project))
        runs["floor"].append(process(floor))
    seconds = {k: min(r[0] for r in v) for k, v in runs.items()}
    rows = [
        f"| {n:.0e} rows | `survival-explorer lifetable FILE --by stage --time-unit days` "
        f"| {seconds['project']:.2f} | {seconds['project'] / seconds['floor']:.2f}x |",
        f"| {n:.0e} rows | pandas and numpy script, the same table | {seconds['floor']:.2f} | 1.00x |",
    ]
    goals = [
        (
            f"CLI whole process, {n:.0e} rows: within 1.3x of the script",
            seconds["project"] / seconds["floor"],
            1.3,
        )
    ]
    memory = []
    if big:
        path.unlink()
        for m in (big // 10, big):
            path = folder / f"big_{m}.csv"
            write_rows(path, m, "int")
            took, peak = process(project[:4] + [str(path)] + project[5:])
            memory.append(
                f"| {m:.0e} rows ({path.stat().st_size / 2**20:,.0f} MiB) | {took:.1f} | {peak:,.0f} |"
            )
            path.unlink()
    head = [
        "### The command line as a whole process",
        "",
        "Least of interleaved runs, seconds from the start of the process to its end (imports included). "
        "The script reads the same file with pandas and prints the same life table (1-year intervals by "
        "stage) "
        "computed in numpy.",
        "",
        "| file | command | seconds | to the script |",
        "| --- | --- | ---: | ---: |",
    ]
    if memory:
        head_memory = [
            "",
            "Files beyond memory: the same command on larger files, read in parts of about 8 MB. Peak "
            "resident memory of the process stays flat as the rows grow tenfold.",
            "",
            "| file | seconds | peak MiB |",
            "| --- | ---: | ---: |",
        ]
        return "\n".join(head + rows + head_memory + memory), goals
    return "\n".join(head + rows), goals


def run(quick: bool = False) -> tuple[str, list]:
    """Both parts as Markdown, and their goals."""
    n_read, n_cli, big, repeats = (2 * 10**5, 10**5, 0, 1) if quick else (5 * 10**6, 2 * 10**6, 5 * 10**7, 3)
    with tempfile.TemporaryDirectory() as folder:
        read, read_goals = reading_section(Path(folder), n_read, repeats)
        cli, cli_goals = cli_section(Path(folder), n_cli, 2 * repeats - 1, big)
    return read + "\n\n" + cli, read_goals + cli_goals


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    parser.add_argument("--read-worker", nargs=3, metavar=("METHOD", "PATH", "UNIT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.read_worker:
        print(json.dumps(read_worker(*args.read_worker)))
        return
    text, goals = run(quick=args.quick)
    print(text + "\n\n" + goals_section(goals))


if __name__ == "__main__":
    main()
