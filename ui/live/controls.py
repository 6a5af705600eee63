"""Button callbacks shared by every page that drives a live run (Play/Pause, Step, Reset).

Each acts on the session's run for one live view (``session_runs().get(view)``) and
does nothing when the session has none (e.g. a stale button after the tab was
restored), so a click never raises.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from engine.live.run import RunStatus
from ui.live.session import session_runs

DIVERGED_HINT = "This run diverged: lower the learning rate and press Reset."


def current_run(view: str) -> Any | None:
    """The session's run for ``view``, or None."""
    return session_runs().get(view)


def toggle_play(view: str, finished_hint: str, diverged_hint: str = DIVERGED_HINT) -> None:
    """Pause a playing run, or start a paused one; explain (toast) why a run cannot start."""
    run = current_run(view)
    if run is None:
        return
    if run.playing:
        run.pause()
    elif not run.start():
        st.toast(finished_hint if run.status == RunStatus.FINISHED else diverged_hint)


def step_run(view: str) -> None:
    """One step (an epoch, an update: whatever the run's step is)."""
    run = current_run(view)
    if run is not None:
        run.step()


def reset_run(view: str, same_init: bool = False) -> None:
    """Back to the start (``same_init``: with the same initial weights)."""
    run = current_run(view)
    if run is not None:
        run.reset(same_init=same_init)
