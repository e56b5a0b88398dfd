"""Expected and relative survival (Ederer II), with the conventions stated.

Expected interval survival is given per interval (by the registry, or pooled
as an alive-weighted mean, see :meth:`survival.tables.LifeTable.pool`);
cumulative expected survival is its running product, and relative survival
is observed survival divided by it. Relative survival is not the share of
people alive: it compares the group with people of the same age in the
general population.

Two conventions are offered:

``"ratio"``
    The plain ratio: cumulative relative survival = observed / expected,
    interval relative survival = observed interval / expected interval.
    It can exceed 1 and can rise from one interval to the next.
``"seer"``
    The convention of SEER*Stat's relative-survival exports: interval
    relative survival is capped at 1, and cumulative relative survival is the
    running minimum of min(1, observed / expected), so it never exceeds 1 and
    never rises. Its standard error (and confidence interval) is the one of
    the interval where that running minimum was reached.

In both, the standard error of cumulative relative survival is the
Greenwood standard error of observed survival divided by expected survival
(expected survival is treated as known without error), and the confidence
interval is the log(-log) interval of observed survival divided by expected.
In the SEER convention the cap at 1 applies to both bounds as well, so a
value capped at 1 whose whole interval lay above 1 shows the interval [1, 1]:
the data show no excess deaths there.
"""

from __future__ import annotations

import numpy as np

from survival.estimate.segments import argcummin, cumprod

CONVENTIONS = ("seer", "ratio")
CONVENTION_TEXT = {
    "seer": "SEER*Stat convention: interval relative survival capped at 1; cumulative "
    "relative survival is the running minimum of min(1, observed/expected)",
    "ratio": "plain ratio: relative survival = observed / expected, not capped",
}


def check_convention(convention: str) -> str:
    """Return ``convention`` if it is one of :data:`CONVENTIONS`, else raise ``ValueError``."""
    if convention not in CONVENTIONS:
        raise ValueError(f"Unknown relative-survival convention {convention!r}; use one of {CONVENTIONS}.")
    return convention


def relative_columns(columns: dict, bounds: np.ndarray, convention: str) -> dict[str, np.ndarray]:
    """Expected and relative survival columns, from observed ones and ``expected_interval``.

    ``columns`` holds, per group (rows ``bounds[i]:bounds[i+1]``) and interval
    in order, ``expected_interval``, ``observed_interval``,
    ``observed_interval_se``, ``observed``, ``observed_se``, ``observed_low``
    and ``observed_high``. Returns ``expected`` (cumulative),
    ``relative``, ``relative_se``, ``relative_low``, ``relative_high``,
    ``relative_interval`` and ``relative_interval_se``, NaN where observed
    survival is not estimated.
    """
    check_convention(convention)
    e_interval = columns["expected_interval"]
    expected = cumprod(e_interval, bounds)
    raw = columns["observed"] / expected
    pick = argcummin(raw, bounds) if convention == "seer" else np.arange(raw.size)
    valid = ~np.isnan(raw)

    def carried(name: str) -> np.ndarray:
        return np.where(valid, columns[name][pick] / expected[pick], np.nan)

    relative, low, high = carried("observed"), carried("observed_low"), carried("observed_high")
    interval = columns["observed_interval"] / e_interval
    if convention == "seer":
        interval, relative = np.minimum(1.0, interval), np.minimum(1.0, relative)
        low, high = np.minimum(1.0, low), np.minimum(1.0, high)
    return {
        "expected": expected,
        "relative": relative,
        "relative_se": carried("observed_se"),
        "relative_low": low,
        "relative_high": high,
        "relative_interval": interval,
        "relative_interval_se": columns["observed_interval_se"] / e_interval,
    }
