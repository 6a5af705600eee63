"""Recurrent networks on a time series: SimpleRNN, LSTM and GRU trained side by side, live."""

from __future__ import annotations

import streamlit as st

from engine.sequences.forecast.codegen import keras_code
from engine.sequences.forecast.data import load_series, series_problem
from engine.sequences.forecast.presets import PRESETS
from ui.live.controls import reset_run
from ui.live.kit import session_run, transport_bar
from ui.live.session import session_runs
from ui.live.view import live_view
from ui.page_kit import preset_rows, share_tab
from ui.sequences.forecast.controls import STATE, sidebar_config
from ui.sequences.forecast.explain import render_explanation
from ui.sequences.forecast.figures import series_figure, series_frame

VIEW = "rnn_forecast"
FINISHED_HINT = "All epochs done: raise **Epochs** in the sidebar to train on, or press Reset."
SHARE = (
    "This link opens exactly this experiment: the series (and its seed), the window, the networks, "
    "the optimizer, the learning rate and the epochs."
)


def _build(cfg):
    from engine.sequences.forecast.run import ForecastRun

    return ForecastRun(cfg)


def _stop_here(cfg, message: str) -> None:
    """Explain why nothing can be trained, keep the Share tab, and end the page."""
    session_runs().replace(VIEW, None)
    st.error(message, icon=":material/block:")
    with st.expander("Share"):
        share_tab(STATE, cfg, SHARE)
    st.stop()


st.title("Recurrent networks on a time series")
STATE.open()
cfg = sidebar_config()
STATE.remember(cfg)
st.markdown(
    "A recurrent network reads a **window** of past values one at a time, carrying a hidden state, and "
    "predicts the next value. Here a SimpleRNN, an LSTM and a GRU learn the same series side by side "
    "(same windows, same batch order, same seed). Press **Play** and compare their loss, their one-step "
    "predictions and their **free-running forecast**, rolled forward from their own outputs."
)
with st.expander(
    "What to try: real data vs a naive forecast, compounding errors, learning rate, size",
    icon=":material/lightbulb:",
):
    preset_rows(STATE, PRESETS, after=lambda: reset_run(VIEW))

try:
    series = load_series(cfg)
except (OSError, ValueError, KeyError) as err:
    _stop_here(cfg, f"The series could not be loaded: {err}")
st.caption(f"**{series.label}**: {series.source}. Nothing is downloaded.")
problem = series_problem(series, cfg.window)
if problem:
    _stop_here(cfg, problem)

run = session_run(
    VIEW,
    cfg,
    _build,
    reuse=lambda r: r.config.model_key() == cfg.model_key(),
    spinner="Building the networks… (the first time loads TensorFlow: a few seconds)",
)
snap = run.snapshot()
transport_bar(
    STATE,
    VIEW,
    run,
    step_help="Pause and train every network exactly one more epoch (one pass over the training windows).",
    reset_help="Back to epoch 0 with the seed's initial weights.",
    finished_hint=FINISHED_HINT,
    caption=f"{snap.n_windows} training windows per epoch · batch size {cfg.batch_size} · "
    f"learning rate, epochs and horizon change live · seed {cfg.seed}",
)
notes = st.container()  # always present, so the live view below keeps its place (no remount)
if cfg.horizon > snap.horizon:
    notes.info(
        f"The forecast is cut to the validation range: {snap.horizon} steps (not {cfg.horizon}), "
        "since there is no truth to compare with beyond it.",
        icon=":material/content_cut:",
    )
live_view(session_runs().token, VIEW)

math_tab, data_tab, code_tab, link_tab = st.tabs(["How it works", "Data", "Keras code", "Share"])
with math_tab:
    if run.playing:
        st.info("Pause (or press Step) to read the formulas with this run's numbers.")
    render_explanation(run.snapshot())
with data_tab:
    st.markdown(f"**{series.label}**: {series.source}.")
    st.plotly_chart(series_figure(series, cfg.window), key=STATE.key("series_chart"))
    st.download_button(
        "Download the series (CSV)",
        data=lambda: series_frame(series).to_csv(index=False),
        file_name=f"rnn_forecast_{cfg.series}.csv",
        mime="text/csv",
        on_click="ignore",
    )
with code_tab:
    st.markdown(
        "The same experiment in plain Keras (`model.fit` per network, then the one-step and the "
        "free-running forecast on the validation range). It runs as it is:"
    )
    st.code(keras_code(cfg), language="python")
with link_tab:
    share_tab(STATE, cfg, SHARE)
