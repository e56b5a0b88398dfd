"""The server's environment: the README starts it as the benchmarks measure it, and the setting works.

``MALLOC_ARENA_MAX=2`` keeps glibc's malloc to two heaps for all the
server's threads (Streamlit runs each script run in a thread of its own),
so memory freed after a busy spell can go back to the system
(``python -m benchmarks.load``).
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_project import setup_commands

from benchmarks.app import SERVER_ENV

GLIBC = Path("/proc/self/maps").exists() and hasattr(ctypes.CDLL(None), "malloc_trim")

#: Eight threads each malloc while all are alive; prints how many thread heaps glibc made.
THREAD_HEAPS = r"""
import threading
ready, keep = threading.Barrier(9), []
def work():  # bytes over 512 are not Python's small objects: malloc serves them from the thread's heap
    keep.append([bytes(4096) for _ in range(50)])
    ready.wait()
    ready.wait()
threads = [threading.Thread(target=work) for _ in range(8)]
for t in threads:
    t.start()
ready.wait()
maps = [line.split() for line in open("/proc/self/maps")]
heaps = 0  # a thread heap: 64 MiB reserved, aligned to 64 MiB, the part not yet used inaccessible
for here, after in zip(maps, maps[1:]):
    if len(here) == len(after) == 5 and here[1].startswith("rw") and after[1].startswith("---"):
        start, end = (int(x, 16) for x in here[0].split("-"))
        next_start, next_end = (int(x, 16) for x in after[0].split("-"))
        heaps += start % 2**26 == 0 and next_start == end and next_end - start == 2**26
ready.wait()
print(heaps)
"""


def test_the_readme_starts_the_server_as_the_benchmarks_and_the_browser_test_do():
    start = setup_commands()[0]
    settings = " ".join(f"{name}={value}" for name, value in SERVER_ENV.items())
    assert start.endswith(f"&& {settings} .venv/bin/streamlit run app.py")


@pytest.mark.skipif(not GLIBC, reason="glibc's malloc on Linux only")
def test_the_setting_keeps_malloc_to_two_heaps_for_all_threads():
    def thread_heaps(env: dict) -> int:
        done = subprocess.run([sys.executable, "-c", THREAD_HEAPS], env=env, capture_output=True, text=True,
                              timeout=60, check=True)
        return int(done.stdout)

    plain = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    assert thread_heaps(plain) >= 4  # as glibc comes: a heap for each thread, up to 8 per core
    assert thread_heaps({**plain, **SERVER_ENV}) <= int(SERVER_ENV["MALLOC_ARENA_MAX"]) - 1  # and the main one
