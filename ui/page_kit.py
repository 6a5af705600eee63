"""The parts every page repeats: the "What to try" presets (above what they change) and the Share tab."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from engine.presets import Preset
from ui.url_state import PageState


def apply_preset(state: PageState, preset: Preset, after: Callable[[], Any] | None = None) -> None:
    """Button callback: set the page's fields to ``preset`` applied to the current config."""
    try:
        current = state.raw_config()
    except (TypeError, ValueError):
        current = state.last
    state.apply(preset.applied_to(current))
    if after is not None:
        after()


def preset_rows(
    state: PageState,
    presets: Sequence[Preset],
    *,
    after: Callable[[], Any] | None = None,
    widths: tuple[float, float] = (1.3, 3.0),
    group: str = "preset",
) -> None:
    """One row per preset: a button (applies it; then ``after``, e.g. reset the run) and its lesson.

    Button keys are ``group_0, group_1, ...``: a page with several preset lists names each group.
    """
    for i, preset in enumerate(presets):
        left, right = st.columns(list(widths), vertical_alignment="center")
        left.button(
            preset.title,
            key=state.key(f"{group}_{i}"),
            on_click=apply_preset,
            args=(state, preset, after),
            width="stretch",
        )
        right.markdown(preset.lesson)


def what_to_try(
    state: PageState,
    presets: Sequence[Preset],
    topic: str,
    *,
    after: Callable[[], Any] | None = None,
    group: str = "preset",
    expanded: bool = False,
    widths: tuple[float, float] = (1.3, 3.0),
) -> DeltaGenerator:
    """The presets of one view in an expander "What to try: <topic>"; put it right above that view.

    A click changes what the learner is looking at, not something in a tab further down.
    Keys and ``after`` as in :func:`preset_rows`; a page whose presets change different
    sections calls it once per section, each with its own ``group``. Returns the expander,
    so a page can add a note under the rows (``with what_to_try(...): st.markdown(...)``).
    """
    box = st.expander(f"What to try: {topic}", expanded=expanded, icon=":material/lightbulb:")
    with box:
        preset_rows(state, presets, after=after, widths=widths, group=group)
    return box


def share_tab(state: PageState, config: Any, blurb: str) -> None:
    """The Share tab's body: what the link reopens, and the link."""
    st.markdown(blurb)
    st.code(state.share_url(config), language=None, wrap_lines=True)
