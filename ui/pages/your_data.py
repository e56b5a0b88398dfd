"""Your own data: upload a SEER*Stat export, a life-table CSV or individual rows, then chart them.

How an upload flows: ``st.file_uploader`` keeps the files in this session's
memory; their bytes go, with a SHA-256 of each file as the cache key, to
:mod:`ui.caching`, which has them read and validated in a worker process
(:mod:`ui.upload_read`), then estimates with the same pipeline as the
command line and draws. What was read becomes this session's own dataset
(:mod:`ui.uploads`), offered on the other pages too. Nothing is written to
disk, by the page or by the web server on the way in (:mod:`ui.web_uploads`). Text from the
files (names, column names, group labels) is shown only through
``st.text``, ``st.dataframe``, widget options, or Markdown with every
special character escaped; never as HTML.

Tests drive the uploader through AppTest's own ``file_uploader`` support
(``at.file_uploader(key=state.UPLOAD_FILES).set_value([(name, bytes, mime)])``),
so there is no test-only way in.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from survival.errors import SurvivalDataError
from survival.estimate.groups import GroupEstimates
from survival.io.csv_export import safe_csv
from survival.lessons.comparison import CONF_TYPE_NAMES, CONF_TYPES
from ui import caching, educator_stats, educator_upload, state, uploads
from ui.components import FORMATS, plain, show_chart, show_error
from ui.upload_read import Upload
from ui.uploads import Reading

UPLOAD_METHOD = "upload_method"
UPLOAD_BY = "upload_by"
UPLOAD_SHOW = "upload_show"
UPLOAD_MEASURE = "upload_measure"
UPLOAD_BAND = "upload_band"
UPLOAD_CONF_TYPE = "upload_conf_type"  # widget: the interval's transform (Kaplan-Meier)
ESTIMATES_TABLE = "your_data_estimates"
READ_TABLE = "your_data_read"
DIGESTS = "your_data_digests"  # {file id: SHA-256} of the files now uploaded
SHOWN_FOR = "your_data_shown_for"  # the group labels the "groups to show" choice was made from
FILE_CHOICES = (
    state.UPLOAD_DURATION,
    state.UPLOAD_EVENT,
    state.UPLOAD_GROUP,
    state.UPLOAD_UNIT,
    UPLOAD_BY,
    UPLOAD_SHOW,
    educator_upload.UPLOAD_RMST_YEARS,
)

KIND_NAMES = {
    "seerstat": "SEER*Stat export (.dic and data file)",
    "lifetable": "Life-table CSV",
    "individual": "Individual rows CSV (one row per person)",
}
FILE_TYPES = ["dic", "txt", "gz", "csv", "tsv"]
MOST_SHOWN = 7  # one line style per group
UNITS = ("years", "months", "days")
METHOD_NAMES = {"kaplan-meier": "Kaplan-Meier (exact times)", "actuarial": "Actuarial (1-year intervals)"}
DURATION_GUESSES = (
    "duration",
    "time",
    "futime",
    "survival_months",
    "months",
    "days",
    "years",
    "follow_up",
    "followup",
    "t",
    "stop",
)
EVENT_GUESSES = ("event", "status", "died", "dead", "death", "fstat", "vital_status", "cens", "e")
HOW_TO = {
    "seerstat": "Select both files SEER*Stat saved (the `.dic` dictionary and its `.txt` or `.gz` data "
    "file) and drop them on the uploader together. Export the life pages of a survival "
    "session; the reader follows the options the `.dic` declares.",
    "lifetable": "One row per group and interval. Columns `interval_start` and `interval_end` (years "
    "since diagnosis), `alive` (at the start), `died`, `lost` (lost to follow-up or "
    "alive at the end of follow-up), optionally `expected` (expected interval survival, "
    "a proportion), plus any group columns.",
    "individual": "One row per person: the time from diagnosis to death or last follow-up, and an "
    "event code, 1 if the person died and 0 if alive at last follow-up (censored). "
    "Optionally group columns such as stage. You choose the columns below.",
}
# Shown while a step takes longer than half a second (Streamlit's spinner waits that long).
STEPS = {
    "estimate": "Step 2 of 3: estimating survival for every group…",
    "chart": "Step 3 of 3: drawing the chart…",
    "logrank": educator_upload.TESTING,
}
EXAMPLES = {
    "lifetable": "stage,interval_start,interval_end,alive,died,lost,expected\n"
    "Local,0,1,500,12,3,0.99\nLocal,1,2,485,15,4,0.99",
    "individual": "duration,event,stage\n14.5,1,Distant\n60,0,Local",
}


@dataclass(frozen=True)
class View:
    """How to estimate and draw: group columns kept, method, groups shown (labels), measure, band,
    and the interval's transform."""

    by: tuple[str, ...] | None = None
    method: str = "actuarial"
    shown: tuple[str, ...] = ()
    measure: str = "observed"
    band: bool = True
    conf_type: str = "log-log"

    def drawn(self) -> tuple:
        """What :func:`ui.uploads.draw` takes after the reading: by, method, measure, shown, band."""
        return (self.by, self.method, self.measure, self.shown, self.band)


