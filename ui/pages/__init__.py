"""The Streamlit pages: one thin script each, run by app.py through st.navigation."""
