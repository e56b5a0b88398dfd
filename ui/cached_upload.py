"""Caches for uploaded data: read, estimate and draw, keyed by the content's SHA-256.

Uploads never leave memory: nothing here writes a file. Every cached function
takes an :class:`Upload` as its key (the input kind, the file names, the
SHA-256 of each file's bytes and the reading options) and the bytes
themselves as ``_contents``, which Streamlit does not hash again because the
digests stand for them. Two sessions share an entry only when they uploaded
byte-identical files under the same names with the same options, so each
session sees its own data. Entries are bounded in number and age; all but
what was read from each upload (seconds of work for a large file) are
emptied once the server has been quiet for a minute
(:func:`ui.housekeeping.release`).

Reading is :mod:`ui.upload_read`: in this process for uploads up to
:data:`IN_PROCESS_BYTES`, in a worker process beyond, so that reading a large
file does not hold the interpreter lock that every session needs.

Warnings (:class:`~survival.errors.FragileEstimateWarning`) are recorded while
reading and returned with the result, so a cache hit shows them too.
Recording swaps the ``warnings`` module's process-wide hooks, so in this
process it happens under one lock: one session's warnings (which quote its
group labels) never land in another session's list, nor in the server's log.
No cached function is called while the lock is held: Streamlit computes each
cache entry under its own lock, and waiting on one while holding the other
could deadlock.
"""

from __future__ import annotations

import hashlib
import threading
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Iterator

import pandas as pd
import streamlit as st

from survival.errors import SurvivalDataError
from ui import housekeeping, upload_read
from ui.cached import Rendered, settle, to_svg
from ui.upload_read import Upload, fragile

__all__ = ["Upload", "View", "Loaded", "Estimated", "digest", "csv_columns", "load", "estimate",
           "estimate_csv", "chart", "chart_file", "logrank"]

TTL = 900
MAX_ENTRIES = 16
ACTUARIAL_WIDTH = 1.0  # years per interval when individual rows are grouped
IN_PROCESS_BYTES = 2 * 1024 * 1024  # larger uploads are read in a worker process (about 0.1 s of work)
_RECORDING = threading.RLock()


@dataclass(frozen=True)
class View:
    """How to estimate and draw: group columns kept, method, groups shown (indexes), measure, band."""

    by: tuple[str, ...] | None = None
    method: str = "actuarial"
    shown: tuple[int, ...] = (0,)
    measure: str = "observed"
    band: bool = True


