"""Log-rank-type test comparing net survival between groups (Pohar Perme and Stare; relsurv's ``rs.diff``).

Each person is weighted by the inverse of their expected survival, ``1 / S_i(t)``.
For group ``k`` at time ``t``, with ``Y_k^w(t) = sum_{at risk} 1 / S_i(t)`` and
``dN_k^w(t) = sum_{deaths at t} 1 / S_i(t)``, the excess (cancer) events are
``dE_k = dN_k^w - sum_{at risk} dLambda_i / S_i(t)`` (population hazard accumulated since the
previous time, weighted by the inverse expected survival at ``t``). The statistic compares
each group's excess events with its share of the total:

    Z_k = sum_t [dE_k(t) - Y_k^w(t) / Y^w(t) * dE(t)],

with covariance ``V = sum_t sum_j dN_j^(2)(t) (e_j - r(t)) (e_j - r(t))^T``, where
``r = Y^w / Y^w`` (the groups' shares), ``e_j`` the indicator of group ``j`` and
``dN_j^(2) = sum_{deaths} 1 / S_i^2``. Dropping the last group,
``Z^T V^-1 Z`` is chi-squared with (groups - 1) degrees of freedom under equal net survival.

As relsurv 2.2-9 does it, the sums run over every whole day from day 1 to the longest
follow-up and every follow-up time (one grid for all groups), and the population hazard is
integrated exactly within each step. Strata (relsurv's ``strata()``) are not supported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from survival.errors import SurvivalDataError
from survival.estimate.logrank import chi2_pvalue
from survival.estimate.net_expected import People, grid_sums
from survival.estimate.net_records import NetRecords
from survival.population.table import PopulationTable


@dataclass(frozen=True, eq=False)
class NetSurvivalTest:
    """The result of :func:`net_survival_test`.

    Attributes
    ----------
    statistic : float
        ``Z^T V^-1 Z`` (chi-squared under equal net survival).
    df : int
        Degrees of freedom (groups - 1).
    p_value : float
        Upper tail of the chi-squared distribution.
    groups : tuple of tuple
        Group labels, in order.
    excess : ndarray
        ``Z`` for every group (weighted excess events minus their share); relsurv reports
        all but the last.
    covariance : ndarray
        ``V`` without the last group.
    """

    statistic: float
    df: int
    p_value: float
    groups: tuple[tuple, ...]
    excess: np.ndarray
    covariance: np.ndarray


def net_survival_test(records: NetRecords, table: PopulationTable, *, by: Sequence[str]) -> NetSurvivalTest:
    """Test whether net survival differs between the groups of ``by`` (relsurv's ``rs.diff``).

    Parameters
    ----------
    records : NetRecords
        One row per person (follow-up 0 is left out).
    table : PopulationTable
        The population table the records were matched to.
    by : sequence of str
        Group columns; at least two groups are needed.

    Returns
    -------
    NetSurvivalTest
    """
    keep = records.time > 0
    records = records.subset(keep) if not keep.all() else records
    groups, codes = records.group_index(by)
    if len(groups) < 2:
        raise SurvivalDataError(
            f"There is only one group in {', '.join(by) or 'the records'}",
            records.source,
            "choose a grouping with at least two groups",
        )
    longest = float(records.time.max())
    times = np.union1d(np.arange(1.0, np.floor(longest) + 1), records.time)
    risk, event, squared = (np.zeros((len(times), len(groups))) for _ in range(3))
    for g in range(len(groups)):
        people = People.of(records, table, codes == g)
        sums, total = grid_sums(people, people.time, table, times, side="end", sign=1, two_time="exp")
        assert sums.two_time is not None
        died = people.status == 1
        index = np.searchsorted(times, people.time[died])
        risk[:, g] = sums.exp
        event[:, g] = np.bincount(index, np.exp(total[died]), len(times)) - sums.two_time
        squared[:, g] = np.bincount(index, np.exp(2 * total[died]), len(times))
    return _statistic(risk, event, squared, tuple(groups))


def _statistic(risk: np.ndarray, event: np.ndarray, squared: np.ndarray, groups: tuple) -> NetSurvivalTest:
    total = risk.sum(axis=1)
    valid = total > 0
    risk, event, squared, total = risk[valid], event[valid], squared[valid], total[valid]
    share = risk / total[:, None]
    excess = (event - share * event.sum(axis=1, keepdims=True)).sum(axis=0)
    cross = squared.T @ share
    covariance = (
        np.diag(squared.sum(axis=0))
        - cross
        - cross.T
        + (share * squared.sum(axis=1, keepdims=True)).T @ share
    )
    z, v = excess[:-1], covariance[:-1, :-1]
    statistic = float(z @ np.linalg.solve(v, z))
    df = len(groups) - 1
    return NetSurvivalTest(statistic, df, chi2_pvalue(statistic, df), groups, excess, v)
