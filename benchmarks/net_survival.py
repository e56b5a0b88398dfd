"""Speed and memory of expected survival and Pohar Perme net survival, beside R's relsurv.

Run from the project root: ``python -m benchmarks.net_survival [--quick] [--no-r]``.
Prints Markdown. Cases:

* the Finnish colon set (15,564 people, ``../shared/data``) on ``popmort``;
* synthetic people on ``slopop`` (ages 40-95, diagnosed 1995-2010, followed to the end of
  2014, whole days), 20,000 of them (also run in R) and 1,000,000 (Python only).

Methods: ``ederer1`` (each person's expected survival from the population table, averaged:
the expected-survival computation) and ``pohar-perme``, both in the ``"relsurv"``
convention, i.e. the same arithmetic as ``relsurv::rs.surv``. Each Python case runs in a
fresh process: the time of the estimator call (data already in memory) and the peak of
memory allocated during it (``tracemalloc``, which sees numpy's arrays). R is timed with
``system.time`` around ``rs.surv`` and its memory is the growth of ``gc()``'s "max used"
during the call; R runs only when ``Rscript`` with relsurv is installed, and the output says
so. relsurv loops over every person for every day of follow-up, so its time grows with
people x days; for a million people it is extrapolated from the 20,000 (marked).
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SEED = 2026
METHODS = ("ederer1", "pohar-perme")

PY_CASE = r"""
import json, sys, time, tracemalloc
sys.path.insert(0, {root!r})
from benchmarks.net_survival import load
from survival.estimate.net_survival import relative_survival
records, table = load({case!r}, {n})
tracemalloc.start()
start = time.perf_counter()
curve = relative_survival(records, table, method={method!r}).curve()
seconds = time.perf_counter() - start
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({{"seconds": seconds, "peak_mb": peak / 2**20, "five": float(curve.at(5)[0])}}))
"""

R_CASE = r"""
suppressMessages({ library(relsurv) })
args <- commandArgs(TRUE)
d <- read.csv(args[1]); d$diag <- as.Date(d$diag)
if (args[2] == "colon") {
  pm <- read.csv(args[3])
  rt <- transrate(matrix(pm$prob[pm$sex == 1], nrow = 106), matrix(pm$prob[pm$sex == 2], nrow = 106),
                  yearlim = c(1951, 2000), int.length = 1)
} else rt <- slopop
invisible(gc(reset = TRUE)); before <- sum(gc()[, 2])
secs <- system.time(fit <- rs.surv(Surv(time, stat) ~ 1, data = d, ratetable = rt, method = args[4],
                                   rmap = list(age = age, sex = sex, year = diag)))[["elapsed"]]
peak <- sum(gc()[, 6]) - before
s <- summary(fit, times = 5 * 365.241)$surv
cat(sprintf('{"seconds": %.4f, "peak_mb": %.1f, "five": %.10f}\n', secs, peak, s))
"""


def synthetic(n: int, seed: int = SEED) -> pd.DataFrame:
    """Synthetic people in relsurv's units: age and follow-up in days, sex 1/2, date of diagnosis."""
    rng = np.random.default_rng(seed)
    first, last = np.datetime64("1995-01-01"), np.datetime64("2010-12-31")
    diag = first + rng.integers(0, (last - first).astype(int) + 1, n).astype("timedelta64[D]")
    end = (np.datetime64("2014-12-31") - diag).astype(float)
    death = rng.exponential(4 * 365.241, n)
    return pd.DataFrame(
        {
            "age": np.round(rng.uniform(40, 95, n) * 365.241),
            "sex": rng.integers(1, 3, n),
            "diag": diag.astype(str),
            "time": np.maximum(1, np.ceil(np.minimum(death, end))),
            "stat": (death < end).astype(int),
        }
    )


def load(case: str, n: int):
    """The records and table of one case (imported by the fresh processes)."""
    from survival.estimate.net_records import net_records_from_frame
    from survival.population import read_popmort, read_slopop

    if case == "colon":
        table = read_popmort(SHARED / "finland-popmort" / "popmort.csv")
        frame = pd.read_csv(SHARED / "finland-colon" / "colon.csv")
        deaths = {"Alive": 0, "Dead: cancer": 1, "Dead: other": 1, "Lost to follow-up": 0}
        return net_records_from_frame(
            frame,
            table,
            time="surv_mm",
            status="status",
            age="age",
            sex="sex",
            diagnosis="dx",
            time_unit="months",
            age_unit="years",
            status_values=deaths,
        ), table
    table = read_slopop(SHARED / "slovenia-colorectal" / "slopop_long.csv")
    return net_records_from_frame(
        synthetic(n),
        table,
        time="time",
        status="stat",
        age="age",
        sex="sex",
        diagnosis="diag",
        time_unit="days",
        age_unit="days",
    ), table


