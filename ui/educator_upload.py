"""The "Your own data" page's tests and statistics: log-rank, weighted tests, medians, RMST.

For individual rows (exact times): the log-rank test beside the weighted tests,
and the median by both conventions and the restricted mean survival time of
the curves drawn (Kaplan-Meier, or actuarial with 1-year intervals). A life table has no exact
times, so it gets none of these. Group labels come from the reader's file:
they reach the page only through tables and Markdown-escaped text.
"""

from __future__ import annotations

from typing import Protocol

import streamlit as st

from survival.estimate.groups import GroupEstimates
from survival.lessons.wording import p_clause
from ui import caching, educator_stats
from ui import educator_sections as sections
from ui.upload_read import Upload

UPLOAD_RMST_YEARS = "upload_rmst_years"  # widget: the RMST horizon
STATISTICS_AREA = "your_data_statistics"  # the container of the weighted tests, medians and RMST
WEIGHTED_TABLE = "your_data_weighted_tests"
MEDIAN_TABLE = "your_data_medians"
RMST_TABLE = "your_data_rmst"
RMST_CONTRASTS = "your_data_rmst_contrasts"
TESTING = "Testing whether the groups differ (log-rank)…"


class View(Protocol):
    """What this module reads of the page's view: group columns kept, method, groups shown, interval."""

    by: tuple[str, ...] | None
    method: str
    shown: tuple[str, ...]
    conf_type: str


def show_logrank(key: Upload, contents: tuple[bytes, ...], view: View, est: GroupEstimates) -> None:
    """The log-rank test for individual rows with two or more groups shown; else why not."""
    if len(view.shown) < 2:
        return
    if key.kind != "individual":
        st.caption(
            "No log-rank test: it needs each person's time of death or follow-up, and a life "
            "table groups them into intervals."
        )
        return
    with st.spinner(TESTING, show_time=True):
        groups = tuple(est.groups[est.labels.index(label)] for label in view.shown)
        result = caching.upload_logrank(key, contents, view.by, groups)
    st.subheader("Log-rank test of the groups shown")
    if result is None:
        st.write("No one died in the groups shown, so there is nothing to test.")
        return
    st.write(
        f"Chi-squared {result.statistic:.2f} on {result.df} degree(s) of freedom, {p_clause(result.p_value)}."
    )
    st.caption(
        "A small p (say below 0.05) means differences this large would be unusual if the "
        "groups' survival were the same. It does not say why they differ: the groups may "
        "differ in age, stage or treatment."
    )


def show_statistics(key: Upload, contents: tuple[bytes, ...], view: View) -> None:
    """Weighted tests, medians by both conventions and RMST of the groups shown (individual rows)."""
    if key.kind != "individual":
        return
    with st.container(key=STATISTICS_AREA):
        stats = educator_stats.upload_stats(key, contents, view.method, view.shown, view.conf_type)
        sections.show_weighted(stats.tests, key=WEIGHTED_TABLE)
        st.subheader("Median survival")
        sections.show_medians(stats.medians, key=MEDIAN_TABLE)
        st.subheader("Restricted mean survival time")
        sections.rmst_section(
            stats.horizons,
            lambda tau: educator_stats.upload_rmst(key, contents, view.method, view.shown, tau),
            keys=(UPLOAD_RMST_YEARS, RMST_TABLE, RMST_CONTRASTS),
        )
