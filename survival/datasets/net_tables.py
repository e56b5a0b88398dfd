"""Net, cause-specific and age-standardised survival for every selection of a dataset, at whole years.

For each multi-year period of diagnosis in the description (the bundled
datasets list "all years" among them) and each combination of variable
labels, totals included, :func:`net_tables` estimates from the records:

``"net"``
    Pohar Perme net survival (:func:`~survival.estimate.net_survival.relative_survival`,
    ``method="pohar-perme"``, relsurv's convention), log-type 95% intervals;
``"cause-specific"``
    Kaplan-Meier with death from the cancer as the event
    (:func:`~survival.estimate.cause_specific.cause_specific_survival`), log(-log)
    intervals, where the records say which deaths were from the cancer;
``"relative-standardised"``, ``"net-standardised"``
    ICSS age-standardised Ederer II and Pohar Perme survival
    (:func:`~survival.estimate.net_standardise.age_standardised`), for selections of
    all ages, when the dataset has an ``age`` variable with a total.

Each curve is read at 0, 1, 2, ... years up to the last follow-up of the group
(at most ``years``); a standardised curve stops before the first year an ICSS
age group has no estimate. Beside each point are the counts of its yearly
interval ``(k - 1, k]``: people followed at its start, deaths (from any cause;
from the cancer for cause-specific survival) and censorings in it, as the
life tables count them. Records with follow-up 0 are left out, as relsurv does.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd

from survival.datasets.derive import YEAR, ordered, period_label
from survival.datasets.description import PERIOD, Description, Variable
from survival.estimate.cause_specific import cause_specific_survival
from survival.estimate.net_records import NetRecords
from survival.estimate.net_standardise import age_standardised, icss_band
from survival.estimate.net_survival import relative_survival
from survival.estimate.results import SurvivalCurve
from survival.population.table import PopulationTable

NET_FILE = "net.csv"
NET_COLUMNS = (
    "measure",
    "time",
    "survival",
    "se",
    "ci_low",
    "ci_high",
    "n_at_risk",
    "n_events",
    "n_censored",
)
STANDARDISED = {"relative-standardised": "ederer2", "net-standardised": "pohar-perme"}
AGE = "age"


def pooling_patterns(description: Description) -> list[tuple[Variable, ...]]:
    """Every set of variables pooled to their total (the empty set first), as derive's tables pool them."""
    totals = [v for v in description.variables if v.total is not None]
    return [pooled for k in range(len(totals) + 1) for pooled in combinations(totals, k)]


def net_tables(
    records: NetRecords,
    table: PopulationTable,
    description: Description,
    *,
    cancer_death: np.ndarray | None = None,
    icss: int = 1,
    years: int = 20,
    periods: Sequence[tuple[int, int]] | None = None,
    age_variable: str | None = AGE,
) -> pd.DataFrame:
    """The net-survival table of a dataset: one row per selection, measure and whole year.

    Parameters
    ----------
    records : NetRecords
        One row per person, grouped by the description's variables and ``year`` (of diagnosis).
    table : PopulationTable
        The population table the records were matched to.
    description : Description
        Variables (with totals) and multi-year periods.
    cancer_death : ndarray, optional
        1 where the person died of the cancer, 0 otherwise (aligned with ``records``); gives
        cause-specific survival.
    icss : int
        The ICSS standard (1, 2 or 3) for age standardisation.
    years : int
        The last whole year to read.
    periods : sequence of (int, int), optional
        The periods of diagnosis (default: the description's multi-year periods).
    age_variable : str or None
        The variable of age groups: age-standardised survival is given where it is pooled to
        its total. None when the dataset has no age groups, so that every selection covers
        all ages.

    Returns
    -------
    DataFrame
        The variables, ``period``, then :data:`NET_COLUMNS`, in the dataset's order.
    """
    names = [v.name for v in description.variables]
    keep = records.time > 0
    records = records.subset(keep)
    cancer = None if cancer_death is None else np.asarray(cancer_death).astype(np.int64)[keep]
    year = records.groups[YEAR].astype(int).to_numpy()
    parts = []
    for first, last in description.periods if periods is None else periods:
        inside = (year >= first) & (year <= last)
        if not inside.any():
            continue
        sub = records.subset(inside)
        sub_cancer = None if cancer is None else cancer[inside]
        for pooled in pooling_patterns(description):
            by = [n for n in names if n not in {v.name for v in pooled}]
            totals = {v.name: v.total for v in pooled}
            label = {PERIOD: period_label(first, last)}
            all_ages = age_variable is None or age_variable in totals
            for part in _selection_rows(sub, table, by, sub_cancer, icss, years, all_ages):
                parts.append(part.assign(**totals, **label))
    columns = names + [PERIOD] + list(NET_COLUMNS)
    if not parts:
        return pd.DataFrame(columns=columns)
    out = pd.concat(parts, ignore_index=True)[columns]
    return ordered(out, description, names + [PERIOD, "measure", "time"])


