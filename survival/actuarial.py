"""The actuarial life-table estimator SEER*Stat uses, vectorised over groups.

Per interval, with ``n`` alive at the start, ``d`` deaths and ``w`` lost
(withdrawn alive), the effective number at risk is ``n' = n - w/2``
(withdrawals count half), interval survival is ``p = 1 - d/n'``, and
cumulative survival is the product of the ``p`` so far. Greenwood's standard
error of cumulative survival is ``S * sqrt(sum d / (n' (n' - d)))``; the
confidence interval is log(-log).

An interval in which everyone left alive was lost to follow-up (nobody is
alive at its end and some were lost) is not estimated, as in SEER*Stat: its
survival columns are empty. This is the usual last interval of a cohort
whose follow-up ends at the study cut-off.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from survival.intervals import loglog_interval
from survival.relative import CONVENTION_TEXT, add_relative_columns, check_convention
from survival.results import SurvivalCurve
from survival.tables import INTERVAL_COLUMNS, LifeTable, combine_labels, group_keys, group_mask

OUTPUT_COLUMNS = (
    "interval_start", "interval_end", "alive", "died", "lost",
    "observed", "observed_se", "observed_low", "observed_high",
    "expected", "relative", "relative_se", "relative_low", "relative_high",
    "observed_interval", "observed_interval_se", "expected_interval",
    "relative_interval", "relative_interval_se",
)


@dataclass(frozen=True, eq=False)
class LifeTableEstimate:
    """Actuarial observed (and relative) survival for every group of a life table.

    Use :meth:`to_frame` for the full table and :meth:`observed` /
    :meth:`relative` for one group's curve.
    """

    frame: pd.DataFrame
    group_columns: tuple[str, ...]
    conf_level: float
    convention: str
    has_expected: bool
    conf_type: str = "log-log"

    @property
    def convention_text(self) -> str:
        """Which relative-survival convention the numbers follow, in words."""
        return CONVENTION_TEXT[self.convention]

    def to_frame(self) -> pd.DataFrame:
        """Group columns then :data:`OUTPUT_COLUMNS`, one row per group and interval."""
        return self.frame.copy()

    def groups(self) -> list[tuple]:
        """The distinct groups, as tuples of labels."""
        return group_keys(self.frame, self.group_columns)

    def observed(self, group: tuple | None = None, label: str | None = None) -> SurvivalCurve:
        """Observed (all-cause) survival curve of one group."""
        return self._curve(group, "observed", label)

    def relative(self, group: tuple | None = None, label: str | None = None) -> SurvivalCurve:
        """Relative survival curve of one group (needs expected survival)."""
        if not self.has_expected:
            raise ValueError("This life table has no expected survival, so no relative survival.")
        return self._curve(group, "relative", label)

    def expected(self, group: tuple | None = None, label: str | None = None) -> SurvivalCurve:
        """Expected survival of comparable people in the general population."""
        if not self.has_expected:
            raise ValueError("This life table has no expected survival.")
        return self._curve(group, "expected", label)

    def _rows(self, group: tuple) -> pd.DataFrame:
        return self._group_rows(group)[lambda rows: rows["observed"].notna()]

    def _group_rows(self, group: tuple | None) -> pd.DataFrame:
        """Rows of ``group``; with ``None``, of the only group (or an error)."""
        if group is None:
            groups = self.groups()
            if len(groups) != 1:
                raise KeyError(f"The estimate has {len(groups)} groups; name one of {groups[:5]}...")
            group = groups[0]
        return self.frame[group_mask(self.frame, self.group_columns, group)]

    def _key(self, group: tuple | None) -> tuple:
        return self.groups()[0] if group is None else tuple(group)

    def _curve(self, group: tuple | None, measure: str, label: str | None) -> SurvivalCurve:
        rows = self._rows(group)
        start = float(rows["interval_start"].iloc[0]) if len(rows) else 0.0
        values = rows[measure].to_numpy(dtype=float)
        if measure == "expected":
            se, low, high = np.zeros_like(values), values, values
        else:
            se, low, high = (rows[f"{measure}_{s}"].to_numpy(dtype=float)
                             for s in ("se", "low", "high"))

        def lead(array, first: float) -> np.ndarray:
            return np.r_[first, np.asarray(array, dtype=float)]

        return SurvivalCurve(
            time=lead(rows["interval_end"], start), survival=lead(values, 1.0),
            se=lead(se, 0.0), ci_low=lead(low, 1.0), ci_high=lead(high, 1.0),
            n_at_risk=lead(rows["alive"], 0), n_events=lead(rows["died"], 0),
            n_censored=lead(rows["lost"], 0),
            conf_level=self.conf_level, method="actuarial", measure=measure,
            convention=self.convention if measure == "relative" else "",
            label=label if label is not None else combine_labels(self._key(group)), start=start,
        )


def actuarial(table: LifeTable, *, conf_level: float = 0.95, convention: str = "seer") -> LifeTableEstimate:
    """Estimate actuarial observed and, when expected survival is known, relative survival.

    Parameters
    ----------
    table : LifeTable
        Validated counts.
    conf_level : float
        Level of the log(-log) confidence intervals.
    convention : {"seer", "ratio"}
        Relative-survival convention (see :mod:`survival.relative`).
    """
    check_convention(convention)
    frame = table.frame
    keys = list(table.group_columns)
    codes = (frame.groupby(keys, sort=False).ngroup().to_numpy() if keys
             else np.zeros(len(frame), dtype=int))
    out = frame[keys + list(INTERVAL_COLUMNS) + ["alive", "died", "lost"]].copy()
    _add_observed_columns(out, codes, conf_level)
    if table.has_expected:
        out["expected_interval"] = frame["expected"].to_numpy()
        add_relative_columns(out, codes, convention)
    for column in OUTPUT_COLUMNS:
        if column not in out.columns:
            out[column] = np.nan
    out = out[keys + list(OUTPUT_COLUMNS)]
    return LifeTableEstimate(out, tuple(keys), conf_level, convention, table.has_expected)


def _add_observed_columns(out: pd.DataFrame, codes: np.ndarray, conf_level: float) -> None:
    alive, died, lost = (out[c].to_numpy(dtype=float) for c in ("alive", "died", "lost"))
    effective = alive - lost / 2
    incomplete = (alive - died - lost == 0) & (lost > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(incomplete, np.nan, 1 - died / effective)
        term = np.where(effective - died > 0, died / (effective * (effective - died)), 0.0)
    term = np.where(incomplete, np.nan, term)
    by = pd.Series(codes, index=out.index)
    cumulative = pd.Series(p, index=out.index).groupby(by).cumprod().to_numpy()
    greenwood = pd.Series(term, index=out.index).groupby(by).cumsum().to_numpy()
    cumulative = np.where(incomplete, np.nan, cumulative)
    se = np.where(cumulative > 0, cumulative * np.sqrt(greenwood), 0.0)
    se = np.where(incomplete, np.nan, se)
    out["observed_interval"] = p
    out["observed_interval_se"] = np.where(p > 0, p * np.sqrt(term), 0.0)
    out["observed_interval_se"] = np.where(incomplete, np.nan, out["observed_interval_se"])
    out["observed"] = cumulative
    out["observed_se"] = se
    low, high = loglog_interval(cumulative, se, conf_level)
    out["observed_low"], out["observed_high"] = low, high
