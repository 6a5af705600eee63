"""Small Streamlit helpers shared by the three basics pages."""

from __future__ import annotations

import streamlit as st

from ui.url_state import set_fields, share_url


def options_with(values: tuple[float, ...], current: float) -> list[float]:
    """The slider's options, plus ``current`` if a link brought a value that is not among them."""
    return sorted({*values, float(current)})


def share_box(path: str, params: dict[str, str]) -> None:
    """The shareable link of this exact configuration."""
    st.markdown(
        "This link opens exactly this configuration (same data, seeds and settings): send it to "
        "the class or bookmark it for the next lecture."
    )
    st.code(share_url(params, path), language=None, wrap_lines=True)


def preset_rows(prefix: str, presets: tuple[tuple[str, str, dict], ...], key: str) -> None:
    """One row per preset: a button that applies its settings and the lesson it shows."""
    for i, (title, lesson, values) in enumerate(presets):
        left, right = st.columns([1.3, 3], vertical_alignment="center")
        left.button(
            title, key=f"{key}{i}", on_click=set_fields, args=(prefix,), kwargs=values, width="stretch"
        )
        right.markdown(lesson)
