"""The log-rank test of equal survival across groups, computed in numpy from event tables.

This is the plain (unweighted-in-time) test: at each distinct time ``j``
with deaths, ``N_j`` at risk and ``D_j`` deaths over all groups, group ``i``
with ``n_ij`` at risk and ``d_ij`` deaths contributes

* observed minus expected deaths ``d_ij - D_j n_ij / N_j``, and
* covariance ``D_j (N_j - D_j) / (N_j - 1) * n_ij / N_j * (delta_il - n_lj / N_j)``.

The statistic is ``Z' V^+ Z`` over the first ``k - 1`` groups (the
pseudo-inverse, as lifelines uses), chi-squared with ``k - 1`` degrees of
freedom; the p-value is scipy's ``scipy.special.chdtrc`` (:func:`chi2_pvalue`),
imported only when a test is computed, so importing the package stays light.
Weighted tests (:mod:`survival.estimate.weighted_logrank`) multiply each time's
terms by a weight ``w_j``, and its covariance terms by ``w_j ** 2``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from survival.estimate.event_table import EventTable, check_rows, run_starts, tally


@dataclass(frozen=True)
class LogRankResult:
    """A log-rank test of equal survival across groups.

    Attributes
    ----------
    statistic : float
        The chi-squared statistic.
    df : int
        Degrees of freedom: the number of groups minus one.
    p_value : float
        The probability of a statistic this large if survival were equal.
    groups : tuple of tuple
        The groups compared, in order.
    """

    statistic: float
    df: int
    p_value: float
    groups: tuple[tuple, ...]


def logrank_result(tables: list[EventTable], groups: tuple[tuple, ...]) -> LogRankResult:
    """The log-rank test of the groups whose event tables are ``tables`` (in order).

    Raises
    ------
    ValueError
        When no one died in any of the groups.
    """
    at_risk, died = at_death_times(tables)
    statistic = rank_statistic(at_risk, died)
    df = len(tables) - 1
    return LogRankResult(statistic=statistic, df=df, p_value=chi2_pvalue(statistic, df), groups=tuple(groups))


def group_tables(durations, events, groups, weights=None) -> tuple[list[EventTable], tuple[tuple, ...]]:
    """Validated rows split into one event table per group, and the groups as one-label tuples.

    Groups are the labels of rows with weight above 0, in sorted order.

    Raises
    ------
    ValueError
        For invalid rows (as :func:`survival.estimate.event_table.check_rows`), a
        label count that differs from the rows, or fewer than two groups.
    """
    rows = check_rows(durations, events, weights)
    labels = np.asarray(groups).ravel()
    if len(labels) != len(rows.durations):
        raise ValueError(f"groups has {len(labels)} labels for {len(rows.durations)} rows.")
    if rows.weights is not None and not rows.weights.all():  # a group of weight 0 is no group
        keep = rows.weights > 0
        labels = labels[keep]
        rows = rows._replace(
            durations=rows.durations[keep], events=rows.events[keep], weights=rows.weights[keep]
        )
    names = np.unique(labels)
    if len(names) < 2:
        raise ValueError(f"The log-rank test compares two or more different groups (got {names.tolist()}).")
    tables = []
    for name in names:
        mask = labels == name
        part = None if rows.weights is None else rows.weights[mask]
        tables.append(
            tally(rows._replace(durations=rows.durations[mask], events=rows.events[mask], weights=part))
        )
    return tables, tuple((name,) for name in names.tolist())


def at_death_times(tables: list[EventTable]) -> tuple[np.ndarray, np.ndarray]:
    """At risk and deaths per group (rows) at each distinct time with a death (columns)."""
    times = np.sort(np.concatenate([t.time[1:][t.died[1:] > 0] for t in tables]))
    times = times[run_starts(times)]
    if len(times) == 0:
        raise ValueError("No one died in the groups compared, so there is nothing to test.")
    at_risk = np.empty((len(tables), len(times)))
    died = np.empty((len(tables), len(times)))
    for i, table in enumerate(tables):
        own = np.append(table.time[1:], np.inf)  # past a group's last time: none at risk
        at = np.searchsorted(own, times)
        np.take(np.append(table.at_risk[1:], 0.0), at, out=at_risk[i])
        np.take(np.append(table.died[1:], 0.0), at, out=died[i])
        died[i][own[at] != times] = 0.0
    return at_risk, died


def rank_statistic(at_risk: np.ndarray, died: np.ndarray, weights: np.ndarray | None = None) -> float:
    """``Z' V^+ Z`` over the first k - 1 groups (rows of ``at_risk`` and ``died``).

    ``weights``, one per column (death time), weight the test; None is the log-rank.
    """
    z, v = score_and_covariance(at_risk, died, weights)
    head = z[:-1]
    return float(head @ np.linalg.pinv(v[:-1, :-1]) @ head)


def score_and_covariance(
    at_risk: np.ndarray, died: np.ndarray, weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted observed minus expected deaths per group, and their covariance matrix."""
    total = at_risk.sum(axis=0)
    deaths = died.sum(axis=0)
    w = np.ones(len(total)) if weights is None else weights
    z = died @ w - at_risk @ (w * deaths / total)
    denominator = (total - 1) * total * total
    denominator[total == 1] = 1.0  # one at risk: deaths * (total - deaths) is 0
    weighted = at_risk * (w * w * deaths * (total - deaths) / denominator)
    v = -(weighted @ at_risk.T)
    v[np.diag_indices_from(v)] = np.einsum("ij,ij->i", weighted, total - at_risk)
    return z, v


def chi2_pvalue(statistic: float, df: int) -> float:
    """The chi-squared upper tail ``P(X >= statistic)`` for ``df`` degrees of freedom.

    scipy's ``chdtrc`` (Cephes' regularised upper incomplete gamma), imported here so
    that importing the package does not load scipy.
    """
    from scipy.special import chdtrc

    return float(chdtrc(df, max(float(statistic), 0.0)))
