"""Survival Explorer: cancer-registry survival statistics, computed the way registries do.

Read data (:func:`read_seerstat`, :func:`read_lifetable_csv`,
:func:`read_individual_csv`), estimate (:func:`actuarial`,
:func:`kaplan_meier`, :func:`kaplan_meier_counts`, :func:`logrank`,
:func:`conditional_lifetable`, :func:`summarize`, :func:`crude_probabilities`),
explain in plain words (:func:`explain`), and load the bundled SEER data
(:func:`load_dataset`).

Names load on first use, so ``import survival`` stays light; matplotlib
loads only for charts, and scipy not at all. lifelines is the reference the
tests check against (and the source of the GBSG2 data), not a run-time path
for estimates.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "SurvivalDataError": "survival.errors",
    "FragileEstimateWarning": "survival.errors",
    "LifeTable": "survival.tables",
    "lifetable_from_frame": "survival.tables",
    "read_lifetable_csv": "survival.lifetable_csv",
    "read_seerstat": "survival.seerstat",
    "SeerStatExport": "survival.seerstat",
    "lifetable_from_seerstat": "survival.readers",
    "read_seerstat_lifetable": "survival.readers",
    "EventCounts": "survival.individual",
    "counts_from_frame": "survival.individual",
    "read_individual_csv": "survival.individual",
    "SurvivalCurve": "survival.results",
    "Median": "survival.results",
    "LifeTableEstimate": "survival.lifetable_estimate",
    "actuarial": "survival.lifetable_estimate",
    "kaplan_meier": "survival.km",
    "kaplan_meier_counts": "survival.km",
    "logrank": "survival.km",
    "logrank_rows": "survival.km",
    "conditional_lifetable": "survival.conditional",
    "conditional_curve": "survival.conditional",
    "Summary": "survival.summary",
    "summarize": "survival.summary",
    "counts_from_lifetable": "survival.grouped",
    "lifetable_curve": "survival.grouped",
    "explain": "survival.explanation",
    "Explanation": "survival.explanation",
    "crude_probabilities": "survival.crude",
    "km_table": "survival.km",
    "Dataset": "survival.datasets",
    "Selection": "survival.datasets",
    "load_dataset": "survival.datasets",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    """Import public names on first use, so ``import survival`` stays light."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'survival' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
