"""The joinpoint survival model (Yu, Huang, Tiwari, Feuer and Johnson 2009), as NCI's JPSurv fits it.

For cohort (year of diagnosis) ``y`` and yearly interval ``j`` the interval
relative survival is ``r = exp(-exp(a_j + b(y)))``: a baseline ``a_j`` per
interval and ``b`` piecewise linear in ``y`` with joinpoints ``t_1 < ... < t_k``,

    b(y) = beta * (y - y0) + sum_m delta_m * max(0, y - t_m),

so the excess (cancer) hazard changes by ``exp(beta)`` per year of diagnosis
before ``t_1`` and by ``exp(beta + delta_1 + ... + delta_m)`` after ``t_m``
(``y0`` is the first fitted year; JPSurv uses the raw year, which changes
only the baselines: ``a_j(JPSurv) = a_j - beta * y0``). With ``N = n - l/2``
at risk, ``Y = N - d`` survivors and ``E`` the expected interval survival,
``Y ~ Binomial(N, p)`` with ``p = r E``; the log-likelihood is

    logL = sum Y log p + (N - Y) log(1 - p)

(the binomial kernel; JPSurv reports it relative to the saturated model,
``sum Y log(pN/Y) + (N - Y) log((1 - p)N/(N - Y))``, with ``0 log 0 = 0``).

Fitting is Fisher scoring (iteratively reweighted least squares, as JPSurv)
with analytic score and information, step halving, and the baselines
profiled out of each step by a Schur complement, vectorised over all
candidate joinpoint locations at once. Locations are whole years searched
exhaustively with JPSurv's spacing (:class:`Spacing`); for each number of
joinpoints ``k = 0 ... K`` the locations with the largest likelihood win (the
first in lexicographic order on a tie, as JPSurv), and ``k`` is chosen by
``BIC = q log(sum N) - 2 logL_saturated`` with ``q = J + 1 + k`` (interval
baselines, the year slope, one slope change per joinpoint; locations not
counted), the smallest BIC winning and ties going to fewer joinpoints.

The covariance is the inverse Fisher information times the Pearson
dispersion ``X^2 / (rows - q)`` by default, which is what JPSurv reports (the
``vcov`` of its final weighted least-squares step); ``dispersion="binomial"``
gives the unscaled inverse information. A baseline whose maximum-likelihood
value is minus infinity (no excess deaths in that interval in any year:
relative survival 1) is held at :data:`BASELINE_FLOOR`, named in
``boundary_intervals`` and left out of the covariance.
"""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass, field

import numpy as np

from survival.errors import FragileEstimateWarning, SurvivalDataError
from survival.estimate.joinpoint_data import JoinpointData
from survival.estimate.joinpoint_scoring import (
    BASELINE_FLOOR,
    CHUNK,
    SEARCH_TOL,
    ScoringProblem,
    fit_candidates,
)

__all__ = [
    "BASELINE_FLOOR",
    "JoinpointFit",
    "JoinpointModel",
    "Spacing",
    "fit_joinpoint",
    "fit_model",
    "joinpoint_grid",
]

DISPERSIONS = ("pearson", "binomial")


@dataclass(frozen=True)
class Spacing:
    """Where joinpoints may fall (whole years), JPSurv's defaults.

    ``from_first``: the first joinpoint at least this many years after the
    first year (JPSurv ``numfromstart = 3``); ``between``: consecutive
    joinpoints at least this many years apart (``numbetwn = 2`` years skipped
    between them); ``to_last``: the last joinpoint at most the last year minus
    this (``numtoend = 5``).
    """

    from_first: int = 3
    between: int = 3
    to_last: int = 5


def joinpoint_grid(first_year: int, last_year: int, k: int, spacing: Spacing = Spacing()) -> np.ndarray:
    """Every allowed set of ``k`` joinpoints, one row each, in lexicographic order (JPSurv's)."""
    if k == 0:
        return np.zeros((1, 0), dtype=np.int64)
    low, high = first_year + spacing.from_first, last_year - spacing.to_last
    squeeze = (spacing.between - 1) * np.arange(k)
    top = high - (spacing.between - 1) * (k - 1)
    rows = list(itertools.combinations(range(low, top + 1), k))
    return np.array(rows, dtype=np.int64).reshape(-1, k) + squeeze


