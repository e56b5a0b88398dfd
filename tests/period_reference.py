"""A deliberately slow, obvious period analysis, for tests/test_period.py.

Plain Python: dictionaries and loops over groups, intervals and cohorts; nothing
from ``survival``. For window ``[P1, P2]`` (and, for hybrid analysis, last
cohort ``D``) interval ``k`` adds the counts of cohorts ``P1 - k + 1 ... min(P2 - k
+ 1, D)`` and averages expected survival over the people alive at its start;
then the actuarial estimate, Greenwood's standard error, the log(-log) interval
and SEER*Stat's relative-survival convention (interval relative survival
capped at 1, cumulative the running minimum of min(1, observed / expected),
its standard error and limits those of the interval where the minimum was
reached, limits capped at 1). As in SEER*Stat, an interval in which everyone
left alive was withdrawn is not estimated (NaN).
"""

from __future__ import annotations

import math
from statistics import NormalDist


def slow_period(
    rows: list[dict], groups: list[str], window: tuple[int, int], last_cohort=None, conf_level: float = 0.95
) -> dict[tuple, list[dict]]:
    """Period estimates per group: a list of dicts per interval, in order.

    ``rows`` are dicts with the group labels, ``year`` (int), ``k`` (1-based
    interval), ``alive``, ``died``, ``lost`` and ``expected``.
    """
    first, last = window
    end = last if last_cohort is None else last_cohort
    cells = {}
    for row in rows:
        cells[(tuple(row[g] for g in groups), row["year"], row["k"])] = row
    out = {}
    for group in dict.fromkeys(tuple(row[g] for g in groups) for row in rows):
        pooled = []
        k = 1
        while True:
            n = d = w = weighted = 0.0
            cohorts = []
            for year in range(first - k + 1, min(last - k + 1, end) + 1):
                cell = cells.get((group, year, k))
                if cell is None:
                    continue
                n += cell["alive"]
                d += cell["died"]
                w += cell["lost"]
                weighted += cell["alive"] * cell["expected"]
                cohorts.append(year)
            if not cohorts:
                break
            pooled.append(
                {
                    "k": k,
                    "alive": n,
                    "died": d,
                    "lost": w,
                    "expected": weighted / n,
                    "first_cohort": min(cohorts),
                    "last_cohort": max(cohorts),
                }
            )
            if n - d - w == 0 and w > 0:
                break  # nothing can be carried past an interval that is not estimated
            k += 1
        out[group] = _actuarial(pooled, conf_level)
    return out


def _cap(x: float) -> float:
    return x if math.isnan(x) else min(1.0, x)


def _loglog(s: float, se: float, z: float) -> tuple[float, float]:
    if not 0 < s < 1:
        return s, s
    sigma = se / (s * abs(math.log(s)))
    return s ** math.exp(z * sigma), s ** math.exp(-z * sigma)


def _actuarial(pooled: list[dict], conf_level: float) -> list[dict]:
    z = NormalDist().inv_cdf(0.5 + conf_level / 2)
    survival, greenwood, expected = 1.0, 0.0, 1.0
    best = None  # (ratio, se, low, high) where the running minimum was reached
    for item in pooled:
        if item["alive"] - item["died"] - item["lost"] == 0 and item["lost"] > 0:
            survival = math.nan  # everyone left was withdrawn: SEER*Stat does not estimate it
        effective = item["alive"] - item["lost"] / 2
        p = 1 - item["died"] / effective if not math.isnan(survival) else math.nan
        survival *= p
        if effective - item["died"] > 0:
            greenwood += item["died"] / (effective * (effective - item["died"]))
        se = survival * math.sqrt(greenwood) if not survival <= 0 else 0.0
        low, high = _loglog(survival, se, z) if not math.isnan(survival) else (math.nan, math.nan)
        expected *= item["expected"]
        current = (survival / expected, se / expected, low / expected, high / expected)
        if math.isnan(survival):
            best = (math.nan,) * 4
        elif best is None or current[0] <= best[0]:  # ties: the latest, as SEER*Stat
            best = current
        item.update(
            observed=survival,
            observed_se=se,
            observed_low=low,
            observed_high=high,
            cumulative_expected=expected,
            relative=_cap(best[0]),
            relative_se=best[1],
            relative_low=_cap(best[2]),
            relative_high=_cap(best[3]),
            relative_interval=_cap(p / item["expected"]),
        )
    return pooled
