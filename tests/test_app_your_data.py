"""AppTest of the "Your own data" page: good uploads of each kind, bad uploads, sessions, no disk.

Uploads go through AppTest's own ``file_uploader`` support (Streamlit 1.67),
driven by key, so the page has no test-only way in. The numbers the page
shows are compared with the survival package's own functions.
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from seerstat_fixtures import LIFE, REAL_DIC, REAL_TXT, make_dic
from shared_data import require_shared
from streamlit.testing.v1 import AppTest

from survival.errors import FragileEstimateWarning, SurvivalDataError
from survival.estimate.actuarial import actuarial
from survival.estimate.kaplan_meier import kaplan_meier_counts, km_table, logrank
from survival.io.csv_export import safe_csv
from survival.io.individual import read_individual_csv
from survival.io.lifetable_csv import read_lifetable_csv
from survival.io.read import read_seerstat_lifetable
from survival.lessons import comparison
from survival.lessons.wording import p_clause, p_text
from survival.plot.style import figure_bytes
from ui import state, uploads
from ui.components import numbers_key, plain
from ui.rendered import render
from ui.upload_read import WORKER_NICE, Upload
from ui.uploads import digest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
PAGE = "ui/pages/your_data.py"

LIFETABLE = (
    b"stage,interval_start,interval_end,alive,died,lost,expected\n"
    b"Local,0,1,200,10,4,0.99\nLocal,1,2,186,12,5,0.985\nLocal,2,3,169,9,160,0.98\n"
    b"Distant,0,1,120,40,2,0.97\nDistant,1,2,78,20,3,0.97\nDistant,2,3,55,10,45,0.96\n"
)
HEADER = b"interval_start,interval_end,alive,died,lost\n"


def individual_rows(seed: int = 7, n: int = 120, label: str = "Late") -> bytes:
    """Seeded individual rows: months of follow-up, event 1/0, two stages."""
    rng = np.random.default_rng(seed)
    months = np.round(rng.exponential(36, n), 1)
    died = (rng.random(n) < 0.7).astype(int)
    stage = np.where(np.arange(n) % 3 == 0, label, "Early")
    lines = ["months,status,stage"] + [f"{m},{d},{s}" for m, d, s in zip(months, died, stage)]
    return ("\n".join(lines) + "\n").encode()


def seer_rows(rows) -> bytes:
    """Rows of the synthetic SEER*Stat export as its tab-delimited data file."""
    return (
        "\r\n".join("\t".join(cell if cell is not None else " " for cell in row) for row in rows) + "\r\n"
    ).encode()


def quiet(read, *args, **kwargs):
    """Call a reader of the package with its FragileEstimateWarnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FragileEstimateWarning)
        return read(*args, **kwargs)


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    return at.switch_page(PAGE).run()


