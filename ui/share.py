"""Share this view: a page's choices live in its address (``st.query_params``), and a link restores them.

Every page does the same three things, with the session-state keys of
:mod:`ui.state`:

1. before its widgets, :func:`restore` copies the address's query parameters
   into session state for the widget keys it names, checking each value
   against what the widget offers (a bad or stale link is ignored, never an
   error);
2. after its widgets, :func:`publish` writes the current choices back to the
   address, so the address always holds the view on screen;
3. :func:`share_box` offers the link to copy.

A parameter is a short name (``stage``, ``age``, ``lived``...); its value is
text. Lists (a multiselect) repeat the parameter. The reader's own data are
never put in a link (they stay in the session), so a page showing an upload
says so instead of offering a link.

Example (a page with a select box and a slider)::

    share.restore({"stage": share.Param(state.STAGE, stages),
                   "lived": share.Param(state.LIVED, range(6), int)})
    ...widgets...
    share.publish({"stage": stage, "lived": lived})
    share.share_box()
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import streamlit as st


@dataclass(frozen=True)
class Param:
    """How one query parameter maps to a widget: its session-state key and the values it accepts.

    Attributes
    ----------
    key : str
        The widget's key (from :mod:`ui.state`).
    allowed : iterable
        The values the widget offers (a value outside them is ignored).
    parse : callable
        Text to value (default: the text itself), e.g. ``int`` or :func:`as_bool`.
    many : bool
        A list of values (a multiselect): the parameter repeats.
    """

    key: str
    allowed: Iterable = ()
    parse: Callable[[str], object] = str
    many: bool = False

    def read(self, texts: list[str]) -> object | None:
        """The widget value from the parameter's texts, or None when any is not allowed."""
        allowed = list(self.allowed)
        try:
            values = [self.parse(t) for t in texts]
        except (TypeError, ValueError):
            return None
        if allowed and any(v not in allowed for v in values):
            return None
        if self.many:
            return values
        return values[0] if values else None


def as_bool(text: str) -> bool:
    """``"1"``/``"true"``/``"yes"`` as True, ``"0"``/``"false"``/``"no"`` as False (else ValueError)."""
    lowered = text.strip().casefold()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(text)


def restore(params: Mapping[str, Param]) -> list[str]:
    """Copy the address's parameters into session state for widgets not yet set; the keys set.

    A widget that already has a value this session keeps it: the address
    restores a view when a link is opened, it never overrides a reader's choice.
    """
    restored = []
    for name, param in params.items():
        if param.key in st.session_state or name not in st.query_params:
            continue
        value = param.read(st.query_params.get_all(name))
        if value is not None:
            st.session_state[param.key] = value
            restored.append(param.key)
    return restored


def encode(values: Mapping[str, object]) -> dict[str, str | list[str]]:
    """The page's choices as query parameters: text, lists as repeated values, None left out."""
    out: dict[str, str | list[str]] = {}
    for name, value in values.items():
        if value is None or value == "":
            continue
        if isinstance(value, (list, tuple)):
            out[name] = [_text(v) for v in value]
        else:
            out[name] = _text(value)
    return out


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def publish(values: Mapping[str, object]) -> None:
    """Put the page's current choices in the address (replacing its parameters), without a rerun."""
    wanted = encode(values)
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    flat = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if current != flat:
        st.query_params.from_dict(wanted)


def link(values: Mapping[str, object]) -> str:
    """The address of this view: the page's URL with the choices as query parameters."""
    base = (st.context.url or "").split("?")[0]
    query = urlencode(encode(values), doseq=True)
    return f"{base}?{query}" if query else base


def share_box(values: Mapping[str, object], *, private: bool = False) -> None:
    """Offer the link of this view to copy (or say why the reader's own data have none)."""
    with st.expander("Share this view", icon=":material/link:"):
        if private:
            st.write(
                "Your own data stay on this page and are never put in a link. Choose one of the "
                "bundled datasets to share a view."
            )
            return
        st.write(
            "This link opens the page with the same choices. Copy it with the button at its right, "
            "or copy the address in your browser's address bar: it always holds the view on screen."
        )
        st.code(link(values), language=None, wrap_lines=True)
