"""Survival Explorer: the Streamlit router. Pages live in ui/; the numbers in the survival package."""

import streamlit as st

from ui import housekeeping, web_uploads

PAGES = (
    ("ui/pages/understand.py", "Understand a number", ":material/favorite:"),
    ("ui/pages/compare.py", "Compare groups", ":material/stacked_line_chart:"),
    ("ui/pages/learn.py", "How survival curves work", ":material/school:"),
    ("ui/pages/your_data.py", "Your own data", ":material/upload_file:"),
    ("ui/pages/about.py", "About the data and methods", ":material/info:"),
)


def main() -> None:
    """Set up the page, show the chosen one, and mark the run for ui.housekeeping."""
    web_uploads.keep_in_memory(st.get_option("server.maxUploadSize"))
    st.set_page_config(page_title="Survival Explorer", page_icon=":material/monitoring:", layout="wide")
    page = st.navigation([st.Page(path, title=title, icon=icon, default=i == 0)
                          for i, (path, title, icon) in enumerate(PAGES)])
    with st.sidebar:
        st.caption("Figures describe groups of people diagnosed years ago, not any one person. "
                   "This is not medical advice.")
    with housekeeping.script_run():
        page.run()


# Streamlit runs this file as __main__. A multiprocessing worker started with "spawn" would
# import it again as __mp_main__ (the script is __main__ then), and must not run the app there.
if __name__ == "__main__":
    main()
