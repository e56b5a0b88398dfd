"""How the estimators scale: Kaplan-Meier and log-rank on up to ten million rows.

Run from the project root: ``python -m benchmarks.scale [--quick] [--repeats N]``.
Prints Markdown: medians over repeated runs of the project's path
(:func:`survival.kaplan_meier`, :func:`survival.estimate.kaplan_meier.logrank_rows`), lifelines,
scikit-survival (when installed) and numpy references written here, each as
a ratio to a numpy floor; peak memory of each in a fresh process; the
bundled life tables estimated from scratch; and a table of the goals.

The floors are the least work that gives a Kaplan-Meier curve without its
standard errors or band: counts per distinct time, at risk, the running
product. For whole-day durations they count deaths and censorings with one
``np.bincount`` of ``2 * day + event``; for float durations they sort a
packed (time, event) key once. "Numpy floor with band" adds to the float
floor what the project also returns: Greenwood's standard error and the
log(-log) band. The log-rank floor counts whole days with one ``np.bincount``
of ``2 * (group * span + day) + event``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SIZES, QUICK_SIZES = (10**4, 10**5, 10**6, 10**7), (10**3, 10**4, 10**5)
LAST_DAY, CENSORED_SHARE, SEED, Z95 = 7300, 0.4, 2026, 1.959963984540054
KINDS = {
    "int": "durations in whole days 0..7300 (int64)",
    "float": "float durations, uniform on [0, 7300) days",
}


# --- data and methods ---------------------------------------------------------------------


def make_rows(n: int, kind: str, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """Durations and int64 events (1 died, 0 censored; about 40% censored)."""
    rng = np.random.default_rng(seed)
    t = rng.integers(0, LAST_DAY + 1, n) if kind == "int" else rng.uniform(0, LAST_DAY, n)
    return t, (rng.random(n) >= CENSORED_SHARE).astype(np.int64)


def project_km(t, e):
    import survival

    return survival.kaplan_meier(t, e)


def lifelines_km(t, e):
    from lifelines import KaplanMeierFitter

    return KaplanMeierFitter().fit(t, e)  # the band is computed in fit


def sksurv_km(t, e):
    from sksurv.nonparametric import kaplan_meier_estimator

    return kaplan_meier_estimator(e.astype(bool), t, conf_type="log-log")


def floor_int(t, e):
    """Whole days: one bincount of 2 * day + event, at risk by reverse cumsum, product."""
    key = np.left_shift(t, 1)
    key |= e
    counts = np.bincount(key)
    counts = np.append(counts, 0) if len(counts) % 2 else counts
    counts = counts.reshape(-1, 2)
    removed = counts.sum(axis=1)
    keep = removed > 0
    at_risk = np.cumsum(removed[::-1])[::-1][keep]
    return np.cumprod(1 - counts[keep, 1] / at_risk)


def two_bincounts(t, e):
    """Whole days, as often written: deaths and totals by two bincounts."""
    died, removed = np.bincount(t, weights=e), np.bincount(t)
    keep = removed > 0
    at_risk = np.cumsum(removed[::-1])[::-1][keep]
    return np.cumprod(1 - died[keep] / at_risk)


def floor_float(t, e):
    """Float days: sort a packed (time bits, event) key, counts per distinct time, product."""
    key = np.left_shift(t.view(np.uint64), np.uint64(1))  # durations >= 0, no -0.0
    key |= e.view(np.uint64)
    key.sort()
    died_each = key & np.uint64(1)
    key >>= np.uint64(1)
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    died = np.add.reduceat(died_each, starts)
    return np.cumprod(1 - died / (len(key) - starts))


def floor_band(t, e):
    """Float days, everything the project returns: the packed-key floor, then Greenwood's SE and the band."""
    key = np.left_shift(t.view(np.uint64), np.uint64(1))
    key |= e.view(np.uint64)
    key.sort()
    died_each = key & np.uint64(1)
    key >>= np.uint64(1)
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    died = np.add.reduceat(died_each, starts).astype(float)
    at_risk = (len(key) - starts).astype(float)
    s = np.cumprod(1 - died / at_risk)
    with np.errstate(divide="ignore", invalid="ignore"):
        var = np.cumsum(np.where(at_risk > died, died / (at_risk * (at_risk - died)), 0.0))
        se = s * np.sqrt(var)
        sigma = np.where((s > 0) & (s < 1), np.sqrt(var) / -np.log(s), 0.0)
    return key[starts].view(np.float64), s, se, s ** np.exp(Z95 * sigma), s ** np.exp(-Z95 * sigma)


