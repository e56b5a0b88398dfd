"""Uploads kept in memory by the web server as well as by the app.

Streamlit (1.67) receives an upload through Starlette, which parses the
multipart request into a ``SpooledTemporaryFile``: in memory up to
``MultiPartParser.spool_max_size`` (1 MB), then written out to a temporary
file on disk. A file of individual rows is often larger, so the server
would put people's data on disk, if briefly, before the app ever saw it.
:func:`keep_in_memory` raises that size to the upload limit, so every
upload the server accepts stays in memory; Streamlit refuses larger ones
while they stream in, so memory per upload is bounded by the same limit.
"""

from __future__ import annotations

MULTIPART_MARGIN = 64 * 1024  # bytes of multipart framing around the file itself


def keep_in_memory(limit_mb: float) -> None:
    """Let Starlette keep uploads of up to ``limit_mb`` MB (``server.maxUploadSize``) in memory.

    Idempotent and cheap: called on every script run, always before any
    upload (the uploader exists only once a run has drawn it). Does nothing
    where Streamlit is not served by Starlette.
    """
    try:
        from starlette.formparsers import MultiPartParser
    except ImportError:
        return
    needed = int(limit_mb * 1024 * 1024) + MULTIPART_MARGIN
    if MultiPartParser.spool_max_size < needed:
        MultiPartParser.spool_max_size = needed
