"""Optimizer race: GD, SGD, mini-batch, momentum, Nesterov, Adagrad, Adadelta, RMSprop, Adam, live."""

from __future__ import annotations

import streamlit as st

from engine.live.run import RunStatus
from engine.optim.config import ConfigError, RaceConfig
from engine.optim.run import RaceRun
from ui.live.controls import reset_run, step_run, toggle_play
from ui.live.session import session_runs
from ui.live.view import live_view
from ui.optim.controls import P, apply_config, sidebar_config
from ui.optim.explain import keras_code, numpy_code, render_rules
from ui.optim.figures import history_frame, loss_figure, start_picker, surface_3d
from ui.optim.presets import PRESETS
from ui.url_state import ensure_state, remember, set_fields, share_url

VIEW = "optimizer_race"
PICKER = "or_picker"


def _ensure_run(cfg: RaceConfig) -> RaceRun:
    """The session's race for ``cfg`` (settings applied to the running race when it exists)."""
    holder = session_runs()
    run = holder.get(VIEW)
    if isinstance(run, RaceRun):
        run.update_settings(cfg)
        return run
    run = RaceRun(cfg)
    holder.replace(VIEW, run)
    return run


OVER_HINT = "The race is over (finished or every racer diverged): press Reset."


def _apply_preset(index: int) -> None:
    apply_config(PRESETS[index].config(seed=int(st.session_state[P + "seed"])))


def _picked() -> None:
    """A click on the start-point picker: start from the clicked grid point."""
    event = st.session_state.get(PICKER)
    points = (event or {}).get("selection", {}).get("points", []) if isinstance(event, dict) else []
    if not points and event is not None and hasattr(event, "selection"):
        points = event.selection.points
    if points:
        set_fields(P, start_x=round(float(points[0]["x"]), 3), start_y=round(float(points[0]["y"]), 3))


st.title("Optimizer race")
problems = ensure_state(P, RaceConfig)
for problem in problems:
    st.warning(f"The link had a setting this page cannot use, so it was skipped: {problem}")
try:
    cfg = sidebar_config()
except ConfigError as err:
    st.error(f"That combination of settings is not possible: {err}. Going back to the defaults.")
    cfg = RaceConfig()
remember(P, cfg)
run = _ensure_run(cfg)
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

playing = run.playing
buttons = st.columns([1.2, 1, 1, 4.5], vertical_alignment="center")
buttons[0].button(
    "Pause" if playing else "Play",
    icon=":material/pause:" if playing else ":material/play_arrow:",
    key="or_play",
    type="primary",
    on_click=toggle_play,
    args=(VIEW, OVER_HINT, OVER_HINT),
    use_container_width=True,
)
buttons[1].button(
    "Step",
    key="or_step",
    on_click=step_run,
    args=(VIEW,),
    help="Every racer takes one step.",
    use_container_width=True,
)
buttons[2].button(
    "Reset",
    key="or_reset",
    on_click=reset_run,
    args=(VIEW,),
    help="Back to the start point at step 0 (the noisy racers replay the same noise).",
    use_container_width=True,
)
buttons[3].caption(
    f"{cfg.speed} steps/s · race of {cfg.max_steps} steps · the URL holds this whole race (Share tab)"
)
if snap.status == RunStatus.DIVERGED:
    st.error(snap.message, icon=":material/error:")
for event in snap.events:
    st.warning(event, icon=":material/warning:")

live_view(session_runs().token, VIEW, height=880)

try_tab, rules_tab, start_tab, view3d_tab, code_tab, share_tab = st.tabs(
    ["What to try", "Update rules, live", "Start point", "3-D surface", "Keras code", "Share & export"]
)
with try_tab:
    for i, preset in enumerate(PRESETS):
        left, right = st.columns([1.4, 3], vertical_alignment="center")
        left.button(
            preset.title, key=f"or_preset_{i}", on_click=_apply_preset, args=(i,), use_container_width=True
        )
        right.markdown(preset.lesson)
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
        st.plotly_chart(surface_3d(surface, snap.racers, (cfg.start_x, cfg.start_y)), key="or_3d")
        st.plotly_chart(loss_figure(surface, snap.racers), key="or_loss")
with code_tab:
    st.markdown(
        "The same race with Keras's own optimizers and `tf.GradientTape` (every optimizer with the exact "
        "gradient). The page's numpy rules match these to 1e-5 step by step."
    )
    st.code(keras_code(cfg, surface), language="python")
    with st.expander("The numpy update rules this page runs (engine/optim/optimizers.py)"):
        st.code(numpy_code(cfg), language="python")
with share_tab:
    st.markdown(
        "This link opens exactly this race: surface, start point, optimizers and every hyperparameter."
    )
    st.code(share_url(cfg.to_params(), "optimizer_race"), language=None, wrap_lines=True)
    if not playing:
        st.download_button(
            "Download every racer's path (CSV)",
            data=lambda: history_frame(snap.racers).to_csv(index=False),
            file_name=f"optimizer_race_{surface.key}.csv",
            mime="text/csv",
            on_click="ignore",
        )