def upload(kind: str, files: list[tuple[str, bytes]], at: AppTest | None = None) -> AppTest:
    """Choose the kind, upload the files and run the page."""
    at = at or open_page()
    at.radio(key=state.UPLOAD_KIND).set_value(kind).run()
    at.file_uploader(key=state.UPLOAD_FILES).set_value(
        [(name, content, "application/octet-stream") for name, content in files]
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def estimates(at: AppTest) -> pd.DataFrame:
    """The estimate table the page shows (the one with standard errors)."""
    frames = [d.value for d in at.dataframe if "observed_se" in d.value.columns]
    assert len(frames) == 1, [list(d.value.columns) for d in at.dataframe]
    return frames[0]


def markdown_values(at: AppTest) -> list[str]:
    """Everything the page rendered as Markdown (where markup from a file would take effect)."""
    kinds = ("markdown", "caption", "error", "warning", "info", "success", "title", "header", "subheader")
    return [str(e.value) for kind in kinds for e in getattr(at, kind)]


def drawn(key: Upload, contents: tuple[bytes, ...], shown=(0, 1), measure="observed", band=True):
    """The upload's chart drawn by the page's own functions (groups shown by position)."""
    reading = uploads.read(key, contents)
    labels = uploads.estimate(reading, None, "actuarial").labels
    return uploads.draw(reading, None, "actuarial", measure, tuple(labels[i] for i in shown), band)


def assert_same(shown: pd.DataFrame, expected: pd.DataFrame) -> None:
    """The page's table is the package's; it may add only empty columns (relative survival unknown)."""
    shown = shown[[c for c in shown.columns if c in expected.columns or shown[c].notna().any()]]
    assert list(shown.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(
        shown.reset_index(drop=True),
        expected.reset_index(drop=True),
        check_dtype=False,
        rtol=1e-12,
        atol=1e-12,
    )


def without_relative(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=[c for c in frame.columns if c.startswith(("expected", "relative"))])


# Good uploads: no exception, and the numbers are the package's.


def test_page_waits_for_a_file():
    at = open_page()
    assert not at.exception
    assert any("Choose a file" in i.value for i in at.info)


def test_lifetable_csv_numbers_equal_the_package():
    at = upload("lifetable", [("table.csv", LIFETABLE)])
    expected = actuarial(quiet(read_lifetable_csv, LIFETABLE, name="table.csv")).to_frame()
    assert_same(estimates(at), expected)
    assert at.multiselect(key="upload_show").value == ["Local", "Distant"]
    at.radio(key="upload_measure").set_value("relative")
    at.session_state[numbers_key("your_data_chart")] = True  # open "The numbers in this chart"
    at.run()
    assert not at.exception and not at.error
    chart = next(d.value for d in at.dataframe if "Local survival" in d.value.columns)
    relative = actuarial(quiet(read_lifetable_csv, LIFETABLE)).relative(("Local",))
    np.testing.assert_allclose(chart["Local survival"].dropna(), relative.survival, rtol=1e-12)
    assert any("relative survival" in c.value for c in at.caption)


def test_individual_rows_kaplan_meier_equal_the_package():
    rows = individual_rows()
    at = upload("individual", [("rows.csv", rows)])
    assert at.selectbox(key=state.UPLOAD_DURATION).value == "months"
    assert at.selectbox(key=state.UPLOAD_EVENT).value == "status"
    assert at.selectbox(key=state.UPLOAD_UNIT).value == "months"
    at.multiselect(key=state.UPLOAD_GROUP).set_value(["stage"]).run()
    assert not at.exception and not at.error
    counts = quiet(
        read_individual_csv, rows, duration="months", event="status", group="stage", time_unit="months"
    )
    shown = estimates(at)
    assert_same(shown, km_table(counts))
    for group in counts.groups():
        curve = kaplan_meier_counts(counts, group)
        mine = shown[shown["stage"] == group[0]]
        np.testing.assert_allclose(mine["observed"], curve.survival[1:], rtol=1e-12)
    test = logrank(counts)
    sentence = (
        f"Chi-squared {test.statistic:.2f} on {test.df} degree(s) of freedom, {p_clause(test.p_value)}."
    )
    assert sentence in [m.value for m in at.markdown]


def test_individual_rows_actuarial_equal_the_package():
    rows = individual_rows(seed=11)
    at = upload("individual", [("rows.csv", rows)])
    at.multiselect(key=state.UPLOAD_GROUP).set_value(["stage"]).run()
    at.radio(key="upload_method").set_value("actuarial").run()
    assert not at.exception and not at.error
    counts = quiet(
        read_individual_csv, rows, duration="months", event="status", group="stage", time_unit="months"
    )
    assert_same(estimates(at), without_relative(actuarial(counts.to_lifetable(1.0)).to_frame()))
    assert any("Log-rank test" in s.value for s in at.subheader)


def test_synthetic_seerstat_export_equals_the_package():
    dic, data = make_dic().encode(), seer_rows(LIFE)
    at = upload("seerstat", [("synthetic.dic", dic), ("synthetic.txt", data)])
    assert not at.error
    expected = actuarial(quiet(read_seerstat_lifetable, dic, data)).to_frame()
    assert_same(estimates(at), expected)
    assert any("No log-rank test" in c.value for c in at.caption)


def test_real_seerstat_export_pooled_by_stage():
    require_shared(REAL_DIC, "the SEER breast export")
    require_shared(REAL_TXT, "its data file")
    dic, data = REAL_DIC.read_bytes(), REAL_TXT.read_bytes()
    at = upload("seerstat", [(REAL_DIC.name, dic), (REAL_TXT.name, data)])
    assert any("Fewer than 10 people" in w.value for w in at.warning)
    at.multiselect(key="upload_by").set_value(["Breast stage"]).run()
    assert not at.exception and not at.error
    expected = actuarial(quiet(read_seerstat_lifetable, dic, data, by=["Breast stage"])).to_frame()
    assert_same(estimates(at), expected)
    assert at.multiselect(key="upload_show").value == ["Localized", "Regional", "Distant"]


def test_fragile_data_are_warned_about_in_plain_words():
    small = HEADER.replace(b"interval_start", b"group,interval_start") + b"Tiny,0,1,8,2,0\nTiny,1,2,6,1,5\n"
    at = upload("lifetable", [("small.csv", small)])
    assert not at.error
    assert any("Fewer than 10 people" in w.value for w in at.warning)


def test_groups_without_an_estimate_are_left_out():
    table = b"stage,interval_start,interval_end,alive,died,lost\nA,0,1,50,5,0\nA,1,2,45,5,40\nB,0,1,5,0,5\n"
    at = upload("lifetable", [("gone.csv", table)])
    assert not at.exception and not at.error
    assert any("1 group(s) have no estimate" in c.value for c in at.caption)


def test_a_new_file_resets_the_choices_made_for_the_last():
    at = upload("individual", [("rows.csv", individual_rows())])
    at.multiselect(key=state.UPLOAD_GROUP).set_value(["stage"]).run()
    other = b"time,event\n1,1\n2,0\n3,1\n4,1\n5,0\n6,1\n7,1\n8,0\n9,1\n10,1\n11,0\n"
    at.file_uploader(key=state.UPLOAD_FILES).set_value([("other.csv", other, "text/csv")]).run()
    assert not at.exception and not at.error
    assert at.multiselect(key=state.UPLOAD_GROUP).value == []
    assert len(estimates(at)) == 11


# Bad uploads: the plain error (what, where, how to fix), never an exception.

LIFE_GAP = HEADER.replace(b"interval_start", b"group,interval_start") + (
    b"<script>alert(1)</script>,0,1,10,1,0\n<script>alert(1)</script>,1,2,8,1,0\n"
)
BAD = {
    "empty file": ("lifetable", [("empty.csv", b"")], "The file is empty"),
    "header only": ("lifetable", [("header.csv", HEADER)], "header but no data rows"),
    "died + lost > alive": (
        "lifetable",
        [("t.csv", HEADER + b"0,1,10,8,5\n")],
        "More people died or were lost (8 + 5) than were alive",
    ),
    "event coded 1/2": (
        "individual",
        [("rows.csv", b"duration,event\n1,1\n2,2\n3,1\n")],
        "holds only 1s and 2s",
    ),
    "text in a number cell": ("lifetable", [("t.csv", HEADER + b"0,1,ten,8,0\n")], "'ten' is not a number"),
    ".dic without its data file": (
        "seerstat",
        [("synthetic.dic", make_dic().encode())],
        "came without its data file",
    ),
    ".dic delimiter does not match": (
        "seerstat",
        [
            ("synthetic.dic", make_dic({"Field delimiter": "comma"}).encode()),
            ("synthetic.txt", seer_rows(LIFE)),
        ],
        "declares comma",
    ),
    "binary garbage": ("lifetable", [("garbage.csv", bytes(range(256)) * 8)], "NUL bytes"),
    "bytes no encoding reads": (
        "individual",
        [("latin.csv", b"duration,event\n1,\x81\n")],
        "cannot be read as",
    ),
    "script in a group label": ("lifetable", [("script.csv", LIFE_GAP)], "does not continue"),
    "negative duration": ("individual", [("rows.csv", b"duration,event\n-3,1\n2,0\n")], "is negative"),
    "expected in percent": (
        "lifetable",
        [("p.csv", HEADER.replace(b"lost", b"lost,expected") + b"0,1,10,1,0,99\n")],
        "outside (0, 1]",
    ),
    "CSV given as SEER*Stat": ("seerstat", [("table.csv", LIFETABLE)], "needs its dictionary"),
    ".dic given as a CSV": ("lifetable", [("synthetic.dic", make_dic().encode())], "not a CSV table"),
    "a bad file uploaded after a good one": (
        "lifetable",
        [("good.csv", LIFETABLE), ("bad.csv", HEADER + b"0,1,10,8,5\n")],
        "More people died or were lost",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_upload_shows_the_plain_error(case):
    kind, files, what = BAD[case]
    at = upload(kind, files)
    errors = [e.value.replace("\\", "") for e in at.error]
    assert len(errors) == 1 and what in errors[0], errors
    texts = [t.value for t in at.text]
    assert any(t.startswith("Where: ") for t in texts), texts
    assert any(t.startswith("How to fix: ") for t in texts), texts
    assert not at.dataframe


def test_the_newest_upload_is_read():
    at = upload("lifetable", [("bad.csv", HEADER + b"0,1,10,8,5\n"), ("good.csv", LIFETABLE)])
    assert not at.error
    assert any("older uploads are ignored: bad\\.csv" in c.value for c in at.caption)
    assert_same(estimates(at), actuarial(quiet(read_lifetable_csv, LIFETABLE)).to_frame())
    dic, data = make_dic().encode(), seer_rows(LIFE)
    at = upload(
        "seerstat", [("old.dic", b"not a dictionary"), ("synthetic.txt", data), ("synthetic.dic", dic)]
    )
    assert not at.error
    assert_same(estimates(at), actuarial(quiet(read_seerstat_lifetable, dic, data)).to_frame())


def test_markup_in_labels_is_shown_as_text():
    label = r"<script>alert(1)</script> **bold** [link](http://example.com) $5 or $\frac{1"
    table = LIFETABLE.replace(b"Distant", label.encode())
    at = upload("lifetable", [("markup.csv", table)])
    assert not at.error
    assert label in at.multiselect(key="upload_show").options
    assert label in set(estimates(at)["stage"])
    assert any(
        "<script>alert(1)</script>" in image.proto.imgs[0].alt for image in at.image
    )  # alt: plain text
    for value in markdown_values(at):  # shown, but escaped wherever Markdown is rendered
        assert not re.search(r"(?<!\\)<script|(?<!\\)\*\*bold|(?<!\\)\[link", value), value
    svg = render(drawn(Upload("lifetable", ("markup.csv",), (digest(table),)), (table,))).svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg and "<script" not in svg  # SVG text, escaped
    bad = upload("lifetable", [("script.csv", LIFE_GAP)])
    assert any("<script>alert(1)</script>" in e.value.replace("\\", "") for e in bad.error)
    for value in markdown_values(bad):
        assert not re.search(r"(?<!\\)<", value), value


def test_an_unexpected_error_is_shown_without_its_text(monkeypatch):
    from ui import upload_read

    def broken(*args, **kwargs):  # what the worker sends back when reading fails unexpectedly
        raise RuntimeError("SECRET file content")

    monkeypatch.setattr(upload_read, "read_elsewhere", broken)
    at = upload("lifetable", [("t.csv", LIFETABLE + uuid.uuid4().hex.encode())])
    assert any("could not be read" in e.value for e in at.error)
    assert any(t.value.startswith("How to fix: ") for t in at.text)
    everything = markdown_values(at) + [t.value for t in at.text]
    assert not any("SECRET" in v for v in everything)


# Sessions and storage.


def test_two_sessions_with_the_same_file_name_see_their_own_data():
    mine = LIFETABLE
    theirs = (
        LIFETABLE.replace(b"Local,0,1,200,10,4", b"Local,0,1,300,10,4")
        .replace(b"Local,1,2,186", b"Local,1,2,286")
        .replace(b"Local,2,3,169,9,160", b"Local,2,3,269,9,260")
    )
    first = upload("lifetable", [("data.csv", mine)])
    second = upload("lifetable", [("data.csv", theirs)])
    first.run()
    assert estimates(first)["alive"].iloc[0] == 200
    assert estimates(second)["alive"].iloc[0] == 300
    assert_same(estimates(second), actuarial(read_lifetable_csv(theirs, name="data.csv")).to_frame())
    second.run()
    assert estimates(first)["alive"].iloc[0] == 200


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under root (symbolic links not followed) with its mtime and size."""
    files = {}
    for folder, subfolders, names in os.walk(root, onerror=lambda error: None):
        subfolders[:] = [d for d in subfolders if d != ".git"]
        for name in names:
            path = os.path.join(folder, name)
            try:
                info = os.stat(path, follow_symlinks=False)
            except OSError:
                continue
            files[path] = (info.st_mtime_ns, info.st_size)
    return files


def _holding(paths, marker: bytes) -> list[str]:
    """The files among paths whose bytes contain marker."""
    found = []
    for path in paths:
        try:
            if os.path.getsize(path) < 64 * 2**20 and marker in Path(path).read_bytes():
                found.append(path)
        except OSError:
            continue
    return found


def test_uploads_never_touch_the_disk(tmp_path, monkeypatch):
    work, scratch = tmp_path / "cwd", tmp_path / "tmp"
    work.mkdir()
    scratch.mkdir()
    system_temp = Path(tempfile.gettempdir())
    monkeypatch.chdir(work)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setenv("TMPDIR", str(scratch))
    marker = uuid.uuid4().hex
    before = {**_snapshot(ROOT), **_snapshot(system_temp)}
    table = LIFETABLE.replace(b"Distant", f"Group {marker}".encode())
    rows = individual_rows(label=f"Late {marker}")
    at = upload("lifetable", [("data.csv", table)])
    upload("individual", [("rows.csv", rows)], at).multiselect(key=state.UPLOAD_GROUP).set_value(
        ["stage"]
    ).run()
    dic = make_dic(
        formats={
            "Page type": {0: "Life Page"},
            "Stage": {0: "Localized", 1: marker},
            "Sex": {0: "Male", 1: "Female"},
            "Interval": {1: "<1 yr", 2: "1-<2 yr", 3: "2-<3 yr"},
        }
    ).encode()
    upload("seerstat", [("synthetic.dic", dic), ("synthetic.txt", seer_rows(LIFE))])
    upload("lifetable", [("bad.csv", HEADER + f"0,1,{marker},1,0\n".encode())])
    key = Upload("lifetable", ("data.csv",), (digest(table),))
    for fmt in ("png", "svg", "pdf"):
        figure_bytes(drawn(key, (table,)).ax, fmt)
    after = {**_snapshot(ROOT), **_snapshot(system_temp)}
    changed = [path for path, stamp in after.items() if before.get(path) != stamp]
    assert _holding(changed, marker.encode()) == []
    assert list(work.iterdir()) == [] and list(scratch.iterdir()) == []


def _received_by_the_web_server(content: bytes) -> bytes:
    """Parse an upload as Streamlit's upload route does (Starlette's ``Request.form``); its bytes."""
    import asyncio

    from starlette.datastructures import UploadFile
    from starlette.requests import Request

    boundary = "survivalexplorerboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="rows.csv"\r\n'
            f"Content-Type: text/csv\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    chunks = [body[i : i + 65536] for i in range(0, len(body), 65536)]

    async def receive():
        return {"type": "http.request", "body": chunks.pop(0) if chunks else b"", "more_body": bool(chunks)}

    async def parse() -> bytes:
        scope = {
            "type": "http",
            "method": "PUT",
            "path": "/",
            "query_string": b"",
            "headers": [(b"content-type", f"multipart/form-data; boundary={boundary}".encode())],
        }
        form = await Request(scope, receive).form()
        (upload,) = [value for value in form.values() if isinstance(value, UploadFile)]
        try:
            return await upload.read()
        finally:
            await form.close()

    return asyncio.run(parse())


def test_the_web_server_keeps_an_upload_in_memory_up_to_the_upload_limit(monkeypatch):
    from starlette.formparsers import MultiPartParser

    from ui.web_uploads import keep_in_memory

    def to_disk(*args, **kwargs):
        raise AssertionError("the upload was spooled to a file on disk")

    monkeypatch.setattr(MultiPartParser, "spool_max_size", 1024 * 1024)  # Starlette's own 1 MB
    monkeypatch.setattr(tempfile, "TemporaryFile", to_disk)
    content = individual_rows(n=200_000)  # about 3 MB: past Starlette's own 1 MB spool
    assert len(content) > 2 * 2**20
    with pytest.raises(AssertionError, match="spooled to a file on disk"):
        _received_by_the_web_server(content)  # as Starlette comes, it goes to disk
    keep_in_memory(4)
    assert _received_by_the_web_server(content) == content
    from streamlit.web.server.starlette.starlette_routes import _MAX_UPLOAD_MULTIPART_OVERHEAD_BYTES as past

    assert MultiPartParser.spool_max_size >= 4 * 2**20 + past  # all that Streamlit lets stream in
    keep_in_memory(1)  # a smaller limit never lowers it
    assert MultiPartParser.spool_max_size >= 4 * 2**20


def test_every_run_of_the_app_keeps_uploads_up_to_the_configured_limit_in_memory(monkeypatch):
    import tomllib

    from starlette.formparsers import MultiPartParser

    monkeypatch.setattr(MultiPartParser, "spool_max_size", 1024 * 1024)
    limit = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert MultiPartParser.spool_max_size >= limit * 2**20


def test_the_uploaders_help_says_how_long_a_closed_pages_files_are_kept():
    import tomllib

    kept = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"][
        "disconnectedSessionTTL"
    ]
    shown = open_page().file_uploader(key=state.UPLOAD_FILES).help
    # Streamlit keeps a closed page's session this long; its uploads' cache entries (scope="session") go with it
    assert "forgotten about a minute after you close or reload the page" in shown and 45 <= kept <= 75


def test_sessions_drawing_the_same_upload_at_once_do_not_block_each_other():
    table = LIFETABLE.replace(b"Local", uuid.uuid4().hex.encode())
    key = Upload("lifetable", ("same.csv",), (digest(table),))
    views = [
        {"shown": (0, 1)},
        {"shown": (0,)},
        {"shown": (1,), "measure": "relative"},
        {"shown": (0, 1), "band": False},
    ] * 2
    with ThreadPoolExecutor(max_workers=8) as pool:
        jobs = [pool.submit(lambda v: render(drawn(key, (table,), **v)), view) for view in views]
        done = [job.result(timeout=120) for job in jobs]
    assert all(r.svg.lstrip().startswith(("<?xml", "<svg")) for r in done)


# Downloads (the cached functions the download buttons call).


def test_downloads_are_charts_and_escaped_csv():
    table = LIFETABLE.replace(b"Distant", b"=HYPERLINK(1)")
    key = Upload("lifetable", ("formula.csv",), (digest(table),))
    ax = drawn(key, (table,)).ax
    assert figure_bytes(ax, "png").startswith(b"\x89PNG")
    assert b"<svg" in figure_bytes(ax, "svg")[:2000]
    assert figure_bytes(ax, "pdf").startswith(b"%PDF")
    text = safe_csv(uploads.estimate(uploads.read(key, (table,)), None, "actuarial").table)
    assert "'=HYPERLINK(1)" in text and "\n=HYPERLINK" not in text


# Large uploads: read in a worker process, header read from the first rows.


def test_every_upload_is_read_in_a_worker_process(monkeypatch):
    from ui import upload_read

    calls, read_elsewhere = [], upload_read.read_elsewhere

    def spied(key, contents):
        calls.append(key.names)
        return read_elsewhere(key, contents)

    monkeypatch.setattr(upload_read, "read_elsewhere", spied)
    rows = individual_rows(seed=23, n=150)
    at = upload("individual", [("big.csv", rows)])
    at.multiselect(key=state.UPLOAD_GROUP).set_value(["stage"]).run()
    assert not at.exception and not at.error
    counts = quiet(
        read_individual_csv, rows, duration="months", event="status", group="stage", time_unit="months"
    )
    assert_same(estimates(at), km_table(counts))
    small = HEADER.replace(b"interval_start", b"group,interval_start") + b"Big,0,1,8,2,0\nBig,1,2,6,1,5\n"
    at = upload("lifetable", [("big-small.csv", small)])
    assert any("Fewer than 10 people" in w.value for w in at.warning)  # warnings come back too
    bad = upload("lifetable", [("big-bad.csv", HEADER + b"0,1,10,8,5\n")])
    assert "More people died or were lost" in bad.error[0].value.replace("\\", "")
    assert any(t.value.startswith("How to fix: ") for t in bad.text)
    assert ("big.csv",) in calls and ("big-bad.csv",) in calls


def test_the_worker_is_another_process_and_its_failure_is_an_error(monkeypatch, tmp_path):
    from ui import upload_read

    rows = individual_rows(seed=29, n=40)
    key = Upload(
        "individual", ("rows.csv",), (digest(rows),), duration="months", event="status", unit="months"
    )
    expected = upload_read.read_recorded(key, (rows,))
    monkeypatch.setattr(upload_read, "_read", lambda *a: pytest.fail("read in this process"))
    data, notes = upload_read.read_elsewhere(key, (rows,))  # the worker has its own, untouched _read
    assert notes == expected[1]
    pd.testing.assert_frame_equal(km_table(data), km_table(expected[0]))
    monkeypatch.setattr(upload_read, "WORKER", "ui.no_such_worker")  # the worker cannot start
    with pytest.raises(RuntimeError, match=r"the reading process failed \(exit code 1\): .*No module"):
        upload_read.read_elsewhere(key, (rows,))


def _worker_reply(patch: str):
    """Run the worker with ``patch`` (Python run before it, on ``u``, the module) on a dummy upload."""
    import pickle
    import subprocess
    import sys

    from ui import upload_read

    key = Upload("individual", ("rows.csv",), ("0" * 64,))
    done = subprocess.run(
        [sys.executable, "-c", f"import os, ui.upload_read as u\n{patch}\nu._worker()\n"],
        cwd=Path(upload_read.__file__).parents[1],
        input=pickle.dumps((key, (b"x",))),
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(upload_read._RESULT)
    return pickle.loads(done.stdout[len(upload_read._RESULT) :]), done.stderr


def test_the_worker_writes_nothing_but_its_reply_to_stdout():
    reply, stderr = _worker_reply(
        "u.read_recorded = lambda k, c: (print('stray print'), os.write(1, b'stray bytes'), ('table', ()))[2]"
    )
    assert reply == (True, ("table", ()))
    assert b"stray print" in stderr and b"stray bytes" in stderr


@pytest.mark.skipif(
    not hasattr(os, "nice") or os.nice(0) + WORKER_NICE > 19,
    reason="no process niceness here, or too nice already to be made nicer",
)
def test_the_worker_runs_nicer_than_the_server():
    (ok, (niceness, _)), _ = _worker_reply("u.read_recorded = lambda k, c: (os.nice(0), ())")
    assert ok and niceness == os.nice(0) + WORKER_NICE


def test_the_columns_are_read_from_the_first_rows(monkeypatch):
    from ui import upload_read

    monkeypatch.setattr(upload_read, "HEADER_BYTES", 40)
    rows = b"time,status,note\n" + b'1,1,"a note"\n' * 20
    assert upload_read.csv_header("rows.csv", rows) == ["time", "status", "note"]
    quoted = b'time,status,note\n1,1,"a note that runs\nover two lines"\n' + b"2,0,x\n" * 10
    assert upload_read.csv_header("quoted.csv", quoted) == ["time", "status", "note"]  # cut in quotes
    with pytest.raises(SurvivalDataError, match="empty"):
        upload_read.csv_header("empty.csv", b"")


# The educator's statistics of individual rows (issue 19) and censoring marks (issue 18)


def kaplan_meier_upload(seed: int = 7) -> tuple[AppTest, object]:
    rows = individual_rows(seed=seed)
    at = upload("individual", [("rows.csv", rows)])
    at.multiselect(key=state.UPLOAD_GROUP).set_value(["stage"]).run()
    at.radio(key="upload_method").set_value("kaplan-meier").run()
    assert not at.exception and not at.error
    counts = quiet(
        read_individual_csv, rows, duration="months", event="status", group="stage", time_unit="months"
    )
    return at, counts


def statistics(at: AppTest, column: str) -> pd.DataFrame:
    found = [d.value for d in at.get_by_key("your_data_statistics").dataframe if column in d.value.columns]
    assert len(found) == 1, column
    return found[0]


def test_individual_rows_get_weighted_tests_medians_and_rmst_from_the_package():
    at, counts = kaplan_meier_upload()
    groups = counts.groups()
    curves = [kaplan_meier_counts(counts, g, label=g[0]) for g in groups]
    tests = statistics(at, "Weighs")
    want = comparison.weighted_tests(counts, groups)
    np.testing.assert_allclose(tests["Chi-squared"], want["Chi-squared"], rtol=1e-12)
    assert tests["p"].tolist() == [p_text(p) for p in want["p"]]
    medians = statistics(at, "Median (midpoint)")
    pd.testing.assert_frame_equal(medians, comparison.median_table(curves))
    assert at.select_slider(key="upload_rmst_years").value == 5
    pd.testing.assert_frame_equal(statistics(at, "RMST (years)"), comparison.rmst_table(curves, 5))
    contrasts = statistics(at, "Difference (years)")
    want = comparison.rmst_contrasts(curves, 5)
    np.testing.assert_allclose(contrasts["Ratio"], want["Ratio"], rtol=1e-12)
    at.select_slider(key="upload_rmst_years").set_value(2).run()
    pd.testing.assert_frame_equal(statistics(at, "RMST (years)"), comparison.rmst_table(curves, 2))


@pytest.mark.parametrize("conf_type", ["log", "plain", "arcsine"])
def test_kaplan_meier_uploads_name_and_use_the_interval_type(conf_type):
    at, counts = kaplan_meier_upload()
    at.selectbox(key="upload_conf_type").set_value(conf_type).run()
    at.session_state[numbers_key("your_data_chart")] = True  # open "The numbers in this chart"
    at.run()
    assert not at.exception
    chart = next(d.value for d in at.dataframe if "Early survival" in d.value.columns)
    curve = kaplan_meier_counts(counts, ("Early",), conf_type=conf_type)
    np.testing.assert_allclose(
        chart[f"Early ci_low (95% {conf_type})"].dropna(), curve.ci_low, rtol=0, atol=1e-12
    )
    assert any(c.value.endswith(plain(f"Intervals are 95% {conf_type}.")) for c in at.caption)
    assert set(statistics(at, "Median (first)")["Interval"]) == {f"95% {conf_type}"}


def test_uploaded_kaplan_meier_curves_carry_their_censoring_for_the_ticks():
    """The chart draws censoring ticks from each curve's n_censored (survival.plot.curves)."""
    rows = individual_rows()
    key = Upload("individual", ("rows.csv",), (digest(rows),), "months", "status", ("stage",), "months")
    reading = uploads.read(key, (rows,))
    counts = reading.data
    est = uploads.estimate(reading, None, "kaplan-meier")
    for group, curve in zip(est.groups, est.curves):
        part = counts.select_group(group)
        assert curve.n_censored.sum() == part["censored"].sum() > 0
        censored_times = part.loc[part["censored"] > 0, "time"].to_numpy()
        np.testing.assert_allclose(curve.time[curve.n_censored > 0], censored_times)


def test_actuarial_individual_rows_get_the_same_statistics_from_their_curves():
    rows = individual_rows()
    at = upload("individual", [("rows.csv", rows)])
    at.multiselect(key=state.UPLOAD_GROUP).set_value(["stage"]).run()
    at.radio(key="upload_method").set_value("actuarial").run()
    assert not [s for s in at.selectbox if s.key == "upload_conf_type"]
    key = Upload("individual", ("rows.csv",), (digest(rows),), "months", "status", ("stage",), "months")
    est = uploads.estimate(uploads.read(key, (rows,)), None, "actuarial")
    curves = [est.curve(label) for label in est.labels]
    assert statistics(at, "Weighs") is not None  # the tests use exact times whatever the method
    pd.testing.assert_frame_equal(statistics(at, "Median (first)"), comparison.median_table(curves))
    pd.testing.assert_frame_equal(statistics(at, "RMST (years)"), comparison.rmst_table(curves, 5))


def test_life_tables_get_no_statistics_from_exact_times():
    at = upload("lifetable", [("table.csv", LIFETABLE)])
    assert not at.exception
    assert "Weighted log-rank tests" not in [s.value for s in at.subheader]
