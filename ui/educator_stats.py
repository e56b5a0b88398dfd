"""Cached educator statistics of a comparison: the chart with its interval type, medians, RMST, tests.

Thin ``st.cache_data`` wrappers around :mod:`survival.lessons.comparison`, in
the two families of :mod:`ui.caching`: a bundled dataset's results are shared
by every session; this session's upload (``ref`` starting ``upload:``) is
cached with ``scope="session"``. ``groups`` holds each selection's labels,
hashable, as the "Compare groups" page makes them. :func:`upload_stats` does
the same for the "Your own data" page's individual rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from survival.datasets.dataset import Selection
from survival.estimate.lifetable_curves import counts_from_lifetable
from survival.io.individual import EventCounts
from survival.lessons import comparison
from survival.plot.dataset_charts import compare_chart
from survival.plot.style import figure_bytes
from ui import caching, uploads
from ui.rendered import COLUMN_WIDTH, NARROW_WIDTH, Rendered, render
from ui.upload_read import Upload

TTL = caching.TTL
Labels = tuple[tuple[str, str], ...]
#: What ui.uploads.draw takes after the reading: group columns kept, method, measure, groups shown, band.
Drawn = tuple[tuple[str, ...] | None, str, str, tuple[str, ...], bool]


@dataclass(frozen=True, eq=False)
class Rmst:
    """RMST of the groups up to ``tau``, each against the first, and a sentence per group."""

    tau: int
    table: pd.DataFrame
    contrasts: pd.DataFrame
    sentences: tuple[str, ...]


def _selections(ref: str, groups: tuple[Labels, ...]) -> list[Selection]:
    name = caching.dataset(ref).name
    return [Selection(name, labels) for labels in groups]


def _rmst(curves, tau: int) -> Rmst:
    return Rmst(
        tau,
        comparison.rmst_table(curves, tau),
        comparison.rmst_contrasts(curves, tau),
        tuple(comparison.rmst_sentence(c, tau) for c in curves),
    )


def _compute(kind: str, ref: str, groups: tuple[Labels, ...], args: tuple):
    """One result of the comparison of ``groups`` of dataset ``ref`` (uncached)."""
    data = caching.dataset(ref)
    chosen = _selections(ref, groups)
    if kind in ("chart", "file"):
        fmt, options = args if kind == "file" else (None, args)
        if fmt is not None:  # downloads keep the print layout
            made = compare_chart(data, chosen, **dict(options))
            return figure_bytes(made.ax, fmt, description=made.alt_text)
        wide = compare_chart(data, chosen, **dict(options), width=COLUMN_WIDTH)
        return render(wide, compare_chart(data, chosen, **dict(options), width=NARROW_WIDTH))
    if kind == "medians":
        method, conf_type = args
        return comparison.median_table(
            comparison.selection_curves(data, chosen, method=method, conf_type=conf_type)
        )
    if kind == "horizons":
        return comparison.rmst_horizons(comparison.selection_curves(data, chosen, method=args[0]))
    if kind == "rmst":
        method, tau = args
        return _rmst(comparison.selection_curves(data, chosen, method=method), tau)
    if kind == "tests":
        try:
            return comparison.weighted_tests(
                counts_from_lifetable(data.lifetables), [s.group for s in chosen]
            )
        except ValueError:
            return None  # fewer than two groups, or no deaths
    raise ValueError(f"Unknown result {kind!r}.")


@st.cache_data(max_entries=256, ttl=TTL, show_spinner=False)
def _bundled(kind: str, ref: str, groups: tuple[Labels, ...], args: tuple):
    return _compute(kind, ref, groups, args)


@st.cache_data(max_entries=32, ttl=TTL, show_spinner=False, scope="session")
def _upload(kind: str, ref: str, groups: tuple[Labels, ...], args: tuple):
    return _compute(kind, ref, groups, args)


def _get(kind: str, ref: str, groups: tuple[Labels, ...], args: tuple):
    pick = _bundled if caching.is_bundled(ref) else _upload
    return pick(kind, ref, groups, args)


def chart(ref: str, groups: tuple[Labels, ...], **options) -> Rendered:
    """The comparison chart (SVG), its text alternative and data, intervals named."""
    return _get("chart", ref, groups, tuple(sorted(options.items())))


def chart_file(fmt: str, ref: str, groups: tuple[Labels, ...], **options) -> bytes:
    """The same chart as a PNG (300 dpi), SVG or PDF file."""
    return _get("file", ref, groups, (fmt, tuple(sorted(options.items()))))


def medians(ref: str, groups: tuple[Labels, ...], method: str, conf_type: str) -> pd.DataFrame:
    """Each group's median by both conventions, with its interval."""
    return _get("medians", ref, groups, (method, conf_type))


