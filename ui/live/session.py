"""Each browser session's live runs, addressed by an unguessable token.

Pages get the holder with :func:`session_runs` (a session-scoped cached
resource): when the tab closes, Streamlit releases it and every run it holds is
stopped, so nothing keeps computing for a learner who has left. A token opens
the live channel (:func:`lookup`) only while its session has passed the class
login (``ui.access.passed``).
"""

from __future__ import annotations

import secrets
import threading
from typing import Any, Protocol

import streamlit as st

from ui import access


class SessionRun(Protocol):
    """What the session and the live route use of a run (``engine.live.run.LiveRun``)."""

    def stop(self, timeout: float = 5.0) -> None: ...
    def snapshot(self) -> Any: ...
    def request_view(self) -> None: ...


_registry_lock = threading.Lock()
_registry: dict[str, SessionRuns] = {}


class SessionRuns:
    """The runs of one browser session, by view name (e.g. ``"playground"``)."""

    def __init__(self) -> None:
        self.token = secrets.token_urlsafe(24)
        self._runs: dict[str, SessionRun] = {}
        self._lock = threading.Lock()
        self.closed = False
        self.authorised = False  # set by session_runs(): the session passed ui.access's login
        with _registry_lock:
            _registry[self.token] = self

    def get(self, name: str) -> SessionRun | None:
        with self._lock:
            return self._runs.get(name)

    def replace(self, name: str, run: SessionRun | None) -> None:
        """Make ``run`` the session's run for ``name``; the previous one is stopped."""
        with self._lock:
            old = self._runs.pop(name, None)
            if run is not None:
                self._runs[name] = run
        if old is not None and old is not run:
            old.stop()

    def close(self) -> None:
        """Stop every run and forget the token (idempotent)."""
        self.closed = True
        with _registry_lock:
            _registry.pop(self.token, None)
        with self._lock:
            runs = list(self._runs.values())
            self._runs.clear()
        for run in runs:
            run.stop()


def lookup(token: str) -> SessionRuns | None:
    """The session that owns ``token``, or None (unknown, closed or not logged in)."""
    with _registry_lock:
        holder = _registry.get(token)
    return holder if holder is not None and holder.authorised else None


@st.cache_resource(scope="session", on_release=SessionRuns.close, show_spinner=False)
def _session_holder() -> SessionRuns:
    return SessionRuns()


def session_runs() -> SessionRuns:
    """This browser session's holder (created on first use, released on disconnect)."""
    holder = _session_holder()
    holder.authorised = access.passed()
    return holder
