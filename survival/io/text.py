"""Reading input bytes and decoding them as text, the same way for every input kind."""

from __future__ import annotations

import os
import re
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
        For archives and spreadsheets (gzip, ZIP, Excel), NUL bytes (binary or
        UTF-16 without a BOM) or bytes no encoding accepts.
    """
    _refuse_packed(raw, source)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _decode_error(raw, error, source, "UTF-16") from None
        if "\x00" in text:  # UTF-32 read as UTF-16, or binary after a BOM
            raise _nul_error(text.count("\n", 0, text.index("\x00")) + 1, source)
        return text
    if b"\x00" in raw:
        raise _nul_error(raw.count(b"\n", 0, raw.index(b"\x00")) + 1, source)
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    try:
        return raw[bom:].decode("utf-8")
    except UnicodeDecodeError as error:
        # With a BOM, or most other accented letters written as UTF-8, the file is UTF-8 with a
        # damaged byte: read as cp1252, those letters would silently turn into 'Ã©'.
        if bom or _mostly_utf8(raw):
            raise _decode_error(raw, error, source, "UTF-8", offset=bom) from None
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as error:
        raise _decode_error(raw, error, source, "UTF-8 or cp1252") from None


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HIGH_BYTES = bytes(range(0x80, 0x100))


def _mostly_utf8(raw: bytes) -> bool:
    """Whether most bytes above 127 form UTF-8 characters (cp1252 text rarely does so by chance)."""
    high = len(raw) - len(raw.translate(None, _HIGH_BYTES))
    return sum(map(len, _UTF8_SEQUENCE.findall(raw))) > high / 2


#: Leading bytes of files that are packed, not text: (bytes, what the file is, how to fix).
PACKED = (
    (b"\x1f\x8b", "a gzip-compressed file (.gz)",
     "unpack it (for example with gunzip or 7-Zip) and choose the text file inside"),
    (b"PK\x03\x04", "a ZIP archive or an Excel workbook (.xlsx)",
     "save the sheet as CSV (in Excel: File > Save As > CSV UTF-8), or unzip the archive and choose "
     "the text file inside"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel workbook (.xls)",
     "save the sheet as CSV (in Excel: File > Save As > CSV UTF-8)"),
)


def _refuse_packed(raw: bytes, source: str) -> None:
    """Refuse archives and spreadsheets by their leading bytes, saying what they are."""
    for magic, what, fix in PACKED:
        if raw.startswith(magic):
            raise SurvivalDataError(f"The file is {what}, not plain text", f"file {source}", fix)


def _nul_error(line: int, source: str) -> SurvivalDataError:
    return SurvivalDataError(
        "The file holds NUL bytes, so it is not plain text (binary, or UTF-16 without a byte-order mark)",
        f"file {source}, line {line}",
        "choose the text file itself, saved as UTF-8")


def _decode_error(raw: bytes, error: UnicodeDecodeError, source: str, tried: str,
                  offset: int = 0) -> SurvivalDataError:
    start = error.start + offset
    line = raw.count(b"\n", 0, start) + 1
    return SurvivalDataError(
        f"Byte 0x{raw[start]:02x} at byte {start + 1} cannot be read as {tried} text",
        f"file {source}, line {line}",
        "save the file as UTF-8 text (or export it again); it may be damaged or not a text file")
