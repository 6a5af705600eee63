"""Helpers shared by the activation, backprop and softmax pages.

Vector fields (a config field holding a tuple, edited by one widget per element)
live in ``st.session_state[prefix + field]`` as the tuple and in
``prefix + field + "_" + i`` for the widgets; :func:`sync_vector` restores the
widget keys (Streamlit drops them while another page is shown) and
:func:`collect_vector` writes the widgets back into the tuple.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

FONT = {"size": 15}


def element_key(prefix: str, field: str, i: int) -> str:
    return f"{prefix}{field}_{i}"


def sync_vector(prefix: str, field: str, n: int) -> None:
    """Make sure the ``n`` element widget keys exist, filled from the tuple."""
    values = tuple(st.session_state.get(prefix + field, ()))
    for i in range(n):
        key = element_key(prefix, field, i)
        if key not in st.session_state and i < len(values):
            st.session_state[key] = float(values[i])


def collect_vector(prefix: str, field: str, n: int) -> tuple[float, ...]:
    """Read the ``n`` element widgets back into ``prefix + field``; returns the tuple."""
    values = tuple(float(st.session_state[element_key(prefix, field, i)]) for i in range(n))
    st.session_state[prefix + field] = values
    return values


def set_vector(prefix: str, field: str, values: Sequence[float]) -> None:
    """Set the tuple and its element widgets (from a callback, before the widgets exist)."""
    st.session_state[prefix + field] = tuple(float(v) for v in values)
    for i, v in enumerate(values):
        st.session_state[element_key(prefix, field, i)] = float(v)


def show_problems(problems: list[str]) -> None:
    for problem in problems:
        st.warning(f"The link had a setting this page cannot use, so it was skipped: {problem}")


@dataclass(frozen=True)
class Preset:
    """A "what to try" entry: a button title, what to look at, and the callback that applies it."""

    title: str
    lesson: str
    apply: Callable[[], None]


def render_presets(presets: Sequence[Preset], key: str) -> None:
    """One row per preset: a button (applies it) and its lesson."""
    for i, preset in enumerate(presets):
        left, right = st.columns([1.3, 3], vertical_alignment="center")
        left.button(preset.title, key=f"{key}_preset_{i}", on_click=preset.apply, width="stretch")
        right.markdown(preset.lesson)


def fmt(v: float, digits: int = 4) -> str:
    """A number for formulas: ``digits`` significant digits, no exponent clutter for ordinary sizes."""
    if v != v:
        return "NaN"
    if v in (float("inf"), float("-inf")):
        return r"\infty" if v > 0 else r"-\infty"
    return f"{v:.{digits}g}".replace("e+", r"\times 10^{").replace("e-", r"\times 10^{-") + (
        "}" if "e" in f"{v:.{digits}g}" else ""
    )
