"""The MNIST lab's training run: build or reuse it, its transport bar (Play, Step, Reset, Stop)
and the notices under it (stopped, finished)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import streamlit as st

from engine.live.run import RunStatus
from engine.mnist.config import LabConfig
from engine.mnist.data import DigitData
from ui.live.controls import DIVERGED_HINT, current_run
from ui.live.kit import ExtraButton, session_run, transport_bar
from ui.live.session import session_runs
from ui.mnist.state import LAB_STATE as STATE
from ui.numbers import count

if TYPE_CHECKING:
    from engine.mnist.run import MnistRun, MnistSnapshot

VIEW = "mnist"
FINISHED_HINT = "Training is finished: raise the epochs to go on, or press Reset."
STOPPED_HINT = "This run was stopped for good: press Reset to start a new one."
STOP_HELP = (
    "End this run for good, even mid-epoch: the network stays as it is for the results "
    "and the Draw a digit page. Reset then starts a new run."
)


def _fits(run: MnistRun, cfg: LabConfig, data: DigitData) -> bool:
    """Whether the session's run can go on for ``cfg``: the same experiment, or the same network
    with another number of epochs (it then trains on; a stopped run cannot)."""
    if run.data is not data:
        return False
    if run.config.training_key() == cfg.training_key():
        return True
    same_network = dataclasses.replace(run.config, epochs=cfg.epochs).training_key() == cfg.training_key()
    return same_network and run.status != RunStatus.STOPPED


def lab_run(cfg: LabConfig, data: DigitData) -> MnistRun:
    """The session's run for ``cfg`` (rebuilt when a setting that shapes training changed)."""

    def build(config: LabConfig) -> MnistRun:
        from engine.mnist.run import MnistRun

        return MnistRun(config, data)

    return session_run(
        VIEW,
        cfg,
        build,
        reuse=lambda run: _fits(run, cfg, data),
        spinner="Building the network… (the first time loads TensorFlow: a few seconds)",
    )


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


def stopped_at(snap: MnistSnapshot) -> str:
    """Where a stopped run ended, e.g. 'during epoch 3 (batch 20 of 57; 2 of 8 epochs complete)'."""
    epochs = snap.config.epochs
    if not snap.trained:
        return "before any training"
    if snap.batch:
        return (
            f"during epoch {snap.epoch + 1} (batch {snap.batch} of {snap.batches_per_epoch}; "
            f"{snap.epoch} of {count(epochs, 'epoch')} complete)"
        )
    return f"after epoch {snap.epoch} of {epochs}"


def lab_transport(run: MnistRun, snap: MnistSnapshot) -> None:
    """Play/Pause, Step (one epoch), Reset and Stop, the run's facts, and the stopped/finished notice."""
    stopped = snap.status == RunStatus.STOPPED
    finished = snap.status == RunStatus.FINISHED
    cfg = snap.config
    transport_bar(
        STATE,
        VIEW,
        run,
        step_help=STOPPED_HINT if stopped else "Pause and train exactly one more epoch.",
        reset_help="A new run from epoch 0 (after Stop)."
        if stopped
        else "Back to epoch 0 with the same initial weights (the seed's).",
        on_reset=_reset,
        finished_hint=FINISHED_HINT,
        diverged_hint=STOPPED_HINT if stopped else DIVERGED_HINT,
        extra=[
            ExtraButton(
                "Stop",
                _stop,
                "stop",
                help=STOP_HELP,
                icon=":material/stop:",
                disabled=stopped or finished or not (run.playing or snap.trained),
            )
        ],
        caption=f"{snap.n_params:,} parameters · {snap.n_train:,} training, {snap.n_val:,} validation and "
        f"{snap.n_test:,} test images · seed {cfg.seed}. Pausing is safe at any time, even mid-epoch. "
        "Training goes on while you visit other pages of the app (the Draw a digit page can use this "
        "network); **Stop** or closing the tab ends it.",
    )
    if stopped:
        st.warning(
            f"Stopped {stopped_at(snap)}: this run cannot train any further."
            + (" The results below are the network as it was when you stopped it." if snap.trained else "")
            + " Press **Reset** (or change a training setting) to start a new run from epoch 0.",
            icon=":material/stop_circle:",
        )
    elif finished:
        st.success(
            f"Finished {count(snap.epoch, 'epoch')}. Raise **Epochs** in the sidebar to train this network further, "
            "or press **Reset** to start again from the same initial weights.",
            icon=":material/check_circle:",
        )
