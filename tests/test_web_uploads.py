"""ui/web_uploads.py: the one workaround of Streamlit's internals, checked against the installed versions.

These tests fail loudly when Streamlit or Starlette changes the behaviour the workaround relies on
(see the module's docstring); then revisit it rather than widening the version range.
"""

from __future__ import annotations

from importlib.metadata import version

from ui import web_uploads


def test_the_installed_streamlit_and_starlette_are_versions_the_workaround_was_checked_with():
    installed = {package: version(package) for package, _, _ in web_uploads.CHECKED}
    assert web_uploads.checked_versions(), f"check ui/web_uploads.py against {installed}"


def test_starlette_still_spools_uploads_through_the_class_attribute_the_workaround_raises():
    from starlette.formparsers import MultiPartParser

    assert isinstance(MultiPartParser.spool_max_size, int)
    assert web_uploads.MultiPartParser is MultiPartParser


def test_streamlits_streaming_margin_is_the_one_the_workaround_allows_for():
    from streamlit.web.server.starlette.starlette_routes import _MAX_UPLOAD_MULTIPART_OVERHEAD_BYTES

    assert web_uploads.STREAMING_MARGIN == _MAX_UPLOAD_MULTIPART_OVERHEAD_BYTES


def test_an_unchecked_version_leaves_starlette_alone_and_says_so(monkeypatch, caplog):
    from starlette.formparsers import MultiPartParser

    monkeypatch.setattr(MultiPartParser, "spool_max_size", 1024 * 1024)
    monkeypatch.setattr(web_uploads, "CHECKED", (("streamlit", (0, 1), (0, 2)),))
    assert web_uploads.keep_in_memory(25) is False
    assert MultiPartParser.spool_max_size == 1024 * 1024
    assert "was not checked" in caplog.text
