"""Many people at once: headless Chromium sessions against one local Streamlit server.

Run from the project root::

    python -m benchmarks.load [--sessions 10] [--duration 300] [--idle 120] [--upload-mb 5]

Starts ``streamlit run app.py`` itself (this project's config, a port in
8700-8799, ``MALLOC_ARENA_MAX=2`` as the README starts it), warms it with one
visit to each page, then drives the sessions at once for ``--duration``
seconds: most change the stage, age group, period and years lived on
"Understand a number", some work on "Compare groups" and "How survival curves
work", and one uploads a generated individual-row CSV on "Your own data"
(written to a temporary folder for the browser to pick) and then changes the
method, the groups and the band. Five minutes by default, as a class might
spend with the app: the first minute, as the browsers open the app on the
server's own cores, is also reported apart. Prints Markdown sections: failed
sessions, rerun times, page loads and the server's memory, each saying what
it measures. Playwright drives Debian's Chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np

from benchmarks.app import APP, SERVER_ENV, serve

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ACTION_TIMEOUT = 60.0  # seconds before an action counts as a failure
DURATION = 300.0  # seconds of activity by default: five minutes, as a class might spend with the app
ARRIVING = 60.0  # the first seconds, as sessions arrive and caches fill, reported apart as well
GOALS = {"failed sessions": 0, "p95 rerun (ms)": 1000, "peak RSS (MB)": 1024, "RSS after / warm": 1.2}
STAGE_BOX = "Stage when the cancer was found"
STAGES = (
    "Localized: not spread outside the breast",
    "Regional: spread to nearby lymph nodes or tissue",
    "Distant: spread to other parts of the body",
)
AGES = ("00-49", "45-65s", "65+", "All ages")
PERIODS = ("1975-1979", "1980-1984", "1985-1989", "1990-1994", "1995-1999", "2000-2004", "2005-2009")
#: Kept by the page itself, on its own clock (ms since the epoch), for the rerun the driver watches
#: (``window.__watch()`` just before it commits a change), in ``window.__marks``: ``input``, the
#: input event that commits it (a click, key press or file chosen; the last one counts); ``running``
#: and ``finished``, the page receiving the run's first message (new_session) and its successful
#: script-finished message (read from the top-level fields of Streamlit's ForwardMsg protobuf);
#: ``idle``, the first moment after that when the page is idle (checked every 10 ms). If one input
#: started two runs, ``running`` and ``finished`` are the first one's. Also ``window.__runs``: the
#: runs started and finished successfully, and the Streamlit session id.
RERUN_CLOCK = """(() => {
  const now = () => performance.timeOrigin + performance.now();
  window.__idleNow = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null && app.getAttribute('data-test-script-state') === 'notRunning'
      && document.querySelector('[data-stale="true"]') === null
      && Array.from(document.images).every(i => i.complete);
  };
  const fields = bytes => {  // field number -> varint value, or the bytes of a length-delimited field
    const found = {};
    let i = 0;
    const varint = () => {
      let value = 0, scale = 1, byte;
      do { byte = bytes[i++]; value += (byte & 127) * scale; scale *= 128; } while (byte & 128);
      return value;
    };
    while (i < bytes.length) {
      const key = varint(), wire = key % 8, field = (key - wire) / 8;
      if (wire === 0) found[field] = varint();
      else if (wire === 2) { const size = varint(); found[field] = bytes.subarray(i, i + size); i += size; }
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else break;
    }
    return found;
  };
  let timer = 0;
  window.__marks = {};
  window.__runs = {started: 0, finished: 0, session: ''};
  window.__watch = () => {
    const marks = window.__marks = {};
    clearInterval(timer);
    timer = setInterval(() => {
      if (marks.finished && window.__idleNow()) { marks.idle = now(); clearInterval(timer); }
    }, 10);
  };
  for (const type of ['click', 'keydown', 'change'])  // the last one before the run starts
    document.addEventListener(type, () => {
      if (!window.__marks.running) window.__marks.input = now();
    }, true);
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', event => {
        if (!(event.data instanceof ArrayBuffer)) return;
        const marks = window.__marks, runs = window.__runs, message = fields(new Uint8Array(event.data));
        if (message[NEW_SESSION] instanceof Uint8Array) {
          runs.started += 1;
          const start = fields(message[NEW_SESSION])[INITIALIZE];
          if (start instanceof Uint8Array) runs.session = new TextDecoder().decode(fields(start)[SESSION_ID]);
          if (marks.input && !marks.running) marks.running = now();
        } else if ([FINISHED_OK].includes(message[SCRIPT_FINISHED])) {
          runs.finished += 1;
          if (marks.running && !marks.finished) marks.finished = now();
        }
      });
    }
  };
})();"""
PICK_WAIT = 3.0  # seconds after Enter before a pick that started no run and shows no option is tried again
#: True once the app is idle (as the page checks it in ``RERUN_CLOCK``), for page loads.
PAGE_IDLE = "() => window.__idleNow()"
PARTS = (
    "input to the run's start message",
    "run start to script-finished message",
    "script-finished message to idle page",
)
ERRORS = (
    '[data-testid="stException"], [data-testid="stAlertContentError"], [data-testid="stConnectionStatus"]'
)
RERUN_NOTE = (
    "A rerun is timed by the page itself, on its own clock, from the input event that commits a "
    "change (the click on an option, radio button or toggle, the key press on a list or slider, the "
    "file chosen) until the page is idle after the run: the page has received the run's first "
    "message and its successful script-finished message, the app's script state is notRunning, no "
    "element is stale and every image has loaded (checked every 10 ms). It includes the browser's "
    "own work, on the same cores as the server, but not the driver's delay in looking. Page loads "
    "(navigation to an idle page) are listed apart and not counted as reruns. The three rows "
    '"all reruns: ..." split every rerun where the page received the run\'s first message '
    "(new_session, sent as the script starts) and its script-finished message: first the input "
    "reaching the server and the run being scheduled, then the script run and its messages, then "
    "the browser's rendering and image loading. The last two rows, when shown, take apart the "
    f"reruns that started in the first {ARRIVING:.0f} s after the first session began (sessions "
    "arriving, browsers opening the app, caches filling) and the rest."
)


# -- The server's memory and CPU -----------------------------------------------------------------


def _stat(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (state is field 0)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _tree(pid: int) -> list[int]:
    """A process and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            children.setdefault(int(_stat(int(entry))[1]), []).append(int(entry))
        except (OSError, IndexError):
            continue
    found, todo = [], [pid]
    while todo:
        found.append(todo.pop())
        todo.extend(children.get(found[-1], []))
    return found


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB (psutil if installed, else /proc)."""
    try:
        import psutil
    except ImportError:
        total = 0
        for each in _tree(pid):
            try:
                status = Path(f"/proc/{each}/status").read_text()
            except OSError:
                continue
            total += next(
                (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0
            )
        return total / 1024
    root = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)]) / 2**20


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by a process and its descendants (waited-for children included)."""
    total = 0
    for each in _tree(pid):
        try:
            total += sum(int(x) for x in _stat(each)[11:15])
        except (OSError, IndexError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time every process on the machine has used so far (all cores)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


class Sampler(threading.Thread):
    """Samples the server's RSS twice a second and keeps the peak."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.5):
            self.peak = max(self.peak, rss_mb(self.pid))


# -- One session ---------------------------------------------------------------------------------


class Rerun(NamedTuple):
    """One timed rerun (seconds; ``start`` on the epoch clock)."""

    start: float
    action: str
    seconds: float
    parts: tuple[float, float, float]  # the rerun split in PARTS


@dataclass
class Session:
    """One browser session: its role, what it measured, and why it failed (if it did)."""

    name: str
    role: str
    loads: list[float] = field(default_factory=list)
    timeline: list[Rerun] = field(default_factory=list)
    error: str = ""
    server_id: str = ""  # the Streamlit session id (from the page's new_session messages)
    already: int = 0  # picks skipped because the list already showed that option
    pressed_again: int = 0  # picks whose Enter started no run nor showed the option, so pressed again


def rerun_clock() -> str:
    """``RERUN_CLOCK`` with the ForwardMsg field numbers and the successful script-finished codes."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.proto.NewSession_pb2 import Initialize, NewSession

    fields = ForwardMsg.DESCRIPTOR.fields_by_name
    ok = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
    numbers = {
        "NEW_SESSION": fields["new_session"].number,
        "SCRIPT_FINISHED": fields["script_finished"].number,
        "INITIALIZE": NewSession.DESCRIPTOR.fields_by_name["initialize"].number,
        "SESSION_ID": Initialize.DESCRIPTOR.fields_by_name["session_id"].number,
    }
    text = RERUN_CLOCK.replace("FINISHED_OK", ", ".join(str(int(code)) for code in ok))
    for name, number in numbers.items():
        text = text.replace(name, str(number))
    return text


class Driver:
    """A page, timing its reruns by the marks the page keeps itself (``RERUN_CLOCK``)."""

    def __init__(self, page, session: Session):
        self.page, self.session = page, session

    async def load(self, path: str, ready) -> None:
        """Navigate and wait until ``ready`` (a locator) shows and the page is idle."""
        start = time.perf_counter()
        await self.page.goto(path, timeout=ACTION_TIMEOUT * 1000)
        await ready.wait_for(timeout=ACTION_TIMEOUT * 1000)
        await self.idle()
        self.session.loads.append(time.perf_counter() - start)

    async def idle(self) -> None:
        await self.page.wait_for_function(PAGE_IDLE, timeout=ACTION_TIMEOUT * 1000, polling=20)
        await self.errors()

    async def errors(self) -> None:
        """Raise if the page shows an exception, an error or the connection status."""
        if await self.page.locator(ERRORS).count():
            text = (await self.page.locator(ERRORS).first.inner_text())[:200]
            raise RuntimeError(f"error element on the page: {text!r}")

    async def rerun(self, name: str, commit, prepare=None) -> None:
        """``prepare()`` (e.g. open a list), then time ``commit()`` to the rerun's idle page.

        Waits until the page has marked the rerun idle, which it does only
        after a run started after the input and finished successfully; the
        times are the page's own marks, so the driver's delay in looking does
        not count.
        """
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        try:
            if prepare is not None:
                await prepare()
            await self.page.evaluate("window.__watch()")
            await commit()
            try:
                await self.page.wait_for_function(
                    "window.__marks.idle > 0", timeout=ACTION_TIMEOUT * 1000, polling=20
                )
            except PlaywrightTimeout as err:
                marks = await self._ask(lambda: self.page.evaluate("window.__marks"), {})
                seen = ", ".join(
                    ("input", "run start", "run finished")[i]
                    for i, k in enumerate(("input", "running", "finished"))
                    if k in marks
                )
                raise TimeoutError(
                    f"the page was not idle after a finished run within {ACTION_TIMEOUT:.0f} s"
                    f" (it saw: {seen or 'nothing'})"
                ) from err
            await self.errors()
            marks, self.session.server_id = await self.page.evaluate(
                "[window.__marks, window.__runs.session]"
            )
        except Exception as err:
            detail = " / ".join(line.strip() for line in str(err).splitlines()[:4] if line.strip())
            raise RuntimeError(f"{name}: {type(err).__name__}: {detail}") from err
        start, running, finished, end = (marks[k] / 1000 for k in ("input", "running", "finished", "idle"))
        self.session.timeline.append(
            Rerun(start, name, end - start, (running - start, finished - running, end - finished))
        )

    async def _ask(self, question, otherwise):
        """What ``question()`` (a coroutine function) answers, or ``otherwise`` if the page does not
        answer within 5 s: for error messages, which must not fail in their turn."""
        try:
            return await asyncio.wait_for(question(), 5)
        except Exception:  # noqa: BLE001 - a page that cannot answer is reported as such
            return otherwise

    async def click(self, name: str, text: str) -> None:
        await self.rerun(name, self.page.get_by_text(text).click)

    async def step(self, name: str, rng: random.Random) -> None:
        """Move the page's first slider one step with the keyboard, never past either end."""
        slider = self.page.get_by_role("slider").first
        low, now, high = (float(x) for x in await slider.evaluate("e => [e.min, e.value, e.max]"))
        key = "ArrowRight" if now == low or (now < high and rng.random() < 0.5) else "ArrowLeft"
        await self.rerun(name, lambda: slider.press(key), slider.focus)

    async def choose(self, name: str, box: str, option: str) -> None:
        """Pick ``option`` in the select box labelled ``box``: type its start, then pick it by keyboard.

        (Clicking an option of a list that re-renders under load can wait
        forever for it to stand still; the keyboard does not.)
        """
        combo = self.page.get_by_role("combobox", name=box)
        before = await combo.input_value()
        if option in before:  # an earlier pick, under load, landed on a neighbour
            self.session.already += 1  # choosing it again would start no run
            return

        async def alone() -> bool:
            shown = await self.page.get_by_role("option").all_inner_texts()  # never waits
            return len(shown) == 1 and option in shown[0]

        async def filtered() -> bool:
            """Within 10 s, the list shows ``option`` alone: the typing has been applied (the option
            itself is visible before that too, and Enter on an unfiltered list may pick the current
            value, which changes nothing and starts no run)."""
            return await _within(10, alone, 0.02)

        typed = option.split(":")[0]  # for most options (ages, periods) the whole option

        async def filter_list():
            for attempt in range(3):  # a list opened while the page re-renders may miss the typing
                await combo.click()
                await combo.fill(typed)
                if await filtered():
                    return
                if attempt == 2:
                    raise TimeoutError(f"the list never showed {option!r} alone")
                await combo.press("Escape")

        async def running_or_picked() -> bool:
            return await self.page.evaluate("window.__marks.running > 0") or (
                typed != option
                and await combo.get_attribute("aria-expanded") == "false"
                and option in await combo.input_value()
            )

        async def taken() -> bool:
            """Within ``PICK_WAIT`` s, the run has started, or this box's list has closed showing more of
            the option than was typed (a list can also close on the key press without taking it, keeping
            the typing, which for most options is the whole option: then only the run tells)."""
            return await _within(PICK_WAIT, running_or_picked, 0.05)

        async def commit():
            for attempt in range(3):  # the list may take a key press before its filtered state
                if attempt:  # no run, the option not shown: type again if the filter was lost, press again
                    self.session.pressed_again += attempt == 1
                    if not await filtered():
                        await filter_list()
                await combo.press("ArrowDown")  # make sure the (only) match is the active option
                await combo.press("Enter")
                if await taken():
                    return

        started = await self.page.evaluate("window.__runs.started")
        try:
            await self.rerun(name, commit, filter_list)
        except RuntimeError as err:  # say what the page showed, to tell a lost pick from a lost run
            shown = await self._ask(combo.input_value, "(no answer)")
            runs = await self._ask(lambda: self.page.evaluate(f"window.__runs.started - {started}"), "?")
            listed = await self._ask(self.page.get_by_role("option").all_inner_texts, "?")
            raise RuntimeError(
                f"{err} (picking {option!r}, the box showed {before!r} before and "
                f"{shown!r} after, the list {listed!r}; {runs} run(s) had started since "
                f"the pick)"
            ) from err


async def _within(seconds: float, check, every: float) -> bool:
    """Whether ``check()`` (a coroutine function) comes true within ``seconds``, asked every ``every`` s."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        if await check():
            return True
        await asyncio.sleep(every)
    return False


def _other(rng: random.Random, options, current):
    return rng.choice([o for o in options if o != current])


async def patient(d: Driver, url: str, rng: random.Random, upload: Path) -> list:
    """Understand a number: a stage, then stages, ages, periods and years lived at random."""
    await d.load(url, d.page.get_by_role("combobox", name=STAGE_BOX))
    chosen = {"stage": rng.choice(STAGES), "age": "All ages", "period": "2000-2004"}
    await d.choose("landing: stage", STAGE_BOX, chosen["stage"])
    await d.page.get_by_text("More choices").click()

    async def pick(what, box, options):
        chosen[what] = _other(rng, options, chosen[what])
        await d.choose(f"landing: {what}", box, chosen[what])

    async def lived():
        await d.step("landing: years lived", rng)

    async def period():
        await pick("period", "When people were diagnosed", PERIODS)

    return [
        lambda: pick("stage", STAGE_BOX, STAGES),
        period,
        period,
        lived,
        lived,
        lambda: pick("age", "Age group (as the registry labels them)", AGES),
    ]


async def educator(d: Driver, url: str, rng: random.Random, upload: Path) -> list:
    """Compare groups: measure, confidence bands, risk table and the period held fixed."""
    await d.load(f"{url}/compare", d.page.get_by_role("img").first)
    state = {"measure": 0, "period": "2000-2004"}
    measures = (
        "Observed: alive, whatever the cause of death",
        "Relative: compared with the general population",
    )

    async def measure():
        state["measure"] = 1 - state["measure"]  # the page starts with observed survival
        await d.click("compare: measure", measures[state["measure"]])

    async def period():
        state["period"] = _other(rng, PERIODS, state["period"])
        await d.choose("compare: period", "Period of diagnosis", state["period"])

    return [
        measure,
        period,
        lambda: d.click("compare: band", "Confidence bands (95%)"),
        lambda: d.click("compare: risk table", "Risk table under the chart"),
    ]


async def learner(d: Driver, url: str, rng: random.Random, upload: Path) -> list:
    """How survival curves work: the step slider, and the stage of the relative-survival lesson."""
    await d.load(f"{url}/learn", d.page.get_by_role("img").first)
    state = {"stage": STAGES[0]}

    async def stage():
        state["stage"] = _other(rng, STAGES, state["stage"])
        await d.choose("learn: stage", STAGE_BOX, state["stage"])

    return [lambda: d.step("learn: step", rng)] * 2 + [stage]


async def uploader(d: Driver, url: str, rng: random.Random, upload: Path) -> list:
    """Your own data: upload individual rows, then switch method, groups and band."""
    kind = d.page.get_by_text("Individual rows CSV (one row per person)")
    await d.load(f"{url}/your_data", kind)
    await d.rerun("upload: kind", kind.click)
    await d.rerun(
        "upload: file to first chart", lambda: d.page.locator("input[type=file]").set_input_files(str(upload))
    )
    await d.page.get_by_text("Estimates for every group").wait_for(timeout=ACTION_TIMEOUT * 1000)
    state = {"method": 0, "grouped": False}
    methods = ("Kaplan-Meier (exact times)", "Actuarial (1-year intervals)")  # the page starts with KM

    async def method():
        state["method"] = 1 - state["method"]
        await d.click("upload: method", methods[state["method"]])

    async def groups():
        name, state["grouped"] = "upload: groups (file read again)", not state["grouped"]
        if not state["grouped"]:
            remove = '[data-testid="stMultiSelect"] button[aria-label="Remove stage"]'
            return await d.rerun(name, d.page.locator(remove).first.click)
        await d.choose(name, "Group columns to compare (optional)", "stage")
        await d.page.keyboard.press("Escape")  # close the list

    return [method, method, groups, lambda: d.click("upload: band", "Shade the 95% confidence band")]


ROLES = {"patient": patient, "educator": educator, "learner": learner, "uploader": uploader}


def roles(sessions: int) -> list[str]:
    """One uploader; then, of every five sessions, three patients, an educator and a learner."""
    cycle = ("patient", "educator", "patient", "learner", "patient")
    return ["uploader"] + [cycle[i % 5] for i in range(sessions - 1)]


async def one(
    session: Session, context, url: str, until: float, rng: random.Random, think, upload: Path
) -> None:
    """One session in its own page (its own Streamlit session) until ``until``; records failures."""
    page = await context.new_page()
    page.set_default_timeout(ACTION_TIMEOUT * 1000)
    try:
        actions = await ROLES[session.role](Driver(page, session), url, rng, upload)
        while time.perf_counter() < until:
            await asyncio.sleep(rng.uniform(*think))
            await rng.choice(actions)()
    except Exception as err:  # noqa: BLE001 - any failure is the benchmark's result
        session.error = f"{type(err).__name__}: {(str(err).splitlines() or [''])[0][:400]}"
    finally:
        await page.close()


# -- The run -------------------------------------------------------------------------------------


@dataclass
class Measured:
    """What a run measured."""

    people: list[Session]
    memory: dict[str, float]
    elapsed: float = 0.0
    server_cores: float = 0.0
    machine_cores: float = 0.0
    load: tuple[float, float] = (0.0, 0.0)
    tracebacks: list[str] = field(default_factory=list)  # the last line of each, from the server log
    idle_rss: list[tuple[float, float]] = field(default_factory=list)  # (seconds idle, MB) every 30 s
    began: float | None = None  # when the first session started, on the epoch clock (as reruns' starts)


async def scenario(
    url: str, pid: int, settings: dict, upload: Path, warm_file: Path, chromium: str
) -> Measured:
    """Warm the server (one visit to each page), then run every session at once; memory as it goes.

    All sessions are pages of one browser context: each is its own Streamlit
    session (its own websocket), and they share the HTTP cache, as returning
    visitors do, so ten browsers loading Streamlit's scripts at once on the
    server's cores do not swamp the measure.
    """
    from playwright.async_api import async_playwright

    rng = random.Random(settings["seed"])
    people = [Session(f"{role} {i + 1}", role) for i, role in enumerate(roles(settings["sessions"]))]
    measured = Measured(people, {"at start (nothing imported yet)": rss_mb(pid)})
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=FLAGS)
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        await context.add_init_script(rerun_clock())
        for role in ROLES:
            visit = Session("warm-up", role)
            await one(visit, context, url, 0.0, random.Random(0), (0, 0), warm_file)
            if visit.error:
                raise RuntimeError(f"warm-up visit ({role}) failed: {visit.error}")
        await asyncio.sleep(2)
        measured.memory["after warm-up (one visit to each page)"] = rss_mb(pid)
        sampler = Sampler(pid)
        sampler.start()
        before = (os.getloadavg()[0], cpu_seconds(pid), machine_busy_seconds(), time.perf_counter())
        until, tasks = before[3] + settings["duration"], []
        measured.began = time.time()
        for session in people:
            tasks.append(
                asyncio.create_task(
                    one(session, context, url, until, random.Random(rng.random()), settings["think"], upload)
                )
            )
            await asyncio.sleep(settings["arrival"])
        await asyncio.gather(*tasks)
        measured.elapsed = time.perf_counter() - before[3]
        measured.server_cores = (cpu_seconds(pid) - before[1]) / measured.elapsed
        measured.machine_cores = (machine_busy_seconds() - before[2]) / measured.elapsed
        measured.load = (before[0], os.getloadavg()[0])
        await browser.close()
    closed = time.perf_counter()
    for mark in range(30, int(settings["idle"]), 30):
        await asyncio.sleep(max(0.0, closed + mark - time.perf_counter()))
        measured.idle_rss.append((mark, rss_mb(pid)))
    await asyncio.sleep(max(0.0, closed + settings["idle"] - time.perf_counter()))
    sampler.stop.set()
    measured.memory["peak (sampled twice a second from the first session on)"] = sampler.peak
    measured.memory[f"{settings['idle']:.0f} s after the last session closed"] = rss_mb(pid)
    return measured


def individual_rows(megabytes: float, seed: int = 7) -> bytes:
    """A CSV of individual rows (months, event, stage) of about ``megabytes`` MB."""
    rng = np.random.default_rng(seed)
    n = int(megabytes * 1e6 / 17)
    months, died = np.round(rng.exponential(40, n), 1), (rng.random(n) < 0.6).astype(int)
    stage = rng.choice(np.array(["Localized", "Regional", "Distant"]), n)
    lines = "\n".join(f"{m},{d},{s}" for m, d, s in zip(months, died, stage))
    return ("months,event,stage\n" + lines + "\n").encode()


_IDLE = " under the SCHED_IDLE policy"


def _niced(folder: Path, nice: int) -> str:
    """A Chromium that gives way to the server: the people's browsers would run on their own
    machines, so here they should not take the server's cores when both want them.

    ``nice`` alone is not enough: Chromium sets the priority of its own
    processes, and where it may (as root) it raises some of them, the browser
    process to niceness -8, above the server. So the browsers also run under
    the SCHED_IDLE policy (``chrt --idle``, which every thread inherits and
    which setting a niceness does not undo): they get a core only when the
    server and the load driver leave it free. ``nice`` 0 leaves Chromium alone.
    """
    if nice == 0:
        return CHROMIUM
    idle = "chrt --idle 0 " if shutil.which("chrt") else ""
    wrapper = folder / "chromium"
    wrapper.write_text(f'#!/bin/sh\nexec {idle}nice -n {int(nice)} {CHROMIUM} "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper)


def run(
    sessions: int = 10,
    duration: float = DURATION,
    idle: float = 120.0,
    upload_mb: float = 5.0,
    think: tuple[float, float] = (1.0, 3.0),
    arrival: float = 1.0,
    nice: int = 19,
    seed: int = 1,
    timeline: str | None = None,
) -> str:
    """Start a server, warm it, drive the sessions, wait ``idle`` seconds, measure; Markdown sections.

    ``sessions`` browser sessions are active for ``duration`` seconds, wait
    ``think`` seconds (uniform) between actions and arrive ``arrival`` seconds
    apart; the uploader sends ``upload_mb`` MB; the browsers run at ``nice``.
    ``timeline`` names a JSON file to write every rerun to (start on the
    epoch clock, session, Streamlit session id, action, seconds, its three
    parts), to see when the slow ones happen.
    """
    settings = dict(locals())
    with tempfile.TemporaryDirectory() as folder:
        upload, warm_file = Path(folder) / "rows.csv", Path(folder) / "warm-up.csv"
        upload.write_bytes(individual_rows(upload_mb))
        warm_file.write_bytes(individual_rows(0.1, seed=99))  # the warm-up's upload, not the measured one
        with open(Path(folder) / "server.log", "w+") as log:
            with serve(APP, log) as (url, proc):
                measured = asyncio.run(
                    scenario(url, proc.pid, settings, upload, warm_file, _niced(Path(folder), nice))
                )
            log.seek(0)
            measured.tracebacks = tracebacks(log.read())
    if timeline:
        Path(timeline).write_text(
            json.dumps(
                sorted(
                    (r.start, s.name, s.server_id, r.action, r.seconds, r.parts)
                    for s in measured.people
                    for r in s.timeline
                )
            )
        )
    return "\n\n".join(
        [
            report_sessions(measured, settings),
            report_reruns(measured.people, measured.began),
            report_memory(measured.memory, idle, measured.idle_rss),
        ]
    )


def tracebacks(log: str) -> list[str]:
    """The exception line (the first unindented line after it) of every traceback in a log."""
    found = []
    for block in log.split("Traceback (most recent call last):")[1:]:
        found.append(
            next(
                (line for line in block.splitlines()[1:] if line and not line[0].isspace()),
                "(no exception line)",
            )[:300]
        )
    return found


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _verdict(ok: bool) -> str:
    return "met" if ok else "missed"


def report_sessions(measured: Measured, settings: dict) -> str:
    failed = [s for s in measured.people if s.error]
    loads = [x for s in measured.people for x in s.loads]
    lines = [
        "### Load: sessions",
        "",
        f"{settings['sessions']} sessions ({', '.join(sorted(set(roles(settings['sessions']))))}), one "
        f"arriving every {settings['arrival']:g} s, active for {settings['duration']:.0f} s (all done "
        f"after {measured.elapsed:.0f} s), waiting {settings['think'][0]:g}-{settings['think'][1]:g} s "
        f"between actions; the uploader sends {settings['upload_mb']:g} MB of individual rows. Every "
        "session is a page of one Chromium context (own websocket, shared HTTP cache), and the browsers "
        f"run at niceness {settings['nice']}{_IDLE if settings['nice'] and shutil.which('chrt') else ''} "
        f"on the server's machine: {os.cpu_count()} CPUs, of which "
        f"the server used {measured.server_cores:.2f} on average while the sessions ran and the whole "
        f"machine {measured.machine_cores:.2f} (browsers and anything else running); load average "
        f"{measured.load[0]:.1f} before, {measured.load[1]:.1f} after.",
        "",
        f"Failed sessions: {len(failed)} of {len(measured.people)} (goal {GOALS['failed sessions']}: "
        f"{_verdict(len(failed) <= GOALS['failed sessions'])}). A session fails on any exception, a "
        f"timeout ({ACTION_TIMEOUT:.0f} s per action) or an error element on the page. Server log: "
        f"{len(measured.tracebacks)} traceback(s).",
    ]
    lines += [f"- traceback: {last}" for last in measured.tracebacks]
    lines += [f"- {s.name}: {s.error}" for s in failed]
    already = sum(s.already for s in measured.people)
    if already:
        lines += [
            "",
            f"Picks skipped because the list already showed the option (an earlier pick landed "
            f"on a neighbouring option, so choosing it would start no run): {already}.",
        ]
    again = sum(s.pressed_again for s in measured.people)
    if again:
        lines += [
            "",
            f"Picks whose Enter had, {PICK_WAIT:.0f} s later, started no run, with the list still "
            f"open or closed without showing the option, so the driver pressed it again, typing "
            f"the option again if the list had lost it (the rerun is timed from the input that "
            f"started it): {again}.",
        ]
    if loads:
        lines += [
            "",
            f"Page loads (navigation to an idle page, first chart drawn): {len(loads)}, median "
            f"{1000 * statistics.median(loads):.0f} ms, slowest {1000 * max(loads):.0f} ms.",
        ]
    return "\n".join(lines)


def report_reruns(people: list[Session], began: float | None = None) -> str:
    """The rerun table: each action, all reruns, their parts and, given when the first session
    ``began`` (epoch seconds), the reruns of the first ``ARRIVING`` seconds and of the rest apart."""
    by_action: dict[str, list[float]] = {}
    reruns = [r for session in people for r in session.timeline]
    for r in reruns:
        by_action.setdefault(r.action, []).append(r.seconds)
    rows = sorted(by_action.items())
    every = [r.seconds for r in reruns]
    if every:
        rows += [("all reruns", every)] + [
            (f"all reruns: {part}", [r.parts[i] for r in reruns]) for i, part in enumerate(PARTS)
        ]
    if began is not None:
        early = [r.seconds for r in reruns if r.start < began + ARRIVING]
        late = [r.seconds for r in reruns if r.start >= began + ARRIVING]
        rows += [
            (name, values)
            for name, values in (
                (f"all reruns, first {ARRIVING:.0f} s", early),
                (f"all reruns, after the first {ARRIVING:.0f} s", late),
            )
            if values
        ]
    lines = [
        "### Load: rerun times",
        "",
        RERUN_NOTE,
        "",
        "| action | runs | p50 (ms) | p95 (ms) | max (ms) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {action} | {len(values)} | {1000 * _p(values, 0.5):.0f} | {1000 * _p(values, 0.95):.0f} "
        f"| {1000 * max(values):.0f} |"
        for action, values in rows
    ]
    if every:
        p95 = 1000 * _p(every, 0.95)
        lines += [
            "",
            f"p95 of all reruns {p95:.0f} ms (goal under {GOALS['p95 rerun (ms)']} ms: "
            f"{_verdict(p95 < GOALS['p95 rerun (ms)'])}).",
        ]
    return "\n".join(lines)


def report_memory(memory: dict[str, float], idle: float, idle_rss: list[tuple[float, float]] = ()) -> str:
    start, warm, peak, after = memory.values()
    lines = [
        "### Load: server memory",
        "",
        "Resident memory (RSS) of the Streamlit server and its child processes (the worker that "
        "reads a large upload). The server is started as the README starts it, with "
        + ", ".join(f"`{k}={v}`" for k, v in SERVER_ENV.items())
        + ".",
        "",
        "| when | RSS (MB) |",
        "| --- | ---: |",
    ]
    lines += [f"| {when} | {mb:.0f} |" for when, mb in memory.items()]
    lines += [
        "",
        f"Peak {peak:.0f} MB (goal under {GOALS['peak RSS (MB)']} MB: "
        f"{_verdict(peak < GOALS['peak RSS (MB)'])}). After {idle:.0f} s idle {after:.0f} MB, "
        f"{after / warm:.2f} x the warm server's {warm:.0f} MB (goal within 20%: "
        f"{_verdict(after <= GOALS['RSS after / warm'] * warm)}). The cold start's {start:.0f} MB "
        "holds no imports, data or caches yet, so the warm server is the baseline.",
    ]
    if idle_rss:
        lines += [
            "",
            "While idle: "
            + ", ".join(f"{mb:.0f} MB after {secs:.0f} s" for secs, mb in idle_rss)
            + f", {after:.0f} MB after {idle:.0f} s.",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=10, help="browser sessions (10)")
    parser.add_argument(
        "--duration", type=float, default=DURATION, help=f"seconds of activity ({DURATION:.0f})"
    )
    parser.add_argument(
        "--idle",
        type=float,
        default=120.0,
        help="seconds to wait after the sessions close before measuring memory (120)",
    )
    parser.add_argument("--upload-mb", type=float, default=5.0, help="size of the uploaded CSV in MB (5)")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(1.0, 3.0),
        metavar=("MIN", "MAX"),
        help="seconds between a session's actions, drawn uniformly (1 3)",
    )
    parser.add_argument("--arrival", type=float, default=1.0, help="seconds between arrivals (1)")
    parser.add_argument(
        "--nice",
        type=int,
        default=19,
        help="niceness of the browsers, which then also run under SCHED_IDLE "
        "(19; 0 leaves them at the priorities Chromium sets)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeline", help="JSON file to write every rerun to (when, who, what, how long)")
    args = parser.parse_args()
    print(
        run(
            args.sessions,
            args.duration,
            args.idle,
            args.upload_mb,
            tuple(args.think),
            args.arrival,
            args.nice,
            args.seed,
            args.timeline,
        )
    )


if __name__ == "__main__":
    main()
