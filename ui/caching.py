"""The app's only Streamlit caches: thin wrappers around pure functions of the survival package.

Two families, bounded by Streamlit's public controls only (``max_entries``,
``ttl``, ``scope``):

* bundled data (``ref`` is a dataset id): shared by every session, as
  ``st.cache_resource`` for the datasets and ``st.cache_data`` for what is
  derived from them;
* the reader's own data (``ref`` starts with ``upload:``, then the SHA-256 of
  the bytes read): ``scope="session"``, so Streamlit drops the entries when
  the session ends and no other session ever sees them.

Charts are drawn once per key and written to SVG by the same function that
writes the downloads (:func:`survival.plot.style.figure_bytes`), so the
screen and the files show the same picture.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from survival.datasets.catalogue import load_dataset
from survival.datasets.dataset import Dataset, Selection
from survival.datasets.description import PERIOD
from survival.estimate.groups import GroupEstimates, logrank_groups
from survival.estimate.recent import TrendSummary, latest_window, selection_trend
from survival.plot import dataset_charts
from survival.plot.style import figure_bytes
from survival.words.explanation import Explanation, explain
from ui import upload_read, uploads
from ui.rendered import NARROW_WIDTH, Rendered, render
from ui.upload_read import Upload
from ui.uploads import Reading

TTL = 3600
UPLOAD_PREFIX = "upload:"
Labels = tuple[tuple[str, str], ...]


@st.cache_resource(show_spinner=False)
def bundled(name: str) -> Dataset:
    """A bundled dataset, loaded once per process and shared read-only by every session."""
    return load_dataset(name)


def is_bundled(ref: str) -> bool:
    """Whether ``ref`` names a bundled dataset (not this session's upload)."""
    return not ref.startswith(UPLOAD_PREFIX)


def dataset(ref: str) -> Dataset:
    """The dataset ``ref`` names: a bundled id, or this session's upload."""
    if ref.startswith(UPLOAD_PREFIX):
        return uploads.session_dataset(ref)
    return bundled(ref)


def selection(ref: str, labels: Labels) -> Selection:
    """The selection of ``ref`` with these labels."""
    return Selection(dataset(ref).name, labels)


def _trend(ref: str, labels: Labels) -> TrendSummary | None:
    return selection_trend(dataset(ref), selection(ref, labels))


@st.cache_data(max_entries=64, ttl=TTL, show_spinner=False)  # fitted when the data were built
def _trend_bundled(ref: str, labels: Labels) -> TrendSummary | None:
    return _trend(ref, labels)


@st.cache_data(max_entries=8, ttl=TTL, show_spinner="Fitting the trend...", scope="session")
def _trend_upload(ref: str, labels: Labels) -> TrendSummary | None:
    return _trend(ref, labels)


def trend(ref: str, labels: Labels) -> TrendSummary | None:
    """The joinpoint trend of one group (the period label is ignored), or None without single years.

    A bundled dataset's trends were fitted when it was built
    (:mod:`survival.datasets.trend_fits`); an upload's is fitted here (1-2 s)
    and cached for its own session only.
    """
    labels = tuple((n, v) for n, v in labels if n != PERIOD)
    pick = _trend_upload if ref.startswith(UPLOAD_PREFIX) else _trend_bundled
    return pick(ref, labels)


def window(ref: str) -> tuple[int, int] | None:
    """The latest complete period window of a dataset (:func:`survival.estimate.recent.latest_window`)."""
    return latest_window(dataset(ref))


def _explain(ref: str, labels: Labels, figure: float | None, lived: int, recent: bool) -> Explanation:
    return explain(
        dataset(ref),
        selection(ref, labels),
        figure=figure,
        lived=lived,
        window=window(ref) if recent else None,
        trend=trend(ref, labels),
    )


@st.cache_data(max_entries=512, ttl=TTL, show_spinner=False)
def _explain_bundled(ref: str, labels: Labels, figure: float | None, lived: int, recent: bool) -> Explanation:
    return _explain(ref, labels, figure, lived, recent)


@st.cache_data(max_entries=64, ttl=TTL, show_spinner=False, scope="session")
def _explain_upload(ref: str, labels: Labels, figure: float | None, lived: int, recent: bool) -> Explanation:
    return _explain(ref, labels, figure, lived, recent)


def explanation(
    ref: str, labels: Labels, figure: float | None = None, lived: int = 0, recent: bool = False
) -> Explanation:
    """The plain-language explanation of one selection (``recent``: the latest period estimate)."""
    pick = _explain_upload if ref.startswith(UPLOAD_PREFIX) else _explain_bundled
    return pick(ref, labels, figure, lived, recent)


def _summary_pdf(ref: str, labels: Labels, figure: float | None, lived: int, recent: bool) -> bytes:
    from survival.plot.summary_page import summary_page

    page = summary_page(
        dataset(ref),
        selection(ref, labels),
        explanation(ref, labels, figure, lived, recent),
        lived=lived,
        window=window(ref) if recent else None,
    )
    return figure_bytes(page, "pdf")


@st.cache_data(max_entries=32, ttl=TTL, show_spinner=False)
def _summary_pdf_bundled(ref: str, labels: Labels, figure: float | None, lived: int, recent: bool) -> bytes:
    return _summary_pdf(ref, labels, figure, lived, recent)


@st.cache_data(max_entries=4, ttl=TTL, show_spinner=False, scope="session")
def _summary_pdf_upload(ref: str, labels: Labels, figure: float | None, lived: int, recent: bool) -> bytes:
    return _summary_pdf(ref, labels, figure, lived, recent)


def summary_pdf(ref: str, labels: Labels, figure: float | None, lived: int, recent: bool) -> bytes:
    """The patient page's one-page printable summary (:func:`survival.plot.summary_page.summary_page`)."""
    pick = _summary_pdf_upload if ref.startswith(UPLOAD_PREFIX) else _summary_pdf_bundled
    return pick(ref, labels, figure, lived, recent)


def _draw(kind: str, ref: str, groups: tuple[Labels, ...], options: tuple) -> dataset_charts.Chart:
    """A chart of ``groups`` of dataset ``ref``: curve, icons, trend (one group) or compare."""
    data = dataset(ref)
    chosen = [Selection(data.name, labels) for labels in groups]
    kwargs = dict(options)
    if kind == "trend" and kwargs.get("trend"):
        kwargs["trend"] = trend(ref, groups[0])
    draw: dict[str, Callable[..., dataset_charts.Chart]] = {
        "curve": lambda: dataset_charts.curve_chart(data, chosen[0], **kwargs),
        "icons": lambda: dataset_charts.icons_chart(data, chosen[0], **kwargs),
        "trend": lambda: dataset_charts.trend_chart(data, chosen[0], **kwargs),
        "compare": lambda: dataset_charts.compare_chart(data, chosen, **kwargs),
    }
    return draw[kind]()


def _rendered(kind: str, ref: str, groups: tuple[Labels, ...], options: tuple) -> Rendered:
    """The chart, and unless it is a slide the same chart laid out for a narrow screen."""
    made = _draw(kind, ref, groups, options)
    if dict(options).get("presentation"):
        return render(made)
    return render(made, _draw(kind, ref, groups, options + (("width", NARROW_WIDTH),)))


def _file(fmt: str, kind: str, ref: str, groups: tuple[Labels, ...], options: tuple) -> bytes:
    made = _draw(kind, ref, groups, options)
    return figure_bytes(made.ax, fmt, description=made.alt_text)


@st.cache_data(max_entries=256, ttl=TTL, show_spinner=False)
def _rendered_bundled(kind: str, ref: str, groups: tuple[Labels, ...], options: tuple) -> Rendered:
    return _rendered(kind, ref, groups, options)


@st.cache_data(max_entries=32, ttl=TTL, show_spinner=False, scope="session")
def _rendered_upload(kind: str, ref: str, groups: tuple[Labels, ...], options: tuple) -> Rendered:
    return _rendered(kind, ref, groups, options)


@st.cache_data(max_entries=32, ttl=TTL, show_spinner=False)
def _file_bundled(fmt: str, kind: str, ref: str, groups: tuple[Labels, ...], options: tuple) -> bytes:
    return _file(fmt, kind, ref, groups, options)


@st.cache_data(max_entries=8, ttl=TTL, show_spinner=False, scope="session")
def _file_upload(fmt: str, kind: str, ref: str, groups: tuple[Labels, ...], options: tuple) -> bytes:
    return _file(fmt, kind, ref, groups, options)


def chart(kind: str, ref: str, groups: tuple[Labels, ...], **options) -> Rendered:
    """A chart for the screen (SVG), its text alternative and data table.

    ``groups`` holds each selection's labels; ``options`` are the chart
    function's keyword arguments (hashable values).
    """
    pick = _rendered_upload if ref.startswith(UPLOAD_PREFIX) else _rendered_bundled
    return pick(kind, ref, groups, tuple(sorted(options.items())))


def chart_file(fmt: str, kind: str, ref: str, groups: tuple[Labels, ...], **options) -> bytes:
    """The same chart as a PNG (300 dpi), SVG or PDF file."""
    pick = _file_upload if ref.startswith(UPLOAD_PREFIX) else _file_bundled
    return pick(fmt, kind, ref, groups, tuple(sorted(options.items())))


def _logrank(ref: str, groups: tuple[tuple[str, ...], ...]):
    return logrank_groups(dataset(ref).lifetables, groups)


@st.cache_data(max_entries=128, ttl=TTL, show_spinner=False)
def _logrank_bundled(ref: str, groups: tuple[tuple[str, ...], ...]):
    return _logrank(ref, groups)


@st.cache_data(max_entries=16, ttl=TTL, show_spinner=False, scope="session")
def _logrank_upload(ref: str, groups: tuple[tuple[str, ...], ...]):
    return _logrank(ref, groups)


def logrank(ref: str, groups: tuple[tuple[str, ...], ...]):
    """The log-rank test of groups of a dataset's life tables (deaths at each interval's end), or None."""
    pick = _logrank_upload if ref.startswith(UPLOAD_PREFIX) else _logrank_bundled
    return pick(ref, groups)


# -- The reader's own data (scope="session": dropped when the session ends) -----------------------

UPLOAD_TTL = 900
MAX_ENTRIES = 16


@st.cache_data(max_entries=MAX_ENTRIES, ttl=UPLOAD_TTL, show_spinner=False, scope="session")
def read_upload(key: Upload, _contents: tuple[bytes, ...]) -> Reading:
    """Read and validate an upload (:func:`ui.uploads.read`)."""
    return uploads.read(key, _contents)


@st.cache_data(max_entries=MAX_ENTRIES, ttl=UPLOAD_TTL, show_spinner=False, scope="session")
def upload_estimate(
    key: Upload, _contents: tuple[bytes, ...], by: tuple[str, ...] | None, method: str
) -> GroupEstimates:
    """Estimates of every group (:func:`ui.uploads.estimate`)."""
    return uploads.estimate(read_upload(key, _contents), by, method)


@st.cache_data(max_entries=MAX_ENTRIES, ttl=UPLOAD_TTL, show_spinner=False, scope="session")
def upload_chart(
    key: Upload,
    _contents: tuple[bytes, ...],
    by: tuple[str, ...] | None,
    method: str,
    measure: str,
    shown: tuple[str, ...],
    band: bool,
) -> Rendered:
    """The chart of the groups shown, for the screen, with its text alternative and data."""
    return render(uploads.draw(read_upload(key, _contents), by, method, measure, shown, band))


@st.cache_data(max_entries=MAX_ENTRIES, ttl=UPLOAD_TTL, show_spinner=False, scope="session")
def upload_chart_file(
    fmt: str,
    key: Upload,
    _contents: tuple[bytes, ...],
    by: tuple[str, ...] | None,
    method: str,
    measure: str,
    shown: tuple[str, ...],
    band: bool,
) -> bytes:
    """The same chart as a PNG (300 dpi), SVG or PDF file."""
    made = uploads.draw(read_upload(key, _contents), by, method, measure, shown, band)
    return figure_bytes(made.ax, fmt, description=made.alt_text)


@st.cache_data(max_entries=MAX_ENTRIES, ttl=UPLOAD_TTL, show_spinner=False, scope="session")
def upload_logrank(
    key: Upload, _contents: tuple[bytes, ...], by: tuple[str, ...] | None, groups: tuple[tuple[str, ...], ...]
):
    """The log-rank test of the groups shown (:func:`ui.uploads.logrank`)."""
    return uploads.logrank(read_upload(key, _contents), by, groups)


@st.cache_data(max_entries=MAX_ENTRIES, ttl=UPLOAD_TTL, show_spinner=False, scope="session")
def upload_notes(key: Upload, _contents: tuple[bytes, ...], by: tuple[str, ...] | None) -> tuple[str, ...]:
    """Notes on fragile estimates once a life table is pooled (:func:`ui.uploads.notes`)."""
    return uploads.notes(read_upload(key, _contents), by)


@st.cache_data(max_entries=MAX_ENTRIES, ttl=UPLOAD_TTL, show_spinner=False, scope="session")
def csv_columns(name: str, sha256: str, _content: bytes) -> list[str]:
    """The header of an uploaded CSV file (its columns), read from its first rows."""
    return upload_read.csv_header(name, _content)
