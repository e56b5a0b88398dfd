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
    """Show a chart (its text alternative as the image's ``alt``), its numbers on request, and downloads.

    The chart keeps its type at least 12 CSS pixels tall at any width: with a
    narrow layout (``rendered.narrow``), a container query shows the layout
    that fits the space; below the narrowest layout's width, the image keeps
    that width and the area scrolls sideways (see :func:`chart_css`).

    The table is sent only while its expander is open (key ``{key}_numbers``
    in session state): a data grid on the page makes the browser load about
    1.4 MB of scripts before it shows the chart above it. The chart's
    description in words is there too. ``download(fmt)`` makes the file for
    "png", "svg" or "pdf"; it and the CSV run only when the reader clicks, in
    one "Download" menu, so reruns stay fast.
    """
    svgs = rendered.svgs()
    st.html(f"<style>{chart_css(figure_key(key), rendered.min_widths())}</style>")
    with st.container(key=figure_key(key)):
        st.image(
            svgs if len(svgs) > 1 else svgs[0],
            width="stretch",
            alt=[rendered.alt_text] * len(svgs) if len(svgs) > 1 else rendered.alt_text,
        )
    numbers = st.expander("The numbers in this chart", key=numbers_key(key), on_change="rerun")
    if numbers.open:
        numbers.caption(f"In words: {plain(rendered.alt_text)}")  # labels from files, as written
        numbers.dataframe(rendered.table, hide_index=True, key=f"{key}_table")
    if download is None:
        return
    with st.popover("Download", icon=":material/download:", key=f"{key}_downloads"):
        for fmt, (label, mime) in FORMATS.items():
            st.download_button(
                f"Chart as {label}",
                data=lambda f=fmt: download(f),
                file_name=f"{file_stem}.{fmt}",
                mime=mime,
                key=f"{key}_{fmt}",
                on_click="ignore",
                width="stretch",
            )
        st.download_button(
            "Data as CSV",
            data=lambda: safe_csv(rendered.table),
            file_name=f"{file_stem}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            on_click="ignore",
            width="stretch",
        )


def figure_key(key: str) -> str:
    """The key of the container holding chart ``key``'s image(s) (CSS class ``st-key-{figure_key}``)."""
    return f"{key}_figure"


def chart_css(container: str, min_widths: list[int]) -> str:
    """CSS showing one layout of a chart at a time, the widest whose type stays 12 px or more.

    ``min_widths`` are the layouts' narrowest readable widths, widest layout
    first (:meth:`ui.rendered.Rendered.min_widths`). Layout ``i`` shows while
    the container is at least ``min_widths[i]`` wide and narrower than the
    previous layout needs; the last layout never shrinks below its own width
    (the area scrolls sideways instead).
    """
    box = f".st-key-{container}"
    image = f'{box} [data-testid="stImageContainer"]'
    rules = [f"{box} {{ container-type: inline-size; width: 100%; overflow-x: auto; }}"]
    rules.append(f"{box} img {{ min-width: {min_widths[-1]}px; }}")
    for i, need in enumerate(min_widths):
        nth = f"{image}:nth-child({i + 1})"
        if i + 1 < len(min_widths):
            rules.append(f"@container (max-width: {need - 0.02}px) {{ {nth} {{ display: none; }} }}")
        if i > 0:
            rules.append(f"@container (min-width: {min_widths[i - 1]}px) {{ {nth} {{ display: none; }} }}")
    return " ".join(rules)


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
