"""Caches for uploaded data: read, estimate and draw, keyed by the content's SHA-256.

Uploads never leave memory: nothing here writes a file. Every cached function
takes an :class:`Upload` as its key (the input kind, the file names, the
SHA-256 of each file's bytes and the reading options) and the bytes
themselves as ``_contents``, which Streamlit does not hash again because the
digests stand for them. Two sessions share an entry only when they uploaded
byte-identical files under the same names with the same options, so each
session sees its own data. Entries are bounded in number and age.

Warnings (:class:`~survival.errors.FragileEstimateWarning`) are recorded while
reading and returned with the result, so a cache hit shows them too.
Recording swaps the ``warnings`` module's process-wide hooks, so it happens
under one lock: one session's warnings (which quote its group labels) never
land in another session's list, nor in the server's log. No cached function
is called while the lock is held: Streamlit computes each cache entry under
its own lock, and waiting on one while holding the other could deadlock.
"""

from __future__ import annotations

import hashlib
import io
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Iterator

import pandas as pd
import streamlit as st

from survival.errors import FragileEstimateWarning, SurvivalDataError
from ui.cached import Rendered, to_svg

TTL = 900
MAX_ENTRIES = 16
ACTUARIAL_WIDTH = 1.0  # years per interval when individual rows are grouped
_RECORDING = threading.RLock()


@dataclass(frozen=True)
class Upload:
    """What was uploaded, as a cache key: kind, names, SHA-256 of each file, reading options."""

    kind: str
    names: tuple[str, ...]
    digests: tuple[str, ...]
    duration: str = ""
    event: str = ""
    groups: tuple[str, ...] = ()
    unit: str = "years"


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
    with _RECORDING, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught


def _fragile(caught: list) -> tuple[str, ...]:
    """The FragileEstimateWarning messages, each once, in order."""
    found = [str(w.message) for w in caught if issubclass(w.category, FragileEstimateWarning)]
    return tuple(dict.fromkeys(found))


def _named(name: str, content: bytes) -> io.BytesIO:
    """Content as an in-memory file that carries its name (for messages)."""
    handle = io.BytesIO(content)
    handle.name = name
    return handle


@st.cache_data(max_entries=MAX_ENTRIES, ttl=TTL, show_spinner=False)
def csv_columns(name: str, sha256: str, _content: bytes) -> list[str]:
    """The header of an uploaded CSV file (its columns), after checking it has rows."""
    from survival.csvinput import ROW, read_csv_cells

    with _recording():
        frame, _ = read_csv_cells(_content, name)
    return [c for c in frame.columns if c != ROW]


@st.cache_data(max_entries=MAX_ENTRIES, ttl=TTL, show_spinner=False)
def load(key: Upload, _contents: tuple[bytes, ...]) -> Loaded:
    """Read and validate an upload (raises SurvivalDataError in plain words)."""
    with _recording() as caught:
        data = _read(key, _contents)
    summary = _summary(key, data)
    return Loaded(data, summary, tuple(data.group_columns), _fragile(caught))


def _read(key: Upload, contents: tuple[bytes, ...]):
    files = list(zip(key.names, contents))
    if key.kind == "seerstat":
        from survival.readers import read_seerstat_lifetable

        dic, data = _pair_seerstat(files)
        return read_seerstat_lifetable(_named(*dic), _named(*data), name=dic[0])
    name, content = _one_csv(files)
    if key.kind == "lifetable":
        from survival.lifetable_csv import read_lifetable_csv

        return read_lifetable_csv(content, name=name)
    from survival.individual import read_individual_csv

    return read_individual_csv(content, duration=key.duration, event=key.event,
                               group=list(key.groups), time_unit=key.unit, name=name)


def _pair_seerstat(files: list[tuple[str, bytes]]) -> tuple[tuple[str, bytes], tuple[str, bytes]]:
    """The .dic and its data file among the uploads, or a plain error."""
    names = ", ".join(name for name, _ in files)
    dics = [f for f in files if f[0].lower().endswith(".dic")]
    data = [f for f in files if not f[0].lower().endswith(".dic")]
    if not dics:
        raise SurvivalDataError(
            "A SEER*Stat export needs its dictionary (.dic) file", f"uploaded: {names}",
            "upload the .dic together with the data file SEER*Stat saved with it (select both "
            "files at once); for a CSV file, choose the life-table or individual-rows kind above")
    if len(dics) > 1 or len(data) > 1:
        raise SurvivalDataError(
            "Upload one SEER*Stat export at a time: one .dic and one data file", f"uploaded: {names}",
            "remove the extra files with the x next to each, then keep one .dic and its data file")
    if not data:
        expected = _named_data_file(*dics[0])
        raise SurvivalDataError(
            "The dictionary (.dic) came without its data file", f"uploaded: {names}",
            f"upload the data file{expected} together with the .dic (select both files at once)")
    return dics[0], data[0]


