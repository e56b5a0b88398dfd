"""The paths users take, each beside the fastest honest numpy or pandas implementation of the same work.

Run from the project root: ``python -m benchmarks.paths [--quick]``. Prints Markdown.

* Grouped Kaplan-Meier, the CLI's and the app's path: :func:`survival.counts_from_frame`
  then :func:`survival.km_table`, on 1e6 rows in 1, 10, 100 and 1,000 groups.
  The floor computes the same numbers (times, at risk, deaths, censorings,
  survival, Greenwood's SE and the log(-log) band, per group) from the same
  frame, as the same table, with no checks: groups coded by ``pd.factorize``, whole
  days counted by one ``np.bincount`` of ``2 * (group * span + day) + event``
  (fractional durations: a packed (time, event) key sorted within each
  group), at risk by one reverse cumulative sum, then the running product
  and sum group by group, and one ``pd.DataFrame`` of the columns. lifelines
  fits one group at a time.
* Reading an individual-row CSV file (5e6 rows), each way in a fresh process,
  time and peak memory: the project whole (:func:`survival.read_individual_csv`)
  and in parts (:func:`survival.io.individual_chunks.read_individual_chunks`),
  cell by cell (the route for files that are not plain), and the floor:
  ``pd.read_csv`` (the group column as a category) then one ``np.bincount``.
* The CLI as a whole process (``survival-explorer lifetable FILE``, 2e6
  rows) beside a script that reads the file with pandas and prints the same
  life table computed in numpy; and a 5e7-row file read in parts (memory).
* The log-rank test of two groups from 1e6 rows
  (:func:`survival.estimate.kaplan_meier.logrank_rows`) beside one
  ``np.bincount`` and the statistic.

Ratios come from interleaved runs (project and floor alternate), medians.
"""

from __future__ import annotations

import argparse
import gc
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

ROOT = Path(__file__).resolve().parents[1]
SEED, LAST_DAY, Z95 = 2026, 7300, 1.959963984540054
GROUPS = (1, 10, 100, 1000)
TABLE_COLUMNS = ("interval_start", "interval_end", "alive", "died", "lost", "observed", "observed_se")
TABLE_COLUMNS += ("observed_low", "observed_high")


def grouped_frame(n: int, groups: int, kind: str, seed: int = SEED) -> pd.DataFrame:
    """Rows with text group labels: whole days 0..7300 or float days, about 40% censored."""
    rng = np.random.default_rng(seed)
    t = rng.integers(0, LAST_DAY + 1, n) if kind == "int" else rng.uniform(0, LAST_DAY, n)
    labels = np.array([f"group {i:04d}" for i in range(groups)], dtype=object)
    return pd.DataFrame(
        {
            "duration": t,
            "event": (rng.random(n) >= 0.4).astype(np.int64),
            "group": labels[rng.integers(0, groups, n)],
        }
    )


def project_grouped(frame: pd.DataFrame) -> pd.DataFrame:
    import survival

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # many small groups are warned about
        return survival.km_table(survival.counts_from_frame(frame, group="group", time_unit="days"))


