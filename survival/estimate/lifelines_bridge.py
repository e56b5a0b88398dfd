"""Moving Kaplan-Meier curves between this package and lifelines, in both directions.

:func:`to_lifelines` gives a fitted ``lifelines.KaplanMeierFitter`` for a curve (for
readers who continue in lifelines); :func:`from_lifelines` turns such a fitter back
into a :class:`~survival.estimate.results.SurvivalCurve`. Both agree with lifelines'
own numbers to 1e-10 (survival, log(-log) band, numbers at risk), with this
package's conventions: the curve starts with the point (0, 1), and where survival
is 0 or 1 the band collapses onto it (lifelines leaves an interval there).

lifelines is slow to import, so it is imported inside these functions only; the
rest of the package never imports it.
"""

from __future__ import annotations

import numpy as np

from survival.estimate.event_table import from_counts
from survival.estimate.kaplan_meier import curve_from_event_table
from survival.estimate.results import SurvivalCurve


def to_lifelines(curve: SurvivalCurve):
    """A ``lifelines.KaplanMeierFitter`` fitted to the deaths and censorings behind ``curve``.

    The fitter is given one row per time and kind (died or censored) with the counts
    as frequency weights, and ``alpha = 1 - conf_level``.

    Raises
    ------
    ValueError
        For a curve that is not an observed Kaplan-Meier curve from time 0 with a
        log(-log) band (lifelines' only band), or whose counts are not whole numbers.
    """
    if curve.method != "kaplan-meier" or curve.measure != "observed" or curve.start != 0:
        raise ValueError(
            "to_lifelines takes an observed Kaplan-Meier curve starting at 0 "
            "(not actuarial, relative or conditional curves)."
        )
    if curve.conf_type != "log-log":
        raise ValueError(
            f"lifelines' band is log(-log); this curve's is {curve.conf_type!r}. "
            "Refit it with conf_type='log-log' first."
        )
    deaths, censored = curve.n_events[1:], curve.n_censored[1:]
    if (np.floor(deaths) != deaths).any() or (np.floor(censored) != censored).any():
        raise ValueError("The curve's counts are not whole numbers of people.")
    from lifelines import KaplanMeierFitter

    # A curve that stops while people are still at risk (a Kaplan-Meier curve of a life table cut
    # where follow-up ends) keeps them at risk to its last time: they are censored there.
    still = curve.n_at_risk[-1] - curve.n_events[-1] - curve.n_censored[-1] if len(deaths) else 0.0
    censored = np.r_[censored[:-1], censored[-1] + max(still, 0.0)] if len(censored) else censored
    times = np.r_[curve.time[1:], curve.time[1:]]
    events = np.r_[np.ones(len(deaths)), np.zeros(len(censored))]
    weights = np.r_[deaths, censored]
    keep = weights > 0
    fitter = KaplanMeierFitter(alpha=1 - curve.conf_level, label=curve.label or None)
    return fitter.fit(times[keep], events[keep], weights=weights[keep].astype(np.int64))


def from_lifelines(fitter) -> SurvivalCurve:
    """Our :class:`SurvivalCurve` (log(-log) band) from a fitted ``lifelines.KaplanMeierFitter``.

    The curve is re-estimated from the fitter's event table (deaths and censorings
    per time), so it follows this package's conventions; its level is
    ``1 - fitter.alpha`` and its label the fitter's.

    Raises
    ------
    ValueError
        For an object that is not a fitted, right-censored ``KaplanMeierFitter``,
        one with late entry (left truncation), or with weights that are not whole numbers.
    """
    from lifelines import KaplanMeierFitter

    if not isinstance(fitter, KaplanMeierFitter) or not hasattr(fitter, "event_table"):
        raise ValueError("from_lifelines takes a fitted lifelines.KaplanMeierFitter.")
    if getattr(fitter, "_censoring_type", None) is None or fitter._censoring_type.name != "RIGHT":
        raise ValueError("from_lifelines takes a right-censored fit (fit(), not fit_left_censoring()).")
    table = fitter.event_table
    if fitter.entry is not None or (table["entrance"].to_numpy()[1:] > 0).any():
        raise ValueError("The fit has late entry (left truncation), which SurvivalCurve does not hold.")
    died = table["observed"].to_numpy(dtype=float)
    censored = table["censored"].to_numpy(dtype=float)
    if (np.floor(died) != died).any() or (np.floor(censored) != censored).any():
        raise ValueError("The fit's weights are not whole numbers of people.")
    keep = (died + censored) > 0
    events = from_counts(table.index.to_numpy(dtype=float)[keep], died[keep], censored[keep])
    return curve_from_event_table(events, conf_level=1 - fitter.alpha, label=fitter._label)
