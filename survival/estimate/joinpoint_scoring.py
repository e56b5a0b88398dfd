"""Fisher scoring for the joinpoint survival model, vectorised over candidate joinpoint locations.

Internal to :mod:`survival.estimate.joinpoint`. For interval relative survival
``r = exp(-exp(eta))`` and ``p = r E``, with ``h = exp(eta)`` and ``q = 1 - p``
(computed as ``(1 - E) - E expm1(-h)``, without cancellation), the score and
the Fisher information of one row with respect to ``eta`` are

    s = h (d - N q) / q,        w = N p h^2 / q,

and the observed information is ``N h - d h (q - p h) / q^2`` (the tests use
it with scipy). A step solves the normal equations with the interval
baselines profiled out by a Schur complement: the baselines' block of the
information is diagonal, so only a ``(1 + k) x (1 + k)`` system is solved per
candidate, for all candidates at once. Steps are capped at :data:`MAX_STEP`
and halved until the likelihood does not fall; baselines stop at
:data:`BASELINE_FLOOR`.
"""

from __future__ import annotations

import numpy as np

from survival.estimate.joinpoint_data import JoinpointData

BASELINE_FLOOR = -30.0  # exp(-exp(-30)) = 1 - 1e-13: relative survival 1 in all but name
MAX_STEP = 2.0  # largest change of any coefficient in one scoring step
STEP_TOL = 1e-9  # converged when no coefficient moves more than this
SEARCH_TOL = 1e-6  # the same while comparing candidate locations (the winner is refitted)
MAX_ITER = 200
CHUNK = 512  # candidate locations fitted together (memory: CHUNK x rows)


