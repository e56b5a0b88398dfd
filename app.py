"""Survival Explorer: the Streamlit router. Pages live in ui/; the numbers in the survival package."""

import streamlit as st

st.set_page_config(page_title="Survival Explorer", page_icon=":material/monitoring:", layout="wide")

PAGES = [
    st.Page("ui/understand.py", title="Understand a number", icon=":material/favorite:", default=True),
    st.Page("ui/compare.py", title="Compare groups", icon=":material/stacked_line_chart:"),
    st.Page("ui/learn.py", title="How survival curves work", icon=":material/school:"),
    st.Page("ui/your_data.py", title="Your own data", icon=":material/upload_file:"),
    st.Page("ui/about.py", title="About the data and methods", icon=":material/info:"),
]

page = st.navigation(PAGES)
with st.sidebar:
    st.caption("Figures describe groups of people diagnosed years ago, not any one person. "
               "This is not medical advice.")
page.run()
