"""Uploads kept in memory by the web server as well as by the app.

Streamlit (1.67) receives an upload through Starlette, which parses the
multipart request into a ``SpooledTemporaryFile``: in memory up to
``MultiPartParser.spool_max_size`` (1 MB), then written out to a temporary
file on disk. A file of individual rows is often larger, so the server
would put people's data on disk, if briefly, before the app ever saw it.
:func:`keep_in_memory` raises that size to all that Streamlit lets through:
the upload limit, and the 1 MB it allows beyond it before it refuses a
request as it streams in. An upload in flight then takes about twice its
size in memory (the spooled copy, then the bytes read from it).
"""

from __future__ import annotations

STREAMING_MARGIN = 1024 * 1024  # bytes Streamlit lets a request run past the limit before refusing it


def keep_in_memory(limit_mb: float) -> None:
    """Let Starlette keep uploads of up to ``limit_mb`` MB (``server.maxUploadSize``) in memory.

    Idempotent and cheap: called on every script run, always before any
    upload (the uploader exists only once a run has drawn it). Does nothing
    where Streamlit is not served by a Starlette that spools this way.
    """
    try:
        from starlette.formparsers import MultiPartParser
    except ImportError:
        return
    needed = int(limit_mb * 1024 * 1024) + STREAMING_MARGIN
    if getattr(MultiPartParser, "spool_max_size", needed) < needed:
        MultiPartParser.spool_max_size = needed
