"""Helpers shared by the activation, backprop and softmax pages.

Vector fields (a config field holding a tuple, edited by one widget per element): the tuple in
``state.key(field)`` is the one truth. :func:`show_vector` copies it into the element widgets'
keys (``state.key(f"{field}_{i}")``) before they are drawn, and each element widget's
``on_change`` (:func:`element_changed`) writes its new value back into the tuple, so presets and
callbacks only ever set the tuple.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.url_state import PageState

#: Plotly charts of these pages: no mode bar (projector-friendly).
CHART = {"displayModeBar": False}


def element_key(state: PageState, field: str, i: int) -> str:
    return state.key(f"{field}_{i}")


def show_vector(state: PageState, field: str) -> tuple[float, ...]:
    """Fill the element widgets' keys from the tuple (call every run before drawing them)."""
    values = tuple(float(v) for v in state.value(field))
    for i, v in enumerate(values):
        st.session_state[element_key(state, field, i)] = v
    return values


def element_changed(state: PageState, field: str, i: int) -> None:
    """``on_change`` of element widget ``i``: write its value into the tuple."""
    values = list(state.value(field))
    values[i] = float(st.session_state[element_key(state, field, i)])
    state.set(**{field: tuple(values)})


class SectionState:
    """``state`` with its extra keys (not its fields) under a section name.

    ``ui.page_kit.preset_rows`` numbers its buttons from 0, so a page with several preset rows
    gives each row its own ``SectionState`` to keep the button keys apart.
    """

    def __init__(self, state: PageState, section: str) -> None:
        self._state = state
        self._section = section

    def key(self, name: str) -> str:
        return self._state.key(f"{self._section}_{name}")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._state, name)


def fmt(v: float, digits: int = 4) -> str:
    """A number for formulas: ``digits`` significant digits, no exponent clutter for ordinary sizes."""
    if v != v:
        return "NaN"
    if v in (float("inf"), float("-inf")):
        return r"\infty" if v > 0 else r"-\infty"
    text = f"{v:.{digits}g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return rf"{mantissa}\times 10^{{{int(exponent)}}}"
