"""The draw page's input column: the drawing canvas, or a held-out test digit drawn as if on it."""

from __future__ import annotations

import dataclasses

import numpy as np
import streamlit as st

from engine.mnist.config import DrawConfig
from ui.mnist.data import load_data, source_caption
from ui.mnist.state import DRAW_STATE as STATE

CANVAS_PX = 280


def _generation() -> int:
    return int(st.session_state.get(STATE.key("canvas_generation"), 0))


def _clear() -> None:
    """A new (empty) canvas: its widget key changes."""
    st.session_state[STATE.key("canvas_generation")] = _generation() + 1


def _next_sample(n: int) -> None:
    STATE.set(sample=int(np.random.default_rng().integers(n)))


def _canvas(stroke_width: int) -> tuple[np.ndarray | None, str | None]:
    """The drawing as RGBA (None before the first stroke), or a reason why there is no canvas."""
    try:
        from streamlit_drawable_canvas import st_canvas
    except Exception as err:  # 0.13 cannot register outside a running server (e.g. under AppTest)
        return None, f"The drawing canvas is not available here ({type(err).__name__})."
    result = st_canvas(
        stroke_width=stroke_width,
        stroke_color="#FFFFFF",
        background_color="#000000",
        update_streamlit=True,
        height=CANVAS_PX,
        width=CANVAS_PX,
        drawing_mode="freedraw",
        return_image_data=True,
        key=STATE.key(f"canvas_{_generation()}"),
    )
    return result.image_data, None


def canvas_input(cfg: DrawConfig) -> np.ndarray | None:
    """The canvas and its Clear button (or why there is no canvas); the drawing, if any."""
    st.markdown("**Draw one digit** (white on black), then let go of the mouse:")
    image, missing = _canvas(cfg.stroke_width)
    if missing:
        st.info(
            f"{missing} Pick **A held-out test digit** in the sidebar to try the rest of the page.",
            icon=":material/draw:",
        )
    else:
        st.button("Clear", icon=":material/delete:", key=STATE.key("clear"), on_click=_clear)
    return image


def test_digit_input(cfg: DrawConfig) -> tuple[DrawConfig, np.ndarray, int]:
    """The test-digit picker and the digit upscaled as if drawn on the canvas; returns the config
    (its index capped to the test set), the image and the true label."""
    data, _ = load_data("mnist")
    n = len(data.y_test)
    if cfg.sample >= n:
        STATE.set(sample=0)
        cfg = dataclasses.replace(cfg, sample=0)
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    a.number_input(f"Test digit (0-{n - 1})", 0, n - 1, step=1, key=STATE.key("sample"))
    b.button(
        "",
        icon=":material/casino:",
        key=STATE.key("random"),
        on_click=_next_sample,
        args=(n,),
        help="A random test digit",
    )
    digit = data.x_test[cfg.sample]
    label = int(data.y_test[cfg.sample])
    image = np.kron(digit, np.ones((10, 10), np.uint8))  # as if drawn on a 280 px canvas
    st.image(
        image, caption=f"test digit {cfg.sample} (label {label}), never used in training", width=CANVAS_PX
    )
    st.caption(source_caption(data, full_hint="") + f" This page shows its {n:,} test images.")
    return cfg, image, label
