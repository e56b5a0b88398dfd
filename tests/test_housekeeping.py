"""Tests for ui.housekeeping: garbage collected and memory handed back only while the server is quiet."""

from __future__ import annotations

import threading

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
    clock, tidied = [1000.0], []

    class Stop(Exception):
        pass

    def sleep(seconds):
        clock[0] += seconds
        if clock[0] > 1040:
            raise Stop

    monkeypatch.setattr(housekeeping.time, "sleep", sleep)
    monkeypatch.setattr(housekeeping.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(housekeeping, "_last", 998.0)
    monkeypatch.setattr(housekeeping, "tidy", lambda: tidied.append(clock[0]))
    with pytest.raises(Stop):
        started[0]["target"]()
    assert tidied == [1003.0, 1033.0]  # quiet for 5 s at 1003, then every 30 s


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
    clock, tidied, released = [1000.0], [], []

    class Stop(Exception):
        pass

    def sleep(seconds):
        clock[0] += seconds
        if clock[0] > 1100:
            raise Stop

    monkeypatch.setattr(housekeeping.time, "sleep", sleep)
    monkeypatch.setattr(housekeeping.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(housekeeping, "_last", 998.0)
    monkeypatch.setattr(housekeeping, "tidy", lambda: tidied.append(clock[0]))
    monkeypatch.setattr(housekeeping, "release", lambda: released.append(clock[0]))
    with pytest.raises(Stop):
        housekeeping._loop()
    assert released == [1058.0]  # quiet for 60 s
    assert tidied == [1003.0, 1033.0, 1058.0, 1088.0]  # and tidied at once, then every 30 s again


def test_release_drops_what_is_derived_and_keeps_the_bundled_data(monkeypatch):
    import streamlit as st

    import survival.explanation
    from ui import cached

    data, choices = cached.dataset(), cached.choices()
    computed = []

    @st.cache_data
    def derived(x):
        computed.append(x)
        return x

    class Data:
        def select(self, *labels):
            return labels

    with monkeypatch.context() as patch:
        patch.setattr(cached, "dataset", lambda name="seer-breast": Data())
        patch.setattr(survival.explanation, "explain",
                      lambda data, selection, figure, lived: computed.append(selection) or len(computed))
        key = ("release test", "all ages", "2000-2004", None, 0)
        assert cached.explanation(*key) == cached.explanation(*key) == 1  # the second from the cache
        assert derived(5) == derived(5) == 5 and computed == [key[:3], 5]
        housekeeping.release()
        assert cached.explanation(*key) == 3  # made again
        assert derived(5) == 5 and computed == [key[:3], 5, key[:3], 5]
    assert cached.dataset() is data and cached.choices() is choices  # not read again