def run_python(case: str, n: int, method: str) -> dict:
    code = PY_CASE.format(root=str(ROOT), case=case, n=n, method=method)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def r_available() -> bool:
    if not shutil.which("Rscript"):
        return False
    probe = subprocess.run(["Rscript", "-e", "library(relsurv)"], capture_output=True)
    return probe.returncode == 0


def run_r(case: str, n: int, method: str, workdir: Path) -> dict:
    script = workdir / "case.R"
    script.write_text(R_CASE)
    if case == "colon":
        frame = pd.read_csv(SHARED / "finland-colon" / "colon.csv")
        data = pd.DataFrame(
            {
                "age": frame["age"] * 365.241,
                "sex": np.where(frame["sex"] == "Male", 1, 2),
                "diag": frame["dx"],
                "time": frame["surv_mm"] * 365.241 / 12,
                "stat": frame["status"].isin(["Dead: cancer", "Dead: other"]).astype(int),
            }
        )
    else:
        data = synthetic(n)
    path = workdir / f"{case}_{n}.csv"
    data.to_csv(path, index=False)
    popmort = SHARED / "finland-popmort" / "popmort.csv"
    out = subprocess.run(
        ["Rscript", str(script), str(path), case, str(popmort), method],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--no-r", action="store_true", help="do not run R even when it is installed")
    args = parser.parse_args(argv)
    if not (SHARED / "finland-colon" / "colon.csv").exists():
        sys.exit(f"../shared/data is not present at {SHARED}: nothing to benchmark.")
    small, big = (2_000, 50_000) if args.quick else (20_000, 1_000_000)
    with_r = not args.no_r and r_available()
    cases = [
        ("colon", 15_564, "Finnish colon (popmort)"),
        ("synthetic", small, "synthetic (slopop)"),
        ("synthetic", big, "synthetic (slopop)"),
    ]
    rows, r_small = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for case, n, label in cases:
            for method in METHODS:
                py = run_python(case, n, method)
                r, note = None, ""
                if with_r and n <= small or (with_r and case == "colon"):
                    r = run_r(case, n, method, Path(tmp))
                    if case == "synthetic":
                        r_small[method] = r
                elif with_r and method in r_small:
                    scale = n / small
                    r = {
                        "seconds": r_small[method]["seconds"] * scale,
                        "peak_mb": float("nan"),
                        "five": float("nan"),
                    }
                    note = f" (R extrapolated x{scale:g})"
                rows.append((label, n, method, py, r, note))
    print(report(rows, with_r))


def report(rows, with_r: bool) -> str:
    lines = [
        f"Net survival benchmark: Python {platform.python_version()}, numpy {np.__version__}, "
        f"{platform.machine()}, {_cpus()}.",
        "R (relsurv::rs.surv, same machine): "
        + ("run" if with_r else "not run (Rscript with relsurv is not installed, or --no-r)")
        + ".",
        "",
        "| data | people | method | Python s | Python peak MB | R s | R peak MB | speed-up | "
        "5-year (Python / R) |",
        "|---|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for label, n, method, py, r, note in rows:
        r_s = f"{r['seconds']:.2f}" if r else "-"
        r_mb = f"{r['peak_mb']:.0f}" if r and np.isfinite(r["peak_mb"]) else "-"
        speed = f"{r['seconds'] / py['seconds']:.0f}x" if r else "-"
        five = f"{py['five']:.6f}" + (f" / {r['five']:.6f}" if r and np.isfinite(r["five"]) else "")
        lines.append(
            f"| {label}{note} | {n:,} | {method} | {py['seconds']:.2f} | {py['peak_mb']:.0f} | "
            f"{r_s} | {r_mb} | {speed} | {five} |"
        )
    return "\n".join(lines)


def _cpus() -> str:
    import os

    return f"{os.cpu_count()} CPUs (shared)"


if __name__ == "__main__":
    main()
