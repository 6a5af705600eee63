"""The MNIST lab's sidebar: widgets from the declared settings -> session state -> :class:`LabConfig`."""

from __future__ import annotations

import streamlit as st

from engine.mnist import config as mc
from engine.mnist.models import CONV_MODELS
from ui.mnist.state import LAB_STATE as STATE


def train_size_choices(available: int) -> tuple[int, ...]:
    """The training-set sizes offered for ``available`` images (the largest one is 'all')."""
    sizes = tuple(n for n in mc.TRAIN_SIZES if n < available)
    return (*sizes, min(available, mc.TRAIN_SIZES[-1])) if available not in sizes else sizes


def _fit_train_size(sizes: tuple[int, ...]) -> None:
    """A link's (or another data set's) training size onto the nearest size this data offers."""
    key = STATE.key("train_size")
    if st.session_state[key] not in sizes:
        st.session_state[key] = min(sizes, key=lambda n: abs(n - st.session_state[key]))


def sidebar_config(available: int) -> mc.LabConfig:
    """Draw the controls and return the validated configuration (the last good one if impossible).

    Args:
        available: training images the data source has (caps the size choices).
    """
    sizes = train_size_choices(available)
    _fit_train_size(sizes)
    with st.sidebar:
        st.subheader("Data")
        STATE.widget("dataset")
        info = mc.LabConfig.field_info("train_size")
        st.select_slider(
            info.spec.label,
            sizes,
            key=STATE.key("train_size"),
            format_func=lambda n: f"{n:,}",
            help=info.spec.help,
        )
        STATE.widget("normalize")
        st.subheader("Model")
        STATE.widget("model")
        model = STATE.value("model")
        STATE.widget(
            "activation",
            help="Used by every hidden layer" + (" (convolutions too)." if model in CONV_MODELS else "."),
        )
        STATE.widget("hidden_units", disabled=model == "lenet")
        STATE.widget("dropout")
        STATE.widget("flatten")
        st.subheader("Training")
        STATE.widget("optimizer")
        STATE.widget("learning_rate")
        left, right = st.columns(2)
        STATE.widget("epochs", left)
        STATE.widget("batch_size", right)
        STATE.widget("seed")
    return STATE.config()