def floor_grouped(frame: pd.DataFrame) -> tuple:
    """Every group's Kaplan-Meier with Greenwood's SE and the log(-log) band, as km_table's table; no checks."""
    codes, labels = pd.factorize(frame["group"], sort=True)
    t, e, k = frame["duration"].to_numpy(), frame["event"].to_numpy(), len(labels)
    if t.dtype.kind == "i":
        span = LAST_DAY + 1
        counts = np.bincount((codes * span + t) * 2 + e, minlength=2 * k * span).reshape(-1, 2)
        removed = counts[:, 0] + counts[:, 1]
        cell = np.flatnonzero(removed)
        died, removed = counts[cell, 1].astype(float), removed[cell].astype(float)
        time, group = (cell % span) / 365.25, cell // span
    else:
        key = np.left_shift((t / 365.25).view(np.uint64), np.uint64(1)) | e.astype(np.uint64)
        order = np.argsort(codes.astype(np.int16), kind="stable")
        key, bounds = key[order], np.r_[0, np.cumsum(np.bincount(codes, minlength=k))]
        for a, b in zip(bounds[:-1], bounds[1:]):
            key[a:b].sort()
        new = np.r_[True, key[1:] >> np.uint64(1) != key[:-1] >> np.uint64(1)]
        new[bounds[1:-1]] = True
        starts = np.flatnonzero(new)
        died = np.add.reduceat((key & np.uint64(1)).astype(float), starts)
        removed = np.diff(np.r_[starts, len(key)]).astype(float)
        time, group = (
            (key[starts] >> np.uint64(1)).view(np.float64),
            np.searchsorted(bounds, starts, "right") - 1,
        )
    first = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    after = np.cumsum(removed[::-1])[::-1]
    at_risk = after - np.repeat(np.r_[after[first[1:]], 0.0], np.diff(np.r_[first, len(after)]))
    survival, term = 1 - died / at_risk, died / (at_risk * (at_risk - died))
    term[at_risk == died] = 0.0
    for a, b in zip(first, np.r_[first[1:], len(after)]):
        np.multiply.accumulate(survival[a:b], out=survival[a:b])
        np.cumsum(term[a:b], out=term[a:b])
    with np.errstate(divide="ignore", invalid="ignore"):
        sigma = np.where((survival > 0) & (survival < 1), np.sqrt(term) / -np.log(survival), 0.0)
    low, high = survival ** np.exp(Z95 * sigma), survival ** np.exp(-Z95 * sigma)
    start = np.r_[0.0, time[:-1]]
    start[first] = 0.0
    columns = (start, time, at_risk, died, removed - died, survival, survival * np.sqrt(term), low, high)
    table = pd.DataFrame({"group": labels[group]} | dict(zip(TABLE_COLUMNS, columns)))
    return table.astype({"alive": np.int64, "died": np.int64, "lost": np.int64}, copy=False)


def lifelines_grouped(frame: pd.DataFrame) -> list:
    from lifelines import KaplanMeierFitter

    return [
        KaplanMeierFitter().fit(part["duration"] / 365.25, part["event"])
        for _, part in frame.groupby("group", sort=True)
    ]


def interleaved(methods: dict, args: tuple, repeats: int, cap: float) -> dict[str, float]:
    """Median seconds of each method, the methods taking turns; a method stops once its runs pass ``cap``."""
    times: dict[str, list[float]] = {name: [] for name in methods}
    for _ in range(repeats):
        for name, fn in methods.items():
            if sum(times[name]) > cap:
                continue
            gc.collect()
            start = time.perf_counter()
            fn(*args)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(runs) for name, runs in times.items()}


