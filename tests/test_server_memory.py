"""The server's environment: the README starts it as the benchmarks measure it, and the setting works.

``MALLOC_ARENA_MAX=2`` keeps glibc's malloc to two heaps for all the
server's threads (Streamlit runs each script run in a thread of its own),
so memory freed after a busy spell can go back to the system
(``python -m benchmarks.load``).
"""

from __future__ import annotations

import ctypes
import os
import re
import subprocess
import sys

import pytest
from test_project import setup_commands

from benchmarks.app import SERVER_ENV

GLIBC = hasattr(ctypes.CDLL(None), "malloc_stats") and hasattr(ctypes.CDLL(None), "malloc_trim")

#: Eight threads each malloc while all are alive; then glibc's malloc_stats prints each heap ("Arena N:").
THREAD_HEAPS = r"""
import ctypes, threading
ready, keep = threading.Barrier(9), []
def work():  # bytes over 512 are not Python's small objects: malloc serves them from the thread's heap
    keep.append([bytes(4096) for _ in range(50)])
    ready.wait()
    ready.wait()
threads = [threading.Thread(target=work) for _ in range(8)]
for t in threads:
    t.start()
ready.wait()
ctypes.CDLL(None).malloc_stats()
ready.wait()
"""
#: What else could change malloc's heaps in the test's environment
OTHER_ALLOCATORS = ("MALLOC_ARENA_MAX", "GLIBC_TUNABLES", "LD_PRELOAD", "PYTHONMALLOC")


def test_the_readme_starts_the_server_as_the_benchmarks_and_the_browser_test_do():
    start = setup_commands()[0]
    settings = " ".join(f"{name}={value}" for name, value in SERVER_ENV.items())
    assert start.endswith(f"&& {settings} .venv/bin/streamlit run app.py")


@pytest.mark.skipif(not GLIBC, reason="glibc's malloc on Linux only")
def test_the_setting_keeps_malloc_to_two_heaps_for_all_threads():
    def heaps(env: dict) -> int:
        done = subprocess.run(
            [sys.executable, "-c", THREAD_HEAPS],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return len(re.findall(r"^Arena \d+:$", done.stderr, re.MULTILINE))

    plain = {k: v for k, v in os.environ.items() if k not in OTHER_ALLOCATORS}
    assert heaps(plain) >= 5  # as glibc comes: the main heap and one for each thread, up to 8 per core
    assert heaps({**plain, **SERVER_ENV}) <= int(SERVER_ENV["MALLOC_ARENA_MAX"])
