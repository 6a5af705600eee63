"""The live-page kit: one run per session and view, the transport bar, the live view's slot.

A live page is its widgets, its view and its teaching text::

    run = session_run(VIEW, cfg, build=PlaygroundRun, reuse=lambda r: r.config.model_key() == ...)
    transport_bar(state, VIEW, run, step_help="Train exactly one epoch.")
    live_view(session_runs().token, VIEW)  # content-sized
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from engine.live.run import RunStatus
from ui.live.controls import DIVERGED_HINT, reset_run, step_run, toggle_play
from ui.live.session import session_runs
from ui.url_state import PageState

FINISHED_HINT = "This run is over: press Reset (or change a setting) to train again."
#: While a run plays, how often the page checks whether it ended by itself (s).
RUN_END_POLL_S = 1.0


def session_run(
    view: str,
    config: Any,
    build: Callable[[Any], Any],
    *,
    reuse: Callable[[Any], bool] | None = None,
    spinner: str | None = None,
) -> Any:
    """This session's run for ``view``: the existing one when ``reuse(run)`` says it fits
    ``config`` (it gets ``update_settings(config)`` if it has one), else a new ``build(config)``
    (the old run is stopped)."""
    holder = session_runs()
    run = holder.get(view)
    if run is not None and (reuse is None or reuse(run)):
        if hasattr(run, "update_settings"):
            run.update_settings(config)
        return run
    if spinner:
        with st.spinner(spinner):
            run = build(config)
    else:
        run = build(config)
    holder.replace(view, run)
    return run


@dataclasses.dataclass(frozen=True)
class ExtraButton:
    """A button of a transport bar besides Play/Step/Reset (e.g. "Reset to same weights")."""

    label: str
    on_click: Callable[..., Any]
    name: str
    args: tuple[Any, ...] = ()
    help: str | None = None
    icon: str | None = None
    disabled: bool = False


def transport_bar(
    state: PageState,
    view: str,
    run: Any,
    *,
    step_help: str = "Train exactly one epoch.",
    reset_help: str = "Back to the start.",
    on_reset: Callable[[], Any] | None = None,
    finished_hint: str = FINISHED_HINT,
    diverged_hint: str = DIVERGED_HINT,
    extra: Sequence[ExtraButton] = (),
    caption: str = "",
) -> None:
    """Play/Pause, Step, Reset (and ``extra`` buttons) in one row, then the caption; below it,
    the run's diverged message, or why it paused by itself. Keys: ``play``, ``step``, ``reset`` and each extra's ``name``."""
    playing = bool(run.playing)
    widths = [1.2, 1.0, 1.0] + [2.2] * len(extra) + [3.6]
    cols = st.columns(widths, vertical_alignment="center")
    cols[0].button(
        "Pause" if playing else "Play",
        icon=":material/pause:" if playing else ":material/play_arrow:",
        key=state.key("play"),
        type="primary",
        on_click=toggle_play,
        args=(view, finished_hint, diverged_hint),
        width="stretch",
    )
    cols[1].button(
        "Step", key=state.key("step"), on_click=step_run, args=(view,), help=step_help, width="stretch"
    )
    cols[2].button(
        "Reset",
        key=state.key("reset"),
        on_click=on_reset if on_reset is not None else reset_run,
        args=() if on_reset is not None else (view,),
        help=reset_help,
        width="stretch",
    )
    for col, button in zip(cols[3:-1], extra, strict=True):
        col.button(
            button.label,
            key=state.key(button.name),
            on_click=button.on_click,
            args=button.args,
            help=button.help,
            icon=button.icon,
            disabled=button.disabled,
            width="stretch",
        )
    if caption:
        cols[-1].caption(caption)
    with st.container():  # always present: the elements after it keep their place (no remount)
        if playing:
            _rerun_when_stopped(view)
    snap_status = getattr(run, "status", None)
    notice = st.container()  # always present, so the live view below keeps its place (no remount)
    if snap_status == RunStatus.DIVERGED:
        notice.error(run.snapshot().message, icon=":material/error:")
    elif snap_status == RunStatus.PAUSED and run.snapshot().message:  # e.g. paused by itself, unwatched
        notice.info(run.snapshot().message, icon=":material/pause_circle:")


@st.fragment(run_every=RUN_END_POLL_S)
def _rerun_when_stopped(view: str) -> None:
    """While ``view``'s run plays, rerun the page once it stops by itself (finished, diverged),
    so the buttons, captions and hints follow the run's real state without a click."""
    run = session_runs().get(view)
    if run is None or not run.playing:
        st.rerun()
