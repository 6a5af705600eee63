"""The Generalization page's sidebar: the active section's settings, from the declared table."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from engine.presets import Preset
from ui.page_kit import apply_preset
from ui.url_state import PageState

FIELDS: dict[str, tuple[str, ...]] = {
    "poly": ("degree", "n_points", "noise", "seed", "train_pct", "val_pct"),
    "split": ("train_pct", "val_pct", "degree", "n_points", "noise", "seed"),
    "kfold": ("k", "fold", "degree", "n_points", "noise", "seed"),
    "early": ("l2", "patience", "restore", "epochs", "es_data", "es_noise", "es_seed"),
    "imbalance": ("threshold", "model", "class_weight", "minority_pct", "imb_n", "imb_seed"),
    "onehot": ("table", "drop", "unseen"),
}


def sidebar(state: PageState, section: str) -> None:
    """Render the settings of ``section`` in the sidebar (the fold slider ends at the current k)."""
    with st.sidebar:
        st.header("Settings")
        for name in FIELDS.get(section, ()):
            if name == "fold":
                k = int(state.value("k"))
                if int(state.value("fold")) > k:
                    state.set(fold=k)
                st.slider("Fold shown", 1, k, key=state.key("fold"), help="Which fold the plots above show.")
            elif name == "restore":
                state.widget(name, disabled=int(state.value("patience")) == 0)
            else:
                state.widget(name)


def preset_row(state: PageState, presets: Sequence[Preset], group: str) -> None:
    """One row of preset buttons (the lesson on hover), then the lesson of the preset now applied.

    Compact, so the chart stays on a 1280x720 screen under it.
    """
    st.markdown("**What to try:**")
    cols = st.columns(len(presets))
    for i, (col, preset) in enumerate(zip(cols, presets, strict=True)):
        col.button(
            preset.title,
            key=state.key(f"{group}_{i}"),
            on_click=apply_preset,
            args=(state, preset),
            help=preset.lesson,
            width="stretch",
        )
    current = state.last
    for preset in presets:
        if preset.applied_to(current) == current and preset.values.keys() - {"section"}:
            st.info(f"**{preset.title}**: {preset.lesson}", icon=":material/lightbulb:")
            break