def km_methods(kind: str) -> dict:
    """The Kaplan-Meier methods compared for ``kind`` durations, by display name."""
    from importlib.util import find_spec

    methods = {"project": project_km, "lifelines": lifelines_km}
    if find_spec("sksurv") is not None:
        methods["scikit-survival"] = sksurv_km
    methods["numpy floor"] = floor_int if kind == "int" else floor_float
    methods.update(
        {"numpy, two bincounts": two_bincounts} if kind == "int" else {"numpy floor with band": floor_band}
    )
    return methods


# --- timing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """How often to repeat, and when to stop repeating or skip a slow method."""

    repeats: int = 5
    repeats_large: int = 3  # at 1e7 rows
    cap: float = 60.0  # stop repeating a method at one n after this many seconds
    skip_over: float = 300.0  # skip a method whose projected time at an n passes this
    sksurv_max_n: int = 10**7  # skip scikit-survival above this n


def timed(fn, args, repeats: int, cap: float) -> list[float]:
    """Seconds per run; stops repeating once the runs add up to ``cap`` seconds."""
    times: list[float] = []
    while len(times) < repeats and sum(times) <= cap:
        gc.collect()
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return times


def km_times(kind: str, sizes, settings: Settings) -> dict:
    """{method: {n: (median seconds, runs) or a str saying why it was skipped}}."""
    out: dict = {}
    for name, fn in km_methods(kind).items():
        fn(*make_rows(100, kind))  # imports and first-call costs stay out of the timings
        out[name], last = {}, None
        for n in sizes:
            projected = last[1] * n / last[0] if last else 0.0
            if name == "scikit-survival" and n > settings.sksurv_max_n:
                out[name][n] = "skipped (--sksurv-max-n)"
            elif projected > settings.skip_over:
                out[name][n] = f"skipped: projected {projected:.0f} s"
            else:
                repeats = settings.repeats_large if n >= 10**7 else settings.repeats
                runs = timed(fn, make_rows(n, kind), repeats, settings.cap)
                out[name][n] = (statistics.median(runs), len(runs))
                last = (n, out[name][n][0])
    return out


# --- memory -------------------------------------------------------------------------------


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise KeyError(field)


def memory_worker(method: str, kind: str, n: int) -> dict:
    """Run one method once in this (fresh) process; RSS before and its peak during the run (Linux)."""
    fn = km_methods(kind)[method]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fn(*make_rows(100, kind))
        t, e = make_rows(n, kind)
        gc.collect()
        try:
            with open("/proc/self/clear_refs", "w") as refs:
                refs.write("5")  # reset the peak (VmHWM) to the current RSS
            method_note = "VmHWM after resetting it (/proc/self/clear_refs)"
        except OSError:
            method_note = "VmHWM (peak since the process started: could not reset it)"
        baseline = _status_mb("VmRSS")
        result = fn(t, e)
        peak = _status_mb("VmHWM")
        del result
    return {"baseline": baseline, "peak": peak, "how": method_note}


def km_memory(kind: str, n: int, skipped: set) -> dict:
    """{method: worker result or None when skipped}, each in a fresh subprocess."""
    out = {}
    for name in km_methods(kind):
        if name in skipped:
            out[name] = None
            continue
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.scale", "--memory-worker", name, kind, str(n)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        out[name] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


# --- bundled tables and log-rank ----------------------------------------------------------


def bundled_tables(repeats: int) -> dict[str, float]:
    """Median ms: every bundled life table loaded from disk and estimated; estimated only."""
    import survival
    from survival.datasets import catalogue as datasets

    def load_and_estimate():
        datasets._load.cache_clear()  # load_dataset reads the files once per process otherwise
        survival.actuarial(survival.load_dataset("seer-breast").lifetables)

    table = survival.load_dataset("seer-breast").lifetables
    load_and_estimate()
    return {
        "groups": len(table.groups()),
        "rows": len(table.frame),
        "load and estimate": 1e3 * statistics.median(timed(load_and_estimate, (), repeats, 60)),
        "estimate only": 1e3 * statistics.median(timed(lambda: survival.actuarial(table), (), repeats, 60)),
    }