def uploaded_files() -> tuple[list[tuple[str, bytes]], tuple[str, ...]]:
    """The uploader: the chosen files as (name, bytes), and the SHA-256 of each.

    Files stay in this session's memory. Digests are remembered per upload
    (Streamlit's file id) so reruns do not hash the bytes again; when the
    files change, the choices made for the previous files are forgotten.
    """
    files = (
        st.file_uploader(
            "Your file or files",
            type=FILE_TYPES,
            accept_multiple_files=True,
            key=state.UPLOAD_FILES,
            help="Files stay in this browser session's memory and are forgotten "
            "about a minute after you close or reload the page.",
        )
        or []
    )
    known = st.session_state.get(DIGESTS, {})
    digests = {f.file_id: known.get(f.file_id) or uploads.digest(f.getvalue()) for f in files}
    if digests.keys() != known.keys():
        for key in FILE_CHOICES:
            st.session_state.pop(key, None)
    st.session_state[DIGESTS] = digests
    return [(f.name, f.getvalue()) for f in files], tuple(digests[f.file_id] for f in files)


def newest(kind: str, names: list[str]) -> list[int]:
    """Which uploads (oldest first) to read: the newest .dic and newest data file, or newest CSV.

    The uploader keeps adding files, so a corrected file uploaded again is
    read in place of the one before it.
    """
    if kind != "seerstat":
        return [len(names) - 1]
    latest = {name.lower().endswith(".dic"): i for i, name in enumerate(names)}
    return sorted(latest.values())


def _guess(columns: list[str], names: tuple[str, ...]) -> int | None:
    lower = [c.lower() for c in columns]
    return next((lower.index(n) for n in names if n in lower), None)


def _unit_guess(column: str) -> int:
    """The index of the unit a column's name suggests ("survival_months" -> months), else years."""
    return next((i for i, unit in enumerate(UNITS) if unit.rstrip("s") in column.lower()), 0)


def row_options(files: list[tuple[str, bytes]], digests: tuple[str, ...]) -> dict | None:
    """The columns and time unit of individual rows, chosen from the file's header."""
    if len(files) != 1:
        return {}  # the reader says plainly that one CSV file is needed
    ((name, content),) = files
    columns = caching.csv_columns(name, digests[0], content)
    left, middle, right = st.columns(3)
    duration = left.selectbox(
        "Column with the time to death or last follow-up",
        columns,
        index=_guess(columns, DURATION_GUESSES),
        key=state.UPLOAD_DURATION,
        placeholder="Choose a column",
    )
    event = middle.selectbox(
        "Column with the event (1 = died, 0 = alive/censored)",
        columns,
        index=_guess(columns, EVENT_GUESSES),
        key=state.UPLOAD_EVENT,
        placeholder="Choose a column",
    )
    unit = right.selectbox(
        "Unit of the times", UNITS, key=state.UPLOAD_UNIT, index=_unit_guess(duration or "")
    )
    others = [c for c in columns if c not in (duration, event)]
    groups = st.multiselect(
        "Group columns to compare (optional)",
        others,
        key=state.UPLOAD_GROUP,
        max_selections=3,
        placeholder="No groups: everyone together",
    )
    if duration is None or event is None:
        st.info("Choose the time and event columns to go on.")
        return None
    return {"duration": duration, "event": event, "groups": tuple(groups), "unit": unit}