def _named_data_file(name: str, content: bytes) -> str:
    """" (breast.txt)": the data file a .dic names, for the message; "" if it names none."""
    from survival.seerstat_dic import parse_dictionary
    from survival.textio import decode_text

    try:
        wanted = parse_dictionary(decode_text(content, name), source=name).data_filename
    except SurvivalDataError:
        return ""
    return f" it names ({wanted})" if wanted else ""


def _one_csv(files: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    if len(files) != 1:
        raise SurvivalDataError(
            f"{len(files)} files were uploaded; a CSV table is read from one file",
            "uploaded: " + ", ".join(name for name, _ in files),
            "remove the extra files with the x next to each, or choose 'SEER*Stat export' above "
            "for a .dic and its data file")
    name, content = files[0]
    if name.lower().endswith(".dic"):
        raise SurvivalDataError(
            "This is a SEER*Stat dictionary (.dic), not a CSV table", name,
            "choose 'SEER*Stat export' above and upload the .dic together with its data file")
    return name, content


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


@st.cache_data(max_entries=MAX_ENTRIES, ttl=TTL, show_spinner=False)
def estimate(key: Upload, _contents: tuple[bytes, ...], by: tuple[str, ...] | None,
             method: str) -> Estimated:
    """Estimates for every group: actuarial for life tables; Kaplan-Meier or actuarial for rows."""
    loaded = load(key, _contents)
    with _recording() as caught:
        if key.kind == "individual" and method == "kaplan-meier":
            return _kaplan_meier(loaded)
        table, notes = _life_table(key, loaded, by)
        return _actuarial(table, notes + _fragile(caught))


def _life_table(key: Upload, loaded: Loaded, by: tuple[str, ...] | None):
    """The life table to estimate from (pooled to ``by``) and its warnings."""
    from survival.tables import warn_if_fragile

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
    from survival.actuarial import actuarial
    from survival.tables import combine_labels

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
    from survival.km import km_table
    from survival.tables import combine_labels

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
    from survival.export import safe_csv

    return safe_csv(estimate(key, contents, by, method).table)


def _curves(est: Estimated, view: View) -> list:
    """The curves of the groups shown, labelled with their group labels."""
    shown = [i for i in view.shown if 0 <= i < len(est.groups) and est.estimable[i]]
    if not shown:
        raise SurvivalDataError("None of the groups chosen has an estimate to draw", None,
                                "choose other groups")
    if est.method == "kaplan-meier":
        from survival.km import kaplan_meier_counts

        return [kaplan_meier_counts(est.result, est.groups[i], label=est.labels[i]) for i in shown]
    pick = est.result.relative if view.measure == "relative" and est.has_expected else est.result.observed
    return [pick(est.groups[i], label=est.labels[i]) for i in shown]


def _draw(est: Estimated, view: View):
    """The drawn Axes, text alternative and data table of a view (call while recording)."""
    from survival import charts

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


@st.cache_data(max_entries=MAX_ENTRIES, ttl=TTL, show_spinner=False)
def chart(key: Upload, _contents: tuple[bytes, ...], view: View) -> Rendered:
    """A chart of the groups shown, for the screen, with its text alternative and data."""
    est = estimate(key, _contents, view.by, view.method)
    with _recording():  # drawing can warn too (a glyph missing from the font), quoting labels
        ax, alt, table = _draw(est, view)
        return Rendered(to_svg(ax.figure), alt, table)


@st.cache_data(max_entries=MAX_ENTRIES, ttl=TTL, show_spinner=False)
def chart_file(fmt: str, key: Upload, _contents: tuple[bytes, ...], view: View) -> bytes:
    """The same chart as a file for download: PNG at 300 dpi, SVG or PDF."""
    from survival.chart_style import figure_bytes

    est = estimate(key, _contents, view.by, view.method)
    with _recording():
        ax, alt, _ = _draw(est, view)
        return figure_bytes(ax, fmt, description=alt)


@st.cache_data(max_entries=MAX_ENTRIES, ttl=TTL, show_spinner=False)
def logrank(key: Upload, _contents: tuple[bytes, ...], shown: tuple[int, ...]):
    """The log-rank test of the groups shown (individual rows), or None when no one died in them."""
    from survival.km import logrank as test

    est = estimate(key, _contents, None, "kaplan-meier")
    with _recording():
        try:
            return test(est.result, [est.groups[i] for i in shown])
        except ValueError:  # fewer than two groups, or no deaths in them
            return None
