"""The reader's own data: read, estimated and drawn (pure functions), and offered to every page.

An upload is read in a short-lived worker process (:mod:`ui.upload_read`):
the server's threads never swap the ``warnings`` hooks or hold the
interpreter lock for seconds, and the memory reading takes goes back to the
system when the worker exits. Estimates come from the same pipeline as the
command line (:func:`survival.estimate.groups.estimate_groups`). :mod:`ui.caching`
caches these functions with ``scope="session"``.

The dataset made from an upload is kept in this session's state under
:data:`ui.state.UPLOADED`, where the other pages find it; it goes when the
session ends and no other session sees it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

import streamlit as st

from survival.datasets.dataset import Dataset
from survival.datasets.uploads import dataset_from_table
from survival.errors import SurvivalDataError
from survival.estimate.groups import GroupEstimates, estimate_groups, logrank_groups
from survival.estimate.intervals import interval_name
from survival.io.individual import EventCounts
from survival.plot.dataset_charts import Chart, groups_chart, interval_columns
from survival.tables.lifetable import LifeTable
from survival.tables.notes import fragile_notes
from ui import state, upload_read
from ui.upload_read import Upload

ACTUARIAL_WIDTH = 1.0  # years per interval when individual rows are grouped
PREFIX = "upload:"


@dataclass(frozen=True, eq=False)
class Reading:
    """An upload read and validated: the table, what was read, and notes on fragile estimates."""

    data: LifeTable | EventCounts
    summary: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Uploaded:
    """The upload this session works on: its reference, file name and dataset."""

    ref: str
    name: str
    dataset: Dataset


def digest(content: bytes) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    return hashlib.sha256(content).hexdigest()


def summary(key: Upload, data: LifeTable | EventCounts) -> tuple[tuple[str, str], ...]:
    """What was read, as (item, value) pairs of text."""
    groups = data.groups()
    counts = [
        ("Files", ", ".join(key.names)),
        ("Group columns", ", ".join(data.group_columns) or "none (one group)"),
        ("Groups", f"{len(groups):,}"),
    ]
    frame = data.frame
    if isinstance(data, EventCounts):
        return tuple(
            counts
            + [
                ("Rows (people)", f"{data.n_rows:,}"),
                ("Deaths", f"{int(frame['died'].sum()):,}"),
                ("Censored (alive at last follow-up)", f"{int(frame['censored'].sum()):,}"),
                ("Distinct follow-up times", f"{len(frame):,}"),
                ("Longest follow-up", f"{frame['time'].max():.3g} years"),
            ]
        )
    starts = sorted(set(frame["interval_start"]))
    return tuple(
        counts
        + [
            ("Rows (group x interval)", f"{len(frame):,}"),
            ("Intervals", f"{len(starts):,}, from {starts[0]:g} to {frame['interval_end'].max():g} years"),
            (
                "Expected survival",
                "present: relative survival can be shown"
                if data.has_expected
                else "absent: observed survival only",
            ),
        ]
    )


def reference(key: Upload) -> str:
    """The name the other pages and the caches know this upload by."""
    options = "\x1f".join([key.kind, key.duration, key.event, *key.groups, key.unit]).encode()
    return PREFIX + "-".join(d[:16] for d in key.digests) + "-" + hashlib.sha256(options).hexdigest()[:8]


def remember(key: Upload, reading: Reading) -> Uploaded:
    """Make the upload this session's own dataset, for every page (kept in session state)."""
    ref = reference(key)
    known = st.session_state.get(state.UPLOADED)
    if known is not None and known.ref == ref:
        return known
    table = reading.data
    if isinstance(table, EventCounts):
        table = table.to_lifetable(ACTUARIAL_WIDTH)
    uploaded = Uploaded(ref, key.names[0], dataset_from_table(table, key.names[0]))
    st.session_state[state.UPLOADED] = uploaded
    return uploaded


def current() -> Uploaded | None:
    """This session's upload, if it has one."""
    return st.session_state.get(state.UPLOADED)


def session_dataset(ref: str) -> Dataset:
    """The dataset of this session's upload ``ref`` (a plain error once it is gone)."""
    uploaded = current()
    if uploaded is None or uploaded.ref != ref:
        raise SurvivalDataError(
            "Your own data are no longer in this session",
            "the dataset choice",
            "upload the file again on the \u201cYour own data\u201d page",
        )
    return uploaded.dataset


def read(key: Upload, contents: tuple[bytes, ...]) -> Reading:
    """Read and validate an upload in a worker process (raises SurvivalDataError in plain words)."""
    data, notes = upload_read.read_elsewhere(key, contents)
    return Reading(data, summary(key, data), notes)


def estimate(
    reading: Reading, by: tuple[str, ...] | None, method: str, measure: str = "observed"
) -> GroupEstimates:
    """Estimates of every group by the one pipeline the command line uses."""
    return estimate_groups(reading.data, method=method, measure=measure, by=by, width=ACTUARIAL_WIDTH)


def draw(
    reading: Reading,
    by: tuple[str, ...] | None,
    method: str,
    measure: str,
    shown: tuple[str, ...],
    band: bool,
    conf_type: str = "log-log",
) -> Chart:
    """The chart of the groups shown (by their labels), bands under ``conf_type`` (observed survival).

    The interval's level and transform are named in the text alternative and
    the data table's columns.
    """
    est = estimate(reading, by, method, measure)
    if measure == "observed":
        est = replace(est, curves=tuple(c.with_conf_type(conf_type) for c in est.curves))
    chart = groups_chart(est, shown=shown, band=band)
    kind = est.curves[0].conf_type if measure == "observed" else "log-log"
    alt = f"{chart.alt_text} Intervals are {interval_name(kind, est.conf_level)}."
    return Chart(chart.ax, alt, interval_columns(chart.table, kind, est.conf_level))


def logrank(reading: Reading, by: tuple[str, ...] | None, groups: tuple[tuple[str, ...], ...]):
    """The log-rank test of the groups shown (exact times for individual rows), or None."""
    return logrank_groups(reading.data, groups, by=by)


def notes(reading: Reading, by: tuple[str, ...] | None) -> tuple[str, ...]:
    """Notes on fragile estimates once a life table is pooled to ``by`` (none otherwise)."""
    data = reading.data
    if by is None or not isinstance(data, LifeTable) or tuple(by) == data.group_columns:
        return ()
    return fragile_notes(data.pool(list(by)))
