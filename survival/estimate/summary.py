"""Key figures of one group: survival at set times, median, conditional survival."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from survival.errors import SurvivalDataError
from survival.estimate.actuarial import LifeTableEstimate, actuarial
from survival.estimate.conditional import conditional_lifetable
from survival.estimate.results import Median, SurvivalCurve
from survival.estimate.rmst import restricted_mean
from survival.tables.lifetable import LifeTable


@dataclass(frozen=True)
class Estimate:
    """One survival figure with its confidence interval (NaN when not estimable)."""

    value: float
    low: float
    high: float


@dataclass(frozen=True)
class SurvivalAt:
    """Observed and relative survival ``years`` after diagnosis."""

    years: float
    observed: Estimate
    relative: Estimate | None
    at_risk: float


@dataclass(frozen=True)
class ConditionalAt:
    """Survival for ``more_years`` more years among people alive ``given`` years after diagnosis."""

    given: float
    more_years: float
    observed: Estimate
    relative: Estimate | None
    alive_at_given: float


@dataclass(frozen=True)
class RmstAt:
    """Restricted mean survival time up to ``tau`` years: the average years lived of the first ``tau``."""

    tau: float
    estimate: float
    low: float
    high: float


@dataclass(frozen=True)
class Summary:
    """Key figures of one group's life table.

    Attributes
    ----------
    label : str
        A display name for the group.
    diagnosed : int
        People alive at the start of the first interval.
    survival : tuple of SurvivalAt
        Observed and relative survival at each time asked for.
    median : Median
        Median observed survival.
    conditional : tuple of ConditionalAt
        Survival for ``more_years`` more years, for people alive ``given``
        years after diagnosis.
    conf_level : float
        Level of the confidence intervals.
    convention, convention_text : str
        The relative-survival convention, as a name and in words.
    rmst : tuple of RmstAt
        Restricted mean survival time (observed) up to each horizon the
        curve reaches, with its confidence interval.
    """

    label: str
    diagnosed: int
    survival: tuple[SurvivalAt, ...]
    median: Median
    conditional: tuple[ConditionalAt, ...]
    conf_level: float
    convention: str
    convention_text: str
    rmst: tuple[RmstAt, ...] = ()

    def to_dict(self) -> dict:
        """A JSON-ready dict (NaN becomes None)."""
        return _clean(asdict(self))


def _clean(value):
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def summarize(
    table: LifeTable,
    *,
    times=(1, 3, 5, 10),
    given=(1, 2, 3),
    more_years: float = 5,
    conf_level: float = 0.95,
    convention: str = "seer",
    label: str = "",
    rmst_horizons=(5, 10),
) -> Summary:
    """Summarise a one-group life table.

    Parameters
    ----------
    table : LifeTable
        Exactly one group (use :meth:`LifeTable.select` or :meth:`LifeTable.pool`).
    times : sequence of float
        Years after diagnosis at which to report survival.
    given, more_years : sequence of float, float
        Conditional survival: ``more_years`` more years after each ``given``.
    conf_level : float
        Confidence level.
    convention : {"seer", "ratio"}
        Relative-survival convention.
    label : str
        A display name (default: the group's labels).
    rmst_horizons : sequence of float
        Horizons (interval ends) for the restricted mean survival time.

    Returns
    -------
    Summary
        Figures beyond follow-up are NaN (``None`` in :meth:`Summary.to_dict`).

    Raises
    ------
    SurvivalDataError
        When the table has more than one group.
    """
    groups = table.groups()
    if len(groups) != 1:
        raise SurvivalDataError(
            f"The summary needs one group; the table has {len(groups)}",
            table.source,
            "select one group or pool the others",
        )
    est = actuarial(table, conf_level=conf_level, convention=convention)
    observed = est.observed(groups[0])
    relative = est.relative(groups[0]) if est.has_expected else None
    return Summary(
        label=label or ", ".join(groups[0]),
        diagnosed=int(table.frame["alive"].iloc[0]),
        survival=tuple(_survival_at(observed, relative, t) for t in times),
        median=observed.median(),
        conditional=tuple(_conditional(table, g, more_years, conf_level, convention) for g in given),
        conf_level=conf_level,
        convention=convention,
        convention_text=est.convention_text,
        rmst=tuple(
            _rmst(observed, tau, conf_level)
            for tau in rmst_horizons
            if np.any(np.isclose(observed.time, tau))
        ),
    )


def _rmst(curve: SurvivalCurve, tau: float, conf_level: float) -> RmstAt:
    result = restricted_mean(curve, tau, conf_level=conf_level)
    return RmstAt(float(tau), result.estimate, result.ci_low, result.ci_high)


def _estimate(curve: SurvivalCurve | None, t: float) -> Estimate | None:
    if curve is None:
        return None
    low, high = curve.ci_at(t)
    return Estimate(float(curve.at(t)[0]), float(low[0]), float(high[0]))


def _survival_at(observed: SurvivalCurve, relative: SurvivalCurve | None, t: float) -> SurvivalAt:
    index = np.flatnonzero(np.isclose(observed.time, t))
    at_risk = float(observed.n_at_risk[index[0]]) if index.size else float("nan")
    return SurvivalAt(t, _observed(observed, t), _estimate(relative, t), at_risk)


def _observed(curve: SurvivalCurve, t: float) -> Estimate:
    """:func:`_estimate` of a curve that is always there (observed survival)."""
    estimate = _estimate(curve, t)
    assert estimate is not None
    return estimate


def _conditional(
    table: LifeTable, given: float, more: float, conf_level: float, convention: str
) -> ConditionalAt:
    starts = table.frame["interval_start"].to_numpy()
    if not np.any(np.isclose(starts, given)):
        nan = Estimate(float("nan"), float("nan"), float("nan"))
        return ConditionalAt(given, more, nan, nan if table.has_expected else None, 0.0)
    sub = conditional_lifetable(table, given)
    est: LifeTableEstimate = actuarial(sub, conf_level=conf_level, convention=convention)
    group = est.groups()[0]
    observed = est.observed(group)
    relative = est.relative(group) if est.has_expected else None
    return ConditionalAt(
        given, more, _observed(observed, more), _estimate(relative, more), float(sub.frame["alive"].iloc[0])
    )
