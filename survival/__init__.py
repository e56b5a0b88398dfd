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
    "LifeTable": "survival.tables.lifetable",
    "lifetable_from_frame": "survival.tables.lifetable",
    "read_lifetable_csv": "survival.io.lifetable_csv",
    "read_seerstat": "survival.io.seerstat",
    "SeerStatExport": "survival.io.seerstat",
    "lifetable_from_seerstat": "survival.io.read",
    "read_seerstat_lifetable": "survival.io.read",
    "EventCounts": "survival.io.individual",
    "counts_from_frame": "survival.io.individual",
    "read_individual_csv": "survival.io.individual",
    "SurvivalCurve": "survival.estimate.results",
    "Median": "survival.estimate.results",
    "LifeTableEstimate": "survival.estimate.actuarial",
    "actuarial": "survival.estimate.actuarial",
    "kaplan_meier": "survival.estimate.kaplan_meier",
    "kaplan_meier_counts": "survival.estimate.kaplan_meier",
    "logrank": "survival.estimate.kaplan_meier",
    "logrank_rows": "survival.estimate.kaplan_meier",
    "conditional_lifetable": "survival.estimate.conditional",
    "conditional_curve": "survival.estimate.conditional",
    "Summary": "survival.estimate.summary",
    "summarize": "survival.estimate.summary",
    "counts_from_lifetable": "survival.estimate.lifetable_curves",
    "lifetable_curve": "survival.estimate.lifetable_curves",
    "explain": "survival.words.explanation",
    "Explanation": "survival.words.explanation",
    "crude_probabilities": "survival.estimate.crude",
    "km_table": "survival.estimate.kaplan_meier",
    "Dataset": "survival.datasets.catalogue",
    "Selection": "survival.datasets.catalogue",
    "load_dataset": "survival.datasets.catalogue",
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