@dataclass(frozen=True, eq=False)
class Loaded:
    """An upload read and validated: a life table or event counts, with what was read."""

    table: object  # LifeTable, or EventCounts for individual rows
    summary: tuple[tuple[str, str], ...]
    group_columns: tuple[str, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Estimated:
    """Estimates of every group: the table shown and downloaded, and which groups can be drawn."""

    method: str
    groups: tuple[tuple, ...]
    labels: tuple[str, ...]
    estimable: tuple[bool, ...]
    has_expected: bool
    table: pd.DataFrame
    result: object  # LifeTableEstimate (actuarial) or EventCounts (Kaplan-Meier)
    warnings: tuple[str, ...]


def digest(content: bytes) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    return hashlib.sha256(content).hexdigest()


@contextmanager
def _recording() -> Iterator[list]:
    """Record every warning raised inside (one thread at a time); yields the list."""
    with _RECORDING, upload_read.recorded() as caught:
        yield caught


@housekeeping.droppable
@st.cache_data(max_entries=MAX_ENTRIES, ttl=TTL, show_spinner=False)
def csv_columns(name: str, sha256: str, _content: bytes) -> list[str]:
    """The header of an uploaded CSV file (its columns), read from its first rows."""
    with _recording():
        return upload_read.csv_header(name, _content)


@st.cache_data(max_entries=MAX_ENTRIES, ttl=TTL, show_spinner=False)
def load(key: Upload, _contents: tuple[bytes, ...]) -> Loaded:
    """Read and validate an upload (raises SurvivalDataError in plain words)."""
    if sum(len(c) for c in _contents) > IN_PROCESS_BYTES:
        data, notes = upload_read.read_elsewhere(key, _contents)
    else:
        with _RECORDING:
            data, notes = upload_read.read_recorded(key, _contents)
    return Loaded(data, _summary(key, data), tuple(data.group_columns), notes)


def _summary(key: Upload, data) -> tuple[tuple[str, str], ...]:
    """What was read, as (item, value) pairs of text."""
    groups = data.groups()
    counts = [("Files", ", ".join(key.names)),
              ("Group columns", ", ".join(data.group_columns) or "none (one group)"),
              ("Groups", f"{len(groups):,}")]
    if key.kind == "individual":
        frame = data.frame
        return tuple(counts + [
            ("Rows (people)", f"{data.n_rows:,}"),
            ("Deaths", f"{int(frame['died'].sum()):,}"),
            ("Censored (alive at last follow-up)", f"{int(frame['censored'].sum()):,}"),
            ("Distinct follow-up times", f"{len(frame):,}"),
            ("Longest follow-up", f"{frame['time'].max():.3g} years")])
    frame = data.frame
    starts = sorted(set(frame["interval_start"]))
    return tuple(counts + [
        ("Rows (group x interval)", f"{len(frame):,}"),
        ("Intervals", f"{len(starts):,}, from {starts[0]:g} to {frame['interval_end'].max():g} years"),
        ("Expected survival", "present: relative survival can be shown" if data.has_expected
         else "absent: observed survival only")])


@housekeeping.droppable
@st.cache_data(max_entries=MAX_ENTRIES, ttl=TTL, show_spinner=False)
def estimate(key: Upload, _contents: tuple[bytes, ...], by: tuple[str, ...] | None,
             method: str) -> Estimated:
    """Estimates for every group: actuarial for life tables; Kaplan-Meier or actuarial for rows."""
    loaded = load(key, _contents)
    with _recording() as caught:
        if key.kind == "individual" and method == "kaplan-meier":
            return _kaplan_meier(loaded)
        table, notes = _life_table(key, loaded, by)
        return _actuarial(table, notes + fragile(caught))


def _life_table(key: Upload, loaded: Loaded, by: tuple[str, ...] | None):
    """The life table to estimate from (pooled to ``by``) and its warnings."""
    from survival.tables.lifetable import warn_if_fragile

    if key.kind == "individual":
        return loaded.table.to_lifetable(ACTUARIAL_WIDTH), loaded.warnings
    table = loaded.table
    if by is None or tuple(by) == table.group_columns:
        return table, loaded.warnings
    keep = [c for c in table.group_columns if c in by]
    pooled = table.pool(keep)
    warn_if_fragile(pooled)
    return pooled, ()


def _actuarial(table, notes: tuple[str, ...]) -> Estimated:
    from survival.estimate.actuarial import actuarial
    from survival.tables.lifetable import combine_labels

    result = actuarial(table)
    frame = result.to_frame()
    if not result.has_expected:
        frame = frame.drop(columns=[c for c in frame.columns
                                    if c.startswith(("expected", "relative"))])
    groups = tuple(result.groups())
    estimable = tuple(len(result.group_frame(g)) > 0 for g in groups)
    labels = _unique([combine_labels(g) or "Everyone" for g in groups])
    return Estimated("actuarial", groups, labels, estimable, result.has_expected, frame, result,
                     tuple(dict.fromkeys(notes)))


def _kaplan_meier(loaded: Loaded) -> Estimated:
    from survival.estimate.kaplan_meier import km_table
    from survival.tables.lifetable import combine_labels

    counts = loaded.table
    groups = tuple(counts.groups())
    labels = _unique([combine_labels(g) or "Everyone" for g in groups])
    return Estimated("kaplan-meier", groups, labels, (True,) * len(groups), False,
                     km_table(counts), counts, loaded.warnings)


def _unique(labels: list[str]) -> tuple[str, ...]:
    """Group labels made unique ("a, b" can come from two different groups), in order."""
    seen: set[str] = set()
    out = []
    for label in labels:
        name, k = label, 2
        while name in seen:
            name, k = f"{label} ({k})", k + 1
        seen.add(name)
        out.append(name)
    return tuple(out)


def estimate_csv(key: Upload, contents: tuple[bytes, ...], by: tuple[str, ...] | None,
                 method: str) -> str:
    """The estimate table as CSV text, formula-like text cells escaped."""
    from survival.io.csv_export import safe_csv

    return safe_csv(estimate(key, contents, by, method).table)


def _curves(est: Estimated, view: View) -> list:
    """The curves of the groups shown, labelled with their group labels."""
    shown = [i for i in view.shown if 0 <= i < len(est.groups) and est.estimable[i]]
    if not shown:
        raise SurvivalDataError("None of the groups chosen has an estimate to draw", None,
                                "choose other groups")
    if est.method == "kaplan-meier":
        from survival.estimate.kaplan_meier import kaplan_meier_counts

        return [kaplan_meier_counts(est.result, est.groups[i], label=est.labels[i]) for i in shown]
    pick = est.result.relative if view.measure == "relative" and est.has_expected else est.result.observed
    return [pick(est.groups[i], label=est.labels[i]) for i in shown]


def _draw(est: Estimated, view: View):
    """The drawn Axes, text alternative and data table of a view (call while recording)."""
    from survival.plot import curves as charts

    curves = _curves(est, view)
    # Matplotlib reads text between dollar signs as mathematics: draw labels as written.
    drawn = [replace(c, label=c.label.replace("$", r"\$")) for c in curves]
    measure = "relative" if curves[0].measure == "relative" else "observed"
    method = "Kaplan-Meier" if curves[0].method == "kaplan-meier" else "actuarial"
    title = f"{measure.capitalize()} survival ({method})"
    if len(curves) == 1:
        ax = charts.plot_survival(drawn, band=view.band, title=title)
        alt = charts.survival_alt_text(curves, band=view.band)
    else:
        ax = charts.plot_comparison(drawn, band=view.band, title=title)
        alt = charts.comparison_alt_text(curves, band=view.band)
    return ax, alt, charts.survival_table(curves)


@housekeeping.droppable
@st.cache_data(max_entries=MAX_ENTRIES, ttl=TTL, show_spinner=False)
def chart(key: Upload, _contents: tuple[bytes, ...], view: View) -> Rendered:
    """A chart of the groups shown, for the screen, with its text alternative and data."""
    settle()
    est = estimate(key, _contents, view.by, view.method)
    with _recording():  # drawing can warn too (a glyph missing from the font), quoting labels
        ax, alt, table = _draw(est, view)
        return Rendered(to_svg(ax.figure), alt, table)


@housekeeping.droppable
@st.cache_data(max_entries=MAX_ENTRIES, ttl=TTL, show_spinner=False)
def chart_file(fmt: str, key: Upload, _contents: tuple[bytes, ...], view: View) -> bytes:
    """The same chart as a file for download: PNG at 300 dpi, SVG or PDF."""
    from survival.plot.style import figure_bytes

    est = estimate(key, _contents, view.by, view.method)
    with _recording():
        ax, alt, _ = _draw(est, view)
        return figure_bytes(ax, fmt, description=alt)


@housekeeping.droppable
@st.cache_data(max_entries=MAX_ENTRIES, ttl=TTL, show_spinner=False)
def logrank(key: Upload, _contents: tuple[bytes, ...], shown: tuple[int, ...]):
    """The log-rank test of the groups shown (individual rows), or None when no one died in them."""
    from survival.estimate.kaplan_meier import logrank as test

    est = estimate(key, _contents, None, "kaplan-meier")
    with _recording():
        try:
            return test(est.result, [est.groups[i] for i in shown])
        except ValueError:  # fewer than two groups, or no deaths in them
            return None
