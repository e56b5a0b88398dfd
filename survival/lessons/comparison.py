"""What an educator reads beside a comparison of groups: interval types, medians, RMST, weighted tests.

Used by the "Compare groups" and "Your own data" pages and by the
"reproduce in Python" snippet, so all three show the same numbers:

* :func:`with_conf_type` gives a curve's band under another transform
  (log-log, log, plain, arcsine; :mod:`survival.estimate.intervals`), and
  :func:`compare_chart` draws a dataset's selections with it, the transform
  named in the data table's columns (the page names it in the title);
* :func:`median_table`: the median by both conventions, ``"first"`` and R's
  ``"midpoint"`` (:mod:`survival.estimate.quantiles`);
* :func:`rmst_table` and :func:`rmst_contrasts`: restricted mean survival time
  with its interval, and each group against the first (difference and ratio,
  as survRM2's ``rmst2``; :mod:`survival.estimate.rmst`);
* :func:`weighted_tests`: the log-rank test beside Fleming-Harrington weighted
  tests (Peto-Peto and others; :mod:`survival.estimate.weighted_logrank`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from survival.datasets.dataset import Dataset, Selection
from survival.estimate.intervals import CONF_TYPES, interval_name
from survival.estimate.results import SurvivalCurve
from survival.estimate.rmst import compare_rmst, restricted_mean
from survival.estimate.weighted_logrank import fleming_harrington_counts
from survival.io.individual import EventCounts
from survival.plot.dataset_charts import comparison_estimates

#: Each interval transform as a reader sees it named.
CONF_TYPE_NAMES = {
    "log-log": "log-log (SEER*Stat, lifelines)",
    "log": "log (R's default)",
    "plain": "plain (linear)",
    "arcsine": "arcsine square root",
}
CONVENTION_NAMES = {"first": "first time at or below 50%", "midpoint": "R's midpoint rule"}
#: The weighted log-rank tests shown, as (rho, gamma), and what each weighs most.
WEIGHTS = {
    (0.0, 0.0): "every death the same",
    (1.0, 0.0): "early deaths more",
    (0.0, 1.0): "late deaths more",
    (1.0, 1.0): "deaths in the middle more",
}
TEST_NOTE = (
    "**Which test when.** All four test the same thing: no difference between the groups. They "
    "differ in which deaths count most. The log-rank test counts every death the same; it suits "
    "groups whose risks stay in proportion over time. Peto-Peto counts early deaths more, when more "
    "people are at risk; it suits a gap that opens early and then fades. Fleming-Harrington G(0, 1) "
    "counts late deaths more; it suits curves that split apart only later. G(1, 1) stresses the "
    "middle. Choose the test before you look at the data: picking the smallest p-value afterwards "
    "gives false alarms more often than it says."
)


def selection_curves(
    dataset: Dataset,
    selections: Sequence[Selection],
    *,
    measure: str = "observed",
    method: str = "actuarial",
    conf_type: str = "log-log",
) -> tuple[SurvivalCurve, ...]:
    """One curve per selection (labelled by what differs), its band under ``conf_type``.

    The curves of :func:`survival.plot.dataset_charts.compare_chart`; relative
    survival keeps its own (log-log) band.

    Raises
    ------
    SurvivalDataError
        When a selection's period has no survival figures yet.
    """
    return comparison_estimates(
        dataset, selections, measure=measure, method=method, conf_type=conf_type
    ).curves


def median_table(curves: Sequence[SurvivalCurve]) -> pd.DataFrame:
    """Each curve's median and interval by both conventions (NaN: not reached, or not for actuarial).

    Columns: ``Group``, then for ``first`` and ``midpoint`` the median and its
    interval's limits, then ``Interval`` (level and transform).
    """
    rows = []
    for curve in curves:
        row: dict[str, object] = {"Group": curve.label}
        for convention in ("first", "midpoint"):
            if convention == "midpoint" and curve.method != "kaplan-meier":
                values = (np.nan, np.nan, np.nan)
            else:
                m = curve.median(convention)
                values = (m.value, m.ci_low, m.ci_high)
            for what, value in zip(("Median", "CI low", "CI high"), values):
                row[f"{what} ({convention})"] = float(value)
        row["Interval"] = interval_name(curve.conf_type, curve.conf_level)
        rows.append(row)
    return pd.DataFrame(rows)


def rmst_horizons(curves: Sequence[SurvivalCurve]) -> list[int]:
    """Whole years every curve reaches: the horizons an RMST can be read at."""
    last = min(c.last_time for c in curves)
    return list(range(1, int(np.floor(last + 1e-9)) + 1))


def rmst_table(curves: Sequence[SurvivalCurve], tau: float, conf_level: float = 0.95) -> pd.DataFrame:
    """Each Kaplan-Meier curve's RMST up to ``tau``, its standard error and interval, and time lost."""
    rows = []
    for curve in curves:
        r = restricted_mean(curve, tau, conf_level=conf_level)
        rows.append(
            {
                "Group": curve.label,
                "RMST (years)": r.estimate,
                "SE": r.se,
                "CI low": r.ci_low,
                "CI high": r.ci_high,
                "Years lost": r.time_lost,
            }
        )
    return pd.DataFrame(rows)


