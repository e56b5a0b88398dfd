"""How fast period analysis and the joinpoint survival model run: ``python -m benchmarks.trends``.

Prints Markdown: the median wall time over repeated runs of

* the joinpoint search with up to 3 joinpoints (every allowed location with
  JPSurv's spacing, BIC choice, final covariance) on a simulated, complete
  39-year x 38-interval table (1,482 rows, 2,925 sets of three locations) and
  on the bundled breast data for Localized, 45-65s (38 years, 741 rows);
* the trend summaries of the chosen model (hazard and survival trends,
  projections at 1, 5 and 10 years for 43 years);
* period analysis of the bundled breast single-year tables for the latest
  complete window (12 stage x age groups, all intervals).

The goal for the joinpoint search on the 39 x 38 table is under 2 s on the
project's machine (2 cores). ``--repeats N`` sets the number of runs (default 5).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import numpy as np

GOAL_SECONDS = 2.0


def simulated_table(seed: int = 2026):
    """39 years x 38 intervals, every cell observed, two true joinpoints."""
    from survival.estimate.joinpoint_data import JoinpointData

    rng = np.random.default_rng(seed)
    years, intervals = np.arange(1975, 2014), np.arange(1, 39)
    yy, jj = (a.ravel() for a in np.meshgrid(years, intervals, indexing="ij"))
    b = -0.01 * (yy - 1975) - 0.04 * np.maximum(yy - 1990, 0) + 0.03 * np.maximum(yy - 2002, 0)
    alive = rng.integers(2000, 6000, yy.size)
    expected = np.full(yy.size, 0.985)
    p = expected * np.exp(-np.exp(np.linspace(-2.5, -4.5, 38)[jj - 1] + b))
    died = rng.binomial(alive, 1 - p)
    return JoinpointData(yy, jj, alive, died, np.zeros(yy.size), expected, "simulated 39 x 38", 2051)


def timed(function, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)

    from survival.datasets.catalogue import load_dataset
    from survival.estimate.cohorts import single_year_table
    from survival.estimate.joinpoint import fit_joinpoint
    from survival.estimate.joinpoint_data import bundled_joinpoint_data
    from survival.estimate.joinpoint_trends import cumulative_survival, hazard_trends, survival_trends
    from survival.estimate.period import latest_complete_window, period_survival

    lifetables = load_dataset().lifetables
    synthetic = simulated_table()
    breast = bundled_joinpoint_data(lifetables, "Localized", "45-65s")
    rows = []
    for name, data in (
        ("simulated 39 years x 38 intervals", synthetic),
        ("breast Localized, 45-65s (38 years)", breast),
    ):
        seconds, fit = timed(lambda d=data: fit_joinpoint(d, 3), args.repeats)
        rows.append(
            (
                f"joinpoint search, up to 3, {name}",
                seconds,
                f"{len(data.year)} rows, {sum(fit.candidates)} fits; chose {fit.best.joinpoints}",
            )
        )
    summary, _ = timed(
        lambda: (
            hazard_trends(fit.best),
            survival_trends(fit.best, 5),
            cumulative_survival(fit.best, (1, 5, 10)),
        ),
        args.repeats,
    )
    rows.append(
        ("trend summaries of the chosen breast model", summary, "hazard, 5-year survival, 3 x 43 projections")
    )
    yearly = single_year_table(lifetables)
    window = latest_complete_window(yearly)
    seconds, est = timed(lambda: period_survival(yearly, window), args.repeats)
    rows.append(
        (
            f"period analysis {window[0]}-{window[1]}, breast",
            seconds,
            f"{len(est.estimate.group_list)} groups, {len(est.estimate.frame)} intervals",
        )
    )

    print("# Period analysis and joinpoint trends: speed\n")
    print(
        f"{platform.platform()}, Python {platform.python_version()}, numpy {np.__version__}, "
        f"{os.cpu_count()} cores; median of {args.repeats} runs.\n"
    )
    print("| what | median | notes |\n| --- | ---: | --- |")
    for what, seconds, notes in rows:
        print(f"| {what} | {seconds:.3f} s | {notes} |")
    verdict = "met" if rows[0][1] < GOAL_SECONDS else "missed"
    print(f"\nGoal: joinpoint search on the 39 x 38 table under {GOAL_SECONDS:g} s: **{verdict}**.")


if __name__ == "__main__":
    main()
