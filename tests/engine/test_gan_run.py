"""engine.generative.gan.run.GanRun: play/pause/step/reset, live settings, one step counter, divergence."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator

import numpy as np
import pytest

from engine.generative.gan.config import GanConfig
from engine.generative.gan.run import GanRun
from engine.live.run import RunStatus
from engine.live.scheduler import ComputeScheduler
from engine.tf_runtime import get_tf
from tests import waiting

SMALL = GanConfig(hidden=8, layers=1, batch_size=32)


@pytest.fixture(scope="module")
def make() -> Iterator[Callable[[GanConfig], GanRun]]:
    get_tf()
    made: list[GanRun] = []
    scheduler = ComputeScheduler(2, quantum_s=60.0)

    def factory(cfg: GanConfig) -> GanRun:
        run = GanRun(cfg, scheduler=scheduler)
        made.append(run)
        return run

    yield factory
    for run in made:
        run.stop()
    assert not any(run.alive for run in made)


def test_step_zero_then_step_counts_one_definition(make) -> None:
    run = make(dataclasses.replace(SMALL, k=3))
    snap = run.snapshot()
    assert (snap.step, snap.status, len(snap.history)) == (0, RunStatus.PAUSED, 0)
    assert snap.steps_per_s == 0.0
    snap = run.step()
    assert (snap.step, snap.d_updates, snap.g_updates) == (1, 3, 1)
    assert snap.history[-1, 0] == 1 and snap.history.shape == (1, 5)
    snap = run.train_now(9)
    assert (snap.step, snap.d_updates, snap.g_updates) == (10, 30, 10)
    assert list(snap.history[:, 0]) == list(range(1, 11))
    assert snap.coverage_history[-1, 0] == 10


def test_play_pause_within_half_a_second_and_finish(make) -> None:
    cfg = dataclasses.replace(SMALL, speed=200, steps=5000)
    run = make(cfg)
    assert run.start()
    assert waiting.wait_until(lambda: (run.request_view(), run.snapshot().step)[1] > 20, 20.0, poll=0.01)
    t0 = time.monotonic()
    run.pause()
    assert time.monotonic() - t0 < 0.5
    paused = run.snapshot()
    assert paused.status == RunStatus.PAUSED
    time.sleep(0.2)
    assert run.snapshot().step == paused.step  # nothing trains while paused
    run.update_settings(dataclasses.replace(cfg, speed=1000, steps=paused.step + 30))
    run.start()
    assert waiting.wait_until(lambda: run.status == RunStatus.FINISHED, 30.0, poll=0.02)
    assert run.snapshot().step == paused.step + 30


def test_pacing_releases_about_speed_steps_per_second(make) -> None:
    run = make(dataclasses.replace(SMALL, speed=20))
    run.start()
    time.sleep(1.0)
    run.pause()
    assert 5 <= run.snapshot().step <= 30


def test_live_settings_and_reset_replays(make) -> None:
    cfg = dataclasses.replace(SMALL, steps=50)
    run = make(cfg)
    first = run.train_now(20).history.copy()
    run.update_settings(dataclasses.replace(cfg, lr_d=0.01, k=2, loss="minimax", steps=60))
    assert float(run.model.d_opt.learning_rate.numpy()) == pytest.approx(0.01)
    snap = run.train_now(5)
    assert snap.d_updates == 20 + 10 and snap.config.loss == "minimax"
    with pytest.raises(ValueError):
        run.update_settings(dataclasses.replace(cfg, hidden=16))
    run.update_settings(cfg)
    snap = run.reset()
    assert (snap.step, snap.d_updates, len(snap.history)) == (0, 0, 0)
    assert float(run.model.d_opt.learning_rate.numpy()) == pytest.approx(cfg.lr_d)
    assert np.array_equal(run.train_now(20).history, first)


def test_divergence_stops_with_the_step_in_the_message(make) -> None:
    run = make(dataclasses.replace(SMALL, optimizer="sgd", lr_d=0.1, lr_g=0.1))
    for var in run.model.discriminator.trainable_variables:  # blow the weights up
        var.assign(var * 1e30)
    snap = run.train_now(3)
    assert snap.status == RunStatus.DIVERGED
    assert f"step {snap.step + 1}" in snap.message and "NaN" in snap.message
    assert not run.start()
