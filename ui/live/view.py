"""Embed a live view (static HTML + JS) in a page, bound to this session's token."""

from __future__ import annotations

import json
from functools import lru_cache

import streamlit as st

from ui.live.routes import STATIC_DIR


@lru_cache(maxsize=16)
def _template(name: str) -> str:
    return (STATIC_DIR / name).read_text(encoding="utf-8")


def live_view(token: str, view: str, height: int) -> None:
    """Render ``static/{view}.html`` in an iframe that streams ``view`` frames.

    The HTML is the same on every rerun of a session, so Streamlit keeps the
    iframe (and its WebSocket) alive instead of remounting it: reruns never
    blank or flicker the live view.
    """
    html = _template(f"{view}.html").replace(
        "/*MLP_CONFIG*/", f"window.MLP_CONFIG = {json.dumps({'token': token, 'view': view})};"
    )
    lib = _template("live.js")
    st.iframe(html.replace("/*MLP_LIVE_JS*/", lib), height=height)
