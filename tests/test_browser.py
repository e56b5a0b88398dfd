"""One real-browser test: the app served by `streamlit run`, driven in headless Chromium.

Needs Debian's chromium (installed by .ci/run) and the playwright package
(test extra); Playwright is pointed at /usr/bin/chromium, never at a
downloaded browser. Without Chromium the test is skipped on a developer's
machine and fails in CI. Screenshots go to ``screenshots/``.

The server runs unable to write any file larger than ``FILE_LIMIT`` (the
operating system refuses, ``RLIMIT_FSIZE``), so an upload larger than that
works only if nothing on the way writes it to disk.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from benchmarks.app import SERVER_ENV
from survival.datasets.catalogue import load_dataset
from survival.estimate.actuarial import actuarial
from survival.estimate.recent import figures_table, latest_window
from survival.words.wording import out_of_100

ROOT = Path(__file__).resolve().parents[1]
# Screenshots go to screenshots/; SURVIVAL_SCREENSHOTS=docs/images regenerates the documented ones.
SHOTS = ROOT / os.environ.get("SURVIVAL_SCREENSHOTS", "screenshots")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
FILE_LIMIT = 1024 * 1024  # bytes: the largest file the server may write


def _need_browser() -> None:
    missing = [
        what
        for what, ok in (("chromium", Path(CHROMIUM).exists()), ("playwright", _has_playwright()))
        if not ok
    ]
    if missing:
        message = f"browser test needs {', '.join(missing)} (installed by .ci/run)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _has_playwright() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: ``python -m streamlit`` with no file allowed to grow past FILE_LIMIT (set in the server's own
#: process before Streamlit starts; a ``preexec_fn`` would not be safe in a test run with threads)
STREAMLIT_WITHOUT_LARGE_FILES = (
    f"import resource, runpy; resource.setrlimit(resource.RLIMIT_FSIZE, ({FILE_LIMIT}, {FILE_LIMIT})); "
    "runpy.run_module('streamlit', run_name='__main__', alter_sys=True)"
)


@pytest.fixture(scope="module")
def server():
    _need_browser()
    port = _free_port()
    env = {**os.environ, **SERVER_ENV, "PYTHONPATH": str(ROOT)}  # as the README starts it
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            STREAMLIT_WITHOUT_LARGE_FILES,
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("streamlit did not start within 90 s")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 800})
        tab.set_default_timeout(60_000)
        yield tab
        browser.close()


def test_landing_page_answers_and_switches_to_conditional(server, page):
    data = load_dataset()
    sel = data.select("distant")
    curve = actuarial(figures_table(data, sel, latest_window(data))).observed()
    five = out_of_100(curve.at(5)[0])
    page.goto(server)
    page.get_by_text("Understand a number").first.wait_for()
    page.get_by_role("combobox", name="Stage when the cancer was found").click()
    page.get_by_role("option", name="Distant: spread to other parts of the body").click()
    page.get_by_text(f"about {five} were alive 5 years after diagnosis").wait_for()
    page.wait_for_function(
        "Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0).length >= 2"
    )
    page.screenshot(path=str(SHOTS / "landing-distant.png"), full_page=True)

    two_years = out_of_100(curve.at(5)[0] / curve.at(2)[0])
    page.get_by_text("More choices").click()
    slider = page.get_by_role("slider").first
    slider.focus()
    slider.press("ArrowRight")
    slider.press("ArrowRight")
    page.get_by_text("still alive 2 years after diagnosis").first.wait_for()
    page.get_by_text(f"about {two_years} were alive 5 years after diagnosis").wait_for()
    page.screenshot(path=str(SHOTS / "landing-conditional.png"), full_page=True)


def test_a_malformed_upload_shows_the_plain_error(server, page, tmp_path):
    bad = tmp_path / "table.csv"
    bad.write_text("interval_start,interval_end,alive,died,lost\n0,1,10,8,5\n")
    page.goto(f"{server}/your_data")
    page.get_by_text("Your own data").first.wait_for()
    page.get_by_text("Life-table CSV").click()
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_text("More people died or were lost (8 + 5) than were alive at the start (10)").wait_for()
    page.get_by_text("How to fix").first.wait_for()
    assert page.get_by_text("Traceback").count() == 0
    page.screenshot(path=str(SHOTS / "your-data-error.png"), full_page=True)


def test_the_load_benchmarks_page_clock_reads_streamlits_messages(server, page):
    """benchmarks/load.py times reruns by marks the page keeps (RERUN_CLOCK): they must follow a real run."""
    from benchmarks import load

    tab = page.context.browser.new_page(viewport={"width": 1280, "height": 800})
    tab.set_default_timeout(60_000)
    try:
        tab.add_init_script(load.rerun_clock())
        tab.goto(server)
        box = tab.get_by_role("combobox", name="Stage when the cancer was found")
        box.wait_for()
        tab.wait_for_function(load.PAGE_IDLE)
        loaded = tab.evaluate("window.__runs")
        tab.evaluate("window.__watch()")
        box.click()
        tab.get_by_role("option", name="Regional: spread to nearby lymph nodes or tissue").click()
        tab.wait_for_function("window.__marks.idle > 0")
        marks, runs = tab.evaluate("[window.__marks, window.__runs]")
    finally:
        tab.close()
    assert loaded["finished"] >= 1 and loaded["session"] == runs["session"]
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", runs["session"])
    assert runs["started"] == loaded["started"] + 1 and runs["finished"] == loaded["finished"] + 1
    assert marks["input"] < marks["running"] < marks["finished"] <= marks["idle"]


def test_the_load_benchmarks_driver_times_a_pick_and_says_what_a_lost_run_saw(server, monkeypatch):
    """The load driver (async Playwright) on the real app: a pick is timed in parts; a click that
    starts no run fails within the action timeout, saying the page saw the input and nothing after."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from playwright.async_api import async_playwright

    from benchmarks import load

    async def drive():
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            context = await browser.new_context(viewport={"width": 1280, "height": 800})
            await context.add_init_script(load.rerun_clock())
            tab = await context.new_page()
            tab.set_default_timeout(60_000)
            session = load.Session("patient 1", "patient")
            driver = load.Driver(tab, session)
            await driver.load(server, tab.get_by_role("combobox", name=load.STAGE_BOX))
            await driver.choose("landing: stage", load.STAGE_BOX, load.STAGES[1])
            monkeypatch.setattr(load, "ACTION_TIMEOUT", 3.0)
            title = tab.get_by_role("heading", name="Understand a number")
            try:
                await driver.rerun("a click on the title", title.click)
            except RuntimeError as err:
                lost = str(err)
            else:
                lost = ""
            await browser.close()
        return session, lost

    with ThreadPoolExecutor(1) as pool:  # its own thread: the sync Playwright of the other tests has a loop
        session, lost = pool.submit(asyncio.run, drive()).result()
    (rerun,) = session.timeline
    to_start, running, to_idle = rerun.parts  # the run starts after the input and takes some time
    assert rerun.action == "landing: stage" and to_start > 0 and running > 0 and to_idle >= 0
    assert re.fullmatch(r"[0-9a-f-]{36}", session.server_id)
    assert lost == (
        "a click on the title: TimeoutError: the page was not idle after a finished run within "
        "3 s (it saw: input)"
    )


