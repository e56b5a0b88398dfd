"""Reading input bytes and decoding them as text, the same way for every input kind."""

from __future__ import annotations

import os
from pathlib import Path

from survival.errors import SurvivalDataError


def source_name(source) -> str:
    """A display name for a path or an in-memory file."""
    if isinstance(source, (str, os.PathLike)):
        return Path(source).name
    return getattr(source, "name", None) or "the uploaded file"


def read_bytes(source) -> bytes:
    """The raw bytes of a path, bytes object or binary file-like object."""
    if isinstance(source, (bytes, bytearray)):
        return bytes(source)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise SurvivalDataError(f"There is no file {path}", str(path),
                                    "check the path and the file name")
        return path.read_bytes()
    data = source.read()
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def decode_text(raw: bytes, source: str) -> str:
    """Decode a text file: UTF-16 with a BOM, else UTF-8 (BOM optional), else cp1252.

    Raises
    ------
    SurvivalDataError
        For NUL bytes (binary or UTF-16 without a BOM) or bytes no encoding accepts.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _decode_error(raw, error, source, "UTF-16") from None
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        raise SurvivalDataError(
            "The file holds NUL bytes, so it is not plain text (binary, or UTF-16 without a byte-order mark)",
            f"file {source}, line {line}",
            "choose the text file itself, saved as UTF-8")
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    try:
        return raw[bom:].decode("utf-8")
    except UnicodeDecodeError as error:
        if bom:
            raise _decode_error(raw, error, source, "UTF-8", offset=bom) from None
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as error:
        raise _decode_error(raw, error, source, "UTF-8 or cp1252") from None


def _decode_error(raw: bytes, error: UnicodeDecodeError, source: str, tried: str,
                  offset: int = 0) -> SurvivalDataError:
    start = error.start + offset
    line = raw.count(b"\n", 0, start) + 1
    return SurvivalDataError(
        f"Byte 0x{raw[start]:02x} at byte {start + 1} cannot be read as {tried} text",
        f"file {source}, line {line}",
        "save the file as UTF-8 text (or export it again); it may be damaged or not a text file")
