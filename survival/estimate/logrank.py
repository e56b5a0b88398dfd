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
import pandas as pd

from survival.estimate.event_table import EventTable, Rows, check_rows, run_starts, tally


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
    rows, codes, names = _coded_rows(durations, events, groups, weights)
    order = np.argsort(codes, kind="stable")  # one pass splits every group (no mask per group)
    bounds = np.r_[0, np.cumsum(np.bincount(codes, minlength=len(names)))].tolist()
    tables = []
    for a, b in zip(bounds[:-1], bounds[1:]):
        mine = order[a:b]
        part = None if rows.weights is None else rows.weights[mine]
        tables.append(
            tally(rows._replace(durations=rows.durations[mine], events=rows.events[mine], weights=part))
        )
    return tables, names


def rows_at_death_times(durations, events, groups, weights=None) -> tuple[np.ndarray, np.ndarray, tuple]:
    """At risk and deaths per group at each time with a death, from individual rows, and the groups.

    As :func:`at_death_times` of :func:`group_tables`. Without weights, whole-number
    durations over a modest range and groups labelled by small integers are
    counted by one ``np.bincount`` of ``2 * (group * span + time) + event``
    (labels that no row has are then left out).
    """
    rows = check_rows(durations, events, weights)
    labels = np.asarray(groups).ravel()
    route = _binned(rows, labels) if rows.weights is None and len(labels) == len(rows.durations) else None
    if route is None:
        tables, names = group_tables(durations, events, groups, weights)
        return (*at_death_times(tables), names)
    key, k, span, first = route
    counts = np.bincount(key, minlength=2 * k * span).reshape(k, span, 2)
    removed = counts[:, :, 0] + counts[:, :, 1]
    present = np.flatnonzero(removed.any(axis=1))
    if len(present) < 2:
        raise ValueError(
            f"The log-rank test compares two or more different groups (got {(present + first).tolist()})."
        )
    removed, deaths = removed[present], counts[present, :, 1]
    at_risk = np.cumsum(removed[:, ::-1], axis=1)[:, ::-1]
    at = np.flatnonzero(deaths.any(axis=0))
    if len(at) == 0:
        raise ValueError("No one died in the groups compared, so there is nothing to test.")
    names = tuple((name,) for name in (present + first).astype(labels.dtype).tolist())
    return at_risk[:, at].astype(float), deaths[:, at].astype(float), names


def _binned(rows: Rows, labels: np.ndarray) -> tuple[np.ndarray, int, int, int] | None:
    """The key ``2 * (group * span + time - low) + event`` and k, span and the lowest label, or None.

    None unless durations are whole numbers and labels small integers, with
    ``k * span`` bins at most about four per row.
    """
    t = rows.durations
    if labels.dtype.kind not in "iu" or len(labels) == 0:
        return None
    first, last = labels.min().item(), labels.max().item()
    low = rows.low if rows.low is not None else (t.min().item() if t.dtype.kind == "f" else 0)
    k, span = last - first + 1, rows.high - low + 1
    if not k * span <= 4 * len(t) + 4096:
        return None
    if t.dtype.kind == "f" and not ((t[:64] == np.floor(t[:64])).all() and np.array_equal(t, np.floor(t))):
        return None
    key = np.multiply(labels - first if first else labels, int(span), dtype=np.int64)
    if t.dtype == np.uint64:  # validated below 2**63: the same values as int64, added without floats
        t = t.view(np.int64)
    np.add(key, t, out=key, casting="unsafe")  # float durations are whole numbers here
    if low:
        key -= int(low)
    key <<= 1
    events = rows.events.view(np.int64) if rows.events.dtype == np.uint64 else rows.events  # 0/1
    np.bitwise_or(key, events, out=key)
    return key, int(k), int(span), int(first)


def _coded_rows(durations, events, groups, weights):
    """Validated rows (weight-0 rows dropped), a code per row into the sorted groups, and the groups."""
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
    codes, names = _sorted_codes(labels)
    if len(names) < 2:
        raise ValueError(f"The log-rank test compares two or more different groups (got {names.tolist()}).")
    return rows, codes, tuple((name,) for name in names.tolist())


def _sorted_codes(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes into the sorted distinct labels (as ``np.unique``), by counting small integers or hashing."""
    if labels.dtype.kind in "iu" and len(labels):
        low, high = labels.min().item(), labels.max().item()
        if high - low <= 4 * len(labels) + 4096:
            shifted = labels - low if low else labels
            present = np.bincount(shifted) > 0
            if present.all():  # every value from the lowest to the highest: the values are the codes
                return shifted, np.arange(low, high + 1, dtype=labels.dtype)
            return (np.cumsum(present) - 1)[shifted], np.flatnonzero(present) + low
    if labels.dtype.kind in "iufUS" or labels.dtype == bool:
        codes, names = pd.factorize(labels, sort=True)
        if (codes >= 0).all():
            return codes, np.asarray(names, dtype=labels.dtype)
    names, codes = np.unique(labels, return_inverse=True)
    return codes.ravel(), names


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
