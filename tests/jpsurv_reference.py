"""JPSurv's fitting algorithm (``.CoxFit`` in JPSurv 3.0.20, R/joinpoint.surv.R), re-done plainly in numpy.

Written from reading the R source, for tests/test_joinpoint.py; nothing from
``survival``. JPSurv's design is ``[max(0, Year - t_1) ... max(0, Year - t_k),
Year, Interval_1 ... Interval_J]`` with the raw year; it starts every
coefficient at 0 and iterates weighted least squares of the working response
``U = (Y/N - p) / (p log(p/E))`` with weights ``1/W``, ``W = p(1 - p)/N / (p
log(p/E))^2`` (``p`` clamped to ``[1e-6, E - 1e-6]`` in these weights only),
halving the step up to 20 times until the log-likelihood rises, and stops when
it rises by less than 1e-4. Its log-likelihood is relative to the saturated
model with 1e-15 added inside the logarithms; its covariance is ``vcov`` of
the last weighted regression, i.e. the residual variance times
``(X' W^-1 X)^-1``.
"""

from __future__ import annotations

import numpy as np

MIN_VALUE, MIN_VALUE2 = 1e-6, 1e-15


def jpsurv_design(year, interval, joinpoints) -> np.ndarray:
    year = np.asarray(year, dtype=float)
    levels = np.unique(interval)
    hinges = [np.maximum(year - t, 0.0) for t in joinpoints]
    dummies = [(np.asarray(interval) == j).astype(float) for j in levels]
    return np.column_stack(hinges + [year] + dummies)


def jpsurv_loglik(X, beta, N, Y, E) -> float:
    prob = np.exp(-np.exp(X @ beta)) * E
    return float(
        np.sum(
            Y * (np.log(prob + MIN_VALUE2) - np.log((Y + MIN_VALUE2) / N))
            + (N - Y) * (np.log(1 - prob + MIN_VALUE2) - np.log((N - Y + MIN_VALUE2) / N))
        )
    )


def _working(X, beta, N, Y, E):
    prob = np.exp(-np.exp(X @ beta)) * E
    prob = np.where(prob > E - MIN_VALUE, E - MIN_VALUE, prob)
    prob = np.where(prob < MIN_VALUE, MIN_VALUE, prob)
    grad = 1 / prob / np.log(prob / E)
    return (Y / N - prob) * grad, prob * (1 - prob) / N * grad * grad


def _weighted_lm(X, U, W):
    root = np.sqrt(1 / W)
    coef, *_ = np.linalg.lstsq(X * root[:, None], U * root, rcond=None)
    residual = U - X @ coef
    sigma2 = np.sum(residual**2 / W) / (len(U) - X.shape[1])
    return coef, sigma2 * np.linalg.inv(X.T @ (X / W[:, None]))


def jpsurv_coxfit(year, interval, alive, died, lost, expected, joinpoints=()):
    """Estimates, standard errors, log-likelihood (saturated form) and convergence, as JPSurv."""
    N = np.asarray(alive, dtype=float) - np.asarray(lost, dtype=float) / 2
    Y = N - np.asarray(died, dtype=float)
    E = np.asarray(expected, dtype=float)
    X = jpsurv_design(year, interval, joinpoints)
    old = np.zeros(X.shape[1])
    old_ll = jpsurv_loglik(X, old, N, Y, E)
    converged = False
    for _ in range(100):
        U, W = _working(X, old, N, Y, E)
        step, vcov = _weighted_lm(X, U, W)
        scale = 1.0
        for _ in range(20):
            new = old + step * scale
            new_ll = jpsurv_loglik(X, new, N, Y, E)
            if new_ll > old_ll:
                break
            scale /= 2
        if new_ll < old_ll + 1e-4:
            converged = new_ll > old_ll
            break
        old, old_ll = new, new_ll
    return {
        "estimates": new,
        "se": np.sqrt(np.diag(vcov)),
        "ll": new_ll,
        "converged": converged,
        "bic": X.shape[1] * np.log(N.sum()) - 2 * new_ll,
    }
