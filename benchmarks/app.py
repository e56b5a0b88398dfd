"""How snappy the app is: AppTest rerun times and browser time to the first chart.

Run from the project root: ``python -m benchmarks.app [--repeats N] [--no-browser]``.
Prints Markdown sections; numbers are medians (and p95 where useful) over repeats.
Each section says what it measures. Browser servers listen on ports 8700-8799.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
SELECTIONS = [
    ("Distant", "All ages", "2000-2004"),
    ("Localized", "65+", "1990-1994"),
    ("Regional", "00-49", "2005-2009"),
    ("Distant", "45-65s", "1985-1989"),
    ("Localized", "All ages", "2000-2004"),
    ("Regional", "65+", "1995-1999"),
]
PORTS = range(8700, 8800)
#: The environment the README starts the server with (its first set-up command), here too.
SERVER_ENV = {"MALLOC_ARENA_MAX": "2"}
STAGE_BOX = "Stage when the cancer was found"
DISTANT = "Distant: spread to other parts of the body"
IMAGE_DECODED = "Array.from(document.images).some(i => i.complete && i.naturalWidth > 0)"
#: The floor: a Streamlit page with nothing but one small image, served with this project's config.
FLOOR_APP = """import streamlit as st
st.image('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300">'
         '<rect width="400" height="300" fill="#0072B2"/></svg>')
"""


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# -- AppTest -------------------------------------------------------------------------------------


def apptest_times(repeats: int, script: str = APP) -> dict[str, list[float]]:
    """Rerun times of the landing page: a new selection (cold cache) and a repeated one (warm)."""
    from streamlit.testing.v1 import AppTest

    from ui import state

    at = AppTest.from_file(script, default_timeout=120)
    out = {"first load": [_timed(at.run)], "new selection": [], "seen selection": [], "plain rerun": []}
    for round_ in range(repeats):
        for stage, age, period in SELECTIONS:
            at.selectbox(key=state.STAGE).set_value(stage)
            at.selectbox(key=state.AGE).set_value(age)
            at.selectbox(key=state.PERIOD).set_value(period)
            out["new selection" if round_ == 0 else "seen selection"].append(_timed(at.run))
            out["plain rerun"].append(_timed(at.run))
        assert not at.exception, at.exception
    return out


#: The AppTest floor: the same three choices, and one small matplotlib chart of them drawn as SVG
#: (cached by the same choices, as the app caches its charts).
FLOOR_APPTEST = """import io
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import streamlit as st

@st.cache_data
def chart(stage, age, period):
    fig, ax = plt.subplots(figsize=(6, 4))
    k = 1 + len(stage + age + period) % 3
    ax.step(range(11), [1 - 0.05 * i * k / 3 for i in range(11)], where="post")
    ax.set_xlabel("Years since diagnosis")
    out = io.StringIO()
    fig.savefig(out, format="svg")
    plt.close(fig)
    return out.getvalue()

stage = st.selectbox("Stage", ["Localized", "Regional", "Distant"], key="understand_stage")
age = st.selectbox("Age", ["All ages", "00-49", "45-65s", "65+"], key="understand_age")
period = st.selectbox("Period", ["1985-1989", "1990-1994", "1995-1999", "2000-2004", "2005-2009"],
                      key="understand_period")
st.image(chart(stage, age, period))
"""


def floor_apptest_times(repeats: int) -> dict[str, list[float]]:
    """:func:`apptest_times` of the floor script (:data:`FLOOR_APPTEST`)."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "floor_apptest.py"
        script.write_text(FLOOR_APPTEST)
        return apptest_times(repeats, str(script))


