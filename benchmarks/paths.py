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
* Reading files and the CLI as a whole process: :mod:`benchmarks.reading`;
  the app reading a 200 MB upload: :mod:`benchmarks.upload`; the command line
  drawing a chart: :mod:`benchmarks.commands`.
* The log-rank test of two groups from 1e6 rows
  (:func:`survival.estimate.kaplan_meier.logrank_rows`) beside one
  ``np.bincount`` and the statistic.

Ratios come from interleaved runs (project and floor alternate), each
method's least time: on a shared machine the least run is the one other work
disturbed least.
"""

from __future__ import annotations

import argparse
import gc
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


def floor_counts(frame: pd.DataFrame) -> tuple:
    """Group labels, then per group and distinct time (years): the group's code, the time, deaths, people."""
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
    return labels, group, time, died, removed


def floor_km(frame: pd.DataFrame) -> pd.DataFrame:
    """Every group's Kaplan-Meier, Greenwood's SE and log(-log) band, as km_table's table; no checks."""
    labels, group, time, died, removed = floor_counts(frame)
    first = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    after = np.cumsum(removed[::-1])[::-1]
    at_risk = after - np.repeat(np.r_[after[first[1:]], 0.0], np.diff(np.r_[first, len(after)]))
    with np.errstate(divide="ignore", invalid="ignore"):
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
    """Least seconds of each method, the methods taking turns; a method stops once its runs pass ``cap``.

    The least run is the one other work on the (shared) machine disturbed least.
    """
    times: dict[str, list[float]] = {name: [] for name in methods}
    for _ in range(repeats):
        for name, fn in methods.items():
            if sum(times[name]) > cap:
                continue
            gc.collect()
            start = time.perf_counter()
            fn(*args)
            times[name].append(time.perf_counter() - start)
    return {name: min(runs) for name, runs in times.items()}


def grouped_section(n: int, repeats: int, groups=GROUPS) -> tuple[str, list]:
    rows, goals = [], []
    for kind in ("int", "float"):
        for k in groups:
            frame = grouped_frame(n, k, kind)
            check = project_grouped(frame)
            floor = floor_km(frame)
            for column in TABLE_COLUMNS:
                assert np.allclose(check[column], floor[column], rtol=1e-9, atol=1e-12), column
            methods = {"project": project_grouped, "floor": floor_km, "lifelines": lifelines_grouped}
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
        "Least ms of interleaved runs. The floor computes the same table with no checks (see the module's "
        "docstring); every column agrees to 1e-9. lifelines: one fit per group, no table.",
        "",
        "| durations | groups | project | floor | project / floor | lifelines |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
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
            "Least ms of interleaved runs: `survival.estimate.kaplan_meier.logrank_rows` (which checks the "
            "rows and finds the groups) and the floor, one `np.bincount` of "
            "`2 * (group * span + day) + event`, at risk by a reverse cumulative sum and the two-group "
            f"statistic. The statistics agree to {agree:.1e}.",
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


def run(quick: bool = False, reading: bool = True) -> str:
    """Every part as Markdown, with one table of goals; ``reading`` adds :mod:`benchmarks.reading`'s parts."""
    n, repeats = (10**5, 2) if quick else (10**6, 5)
    grouped, goals = grouped_section(n, repeats, GROUPS[:3] if quick else GROUPS)
    logrank, more = logrank_section(n, 3 * repeats)
    parts, goals = [grouped, logrank], goals + more
    if reading:
        from benchmarks import reading as files

        text, more = files.run(quick)
        parts, goals = parts + [text], goals + more
        from benchmarks import upload

        text, more = upload.run(quick)
        parts, goals = parts + [text], goals + more
        from benchmarks import commands

        text, more = commands.run(2 if quick else 5)
        parts, goals = parts + [text], goals + more
    return "\n\n".join(parts + [goals_section(goals)])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    args = parser.parse_args(argv)
    print(run(quick=args.quick))


if __name__ == "__main__":
    main()
