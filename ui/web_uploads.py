"""The one workaround of an upstream behaviour: uploads kept in memory by the web server too.

Why: Streamlit (1.67) receives an upload through Starlette, which parses the
multipart request into a ``SpooledTemporaryFile``: in memory up to
``MultiPartParser.spool_max_size`` (1 MB), then written to a temporary file
on disk. A file of individual rows is often larger, so the server would put
people's data on disk, if briefly, before the app ever saw it, breaking the
promise that uploads stay in memory. Streamlit has no public setting for
this. :func:`keep_in_memory` raises that class attribute, once per process,
to all that Streamlit lets through: the upload limit and the 1 MB it allows
beyond it before refusing a request as it streams in.

It is gated on the versions it was checked with (:data:`CHECKED`):
``tests/test_web_uploads.py`` fails loudly when the installed Streamlit or
Starlette is outside them or the attribute is gone, and at run time an
unchecked version logs one warning and leaves Starlette alone.
"""

from __future__ import annotations

import logging
from importlib.metadata import version

try:
    from starlette.formparsers import MultiPartParser
except ImportError:  # pragma: no cover - Streamlit serves through Starlette
    MultiPartParser = None

STREAMING_MARGIN = 1024 * 1024  # bytes Streamlit lets a request run past the limit before refusing it
#: (package, lowest major.minor checked, first major.minor not checked)
CHECKED = (("streamlit", (1, 54), (2, 0)), ("starlette", (0, 40), (2, 0)))
_log = logging.getLogger(__name__)


def checked_versions() -> bool:
    """Whether the installed Streamlit and Starlette are versions this workaround was checked with."""
    for package, low, high in CHECKED:
        try:
            major_minor = tuple(int(p) for p in version(package).split(".")[:2])
        except (ValueError, ImportError):
            return False
        if not low <= major_minor < high:
            return False
    return True


def keep_in_memory(limit_mb: float) -> bool:
    """Let Starlette keep uploads of up to ``limit_mb`` MB (``server.maxUploadSize``) in memory.

    Writes the attribute only while it is lower than needed (in practice once per process, on
    the first run); returns whether the setting is in place.
    """
    needed = int(limit_mb * 1024 * 1024) + STREAMING_MARGIN
    if MultiPartParser is None:
        return False
    if not checked_versions() or not hasattr(MultiPartParser, "spool_max_size"):
        _log.warning(
            "ui.web_uploads: Streamlit or Starlette is a version this app was not checked "
            "with; large uploads may be spooled to a temporary file"
        )
        return False
    if MultiPartParser.spool_max_size < needed:
        MultiPartParser.spool_max_size = needed
    return True
