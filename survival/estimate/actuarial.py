"""The actuarial life-table estimator SEER*Stat uses, vectorised over groups.

Per interval, with ``n`` alive at the start, ``d`` deaths and ``w`` lost
(withdrawn alive), the effective number at risk is ``n' = n - w/2``
(withdrawals count half), interval survival is ``p = 1 - d/n'``, and
cumulative survival is the product of the ``p`` so far. Greenwood's standard
error of cumulative survival is ``S * sqrt(sum d / (n' (n' - d)))``; the
confidence interval is log(-log) (:func:`survival.estimate.intervals.loglog_interval`).
Relative survival (Ederer II) is added from the ``expected`` column by
:mod:`survival.estimate.relative`, in the convention asked for.

An interval in which everyone left alive was lost to follow-up (nobody is
alive at its end and some were lost) is not estimated, as in SEER*Stat: its
survival columns are empty. This is the usual last interval of a cohort
whose follow-up ends at the study cut-off.

For every row of the real SEER*Stat export these columns equal SEER*Stat's
own to half a printed unit (``tests/test_lifetable_estimate.py``); the formulas and
references are in ``docs/methods.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from survival.estimate.intervals import loglog_interval, z_value
from survival.estimate.relative import CONVENTION_TEXT, check_convention, relative_columns
from survival.estimate.results import SurvivalCurve
from survival.estimate.segments import bounds_of, cumprod, cumsum
from survival.io.names import ESTIMATE_COLUMNS
from survival.tables.lifetable import INTERVAL_COLUMNS, LifeTable, combine_labels, only_group

OUTPUT_COLUMNS = ESTIMATE_COLUMNS  # the one list, in survival.io.names


@dataclass(frozen=True, eq=False)
class LifeTableEstimate:
    """Actuarial observed (and relative) survival for every group of a life table.

    Use :meth:`to_frame` for the full table and :meth:`observed` /
    :meth:`relative` / :meth:`expected` for one group's curve.

    Attributes
    ----------
    frame : DataFrame
        Group columns, then :data:`OUTPUT_COLUMNS`: one row per group and
        interval, cumulative figures at the interval's end, empty (NaN) where
        the interval is not estimated.
    group_columns : tuple of str
        The grouping columns, in order.
    conf_level : float
        Level of the confidence intervals.
    convention : {"seer", "ratio"}
        The relative-survival convention (see :mod:`survival.estimate.relative`).
    has_expected : bool
        Whether expected survival was given, so relative survival is known.
    conf_type : str
        ``"log-log"``.
    """

    frame: pd.DataFrame
    group_columns: tuple[str, ...]
    conf_level: float
    convention: str
    has_expected: bool
    conf_type: str = "log-log"
    group_list: tuple = field(default=(), repr=False)
    bounds: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64), repr=False)

    @property
    def convention_text(self) -> str:
        """Which relative-survival convention the numbers follow, in words."""
        return CONVENTION_TEXT[self.convention]

    def to_frame(self) -> pd.DataFrame:
        """Group columns then :data:`OUTPUT_COLUMNS`, one row per group and interval."""
        return self.frame.copy()

    def groups(self) -> list[tuple]:
        """The distinct groups, as tuples of labels."""
        return list(self.group_list)

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

    def group_frame(self, group: tuple | None = None) -> pd.DataFrame:
        """The estimated intervals of one group (the rows its curves are drawn from)."""
        rows = self._group_rows(group)
        return rows[rows["observed"].notna()]

    def group_rows(self, group: tuple | None = None) -> pd.DataFrame:
        """Every interval of one group, estimated or not; with ``None``, of the only group."""
        return self._group_rows(group)

    def _group_rows(self, group: tuple | None) -> pd.DataFrame:
        """Rows of ``group``; with ``None``, of the only group (or an error)."""
        group = only_group(self.groups(), group, "estimate")
        if len(group) != len(self.group_columns):
            raise KeyError(f"Give one label for each of {self.group_columns} (got {group}).")
        try:
            i = self.group_list.index(group)
        except ValueError:
            raise KeyError(f"No group {group} in this table.") from None
        return self.frame.iloc[self.bounds[i] : self.bounds[i + 1]]

    def _key(self, group: tuple | None) -> tuple:
        return only_group(self.groups(), group, "estimate")

    def _curve(self, group: tuple | None, measure: str, label: str | None) -> SurvivalCurve:
        rows = self.group_frame(group)
        start = float(rows["interval_start"].iloc[0]) if len(rows) else 0.0
        values = rows[measure].to_numpy(dtype=float)
        if measure == "expected":
            se, low, high = np.zeros_like(values), values, values
        else:
            se, low, high = (rows[f"{measure}_{s}"].to_numpy(dtype=float) for s in ("se", "low", "high"))

        def lead(array, first: float) -> np.ndarray:
            return np.r_[first, np.asarray(array, dtype=float)]

        return SurvivalCurve(
            time=lead(rows["interval_end"], start),
            survival=lead(values, 1.0),
            se=lead(se, 0.0),
            ci_low=lead(low, 1.0),
            ci_high=lead(high, 1.0),
            n_at_risk=lead(rows["alive"], 0),
            n_events=lead(rows["died"], 0),
            n_censored=lead(rows["lost"], 0),
            conf_level=self.conf_level,
            method="actuarial",
            measure=measure,
            convention=self.convention if measure == "relative" else "",
            label=label if label is not None else combine_labels(self._key(group)),
            start=start,
        )


LAST_INTERVAL = ("blank", "estimate")


def actuarial(
    table: LifeTable, *, conf_level: float = 0.95, convention: str = "seer", last_interval: str = "blank"
) -> LifeTableEstimate:
    """Estimate actuarial observed and, when expected survival is known, relative survival.

    Parameters
    ----------
    table : LifeTable
        Validated counts.
    conf_level : float
        Level of the log(-log) confidence intervals.
    convention : {"seer", "ratio"}
        Relative-survival convention (see :mod:`survival.estimate.relative`).
    last_interval : {"blank", "estimate"}
        An interval in which everyone left alive was lost (follow-up ended
        during it) is left blank, as current SEER*Stat does ("blank"), or
        estimated like any other, withdrawals counting half, as older
        SEER*Stat sessions did ("estimate").

    Returns
    -------
    LifeTableEstimate
        Every group's interval and cumulative observed survival with Greenwood
        standard errors and confidence limits, and, with expected survival,
        expected and relative survival.

    Raises
    ------
    ValueError
        For a confidence level outside (0, 1) or an unknown convention.

    See Also
    --------
    survival.estimate.kaplan_meier.kaplan_meier : Kaplan-Meier for one row per person.
    survival.estimate.conditional.conditional_lifetable : conditional survival.

    Examples
    --------
    >>> from survival import actuarial, load_dataset
    >>> data = load_dataset()
    >>> est = actuarial(data.table(data.select("distant")))
    >>> round(float(est.observed().at(5)[0]), 3)
    0.265
    """
    check_convention(convention)
    z_value(conf_level)
    if last_interval not in LAST_INTERVAL:
        raise ValueError(f"last_interval must be one of {LAST_INTERVAL} (got {last_interval!r}).")
    frame = table.frame
    keys = list(table.group_columns)
    if keys:
        codes = frame.groupby(keys, sort=False).ngroup().to_numpy()
        if np.any(np.diff(codes) < 0):  # groups not contiguous: make them so
            frame = frame.iloc[np.argsort(codes, kind="stable")].reset_index(drop=True)
            codes = np.sort(codes, kind="stable")
    else:
        codes = np.zeros(len(frame), dtype=np.int64)
    bounds = bounds_of(codes)
    columns = {c: frame[c].to_numpy() for c in keys + list(INTERVAL_COLUMNS) + ["alive", "died", "lost"]}
    columns.update(observed_columns(columns, bounds, conf_level, blank_last=last_interval == "blank"))
    if table.has_expected:
        columns["expected_interval"] = frame["expected"].to_numpy(dtype=float)
        columns.update(relative_columns(columns, bounds, convention))
    nan = np.full(len(frame), np.nan)
    out = pd.DataFrame({c: columns.get(c, nan) for c in keys + list(OUTPUT_COLUMNS)})
    groups = tuple(tuple(r) for r in frame[keys].iloc[bounds[:-1]].itertuples(index=False)) if keys else ((),)
    return LifeTableEstimate(
        out, tuple(keys), conf_level, convention, table.has_expected, group_list=groups, bounds=bounds
    )


def observed_columns(
    columns: dict, bounds: np.ndarray, conf_level: float, blank_last: bool = True
) -> dict[str, np.ndarray]:
    """Interval and cumulative observed survival, Greenwood SEs and log(-log) limits.

    ``columns`` holds ``alive``, ``died`` and ``lost`` per row, the rows of
    group ``i`` being ``bounds[i]:bounds[i + 1]``; the result maps column
    names (``observed_interval``, ``observed_interval_se``, ``observed``,
    ``observed_se``, ``observed_low``, ``observed_high``) to arrays of the same
    length, NaN in intervals that are not estimated (with ``blank_last``,
    those in which everyone left alive was lost).
    """
    alive, died, lost = (np.asarray(columns[c], dtype=float) for c in ("alive", "died", "lost"))
    effective = alive - lost / 2
    incomplete = (alive - died - lost == 0) & (lost > 0) & blank_last
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(incomplete, np.nan, 1 - died / effective)
        term = np.where(effective - died > 0, died / (effective * (effective - died)), 0.0)
    term = np.where(incomplete, np.nan, term)
    cumulative = cumprod(p, bounds)
    greenwood = cumsum(term, bounds)
    se = np.where(incomplete, np.nan, np.where(cumulative > 0, cumulative * np.sqrt(greenwood), 0.0))
    interval_se = np.where(incomplete, np.nan, np.where(p > 0, p * np.sqrt(term), 0.0))
    low, high = loglog_interval(cumulative, se, conf_level)
    return {
        "observed_interval": p,
        "observed_interval_se": interval_se,
        "observed": cumulative,
        "observed_se": se,
        "observed_low": low,
        "observed_high": high,
    }
