"""The files of a SEER*Stat export: finding them, loading them (paths or in-memory uploads) and
unpacking gzip, each within a size limit checked before anything is read or unpacked past it."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from survival.errors import SurvivalDataError
from survival.io.seerstat_dictionary import SeerStatDictionary
from survival.io.text import file_size

_GZIP_MAGIC = b"\x1f\x8b"


def read_input(item, kind: str, default_name: str, limit: int) -> tuple[bytes, Path | None, str]:
    """Return (bytes, path or None, display name) for a path or in-memory content.

    ``item`` is a path (str or PathLike), bytes, text holding a line break, or
    an object with ``getvalue()`` or ``read()`` (an upload); ``kind`` is
    ``"dictionary"`` or ``"data"``, for messages.
    """
    if isinstance(item, (bytes, bytearray, memoryview)):
        return _within(bytes(item), kind, default_name, limit), None, default_name
    if hasattr(item, "getvalue") or hasattr(item, "read"):
        raw = item.getvalue() if hasattr(item, "getvalue") else item.read()
        raw = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
        name = Path(str(getattr(item, "name", "") or default_name)).name
        return _within(raw, kind, name, limit), None, name
    if isinstance(item, str) and ("\n" in item or "\r" in item):
        return _within(item.encode("utf-8"), kind, default_name, limit), None, default_name
    if not isinstance(item, (str, os.PathLike)):
        raise TypeError(f"expected a path, bytes or a file-like object, not {type(item).__name__}")
    path = Path(item)
    if not path.exists():
        what = "The data file was not found" if kind == "data" else "The dictionary (.dic) file was not found"
        raise SurvivalDataError(what, f"expected {path}", "check the path and the file name")
    if file_size(path) > limit:  # a folder or a pipe is named as such, never opened
        raise _larger(limit, path.name)
    return path.read_bytes(), path, path.name


def _within(raw: bytes, kind: str, name: str, limit: int) -> bytes:
    """In-memory content, a dictionary refused past ``limit`` bytes as a file of that size would be
    (a data file's size is checked as it is unpacked, by :func:`unpack_bytes`)."""
    if kind == "dictionary" and len(raw) > limit:
        raise _larger(limit, name)
    return raw


def _larger(limit: int, name: str) -> SurvivalDataError:
    return SurvivalDataError(
        f"The file is larger than {limit // 2**20} MB, the most this reader accepts",
        f"file {name}",
        "export fewer groups or intervals, or split the export",
    )


def find_data_file(dic_path: Path, d: SeerStatDictionary) -> Path:
    """The data file beside the .dic: the name it gives, else its stem + .txt/.txt.gz/.gz."""
    folder = dic_path.parent
    names = [d.data_filename] if d.data_filename else []
    names += [dic_path.stem + ext for ext in (".txt", ".txt.gz", ".gz")]
    present = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    for candidate in names:
        if (folder / candidate).is_file():
            return folder / candidate
        if candidate.lower() in present:
            return present[candidate.lower()]
    raise SurvivalDataError(
        f"The data file was not found beside the dictionary {dic_path.name}",
        f"expected {folder / names[0]}",
        f"put the data file SEER*Stat exported with it ({names[0]}) in the same folder, or pass data=...",
    )


def unpack_bytes(raw: bytes, gzipped: bool, source: str, limit: int) -> bytes:
    """Return the file's bytes, decompressed if gzip, refusing more than ``limit`` bytes.

    Gzip is recognised by its magic bytes whether or not the .dic declares it;
    a file declared gzipped that is plain text (already unpacked) is read as is.
    """
    if raw.startswith(b"PK\x03\x04"):
        raise SurvivalDataError(
            "The data file is a ZIP archive, not a SEER*Stat text export",
            f"file {source}",
            "unzip it and upload the .txt (or .gz) inside",
        )
    if raw.startswith(_GZIP_MAGIC):
        return _gunzip(raw, source, limit)
    if len(raw) > limit:
        raise _too_big(source, limit)
    return raw


def _gunzip(raw: bytes, source: str, limit: int) -> bytes:
    """Stream-decompress (all members of) a gzip file, stopping past ``limit`` bytes.

    Zero bytes after the last member (padding) are ignored, as gzip does; other bytes are refused.
    """
    out = bytearray()
    pending = raw
    try:
        while pending:
            inflater = zlib.decompressobj(wbits=31)
            while True:
                out += inflater.decompress(pending, limit + 1 - len(out))
                if len(out) > limit:
                    raise _too_big(source, limit)
                pending = inflater.unconsumed_tail
                if inflater.eof or not pending:
                    break
            if not inflater.eof:
                raise SurvivalDataError(
                    "The gzip data file ends early: it is truncated",
                    f"file {source}",
                    "download or copy the .gz file again",
                )
            pending = inflater.unused_data  # another member, zero padding or something else
            if pending.strip(b"\x00") and not pending.startswith(_GZIP_MAGIC):
                raise SurvivalDataError(
                    f"The gzip data file has {len(pending)} unexpected bytes after its end",
                    f"file {source}",
                    "download or copy the .gz file again",
                )
            pending = pending if pending.startswith(_GZIP_MAGIC) else b""
    except zlib.error:
        raise SurvivalDataError(
            "The gzip data file is damaged: it cannot be unpacked",
            f"file {source}",
            "download or copy the .gz file again, or upload the unpacked .txt",
        ) from None
    return bytes(out)


def _too_big(source: str, limit: int) -> SurvivalDataError:
    return SurvivalDataError(
        f"The data file is larger than {limit // (1024 * 1024)} MB of text, the most this reader accepts",
        f"file {source}",
        "export fewer groups or intervals from SEER*Stat, or split the export",
    )
