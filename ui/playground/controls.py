"""The playground's sidebar controls: widgets -> session state -> PlaygroundConfig."""

from __future__ import annotations

import streamlit as st

from engine.playground import config as pc
from engine.playground.datasets import CLASSIFICATION_SETS, DATASET_LABELS, REGRESSION_SETS
from engine.playground.features import FEATURE_LABELS, FEATURES
from ui.url_state import PageState

STATE = PageState("pages/playground.py", pc.PlaygroundConfig)  #: the page's config <-> session <-> URL
P = STATE.prefix  #: session-state prefix of the playground's config fields (from the page registry)


def _features_changed() -> None:
    chosen = tuple(f for f in FEATURES if st.session_state.get(f"{P}feat_{f}"))
    if not chosen:
        st.toast("Keep at least one input feature.")
        return
    STATE.set(features=chosen)


def _set_layers(count: int) -> None:
    hidden = list(st.session_state[P + "hidden"])
    count = max(0, min(pc.MAX_LAYERS, count))
    hidden = hidden[:count] + [2] * (count - len(hidden))  # a new layer starts with 2 neurons
    STATE.set(hidden=tuple(hidden))


def _set_neurons(layer: int, delta: int) -> None:
    hidden = list(st.session_state[P + "hidden"])
    hidden[layer] = max(1, min(pc.MAX_NEURONS, hidden[layer] + delta))
    STATE.set(hidden=tuple(hidden))


def _regenerate() -> None:
    STATE.set(seed=(int(st.session_state[P + "seed"]) + 1) % (2**31))


def _data_controls() -> None:
    st.subheader("Data")
    st.selectbox(
        "Data set",
        CLASSIFICATION_SETS + REGRESSION_SETS,
        key=P + "dataset",
        format_func=lambda name: DATASET_LABELS[name],
        help="Circle, XOR, Gauss and Spiral are TensorFlow Playground's generators; "
        "moons and blobs add more shapes and 3-4 classes (softmax output); the last two "
        "are regression problems.",
    )
    st.slider(
        "Noise (%)",
        0,
        80,
        step=5,
        key=P + "noise",
        help="Circle, XOR and the regressions flip/perturb labels; Gauss widens the "
        "clusters; spiral, moons and blobs move the points (as in TF Playground).",
    )
    st.slider("Training data (%)", 10, 90, step=10, key=P + "train_percent")
    st.slider("Number of points", 20, 2000, step=10, key=P + "n_points")
    seed_col, button_col = st.columns(2, vertical_alignment="bottom")
    seed_col.number_input("Data seed", 0, 2**31 - 1, step=1, key=P + "seed")
    button_col.button("Regenerate", on_click=_regenerate, help="New points, same network.")
    left, right = st.columns(2)
    left.checkbox("Show test data", key=P + "show_test")
    right.checkbox("Discretize", key=P + "discretize", help="Show only the predicted class (threshold 0.5).")


def _feature_controls() -> None:
    st.subheader("Input features")
    chosen = st.session_state[P + "features"]
    cols = st.columns(2)
    for i, feature in enumerate(FEATURES):
        st.session_state[f"{P}feat_{feature}"] = feature in chosen
        cols[i % 2].checkbox(FEATURE_LABELS[feature], key=f"{P}feat_{feature}", on_change=_features_changed)


def _network_controls() -> None:
    st.subheader("Network")
    hidden = st.session_state[P + "hidden"]
    label, minus, plus = st.columns([4, 1, 1], vertical_alignment="center")
    label.markdown(f"**{len(hidden)}** hidden layer{'s' if len(hidden) != 1 else ''}")
    minus.button(
        "",
        icon=":material/remove:",
        key=P + "layers_minus",
        on_click=_set_layers,
        args=(len(hidden) - 1,),
        disabled=not hidden,
        help="Remove the last hidden layer",
    )
    plus.button(
        "",
        icon=":material/add:",
        key=P + "layers_plus",
        on_click=_set_layers,
        args=(len(hidden) + 1,),
        disabled=len(hidden) >= pc.MAX_LAYERS,
        help="Add a hidden layer",
    )
    for i, units in enumerate(hidden):
        label, minus, plus = st.columns([4, 1, 1], vertical_alignment="center")
        label.markdown(f"Layer {i + 1}: **{units}** neuron{'s' if units != 1 else ''}")
        minus.button(
            "",
            icon=":material/remove:",
            key=f"{P}n_minus_{i}",
            on_click=_set_neurons,
            args=(i, -1),
            disabled=units <= 1,
            help=f"One neuron fewer in layer {i + 1}",
        )
        plus.button(
            "",
            icon=":material/add:",
            key=f"{P}n_plus_{i}",
            on_click=_set_neurons,
            args=(i, 1),
            disabled=units >= pc.MAX_NEURONS,
            help=f"One more neuron in layer {i + 1}",
        )
    st.selectbox("Activation", list(pc.ACTIVATIONS), key=P + "activation", format_func=pc.ACTIVATIONS.get)
    st.selectbox(
        "Weight initializer", list(pc.INITIALIZERS), key=P + "initializer", format_func=pc.INITIALIZERS.get
    )
    left, right = st.columns(2)
    left.selectbox(
        "Regularization", list(pc.REGULARIZERS), key=P + "regularization", format_func=pc.REGULARIZERS.get
    )
    right.selectbox(
        "Rate",
        pc.REG_RATES,
        key=P + "reg_rate",
        format_func=lambda v: f"{v:g}",
        disabled=st.session_state[P + "regularization"] == "none",
    )
    st.slider(
        "Dropout",
        0.0,
        pc.MAX_DROPOUT,
        step=0.05,
        key=P + "dropout",
        help="Fraction of hidden neurons switched off at random in each training step.",
    )


def _training_controls(is_regression: bool) -> None:
    st.subheader("Training")
    STATE.widget("learning_rate")
    st.slider(
        "Batch size",
        1,
        pc.MAX_BATCH,
        key=P + "batch_size",
        help="Examples per weight update. Changes take effect at once.",
    )
    st.selectbox("Optimizer", list(pc.OPTIMIZERS), key=P + "optimizer", format_func=pc.OPTIMIZERS.get)
    st.radio(
        "Loss",
        list(pc.LOSSES),
        key=P + "loss",
        format_func=pc.LOSSES.get,
        horizontal=True,
        disabled=is_regression,
        help="Regression always uses mean squared error.",
    )


def sidebar_config() -> pc.PlaygroundConfig:
    """Draw every control in the sidebar and return the validated configuration."""
    with st.sidebar:
        _data_controls()
        _feature_controls()
        _network_controls()
        is_regression = st.session_state[P + "dataset"] in REGRESSION_SETS
        _training_controls(is_regression)
    return STATE.config()
