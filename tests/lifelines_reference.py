"""lifelines as the reference for the numpy Kaplan-Meier and log-rank code.

lifelines keeps times whose rows all weigh 0 and adds a synthetic row at
time 0; both are dropped here, and its band is collapsed onto the curve
where survival is 0 or 1, as :mod:`survival.estimate.kaplan_meier` documents.
"""

from __future__ import annotations

import numpy as np

COLUMNS = ("time", "survival", "se", "ci_low", "ci_high", "n_at_risk", "n_events", "n_censored")


def lifelines_curve(durations, events, weights=None, conf_level: float = 0.95) -> dict[str, np.ndarray]:
    """lifelines' Kaplan-Meier fit as arrays named like SurvivalCurve's, led by the point (0, 1)."""
    from lifelines import KaplanMeierFitter

    fitter = KaplanMeierFitter(alpha=1 - conf_level)
    fitter.fit(np.asarray(durations, dtype=float), np.asarray(events, dtype=float), weights=weights)
    table = fitter.event_table
    keep = (table["removed"] > 0).to_numpy()
    survival = fitter.survival_function_.to_numpy()[keep, 0]
    band = fitter.confidence_interval_survival_function_.to_numpy()[keep]
    edge = (survival <= 0) | (survival >= 1)
    at_risk, died, censored = (
        table[c].to_numpy(dtype=float)[keep] for c in ("at_risk", "observed", "censored")
    )
    # lifelines' running sum of d / (n (n - d)), the infinite term (n = d) counted as 0.
    greenwood = fitter._cumulative_sq_.to_numpy()[keep]
    out = {
        "time": table.index.to_numpy(dtype=float)[keep],
        "survival": survival,
        "se": survival * np.sqrt(greenwood),
        "ci_low": np.where(edge, survival, band[:, 0]),
        "ci_high": np.where(edge, survival, band[:, 1]),
        "n_at_risk": at_risk,
        "n_events": died,
        "n_censored": censored,
    }
    starts = {"time": 0.0, "survival": 1.0, "ci_low": 1.0, "ci_high": 1.0}
    return {name: np.r_[starts.get(name, 0.0), values] for name, values in out.items()}


def assert_matches_lifelines(curve, durations, events, weights=None, tol: float = 1e-10) -> None:
    """Every array of ``curve`` equals lifelines' fit on the same rows to ``tol``."""
    reference = lifelines_curve(durations, events, weights, curve.conf_level)
    for name in COLUMNS:
        np.testing.assert_allclose(getattr(curve, name), reference[name], rtol=tol, atol=tol, err_msg=name)