def test_a_large_upload_is_read_without_the_server_writing_it_to_disk(server, page, tmp_path):
    from test_app_your_data import individual_rows

    rows = tmp_path / "rows.csv"
    rows.write_bytes(individual_rows(n=200_000))  # about 3 MB, read by the worker process
    assert rows.stat().st_size > 2 * FILE_LIMIT
    page.goto(f"{server}/your_data")
    page.get_by_text("Individual rows CSV (one row per person)").click()
    page.locator("input[type=file]").set_input_files(str(rows))
    page.get_by_text("Estimates for every group").wait_for()
    assert page.get_by_text("Traceback").count() == 0


# -- Accessibility, text size, keyboard, share link, screenshots (issue 18) ------------------------

PAGES = {
    "understand": "/?stage=Distant&figure=22",
    "compare": "/compare",
    "learn": "/learn",
    "your-data": "/your_data",
    "about": "/about",
}
#: Text each page shows once it has run to its end.
LOADED = {
    "understand": "Share this view",
    "compare": "Reproduce this in Python",
    "learn": "How survival curves work",
    "your-data": "Your own data",
    "about": "Disclaimer",
}
WIDTHS = (1366, 390)
FONT_PT = 14  # the charts' type on screen (slides: 18)


def _open(tab, url: str) -> None:
    tab.goto(url)
    tab.locator('[data-testid="stMainBlockContainer"] h1').first.wait_for()
    tab.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')")
    tab.wait_for_function("!document.querySelector('[data-stale=true]')")  # faded while a run goes on
    tab.wait_for_function("Array.from(document.images).every(i => i.complete)")


def _settle(tab) -> None:
    """Wait until no run is going on and every image has loaded."""
    tab.wait_for_timeout(500)
    tab.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')")
    tab.wait_for_function("!document.querySelector('[data-stale=true]')")
    tab.wait_for_function("Array.from(document.images).every(i => i.complete)")
    tab.wait_for_timeout(500)


