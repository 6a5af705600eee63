"""Neural network playground: TensorFlow Playground's ideas, trained live with Keras."""

from __future__ import annotations

import streamlit as st

from engine.live.run import RunStatus
from engine.live.scheduler import DEFAULT_SCHEDULER
from engine.playground.codegen import keras_code
from engine.playground.config import ConfigError, PlaygroundConfig
from engine.playground.datasets import DATASET_LABELS
from ui.live.controls import DIVERGED_HINT, current_run, reset_run, step_run, toggle_play
from ui.live.session import session_runs
from ui.live.view import live_view
from ui.playground.controls import P, sidebar_config
from ui.playground.explain import render_explanation
from ui.playground.figures import boundary_figure, history_frame
from ui.playground.presets import PRESETS
from ui.url_state import ensure_state, remember, set_fields, share_url

VIEW = "playground"


def _ensure_run(cfg: PlaygroundConfig):
    """The session's run for ``cfg``: updated live when possible, rebuilt otherwise."""
    holder = session_runs()
    run = holder.get(VIEW)
    if run is not None and run.config.model_key() == cfg.model_key():
        run.update_settings(cfg)
        return run
    with st.spinner("Building the network… (the first time loads TensorFlow: a few seconds)"):
        from engine.playground.run import PlaygroundRun

        run = PlaygroundRun(cfg)
    holder.replace(VIEW, run)
    return run


def _reset_new_weights() -> None:
    set_fields(P, init_seed=(int(st.session_state[P + "init_seed"]) + 1) % (2**31))
    run = current_run(VIEW)
    if run is not None:
        run.pause()


def _apply_preset(index: int) -> None:
    cfg = PRESETS[index].config(seed=int(st.session_state[P + "seed"]))
    set_fields(P, **{name: getattr(cfg, name) for name in cfg.__dataclass_fields__})


st.title("Neural network playground")
problems = ensure_state(P, PlaygroundConfig)
for problem in problems:
    st.warning(f"The link had a setting this page cannot use, so it was skipped: {problem}")

try:
    cfg = sidebar_config()
except ConfigError as err:
    st.error(f"That combination of settings is not possible: {err}. Using the defaults instead.")
    cfg = PlaygroundConfig()
remember(P, cfg)
run = _ensure_run(cfg)
snap = run.snapshot()

st.caption(
    f"Data: **{DATASET_LABELS[cfg.dataset]}**, {cfg.n_points} points generated on this server "
    f"(noise {cfg.noise} %, {cfg.train_percent} % for training, seed {cfg.seed}); no download. "
    f"Compute: {DEFAULT_SCHEDULER.active} of {DEFAULT_SCHEDULER.slots} training slots busy"
    + (f", {DEFAULT_SCHEDULER.queued} queued" if DEFAULT_SCHEDULER.queued else "")
    + "."
)

playing = run.playing
buttons = st.columns([1.2, 1, 1.6, 2.2, 3], vertical_alignment="center")
buttons[0].button(
    "Pause" if playing else "Play",
    icon=":material/pause:" if playing else ":material/play_arrow:",
    key="pg_play",
    type="primary",
    on_click=toggle_play,
    args=(VIEW, DIVERGED_HINT),
    use_container_width=True,
)
buttons[1].button(
    "Step",
    key="pg_step",
    on_click=step_run,
    args=(VIEW,),
    help="Train exactly one epoch.",
    use_container_width=True,
)
buttons[2].button(
    "Reset",
    key="pg_reset",
    on_click=_reset_new_weights,
    help="Back to epoch 0 with new random initial weights (the weight seed goes up).",
    use_container_width=True,
)
buttons[3].button(
    "Reset to same weights",
    key="pg_reset_same",
    on_click=reset_run,
    args=(VIEW, True),
    help="Back to epoch 0 with the very same initial weights: change one setting, "
    "reset this way and compare the runs fairly.",
    use_container_width=True,
)
buttons[4].caption(f"Weight seed {cfg.init_seed} · the URL holds this whole experiment")

if snap.status == RunStatus.DIVERGED:
    st.error(snap.message, icon=":material/error:")

live_view(session_runs().token, VIEW, height=660)  # the view is 649 px tall

try_tab, math_tab, code_tab, inspect_tab, share_tab = st.tabs(
    ["What to try", "How it works", "Keras code", "Inspect & export", "Share"]
)
with try_tab:
    for i, preset in enumerate(PRESETS):
        left, right = st.columns([1.3, 3], vertical_alignment="center")
        left.button(
            preset.title, key=f"pg_preset_{i}", on_click=_apply_preset, args=(i,), use_container_width=True
        )
        right.markdown(preset.lesson)
with math_tab:
    render_explanation(snap)
with share_tab:
    st.markdown(
        "This link opens exactly this experiment: the same data (seed), the same network and "
        "the same initial weights. Send it to the class, or bookmark it for the next lecture."
    )
    st.code(share_url(cfg.to_params(), "playground"), language=None, wrap_lines=True)
with code_tab:
    st.markdown("The same network in plain Keras (copy it into a notebook in this repo):")
    st.code(keras_code(cfg), language="python")
with inspect_tab:
    if playing:
        st.info("Pause to inspect the boundary with hover and zoom, and to export.")
    else:
        st.plotly_chart(boundary_figure(snap), key="pg_boundary")
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
