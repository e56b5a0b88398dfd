"""Read an upload into a table, with its warnings: pure, and safe to run in another process.

No Streamlit here. :mod:`ui.uploads` reads every upload in a short-lived
worker process (:func:`read_elsewhere`): reading a large file of individual
rows is seconds of work that would otherwise hold the interpreter lock and
slow every other session, and the memory it takes goes back to the system
when the worker exits. Bytes go to the worker through a pipe, never a file,
pickled straight into it (the server makes no copy of the upload); the
worker reads a file of individual rows a piece at a time, in place
(:func:`survival.io.individual_chunks.read_individual_chunks`), so besides
the upload itself it needs some tens of megabytes whatever the file's size.
The worker is a plain ``python -m ui.upload_read`` rather than a
``multiprocessing`` one: that would import the app's main script again in
the worker and leave a resource-tracker process running beside the server.
"""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from survival.errors import FragileEstimateWarning, SurvivalDataError

HEADER_BYTES = 64 * 1024  # enough for the header and the first rows of any table
_WORKERS = threading.BoundedSemaphore(2)  # large uploads read at once (each takes memory)
_ROOT = Path(__file__).resolve().parent.parent  # where ``-m ui.upload_read`` is found
WORKER = "ui.upload_read"  # the module the worker process runs
_RESULT = b"ui.upload_read result 1\n"  # the worker's reply starts with this, then the pickle
WHOLE_BYTES = 25 << 20  # larger uploads must be plain CSV files, read in parts (cell by cell takes ~10x)
PART_BYTES = 4 << 20  # an upload's rows read this much at a time (half the CLI's: the upload is held too)
WORKER_NICE = 10  # the worker's niceness above the server's: on a busy machine, other sessions go first


@dataclass(frozen=True)
class Upload:
    """What was uploaded, as a cache key: kind, names, SHA-256 of each file, reading options."""

    kind: str
    names: tuple[str, ...]
    digests: tuple[str, ...]
    duration: str = ""
    event: str = ""
    groups: tuple[str, ...] = ()
    unit: str = "years"


def read_recorded(key: Upload, contents: tuple[bytes, ...]) -> tuple[object, tuple[str, ...]]:
    """Read and validate an upload; the table and the FragileEstimateWarning messages it raised.

    Swaps the process-wide ``warnings`` hooks while reading: the caller makes
    sure one thread at a time does this (a worker process has one).
    """
    with recorded() as caught:
        data = _read(key, contents)
    return data, fragile(caught)