def rmst_contrasts(curves: Sequence[SurvivalCurve], tau: float, conf_level: float = 0.95) -> pd.DataFrame:
    """Each curve after the first against the first: RMST difference and ratio, intervals, p-values."""
    rows = []
    reference = curves[0]
    for curve in curves[1:]:
        c = compare_rmst(curve, reference, tau, conf_level=conf_level)
        rows.append(
            {
                "Comparison": f"{curve.label} vs {reference.label}",
                "Difference (years)": c.difference.estimate,
                "Difference CI low": c.difference.ci_low,
                "Difference CI high": c.difference.ci_high,
                "Difference p": c.difference.p_value,
                "Ratio": c.ratio.estimate,
                "Ratio CI low": c.ratio.ci_low,
                "Ratio CI high": c.ratio.ci_high,
                "Ratio p": c.ratio.p_value,
            }
        )
    return pd.DataFrame(rows)


def rmst_sentence(curve: SurvivalCurve, tau: float, conf_level: float = 0.95) -> str:
    """ "On average, people in <group> lived 3.2 of the first 5 years (95% CI 3.1 to 3.3)."""
    r = restricted_mean(curve, tau, conf_level=conf_level)
    return (
        f"On average, people in {curve.label} lived {r.estimate:.2f} of the first {tau:g} years "
        f"({conf_level:.0%} CI {r.ci_low:.2f} to {r.ci_high:.2f})."
    )


def weighted_tests(counts: EventCounts, groups: Sequence[tuple]) -> pd.DataFrame:
    """The log-rank test and the weighted tests of :data:`WEIGHTS` on the same groups.

    Columns ``Test``, ``Weighs``, ``Chi-squared``, ``df``, ``p``, ``rho``, ``gamma``.

    Raises
    ------
    ValueError
        For fewer than two groups or no deaths (as the tests).
    """
    rows = []
    for (rho, gamma), weighs in WEIGHTS.items():
        result = fleming_harrington_counts(counts, [tuple(g) for g in groups], rho=rho, gamma=gamma)
        rows.append(
            {
                "Test": result.name,
                "Weighs": weighs,
                "Chi-squared": result.statistic,
                "df": result.df,
                "p": result.p_value,
                "rho": rho,
                "gamma": gamma,
            }
        )
    return pd.DataFrame(rows)


__all__ = [
    "CONF_TYPES",
    "CONF_TYPE_NAMES",
    "TEST_NOTE",
    "interval_name",
    "median_table",
    "rmst_contrasts",
    "rmst_horizons",
    "rmst_sentence",
    "rmst_table",
    "selection_curves",
    "weighted_tests",
]
