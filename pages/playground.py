"""Neural network playground: TensorFlow Playground's ideas, trained live with Keras."""

from __future__ import annotations

import streamlit as st

from engine.live.scheduler import DEFAULT_SCHEDULER
from engine.playground.codegen import keras_code
from engine.playground.config import PlaygroundConfig
from engine.playground.datasets import DATASET_LABELS
from ui.live.controls import current_run, reset_run
from ui.live.kit import ExtraButton, session_run, transport_bar
from ui.live.session import session_runs
from ui.live.view import live_view
from ui.numbers import server_load
from ui.page_kit import share_tab, what_to_try
from ui.playground.controls import STATE, sidebar_config
from ui.playground.explain import render_explanation
from ui.playground.figures import boundary_figure, history_frame
from ui.playground.presets import PRESETS

VIEW = "playground"


def _build(cfg: PlaygroundConfig):
    from engine.playground.run import PlaygroundRun

    return PlaygroundRun(cfg)


def _reset_new_weights() -> None:
    STATE.set(init_seed=(int(STATE.value("init_seed")) + 1) % (2**31))
    run = current_run(VIEW)
    if run is not None:
        run.pause()


st.title("Neural network playground")
STATE.open()
cfg = sidebar_config()
STATE.remember(cfg)
run = session_run(
    VIEW,
    cfg,
    _build,
    reuse=lambda r: r.config.model_key() == cfg.model_key(),
    spinner="Building the network… (the first time loads TensorFlow: a few seconds)",
)
snap = run.snapshot()

st.caption(
    f"Data: **{DATASET_LABELS[cfg.dataset]}**, {cfg.n_points} points generated on this server "
    f"(noise {cfg.noise} %, {cfg.train_percent} % for training, seed {cfg.seed}); no download. "
    + server_load(DEFAULT_SCHEDULER.active, DEFAULT_SCHEDULER.slots, DEFAULT_SCHEDULER.queued)
)
what_to_try(  # above the run they change
    STATE, PRESETS, "XOR and features, a spiral, divergence, overfitting, zero init, three classes"
)
transport_bar(
    STATE,
    VIEW,
    run,
    step_help="Train exactly one epoch.",
    reset_help="Back to epoch 0 with new random initial weights (the weight seed goes up).",
    on_reset=_reset_new_weights,
    extra=[
        ExtraButton(
            "Reset to same weights",
            reset_run,
            "reset_same",
            args=(VIEW, True),
            help="Back to epoch 0 with the very same initial weights: change one setting, "
            "reset this way and compare the runs fairly.",
        )
    ],
    caption=f"Weight seed {cfg.init_seed} · the URL holds this whole experiment",
)
playing = run.playing

live_view(session_runs().token, VIEW)

math_tab, code_tab, inspect_tab, link_tab = st.tabs(
    ["How it works", "Keras code", "Inspect & export", "Share"]
)
with math_tab:
    render_explanation(snap)
with link_tab:
    share_tab(
        STATE,
        cfg,
        "This link opens exactly this experiment: the same data (seed), the same network and "
        "the same initial weights. Send it to the class, or bookmark it for the next lecture.",
    )
with code_tab:
    st.markdown("The same network in plain Keras (copy it into a notebook in this repo):")
    st.code(keras_code(cfg), language="python")
with inspect_tab:
    if playing:
        st.info("Pause to inspect the boundary with hover and zoom, and to export.")
    else:
        st.plotly_chart(boundary_figure(snap), key=STATE.key("boundary"))
        left, right = st.columns(2)
        left.download_button(
            "Download the model (.keras)",
            data=run.export_keras,
            file_name="playground.keras",
            mime="application/octet-stream",
            on_click="ignore",
        )
        right.download_button(
            "Download the loss history (CSV)",
            data=lambda: history_frame(snap).to_csv(index=False),
            file_name="playground_history.csv",
            mime="text/csv",
            on_click="ignore",
        )
