"""Print the Markdown table of period estimates in docs/period-and-joinpoint.md.

Run from the project root: ``python docs/scripts/period_table.py``. Bundled
seer-breast single-year life tables, all ages, by stage, for the latest
complete five-year window; observed and relative survival (SEER*Stat
convention) at 1, 3, 5 and 10 years with 95% log(-log) intervals.
"""

from __future__ import annotations

from survival.datasets.catalogue import load_dataset
from survival.estimate.cohorts import single_year_table
from survival.estimate.period import latest_complete_window, period_survival


def percent(value: float, low: float, high: float) -> str:
    return f"{100 * value:.1f} ({100 * low:.1f}-{100 * high:.1f})"


def main() -> None:
    yearly = single_year_table(load_dataset().lifetables)
    window = latest_complete_window(yearly)
    est = period_survival(yearly, window)
    rows = est.at((1, 3, 5, 10))
    rows = rows[rows["age"] == "All ages"]
    print(f"{est.label}, all ages; % (95% CI).\n")
    print("| stage | years | observed | relative | cohorts |")
    print("| --- | ---: | ---: | ---: | --- |")
    for r in rows.itertuples():
        print(
            f"| {r.stage} | {r.years:g} | {percent(r.observed, r.observed_low, r.observed_high)} | "
            f"{percent(r.relative, r.relative_low, r.relative_high)} | "
            f"{int(r.first_cohort)}-{int(r.last_cohort)} |"
        )


if __name__ == "__main__":
    main()
