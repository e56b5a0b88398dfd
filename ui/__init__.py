"""The Streamlit pages of Survival Explorer: thin layers over the survival package."""