def _call(fn, *args, **kwargs):
    """Seconds taken by ``fn(*args, **kwargs)``, and what it returned."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


# -- Browser -------------------------------------------------------------------------------------


def _port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8700-8799")


@contextmanager
def serve(script: str, log=subprocess.DEVNULL) -> Iterator[tuple[str, subprocess.Popen]]:
    """``streamlit run script`` from the project root (its config) with ``SERVER_ENV``, as the README starts
    it, on a free port; yields URL and process."""
    port = _port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV},
        stdout=log,
        stderr=subprocess.STDOUT if log is not subprocess.DEVNULL else log,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait(url)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _wait(url: str) -> None:
    import urllib.request

    for _ in range(900):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("streamlit did not start")


def _visit(page, url: str, choose: bool) -> dict[str, float]:
    """Navigate, (choose a stage,) wait for the first chart image decoded; seconds at each step."""
    marks = {}
    start = time.perf_counter()
    page.goto(url)
    if choose:
        box = page.get_by_role("combobox", name=STAGE_BOX)
        box.wait_for()
        marks["navigation to the stage box shown"] = time.perf_counter() - start
        box.click()
        page.get_by_role("option", name=DISTANT).click()
        chosen = time.perf_counter()
    page.wait_for_function(IMAGE_DECODED, timeout=120_000, polling="raf")
    end = time.perf_counter()
    if choose:
        marks["stage chosen to first chart decoded"] = end - chosen
    marks["navigation to first chart decoded"] = end - start
    return marks


def browser_times(repeats: int, script: str = APP, choose: bool = True) -> dict[str, list[float]]:
    """Seconds from navigation to the first image decoded: fresh server, then warm server.

    "cold": the first visit to a freshly started server. "warm, first visit":
    a new browser context (empty HTTP cache), as a first-time visitor.
    "warm, returning": the same context again (Streamlit's hashed scripts cached).
    """
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from test_browser import CHROMIUM, FLAGS  # the browser test's own settings

    out: dict[str, list[float]] = {}
    for _ in range(repeats):
        with serve(script) as (url, _), sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            returning = browser.new_context()  # the cold visit fills its cache
            visits = [
                ("cold (fresh server)", returning),
                ("warm, first visit", None),
                ("warm, first visit", None),
                ("warm, returning", returning),
                ("warm, returning", returning),
            ]
            for label, context in visits:
                context = context or browser.new_context()
                page = context.new_page()
                for step, seconds in _visit(page, url, choose).items():
                    key = label if step.startswith("navigation to first") else f"{label}: {step}"
                    out.setdefault(key, []).append(seconds)
                page.close()
            browser.close()
    return dict(sorted(out.items(), key=lambda item: (":" in item[0], item[0])))


def floor_times(repeats: int) -> dict[str, list[float]]:
    """The same visits to a page with nothing but one st.image (Streamlit's own bootstrap)."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "floor.py"
        script.write_text(FLOOR_APP)
        return browser_times(repeats, str(script), choose=False)


# -- Report --------------------------------------------------------------------------------------


def table(results: dict[str, list[float]], title: str, note: str = "") -> str:
    """A Markdown section: a title, what it measures, a table of medians (ms) and p95 over runs."""
    lines = (
        [f"### {title}", ""]
        + ([note, ""] if note else [])
        + ["| measure | runs | median (ms) | p95 (ms) |", "| --- | ---: | ---: | ---: |"]
    )
    for name, values in results.items():
        if not values:
            continue
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
        median = 1000 * statistics.median(values)
        lines.append(f"| {name} | {len(values)} | {median:.0f} | {1000 * p95:.0f} |")
    return "\n".join(lines)


APPTEST_NOTE = (
    'Streamlit\'s AppTest, one session. "New selection" changes stage, age group and period to a '
    'combination not seen before (nothing cached); "seen selection" returns to one seen before; '
    '"plain rerun" repeats the same page.'
)
FLOOR_APPTEST_NOTE = (
    "The same reruns of a floor script: the same three choices and one small matplotlib chart of them "
    "drawn as SVG and cached by the choices (what any page that draws a chart per choice costs here)."
)
BROWSER_NOTE = (
    "Headless Chromium (Playwright, /usr/bin/chromium), from `page.goto` to the first chart image "
    'decoded, after choosing a stage (Playwright clicks the stage box, then "Distant"). "Cold": '
    'the first visit to a freshly started server. "Warm, first visit": later visits in a new '
    'browser context (empty HTTP cache). "Warm, returning": the same context again (Streamlit\'s '
    "scripts cached by the browser). Rows with a colon split a visit into its steps."
)
FLOOR_NOTE = (
    "The same measure for a page with nothing but one small `st.image`, served with this project's "
    "config: what any Streamlit page costs here (frontend bootstrap, websocket, one script run, "
    "one image), so no change to this app can go below it."
)


def run(repeats: int = 3, browser: bool = True) -> str:
    """All the app benchmarks as Markdown sections (each starting with ``### ``)."""
    sections = [
        table(apptest_times(repeats), "Landing page, AppTest", APPTEST_NOTE),
        table(
            floor_apptest_times(repeats),
            "Streamlit floor, AppTest: three choices, one chart",
            FLOOR_APPTEST_NOTE,
        ),
    ]
    if browser:
        sections += [
            table(
                browser_times(repeats),
                "Landing page, headless Chromium: navigation to first chart",
                BROWSER_NOTE,
            ),
            table(
                floor_times(repeats),
                "Streamlit floor, headless Chromium: navigation to one st.image",
                FLOOR_NOTE,
            ),
        ]
    return "\n\n".join(sections)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    print(run(args.repeats, browser=not args.no_browser))


if __name__ == "__main__":
    main()
