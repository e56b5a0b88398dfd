"""How snappy the app is: AppTest rerun times and browser time to the first chart.

Run from the project root: ``python -m benchmarks.app [--repeats N] [--no-browser]``.
Prints a Markdown table; numbers are medians (and p95 where useful) over repeats.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
SELECTIONS = [("Distant", "All ages", "2000-2004"), ("Localized", "65+", "1990-1994"),
              ("Regional", "00-49", "2005-2009"), ("Distant", "45-65s", "1985-1989"),
              ("Localized", "All ages", "2000-2004"), ("Regional", "65+", "1995-1999")]


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def apptest_times(repeats: int) -> dict[str, list[float]]:
    """Rerun times of the landing page: a new selection (cold cache) and a repeated one (warm)."""
    from streamlit.testing.v1 import AppTest

    from ui import state

    at = AppTest.from_file(APP, default_timeout=120)
    out = {"first load": [_timed(at.run)], "new selection": [], "seen selection": [], "plain rerun": []}
    for round_ in range(repeats):
        for stage, age, period in SELECTIONS:
            at.selectbox(key=state.STAGE).set_value(stage)
            at.selectbox(key=state.AGE).set_value(age)
            at.selectbox(key=state.PERIOD).set_value(period)
            out["new selection" if round_ == 0 else "seen selection"].append(_timed(at.run))
            out["plain rerun"].append(_timed(at.run))
    return out


def browser_times(repeats: int) -> dict[str, list[float]]:
    """Seconds from navigation to the first chart image, on a fresh server (cold) and after (warm)."""
    import subprocess
    import sys

    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from test_browser import CHROMIUM, FLAGS, _free_port  # the browser test's own settings

    out = {"cold (fresh server)": [], "warm": []}
    for _ in range(repeats):
        port = _free_port()
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", APP, "--server.port", str(port),
                                 "--server.headless", "true"], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait(url)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                for label in ("cold (fresh server)", "warm", "warm"):
                    page = browser.new_page()
                    start = time.perf_counter()
                    page.goto(url)
                    page.get_by_role("combobox", name="Stage when the cancer was found").click()
                    page.get_by_role("option", name="Distant: spread to other parts of the body").click()
                    page.wait_for_function("Array.from(document.images).some(i => i.complete && "
                                           "i.naturalWidth > 0)", timeout=120_000)
                    out[label].append(time.perf_counter() - start)
                    page.close()
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return out


def _wait(url: str) -> None:
    import urllib.request

    for _ in range(180):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("streamlit did not start")


def table(results: dict[str, list[float]], title: str) -> str:
    """A Markdown table of medians (ms) and p95 over the runs."""
    lines = [f"### {title}", "", "| measure | runs | median (ms) | p95 (ms) |",
             "| --- | ---: | ---: | ---: |"]
    for name, values in results.items():
        if not values:
            continue
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
        median = 1000 * statistics.median(values)
        lines.append(f"| {name} | {len(values)} | {median:.0f} | {1000 * p95:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    print(table(apptest_times(args.repeats), "Landing page, AppTest"))
    if not args.no_browser:
        print()
        title = "Landing page, headless Chromium: navigation to first chart"
        print(table(browser_times(args.repeats), title))


if __name__ == "__main__":
    main()
