"""The MNIST lab's sidebar: widgets -> session state -> :class:`LabConfig`."""

from __future__ import annotations

import streamlit as st

from engine.mnist import config as mc
from engine.mnist.data import DATASETS
from engine.mnist.models import ACTIVATIONS, CONV_MODELS, MODELS
from ui.url_state import config_from_state

P = "mnist_"  #: session-state prefix of the lab's config fields


def _snap(key: str, choices: tuple) -> None:
    """Put a value that came from a URL onto the nearest widget choice."""
    value = st.session_state[key]
    if value not in choices:
        st.session_state[key] = min(choices, key=lambda c: abs(c - float(value)))


def train_size_choices(available: int) -> tuple[int, ...]:
    """The training-set sizes offered for ``available`` images (the largest one is 'all')."""
    sizes = tuple(n for n in mc.TRAIN_SIZES if n < available)
    return (*sizes, min(available, mc.TRAIN_SIZES[-1])) if available not in sizes else sizes


def sidebar_config(available: int) -> mc.LabConfig:
    """Draw the controls and return the validated configuration.

    Args:
        available: training images the data source has (caps the size choices).
    """
    sizes = train_size_choices(available)
    if st.session_state[P + "train_size"] not in sizes:
        st.session_state[P + "train_size"] = min(
            sizes, key=lambda n: abs(n - st.session_state[P + "train_size"])
        )
    _snap(P + "learning_rate", mc.LEARNING_RATES)
    _snap(P + "batch_size", mc.BATCH_SIZES)
    _snap(P + "hidden_units", mc.HIDDEN_UNITS)
    with st.sidebar:
        st.subheader("Data")
        st.selectbox("Data set", list(DATASETS), key=P + "dataset", format_func=DATASETS.get)
        st.select_slider(
            "Training images",
            sizes,
            key=P + "train_size",
            format_func=lambda n: f"{n:,}",
            help="10 % of them are held back as validation images for the curves; the test "
            "images are never used in training.",
        )
        st.checkbox(
            "Normalise pixels to 0-1",
            key=P + "normalize",
            help="The slides divide by 255. Untick it for the 'no normalization' experiment.",
        )
        st.subheader("Model")
        st.selectbox("Network", list(MODELS), key=P + "model", format_func=MODELS.get)
        conv = st.session_state[P + "model"] in CONV_MODELS
        st.selectbox(
            "Hidden activation",
            list(ACTIVATIONS),
            key=P + "activation",
            format_func=ACTIVATIONS.get,
            help="Used by every hidden layer" + (" (convolutions too)." if conv else "."),
        )
        st.select_slider(
            "Hidden units",
            mc.HIDDEN_UNITS,
            key=P + "hidden_units",
            disabled=st.session_state[P + "model"] == "lenet",
            help="Width of the first hidden Dense layer (the LeNet layout fixes 120 and 84).",
        )
        st.slider(
            "Dropout after the hidden layer",
            0.0,
            mc.MAX_DROPOUT,
            step=0.05,
            key=P + "dropout",
            help="During training, this share of the hidden units is switched off at random.",
        )
        st.checkbox(
            "Flatten before the Dense layers",
            key=P + "flatten",
            help="The slides' experiment: untick to see what happens without Flatten().",
        )
        st.subheader("Training")
        st.selectbox("Optimizer", list(mc.OPTIMIZERS), key=P + "optimizer", format_func=mc.OPTIMIZERS.get)
        st.select_slider(
            "Learning rate", mc.LEARNING_RATES, key=P + "learning_rate", format_func=lambda v: f"{v:g}"
        )
        left, right = st.columns(2)
        left.number_input("Epochs", 1, mc.MAX_EPOCHS, step=1, key=P + "epochs")
        right.selectbox("Batch size", mc.BATCH_SIZES, key=P + "batch_size")
        st.number_input(
            "Seed",
            0,
            2**31 - 1,
            step=1,
            key=P + "seed",
            help="Initial weights, dropout and the shuffling order: the same seed repeats the same run.",
        )
    return config_from_state(P, mc.LabConfig).validated()
