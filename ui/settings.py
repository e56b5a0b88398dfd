"""The app's Streamlit settings, one file (``ui/streamlit.toml``) for both ways of starting it.

``streamlit run app.py`` in the project folder reads ``.streamlit/config.toml``
(a copy, checked equal by the tests); ``survival-explorer app`` runs the
installed router from anywhere, where Streamlit would not find that folder,
so it passes the same settings as command-line flags.
"""

from __future__ import annotations

import tomllib
from importlib.resources import files


def settings() -> dict[str, dict[str, object]]:
    """The settings by section, as in ``ui/streamlit.toml``."""
    return tomllib.loads((files("ui") / "streamlit.toml").read_text(encoding="utf-8"))


def streamlit_flags() -> list[str]:
    """The settings as ``streamlit run`` flags, e.g. ``--server.maxUploadSize=25``."""
    flags = []
    for section, options in settings().items():
        for name, value in options.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            flags.append(f"--{section}.{name}={text}")
    return flags
