"""Expected and relative survival (Ederer II), with the conventions stated.

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
import pandas as pd

CONVENTIONS = ("seer", "ratio")
CONVENTION_TEXT = {
    "seer": "SEER*Stat convention: interval relative survival capped at 1; cumulative "
            "relative survival is the running minimum of min(1, observed/expected)",
    "ratio": "plain ratio: relative survival = observed / expected, not capped",
}


def check_convention(convention: str) -> str:
    """Return ``convention`` if known, else raise ``ValueError``."""
    if convention not in CONVENTIONS:
        raise ValueError(f"Unknown relative-survival convention {convention!r}; use one of {CONVENTIONS}.")
    return convention


def add_relative_columns(out: pd.DataFrame, codes: np.ndarray, convention: str) -> None:
    """Add expected and relative survival columns to an actuarial estimate frame.

    ``out`` holds, per group (``codes``) and interval in order, the columns
    ``expected_interval``, ``observed_interval``, ``observed_interval_se``,
    ``observed``, ``observed_se``, ``observed_low``, ``observed_high``.
    """
    check_convention(convention)
    by = pd.Series(codes, index=out.index)
    expected = out["expected_interval"].groupby(by).cumprod()
    out["expected"] = expected
    ratio_interval = out["observed_interval"] / out["expected_interval"]
    out["relative_interval_se"] = out["observed_interval_se"] / out["expected_interval"]
    raw = out["observed"] / expected
    source = _row_of_minimum(raw, by) if convention == "seer" else np.arange(len(out))
    valid = ~np.isnan(source)
    pick = np.where(valid, source, 0).astype(int)

    def carried(column: str) -> np.ndarray:
        values = out[column].to_numpy()[pick] / expected.to_numpy()[pick]
        return np.where(valid, values, np.nan)

    relative = raw.to_numpy()[pick]
    low, high = carried("observed_low"), carried("observed_high")
    if convention == "seer":
        ratio_interval = np.minimum(1.0, ratio_interval)
        relative = np.minimum(1.0, relative)
        high = np.minimum(1.0, high)
        low = np.minimum(1.0, low)
    out["relative_interval"] = ratio_interval
    out["relative"] = np.where(valid, relative, np.nan)
    out["relative_se"] = carried("observed_se")
    out["relative_low"], out["relative_high"] = low, high


def _row_of_minimum(raw: pd.Series, by: pd.Series) -> np.ndarray:
    """For each row, the position of the row where the group's running minimum was reached."""
    running = raw.groupby(by).cummin()
    reached = raw.notna() & (raw <= running)
    position = pd.Series(np.where(reached, np.arange(len(raw)), np.nan), index=raw.index)
    position = position.groupby(by).ffill()
    return np.where(raw.notna(), position.to_numpy(), np.nan)
