"""engine.neuron.run.NeuronRun: live play/pause/step/reset, pacing, finishing, divergence, snapshots."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import numpy as np
import pytest

from engine.live.history import ThinningHistory
from engine.live.run import RunStatus
from engine.live.scheduler import ComputeScheduler
from engine.neuron.config import NeuronConfig
from engine.neuron.run import NeuronRun, NeuronSnapshot
from engine.tf_runtime import get_tf
from tests import waiting

TIMEOUT = 20.0


def wait_until(pred: Callable[[], bool], timeout: float = TIMEOUT) -> bool:
    return waiting.wait_until(pred, timeout, poll=0.01)


@pytest.fixture(scope="module")
def make() -> Iterator[Callable[[NeuronConfig], NeuronRun]]:
    get_tf()
    made: list[NeuronRun] = []
    scheduler = ComputeScheduler(2, quantum_s=60.0)

    def factory(cfg: NeuronConfig) -> NeuronRun:
        run = NeuronRun(cfg, scheduler=scheduler)
        made.append(run)
        return run

    yield factory
    for run in made:
        run.stop()
    assert not any(run.alive for run in made)


def assert_consistent(snap: NeuronSnapshot) -> None:
    assert snap.history[-1, 0] == snap.epoch
    assert tuple(snap.history[-1, 2:]) == pytest.approx((snap.w, snap.b))
    assert snap.history[-1, 1] == pytest.approx(snap.loss)
    x, y = snap.data.x.astype(np.float64), snap.data.y.astype(np.float64)
    assert snap.loss == pytest.approx(np.mean((snap.w * x + snap.b - y) ** 2), rel=1e-4, abs=1e-9)
    expected = [snap.w * q + snap.b for q in snap.queries]
    assert snap.predictions == pytest.approx(expected, rel=1e-5, abs=1e-5)
    assert snap.queries[-1] == snap.config.x_query
    assert np.all(np.diff(snap.history[:, 0]) > 0)


def test_plays_the_slides_500_epochs_and_finishes(make) -> None:
    run = make(NeuronConfig(speed=1000, x_query=2.5))
    start = run.snapshot()
    assert start.epoch == 0 and start.status == RunStatus.PAUSED
    assert start.history.shape == (1, 4)
    assert start.best == pytest.approx((2.0, 1.0))
    assert_consistent(start)
    assert run.start()
    assert wait_until(lambda: run.status == RunStatus.FINISHED)
    snap = run.snapshot()
    assert snap.epoch == 500
    assert snap.predictions[:2] == pytest.approx((27.0, -9.0), abs=0.05)
    assert snap.predictions[2] == pytest.approx(2 * 2.5 + 1, abs=0.05)
    assert snap.history.shape == (501, 4)
    assert_consistent(snap)
    assert not run.start()  # finished, like model.fit(epochs=500)


def test_more_epochs_lets_a_finished_run_go_on(make) -> None:
    run = make(NeuronConfig(epochs=20, speed=1000))
    run.start()
    assert wait_until(lambda: run.status == RunStatus.FINISHED)
    run.update_settings(dataclasses.replace(run.config, epochs=40))
    assert run.status == RunStatus.PAUSED
    assert run.start()
    assert wait_until(lambda: run.status == RunStatus.FINISHED and run.snapshot().epoch == 40)


def test_paced_play_pause_and_step(make) -> None:
    run = make(NeuronConfig(speed=25))
    run.start()
    assert wait_until(lambda: run.snapshot().epoch >= 3)
    run.pause()
    paused = run.snapshot()
    assert paused.status == RunStatus.PAUSED
    assert 3 <= paused.epoch < 500  # paced: far from done
    stepped = run.step()
    assert stepped.epoch == paused.epoch + 1
    assert_consistent(stepped)


def test_reset_replays_the_same_initial_weight(make) -> None:
    run = make(NeuronConfig(seed=4))
    first = run.snapshot()
    for _ in range(5):
        run.step()
    assert run.snapshot().w != first.w
    again = run.reset()
    assert (again.epoch, again.w, again.b) == (0, first.w, first.b)
    assert again.history.shape == (1, 4)


def test_learning_rate_changes_live(make) -> None:
    run = make(NeuronConfig(learning_rate=0.001))
    run.step()
    run.update_settings(dataclasses.replace(run.config, learning_rate=0.02, x_query=-1.0))
    snap = run.step()
    assert snap.config.learning_rate == 0.02
    assert snap.epoch == 2
    assert_consistent(snap)
    with pytest.raises(ValueError):
        run.update_settings(dataclasses.replace(run.config, dataset="house"))


def test_too_high_a_learning_rate_is_flagged(make) -> None:
    run = make(NeuronConfig(learning_rate=0.1, speed=1000))
    run.start()
    assert wait_until(lambda: run.status == RunStatus.DIVERGED)
    snap = run.snapshot()
    # One definition of "epoch": the message names the counter's number (completed epochs).
    assert snap.message.startswith(f"Diverged after epoch {snap.epoch}: learning rate too high")
    assert np.isfinite([snap.w, snap.b, snap.loss]).all()
    assert np.isfinite(snap.history).all()
    assert not run.start()
    assert run.reset().status == RunStatus.PAUSED


def test_a_slow_blow_up_is_flagged_too(make) -> None:
    """0.024 is just past the edge (0.0239): the loss creeps up for hundreds of epochs, then is flagged."""
    run = make(NeuronConfig(learning_rate=0.024, epochs=2000, speed=1000))
    run.start()
    assert wait_until(lambda: run.status == RunStatus.DIVERGED)
    snap = run.snapshot()
    assert 100 < snap.epoch < 2000
    assert "grew past 1000x its start" in snap.message and "0.0239" in snap.message
    assert f"after epoch {snap.epoch:,}:" in snap.message
    assert snap.history[-1, 1] > 100 * snap.history[0, 1]


def test_house_prices_converge_to_least_squares(make) -> None:
    run = make(NeuronConfig(dataset="house", epochs=3000, speed=1000))
    run.start()
    assert wait_until(lambda: run.status == RunStatus.FINISHED)
    snap = run.snapshot()
    assert (snap.w, snap.b) == pytest.approx(snap.best, abs=0.02)
    assert snap.queries[:2] == (8.0, 12.0)
    assert_consistent(snap)


def test_history_is_bounded() -> None:
    hist = ThinningHistory(4, capacity=8)
    hist.extend(np.column_stack([np.arange(20.0), np.zeros((20, 3))]))
    assert len(hist.rows) <= 8 and hist.generation > 0
    assert np.all(hist.rows[:, 0] % hist.stride == 0)
    assert hist.rows[0, 0] == 0 and hist.rows[-1, 0] >= 16  # the whole span, evenly thinned
    later = np.column_stack([np.arange(20.0, 40.0), np.zeros((20, 3))])
    hist.extend(later)
    assert len(hist.rows) <= 8 and np.all(hist.rows[:, 0] % hist.stride == 0)
    hist.clear()
    assert len(hist.rows) == 0
