"""The log-rank test of equal survival across groups, computed in numpy from event tables.

This is the plain (unweighted-in-time) test: at each distinct time ``j``
with deaths, ``N_j`` at risk and ``D_j`` deaths over all groups, group ``i``
with ``n_ij`` at risk and ``d_ij`` deaths contributes

* observed minus expected deaths ``d_ij - D_j n_ij / N_j``, and
* covariance ``D_j (N_j - D_j) / (N_j - 1) * n_ij / N_j * (delta_il - n_lj / N_j)``.

The statistic is ``Z' V^+ Z`` over the first ``k - 1`` groups (the
pseudo-inverse, as lifelines uses), chi-squared with ``k - 1`` degrees of
freedom; the p-value is the chi-squared survival function in closed form
(:func:`chi2_sf`), so no scipy is needed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from survival.estimate.event_table import EventTable, run_starts


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
    at_risk, died = _at_death_times(tables)
    statistic = _statistic(at_risk, died)
    df = len(tables) - 1
    return LogRankResult(statistic=statistic, df=df, p_value=chi2_sf(statistic, df),
                         groups=tuple(groups))


def _at_death_times(tables: list[EventTable]) -> tuple[np.ndarray, np.ndarray]:
    """At risk and deaths per group (rows) at each distinct time with a death (columns)."""
    times = np.sort(np.concatenate([t.time[1:][t.died[1:] > 0] for t in tables]))
    times = times[run_starts(times)]
    if len(times) == 0:
        raise ValueError("No one died in the groups compared, so there is nothing to test.")
    at_risk = np.empty((len(tables), len(times)))
    died = np.empty((len(tables), len(times)))
    for i, table in enumerate(tables):
        own = np.append(table.time[1:], np.inf)      # past a group's last time: none at risk
        at = np.searchsorted(own, times)
        np.take(np.append(table.at_risk[1:], 0.0), at, out=at_risk[i])
        np.take(np.append(table.died[1:], 0.0), at, out=died[i])
        died[i][own[at] != times] = 0.0
    return at_risk, died


def _statistic(at_risk: np.ndarray, died: np.ndarray) -> float:
    """``Z' V^+ Z`` over the first k - 1 groups (rows of ``at_risk`` and ``died``)."""
    total = at_risk.sum(axis=0)
    deaths = died.sum(axis=0)
    z = died.sum(axis=1) - at_risk @ (deaths / total)
    denominator = (total - 1) * total * total
    denominator[total == 1] = 1.0                    # one at risk: deaths * (total - deaths) is 0
    weighted = at_risk * (deaths * (total - deaths) / denominator)
    v = -(weighted @ at_risk.T)
    v[np.diag_indices_from(v)] = np.einsum("ij,ij->i", weighted, total - at_risk)
    head = z[:-1]
    return float(head @ np.linalg.pinv(v[:-1, :-1]) @ head)


def chi2_sf(x: float, df: int) -> float:
    """The chi-squared survival function for a whole number of degrees of freedom, in closed form.

    Even ``df = 2m``: ``exp(-x/2) * sum_{i<m} (x/2)^i / i!``. Odd ``df = 2m + 1``:
    ``erfc(sqrt(x/2)) + sum_{i=1..m} exp(-x/2 + (i - 1/2) log(x/2) - lgamma(i + 1/2))``.
    Terms are summed in log space, so large statistics give 0, never an overflow. (No scipy:
    importing it costs most of a second.)
    """
    x = max(float(x), 0.0)
    if x == 0.0:
        return 1.0
    half = x / 2
    log_half = math.log(half)
    if df % 2 == 0:
        total = sum(math.exp(-half + i * log_half - math.lgamma(i + 1)) for i in range(df // 2))
    else:
        total = math.erfc(math.sqrt(half)) + sum(
            math.exp(-half + (i - 0.5) * log_half - math.lgamma(i + 0.5)) for i in range(1, df // 2 + 1))
    return min(total, 1.0)