def xlogy(x, y) -> np.ndarray:
    """``x * log(y)``, 0 where ``x`` is 0 (as ``scipy.special.xlogy``, without importing scipy).

    Written here so that the joinpoint model (imported by every command and
    page that shows a trend) does not load scipy, about 0.1-0.2 s of each
    command line's start.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, 0.0, x * np.log(np.where(x == 0, 1.0, y)))


class ScoringProblem:
    """The data as arrays the scoring steps use (internal)."""

    def __init__(self, data: JoinpointData):
        self.years = np.unique(data.year)
        self.intervals = np.unique(data.interval)
        self.origin = int(self.years[0])
        self.yi = np.searchsorted(self.years, data.year)
        self.ji = np.searchsorted(self.intervals, data.interval)
        self.cell = self.yi * len(self.intervals) + self.ji
        self.N, self.d = data.at_risk, data.died
        self.Y = self.N - self.d
        self.E = data.expected
        self.logE = np.log(self.E)
        self.saturated = float(np.sum(xlogy(self.Y, self.Y / self.N) + xlogy(self.d, self.d / self.N)))

    @property
    def shape(self) -> tuple[int, int]:
        """(number of years, number of intervals) of the full grid."""
        return len(self.years), len(self.intervals)

    def year_design(self, taus: np.ndarray) -> np.ndarray:
        """(G, years, 1 + k): year - y0 and max(0, year - t_m) for each candidate."""
        y = self.years.astype(float)
        slope = np.broadcast_to((y - self.origin)[None, :, None], (len(taus), len(y), 1))
        hinges = np.maximum(y[None, :, None] - taus[:, None, :].astype(float), 0.0)
        return np.concatenate([slope, hinges], axis=2)

    def eta(self, theta: np.ndarray, zy: np.ndarray) -> np.ndarray:
        """The linear predictor a_j + b(y) of every candidate (rows) and observed cell (columns)."""
        n_int = len(self.intervals)
        b = np.einsum("gym,gm->gy", zy, theta[:, n_int:])
        return theta[:, :n_int][:, self.ji] + b[:, self.yi]

    def loglik(self, theta: np.ndarray, zy: np.ndarray) -> np.ndarray:
        """The binomial log-likelihood of each candidate (up to terms that do not depend on theta)."""
        h = np.exp(self.eta(theta, zy))
        q = (1 - self.E) - self.E * np.expm1(-h)
        return np.sum(self.Y * (self.logE - h) + xlogy(self.d, q), axis=1)

    def scoring_step(self, theta: np.ndarray, zy: np.ndarray) -> np.ndarray:
        """Fisher-scoring step for each candidate, baselines profiled by a Schur complement."""
        h = np.exp(self.eta(theta, zy))
        q = (1 - self.E) - self.E * np.expm1(-h)
        p = self.E * np.exp(-h)
        score = h * (self.d - self.N * q) / q
        weight = self.N * p * h * h / q
        W, S = self.dense(weight), self.dense(score)
        A, Ua = W.sum(axis=1), S.sum(axis=1)
        B = np.matmul(W.transpose(0, 2, 1), zy)
        C = np.einsum("gy,gym,gyn->gmn", W.sum(axis=2), zy, zy)
        Uz = np.einsum("gy,gym->gm", S.sum(axis=2), zy)
        inv = 1.0 / np.maximum(A, 1e-300)
        M = C - np.einsum("gjm,gj,gjn->gmn", B, inv, B)
        rhs = Uz - np.einsum("gjm,gj->gm", B, Ua * inv)
        try:
            dz = np.linalg.solve(M, rhs[..., None])[..., 0]
        except np.linalg.LinAlgError:  # a candidate whose slopes are collinear (e.g. a hinge with no data
            dz = np.einsum("gmn,gn->gm", np.linalg.pinv(M), rhs)  # past it): the least-squares step
        da = (Ua - np.einsum("gjm,gm->gj", B, dz)) * inv
        return np.concatenate([da, dz], axis=1)

    def dense(self, values: np.ndarray) -> np.ndarray:
        """Per-cell values placed on the full year x interval grid (zeros where no row is observed)."""
        n_year, n_int = self.shape
        out = np.zeros((values.shape[0], n_year * n_int))
        out[:, self.cell] = values
        return out.reshape(values.shape[0], n_year, n_int)

    def information(self, theta: np.ndarray, zy: np.ndarray) -> np.ndarray:
        """The full Fisher information of one candidate (p x p)."""
        h = np.exp(self.eta(theta[None], zy[None]))[0]
        q = (1 - self.E) - self.E * np.expm1(-h)
        weight = self.N * self.E * np.exp(-h) * h * h / q
        X = self.design(zy)
        return X.T @ (weight[:, None] * X)

    def design(self, zy: np.ndarray) -> np.ndarray:
        """The row design matrix (rows x p) of one candidate: interval dummies, then ``zy`` columns."""
        dummies = np.zeros((len(self.ji), len(self.intervals)))
        dummies[np.arange(len(self.ji)), self.ji] = 1.0
        return np.hstack([dummies, zy[self.yi]])

    def start(self) -> np.ndarray:
        """Baselines from the pooled observed relative survival of each interval; slope 0."""
        sums = [
            np.bincount(self.ji, weights=w, minlength=len(self.intervals))
            for w in (self.Y, self.N, self.N * self.E)
        ]
        relative = np.clip(sums[0] / sums[2], 1e-6, 1 - 1e-6)
        deaths = np.bincount(self.ji, weights=self.d, minlength=len(self.intervals))
        baselines = np.where(deaths > 0, np.log(-np.log(relative)), BASELINE_FLOOR)  # no deaths: -inf
        return np.r_[baselines, 0.0]


def fit_candidates(problem: ScoringProblem, taus: np.ndarray, start: np.ndarray, tol: float = STEP_TOL):
    """Fisher scoring with step halving for every row of ``taus``; (theta, loglik, iterations, converged).

    Converged when no coefficient moves more than ``tol`` in a step (the search
    over locations uses :data:`SEARCH_TOL`; the chosen locations are refitted
    with :data:`STEP_TOL`).
    """
    zy = problem.year_design(taus)
    theta = np.array(np.broadcast_to(start, (len(taus), len(start))))
    ll = problem.loglik(theta, zy)
    n_int = len(problem.intervals)
    iterations = np.zeros(len(taus), dtype=int)
    converged = np.zeros(len(taus), dtype=bool)
    for _ in range(MAX_ITER):
        act = np.flatnonzero(~converged)
        if act.size == 0:
            break
        step = problem.scoring_step(theta[act], zy[act])
        pinned = (theta[act, :n_int] <= BASELINE_FLOOR) & (step[:, :n_int] < 0)
        step[:, :n_int][pinned] = 0.0  # a baseline on the floor stays there (projected steps)
        step *= np.minimum(1.0, MAX_STEP / np.maximum(np.abs(step).max(axis=1), 1e-300))[:, None]
        new, new_ll, moved = _halve(problem, theta[act], ll[act], step, zy[act], n_int)
        theta[act], ll[act] = new, new_ll
        iterations[act] += 1
        converged[act] = moved < tol
    return theta, ll, iterations, converged


def _halve(problem, theta, ll, step, zy, n_int):
    """Take the step, halving it (up to 40 times) wherever the likelihood would fall."""
    scale = np.ones(len(theta))
    best, best_ll = theta.copy(), ll.copy()
    pending = np.arange(len(theta))
    for _ in range(40):
        trial = theta[pending] + scale[pending, None] * step[pending]
        trial[:, :n_int] = np.maximum(trial[:, :n_int], BASELINE_FLOOR)
        trial_ll = problem.loglik(trial, zy[pending])
        ok = trial_ll >= ll[pending] - 1e-12 * np.abs(ll[pending])
        best[pending[ok]], best_ll[pending[ok]] = trial[ok], trial_ll[ok]
        pending = pending[~ok]
        if pending.size == 0:
            break
        scale[pending] /= 2
    moved = np.abs(best - theta).max(axis=1)
    return best, best_ll, moved