def numpy_logrank(t, e, g):
    """Two-group log-rank floor: whole days by one bincount of 2 * (group * span + day) + event, float
    durations by sorting each group's packed (time, event) key; then (O - E)^2 / V."""
    if t.dtype.kind == "i":
        span = int(t.max()) + 1
        counts = np.bincount((g * span + t) * 2 + e, minlength=4 * span).reshape(2, span, 2)
        removed = counts[:, :, 0] + counts[:, :, 1]
        at_risk = np.cumsum(removed[:, ::-1], axis=1)[:, ::-1].astype(float)
        n, n1, d, d1 = at_risk.sum(axis=0), at_risk[1], counts[:, :, 1].sum(axis=0), counts[1, :, 1]
    else:  # each group's packed (time, event) key sorted, then both read at every time with a death
        tables = [_sorted_table(t[g == i], e[g == i]) for i in (0, 1)]
        times = np.unique(np.concatenate([time[died > 0] for time, died, _ in tables]))
        at, dead = [], []
        for time, died, at_risk in tables:
            i = np.searchsorted(time, times)
            at.append(np.append(at_risk, 0.0)[i])
            dead.append(np.where(np.append(time, np.inf)[i] == times, np.append(died, 0.0)[i], 0.0))
        n, n1, d, d1 = at[0] + at[1], at[1], dead[0] + dead[1], dead[1]
    keep = d > 0
    n, n1, d, d1 = n[keep], n1[keep], d[keep].astype(float), d1[keep].astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = np.where(n > 1, d * (n1 / n) * (1 - n1 / n) * (n - d) / (n - 1), 0.0)
    return float((d1.sum() - (d * n1 / n).sum()) ** 2 / var.sum())


def _sorted_table(t, e):
    """Distinct times, deaths and at risk from one sort of a packed (time bits, event) key."""
    key = np.left_shift(t.view(np.uint64), np.uint64(1)) | e.view(np.uint64)
    key.sort()
    time = key >> np.uint64(1)
    starts = np.flatnonzero(np.r_[True, time[1:] != time[:-1]])
    died = np.add.reduceat(key & np.uint64(1), starts).astype(float)
    return time[starts].view(np.float64), died, (len(key) - starts).astype(float)


def logrank_times(n: int, repeats: int, cap: float) -> dict:
    """{kind: {method: median seconds}, plus the largest relative difference of statistics}."""
    from lifelines.statistics import logrank_test

    from survival.estimate.kaplan_meier import logrank_rows

    out = {}
    for kind in KINDS:
        t, e = make_rows(n, kind)
        g = np.random.default_rng(SEED + 1).integers(0, 2, n)
        a, b = g == 0, g == 1
        parts = (t[a], t[b], e[a], e[b])
        methods = {
            "project": (logrank_rows, (t, e, g)),
            "lifelines": (logrank_test, parts),
            "numpy": (numpy_logrank, (t, e, g)),
        }
        stats = [
            float(logrank_rows(t, e, g).statistic),
            float(logrank_test(*parts).test_statistic),
            float(numpy_logrank(t, e, g)),
        ]
        out[kind] = {
            name: statistics.median(timed(fn, args, repeats, cap)) for name, (fn, args) in methods.items()
        }
        out[kind]["max relative difference"] = (max(stats) - min(stats)) / abs(stats[1])
    return out


# --- report -------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.0f}" if seconds >= 0.1 else f"{seconds * 1e3:.3g}"


def _cell(entry, floor) -> str:
    if isinstance(entry, str):
        return entry
    seconds, runs = entry
    ratio = f" ({seconds / floor[0]:.2f}x)" if isinstance(floor, tuple) else ""
    return _ms(seconds) + ratio + ("" if runs > 1 else " (1 run)")


def km_section(kind: str, times: dict, sizes) -> str:
    names, floor = list(times), times["numpy floor"]
    rows = [f"| {n:.0e} | " + " | ".join(_cell(times[m][n], floor[n]) for m in names) + " |" for n in sizes]
    return "\n".join(
        [
            f"### Kaplan-Meier with its band, {KINDS[kind]}",
            "",
            "Median ms per fit (ratio to the numpy floor).",
            "",
            "| n | " + " | ".join(names) + " |",
            "| ---: |" + " ---: |" * len(names),
            *rows,
        ]
    )