@dataclass(frozen=True, eq=False)
class JoinpointModel:
    """One fitted joinpoint survival model (fixed joinpoints).

    Attributes
    ----------
    joinpoints : tuple of int
        Years where the slope of ``b(y)`` changes.
    coefficients : ndarray
        ``a_1 ... a_J`` (interval baselines), ``beta`` (year slope, per year
        after ``year_origin``), ``delta_1 ... delta_k`` (slope changes).
    covariance : ndarray
        Their covariance (see :attr:`dispersion`); rows of boundary baselines are 0.
    names : tuple of str
        ``"interval_1"``, ..., ``"year"``, ``"jp_1"``, ...
    loglik : float
        Binomial log-likelihood kernel ``sum Y log p + (N - Y) log(1 - p)``.
    loglik_saturated : float
        The same relative to the saturated model (JPSurv's ``ll``).
    bic, aic : float
        ``q log(sum N) - 2 loglik_saturated`` and ``2 q - 2 loglik_saturated`` (JPSurv's).
    n_parameters : int
        ``q = J + 1 + k``.
    dispersion : float
        Pearson ``X^2 / (rows - q)``.
    covariance_scale : {"pearson", "binomial"}
        Whether the covariance is multiplied by :attr:`dispersion` (JPSurv's choice) or not.
    converged : bool
    iterations : int
    year_origin : int
        ``y0``, the first fitted year.
    intervals : ndarray of int
        The intervals with a baseline (1 ... J).
    boundary_intervals : tuple of int
        Intervals whose baseline is held at :data:`BASELINE_FLOOR`.
    data : JoinpointData
        The rows fitted.
    """

    joinpoints: tuple[int, ...]
    coefficients: np.ndarray
    covariance: np.ndarray = field(repr=False)
    names: tuple[str, ...] = field(repr=False)
    loglik: float
    loglik_saturated: float
    bic: float
    aic: float
    n_parameters: int
    dispersion: float
    covariance_scale: str
    converged: bool
    iterations: int
    year_origin: int
    intervals: np.ndarray = field(repr=False)
    boundary_intervals: tuple[int, ...]
    data: JoinpointData = field(repr=False)

    @property
    def years(self) -> tuple[int, int]:
        """First and last fitted year of diagnosis."""
        return self.data.years

    @property
    def standard_errors(self) -> np.ndarray:
        """Square roots of the covariance's diagonal."""
        return np.sqrt(np.diag(self.covariance))

    def linear_predictor(self, years, interval_index) -> np.ndarray:
        """``a_j + b(y)`` for arrays of years and interval positions (0-based into :attr:`intervals`)."""
        return self.design_rows(years, interval_index) @ self.coefficients

    def design_rows(self, years, interval_index) -> np.ndarray:
        """Rows of the design matrix for arbitrary years (also beyond the data) and intervals."""
        years = np.asarray(years, dtype=float)
        index = np.asarray(interval_index)
        rows = np.zeros((years.size, len(self.coefficients)))
        rows[np.arange(years.size), index.ravel()] = 1.0
        rows[:, len(self.intervals)] = years.ravel() - self.year_origin
        for m, tau in enumerate(self.joinpoints):
            rows[:, len(self.intervals) + 1 + m] = np.maximum(years.ravel() - tau, 0.0)
        return rows

    def jpsurv_coefficients(self) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
        """Names, estimates and covariance in JPSurv's order and parameterisation.

        JPSurv orders ``jp_1 ... jp_k, Year, Interval_1 ... Interval_J`` and
        uses the raw year, so its baselines are ``a_j - beta * y0``.
        """
        n_int, k = len(self.intervals), len(self.joinpoints)
        transform = np.eye(len(self.coefficients))
        transform[:n_int, n_int] = -self.year_origin
        order = list(range(n_int + 1, n_int + 1 + k)) + [n_int] + list(range(n_int))
        est = (transform @ self.coefficients)[order]
        cov = (transform @ self.covariance @ transform.T)[np.ix_(order, order)]
        names = (
            tuple(f"jp_{m + 1}" for m in range(k))
            + ("Year",)
            + tuple(f"Interval_{j}" for j in self.intervals)
        )
        return names, est, cov


def fit_model(
    data: JoinpointData, joinpoints=(), *, dispersion: str = "pearson", start: np.ndarray | None = None
) -> JoinpointModel:
    """Fit the model with the joinpoints given (whole or fractional years, in increasing order)."""
    if dispersion not in DISPERSIONS:
        raise ValueError(f"Unknown dispersion {dispersion!r}; use one of {DISPERSIONS}.")
    problem = ScoringProblem(data)
    taus = np.asarray(joinpoints, dtype=float).reshape(1, -1)
    first = problem.start() if start is None else np.asarray(start, dtype=float)
    first = np.r_[first, np.zeros(len(problem.intervals) + 1 + taus.shape[1] - len(first))]
    theta, ll, iterations, converged = fit_candidates(problem, taus, first)
    return _model(
        problem, data, taus[0], theta[0], float(ll[0]), int(iterations[0]), bool(converged[0]), dispersion
    )


