"""Conditional survival: the chance of living longer, given years already lived.

For people alive ``g`` years after diagnosis, survival ``t`` years later is
``S(g + t) / S(g)``. Two routes give it: :func:`conditional_lifetable` keeps
the part of a life table from ``g`` on, to be estimated like any table (so
relative survival gets its convention applied to those survivors afresh), and
:func:`conditional_curve` divides any observed curve, actuarial or
Kaplan-Meier. The two agree (``tests/test_conditional.py``).
"""

from __future__ import annotations

import numpy as np

from survival.errors import SurvivalDataError
from survival.estimate.intervals import confidence_interval
from survival.estimate.results import SurvivalCurve
from survival.tables.lifetable import LifeTable


def conditional_lifetable(table: LifeTable, given: float) -> LifeTable:
    """The life table of the people alive ``given`` years after diagnosis.

    Estimating it gives conditional survival: observed survival ``S(t)/S(given)``
    with Greenwood terms from ``given`` on, and relative survival with its
    convention applied to that cohort afresh (as SEER*Stat's conditional
    survival does).

    Parameters
    ----------
    table : LifeTable
        Validated counts, one or more groups.
    given : float
        Years already lived; an interval boundary of every group.

    Returns
    -------
    LifeTable
        The intervals from ``given`` on, their times restarted at 0 (so a
        result at ``t`` is survival ``t`` more years). ``table`` itself when
        ``given`` is 0.

    Raises
    ------
    SurvivalDataError
        When ``given`` is not the start of an interval of some group (or no
        one there is followed that long).
    """
    frame = table.frame
    if given == 0:
        return table
    starts = frame["interval_start"].to_numpy()
    keys = list(table.group_columns)
    groups = frame.groupby(keys, sort=False) if keys else [((), frame)]
    for key, rows in groups:
        row_starts = rows["interval_start"].to_numpy()
        if not np.any(np.isclose(row_starts, given)):
            label = ", ".join(map(str, key if isinstance(key, tuple) else (key,))) or "the table"
            raise SurvivalDataError(
                f"No one in {label} is followed from {given:g} years on, or {given:g} is "
                "not an interval boundary",
                table.source,
                "choose a number of years lived that is the start of an interval with people at risk",
            )
    kept = frame[starts >= given - 1e-9].copy()
    kept["interval_start"] -= given
    kept["interval_end"] -= given
    return LifeTable(kept.reset_index(drop=True), table.group_columns, table.source)


def conditional_curve(curve: SurvivalCurve, given: float) -> SurvivalCurve:
    """Observed survival from ``given`` on, for people alive at ``given``.

    Times stay on the scale of time since diagnosis and start at ``given``.
    Survival is ``S(t) / S(given)``; its Greenwood variance sums the terms of
    the steps after ``given`` only (``d / (n (n - d))``, with ``n`` reduced by
    half the losses for actuarial curves).

    Parameters
    ----------
    curve : SurvivalCurve
        An observed curve, actuarial or Kaplan-Meier.
    given : float
        Years already lived: inside the curve's range and, for an actuarial
        curve, one of its interval ends.

    Returns
    -------
    SurvivalCurve
        Starting at ``(given, 1)``, with ``start = given`` and a band of the
        curve's level and transform (``conf_type``).

    Raises
    ------
    ValueError
        For relative or expected survival (use :func:`conditional_lifetable`),
        a ``given`` outside the curve or between interval ends, or no one
        alive at ``given``.
    """
    if curve.measure != "observed":
        raise ValueError(
            "conditional_curve works on observed survival; for relative survival "
            "estimate conditional_lifetable(...) instead."
        )
    if not curve.time[0] <= given < curve.time[-1]:
        raise ValueError(
            f"The curve runs from {curve.time[0]:g} to {curve.time[-1]:g} years; "
            f"'given' must lie in that range (got {given:g})."
        )
    if curve.method == "actuarial" and not np.any(np.isclose(curve.time, given)):
        raise ValueError(f"{given:g} is not an interval end of this actuarial curve.")
    base = float(curve.at(given)[0])
    if base <= 0:
        raise ValueError(f"No one is alive at {given:g} years, so nothing is conditional on it.")
    after = curve.time > given + 1e-12
    n = curve.n_at_risk - (curve.n_censored / 2 if curve.method == "actuarial" else 0)
    d = curve.n_events
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where((n - d) > 0, d / (n * (n - d)), 0.0)
    survival = np.r_[1.0, curve.survival[after] / base]
    variance_sum = np.r_[0.0, np.cumsum(term[after])]
    se = np.where(survival > 0, survival * np.sqrt(variance_sum), 0.0)
    low, high = confidence_interval(survival, se, curve.conf_level, curve.conf_type)
    return SurvivalCurve(
        time=np.r_[given, curve.time[after]],
        survival=survival,
        se=se,
        ci_low=low,
        ci_high=high,
        n_at_risk=np.r_[0, curve.n_at_risk[after]],
        n_events=np.r_[0, curve.n_events[after]],
        n_censored=np.r_[0, curve.n_censored[after]],
        conf_level=curve.conf_level,
        conf_type=curve.conf_type,
        method=curve.method,
        measure="observed",
        label=curve.label,
        start=given,
    )
