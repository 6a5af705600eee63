"""The MNIST lab's first section: browse the training images as the pixel matrices the network sees."""

from __future__ import annotations

import dataclasses

import numpy as np
import streamlit as st

from engine.mnist.config import LabConfig
from engine.mnist.data import DigitData
from ui.mnist.figures import digit_figure
from ui.mnist.state import LAB_STATE as STATE
from ui.url_state import LINK_PROBLEM


def _browse(delta: int | None, n: int) -> None:
    """Button callback: the previous/next image (``delta``) or a random one (None)."""
    if delta is None:
        value = int(np.random.default_rng().integers(n))
    else:
        value = (int(STATE.value("browse")) + delta) % n
    STATE.set(browse=value)


def _nav_button(col, icon: str, name: str, delta: int | None, n: int, help: str) -> None:
    col.button("", icon=icon, key=STATE.key(name), on_click=_browse, args=(delta, n), help=help)


def fit_browse(cfg: LabConfig, data: DigitData) -> LabConfig:
    """``cfg`` with an image index this data has (a link's index past its end shows image 0)."""
    if cfg.browse < len(data.y_train):
        return cfg
    key = LabConfig.field_info("browse").key
    problem = f"{key}={cfg.browse}: past the end of these {len(data.y_train):,} training images, so image 0 is shown"
    st.warning(LINK_PROBLEM.format(problem=problem), icon=":material/link_off:")
    STATE.set(browse=0)
    return dataclasses.replace(cfg, browse=0)


def render_browser(cfg: LabConfig, data: DigitData) -> None:
    """The image picker, its label and pixel facts, and the pixel-matrix figure."""
    n_train = len(data.y_train)
    index = cfg.browse
    left, right = st.columns([1, 1.4], gap="large")
    with left:
        nav = st.columns([2, 1, 1, 1], vertical_alignment="bottom")
        nav[0].number_input(
            f"Training image (0-{n_train - 1})", 0, n_train - 1, step=1, key=STATE.key("browse")
        )
        _nav_button(nav[1], ":material/chevron_left:", "prev", -1, n_train, "Previous image")
        _nav_button(nav[2], ":material/chevron_right:", "next", 1, n_train, "Next image")
        _nav_button(nav[3], ":material/casino:", "random", None, n_train, "A random image")
        label = int(data.y_train[index])
        st.markdown(
            f"### LABEL: {label} · {data.class_names[label]}"
            if cfg.dataset == "fashion"
            else f"### LABEL: {label}"
        )
        st.markdown(
            "Every image is a 28 x 28 matrix of brightness values, **0 = black background, "
            "255 = white ink**. The network sees only these 784 numbers"
            + (" (divided by 255)." if cfg.normalize else " (not normalised!).")
            + " Hover the picture to read each pixel; the numbers on it are the non-zero values."
        )
        counts = np.bincount(data.y_train, minlength=10)
        st.caption(
            "Training images per class: "
            + ", ".join(f"{data.class_names[c]}: {counts[c]}" for c in range(10))
        )
        with st.expander("The matrix as the slides print it (`show_image(index)`)"):
            st.code(np.array2string(data.x_train[index], max_line_width=200), language=None)
    with right:
        st.plotly_chart(
            digit_figure(data.x_train[index], f"training image {index}: the pixel matrix"),
            key=STATE.key("digit"),
        )
