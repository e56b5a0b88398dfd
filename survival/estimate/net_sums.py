"""Sums over people of functions of their cumulative population hazard, at many times at once.

Relative- and net-survival estimators need, at each of many follow-up times
``t``, sums over the people still followed of ``exp(+-Lambda_i(t))`` and
``lambda_i(t) exp(+-Lambda_i(t))``, where ``Lambda_i`` is person ``i``'s
cumulative population hazard (piecewise linear, :mod:`net_pieces`). Summing
person by person at every time costs people x times; here it costs about
(people x band crossings) + times, with memory bounded by the number of times:

* the times are cut into blocks no longer than ``L`` days, with reference time
  ``T`` (the block's first time);
* on a piece of constant hazard ``lambda``, ``exp(s Lambda(t)) =
  exp(s K) exp(s lambda (t - T))`` with ``K`` the piece's cumulative hazard
  extended to ``T``; the second factor is a power series in ``tau = (t - T) / L``
  whose coefficients ``exp(s K) (s lambda L)^m / m!`` are added up per block
  (difference arrays: added where a piece starts being counted, removed where
  it stops) and summed cumulatively within each block;
* with ``lambda L <= 1`` the series, cut after 8 to 20 terms depending on ``lambda L``,
  is exact to about 1e-18 relative; the rare pieces with higher hazards, and pieces
  counted at only a few times (where that is cheaper), are summed directly, time by time.

A person is counted at time ``t`` on ``side="end"`` when ``0 < t <= horizon``
(values at ``t``, as at event times) and on ``side="start"`` when
``0 <= t < horizon`` (values at the start of relsurv's integration steps).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from survival.estimate.net_pieces import Pieces

NTERMS = 20
BLOCK_DAYS = 365.25
# (largest |lambda L|, highest power kept): each keeps the series exact to about 1e-18 relative
TERMS_NEEDED = ((0.02, 8), (0.1, 11), (0.3, 14), (1.0, NTERMS))
DENSE_QUERIES = 16  # a piece counted at this many times or fewer is cheaper to sum directly
DENSE_BATCH = 500_000  # values summed directly at once (bounds memory)


@dataclass(frozen=True)
class GridSums:
    """Sums over the people counted at each query time (arrays of the query length).

    ``exp``: sum of exp(s Lambda); ``lam_exp``: of lambda exp(s Lambda); ``exp_step`` and
    ``lam_exp_step``: the same at ``t + step`` on the piece in force at ``t`` (start side);
    ``lam``: sum of lambda; ``two_time`` (end side): sum of (Lambda(t_q) - Lambda(t_{q-1}))
    f(Lambda(t_q)) with f = exp(s .) or 1.
    """

    exp: np.ndarray
    lam_exp: np.ndarray
    exp_step: np.ndarray | None
    lam_exp_step: np.ndarray | None
    lam: np.ndarray
    two_time: np.ndarray | None


class GridAccumulator:
    """Add chunks of :class:`Pieces`, then read :class:`GridSums` at the query times.

    Parameters
    ----------
    queries : ndarray
        Sorted distinct times (days), all > 0 on the end side, >= 0 on the start side.
    side : {"end", "start"}
        Counting convention (see the module docstring).
    sign : {1, -1}
        Sums of exp(+Lambda) (inverse expected survival) or exp(-Lambda) (expected survival).
    steps : ndarray, optional
        Start side only: step lengths, for the sums at ``t + step``.
    two_time : {None, "exp", "one"}
        End side only: also sum the hazard accumulated since the previous query time,
        times exp(s Lambda(t)) (``"exp"``) or times 1 (``"one"``).
    block_days : float
        Longest block.
    rates : bool
        Whether the sums involving the hazard are wanted (``lam_exp``, ``lam``); without them
        only ``exp`` (and ``exp_step``) are computed, and the others are returned as zeros.
    """

    def __init__(
        self,
        queries: np.ndarray,
        *,
        side: str,
        sign: int,
        steps: np.ndarray | None = None,
        two_time: str | None = None,
        block_days: float = BLOCK_DAYS,
        rates: bool = True,
    ):
        self.t = np.asarray(queries, dtype=float)
        self.side, self.sign, self.two_mode, self.rates = side, sign, two_time, rates or two_time is not None
        self.steps = None if steps is None else np.asarray(steps, dtype=float)
        self.L = float(block_days)
        n = len(self.t)
        self.block_start = _blocks(self.t, self.t if self.steps is None else self.t + self.steps, self.L)
        self.block_of = np.repeat(np.arange(len(self.block_start) - 1), np.diff(self.block_start))
        self.moments = np.zeros((NTERMS + 1, n + 1))
        self.lam = np.zeros(n + 1)
        self.dense = np.zeros((4, n))
        self.corrections = np.zeros(n)

    def add(self, pc: Pieces) -> None:
        """Count one chunk of people (their pieces up to each person's horizon)."""
        rows, cols = np.nonzero(pc.edges[:, 1:] > pc.edges[:, :-1])
        u0, u1 = pc.edges[rows, cols], pc.edges[rows, cols + 1]
        lam, k0 = pc.hazard[rows, cols], pc.cumulative[rows, cols]
        side: Literal["left", "right"] = "left" if self.side == "start" else "right"
        qa, qe = np.searchsorted(self.t, u0, side), np.searchsorted(self.t, u1, side)
        keep = qe > qa
        qa, qe, u0, lam, k0 = qa[keep], qe[keep], u0[keep], lam[keep], k0[keep]
        n = len(self.t)
        if self.rates:
            self.lam += np.bincount(qa, lam, n + 1) - np.bincount(qe, lam, n + 1)
        high = (lam * self.L > 1.0) | (qe - qa <= DENSE_QUERIES)
        if high.any():
            self._add_dense(qa[high], qe[high], u0[high], lam[high], k0[high])
        low = ~high
        self._add_moments(qa[low], qe[low], u0[low], lam[low], k0[low])
        if self.two_mode is not None:
            self._add_corrections(pc)

    def _add_moments(self, qa, qe, u0, lam, k0) -> None:
        first, last = self.block_of[qa], self.block_of[qe - 1]
        count = last - first + 1
        piece = np.repeat(np.arange(len(qa)), count)
        block = first[piece] + np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        bstart, bend = self.block_start[block], self.block_start[block + 1]
        start = np.maximum(qa[piece], bstart)
        stop = np.minimum(qe[piece], bend)
        inside = stop < bend
        lam_p = lam[piece]
        w = np.exp(self.sign * (k0[piece] + lam_p * (self.t[bstart] - u0[piece])))
        x = self.sign * lam_p * self.L
        size = len(self.t) + 1
        low = 0.0
        for high, terms in TERMS_NEEDED:  # fewer terms where lambda L is small: the same 1e-18
            sel = (np.abs(x) > low) & (np.abs(x) <= high) if low > 0 else np.abs(x) <= high
            low = high
            if not sel.any():
                continue
            ws, xs, st, sp, ins = w[sel], x[sel], start[sel], stop[sel], inside[sel]
            for m in range(terms + 1):
                self.moments[m] += np.bincount(st, ws, size) - np.bincount(sp[ins], ws[ins], size)
                ws = ws * xs / (m + 1)

    def _add_dense(self, qa, qe, u0, lam, k0) -> None:
        """Each piece at each time it is counted, in batches of at most DENSE_BATCH values."""
        count = qe - qa
        ends = np.cumsum(count)
        lo = 0
        while lo < len(qa):
            hi = max(int(np.searchsorted(ends, ends[lo] - count[lo] + DENSE_BATCH, side="right")), lo + 1)
            self._dense_batch(qa[lo:hi], count[lo:hi], lam[lo:hi], k0[lo:hi] - lam[lo:hi] * u0[lo:hi])
            lo = hi

    def _dense_batch(self, qa, count, lam, base) -> None:
        piece = np.repeat(np.arange(len(qa)), count)
        q = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count - qa, count)
        lam_q = lam[piece]
        value = np.exp(self.sign * (base[piece] + lam_q * self.t[q]))
        n = len(self.t)
        self.dense[0] += np.bincount(q, value, n)
        if self.rates:
            self.dense[1] += np.bincount(q, lam_q * value, n)
        if self.steps is not None:
            value *= np.exp(self.sign * lam_q * self.steps[q])
            self.dense[2] += np.bincount(q, value, n)
            if self.rates:
                self.dense[3] += np.bincount(q, lam_q * value, n)

    def _add_corrections(self, pc: Pieces) -> None:
        """Pieces that start strictly between two query times: the hazard before the edge."""
        rows, cols = np.nonzero(pc.edges[:, 1:-1] > 0)
        cols = cols + 1
        u0, u1 = pc.edges[rows, cols], pc.edges[rows, cols + 1]
        q = np.searchsorted(self.t, u0, side="right")
        ok = q < len(self.t)
        rows, cols, u0, u1, q = rows[ok], cols[ok], u0[ok], u1[ok], q[ok]
        before = np.where(q > 0, self.t[np.maximum(q - 1, 0)], 0.0)
        ok = (u1 >= self.t[q]) & (u0 > before)
        rows, cols, u0, q, before = rows[ok], cols[ok], u0[ok], q[ok], before[ok]
        lam = pc.hazard[rows, cols]
        at_q = pc.cumulative[rows, cols] + lam * (self.t[q] - u0)
        k = cols - 1
        while (back := pc.edges[rows, k] > before).any():
            k = k - back
        at_before = pc.cumulative[rows, k] + pc.hazard[rows, k] * (before - pc.edges[rows, k])
        excess = at_q - at_before - lam * (self.t[q] - before)
        factor = np.exp(self.sign * at_q) if self.two_mode == "exp" else 1.0
        self.corrections += np.bincount(q, excess * factor, len(self.t))

    def result(self) -> GridSums:
        """The sums at every query time."""
        n = len(self.t)
        mu = np.empty((NTERMS + 1, n))
        for b0, b1 in zip(self.block_start[:-1], self.block_start[1:]):
            np.cumsum(self.moments[:, b0:b1], axis=1, out=mu[:, b0:b1])
        ref = self.t[self.block_start[self.block_of]]
        exp, lam_exp = _evaluate(mu, (self.t - ref) / self.L, self.sign / self.L)
        exp, lam_exp = exp + self.dense[0], lam_exp + self.dense[1]
        exp_step = lam_exp_step = None
        if self.steps is not None:
            exp_step, lam_exp_step = _evaluate(mu, (self.t + self.steps - ref) / self.L, self.sign / self.L)
            exp_step, lam_exp_step = exp_step + self.dense[2], lam_exp_step + self.dense[3]
        lam = np.cumsum(self.lam)[:n]
        if not self.rates:
            lam_exp = np.zeros(n)
            lam_exp_step = None if lam_exp_step is None else np.zeros(n)
        two = None
        if self.two_mode is not None:
            gaps = np.diff(np.r_[0.0, self.t])
            two = gaps * (lam_exp if self.two_mode == "exp" else lam) + self.corrections
        return GridSums(exp, lam_exp, exp_step, lam_exp_step, lam, two)


def _blocks(starts: np.ndarray, ends: np.ndarray, length: float) -> np.ndarray:
    """Index bounds of consecutive blocks whose times (and step ends) span at most ``length`` days."""
    bounds, q0, n = [0], 0, len(starts)
    while q0 < n:
        q1 = max(int(np.searchsorted(ends, starts[q0] + length, side="right")), q0 + 1)
        bounds.append(min(q1, n))
        q0 = bounds[-1]
    return np.asarray(bounds, dtype=np.int64)


def _evaluate(mu: np.ndarray, tau: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Horner sums: sum_m mu_m tau^m and scale * sum_m (m + 1) mu_{m+1} tau^m."""
    value = mu[NTERMS].copy()
    slope = np.zeros_like(value)
    for m in range(NTERMS - 1, -1, -1):
        slope = slope * tau + (m + 1) * mu[m + 1]
        value = value * tau + mu[m]
    return value, scale * slope