def _model(
    problem: ScoringProblem, data, taus, theta, ll, iterations, converged, dispersion
) -> JoinpointModel:
    n_int, k = len(problem.intervals), len(taus)
    zy = problem.year_design(taus[None])[0]
    info = problem.information(theta, zy)
    free = np.ones(len(theta), dtype=bool)
    free[:n_int] = theta[:n_int] > BASELINE_FLOOR + 1e-6
    cov = np.zeros_like(info)
    try:
        cov[np.ix_(free, free)] = np.linalg.inv(info[np.ix_(free, free)])
    except np.linalg.LinAlgError:  # collinear slopes at these locations (few years past a joinpoint):
        cov[np.ix_(free, free)] = np.linalg.pinv(info[np.ix_(free, free)])  # see `identified`
        converged = False
    h = np.exp(problem.eta(theta[None], zy[None])[0])
    p = problem.E * np.exp(-h)
    q = (1 - problem.E) - problem.E * np.expm1(-h)
    q_par = len(theta)
    pearson = float(np.sum((problem.Y - problem.N * p) ** 2 / (problem.N * p * q)))
    scale = pearson / max(len(problem.N) - q_par, 1)
    if dispersion == "pearson":
        cov = cov * scale
    boundary = tuple(int(j) for j in problem.intervals[~free[:n_int]])
    if boundary:
        warnings.warn(
            FragileEstimateWarning(
                f"{data.label or 'The data'}: no excess deaths are estimated in interval(s) "
                f"{', '.join(map(str, boundary))} (relative survival 1 in every year); their baselines are "
                "held at the boundary and left out of the standard errors"
            ),
            stacklevel=3,
        )
    saturated = ll - problem.saturated
    names = (
        tuple(f"interval_{j}" for j in problem.intervals) + ("year",) + tuple(f"jp_{m + 1}" for m in range(k))
    )
    joinpoints = tuple(int(t) for t in taus)  # whole years (the grid's)
    return JoinpointModel(
        joinpoints,
        theta,
        cov,
        names,
        ll,
        saturated,
        q_par * math.log(float(np.sum(problem.N))) - 2 * saturated,
        2 * q_par - 2 * saturated,
        q_par,
        scale,
        dispersion,
        converged,
        iterations,
        problem.origin,
        problem.intervals,
        boundary,
        data,
    )


@dataclass(frozen=True, eq=False)
class JoinpointFit:
    """The joinpoint search: the best model for each number of joinpoints and the one BIC chooses.

    Attributes
    ----------
    best : JoinpointModel
        The model with the smallest BIC.
    models : tuple of JoinpointModel
        The best model with 0, 1, ... joinpoints.
    candidates : tuple of int
        How many sets of locations were fitted for each number of joinpoints.
    max_joinpoints : int
        The largest number asked for; fewer are searched when the years are too few.
    spacing : Spacing
    """

    best: JoinpointModel
    models: tuple[JoinpointModel, ...]
    candidates: tuple[int, ...]
    max_joinpoints: int
    spacing: Spacing

    @property
    def bic(self) -> np.ndarray:
        """BIC of the best model with 0, 1, ... joinpoints."""
        return np.array([m.bic for m in self.models])

    @property
    def label(self) -> str:
        """The group fitted."""
        return self.best.data.label


def fit_joinpoint(
    data: JoinpointData, max_joinpoints: int = 3, *, spacing: Spacing = Spacing(), dispersion: str = "pearson"
) -> JoinpointFit:
    """Search joinpoint locations exhaustively and choose their number by BIC (as JPSurv).

    Parameters
    ----------
    data : JoinpointData
        Complete intervals of one group (:func:`~survival.estimate.joinpoint_data.joinpoint_data`).
    max_joinpoints : int
        Largest number of joinpoints tried (JPSurv's ``maxnum.jp``; 3 here).
    spacing : Spacing
        Where joinpoints may fall (JPSurv's defaults).
    dispersion : {"pearson", "binomial"}
        Covariance scaling (see the module notes).

    Returns
    -------
    JoinpointFit

    Raises
    ------
    SurvivalDataError
        With fewer than two years of diagnosis, or a negative ``max_joinpoints``.
    """
    if max_joinpoints < 0:
        raise SurvivalDataError(
            f"{max_joinpoints} joinpoints cannot be fitted",
            "the maximum number of joinpoints",
            "give 0 or more",
        )
    problem = ScoringProblem(data)
    if len(problem.years) < 2:
        raise SurvivalDataError(
            f"Only one year of diagnosis ({problem.years[0]}) has complete follow-up, so there is no "
            "trend to fit",
            data.label or "the data",
            "use more years of diagnosis",
        )
    zero = fit_model(data, (), dispersion=dispersion)
    models, candidates = [zero], [1]
    first, last = int(problem.years[0]), int(problem.years[-1])
    for k in range(1, max_joinpoints + 1):
        grid = joinpoint_grid(first, last, k, spacing)
        if len(grid) == 0:
            break
        start = np.r_[zero.coefficients, np.zeros(k)]
        lls = np.concatenate(
            [
                fit_candidates(problem, grid[i : i + CHUNK], start, SEARCH_TOL)[1]
                for i in range(0, len(grid), CHUNK)
            ]
        )
        models.append(fit_model(data, tuple(grid[int(np.argmax(lls))]), dispersion=dispersion, start=start))
        candidates.append(len(grid))
    # A model whose information is singular (its slopes are not identified at the best locations)
    # is reported but not chosen.
    usable = [m for m in models if m.converged] or models
    best = min(usable, key=lambda m: m.bic)
    return JoinpointFit(best, tuple(models), tuple(candidates), max_joinpoints, spacing)
