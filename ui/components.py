"""Pieces every page uses: the dataset choice, a chart with its text, data and downloads; plain errors."""

from __future__ import annotations

from typing import Callable

import streamlit as st

from survival.datasets.catalogue import CATALOGUE
from survival.errors import SurvivalDataError
from survival.io.csv_export import safe_csv
from ui import uploads
from ui.rendered import Rendered

FORMATS = {
    "png": ("PNG (300 dpi)", "image/png"),
    "svg": ("SVG", "image/svg+xml"),
    "pdf": ("PDF", "application/pdf"),
}


def show_chart(
    rendered: Rendered, *, key: str, file_stem: str, download: Callable[[str], bytes] | None = None
) -> None:
    """Show a chart, then its text alternative and data in an expander, then downloads.

    The table is sent only while its expander is open (key ``{key}_numbers``
    in session state): a data grid on the page makes the browser load about
    1.4 MB of scripts before it shows the chart above it.
    ``download(fmt)`` makes the file for "png", "svg" or "pdf"; it and the
    CSV run only when the reader clicks, so reruns stay fast.
    """
    st.image(rendered.svg, width="stretch")
    st.caption(rendered.alt_text)
    numbers = st.expander("The numbers in this chart", key=numbers_key(key), on_change="rerun")
    if numbers.open:
        numbers.dataframe(rendered.table, hide_index=True, key=f"{key}_table")
    if download is None:
        return
    columns = st.columns(len(FORMATS) + 1)
    for column, (fmt, (label, mime)) in zip(columns, FORMATS.items()):
        column.download_button(
            f"Chart as {label}",
            data=lambda f=fmt: download(f),
            file_name=f"{file_stem}.{fmt}",
            mime=mime,
            key=f"{key}_{fmt}",
            on_click="ignore",
        )
    columns[-1].download_button(
        "Data as CSV",
        data=lambda: safe_csv(rendered.table),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
    )


def numbers_key(key: str) -> str:
    """The session-state key of the expander holding the numbers of chart ``key`` (True when open)."""
    return f"{key}_numbers"


def show_error(err: SurvivalDataError) -> None:
    """A data problem in plain words: what, where, how to fix (never a traceback)."""
    st.error(f"**{plain(err.what)}.**", icon=":material/error:")
    if err.where:
        st.text(f"Where: {err.where}")
    if err.fix:
        st.text(f"How to fix: {err.fix}")


def plain(text: str) -> str:
    """Escape Markdown so text from files shows as written, never as formatting or markup."""
    for ch in "\\`*_{}[]()#+-.!|<>~$&":
        text = text.replace(ch, "\\" + ch)
    return text


def dataset_options(patient: bool = False) -> dict[str, str]:
    """Datasets a page offers, as {reference: title}: the bundled ones, then this session's upload.

    The patient page (``patient``) leaves out teaching data, which are never
    shown as official figures.
    """
    options = {
        name: entry.description.title
        for name, entry in CATALOGUE.items()
        if not (patient and entry.description.is_teaching)
    }
    uploaded = uploads.current()
    if uploaded is not None:
        options[uploaded.ref] = uploaded.dataset.title
    return options


def choose_dataset(label: str, key: str, patient: bool = False) -> str:
    """A select box of the datasets; the reference chosen (the default dataset first)."""
    options = dataset_options(patient)
    return st.selectbox(label, list(options), format_func=options.get, key=key)
