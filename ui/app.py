"""Survival Explorer's Streamlit router: page setup, navigation, the shared sidebar.

``streamlit run app.py`` in the project folder runs this through the
project's ``app.py``; ``survival-explorer app`` runs it from the installed
package. The pages are scripts in ``ui/pages/``, found beside this file.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import web_uploads

PAGES_DIR = Path(__file__).resolve().parent / "pages"
#: Streamlit draws captions at 60% opacity (3.9:1 on white); WCAG 2.2 AA asks 4.5:1 of text.
ACCESSIBLE_CSS = (
    "<style>[data-testid='stCaptionContainer'], [data-testid='stCaptionContainer'] p "
    "{ color: #595959 !important; opacity: 1 !important; } "
    # a code block that scrolls sideways is a region the keyboard cannot reach: wrap it instead
    "[data-testid='stCode'] pre, [data-testid='stCode'] code { white-space: pre-wrap !important; "
    "overflow-wrap: anywhere; }</style>"
)
PAGES = (
    ("understand.py", "Understand a number", ":material/favorite:"),
    ("compare.py", "Compare groups", ":material/stacked_line_chart:"),
    ("learn.py", "How survival curves work", ":material/school:"),
    ("your_data.py", "Your own data", ":material/upload_file:"),
    ("about.py", "About the data and methods", ":material/info:"),
)


def main() -> None:
    """Set up the page and show the chosen one."""
    web_uploads.keep_in_memory(st.get_option("server.maxUploadSize"))
    st.set_page_config(page_title="Survival Explorer", page_icon=":material/monitoring:", layout="wide")
    page = st.navigation(
        [
            st.Page(PAGES_DIR / name, title=title, icon=icon, default=i == 0)
            for i, (name, title, icon) in enumerate(PAGES)
        ]
    )
    st.html(ACCESSIBLE_CSS)
    with st.sidebar:
        st.caption(
            "Figures describe groups of people diagnosed years ago, not any one person. "
            "This is not medical advice."
        )
    page.run()


if __name__ == "__main__":
    main()
