"""Sections the educator pages share: medians by both conventions, RMST, weighted log-rank tests.

Each takes the numbers (from :mod:`ui.educator_stats`) and the keys of its
tables and widgets, so "Compare groups" and "Your own data" show them the
same way. p-values show as the pages show them: three decimals, or "< 0.001".
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from survival.lessons.comparison import TEST_NOTE
from survival.lessons.wording import p_text
from ui.components import plain

MEDIAN_NOTE = (
    "**Two conventions.** \u201cFirst\u201d is the first time survival is at or below 50% (lifelines, "
    "SAS; for the actuarial method, read on the straight line between interval ends). "
    "\u201cMidpoint\u201d is R's rule: where a Kaplan-Meier curve is flat at exactly 50%, the middle of "
    "that flat stretch; otherwise the two agree. An empty cell: not reached (the curve, or its "
    "interval, never falls to 50%), or, for the midpoint, an actuarial curve. Times in years."
)
RMST_NOTE = (
    "The restricted mean survival time (RMST) is the area under the survival curve up to a "
    "chosen time: the average number of those years people lived. Comparisons are each group "
    "against the first: the difference in years and the ratio, with 95% intervals and p-values "
    "(the formulas of R's survRM2 package)."
)
RMST_YEARS_LABEL = "Years since diagnosis to average over"


def show_medians(table: pd.DataFrame, *, key: str) -> None:
    """The median table (both conventions, named) and what the conventions mean."""
    years = {
        c: st.column_config.NumberColumn(format="%.2f")
        for c in table.columns
        if c not in ("Group", "Interval")
    }
    st.dataframe(table, hide_index=True, key=key, column_config=years)
    st.markdown(MEDIAN_NOTE)


def choose_years(choices: list[int], *, key: str) -> int:
    """A slider of the RMST horizon in whole years (5 by default, where the curves reach it)."""
    if st.session_state.get(key) not in (None, *choices):
        del st.session_state[key]  # chosen for curves that went on longer
    if len(choices) == 1:
        st.caption(f"The curves reach {choices[0]} year, so the RMST is over that year.")
        return choices[0]
    return st.select_slider(RMST_YEARS_LABEL, choices, value=5 if 5 in choices else choices[-1], key=key)


def show_rmst(result, *, table_key: str, contrasts_key: str, note: str = RMST_NOTE) -> None:
    """Each group's RMST in a sentence and a table, and the comparisons with the first group."""
    st.markdown(plain(" ".join(result.sentences)))  # labels may come from a reader's file
    three = {c: st.column_config.NumberColumn(format="%.3f") for c in result.table.columns if c != "Group"}
    st.dataframe(result.table, hide_index=True, key=table_key, column_config=three)
    if len(result.contrasts):
        shown = result.contrasts.assign(
            **{c: [p_text(p) for p in result.contrasts[c]] for c in ("Difference p", "Ratio p")}
        )
        st.dataframe(
            shown,
            hide_index=True,
            key=contrasts_key,
            column_config={
                c: st.column_config.NumberColumn(format="%.3f")
                for c in shown.columns
                if c not in ("Comparison", "Difference p", "Ratio p")
            },
        )
    st.caption(note)


def show_weighted(table: pd.DataFrame | None, *, key: str) -> None:
    """The log-rank test beside the weighted tests, and when each suits (nothing without a table)."""
    if table is None:
        return
    st.subheader("Weighted log-rank tests")
    shown = table[["Test", "Weighs", "Chi-squared", "df"]].assign(p=[p_text(p) for p in table["p"]])
    st.dataframe(
        shown,
        hide_index=True,
        key=key,
        column_config={"Chi-squared": st.column_config.NumberColumn(format="%.2f")},
    )
    st.markdown(TEST_NOTE)


def rmst_section(
    choices: list[int],
    result_for: Callable[[int], object],
    *,
    keys: tuple[str, str, str],
    note: str = RMST_NOTE,
) -> int | None:
    """The RMST header's content: the horizon slider, then :func:`show_rmst`; the years chosen."""
    if not choices:
        st.write("The curves end before one full year, so there is no RMST to show.")
        return None
    years_key, table_key, contrasts_key = keys
    tau = choose_years(choices, key=years_key)
    show_rmst(result_for(tau), table_key=table_key, contrasts_key=contrasts_key, note=note)
    return tau
