"""Survival Explorer: ``streamlit run app.py`` in the project folder. The router is ``ui/app.py``."""

from ui.app import main

# Streamlit runs this file as __main__; importing it elsewhere must not start the app.
if __name__ == "__main__":
    main()
