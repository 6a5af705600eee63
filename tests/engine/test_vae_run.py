"""The VAE's live run: the loss goes down, one epoch per step, pause within 0.5 s, β changes live,
reset, divergence, and the plain autoencoder."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import numpy as np
import pytest

from engine.generative.vae.config import VaeConfig
from engine.generative.vae.run import HISTORY_COLUMNS, VaeRun
from engine.live.run import RunStatus
from engine.live.scheduler import ComputeScheduler
from engine.mnist.data import load_subset
from tests.waiting import wait_until

SMALL = VaeConfig(hidden=64, train_size=1000, epochs=3, batch_size=64, seed=2)
COL = {name: i for i, name in enumerate(HISTORY_COLUMNS)}


@pytest.fixture(scope="module")
def make_run() -> Iterator[Callable[[VaeConfig], VaeRun]]:
    made: list[VaeRun] = []
    scheduler = ComputeScheduler(1, quantum_s=60.0)

    def make(cfg: VaeConfig) -> VaeRun:
        run = VaeRun(cfg, load_subset(), scheduler=scheduler)
        made.append(run)
        return run

    yield make
    for run in made:
        run.stop()
    assert not any(run.alive for run in made)


def test_the_loss_goes_down_one_epoch_per_step(make_run) -> None:
    run = make_run(SMALL)
    snap = run.snapshot()
    assert snap.epoch == 0 and snap.steps == 0 and not snap.trained and len(snap.history) == 1
    for epoch in (1, 2, 3):
        snap = run.step()
        assert snap.epoch == epoch and snap.batch == 0 and snap.history[-1, COL["epoch"]] == epoch
    h = snap.history
    assert h[-1, COL["loss"]] < 0.6 * h[0, COL["loss"]]  # from ~543 (untrained) down
    assert np.all(np.diff(h[:, COL["test_recon"]]) < 0)  # the test reconstruction improves every epoch
    assert snap.steps == 3 * snap.batches_per_epoch == 3 * 16
    assert snap.status == RunStatus.PAUSED and run.step().epoch == 3  # finished: nothing more
    assert snap.weights_steps == snap.steps  # paused: the snapshot carries the current decoder


def test_pause_acts_within_half_a_second_and_beta_changes_live(make_run) -> None:
    run = make_run(VaeConfig(hidden=64, train_size=1000, epochs=50, seed=3))
    assert run.start()
    assert wait_until(lambda: run.snapshot().steps > 20, timeout=60)
    run.update_settings(VaeConfig(hidden=64, train_size=1000, epochs=50, seed=3, beta=4.0))
    assert run.config.beta == 4.0 and float(run._beta.numpy()) == 4.0 and run.playing
    started = time.monotonic()
    run.pause()
    assert time.monotonic() - started < 0.5
    steps = run.snapshot().steps
    time.sleep(0.3)
    assert run.snapshot().steps == steps and run.status == RunStatus.PAUSED


def test_reset_with_the_same_weights_repeats_the_run(make_run) -> None:
    run = make_run(SMALL)
    first = run.step().history[1, :6].copy()  # all but the seconds
    again = run.reset(same_init=True)
    assert again.epoch == 0 and len(again.history) == 1 and len(again.live) == 0
    assert run.step().history[1, :6] == pytest.approx(first, rel=1e-4)


def test_a_nan_weight_diverges_with_the_epoch_in_the_message(make_run) -> None:
    run = make_run(SMALL)
    kernel = run.decoder.layers[-1].kernel
    kernel.assign(np.full(kernel.shape, np.nan, np.float32))
    snap = run.step()
    assert snap.status == RunStatus.DIVERGED
    assert "epoch 1" in snap.message and "learning rate" in snap.message
    assert not run.start()


def test_the_plain_autoencoder_has_no_kl_term(make_run) -> None:
    run = make_run(VaeConfig(model="ae", hidden=64, train_size=1000, epochs=2, seed=2))
    snap = run.step()
    assert snap.batch_log_var is None
    assert np.all(snap.history[:, COL["kl"]] == 0) and np.all(snap.history[:, COL["test_kl"]] == 0)
    assert snap.history[-1, COL["loss"]] == pytest.approx(snap.history[-1, COL["recon"]])
    assert len(run.encoder.outputs) == 1 and run.encoder.output.shape[-1] == 2
