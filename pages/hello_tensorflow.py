"""Hello TensorFlow: one Keras Dense(1) neuron learns y = 2x + 1 (and house prices) live."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from engine.live.run import RunStatus
from engine.neuron.config import LEARNING_RATES, MAX_EPOCHS, SPEEDS, X_LIMIT, ConfigError, NeuronConfig
from engine.neuron.data import DATASETS
from ui.live.controls import reset_run, step_run, toggle_play
from ui.live.session import session_runs
from ui.live.view import live_view
from ui.neuron.codegen import neuron_code
from ui.neuron.explain import render_neuron_explanation
from ui.neuron.figures import fit_figure, history_frame
from ui.neuron.presets import NEURON_PRESETS
from ui.url_state import config_from_state, ensure_state, remember, set_fields, share_url

P = "ht_"
VIEW = "neuron"


def _ensure_run(cfg: NeuronConfig):
    """The session's run for ``cfg``: updated live when possible, rebuilt for new data or seed."""
    holder = session_runs()
    run = holder.get(VIEW)
    if run is not None and run.config.model_key() == cfg.model_key():
        run.update_settings(cfg)
        return run
    with st.spinner("Building the neuron… (the first time loads TensorFlow: a few seconds)"):
        from engine.neuron.run import NeuronRun

        run = NeuronRun(cfg)
    holder.replace(VIEW, run)
    return run


FINISHED_HINT = "All epochs done: raise **Epochs** to keep training, or press Reset."


def _apply_preset(index: int) -> None:
    set_fields(P, **NEURON_PRESETS[index].fields)
    reset_run(VIEW)


def _sidebar() -> NeuronConfig:
    with st.sidebar:
        st.header("The experiment")
        st.radio(
            "Data",
            list(DATASETS),
            key=P + "dataset",
            format_func=lambda k: DATASETS[k].label,
            help="Both are the slides' own numbers, bundled with the app.",
        )
        st.select_slider(
            "Learning rate (SGD)",
            LEARNING_RATES,
            key=P + "learning_rate",
            help="keras.optimizers.SGD(learning_rate=...). The slides use 0.02. Changes apply live.",
        )
        st.number_input(
            "Epochs (model.fit(..., epochs=))",
            min_value=1,
            max_value=MAX_EPOCHS,
            step=100,
            key=P + "epochs",
            help="The run stops here, as model.fit does. Raise it to keep training.",
        )
        st.select_slider(
            "Animation speed (epochs per second)",
            SPEEDS,
            key=P + "speed",
            help="Only how fast you watch it: the math of each epoch is the same.",
        )
        st.number_input(
            "Predict y for your own x",
            min_value=-X_LIMIT,
            max_value=X_LIMIT,
            step=1.0,
            key=P + "x_query",
            help="The neuron's prediction for this input is shown live.",
        )
        st.number_input(
            "Weight seed",
            min_value=0,
            max_value=2**31 - 1,
            step=1,
            key=P + "seed",
            help="Seeds the initial weight (Glorot uniform, Keras's default). Same seed, same run.",
        )
    cfg = config_from_state(P, NeuronConfig)
    return cfg.validated()


st.title("Hello TensorFlow: a single neuron")
for problem in ensure_state(P, NeuronConfig):
    st.warning(f"The link had a setting this page cannot use, so it was skipped: {problem}")
try:
    cfg = _sidebar()
except (ConfigError, TypeError, ValueError) as err:
    st.error(f"That setting is not possible: {err}. Using the defaults instead.")
    cfg = NeuronConfig()
remember(P, cfg)
run = _ensure_run(cfg)
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

playing = run.playing
buttons = st.columns([1.2, 1, 1, 4], vertical_alignment="center")
buttons[0].button(
    "Pause" if playing else "Play",
    icon=":material/pause:" if playing else ":material/play_arrow:",
    key="ht_play",
    type="primary",
    on_click=toggle_play,
    args=(VIEW, FINISHED_HINT),
    width="stretch",
)
buttons[1].button(
    "Step", key="ht_step", on_click=step_run, args=(VIEW,), help="Train exactly one epoch.", width="stretch"
)
buttons[2].button(
    "Reset",
    key="ht_reset",
    on_click=reset_run,
    args=(VIEW,),
    help="Back to epoch 0 with the same initial weight (change the seed for another).",
    width="stretch",
)
if snap.status == RunStatus.FINISHED:
    buttons[3].success(
        f"Done: {snap.epoch} epochs, like model.fit(epochs={cfg.epochs}).", icon=":material/check:"
    )
else:
    buttons[3].caption("Settings change live; the link in the address bar reopens this exact experiment.")

notice = st.container()  # always present, so the live view below keeps its place (no remount)
if snap.status == RunStatus.DIVERGED:
    notice.error(snap.message, icon=":material/error:")

live_view(session_runs().token, VIEW, height=660)

try_tab, math_tab, code_tab, data_tab, inspect_tab, share_tab = st.tabs(
    ["What to try", "How it works", "Keras code", "Data", "Inspect", "Share"]
)
with try_tab:
    for i, preset in enumerate(NEURON_PRESETS):
        left, right = st.columns([1.3, 3], vertical_alignment="center")
        left.button(preset.title, key=f"ht_preset_{i}", on_click=_apply_preset, args=(i,), width="stretch")
        right.markdown(preset.lesson)
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
            f"ŷ = {bw:.4f}·x + {bb:.4f}: that is where the neuron converges."
        )
with inspect_tab:
    if playing:
        st.info("Pause to inspect the fit with hover and zoom, and to download the history.")
    else:
        st.plotly_chart(fit_figure(snap), key="ht_fit")
        st.download_button(
            "Download w, b and loss per epoch (CSV)",
            data=lambda: history_frame(snap).to_csv(index=False),
            file_name="hello_tensorflow_history.csv",
            mime="text/csv",
            on_click="ignore",
        )
with share_tab:
    st.markdown("This link opens exactly this experiment (data, learning rate, epochs, seed, your x):")
    st.code(share_url(cfg.to_params(), "hello_tensorflow"), language=None, wrap_lines=True)
