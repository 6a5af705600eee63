"""The live run: shapes, determinism per seed, loss goes down, live settings, pause, divergence,
and the live view's frames."""

from __future__ import annotations

import time

import numpy as np
import pytest

from engine.live.run import RunStatus
from engine.live.scheduler import ComputeScheduler
from engine.sequences.forecast.config import ForecastConfig
from engine.sequences.forecast.run import ForecastRun
from ui.live.frames import unpack
from ui.sequences.forecast.frames import ForecastEncoder

SMALL = ForecastConfig(n_points=100, window=8, units=4, batch_size=16, epochs=6, horizon=10)


@pytest.fixture(scope="module")
def make():
    made: list[ForecastRun] = []
    scheduler = ComputeScheduler(1, quantum_s=60.0)

    def build(cfg: ForecastConfig) -> ForecastRun:
        run = ForecastRun(cfg, scheduler=scheduler)
        made.append(run)
        return run

    yield build
    for run in made:
        run.stop()


@pytest.fixture(scope="module")
def trained(make) -> ForecastRun:
    run = make(SMALL)
    for _ in range(SMALL.epochs):
        run.step()
    return run


def test_shapes_and_counts(trained: ForecastRun) -> None:
    snap = trained.snapshot()
    assert snap.kinds == ("rnn", "lstm", "gru") and snap.epoch == 6
    assert snap.n_train == 75 and snap.n_windows == 67 and snap.batches_per_epoch == 5
    assert snap.history.shape == (7, 7) and list(snap.history[:, 0]) == list(range(7))
    p = snap.predictions
    assert p.onestep.shape == (3, 25) and p.forecast.shape == (3, 10) and p.epoch == 6
    assert snap.n_params == tuple(m.count_params() for m in trained.models)


def test_loss_goes_down_for_every_network(trained: ForecastRun) -> None:
    snap = trained.snapshot()
    for kind in snap.kinds:
        train = snap.column(kind, "train")
        assert train[-1] < 0.5 * train[0], kind


def test_same_seed_same_run_and_reset_replays_it(make, trained: ForecastRun) -> None:
    again = make(SMALL)
    for _ in range(2):
        again.step()
    first = trained.snapshot().history[:3]
    assert again.snapshot().history == pytest.approx(first, rel=1e-5, abs=1e-7)
    again.reset()
    assert again.snapshot().epoch == 0 and again.snapshot().generation == 1
    again.step()
    assert again.snapshot().history == pytest.approx(first[:2], rel=1e-5, abs=1e-7)
    other = make(ForecastConfig(**{**SMALL.as_dict(), "seed": 2}))
    assert not np.allclose(other.snapshot().history[0], first[0])


def test_live_settings_and_the_horizon(make) -> None:
    run = make(SMALL)
    run.update_settings(ForecastConfig(**{**SMALL.as_dict(), "learning_rate": 0.1, "horizon": 120}))
    assert all(float(opt.learning_rate.numpy()) == pytest.approx(0.1) for opt in run.optimizers)
    snap = run.snapshot()
    assert snap.horizon == 25 and snap.predictions.forecast.shape == (3, 25)  # cut to the validation range
    with pytest.raises(ValueError):
        run.update_settings(ForecastConfig(**{**SMALL.as_dict(), "units": 5}))


def test_pause_acts_within_half_a_second(make) -> None:
    run = make(ForecastConfig(**{**SMALL.as_dict(), "epochs": 2000}))
    assert run.start()
    deadline = time.monotonic() + 60
    while run.snapshot().epoch < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    started = time.monotonic()
    run.pause()
    assert time.monotonic() - started < 0.5
    epoch = run.snapshot().epoch
    time.sleep(0.3)
    assert run.snapshot().epoch == epoch and run.status == RunStatus.PAUSED


def test_divergence_stops_with_the_epoch(make) -> None:
    run = make(ForecastConfig(**{**SMALL.as_dict(), "optimizer": "sgd", "learning_rate": 1.0, "epochs": 40}))
    for _ in range(40):
        if run.step().status == RunStatus.DIVERGED:
            break
    snap = run.snapshot()
    assert snap.status == RunStatus.DIVERGED
    assert f"diverged in epoch {snap.epoch + 1} ({snap.epoch} complete)" in snap.message


def test_frames_send_the_series_once_and_only_new_rows(trained: ForecastRun) -> None:
    encoder = ForecastEncoder()
    head, _ = unpack(encoder.encode(trained.snapshot()))
    assert head["epoch"] == 6 and len(head["history"]["rows"]) == 7 and head["history"]["reset"]
    assert len(head["series"]["values"]) == 100 and head["series"]["n_train"] == 75
    assert [m["label"] for m in head["models"]] == ["SimpleRNN", "LSTM", "GRU"]
    assert len(head["preds"]["forecast"][0]) == 10
    again, _ = unpack(encoder.encode(trained.snapshot()))
    assert "series" not in again and "preds" not in again and again["history"]["rows"] == []