def reading_step(kind: str, contents: tuple[bytes, ...]) -> str:
    """What the first step does, with the size of the upload (a large one takes seconds)."""
    size = sum(len(c) for c in contents) / 1e6
    what = (
        "reading and checking every row, then adding up deaths and follow-up by group and time"
        if kind == "individual"
        else "reading and checking the table"
    )
    return f"Step 1 of 3: {what} ({size:.1f} MB)…"


def show_read(reading: Reading) -> None:
    """What was read: files, group columns, groups, rows, intervals or times."""
    st.subheader("What was read")
    st.dataframe(
        {"What": [k for k, _ in reading.summary], "Read": [v for _, v in reading.summary]},
        hide_index=True,
        key=READ_TABLE,
    )


def show_warnings(notes: tuple[str, ...]) -> None:
    """Warnings about valid but fragile estimates, in plain words (labels escaped)."""
    for note in notes:
        st.warning(plain(note), icon=":material/warning:")


def choose_estimate(
    key: Upload, contents: tuple[bytes, ...], reading: Reading
) -> tuple[View, GroupEstimates]:
    """Method and pooling widgets, then the estimates they give."""
    by, method = None, "actuarial"
    if key.kind == "individual":
        method = st.radio(
            "Method", tuple(METHOD_NAMES), format_func=METHOD_NAMES.get, key=UPLOAD_METHOD, horizontal=True
        )
    elif len(reading.data.group_columns) > 1:
        columns = list(reading.data.group_columns)
        by = tuple(
            st.multiselect(
                "Compare by (groups are added together over the columns left out)",
                columns,
                default=columns,
                key=UPLOAD_BY,
            )
        )
    with st.spinner(STEPS["estimate"], show_time=True):
        est = caching.upload_estimate(key, contents, by, method)
    return View(by=by, method=method), est


def choose_view(view: View, est: GroupEstimates) -> View | None:
    """Which groups to show, which measure, whether to shade the band."""
    options = [label for label, ok in zip(est.labels, est.estimable) if ok]
    if len(options) < len(est.labels):
        st.caption(
            f"{len(est.labels) - len(options)} group(s) have no estimate (everyone left "
            "follow-up in the first interval) and are not listed."
        )
    if not options:
        st.error("No group has an estimate to draw.")
        return None
    shown = options[:1]
    if st.session_state.get(SHOWN_FOR) != hash(tuple(options)):  # new groups: start from the default
        st.session_state.pop(UPLOAD_SHOW, None)
        st.session_state[SHOWN_FOR] = hash(tuple(options))
    if len(options) > 1:
        shown = st.multiselect(
            f"Groups to show (up to {MOST_SHOWN})",
            options,
            default=options[: min(3, len(options))],
            key=UPLOAD_SHOW,
            max_selections=MOST_SHOWN,
        )
        if not shown:
            st.info("Choose at least one group to show.")
            return None
    left, right = st.columns(2)
    measure = "observed"
    if est.has_expected:
        measure = left.radio(
            "Measure",
            ("observed", "relative"),
            key=UPLOAD_MEASURE,
            horizontal=True,
            format_func=lambda m: f"{m.capitalize()} survival",
            help="Relative survival compares with people of the same age in the "
            "general population (from the expected survival in the file).",
        )
    band = right.toggle("Shade the 95% confidence band", value=True, key=UPLOAD_BAND)
    conf_type = "log-log"
    if view.method == "kaplan-meier":
        conf_type = st.selectbox(
            "Interval type",
            CONF_TYPES,
            format_func=CONF_TYPE_NAMES.get,
            key=UPLOAD_CONF_TYPE,
            help="How the 95% interval is worked out: log-log (SEER*Stat, lifelines), log (R's "
            "default), plain (plus or minus 1.96 standard errors) or arcsine square root.",
        )
    return View(view.by, view.method, tuple(shown), measure, band, conf_type)


