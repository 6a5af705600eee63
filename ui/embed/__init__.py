"""Embed a view (a static HTML template plus its data) in a page: the one helper for every view.

A view is an HTML file whose ``<head>`` holds the marker ``<!--MLP_EMBED-->``
and whose script reads its data from ``window.<NAME>`` globals.
:func:`embed_view` puts the shared style sheets and scripts at the marker
(``embed.js``, what every view shares: the app's URL, loading plotly.js and
reporting the view's height; then the ``include`` files), and each datum where
the template writes ``/*NAME*/`` (or, without one, before the shared scripts).
Live views (:func:`ui.live.view.live_view`) include ``live.css`` and
``live.js``; the players in ``ui/players/static`` need only their data.

The iframe is sized to its content (Streamlit measures the view's body), so no
page guesses a pixel height; the same inputs give the same HTML, so reruns
keep the iframe (and any WebSocket in it) instead of remounting it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import streamlit as st

MARKER = "<!--MLP_EMBED-->"
EMBED_JS = Path(__file__).with_name("embed.js")
#: Where the app serves plotly.js (``ui/live/routes.py``); every view gets it as ``window.MLP_PLOTLY_URL``.
PLOTLY_URL = "/api/live-static/plotly.min.js"

Height = int | Literal["content"]


@lru_cache(maxsize=32)
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _inline(text: str, name: str) -> str:
    """``text`` as it may stand inside a ``<script>``/``<style>`` element (nothing may close it)."""
    if "</" in text:
        raise ValueError(f"{name} contains '</': it would end the element it is inlined in")
    return text


def view_html(
    template: Path,
    *,
    data: Mapping[str, Any] | None = None,
    include: Sequence[Path] = (),
    encoder: type[json.JSONEncoder] | None = None,
) -> str:
    """The template with the shared styles and scripts at its marker and its data in place.

    ``include`` lists ``.css`` and ``.js`` files, inlined in this order after ``embed.js``.
    ``data`` maps global names to JSON-able values (``encoder`` for other types, e.g.
    plotly's), assigned as ``window.NAME = <JSON>;`` where the template writes
    ``/*NAME*/`` (inside a ``<script>``), else first thing at the marker.
    """
    page = _read(template)
    if page.count(MARKER) != 1:
        raise ValueError(f"{template.name} must hold {MARKER} exactly once")
    placed, head = {}, {"MLP_PLOTLY_URL": json.dumps(PLOTLY_URL)}
    for name, value in (data or {}).items():
        if not name.isidentifier():
            raise ValueError(f"not a JavaScript name: {name!r}")
        # "<" escaped: no "</script>" or "<!--" in a value can end the script early.
        text = json.dumps(value, cls=encoder, separators=(",", ":")).replace("<", "\\u003c")
        count = page.count(f"/*{name}*/")
        if count > 1:
            raise ValueError(f"{template.name} holds /*{name}*/ {count} times")
        (placed if count else head)[name] = text
    if placed:  # one pass: a value that holds a marker's text stays as it is
        names = "|".join(re.escape(name) for name in placed)
        page = re.sub(rf"/\*({names})\*/", lambda m: f"window.{m[1]} = {placed[m[1]]};", page)
    styles = [_inline(_read(p), p.name) for p in include if p.suffix == ".css"]
    scripts = [f"window.{name} = {text};" for name, text in head.items()]
    scripts += [_inline(_read(p), p.name) for p in (EMBED_JS, *include) if p.suffix == ".js"]
    shared = "<style>\n" + "\n".join(styles) + "</style>\n" if styles else ""
    return page.replace(MARKER, shared + "<script>\n" + "\n".join(scripts) + "</script>")


def embed_view(
    template: Path,
    *,
    data: Mapping[str, Any] | None = None,
    include: Sequence[Path] = (),
    encoder: type[json.JSONEncoder] | None = None,
    height: Height = "content",
) -> None:
    """Show the view in an ``st.iframe``: as tall as its content unless ``height`` (CSS px) is given.

    While the session presents (``ui.presenter``), the view gets ``window.MLP_PRESENT = true``
    (``embed.js`` marks the document ``mlp-present``; ``live.js`` and ``live.css`` enlarge it).
    """
    from ui import presenter  # imported here: presenter mode needs a session, this module does not

    if presenter.active():
        data = {**(data or {}), "MLP_PRESENT": True}
    st.iframe(view_html(template, data=data, include=include, encoder=encoder), height=height)
