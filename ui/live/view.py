"""Embed a live view (``static/<view>.html`` with ``live.css`` and ``live.js``) bound to this session's token."""

from __future__ import annotations

from ui.embed import Height, embed_view
from ui.live.routes import STATIC_DIR, VIEW_ENCODERS

#: What every live view shares, inlined before its own style and script.
SHARED = (STATIC_DIR / "live.css", STATIC_DIR / "live.js")


def live_view(token: str, view: str, height: Height = "content") -> None:
    """Render ``static/{view}.html`` in an iframe that streams ``view`` frames.

    The HTML is the same on every rerun of a session, so Streamlit keeps the
    iframe (and its WebSocket) alive instead of remounting it: reruns never
    blank or flicker the live view. The iframe is as tall as the view unless
    ``height`` (CSS px) is given.
    """
    if view not in VIEW_ENCODERS:
        raise ValueError(f"no live view {view!r} (ui/live/routes.py: VIEW_ENCODERS)")
    embed_view(
        STATIC_DIR / f"{view}.html",
        data={"MLP_CONFIG": {"token": token, "view": view}},
        include=SHARED,
        height=height,
    )