def show_estimates(est: GroupEstimates) -> None:
    """The whole estimate table, and its download as CSV with formula-like cells escaped."""
    method = "Kaplan-Meier" if est.method == "kaplan-meier" else "actuarial"
    st.subheader(f"Estimates for every group ({method})")
    st.dataframe(est.table, hide_index=True, key=ESTIMATES_TABLE)
    if est.method == "actuarial":
        st.caption(
            "Empty cells: an interval in which everyone still alive was lost to follow-up "
            "(usually the last, at the end of the study) is not estimated, as in SEER*Stat."
        )
    st.download_button(
        "Estimates as CSV",
        data=lambda: safe_csv(est.table),
        file_name="your-data-estimates.csv",
        mime="text/csv",
        key="your_data_estimates_csv",
        on_click="ignore",
    )


def show_upload(kind: str, files: list[tuple[str, bytes]], digests: tuple[str, ...]) -> None:
    """Read, validate, estimate and show one upload."""
    options = row_options(files, digests) if kind == "individual" else {}
    if options is None:
        return
    key = Upload(kind, tuple(name for name, _ in files), digests, **options)
    contents = tuple(content for _, content in files)
    with st.spinner(reading_step(kind, contents), show_time=True):
        reading = caching.read_upload(key, contents)
    uploaded = uploads.remember(key, reading)
    show_read(reading)
    st.caption(
        "These data are now offered on the other pages too, as "
        f"\u201c{plain(uploaded.dataset.title)}\u201d, for the rest of this session."
    )
    st.subheader("Survival")
    view, est = choose_estimate(key, contents, reading)
    show_warnings(reading.notes + caching.upload_notes(key, contents, view.by))
    view = choose_view(view, est)
    if view is None:
        return
    with st.spinner(STEPS["chart"], show_time=True):
        rendered = educator_stats.upload_chart(key, contents, view.drawn(), view.conf_type)
    show_chart(
        rendered,
        key="your_data_chart",
        file_stem="your-data-survival",
        download=lambda fmt: educator_stats.upload_chart_file(
            fmt, key, contents, view.drawn(), view.conf_type
        ),
    )
    educator_upload.show_logrank(key, contents, view, est)
    educator_upload.show_statistics(key, contents, view)
    show_estimates(est)


def show_unexpected() -> None:
    """A last resort: say plainly that the file could not be read, without the error's text."""
    st.error(
        "**The file could not be read.** Something in it is unusual in a way this page does not recognise.",
        icon=":material/error:",
    )
    st.text(
        "How to fix: check that the kind chosen above matches the file, that it is a plain-text "
        "table (not a spreadsheet or a PDF), and that it opens in a text editor."
    )


st.title("Your own data")
st.write(
    "Upload your own survival data to see it checked, drawn and compared with the same tools as "
    "the bundled data. Your files stay in this session's memory: they are not saved, and no one "
    "else can see them."
)
kind = st.radio(
    "What kind of file is it?", tuple(KIND_NAMES), format_func=KIND_NAMES.get, key=state.UPLOAD_KIND
)
st.caption(HOW_TO[kind])
if kind in EXAMPLES:
    with st.expander("An example of the layout"):
        st.code(EXAMPLES[kind], language=None)
files, digests = uploaded_files()
if not files:
    st.info("Choose a file to begin. Nothing is read until you do.")
else:
    read = newest(kind, [name for name, _ in files])
    if len(read) < len(files):
        older = ", ".join(name for i, (name, _) in enumerate(files) if i not in read)
        st.caption(
            f"Reading the newest file(s); older uploads are ignored: {plain(older)}. Remove them "
            "with the x next to each."
        )
    try:
        show_upload(kind, [files[i] for i in read], tuple(digests[i] for i in read))
    except SurvivalDataError as err:
        show_error(err)
    except Exception:  # noqa: BLE001 - never a traceback, and never the error's text (it may quote the file)
        show_unexpected()

st.caption(
    f"Charts download as {', '.join(label for label, _ in FORMATS.values())}; tables as CSV "
    "with cells that a spreadsheet would run as formulas escaped."
)
