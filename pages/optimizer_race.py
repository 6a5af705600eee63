"""Optimizer race: GD, SGD, mini-batch, momentum, Nesterov, Adagrad, Adadelta, RMSprop, Adam, live."""

from __future__ import annotations

import streamlit as st

from engine.optim.run import RaceRun
from ui.live.kit import session_run, transport_bar
from ui.live.session import session_runs
from ui.live.view import live_view
from ui.optim.controls import STATE, sidebar_config
from ui.optim.explain import keras_code, numpy_code, render_rules
from ui.optim.figures import history_frame, loss_figure, start_picker, surface_3d
from ui.optim.presets import PRESETS
from ui.page_kit import share_tab, what_to_try

VIEW = "optimizer_race"
PICKER = STATE.key("picker")
OVER_HINT = "The race is over (finished or every racer diverged): press Reset."


def _picked() -> None:
    """A click on the start-point picker: start from the clicked grid point."""
    event = st.session_state.get(PICKER)
    points = (event or {}).get("selection", {}).get("points", []) if isinstance(event, dict) else []
    if not points and event is not None and hasattr(event, "selection"):
        points = event.selection.points
    if points:
        STATE.set(start_x=round(float(points[0]["x"]), 3), start_y=round(float(points[0]["y"]), 3))


st.title("Optimizer race")
STATE.open()
cfg = sidebar_config()
STATE.remember(cfg)
run = session_run(VIEW, cfg, RaceRun, reuse=lambda r: isinstance(r, RaceRun))
snap = run.snapshot()
surface = snap.surface

source = (
    f"the {surface.n_examples} points of a seeded synthetic data set (seed {cfg.seed}), generated here"
    if surface.sample_grad_fn is not None
    else "a formula, computed here (no data)"
)
st.caption(
    f"**{surface.label}**: {surface.blurb} Start ({cfg.start_x:g}, {cfg.start_y:g}); "
    f"{len(cfg.racers)} optimizers. Loss source: {source}; nothing is downloaded."
)

what_to_try(  # above the race they change
    STATE, PRESETS, "valleys, a saddle, a plateau, noise, a real model, all nine", widths=(1.4, 3.0)
)
transport_bar(
    STATE,
    VIEW,
    run,
    step_help="Every racer takes one step.",
    reset_help="Back to the start point at step 0 (the noisy racers replay the same noise).",
    finished_hint=OVER_HINT,
    diverged_hint=OVER_HINT,
    caption=f"{cfg.speed} steps/s · race of {cfg.max_steps} steps · the URL holds this whole race (Share tab)",
)
events = st.container()  # always present, so the live view below keeps its place (no remount)
for event in snap.events:
    events.warning(event, icon=":material/warning:")
playing = run.playing

live_view(session_runs().token, VIEW)

rules_tab, start_tab, view3d_tab, code_tab, link_tab = st.tabs(
    ["Update rules, live", "Start point", "3-D surface", "Keras code", "Share & export"]
)
with rules_tab:
    if playing:
        st.info("Pause (or press Step) to read every rule with the numbers of the current step.")
    else:
        render_rules(snap.racers, snap.config)
with start_tab:
    st.markdown(
        "Click anywhere on the contour to release the racers from there (the race restarts). "
        "★ marks the minimum, ○ the current start."
    )
    st.plotly_chart(
        start_picker(surface, (cfg.start_x, cfg.start_y)),
        key=PICKER,
        on_select=_picked,
        selection_mode="points",
        config={"displayModeBar": False},
    )
with view3d_tab:
    if playing:
        st.info("Pause to explore the 3-D surface with the racers' paths (drag to rotate, scroll to zoom).")
    else:
        st.plotly_chart(surface_3d(surface, snap.racers, (cfg.start_x, cfg.start_y)), key=STATE.key("3d"))
        st.plotly_chart(loss_figure(surface, snap.racers), key=STATE.key("loss_chart"))
with code_tab:
    st.markdown(
        "The same race with Keras's own optimizers and `tf.GradientTape` (every optimizer with the exact "
        "gradient). The page's numpy rules match these to 1e-5 step by step."
    )
    st.code(keras_code(cfg, surface), language="python")
    with st.expander("The numpy update rules this page runs (engine/optim/optimizers.py)"):
        st.code(numpy_code(cfg), language="python")
with link_tab:
    share_tab(
        STATE,
        cfg,
        "This link opens exactly this race: surface, start point, optimizers and every hyperparameter.",
    )
    if not playing:
        st.download_button(
            "Download every racer's path (CSV)",
            data=lambda: history_frame(snap.racers).to_csv(index=False),
            file_name=f"optimizer_race_{surface.key}.csv",
            mime="text/csv",
            on_click="ignore",
        )
