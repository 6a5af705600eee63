"""The GAN page's "What to try" bar: one row of buttons above the live view, the chosen lesson under it."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from engine.presets import Preset
from ui.live.controls import reset_run
from ui.page_kit import apply_preset
from ui.url_state import PageState


def _apply(state: PageState, view: str, index: int, preset: Preset) -> None:
    apply_preset(state, preset, after=lambda: reset_run(view))
    st.session_state[state.key("lesson")] = index


def preset_bar(state: PageState, view: str, presets: Sequence[Preset]) -> None:
    """Buttons (keys ``preset_0, preset_1, ...``) that set up an experiment and rewind the run;
    the last one pressed keeps its lesson on show until another is pressed."""
    st.markdown(
        "**What to try** (each button sets the experiment up and rewinds to step 0, then press Play):"
    )
    cols = st.columns(len(presets))
    for i, (col, preset) in enumerate(zip(cols, presets, strict=True)):
        col.button(
            preset.title,
            key=state.key(f"preset_{i}"),
            on_click=_apply,
            args=(state, view, i, preset),
            help=preset.lesson,
            width="stretch",
        )
    chosen = st.session_state.get(state.key("lesson"))
    if isinstance(chosen, int) and 0 <= chosen < len(presets):
        st.info(f"**{presets[chosen].title}.** {presets[chosen].lesson}", icon=":material/science:")
