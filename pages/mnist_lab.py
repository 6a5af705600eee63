"""MNIST lab: browse the digits, train the slides' networks live, then look inside the result."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np
import streamlit as st

from engine.live.run import RunStatus
from engine.mnist.codegen import keras_code
from engine.mnist.config import ConfigError, LabConfig
from engine.mnist.models import MODELS
from ui.live.controls import DIVERGED_HINT, current_run, step_run, toggle_play
from ui.live.session import session_runs
from ui.live.view import live_view
from ui.mnist import lab_results
from ui.mnist.controls import P, sidebar_config
from ui.mnist.data import load_data, source_caption, source_details
from ui.mnist.explain import render_explanation
from ui.mnist.figures import digit_figure
from ui.mnist.presets import PRESETS
from ui.url_state import ensure_state, remember, set_fields, share_url

if TYPE_CHECKING:
    from engine.mnist.run import MnistSnapshot

VIEW = "mnist"


def _ensure_run(cfg: LabConfig, data):
    """The session's run for ``cfg`` (rebuilt when a setting that shapes training changed)."""
    holder = session_runs()
    run = holder.get(VIEW)
    if run is not None and run.data is data:
        if run.config.training_key() == cfg.training_key():
            return run
        same_network = dataclasses.replace(run.config, epochs=cfg.epochs).training_key() == cfg.training_key()
        if same_network and run.status != RunStatus.STOPPED:
            run.set_epochs(cfg.epochs)  # more (or fewer) epochs: the same network trains on
            return run
    with st.spinner("Building the network… (the first time loads TensorFlow: a few seconds)"):
        from engine.mnist.run import MnistRun

        run = MnistRun(cfg, data)
    holder.replace(VIEW, run)
    return run


FINISHED_HINT = "Training is finished: raise the epochs to go on, or press Reset."
STOPPED_HINT = "This run was stopped for good: press Reset to start a new one."


def _stop() -> None:
    """End the session's lab run for good (its network and results stay on show)."""
    run = current_run(VIEW)
    if run is not None:
        run.stop()


def _reset() -> None:
    """Back to epoch 0 with the seed's weights; a stopped run is replaced by a new one."""
    run = current_run(VIEW)
    if run is None:
        return
    if run.status == RunStatus.STOPPED:
        session_runs().replace(VIEW, None)  # the rerun builds a new run from the current settings
    else:
        run.reset(same_init=True)


def _stopped_at(snap: MnistSnapshot) -> str:
    """Where a stopped run ended, e.g. 'during epoch 3 (batch 20 of 57; 2 of 8 epochs complete)'."""
    epochs = snap.config.epochs
    if not snap.trained:
        return "before any training"
    if snap.batch:
        return (
            f"during epoch {snap.epoch + 1} (batch {snap.batch} of {snap.batches_per_epoch}; "
            f"{snap.epoch} of {epochs} epochs complete)"
        )
    return f"after epoch {snap.epoch} of {epochs}"


def _apply_preset(index: int) -> None:
    cfg = PRESETS[index].config(int(st.session_state[P + "seed"]), st.session_state[P + "dataset"])
    set_fields(P, **{name: getattr(cfg, name) for name in cfg.__dataclass_fields__ if name != "browse"})


def _browse(delta: int | None, n: int) -> None:
    if delta is None:
        value = int(np.random.default_rng().integers(n))
    else:
        value = (int(st.session_state[P + "browse"]) + delta) % n
    set_fields(P, browse=value)


@st.fragment(run_every=1.0)
def _watch_training(run_id: int) -> None:
    """While training, look once a second whether it ended; then rerun the page for the results."""
    run = current_run(VIEW)
    if run is None or run.run_id != run_id or not run.playing:
        st.rerun()


st.title("MNIST lab")
for problem in ensure_state(P, LabConfig):
    st.warning(f"The link had a setting this page cannot use, so it was skipped: {problem}")

data, data_problem = load_data(st.session_state[P + "dataset"])
if data_problem:
    st.info(data_problem, icon=":material/info:")
try:
    cfg = sidebar_config(len(data.y_train))
except ConfigError as err:
    st.error(f"That combination of settings is not possible: {err}. Using the defaults instead.")
    cfg = LabConfig()
remember(P, cfg)
st.caption(source_caption(data))
source_details(data)

# ---- browse -----------------------------------------------------------------------------------
st.subheader("1 · Look at the data")
n_train = len(data.y_train)
if int(st.session_state[P + "browse"]) >= n_train:
    st.session_state[P + "browse"] = 0
    cfg = LabConfig(**{**cfg.__dict__, "browse": 0})
index = cfg.browse
left, right = st.columns([1, 1.4], gap="large")
with left:
    nav = st.columns([2, 1, 1, 1], vertical_alignment="bottom")
    nav[0].number_input(f"Training image (0-{n_train - 1})", 0, n_train - 1, step=1, key=P + "browse")
    nav[1].button(
        "",
        icon=":material/chevron_left:",
        key="mnist_prev",
        on_click=_browse,
        args=(-1, n_train),
        help="Previous image",
    )
    nav[2].button(
        "",
        icon=":material/chevron_right:",
        key="mnist_next",
        on_click=_browse,
        args=(1, n_train),
        help="Next image",
    )
    nav[3].button(
        "",
        icon=":material/casino:",
        key="mnist_random",
        on_click=_browse,
        args=(None, n_train),
        help="A random image",
    )
    label = int(data.y_train[index])
    st.markdown(
        f"### LABEL: {label} · {data.class_names[label]}"
        if cfg.dataset == "fashion"
        else f"### LABEL: {label}"
    )
    st.markdown(
        "Every image is a 28 x 28 matrix of brightness values, **0 = black background, "
        "255 = white ink**. The network sees only these 784 numbers"
        + (" (divided by 255)." if cfg.normalize else " (not normalised!).")
        + " Hover the picture to read each pixel; the numbers on it are the non-zero values."
    )
    counts = np.bincount(data.y_train, minlength=10)
    st.caption(
        "Training images per class: " + ", ".join(f"{data.class_names[c]}: {counts[c]}" for c in range(10))
    )
    with st.expander("The matrix as the slides print it (`show_image(index)`)"):
        st.code(np.array2string(data.x_train[index], max_line_width=200), language=None)