def _tab(page, width: int):
    tab = page.context.browser.new_page(viewport={"width": width, "height": 900})
    tab.set_default_timeout(90_000)
    return tab


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_has_no_serious_or_critical_accessibility_violation(server, page, width):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    tab = _tab(page, width)
    try:
        found = {}
        for name, path in PAGES.items():
            _open(tab, server + path)
            tab.wait_for_timeout(1500)
            result = axe.run(tab)
            bad = [v for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
            found[name] = [(v["id"], v["nodes"][0]["target"]) for v in bad]
    finally:
        tab.close()
    assert found == {name: [] for name in PAGES}


def _chart_text_px(tab) -> list[tuple[str, float]]:
    """Each visible chart's smallest type in CSS px: 14-pt type scaled by how the SVG is shown."""
    shown = tab.evaluate(
        """() => Array.from(document.images)
            .filter(i => i.offsetParent !== null && i.naturalWidth > 0 && i.src.startsWith('data:image/svg'))
            .map(i => [i.alt.slice(0, 40), i.getBoundingClientRect().width / i.naturalWidth])"""
    )
    # An SVG W pt wide has a natural width of 4/3 W px; 14-pt type is 14 * 4/3 px at natural size.
    return [(alt, FONT_PT * 4 / 3 * scale) for alt, scale in shown]


@pytest.mark.parametrize("width", (*WIDTHS, 360))
def test_chart_text_is_at_least_12_css_px(server, page, width):
    tab = _tab(page, width)
    try:
        sizes = []
        for path, charts in (
            ("/?stage=Distant", 3),
            ("/?stage=Regional&lived=2&age=65%2B", 3),
            ("/compare", 1),
        ):
            _open(tab, server + path)
            tab.wait_for_function(
                "n => Array.from(document.images).filter(i => i.offsetParent !== null && i.complete "
                "&& i.naturalWidth > 0 && i.src.startsWith('data:image/svg')).length >= n",
                arg=charts,
            )
            _settle(tab)  # the run has ended and the page's styles apply (not a frame mid-update)
            sizes += _chart_text_px(tab)
    finally:
        tab.close()
    assert len(sizes) == 7, sizes
    assert min(px for _, px in sizes) >= 12, sizes


def test_the_compare_chart_is_in_view_without_scrolling_at_1366_by_900(server, page):
    tab = _tab(page, 1366)
    try:
        _open(tab, server + "/compare")
        tab.wait_for_function(
            "Array.from(document.images).some(i => i.complete && i.naturalWidth > 0 "
            "&& i.src.startsWith('data:image/svg'))"
        )
        _settle(tab)
        box = tab.evaluate(
            """() => { const shown = Array.from(document.images).filter(
                           i => i.offsetParent !== null && i.src.startsWith('data:image/svg'));
                       const r = shown[0].getBoundingClientRect();
                       return [r.top, r.bottom, window.scrollY, shown.length]; }"""
        )
    finally:
        tab.close()
    top, bottom, scrolled, shown = box
    assert shown == 1 and scrolled == 0 and 0 <= top and bottom <= 900, box


def test_the_patient_page_works_from_the_keyboard_alone(server, page):
    tab = _tab(page, 1366)
    try:
        _open(tab, server)
        box = tab.get_by_role("combobox", name="Stage when the cancer was found")
        for _ in range(30):  # Tab until the stage box has the focus
            tab.keyboard.press("Tab")
            if box.evaluate("e => e === document.activeElement"):
                break
        else:
            pytest.fail("the stage box cannot be reached with Tab")
        tab.keyboard.type("Distant")
        tab.keyboard.press("Enter")
        tab.get_by_text("The short answer").wait_for()
        reached = set()
        for _ in range(80):
            tab.keyboard.press("Tab")
            reached.add(
                tab.evaluate(
                    "(document.activeElement.innerText || document.activeElement.ariaLabel || '').trim()"
                )
            )
        everything = " | ".join(reached)
        for control in ("More choices", "Download", "Share this view", "Printable summary", "Which cancer"):
            assert control in everything, (control, everything)
        tab.locator("summary", has_text="More choices").focus()
        tab.keyboard.press("Enter")
        slider = tab.get_by_role("slider").first
        slider.focus()
        tab.keyboard.press("ArrowRight")
        tab.get_by_text("still alive 1 year after diagnosis").first.wait_for()
    finally:
        tab.close()


def test_a_shared_link_opens_the_same_view(server, page):
    tab = _tab(page, 1366)
    try:
        _open(tab, server + "/?stage=Distant&lived=2&age=65%2B")
        tab.get_by_text("still alive 2 years after diagnosis").first.wait_for()
        assert "stage=Distant" in tab.url and "lived=2" in tab.url
        tab.get_by_text("Share this view").click()
        assert "lived=2" in tab.locator("code").last.inner_text()
    finally:
        tab.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_of_every_page(server, page, width):
    tab = _tab(page, width)
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for name, path in PAGES.items():
            _open(tab, server + path)
            tab.get_by_text(LOADED[name]).last.wait_for()
            _settle(tab)
            height = tab.evaluate(
                "Math.max(...Array.from(document.querySelectorAll('[data-testid=stMain], "
                "[data-testid=stMainBlockContainer]')).map(e => e.scrollHeight))"
            )
            tab.set_viewport_size({"width": width, "height": min(int(height) + 40, 16000)})
            _settle(tab)
            tab.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
            tab.set_viewport_size({"width": width, "height": 900})
    finally:
        tab.close()