def growth_section(all_times: dict, sizes) -> str:
    lines = [
        "### How time grows with n",
        "",
        "Time ratio per tenfold more rows, and the exponent of a log-log fit over n >= 1e5 "
        "(1 is linear; fixed costs pull small-n ratios below 10).",
        "",
        "| durations | method | "
        + " | ".join(f"{a:.0e} to {b:.0e}" for a, b in zip(sizes, sizes[1:]))
        + " | exponent |",
        "| --- | --- |" + " ---: |" * len(sizes),
    ]
    for kind, times in all_times.items():
        for name, cells in times.items():
            ok = {n: c[0] for n, c in cells.items() if not isinstance(c, str)}
            ratios = [f"{ok[b] / ok[a]:.1f}" if a in ok and b in ok else "" for a, b in zip(sizes, sizes[1:])]
            big = [n for n in ok if n >= min(10**5, sizes[-2])]
            slope = np.polyfit(np.log10(big), np.log10([ok[n] for n in big]), 1)[0] if len(big) > 1 else None
            lines.append(
                f"| {kind} | {name} | "
                + " | ".join(ratios)
                + (f" | {slope:.2f} |" if slope is not None else " | |")
            )
    return "\n".join(lines)


def _delta(result: dict) -> float:
    return result["peak"] - result["baseline"]


