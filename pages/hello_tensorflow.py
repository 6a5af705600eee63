"""Hello TensorFlow: one Keras Dense(1) neuron learns y = 2x + 1 (and house prices) live."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from engine.live.run import RunStatus
from engine.neuron.config import NeuronConfig
from engine.neuron.data import DATASETS
from ui.live.controls import reset_run
from ui.live.kit import session_run, transport_bar
from ui.live.session import session_runs
from ui.live.view import live_view
from ui.neuron.codegen import neuron_code
from ui.neuron.explain import render_neuron_explanation
from ui.neuron.figures import fit_figure, history_frame
from ui.neuron.presets import NEURON_PRESETS
from ui.numbers import count, signed
from ui.page_kit import share_tab, what_to_try
from ui.url_state import PageState

STATE = PageState("pages/hello_tensorflow.py", NeuronConfig)
VIEW = "neuron"
FINISHED_HINT = "All epochs done: raise **Epochs** to keep training, or press Reset."


def _build(cfg: NeuronConfig):
    from engine.neuron.run import NeuronRun

    return NeuronRun(cfg)


def _sidebar() -> NeuronConfig:
    with st.sidebar:
        st.header("The experiment")
        STATE.widget("dataset", horizontal=False)
        for name in ("learning_rate", "epochs", "speed", "x_query", "seed"):
            STATE.widget(name)
    return STATE.config()


st.title("Hello TensorFlow: a single neuron")
STATE.open()
cfg = _sidebar()
STATE.remember(cfg)
run = session_run(
    VIEW,
    cfg,
    _build,
    reuse=lambda r: r.config.model_key() == cfg.model_key(),
    spinner="Building the neuron… (the first time loads TensorFlow: a few seconds)",
)
snap = run.snapshot()
data = DATASETS[cfg.dataset]

st.markdown(
    "The slides' first TensorFlow program: a model with **one neuron** (`keras.layers.Dense(1)`) "
    "is shown a few (x, y) pairs and finds the rule by itself with gradient descent. Press **Play** "
    "and watch the orange line, the weight w and the bias b."
)
st.caption(
    f"Data: **{data.label}**, {len(data.x)} points from {data.source}; bundled, no download. "
    f"Model: Keras Dense(1), SGD(learning_rate={cfg.learning_rate:g}), MSE loss, weight seed {cfg.seed}."
)

what_to_try(  # above the run they restart
    STATE,
    NEURON_PRESETS,
    "the slides' run, learning rates from too small to diverging, house prices",
    after=lambda: reset_run(VIEW),
)
transport_bar(
    STATE,
    VIEW,
    run,
    step_help="Train exactly one epoch.",
    reset_help="Back to epoch 0 with the same initial weight (change the seed for another).",
    finished_hint=FINISHED_HINT,
    caption="Settings change live; the link in the address bar reopens this exact experiment.",
)
done = st.container()  # always present, so the live view below keeps its place (no remount)
if snap.status == RunStatus.FINISHED:
    done.success(
        f"Done: {count(snap.epoch, 'epoch')}, like model.fit(epochs={cfg.epochs}).", icon=":material/check:"
    )
playing = run.playing

live_view(session_runs().token, VIEW)

math_tab, code_tab, data_tab, inspect_tab, link_tab = st.tabs(
    ["How it works", "Keras code", "Data", "Inspect", "Share"]
)
with math_tab:
    render_neuron_explanation(snap)
with code_tab:
    st.markdown(
        "The slides' program with this page's settings (Keras 3 spelling: `keras.Input` instead of "
        "`input_shape=[1]`). It gives the same numbers as the live run, epoch for epoch:"
    )
    st.code(neuron_code(cfg), language="python")
with data_tab:
    st.markdown(f"**{data.label}**: {data.source}.")
    st.dataframe(pd.DataFrame({data.x_name: data.x, data.y_name: data.y}), hide_index=True, width="content")
    if data.true_line is None:
        bw, bb = snap.best
        st.markdown(
            f"No line passes through every point. The best one (least squares) is "
            f"ŷ = {bw:.4f}·x{signed(bb, '.4f')}: that is where the neuron converges."
        )
with inspect_tab:
    if playing:
        st.info("Pause to inspect the fit with hover and zoom, and to download the history.")
    else:
        st.plotly_chart(fit_figure(snap), key=STATE.key("fit_chart"))
        st.download_button(
            "Download w, b and loss per epoch (CSV)",
            data=lambda: history_frame(snap).to_csv(index=False),
            file_name="hello_tensorflow_history.csv",
            mime="text/csv",
            on_click="ignore",
        )
with link_tab:
    share_tab(
        STATE, cfg, "This link opens exactly this experiment (data, learning rate, epochs, seed, your x):"
    )
