"""Presentation mode: a full-width slide view of a page, its charts drawn as 16:9 slides.

A page shows :func:`toggle` and, while it is on, calls :func:`slide_view`:
the sidebar and the page's top bar are hidden and the content fills the
window, so a chart fills a projector; the page draws its charts with
``presentation=True`` (18 pt type, thick lines, exported exactly 16:9 with the
title inside the frame). Turning the toggle off brings the page back.
"""

from __future__ import annotations

import streamlit as st

HELP = (
    "A full-width slide view: the menu is hidden and each chart fills the width, with large type. "
    "Downloads are 16:9 slides with the title inside the frame. Turn it off to get the menu back."
)
CSS = (
    '<style>section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], '
    'header[data-testid="stHeader"] { display: none; } '
    '[data-testid="stMainBlockContainer"] { max-width: 100%; padding: 1rem 2rem 2rem; }</style>'
)


def toggle(key: str) -> bool:
    """The "Presentation mode" toggle (``key`` from :mod:`ui.state`); whether it is on."""
    return st.toggle("Presentation mode", key=key, help=HELP)


def slide_view() -> None:
    """Hide the sidebar and top bar and let the page fill the window (while presentation mode is on)."""
    st.html(CSS)
