"""Tests for the pure parts of benchmarks/load.py (the load run itself is a benchmark, never a test)."""

from __future__ import annotations

import shutil

from benchmarks import load

LOG = """\
  You can now view your Streamlit app in your browser.
Traceback (most recent call last):
  File "app.py", line 3, in <module>
    main()
AttributeError: 'NoneType' object has no attribute 'session_id'
2026-11-25 14:03:08 WARNING something
Traceback (most recent call last):
  File "x.py", line 1
    raise KeyError(1)
KeyError: 1
"""


def test_tracebacks_gives_the_exception_line_of_each():
    assert load.tracebacks(LOG) == [
        "AttributeError: 'NoneType' object has no attribute 'session_id'",
        "KeyError: 1",
    ]
    assert load.tracebacks("no problems here\n") == []
    assert load.tracebacks("Traceback (most recent call last):\n  File 'a'\n") == ["(no exception line)"]


def test_memory_report_lists_the_idle_samples_and_judges_against_the_warm_server():
    memory = {"start": 54.0, "warm": 250.0, "peak": 480.0, "after": 290.0}
    text = load.report_memory(memory, 120, [(30, 320.0), (60, 300.0), (90, 295.0)])
    assert "While idle: 320 MB after 30 s, 300 MB after 60 s, 295 MB after 90 s, 290 MB after 120 s." in text
    assert "1.16 x the warm server's 250 MB (goal within 20%: met)" in text
    assert "Peak 480 MB (goal under 1024 MB: met)" in text
    worse = load.report_memory({**memory, "after": 301.0}, 120)
    assert "goal within 20%: missed" in worse and "While idle" not in worse


def test_browsers_run_niced_and_idle_class(tmp_path):
    assert load._niced(tmp_path, 0) == load.CHROMIUM
    wrapper = (tmp_path / "chromium").read_text() if load._niced(tmp_path, 19) else ""
    idle = "chrt --idle 0 " if shutil.which("chrt") else ""
    assert wrapper == f'#!/bin/sh\nexec {idle}nice -n 19 {load.CHROMIUM} "$@"\n'


def test_roles_have_one_uploader_and_a_mix():
    assert load.roles(10) == [
        "uploader",
        "patient",
        "educator",
        "patient",
        "learner",
        "patient",
        "patient",
        "educator",
        "patient",
        "learner",
    ]


def test_rerun_table_groups_each_sessions_timeline_by_action():
    a, b = load.Session("patient 1", "patient"), load.Session("patient 2", "patient")
    a.timeline = [
        load.Rerun(1.0, "landing: stage", 0.2, (0.05, 0.1, 0.05)),
        load.Rerun(2.0, "landing: age", 0.4, (0.1, 0.2, 0.1)),
    ]
    b.timeline = [load.Rerun(1.5, "landing: stage", 0.6, (0.1, 0.3, 0.2))]
    text = load.report_reruns([a, b])
    assert f"| all reruns: {load.PARTS[0]} | 3 | 100 | 100 | 100 |" in text  # the parts in their order
    assert f"| all reruns: {load.PARTS[1]} | 3 | 200 | 300 | 300 |" in text
    assert f"| all reruns: {load.PARTS[2]} | 3 | 100 | 200 | 200 |" in text
    assert "| landing: age | 1 | 400 | 400 | 400 |" in text
    assert "| landing: stage | 2 | 200 | 600 | 600 |" in text
    assert "| all reruns | 3 | 400 | 600 | 600 |" in text


def test_rerun_table_takes_the_first_minute_apart_when_told_when_sessions_began():
    a = load.Session("patient 1", "patient")
    a.timeline = [
        load.Rerun(100.0, "landing: stage", 0.9, (0.1, 0.7, 0.1)),
        load.Rerun(100.0 + load.ARRIVING - 0.001, "landing: age", 0.8, (0.1, 0.6, 0.1)),
        load.Rerun(100.0 + load.ARRIVING, "landing: age", 0.3, (0.1, 0.1, 0.1)),
    ]
    text = load.report_reruns([a], began=100.0)
    assert "| all reruns, first 60 s | 2 | 800 | 900 | 900 |" in text
    assert "| all reruns, after the first 60 s | 1 | 300 | 300 | 300 |" in text
    assert "| all reruns, first" not in load.report_reruns([a])
    late_only = load.report_reruns([a], began=0.0)
    assert "| all reruns, after the first 60 s | 3 |" in late_only and "| all reruns, first" not in late_only