def _selection_rows(sub, table, by, cancer, icss, years, all_ages) -> list[pd.DataFrame]:
    groups, codes = sub.group_index(by)
    t_years = sub.time / sub.days_per_year
    died = sub.status == 1
    parts = []
    net = relative_survival(sub, table, method="pohar-perme", by=by)
    for g, group in enumerate(groups):
        mask = codes == g
        parts.append(_rows(by, group, "net", net.curve(group), t_years[mask], died[mask], years))
    if cancer is not None:
        frame = sub.groups[by].assign(_time=t_years, _cancer=cancer.astype(str))
        specific = cause_specific_survival(
            frame, time="_time", status="_cancer", time_unit="years", by=by, status_values={"1": 1, "0": 0}
        )
        for g, group in enumerate(groups):
            mask = codes == g
            curve = specific.curve(group)
            parts.append(_rows(by, group, "cause-specific", curve, t_years[mask], cancer[mask] == 1, years))
    if all_ages:
        parts += _standardised(sub, table, by, groups, codes, icss, years)
    return parts


def _standardised(sub, table, by, groups, codes, icss, years) -> list[pd.DataFrame]:
    adult = icss_band(sub.age / sub.days_per_year) >= 0
    t_years = sub.time / sub.days_per_year
    times = np.arange(years + 1, dtype=float)
    parts = []
    for measure, method in STANDARDISED.items():
        result = age_standardised(sub, table, standard=icss, times=times, method=method, by=by)
        for i, group in enumerate(result.groups):
            est = result.estimate[i]
            n = int(np.argmin(np.isfinite(est))) if not np.isfinite(est).all() else len(est)
            if n == 0:
                continue
            mask = (codes == groups.index(group)) & adult
            counts = _counts(t_years[mask], sub.status[mask] == 1, n - 1)
            frame = pd.DataFrame(
                {
                    "measure": measure,
                    "time": times[:n],
                    "survival": est[:n],
                    "se": result.se[i, :n],
                    "ci_low": result.ci_low[i, :n],
                    "ci_high": result.ci_high[i, :n],
                    **counts,
                }
            )
            parts.append(_labelled(frame, by, group))
    return parts


def _rows(by, group, measure: str, curve: SurvivalCurve, t: np.ndarray, event: np.ndarray, years: int):
    last = int(min(years, np.floor(curve.last_time + 1e-9)))
    times = np.arange(last + 1, dtype=float)
    low, high = curve.ci_at(times)
    frame = pd.DataFrame(
        {
            "measure": measure,
            "time": times,
            "survival": curve.at(times),
            "se": curve.se_at(times),
            "ci_low": low,
            "ci_high": high,
            **_counts(t, event, last),
        }
    )
    return _labelled(frame, by, group)


def _counts(t: np.ndarray, event: np.ndarray, last: int) -> dict[str, np.ndarray]:
    """Followed at the start of each yearly interval (k - 1, k], events and censorings in it; 0 first."""
    k = np.ceil(t).astype(np.int64)
    size = max(int(k.max(initial=0)), last) + 1
    leaving = np.bincount(k, minlength=size)
    events = np.bincount(k[event], minlength=size)
    at_start = leaving[::-1].cumsum()[::-1]
    n_at_risk = np.r_[0, at_start[1 : last + 1]]
    n_events = np.r_[0, events[1 : last + 1]]
    n_censored = np.r_[0, (leaving - events)[1 : last + 1]]
    return {"n_at_risk": n_at_risk, "n_events": n_events, "n_censored": n_censored}


def _labelled(frame: pd.DataFrame, by, group) -> pd.DataFrame:
    return frame.assign(**dict(zip(by, group)))
