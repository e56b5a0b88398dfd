"""Confidence intervals for a probability from its standard error, four named transforms.

Every band in the package is pointwise and built from a standard error, and every
result names its transform (``conf_type``), because software differs: SEER*Stat and
lifelines use log(-log), R's ``survfit`` defaults to log. With ``S`` the estimate,
``se`` its (Greenwood) standard error, ``sigma = se / S`` (the standard error of
``log S``) and ``z`` the normal quantile, the transforms are R's ``survfit(conf.type=)``:

* ``"log-log"`` (the default here): ``S ** exp(+-z se / (S |log S|))``;
* ``"log"``: ``S exp(-+z sigma)``, the upper limit capped at 1;
* ``"plain"``: ``S -+ z se``, cut to [0, 1];
* ``"arcsine"`` (R's ``"arcsin"``): ``sin(asin(sqrt S) -+ z sigma sqrt(S / (1 - S)) / 2) ** 2``,
  the angle kept inside [0, pi/2].

Where ``S`` is 0 or 1 every interval collapses onto ``S`` (R leaves some of those
limits missing).
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

#: The interval transforms, in the order the docs list them.
CONF_TYPES = ("log-log", "log", "plain", "arcsine")
#: R's ``conf.type`` name for each transform.
R_CONF_TYPE = {"log-log": "log-log", "log": "log", "plain": "plain", "arcsine": "arcsin"}


def z_value(conf_level: float) -> float:
    """Two-sided standard-normal quantile for ``conf_level`` (0.95 -> 1.95996...).

    Raises ``ValueError`` unless ``0 < conf_level < 1`` (so 95 is refused).
    """
    if not 0 < conf_level < 1:
        raise ValueError(f"conf_level must be between 0 and 1 (got {conf_level}).")
    return NormalDist().inv_cdf(0.5 + conf_level / 2)


def check_conf_type(conf_type: str) -> str:
    """``conf_type`` itself when it names a transform of :data:`CONF_TYPES`, else ``ValueError``."""
    if conf_type not in CONF_TYPES:
        raise ValueError(f"conf_type must be one of {', '.join(CONF_TYPES)} (got {conf_type!r}).")
    return conf_type


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


def confidence_interval(
    survival, se, conf_level: float, conf_type: str = "log-log"
) -> tuple[np.ndarray, np.ndarray]:
    """Pointwise confidence interval of a probability under the transform ``conf_type``.

    Parameters
    ----------
    survival, se : array_like
        Estimates (0 to 1) and their standard errors.
    conf_level : float
        For example 0.95.
    conf_type : {"log-log", "log", "plain", "arcsine"}
        The transform (see the module docstring); each equals R's
        ``survfit(conf.type=)`` of the same name (``"arcsin"`` in R).

    Returns
    -------
    low, high : ndarray
        The limits, inside [0, 1], collapsed onto the estimate where it is 0 or 1.

    Raises
    ------
    ValueError
        For an unknown ``conf_type`` or a level outside (0, 1).
    """
    check_conf_type(conf_type)
    if conf_type == "log-log":
        return loglog_interval(survival, se, conf_level)
    s = np.asarray(survival, dtype=float)
    se = np.asarray(se, dtype=float)
    z = z_value(conf_level)
    inner = (s > 0) & (s < 1)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if conf_type == "plain":
            low, high = np.maximum(s - z * se, 0.0), np.minimum(s + z * se, 1.0)
        elif conf_type == "log":
            sigma = se / s
            low, high = s * np.exp(-z * sigma), np.minimum(s * np.exp(z * sigma), 1.0)
        else:
            half = 0.5 * z * (se / s) * np.sqrt(s / (1 - s))
            angle = np.arcsin(np.sqrt(s))
            low = np.sin(np.maximum(0.0, angle - half)) ** 2
            high = np.sin(np.minimum(np.pi / 2, angle + half)) ** 2
    return np.where(inner, low, s), np.where(inner, high, s)


def interval_name(conf_type: str, conf_level: float = 0.95) -> str:
    """``"95% log-log"``: an interval's level and transform, as tables and titles name it."""
    return f"{conf_level:.0%} {check_conf_type(conf_type)}"
