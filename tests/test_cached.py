"""ui/cached.py: the process settles once before the first chart."""

from __future__ import annotations

import gc
import threading

from ui import cached


def test_settle_freezes_what_stays_and_collects_young_objects_less_often(monkeypatch):
    # As in a new process: another test may have settled this one already.
    monkeypatch.setattr(cached, "_SETTLED", threading.Event())
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)  # Python's own
    try:
        cached.settle()
        assert gc.get_threshold() == cached.GC_THRESHOLDS == (10_000, 5, 20)
        assert gc.get_freeze_count() > 0  # the modules and the bundled data are out of the collector's sight
        assert cached._SETTLED.is_set()
    finally:
        gc.set_threshold(*before)  # what the test run had before