def horizons(ref: str, groups: tuple[Labels, ...], method: str) -> list[int]:
    """The whole years every group's curve (by ``method``) reaches."""
    return _get("horizons", ref, groups, (method,))


def rmst(ref: str, groups: tuple[Labels, ...], method: str, tau: int) -> Rmst:
    """RMST up to ``tau`` from the groups' curves by ``method``, and each group against the first."""
    return _get("rmst", ref, groups, (method, tau))


def tests(ref: str, groups: tuple[Labels, ...]) -> pd.DataFrame | None:
    """The log-rank and weighted tests of the groups (deaths at each interval's end), or None."""
    return _get("tests", ref, groups, ())


# -- The reader's own individual rows ("Your own data") -------------------------------------------


@dataclass(frozen=True, eq=False)
class UploadStats:
    """Medians, RMST horizons and the tests of the groups shown of an upload of individual rows."""

    medians: pd.DataFrame
    horizons: list[int]
    tests: pd.DataFrame | None


def _upload_curves(
    key: Upload, contents: tuple[bytes, ...], method: str, shown: tuple[str, ...], conf_type: str
):
    est = uploads.estimate(caching.read_upload(key, contents), None, method)
    return est, [est.curve(label).with_conf_type(conf_type) for label in shown]


@st.cache_data(max_entries=16, ttl=TTL, show_spinner=False, scope="session")
def upload_stats(
    key: Upload, _contents: tuple[bytes, ...], method: str, shown: tuple[str, ...], conf_type: str
) -> UploadStats:
    """The statistics of the groups ``shown`` (by label) of individual rows, curves by ``method``."""
    est, curves = _upload_curves(key, _contents, method, shown, conf_type)
    tests = None
    if len(shown) > 1:
        try:
            groups = [est.groups[est.labels.index(label)] for label in shown]
            data = caching.read_upload(key, _contents).data
            tests = comparison.weighted_tests(data, groups) if isinstance(data, EventCounts) else None
        except ValueError:
            tests = None
    return UploadStats(comparison.median_table(curves), comparison.rmst_horizons(curves), tests)


@st.cache_data(max_entries=16, ttl=TTL, show_spinner=False, scope="session")
def upload_rmst(
    key: Upload, _contents: tuple[bytes, ...], method: str, shown: tuple[str, ...], tau: int
) -> Rmst:
    """RMST up to ``tau`` of the groups shown (curves by ``method``), and each against the first."""
    _, curves = _upload_curves(key, _contents, method, shown, "log-log")
    return _rmst(curves, tau)


@st.cache_data(max_entries=16, ttl=TTL, show_spinner=False, scope="session")
def upload_chart(key: Upload, _contents: tuple[bytes, ...], view: Drawn, conf_type: str) -> Rendered:
    """The upload's chart (:func:`ui.uploads.draw`) with the band under ``conf_type``."""
    return render(uploads.draw(caching.read_upload(key, _contents), *view, conf_type=conf_type))


@st.cache_data(max_entries=8, ttl=TTL, show_spinner=False, scope="session")
def upload_chart_file(
    fmt: str, key: Upload, _contents: tuple[bytes, ...], view: Drawn, conf_type: str
) -> bytes:
    """The same chart as a file to download."""
    made = uploads.draw(caching.read_upload(key, _contents), *view, conf_type=conf_type)
    return figure_bytes(made.ax, fmt, description=made.alt_text)
