"""One pipeline: estimate the groups of a life table or of individual records, for one method and measure.

:func:`estimate_groups` is what the command line (``lifetable``), the app's
pages (your own data, compare groups), the charts of a dataset's selections
and the "reproduce in Python" snippet all call. It returns one typed result,
:class:`GroupEstimates`: a curve per group (for charts and text) and one
table of every group's estimates (for display and export), made from the
same numbers.

Methods (one vocabulary everywhere): ``"actuarial"``, SEER*Stat's life-table
estimator (relative survival with expected survival, Ederer II), and
``"kaplan-meier"``: on individual records the exact-time estimator; on a
life table the reduced-sample estimate with deaths and losses placed at each
interval's end (:mod:`survival.estimate.lifetable_curves`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from survival.errors import SurvivalDataError
from survival.estimate.actuarial import LifeTableEstimate, actuarial
from survival.estimate.conditional import conditional_lifetable
from survival.estimate.intervals import check_conf_type
from survival.estimate.kaplan_meier import curves_frame, kaplan_meier_groups
from survival.estimate.lifetable_curves import counts_from_lifetable, lifetable_curve
from survival.estimate.relative import CONVENTION_TEXT
from survival.estimate.results import SurvivalCurve
from survival.io.individual import EventCounts
from survival.io.names import ESTIMATE_COLUMNS
from survival.tables.lifetable import LifeTable, combine_labels

METHODS = ("actuarial", "kaplan-meier")
MEASURES = ("observed", "relative")
#: Other names people type for a method, and the one they mean.
METHOD_ALIASES = {
    "km": "kaplan-meier",
    "kaplan_meier": "kaplan-meier",
    "life-table": "actuarial",
    "lifetable": "actuarial",
}
#: The Kaplan-Meier table's columns: the actuarial table's first twelve (no interval figures).
KM_COLUMNS = ESTIMATE_COLUMNS[:12]
METHOD_NAMES = {"actuarial": "actuarial", "kaplan-meier": "Kaplan-Meier"}


def method_name(method: str) -> str:
    """The one spelling of a method: ``"km"`` and ``"kaplan-meier"`` both give ``"kaplan-meier"``."""
    method = METHOD_ALIASES.get(method.strip().lower(), method.strip().lower())
    if method not in METHODS:
        raise SurvivalDataError(
            f"There is no method '{method}'",
            "the method option",
            f"choose one of: {', '.join(METHODS)} (km for short)",
        )
    return method


@dataclass(frozen=True, eq=False)
class GroupEstimates:
    """Every group's estimates by one method and measure: curves for charts, one table for export.

    Attributes
    ----------
    method : str
        ``"actuarial"`` or ``"kaplan-meier"``.
    measure : str
        The measure of :attr:`curves`: ``"observed"`` or ``"relative"``.
    conf_level : float
        Level of the confidence intervals.
    conf_type : str
        The interval's transform: ``"log-log"`` (the actuarial method's, as
        SEER*Stat), or for Kaplan-Meier ``"log"``, ``"plain"`` or ``"arcsine"``.
    convention : str
        The relative-survival convention (``"seer"`` or ``"ratio"``), empty
        when there is no relative survival.
    group_columns : tuple of str
        The grouping columns kept.
    groups : tuple of tuple
        The groups' labels, in order.
    labels : tuple of str
        A display name per group, unique ("Everyone" without groups).
    curves : tuple of SurvivalCurve
        One per group; a curve of only its starting point where nothing
        could be estimated.
    table : DataFrame
        The group columns, then the estimator's columns, one row per group
        and time (interval end).
    has_expected : bool
        Whether expected survival was known, so relative survival is too.
    source : str
        Where the data came from.
    lived : float
        Years already lived: 0, or the start of conditional curves.
    """

    method: str
    measure: str
    conf_level: float
    conf_type: str
    convention: str
    group_columns: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...]
    labels: tuple[str, ...]
    curves: tuple[SurvivalCurve, ...]
    table: pd.DataFrame
    has_expected: bool
    source: str = ""
    lived: float = 0.0

    @property
    def estimable(self) -> tuple[bool, ...]:
        """For each group, whether anything could be estimated."""
        return tuple(len(c.time) > 1 for c in self.curves)

    @property
    def convention_text(self) -> str:
        """The relative-survival convention in words (empty without relative survival)."""
        return CONVENTION_TEXT.get(self.convention, "") if self.has_expected else ""

    def curve(self, label: str) -> SurvivalCurve:
        """The curve of the group displayed as ``label``."""
        return self.curves[self.labels.index(label)]

    def medians(self, convention: str = "first") -> list[dict]:
        """Each group's median survival (years) with its interval, read from its curve.

        ``convention`` as :meth:`SurvivalCurve.median` (``"midpoint"`` for
        Kaplan-Meier only). NaN figures (not reached, no upper limit) are ``None``.
        """
        out = []
        for label, curve in zip(self.labels, self.curves):
            m = curve.median(convention)
            out.append(
                {
                    "group": label,
                    "median": _finite(m.value),
                    "ci_low": _finite(m.ci_low),
                    "ci_high": _finite(m.ci_high),
                    "reached": m.reached,
                    "last_time": float(m.last_time),
                    "convention": convention,
                }
            )
        return out

    def metadata(self) -> dict:
        """What the numbers are, for exports: method, measure, interval, convention, source."""
        return {
            "method": self.method,
            "measure": self.measure,
            "conf_level": self.conf_level,
            "conf_type": self.conf_type,
            "relative_convention": self.convention_text or None,
            "source": self.source,
        }


def estimate_groups(
    data: LifeTable | EventCounts,
    *,
    method: str = "actuarial",
    measure: str = "observed",
    by: Sequence[str] | None = None,
    groups: Sequence[tuple] | None = None,
    labels: Sequence[str] | None = None,
    conf_level: float = 0.95,
    conf_type: str = "log-log",
    convention: str = "seer",
    width: float = 1.0,
    lived: float = 0,
) -> GroupEstimates:
    """Estimate survival for the groups of a life table or of individual records.

    Parameters
    ----------
    data : LifeTable or EventCounts
        A validated life table, or individual records counted per group and time.
    method : {"actuarial", "kaplan-meier"}
        ``"km"`` is accepted for Kaplan-Meier.
    measure : {"observed", "relative"}
        The curves' measure; relative survival needs expected survival and
        the actuarial method.
    by : sequence of str, optional
        Group columns to keep; the others are pooled (counts add). Default: all.
    groups : sequence of tuple, optional
        The groups to estimate, in this order (labels in the order of the
        kept group columns). Default: every group.
    labels : sequence of str, optional
        Display names for ``groups`` (default: their labels joined).
    conf_level : float
        Level of the confidence intervals.
    conf_type : {"log-log", "log", "plain", "arcsine"}
        The interval's transform, as R's ``conf.type``; the actuarial method
        keeps SEER*Stat's log-log intervals.
    convention : {"seer", "ratio"}
        The relative-survival convention.
    width : float
        Years per interval when individual records are estimated by the
        actuarial method.
    lived : float
        Conditional survival of those alive ``lived`` years after diagnosis
        (life tables; 0 for everyone).

    Returns
    -------
    GroupEstimates

    Raises
    ------
    SurvivalDataError
        For a measure the data or method cannot give, or an unknown column.
    """
    method = method_name(method)
    if measure not in MEASURES:
        raise SurvivalDataError(
            f"There is no measure '{measure}'", "the measure option", f"choose one of: {', '.join(MEASURES)}"
        )
    check_conf_type(conf_type)
    if method == "actuarial" and conf_type != "log-log":
        raise SurvivalDataError(
            f"The actuarial method gives log-log intervals, as SEER*Stat does, not {conf_type}",
            "the interval type option",
            "use the Kaplan-Meier method (km) for other interval types, or choose log-log",
        )
    data = _pooled(data, by)
    if isinstance(data, EventCounts) and method == "actuarial":
        data = data.to_lifetable(width)
    if lived and isinstance(data, LifeTable):
        data = conditional_lifetable(data, lived)
    has_expected = isinstance(data, LifeTable) and data.has_expected
    if measure == "relative" and (method != "actuarial" or not has_expected):
        raise SurvivalDataError(
            "Relative survival needs expected survival and the actuarial method",
            data.source,
            "choose observed survival, or give expected survival (an expected column) and use the "
            "actuarial method",
        )
    chosen = [tuple(g) for g in (data.groups() if groups is None else groups)]
    names = _unique([combine_labels(g) or "Everyone" for g in chosen] if labels is None else list(labels))
    if isinstance(data, LifeTable) and method == "actuarial":
        est = actuarial(data, conf_level=conf_level, convention=convention)
        curves = [_actuarial_curve(est, g, measure, name) for g, name in zip(chosen, names)]
        table = _actuarial_table(est, chosen)
    else:
        curves = _km_curves(data, chosen, names, conf_level, conf_type)
        table = _km_table(curves, chosen, data.group_columns)
    return GroupEstimates(
        method=method,
        measure=measure,
        conf_level=conf_level,
        conf_type=conf_type,
        convention=convention if has_expected else "",
        group_columns=tuple(data.group_columns),
        groups=tuple(chosen),
        labels=names,
        curves=tuple(curves),
        table=table,
        has_expected=has_expected,
        source=data.source,
        lived=float(lived),
    )


def _pooled(data: LifeTable | EventCounts, by: Sequence[str] | None) -> LifeTable | EventCounts:
    if by is None or tuple(by) == tuple(data.group_columns):
        return data
    lower = {c.lower(): c for c in data.group_columns}
    missing = [b for b in by if b.lower() not in lower]
    if missing:
        raise SurvivalDataError(
            f"There is no group column '{missing[0]}'",
            f"{data.source}: the --by option",
            "choose from: " + (", ".join(data.group_columns) or "(the table has no groups)"),
        )
    return data.pool(list(dict.fromkeys(lower[b.lower()] for b in by)))


def _actuarial_curve(est: LifeTableEstimate, group: tuple, measure: str, label: str) -> SurvivalCurve:
    return est.relative(group, label) if measure == "relative" else est.observed(group, label)


def _actuarial_table(est: LifeTableEstimate, groups: list[tuple]) -> pd.DataFrame:
    frame = est.to_frame()
    if groups == est.groups():
        return frame
    parts = [est.group_rows(g) for g in groups]
    return pd.concat(parts, ignore_index=True) if parts else frame.iloc[:0]


def _km_curves(
    data: LifeTable | EventCounts,
    groups: list[tuple],
    names: Sequence[str],
    conf_level: float,
    conf_type: str,
) -> list[SurvivalCurve]:
    if isinstance(data, EventCounts):
        return kaplan_meier_groups(
            data, groups, labels=list(names), conf_level=conf_level, conf_type=conf_type
        )
    return [
        lifetable_curve(data, g, method="kaplan-meier", label=name, conf_level=conf_level).with_conf_type(
            conf_type
        )
        for g, name in zip(groups, names)
    ]


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _km_table(curves: list[SurvivalCurve], groups: list[tuple], columns: Sequence[str]) -> pd.DataFrame:
    """One row per group and time: the same numbers as the curves, with KM_COLUMNS."""
    return curves_frame(curves, groups, columns, empty=("expected", "relative", "relative_se"))


def _unique(labels: list[str]) -> tuple[str, ...]:
    """Group labels made unique ("a, b" can come from two different groups), in order."""
    seen: set[str] = set()
    out = []
    for label in labels:
        name, k = label, 2
        while name in seen:
            name, k = f"{label} ({k})", k + 1
        seen.add(name)
        out.append(name)
    return tuple(out)


def logrank_groups(
    data: LifeTable | EventCounts, groups: Sequence[tuple] | None = None, by: Sequence[str] | None = None
):
    """The log-rank test of ``groups`` (default all): exact times, or deaths at each interval's end.

    Returns ``None`` when there are fewer than two groups or no deaths in them.
    """
    from survival.estimate.kaplan_meier import logrank

    data = _pooled(data, by)
    counts = counts_from_lifetable(data) if isinstance(data, LifeTable) else data
    try:
        return logrank(counts, None if groups is None else [tuple(g) for g in groups])
    except ValueError:
        return None