@contextmanager
def recorded() -> Iterator[list]:
    """Record every warning raised inside; yields the list.

    Swaps the process-wide ``warnings`` hooks: the caller makes sure one
    thread at a time is inside.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught


def read_elsewhere(key: Upload, contents: tuple[bytes, ...]) -> tuple[object, tuple[str, ...]]:
    """:func:`read_recorded` in a new Python process, which exits when done.

    The key and the bytes go to it pickled through its standard input (written
    as the worker reads them, so the server makes no copy of the upload), and
    the result (or the error) comes back through its standard output. Raises
    what the reader raised (a :class:`SurvivalDataError` keeps its what,
    where and fix), or RuntimeError if the process itself failed. At most two
    large uploads are read at once.
    """
    with _WORKERS:
        done = _run_worker(key, contents)
    if done.returncode != 0 or not done.stdout.startswith(_RESULT):
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"the reading process failed (exit code {done.returncode}): {detail[0]}")
    ok, value = pickle.loads(done.stdout[len(_RESULT) :])
    if not ok:
        raise value
    return value


def _run_worker(key: Upload, contents: tuple[bytes, ...]) -> subprocess.CompletedProcess:
    """Start the worker, write the upload to it from a thread, and collect its replies."""
    process = subprocess.Popen(
        [sys.executable, "-m", WORKER],
        cwd=_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    pipe, process.stdin = process.stdin, None  # the thread writes it; communicate() only reads
    writer = threading.Thread(target=_send, args=(pipe, key, contents), daemon=True)
    writer.start()
    stdout, stderr = process.communicate()
    writer.join()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def _send(pipe, key: Upload, contents: tuple[bytes, ...]) -> None:
    """Pickle the upload straight into the pipe (large bytes are written as they are, not copied)."""
    try:
        pickle.dump((key, contents), pipe, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:  # the worker ended early (it could not start): its exit code and stderr say why
        pass
    finally:
        try:
            pipe.close()
        except OSError:
            pass


def _worker() -> None:
    """The worker's side of :func:`read_elsewhere`: one upload in from stdin, its reading out to stdout.

    Only the reply goes to stdout: anything else written there (a print, a C
    library) is sent to stderr, so the server never unpickles stray bytes.
    The worker runs ``WORKER_NICE`` steps nicer than the server (where the
    system has niceness): its seconds of reading yield the processor to the
    server, so one upload does not slow everyone else's pages. On a busy
    machine the uploader waits longer in turn.
    """
    if hasattr(os, "nice"):
        os.nice(WORKER_NICE)
    reply = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    key, contents = pickle.load(sys.stdin.buffer)
    try:
        result = (True, read_recorded(key, contents))
    except Exception as err:  # noqa: BLE001 - raised again in the server, which decides what to show
        result = (False, err)
    reply.write(_RESULT + pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    reply.close()


def csv_header(name: str, content: bytes) -> list[str]:
    """The columns of a CSV file, read from its first rows (the whole file only if those fail)."""
    from survival.io.csv_cells import ROW, read_csv_cells

    head = content
    if len(content) > HEADER_BYTES:
        cut = content.rfind(b"\n", 0, HEADER_BYTES)
        head = content[: cut + 1] if cut > 0 else content
    try:
        frame, _ = read_csv_cells(head, name)
    except SurvivalDataError:
        if head is content:
            raise
        frame, _ = read_csv_cells(content, name)  # cut inside a quoted field, say: read it all
    return [c for c in frame.columns if c != ROW]


def fragile(caught: list) -> tuple[str, ...]:
    """The FragileEstimateWarning messages, each once, in order."""
    found = [str(w.message) for w in caught if issubclass(w.category, FragileEstimateWarning)]
    return tuple(dict.fromkeys(found))


def _named(name: str, content: bytes) -> io.BytesIO:
    """Content as an in-memory file that carries its name (for messages)."""
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def _read(key: Upload, contents: tuple[bytes, ...]):
    files = list(zip(key.names, contents))
    if key.kind == "seerstat":
        from survival.io.read import read_seerstat_lifetable

        dic, data = _pair_seerstat(files)
        return read_seerstat_lifetable(_named(*dic), _named(*data), name=dic[0])
    name, content = _one_csv(files)
    if key.kind == "lifetable":
        from survival.io.lifetable_csv import read_lifetable_csv

        return read_lifetable_csv(content, name=name)
    from survival.io.individual_chunks import read_individual_chunks

    return read_individual_chunks(
        content,
        duration=key.duration,
        event=key.event,
        group=list(key.groups),
        time_unit=key.unit,
        name=name,
        size=PART_BYTES,
        reread_up_to=WHOLE_BYTES,
        whole_up_to=WHOLE_BYTES,
    )


def _pair_seerstat(files: list[tuple[str, bytes]]) -> tuple[tuple[str, bytes], tuple[str, bytes]]:
    """The .dic and its data file among the uploads, or a plain error."""
    names = ", ".join(name for name, _ in files)
    dics = [f for f in files if f[0].lower().endswith(".dic")]
    data = [f for f in files if not f[0].lower().endswith(".dic")]
    if not dics:
        raise SurvivalDataError(
            "A SEER*Stat export needs its dictionary (.dic) file",
            f"uploaded: {names}",
            "upload the .dic together with the data file SEER*Stat saved with it (select both "
            "files at once); for a CSV file, choose the life-table or individual-rows kind above",
        )
    if len(dics) > 1 or len(data) > 1:
        raise SurvivalDataError(
            "Upload one SEER*Stat export at a time: one .dic and one data file",
            f"uploaded: {names}",
            "remove the extra files with the x next to each, then keep one .dic and its data file",
        )
    if not data:
        expected = _named_data_file(*dics[0])
        raise SurvivalDataError(
            "The dictionary (.dic) came without its data file",
            f"uploaded: {names}",
            f"upload the data file{expected} together with the .dic (select both files at once)",
        )
    return dics[0], data[0]


def _named_data_file(name: str, content: bytes) -> str:
    """ " (breast.txt)": the data file a .dic names, for the message; "" if it names none."""
    from survival.io.seerstat_dictionary import parse_dictionary
    from survival.io.text import decode_text

    try:
        wanted = parse_dictionary(decode_text(content, name), source=name).data_filename
    except SurvivalDataError:
        return ""
    return f" it names ({wanted})" if wanted else ""


def _one_csv(files: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    if len(files) != 1:
        raise SurvivalDataError(
            f"{len(files)} files were uploaded; a CSV table is read from one file",
            "uploaded: " + ", ".join(name for name, _ in files),
            "remove the extra files with the x next to each, or choose 'SEER*Stat export' above "
            "for a .dic and its data file",
        )
    name, content = files[0]
    if name.lower().endswith(".dic"):
        raise SurvivalDataError(
            "This is a SEER*Stat dictionary (.dic), not a CSV table",
            name,
            "choose 'SEER*Stat export' above and upload the .dic together with its data file",
        )
    return name, content


if __name__ == "__main__":
    _worker()
