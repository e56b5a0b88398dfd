"""The server's memory, tidied while nobody is waiting: garbage collection and freed memory given back.

Streamlit's own ``runner.postScriptGC`` runs a full garbage collection after
every script run. It holds the interpreter lock while it scans every object,
so every other session's run waits, and under load that wait was about a
fifth of the server's time (``python -m benchmarks.load``). The config turns
it off; Python's own generational collector still runs as objects pile up
(less often once :func:`ui.cached.settle` has run), and this module does
the full collection, then asks the C allocator to hand freed pages back to
the system (glibc's ``malloc_trim``), only once no script has run for
``QUIET`` seconds, and again every ``EVERY`` seconds while it stays quiet, so
memory freed when idle sessions expire is handed back too.

Once no script has run for ``RELEASE`` seconds (nobody has changed anything
for a minute), it also empties the caches marked :func:`droppable`: charts,
explanations and estimates, each quick to make again (about 0.2 s for a new
selection on the landing page). They are bounded, but after a busy spell
they hold tens of megabytes that nobody is using. The bundled data, what was
read from each upload (seconds of work for a large file) and the teaching
examples stay.

Every second, whether quiet or not, it also has the server forget the
sessions of closed pages whose time to reconnect is up (:func:`reap_sessions`):
Streamlit keeps them, with their uploaded files, until it next stores a
session, which on a server everyone has left never happens.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

F = TypeVar("F", bound=Callable)

QUIET = 5.0  # seconds without a script run before tidying
EVERY = 30.0  # seconds between tidy-ups while the server stays quiet
RELEASE = 60.0  # seconds without a script run before the derived caches are dropped

_lock = threading.Lock()
_running = 0  # script runs in progress
_last = time.monotonic()  # when the last script run ended (or the process started)
_thread: threading.Thread | None = None
_droppable: dict[tuple[str, str], Callable] = {}  # (file, name) -> cached function


@contextlib.contextmanager
def script_run() -> Iterator[None]:
    """Mark a script run (the whole page) so tidying waits until the server is quiet."""
    global _running, _last
    _start()
    with _lock:
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            _last = time.monotonic()


def quiet_for(now: float | None = None) -> float:
    """Seconds since the last script run ended; 0 while one is running."""
    with _lock:
        return 0.0 if _running else (time.monotonic() if now is None else now) - _last


def tidy() -> int:
    """Collect garbage (all generations), then return freed heap pages to the system; objects freed."""
    freed = gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
    return freed


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none (macOS, Windows, musl)."""
    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)
    except (OSError, TypeError):
        return None


def due(quiet: float, since_tidied: float) -> bool:
    """Whether to tidy now, given seconds of quiet and seconds since the last tidy-up.

    Once as each quiet spell reaches ``QUIET`` seconds (the last tidy-up came
    before the spell began, so ``since_tidied > quiet``), then every ``EVERY``
    seconds while it lasts.
    """
    return quiet >= QUIET and since_tidied >= min(EVERY, quiet)


def release_due(quiet: float, since_released: float) -> bool:
    """Whether to drop the derived caches now: once per quiet spell, as it reaches ``RELEASE`` s."""
    return quiet >= RELEASE and since_released > quiet


def droppable(cached: F) -> F:
    """Mark a cached function (``st.cache_data`` or ``st.cache_resource``) for :func:`release`.

    For caches of what is quick to make again. Page scripts run again on
    every rerun and mark their functions again: each is kept once, by its
    file and name.
    """
    code = getattr(getattr(cached, "__wrapped__", cached), "__code__", None)
    with _lock:
        _droppable[(code.co_filename if code else "", cached.__qualname__)] = cached
    return cached


def release() -> None:
    """Empty every cache marked :func:`droppable`."""
    with _lock:
        marked = list(_droppable.values())
    for cached in marked:
        cached.clear()


def reap_sessions(manager: WebsocketSessionManager) -> int:
    """Remove the expired sessions of closed pages and shut them down; how many.

    When a page closes, Streamlit keeps its session, with the files it
    uploaded, for ``server.disconnectedSessionTTL`` seconds so that the page
    can reconnect. After that the session is expired, but Streamlit removes it
    only when it next stores a session (and its files go when the removed
    session is garbage collected). On a server everyone has left that never
    happens, and people's files stayed in memory. ``manager`` is Streamlit's
    session manager; call this on the server's event loop, where Streamlit
    itself uses the stored sessions (:func:`_reap_on_server`). A session that
    fails to shut down is logged; the others still are.
    """
    with manager._storage_lock:
        expired = manager._session_storage._cache.expire()
    for _, info in expired:
        _logged("shutting down a closed page's session", info.session.shutdown)
    return len(expired)


def _reap_on_server() -> None:
    """Have the running server's event loop call :func:`reap_sessions`; nothing while no server runs.

    Reaches into Streamlit's internals (1.67); raises AttributeError if they
    are not there. ``tests/test_housekeeping.py`` checks them against the
    installed Streamlit.
    """
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return
    runtime = Runtime.instance()
    manager = runtime._session_mgr
    _ = manager._storage_lock, manager._session_storage._cache.expire  # if missing, fail here
    runtime._get_async_objs().eventloop.call_soon_threadsafe(
        _logged, "forgetting the closed pages' sessions", lambda: reap_sessions(manager))


def _logged(what: str, job: Callable[[], object]) -> bool:
    """Run ``job``; log its exception (``what`` failed) instead of raising: whether it succeeded."""
    try:
        job()
    except Exception:  # noqa: BLE001 - whatever a cache or Streamlit does, tidying goes on
        logging.getLogger(__name__).exception("%s failed", what)
        return False
    return True


def _loop() -> None:
    tidied_at = released_at = float("-inf")
    reaping = True  # until Streamlit's internals turn out to be other than expected: one log line
    while True:
        time.sleep(1.0)
        if reaping:
            try:
                _reap_on_server()
            except AttributeError:  # not the Streamlit this was written for
                logging.getLogger(__name__).exception("closed pages' sessions cannot be forgotten here")
                reaping = False
            except Exception:  # noqa: BLE001 - a server starting or stopping: try again in a second
                logging.getLogger(__name__).exception("forgetting the closed pages' sessions failed")
        quiet, now = quiet_for(), time.monotonic()
        dropping = release_due(quiet, now - released_at)
        if dropping:
            released_at = now
            _logged("emptying the caches", release)
        if dropping or due(quiet, now - tidied_at):
            tidy()
            tidied_at = now


def _start() -> None:
    """Start the tidying thread once per process (a daemon: it never keeps the server alive)."""
    global _thread
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=_loop, name="survival-housekeeping", daemon=True)
            _thread.start()
