"""Reading input bytes and decoding them as text, the same way for every input kind."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from survival.errors import SurvivalDataError, shown

#: The largest CSV file, in bytes, that the CSV readers read (checked before reading).
MAX_CSV_BYTES = 200 * 1024 * 1024


def source_name(source) -> str:
    """A display name for a path or an in-memory file."""
    if isinstance(source, (str, os.PathLike)):
        return Path(source).name
    return getattr(source, "name", None) or "the uploaded file"


def file_size(path: Path, missing: str | None = None) -> int:
    """The size in bytes of a regular file, or a :class:`SurvivalDataError` saying what the path is.

    A folder, a named pipe (FIFO), a device or a socket is named as such; the
    path is never opened, so a pipe cannot block. ``missing`` replaces the
    message for a path where nothing exists.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise SurvivalDataError(
            missing or f"There is no file {path}", str(path), "check the path and the file name"
        ) from None
    except OSError as err:
        raise SurvivalDataError(
            f"The file {path} cannot be opened ({err.strerror or 'not readable'})",
            str(path),
            "check the path, and that you may read the file",
        ) from None
    if stat.S_ISREG(mode):
        return path.stat().st_size
    what = (
        "a folder"
        if stat.S_ISDIR(mode)
        else "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a device or a socket"
    )
    raise SurvivalDataError(
        f"{shown(path.name, 80)} is {what}, not a file",
        str(path),
        "give the path of the data file itself (for a folder, the file inside it)",
    )


def too_large(size: int, limit: int, name: str) -> SurvivalDataError:
    """The refusal of a file over ``limit`` bytes."""
    return SurvivalDataError(
        f"The file is {size / 1e6:.0f} MB, more than the {limit / 1e6:.0f} MB limit",
        name,
        "split the file, or aggregate it into a life table first",
    )


def read_bytes(source, limit: int | None = None) -> bytes:
    """The raw bytes of a path, bytes object or binary file-like object.

    With ``limit``, a file over ``limit`` bytes is refused before it is read
    (a path's size is looked up, an upload's measured without copying it).
    """
    name = source_name(source)
    if isinstance(source, (bytes, bytearray)):
        if limit is not None and len(source) > limit:
            raise too_large(len(source), limit, name)
        return bytes(source)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        on_disk = file_size(path)
        if limit is not None and on_disk > limit:
            raise too_large(on_disk, limit, name)
        return path.read_bytes()
    measured = _upload_size(source)
    if limit is not None and measured is not None and measured > limit:
        raise too_large(measured, limit, name)
    data = source.read() if limit is None else source.read(limit + 1)
    data = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if limit is not None and len(data) > limit:
        raise too_large(len(data), limit, name)
    return data


def _upload_size(source) -> int | None:
    """The bytes left to read in a file-like object, when it can say so without reading them."""
    if hasattr(source, "getbuffer"):
        return source.getbuffer().nbytes - source.tell()
    try:
        here = source.tell()
        end = source.seek(0, os.SEEK_END)
        source.seek(here)
    except (AttributeError, OSError, ValueError):
        return None
    return end - here


def decode_text(raw: bytes, source: str) -> str:
    """Decode a text file: UTF-16 with a BOM, else UTF-8 (BOM optional), else cp1252.

    A file that is not UTF-8 is read as cp1252 unless it looks like UTF-8
    with a damaged byte (see :func:`_damaged_utf8`).

    Raises
    ------
    SurvivalDataError
        For archives and spreadsheets (gzip, ZIP, Excel), NUL bytes (binary or
        UTF-16 without a BOM), damaged UTF-8 or bytes no encoding accepts.
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
        if bom or _damaged_utf8(raw):
            raise _decode_error(raw, error, source, "UTF-8", offset=bom) from None
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as error:
        raise _decode_error(raw, error, source, "UTF-8 or cp1252") from None


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HIGH_BYTES = bytes(range(0x80, 0x100))
# A byte that starts a two-byte UTF-8 character (read as cp1252: an upper-case letter such as Ã or Â)
# right after a lower-case letter: 'cafÃ' is 'café' whose second byte was lost, never cp1252 text.
_CUT_CHARACTER = re.compile(rb"[a-z\xdf-\xf6\xf8-\xff][\xc2-\xd6\xd8-\xde](?![\x80-\xbf])")


def _damaged_utf8(raw: bytes) -> bool:
    """Whether bytes that are not UTF-8 look like UTF-8 with a damaged byte rather than cp1252.

    Two signs: most bytes above 127 form UTF-8 characters (cp1252 text rarely
    does so by chance; read as cp1252, those letters would silently turn into
    'Ã©'), or a byte that starts a UTF-8 character, cut short, follows a
    lower-case letter ('cafÃ').
    """
    high = len(raw) - len(raw.translate(None, _HIGH_BYTES))
    return sum(map(len, _UTF8_SEQUENCE.findall(raw))) > high / 2 or bool(_CUT_CHARACTER.search(raw))


#: Leading bytes of files that are packed, not text: (bytes, what the file is, how to fix).
PACKED = (
    (
        b"\x1f\x8b",
        "a gzip-compressed file (.gz)",
        "unpack it (for example with gunzip or 7-Zip) and choose the text file inside",
    ),
    (
        b"PK\x03\x04",
        "a ZIP archive or an Excel workbook (.xlsx)",
        "save the sheet as CSV (in Excel: File > Save As > CSV UTF-8), or unzip the archive and choose "
        "the text file inside",
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Excel workbook (.xls)",
        "save the sheet as CSV (in Excel: File > Save As > CSV UTF-8)",
    ),
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
        "choose the text file itself, saved as UTF-8",
    )


def _decode_error(
    raw: bytes, error: UnicodeDecodeError, source: str, tried: str, offset: int = 0
) -> SurvivalDataError:
    start = error.start + offset
    line = raw.count(b"\n", 0, start) + 1
    return SurvivalDataError(
        f"Byte 0x{raw[start]:02x} at byte {start + 1} cannot be read as {tried} text",
        f"file {source}, line {line}",
        "save the file as UTF-8 text (or export it again); it may be damaged or not a text file",
    )