def memory_section(memory: dict, n: int) -> str:
    how = next(r["how"] for m in memory.values() for r in m.values() if r)
    lines = [
        f"### Peak memory at {n:.0e} rows",
        "",
        "Each method once in a fresh process after a warm-up on 100 rows: resident memory (RSS) "
        "once the input arrays exist (baseline), and the peak during the fit minus it, "
        f"read as {how}.",
        "",
        "| durations | method | baseline (MB) | peak over baseline (MB) | ratio to the floor |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for kind, results in memory.items():
        for name, r in results.items():
            lines.append(
                f"| {kind} | {name} | skipped | | |"
                if r is None
                else f"| {kind} | {name} | {r['baseline']:.0f} | {_delta(r):.0f} | "
                f"{_delta(r) / _delta(results['numpy floor']):.2f}x |"
            )
    return "\n".join(lines)


def tables_section(tables: dict) -> str:
    return "\n".join(
        [
            "### Bundled life tables from scratch",
            "",
            f"`survival.actuarial` on every bundled SEER table ({tables['groups']} stage x age x period "
            f"groups, {tables['rows']} rows); loading reads the CSV files again (cache cleared).",
            "",
            "| step | median (ms) |",
            "| --- | ---: |",
            f"| load and estimate | {tables['load and estimate']:.1f} |",
            f"| estimate only | {tables['estimate only']:.1f} |",
        ]
    )


def logrank_section(logrank: dict, n: int) -> str:
    lines = [
        f"### Log-rank test, {n:.0e} rows, two groups",
        "",
        "Median ms (ratio to the numpy floor in this file: whole days by one `np.bincount`, float "
        "durations by sorting each group's packed (time, event) key, then the two-group statistic); "
        "`survival.estimate.kaplan_meier.logrank_rows` for the project, lifelines' `logrank_test` "
        "given the rows already split by group.",
        "",
        "| durations | project | lifelines | numpy | statistics agree to |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for kind, r in logrank.items():
        cells = [f"{_ms(r[m])} ({r[m] / r['numpy']:.2f}x)" for m in ("project", "lifelines", "numpy")]
        lines.append(f"| {kind} | " + " | ".join(cells) + f" | {r['max relative difference']:.1e} |")
    return "\n".join(lines)


def goals_section(all_times, memory, tables, logrank, sizes) -> str:
    rows = []

    def goal(text, measured, limit, unit="x"):
        rows.append(f"| {text} | {measured:.2f}{unit} | {'pass' if measured <= limit else 'FAIL'} |")

    t = all_times["int"]
    for n in sizes[-2:]:
        floor = min(t["numpy floor"][n][0], t["numpy, two bincounts"][n][0])
        goal(
            f"integer KM within 1.5x of the faster numpy floor, n = {n:.0e}", t["project"][n][0] / floor, 1.5
        )
    t = all_times["float"]
    for n in sizes[-2:]:
        goal(
            f"float KM within 1.5x of the numpy floor with band, n = {n:.0e}",
            t["project"][n][0] / t["numpy floor with band"][n][0],
            1.5,
        )
    for kind, results in memory.items():
        goal(
            f"peak memory within 2x of the floor's, {kind} durations",
            _delta(results["project"]) / _delta(results["numpy floor"]),
            2,
        )
    goal("bundled tables loaded and estimated in < 50 ms", tables["load and estimate"], 50, " ms")
    for kind, r in logrank.items():
        goal(f"log-rank within 1.5x of the numpy floor, {kind} durations", r["project"] / r["numpy"], 1.5)
    return "\n".join(["### Goals", "", "| goal | measured | result |", "| --- | ---: | --- |", *rows])


def machine_section(quick: bool, settings: Settings) -> str:
    from importlib.metadata import PackageNotFoundError, version

    def installed(dist: str) -> str:
        try:
            return f"{dist} {version(dist)}"
        except PackageNotFoundError:
            return f"{dist} not installed"

    memory = ""
    if os.path.exists("/proc/meminfo"):
        with open("/proc/meminfo") as info:
            memory = f", {int(info.readline().split()[1]) / 2**20:.0f} GiB memory"
    versions = ", ".join(
        [f"Python {platform.python_version()}"]
        + [installed(d) for d in ("numpy", "pandas", "lifelines", "scikit-survival")]
    )
    return "\n".join(
        [
            "### Machine",
            "",
            f"{os.cpu_count()} cores{memory}, {platform.machine()} {platform.system()}; {versions}. "
            f"Measured {date.today().isoformat()}" + (" (quick run: small n)." if quick else "."),
            "",
            f"Rows: seeded (seed {SEED}), about {CENSORED_SHARE:.0%} censored, events int64 0/1. "
            f"Medians of {settings.repeats} runs ({settings.repeats_large} at 1e7) after a warm-up on 100 "
            f"rows; a method stops repeating once its runs at one n pass {settings.cap:g} s, and is "
            f"skipped where its time at the previous n, scaled linearly, passes {settings.skip_over:g} s.",
        ]
    )


def run(quick: bool = False, settings: Settings | None = None) -> str:
    """Run every measurement and return the Markdown report."""
    settings = settings or (Settings(repeats=3) if quick else Settings())
    sizes = QUICK_SIZES if quick else SIZES
    logrank_n = sizes[-2] if quick else 10**6
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        all_times = {kind: km_times(kind, sizes, settings) for kind in KINDS}
        memory = {
            kind: km_memory(
                kind,
                sizes[-1],
                {m for m, cells in all_times[kind].items() if isinstance(cells[sizes[-1]], str)},
            )
            for kind in KINDS
        }
        tables = bundled_tables(max(settings.repeats, 5))
        logrank = logrank_times(logrank_n, settings.repeats, settings.cap)
    parts = [
        machine_section(quick, settings),
        *(km_section(k, all_times[k], sizes) for k in KINDS),
        growth_section(all_times, sizes),
        memory_section(memory, sizes[-1]),
        tables_section(tables),
        logrank_section(logrank, logrank_n),
        goals_section(all_times, memory, tables, logrank, sizes),
    ]
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Command line: print the report (or, internally, run one memory measurement)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small n (1e3..1e5), a smoke run")
    parser.add_argument("--repeats", type=int, help="runs per measurement (default 5; 3 with --quick)")
    parser.add_argument("--repeats-large", type=int, default=3, help="runs at 1e7 rows (default 3)")
    parser.add_argument(
        "--cap",
        type=float,
        default=60.0,
        help="stop repeating a method at one n after this many seconds (default 60)",
    )
    parser.add_argument(
        "--skip-over",
        type=float,
        default=300.0,
        help="skip a method whose projected time at an n passes this (default 300 s)",
    )
    parser.add_argument(
        "--sksurv-max-n",
        type=float,
        default=1e7,
        help="skip scikit-survival above this many rows (default 1e7: never)",
    )
    parser.add_argument("--memory-worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_worker:
        method, kind, n = args.memory_worker
        print(json.dumps(memory_worker(method, kind, int(n))))
        return
    settings = Settings(
        args.repeats or (3 if args.quick else 5),
        args.repeats_large,
        args.cap,
        args.skip_over,
        int(args.sksurv_max_n),
    )
    print(run(args.quick, settings))


if __name__ == "__main__":
    main()
