"""Confidence intervals: the log(-log) transform used by SEER*Stat and lifelines.

Every band in the package is a pointwise log(-log) interval built from a
standard error, so results name their interval type (``conf_type =
"log-log"``): R's ``survfit`` defaults to the log transform instead.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np


def z_value(conf_level: float) -> float:
    """Two-sided standard-normal quantile for ``conf_level`` (0.95 -> 1.95996...).

    Raises ``ValueError`` unless ``0 < conf_level < 1`` (so 95 is refused).
    """
    if not 0 < conf_level < 1:
        raise ValueError(f"conf_level must be between 0 and 1 (got {conf_level}).")
    return NormalDist().inv_cdf(0.5 + conf_level / 2)


def loglog_interval(survival, se, conf_level: float) -> tuple[np.ndarray, np.ndarray]:
    """Pointwise log(-log) confidence interval for a survival probability.

    With ``s`` the estimate and ``se`` its (Greenwood) standard error, the
    interval is ``s ** exp(+-z * se / (s * |log s|))``; it stays inside
    [0, 1]. Where ``s`` is 0 or 1 the interval collapses onto ``s``.

    Parameters
    ----------
    survival, se : array_like
        Estimates and standard errors.
    conf_level : float
        For example 0.95.

    Returns
    -------
    low, high : ndarray
        The lower and upper limits.
    """
    s = np.asarray(survival, dtype=float)
    se = np.asarray(se, dtype=float)
    z = z_value(conf_level)
    inner = (s > 0) & (s < 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        sigma = np.where(inner, se / (s * np.abs(np.log(s))), 0.0)
        low = np.where(inner, s ** np.exp(z * sigma), s)
        high = np.where(inner, s ** np.exp(-z * sigma), s)
    return low, high