with right:
    st.plotly_chart(
        digit_figure(data.x_train[index], f"training image {index}: the pixel matrix"), key="mnist_digit"
    )

# ---- train ------------------------------------------------------------------------------------
st.subheader("2 · Train")
st.markdown(
    f"**{MODELS[cfg.model]}** · {cfg.optimizer.upper()} (learning rate {cfg.learning_rate:g}) · "
    f"{cfg.epochs} epochs · batch size {cfg.batch_size}"
)
if not cfg.flatten:
    from engine.mnist.models import flatten_problem

    session_runs().replace(VIEW, None)
    st.error("This network cannot be trained as it is: " + flatten_problem(cfg.spec), icon=":material/block:")
    from ui.mnist.explain import shape_table

    st.dataframe(shape_table(cfg), hide_index=True)
    run = None
else:
    run = _ensure_run(cfg, data)

if run is not None:
    snap = run.snapshot()
    playing = run.playing
    buttons = st.columns([1.3, 1.3, 1.1, 1.1, 4], vertical_alignment="center")
    finished = snap.status == RunStatus.FINISHED
    stopped = snap.status == RunStatus.STOPPED
    buttons[0].button(
        "Pause" if playing else ("Resume" if snap.trained and not finished and not stopped else "Train"),
        icon=":material/pause:" if playing else ":material/play_arrow:",
        key="mnist_train",
        type="primary",
        on_click=toggle_play,
        args=(VIEW, FINISHED_HINT, STOPPED_HINT if stopped else DIVERGED_HINT),
        disabled=finished or stopped,
        help=STOPPED_HINT if stopped else None,
        width="stretch",
    )
    buttons[1].button(
        "One epoch",
        key="mnist_step",
        on_click=step_run,
        args=(VIEW,),
        disabled=finished or stopped,
        help=STOPPED_HINT if stopped else "Pause and train exactly one more epoch.",
        width="stretch",
    )
    buttons[2].button(
        "Stop",
        icon=":material/stop:",
        key="mnist_stop",
        on_click=_stop,
        disabled=stopped or finished or not (playing or snap.trained),
        help="End this run for good, even mid-epoch: the network stays as it is for the results "
        "and the Draw a digit page. Reset then starts a new run.",
        width="stretch",
    )
    buttons[3].button(
        "Reset",
        key="mnist_reset",
        on_click=_reset,
        help="A new run from epoch 0 (after Stop)."
        if stopped
        else "Back to epoch 0 with the same initial weights (the seed's).",
        width="stretch",
    )
    buttons[4].caption(
        f"{snap.n_params:,} parameters · {snap.n_train:,} training, {snap.n_val:,} validation and "
        f"{snap.n_test:,} test images · seed {cfg.seed}. Pausing is safe at any time, even mid-epoch. "
        "Training goes on while you visit other pages of the app (the Draw a digit page can use this "
        "network); **Stop** or closing the tab ends it."
    )
    if snap.status == RunStatus.DIVERGED:
        st.error(snap.message, icon=":material/error:")
    elif stopped:
        st.warning(
            f"Stopped {_stopped_at(snap)}: this run cannot train any further."
            + (" The results below are the network as it was when you stopped it." if snap.trained else "")
            + " Press **Reset** (or change a training setting) to start a new run from epoch 0.",
            icon=":material/stop_circle:",
        )
    elif finished:
        st.success(
            f"Finished {snap.epoch} epochs. Raise **Epochs** in the sidebar to train this network further, "
            "or press **Reset** to start again from the same initial weights.",
            icon=":material/check_circle:",
        )
    live_view(session_runs().token, VIEW, height=420)
    if playing:
        _watch_training(run.run_id)
        st.info(
            "Training… the results (test accuracy, confusion matrix, mistakes, filters, feature maps) "
            "appear here when it pauses, stops or finishes.",
            icon=":material/hourglass_top:",
        )
    elif snap.trained:
        st.subheader("3 · Results on the test images")
        lab_results.render(run, snap, data)
    elif not stopped:
        st.caption("Press **Train**: the curves above fill in live. Results appear here afterwards.")

try_tab, math_tab, code_tab, share_tab = st.tabs(["What to try", "How it works", "Keras code", "Share"])
with try_tab:
    for i, preset in enumerate(PRESETS):
        a, b = st.columns([1.3, 3], vertical_alignment="center")
        a.button(preset.title, key=f"mnist_preset_{i}", on_click=_apply_preset, args=(i,), width="stretch")
        b.markdown(preset.lesson)
with math_tab:
    last_val = float(run.snapshot().history[-1, 3]) if run is not None else None
    render_explanation(cfg, last_val)
with code_tab:
    st.markdown("The same experiment in plain Keras (`model.fit` on the whole data, as in the slides):")
    st.code(keras_code(cfg), language="python")
with share_tab:
    st.markdown(
        "This link opens exactly this experiment (data, network, optimizer, seed and the digit on show):"
    )
    st.code(share_url(cfg.to_params(), "mnist_lab"), language=None, wrap_lines=True)