def grouped_section(n: int, repeats: int, groups=GROUPS) -> tuple[str, list]:
    rows, goals = [], []
    for kind in ("int", "float"):
        for k in groups:
            frame = grouped_frame(n, k, kind)
            check = project_grouped(frame)
            floor = floor_grouped(frame)
            for column in TABLE_COLUMNS:
                assert np.allclose(check[column], floor[column], rtol=1e-9, atol=1e-12), column
            methods = {"project": project_grouped, "floor": floor_grouped, "lifelines": lifelines_grouped}
            got = interleaved(methods, (frame,), repeats, cap=30.0)
            ratio = got["project"] / got["floor"]
            rows.append(
                f"| {kind} | {k:,} | {1e3 * got['project']:,.0f} | {1e3 * got['floor']:,.0f} | {ratio:.2f}x "
                f"| {1e3 * got['lifelines']:,.0f} |"
            )
            goals.append(
                (
                    f"grouped Kaplan-Meier, {kind} durations, {k:,} groups: within 1.5x of the floor",
                    ratio,
                    1.5,
                )
            )
    head = [
        f"### Grouped Kaplan-Meier, {n:.0e} rows (counts_from_frame + km_table)",
        "",
        "Median ms of interleaved runs. The floor computes the same table with no checks (see the module's "
        "docstring); every column agrees to 1e-9. lifelines: one fit per group, no table.",
        "",
        "| durations | groups | project | floor | project / floor | lifelines |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    return "\n".join(head + rows), goals


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

    def floor():
        return floor_grouped(
            pd.read_csv(path, dtype={"stage": "category"}).rename(columns={"stage": "group"})
        )

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
        [sys.executable, "-m", "benchmarks.paths", "--read-worker", method, str(path), unit],
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
        floor = statistics.median(r["seconds"] for r in results["pandas floor"])
        floor_mb = statistics.median(r["peak_mb"] for r in results["pandas floor"])
        for method, runs in results.items():
            seconds = statistics.median(r["seconds"] for r in runs)
            peak = statistics.median(r["peak_mb"] for r in runs)
            rows.append(
                f"| {kind} ({size:.0f} MiB) | {method} | {seconds:.2f} | {seconds / floor:.2f}x | {peak:,.0f} "
                f"| {peak / floor_mb:.2f}x |"
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
        "Each way once per round in a fresh process, medians of rounds: seconds from the call to the counts, and "
        "the process's peak resident memory (VmHWM, Python and the imports included). Whole days in days, or "
        "months with two decimals.",
        "",
        "| file | way | seconds | to pandas | peak MiB | to pandas |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    return "\n".join(head + rows), goals


# --- the command line as a whole process -----------------------------------------------

CLI = "import sys; from survival.cli import main; sys.exit(main())"
#: The same life table (1-year intervals, by stage, from whole days) read by pandas and computed in numpy.
FLOOR_SCRIPT = """
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


def process(command: list[str]) -> tuple[float, float]:
    """Seconds and peak memory (MiB, of the process and its children) of a whole process."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, (peak if peak > before else float("nan")) / 1024


def cli_section(folder: Path, n: int, repeats: int, big: int) -> tuple[str, list]:
    path = folder / "cli_rows.csv"
    write_rows(path, n, "int")
    project = [sys.executable, "-c", CLI, "lifetable", str(path), "--by", "stage", "--time-unit", "days"]
    floor = [sys.executable, "-c", FLOOR_SCRIPT, str(path)]
    runs: dict[str, list] = {"project": [], "floor": []}
    for _ in range(repeats):
        runs["project"].append(process(project))
        runs["floor"].append(process(floor))
    seconds = {k: statistics.median(r[0] for r in v) for k, v in runs.items()}
    rows = [
        f"| {n:.0e} rows | `survival-explorer lifetable FILE --by stage --time-unit days` | {seconds['project']:.2f} "
        f"| {seconds['project'] / seconds['floor']:.2f}x |",
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
            took, peak = process(project)
            memory.append(
                f"| {m:.0e} rows ({path.stat().st_size / 2**20:,.0f} MiB) | {took:.1f} | {peak:,.0f} |"
            )
            path.unlink()
    head = [
        "### The command line as a whole process",
        "",
        "Medians of interleaved runs, seconds from the start of the process to its end (imports included). The "
        "script reads the same file with pandas and prints the same life table (1-year intervals by stage) "
        "computed in numpy.",
        "",
        "| file | command | seconds | to the script |",
        "| --- | --- | ---: | ---: |",
    ]
    if memory:
        head_memory = [
            "",
            "Files beyond memory: the same command on larger files, read in parts of about 32 MB. Peak resident "
            "memory of the process stays flat as the rows grow tenfold.",
            "",
            "| file | seconds | peak MiB |",
            "| --- | ---: | ---: |",
        ]
        return "\n".join(head + rows + head_memory + memory), goals
    return "\n".join(head + rows), goals


# --- log-rank ----------------------------------------------------------------------------


def floor_logrank(t, e, g) -> float:
    """Two groups (0/1), whole days: one np.bincount, at risk by reverse cumsum, (O - E)^2 / V."""
    counts = np.bincount((g * (LAST_DAY + 1) + t) * 2 + e, minlength=4 * (LAST_DAY + 1)).reshape(2, -1, 2)
    at_risk = np.cumsum((counts[:, :, 0] + counts[:, :, 1])[:, ::-1], axis=1)[:, ::-1].astype(float)
    died = counts[:, :, 1].astype(float)
    n, d = at_risk.sum(axis=0), died.sum(axis=0)
    keep = d > 0
    n, d, n1, d1 = n[keep], d[keep], at_risk[1, keep], died[1, keep]
    var = np.where(n > 1, d * (n1 / n) * (1 - n1 / n) * (n - d) / np.maximum(n - 1, 1), 0.0)
    return float((d1.sum() - (d * n1 / n).sum()) ** 2 / var.sum())


def logrank_section(n: int, repeats: int) -> tuple[str, list]:
    from survival.estimate.kaplan_meier import logrank_rows

    rng = np.random.default_rng(SEED)
    t, e = rng.integers(0, LAST_DAY + 1, n), (rng.random(n) >= 0.4).astype(np.int64)
    g = np.random.default_rng(SEED + 1).integers(0, 2, n)
    agree = abs(logrank_rows(t, e, g).statistic - floor_logrank(t, e, g)) / floor_logrank(t, e, g)
    got = interleaved({"project": logrank_rows, "floor": floor_logrank}, (t, e, g), repeats, cap=30.0)
    ratio = got["project"] / got["floor"]
    text = "\n".join(
        [
            f"### Log-rank test, {n:.0e} rows, two groups, whole days",
            "",
            "Median ms of interleaved runs: `survival.estimate.kaplan_meier.logrank_rows` (which checks the rows and "
            "finds the groups) and the floor, one `np.bincount` of `2 * (group * span + day) + event`, at risk by a "
            f"reverse cumulative sum and the two-group statistic. The statistics agree to {agree:.1e}.",
            "",
            "| project | floor | project / floor |",
            "| ---: | ---: | ---: |",
            f"| {1e3 * got['project']:.1f} | {1e3 * got['floor']:.1f} | {ratio:.2f}x |",
        ]
    )
    return text, [(f"log-rank, {n:.0e} rows: within 1.5x of one bincount", ratio, 1.5)]


def goals_section(goals: list) -> str:
    lines = ["### Goals", "", "| goal | measured | result |", "| --- | ---: | --- |"]
    for text, measured, limit in goals:
        lines.append(f"| {text} | {measured:.2f}x | {'pass' if measured <= limit else 'MISSED'} |")
    return "\n".join(lines)


def run(quick: bool = False) -> str:
    """Every part of this benchmark as Markdown."""
    n, n_read, n_cli, big = (
        (10**5, 2 * 10**5, 10**5, 0) if quick else (10**6, 5 * 10**6, 2 * 10**6, 5 * 10**7)
    )
    repeats = 2 if quick else 5
    parts, goals = [], []
    with tempfile.TemporaryDirectory() as folder:
        for text, more in (
            grouped_section(n, repeats, GROUPS[:3] if quick else GROUPS),
            reading_section(Path(folder), n_read, 1 if quick else 3),
            cli_section(Path(folder), n_cli, repeats, big),
            logrank_section(n, 3 * repeats),
        ):
            parts.append(text)
            goals += more
    return "\n\n".join(parts + [goals_section(goals)])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    parser.add_argument("--read-worker", nargs=3, metavar=("METHOD", "PATH", "UNIT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.read_worker:
        print(json.dumps(read_worker(*args.read_worker)))
        return
    print(run(quick=args.quick))


if __name__ == "__main__":
    main()
