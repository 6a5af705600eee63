"""The parts every page repeats: the "What to try" preset rows and the Share tab."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

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


def share_tab(state: PageState, config: Any, blurb: str) -> None:
    """The Share tab's body: what the link reopens, and the link."""
    st.markdown(blurb)
    st.code(state.share_url(config), language=None, wrap_lines=True)
