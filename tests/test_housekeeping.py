"""Tests for ui.housekeeping: garbage collected and memory handed back only while the server is quiet."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from ui import housekeeping

START = housekeeping._start  # the real one (conftest stubs it for every test)


@pytest.mark.parametrize(("quiet", "since_tidied", "due"), [
    (0.0, 1e9, False),  # a run is going on
    (4.9, 1e9, False),  # quiet, but not for long enough
    (5.0, 1e9, True),  # the spell reaches QUIET: tidy once
    (5.0, 6.0, True),  # the last tidy-up came before this spell
    (6.0, 1.0, False),  # tidied a second ago, in this spell
    (34.0, 29.0, False),  # every EVERY seconds while it lasts...
    (35.0, 30.0, True),
    (400.0, 30.0, True),
])
def test_due(quiet, since_tidied, due):
    assert housekeeping.QUIET == 5.0 and housekeeping.EVERY == 30.0
    assert housekeeping.due(quiet, since_tidied) is due


def test_a_script_run_is_not_quiet_until_it_ends(monkeypatch):
    monkeypatch.setattr(housekeeping, "_last", 100.0)
    assert housekeeping.quiet_for(now=112.5) == 12.5
    entered, leave = threading.Event(), threading.Event()

    def run():
        with housekeeping.script_run():
            entered.set()
            leave.wait(10)

    worker = threading.Thread(target=run)
    worker.start()
    entered.wait(10)
    try:
        assert housekeeping.quiet_for(now=1e12) == 0.0  # however long since the last one ended
    finally:
        leave.set()
        worker.join(10)
    assert 0.0 <= housekeeping.quiet_for() < 5.0  # quiet again, from the moment the run ended


def test_a_failed_run_still_ends():
    with pytest.raises(RuntimeError), housekeeping.script_run():
        raise RuntimeError("the page failed")
    assert housekeeping._running == 0


def test_tidy_collects_cycles_and_trims_when_it_can(monkeypatch):
    trimmed = []
    monkeypatch.setattr(housekeeping, "_malloc_trim", lambda: trimmed.append)

    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: only the collector frees it
    del a, b
    assert housekeeping.tidy() >= 2
    assert trimmed == [0]
    monkeypatch.setattr(housekeeping, "_malloc_trim", lambda: None)  # no malloc_trim: collect only
    assert housekeeping.tidy() >= 0


def test_the_thread_starts_once_and_tidies_when_quiet(monkeypatch):
    started = []
    monkeypatch.setattr(housekeeping, "_start", START)
    monkeypatch.setattr(housekeeping, "_thread", None)
    monkeypatch.setattr(housekeeping.threading, "Thread",
                        lambda **kw: started.append(kw) or type("T", (), {"start": lambda self: None})())
    for _ in range(3):
        with housekeeping.script_run():
            pass
    assert [kw["name"] for kw in started] == ["survival-housekeeping"] and started[0]["daemon"] is True
    # the thread's loop: tidies as soon as the server is quiet, then not again within EVERY seconds
    tidied, _ = _run_loop(monkeypatch, 1040, loop=started[0]["target"])
    assert tidied == [1003.0, 1033.0]  # quiet for 5 s at 1003, then every 30 s


def _run_loop(monkeypatch, until: float, loop=None, release=None) -> tuple[list, list]:
    """Run the tidying loop on a fake clock from 1000 s, the last script run having ended at 998 s,
    until ``until``; the times it tidied and emptied the caches (``release`` replaces the emptying)."""
    clock, tidied, released = [1000.0], [], []

    class Stop(Exception):
        pass

    def sleep(seconds):
        clock[0] += seconds
        if clock[0] > until:
            raise Stop

    monkeypatch.setattr(housekeeping.time, "sleep", sleep)
    monkeypatch.setattr(housekeeping.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(housekeeping, "_last", 998.0)
    monkeypatch.setattr(housekeeping, "tidy", lambda: tidied.append(clock[0]))
    monkeypatch.setattr(housekeeping, "release", release or (lambda: released.append(clock[0])))
    with pytest.raises(Stop):
        (loop or housekeeping._loop)()
    return tidied, released


@pytest.mark.parametrize(("quiet", "since_released", "due"), [
    (0.0, 1e9, False),  # a run is going on
    (59.9, 1e9, False),  # quiet, but not for a minute yet
    (60.0, 1e9, True),  # the spell reaches RELEASE: drop the caches
    (60.0, 61.0, True),  # the last release came before this spell
    (61.0, 1.0, False),  # dropped a second ago, in this spell: once is enough
    (3600.0, 3540.0, False),
])
def test_release_due(quiet, since_released, due):
    assert housekeeping.RELEASE == 60.0
    assert housekeeping.release_due(quiet, since_released) is due


def test_the_loop_drops_the_caches_once_a_quiet_spell_reaches_a_minute(monkeypatch):
    tidied, released = _run_loop(monkeypatch, 1100)
    assert released == [1058.0]  # quiet for 60 s
    assert tidied == [1003.0, 1033.0, 1058.0, 1088.0]  # and tidied at once, then every 30 s again


def test_release_empties_the_marked_caches_and_keeps_the_rest(monkeypatch):
    import streamlit as st

    import survival.words.explanation
    from ui import cached

    data, choices = cached.dataset(), cached.choices()
    computed = []

    @st.cache_data
    def kept(x):
        computed.append(("kept", x))
        return x

    @housekeeping.droppable
    @st.cache_data
    def dropped(x):
        computed.append(("dropped", x))
        return x

    class Data:
        def select(self, *labels):
            return labels

    with monkeypatch.context() as patch:
        patch.setattr(cached, "dataset", lambda name="seer-breast": Data())
        patch.setattr(survival.words.explanation, "explain",
                      lambda data, selection, figure, lived: computed.append(selection) or len(computed))
        housekeeping.release()  # nothing left from an earlier run of this test
        key = ("release test", "all ages", "2000-2004", None, 0)
        assert cached.explanation(*key) == cached.explanation(*key) == 1  # the second from the cache
        assert kept(5) == kept(5) == dropped(5) == dropped(5) == 5
        assert computed == [key[:3], ("kept", 5), ("dropped", 5)]
        housekeeping.release()
        assert cached.explanation(*key) == 4  # made again
        assert kept(5) == dropped(5) == 5
        assert computed == [key[:3], ("kept", 5), ("dropped", 5), key[:3], ("dropped", 5)]
    assert cached.dataset() is data and cached.choices() is choices  # not read again


def test_a_page_marking_its_caches_on_every_run_is_kept_once():
    before = dict(housekeeping._droppable)
    try:
        for _ in range(3):  # as a page script defines its functions again on every run
            def again():
                pass
            again.clear = lambda: None
            housekeeping.droppable(again)
        assert len(housekeeping._droppable) == len(before) + 1
    finally:
        housekeeping._droppable.clear()
        housekeeping._droppable.update(before)


#: The cached functions not emptied when the server is quiet, and why.
KEPT = {
    ("ui/cached.py", "dataset"): "the bundled data, the same for everyone",
    ("ui/cached.py", "choices"): "its labels",
    ("ui/cached_upload.py", "load"): "an upload as read: seconds of work for a large file",
    ("ui/pages/learn.py", "example"): "the teaching example, a few rows",
    ("ui/pages/learn.py", "gbsg2"): "GBSG2 read and fitted, one entry",
}


def test_every_cache_is_emptied_when_quiet_or_kept_for_a_reason():
    root = Path(__file__).resolve().parents[1]
    found = {}
    for path in sorted((root / "ui").rglob("*.py")) + [root / "app.py"]:
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if line.startswith(("@st.cache_data", "@st.cache_resource")):
                name = next(x for x in lines[i + 1:] if x.startswith("def ")).split("(")[0][4:]
                found[(path.relative_to(root).as_posix(), name)] = lines[i - 1] == "@housekeeping.droppable"
    kept = {key for key, marked in found.items() if not marked}
    assert kept == set(KEPT)
    assert sum(found.values()) >= 14  # charts, files, explanations and estimates of every page


def test_the_loop_goes_on_tidying_when_emptying_the_caches_fails(monkeypatch, caplog):
    def release():
        raise OSError("a cache could not be emptied")

    tidied, _ = _run_loop(monkeypatch, 1070, release=release)
    assert tidied == [1003.0, 1033.0, 1058.0]  # tidied as ever, the failure in the log
    assert "emptying the caches failed" in caplog.text and "could not be emptied" in caplog.text


def _closed_pages_with_a_file(ttl: int, pages: int = 1):
    """Streamlit's own session manager, each of whose ``pages`` uploaded a file and closed; the manager,
    its store of uploaded files and the session ids. Call on an event loop, as Streamlit makes sessions."""
    from streamlit.runtime.memory_session_storage import MemorySessionStorage
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.script_data import ScriptData
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    class Page:  # the browser's end of the websocket
        def write_forward_msg(self, msg):
            pass

    files = MemoryUploadedFileManager("/_stcore/upload_file")
    manager = WebsocketSessionManager(MemorySessionStorage(ttl_seconds=ttl), files, ScriptCache(), None)
    sessions = [manager.connect_session(Page(), ScriptData("app.py", False), {}) for _ in range(pages)]
    for session in sessions:
        files.add_file(session, UploadedFileRec("f1", "rows.csv", "text/csv", b"1.5,1,Distant\n"))
        manager.disconnect_session(session)
    return manager, files, sessions


@pytest.mark.parametrize("ttl", [0, 600])
def test_a_closed_pages_session_and_its_files_go_once_its_time_to_reconnect_is_up(ttl):
    async def closed_then_reaped():
        manager, files, (session,) = _closed_pages_with_a_file(ttl)
        kept_by_streamlit = len(files.get_files(session, ["f1"]))
        return session, kept_by_streamlit, housekeeping.reap_sessions(manager), \
            files.get_files(session, ["f1"]), [info.session.id for info in manager._session_storage.list()]

    session, kept_by_streamlit, reaped, files_after, resumable = asyncio.run(closed_then_reaped())
    assert kept_by_streamlit == 1  # Streamlit alone keeps the file of an expired session
    if ttl == 0:  # its time is up: the session is shut down and its file forgotten
        assert (reaped, files_after) == (1, [])
    else:  # still time to reconnect: nothing changes
        assert reaped == 0 and len(files_after) == 1 and resumable == [session]


def test_a_session_that_fails_to_shut_down_does_not_keep_the_others(monkeypatch, caplog):
    from streamlit.runtime.app_session import AppSession

    shut_down = AppSession.shutdown

    async def reaped():
        # ten minutes to reconnect, then the clock moved on an hour (with no time at all, storing each
        # closing page would already remove the one before it)
        manager, files, sessions = _closed_pages_with_a_file(600, pages=3)
        manager._session_storage._cache._timer = lambda: time.monotonic() + 3600

        def shutdown(self):
            if self.id == sessions[0]:
                raise RuntimeError("a cache's shutdown hook failed")
            shut_down(self)

        monkeypatch.setattr(AppSession, "shutdown", shutdown)
        count = housekeeping.reap_sessions(manager)
        return count, [len(files.get_files(s, ["f1"])) for s in sessions]

    assert asyncio.run(reaped()) == (3, [1, 0, 0])
    assert "shutting down a closed page's session failed" in caplog.text


def test_the_housekeeping_thread_has_the_servers_event_loop_reap(monkeypatch):
    from streamlit.runtime import Runtime

    reaped_on = []
    reap = housekeeping.reap_sessions

    async def from_the_housekeeping_thread():
        manager, files, (session,) = _closed_pages_with_a_file(0)
        loop = asyncio.get_running_loop()
        runtime = SimpleNamespace(_session_mgr=manager, _get_async_objs=lambda: SimpleNamespace(eventloop=loop))
        monkeypatch.setattr(Runtime, "exists", staticmethod(lambda: True))
        monkeypatch.setattr(Runtime, "instance", staticmethod(lambda: runtime))
        monkeypatch.setattr(housekeeping, "reap_sessions",
                            lambda m: reaped_on.append(threading.current_thread()) or reap(m))
        await asyncio.to_thread(housekeeping._reap_on_server)
        await asyncio.sleep(0.1)  # the loop runs what was handed to it
        return files.get_files(session, ["f1"])

    assert asyncio.run(from_the_housekeeping_thread()) == []
    assert reaped_on == [threading.main_thread()]  # the loop's thread, not the housekeeping one


def test_without_a_server_there_is_nothing_to_reap():
    assert housekeeping._reap_on_server() is None  # tests run without Streamlit's runtime: no error either


def test_the_loop_stops_reaping_when_streamlit_is_not_what_it_expects(monkeypatch, caplog):
    tries = []

    def reap(error):
        tries.append(housekeeping.time.monotonic())
        raise error

    monkeypatch.setattr(housekeeping, "_reap_on_server", lambda: reap(AttributeError("_session_mgr")))
    tidied, _ = _run_loop(monkeypatch, 1010)
    assert tries == [1001.0] and tidied == [1003.0]  # tried once, logged once; tidying goes on
    assert caplog.text.count("closed pages' sessions cannot be forgotten here") == 1
    tries.clear()
    monkeypatch.setattr(housekeeping, "_reap_on_server", lambda: reap(RuntimeError("Event loop is closed")))
    _run_loop(monkeypatch, 1003)
    assert tries == [1001.0, 1002.0, 1003.0]  # anything else: tried again the next second
    assert caplog.text.count("forgetting the closed pages' sessions failed") == 3


def test_the_loop_reaps_every_second_quiet_or_not(monkeypatch):
    seconds = []
    monkeypatch.setattr(housekeeping, "_reap_on_server", lambda: seconds.append(housekeeping.time.monotonic()))
    monkeypatch.setattr(housekeeping, "_running", 1)  # a script run going on all along: never quiet
    assert _run_loop(monkeypatch, 1004) == ([], [])
    assert seconds == [1001.0, 1002.0, 1003.0, 1004.0]
