"""Presenter mode for the instructor at the projector: ``?present=1`` or the toggle in the top bar.

While presenting, every static chart uses ``ui.plot_theme``'s ``"mlp_present"`` template
(larger text and markers, thicker lines, the Okabe-Ito palette), every embedded view gets
``window.MLP_PRESENT`` (``ui.embed``: ``live.js`` and ``live.css`` then do the same for the
live views), Streamlit's own text is larger and the sidebar starts collapsed.

The mode lives in the URL (``present=1``: a shared link keeps it; ``present=0`` turns it
off) and, for the session, in a session-scoped holder: a page switch in the navigation
clears the query string, and presenting goes on until the toggle turns it off. It is an
app-wide key: ``engine.urlstate.GLOBAL_KEYS`` lists it (no page's link reports it as
unknown) and ``PageState.remember`` keeps it in the address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui import plot_theme

PARAM = "present"
ON_VALUES = frozenset({"1", "true", "yes", "on"})
OFF_VALUES = frozenset({"0", "false", "no", "off"})
LABEL = "Presenter mode"
HELP = (
    "For a projector: larger text, thicker lines and a colour-blind-safe palette in every chart, "
    "the sidebar folded away. The address gets `?present=1`, so a link you share keeps it."
)
#: The toggle's container (``st.container(key=...)`` gives it the class ``st-key-<key>``).
TOGGLE_BOX = "mlp-presenter"
#: The toggle sits in the top bar, left of "Copy link" (``ui.copy_link``: 56-188 px from the right
#: edge) and Streamlit's menu, and the navigation leaves it room (its overflow menu takes
#: the rest): no page loses width or height to it.
BAR_CSS = f"""<style>
.st-key-{TOGGLE_BOX} {{ position: fixed; top: 18px; right: 204px; width: auto; z-index: 999991; }}
[data-testid="stTopNav"] {{ margin-right: 240px; }}
@media print {{ .st-key-{TOGGLE_BOX} {{ display: none; }} }}
</style>"""
#: Streamlit's text, one size up (the rem-based sizes follow the root font size).
CSS = """<style>
html { font-size: 20px; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.05rem; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 0.95rem; color: #1f2430; }
[data-testid="stWidgetLabel"] p { font-size: 1rem; }
</style>"""

SidebarState = Literal["auto", "collapsed"]


@dataclass
class _Mode:
    on: bool = False


@st.cache_resource(scope="session", show_spinner=False)
def _session_mode() -> _Mode:
    """This browser session's mode (outlives the query string, which a page switch clears)."""
    return _Mode()


def from_url(value: str | None) -> bool | None:
    """``present=<value>``: True (on), False (off) or None (absent or unreadable: no change)."""
    if value is None:
        return None
    text = value.strip().lower()
    return True if text in ON_VALUES else False if text in OFF_VALUES else None


def active() -> bool:
    """Whether this session is presenting: the link's ``present=`` if it has one, else the session's mode."""
    if get_script_run_ctx() is None:  # outside a page run (a test, a worker thread): never
        return False
    asked = from_url(st.query_params.get(PARAM))
    return asked if asked is not None else _session_mode().on


def template() -> str:
    """The plotly template of this session's static charts: ``"mlp"`` or ``"mlp_present"``."""
    return plot_theme.PRESENT if active() else plot_theme.THEME


def _switch(on: bool) -> None:
    """The toggle's callback: the session's mode and the address."""
    _session_mode().on = on
    if on:
        st.query_params[PARAM] = "1"
    elif PARAM in st.query_params:
        del st.query_params[PARAM]


def start() -> SidebarState:
    """Run once per app run, before the page: installs the plot theme, settles the mode from
    the link and the session, shows the toggle and (while presenting) the larger text.

    Returns the sidebar's initial state for ``st.set_page_config``.
    """
    plot_theme.install()
    mode = _session_mode()
    asked = from_url(st.query_params.get(PARAM))
    if asked is not None:
        mode.on = asked
    if mode.on and asked is not True:
        st.query_params[PARAM] = "1"  # back into the address after a page switch cleared it
    with st.container(key=TOGGLE_BOX):  # placed in the top bar by BAR_CSS
        # No key: the toggle's identity follows its value, so it always shows the session's mode.
        st.toggle(LABEL, value=mode.on, on_change=_switch, args=(not mode.on,), help=HELP)
    st.html(BAR_CSS + (CSS if mode.on else ""))
    return "collapsed" if mode.on else "auto"
