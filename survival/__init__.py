"""Survival Explorer: cancer-registry survival statistics, computed the way registries do.

Read data (:func:`read_seerstat`, :func:`read_lifetable_csv`,
:func:`read_individual_csv`) and load the bundled datasets
(:func:`load_dataset`); estimate the groups of any of them with one pipeline
(:func:`estimate_groups`): actuarial and Kaplan-Meier survival
(:func:`actuarial`, :func:`kaplan_meier`), relative and net survival from
records and a population table (:func:`relative_survival`), period estimates
and joinpoint trends (:func:`period_estimate`, :func:`fit_trend`), the
log-rank and weighted tests, cumulative hazards, restricted means and
competing risks; and explain a figure in plain words (:func:`explain`).

Names load on first use, so ``import survival`` stays light: matplotlib
loads only for charts, scipy only for test p-values, lifelines only in
:func:`to_lifelines` / :func:`from_lifelines`.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "estimate_groups": "survival.estimate.groups",
    "GroupEstimates": "survival.estimate.groups",
    "logrank_groups": "survival.estimate.groups",
    "dataset_from_table": "survival.datasets.uploads",
    "dataset_from_records": "survival.datasets.upload_records",
    "load_population": "survival.population.bundled",
    "period_survival": "survival.estimate.period",
    "PeriodEstimate": "survival.estimate.period",
    "period_estimate": "survival.estimate.recent",
    "fit_trend": "survival.estimate.recent",
    "fit_joinpoint": "survival.estimate.joinpoint",
    "JoinpointFit": "survival.estimate.joinpoint",
    "relative_survival": "survival.estimate.net_survival",
    "NetSurvival": "survival.estimate.net_survival",
    "net_records_from_frame": "survival.estimate.net_records",
    "net_survival_test": "survival.estimate.net_test",
    "expected_survival": "survival.estimate.net_expected",
    "seer_lifetable": "survival.estimate.net_lifetable",
    "age_standardised": "survival.estimate.net_standardise",
    "cause_specific_survival": "survival.estimate.cause_specific",
    "PopulationTable": "survival.population.table",
    "population_table_from_frame": "survival.population.table",
    "confidence_interval": "survival.estimate.intervals",
    "nelson_aalen": "survival.estimate.cumulative_hazard",
    "smoothed_hazard": "survival.estimate.hazard_smoothing",
    "restricted_mean": "survival.estimate.rmst",
    "compare_rmst": "survival.estimate.rmst",
    "cumulative_incidence": "survival.estimate.competing_risks",
    "aalen_johansen": "survival.estimate.competing_risks",
    "gray_test": "survival.estimate.gray_test",
    "fleming_harrington": "survival.estimate.weighted_logrank",
    "peto_peto": "survival.estimate.weighted_logrank",
    "to_lifelines": "survival.estimate.lifelines_bridge",
    "from_lifelines": "survival.estimate.lifelines_bridge",
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
