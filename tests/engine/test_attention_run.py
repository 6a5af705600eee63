"""The attention page's live run: compiling on demand, one epoch per Step, pause, live settings, reset
replays the seed's run, divergence, and the frames of the live view."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator

import numpy as np
import pytest

from engine.live.run import RunStatus
from engine.sequences.attention.config import AttentionConfig
from engine.sequences.attention.run import AttentionRun
from tests import waiting
from ui.live.frames import unpack
from ui.sequences.attention.frames import AttentionEncoder

CFG = AttentionConfig(n_train=1000, epochs=3, example="52817")


@pytest.fixture(scope="module")
def run() -> Iterator[AttentionRun]:
    r = AttentionRun(CFG)
    yield r
    r.stop()


def test_a_new_run_is_cheap_and_does_not_pretend(run: AttentionRun) -> None:
    snap = run.snapshot()
    assert (snap.epoch, snap.batch, snap.ready, snap.example) == (0, 0, False, None)
    assert snap.history.shape == (0, 6) and snap.status == RunStatus.PAUSED
    assert snap.batches_per_epoch == 16  # ceil(1000 / 64)
    header, _ = unpack(AttentionEncoder().encode(snap))
    assert header["example"] is None and header["by_length"] is None and header["epoch"] == 0


def test_step_trains_one_epoch_of_both_models(run: AttentionRun) -> None:
    first = run.step()
    assert (first.epoch, first.batch, first.ready) == (1, 0, True)
    assert first.history[:, 0].tolist() == [0.0, 1.0]
    second = run.step()
    assert second.epoch == 2 and len(second.history) == 3
    assert (second.live[-1, 1:] < second.live[0, 1:]).all(), "the loss of both models goes down"
    assert second.history[-1, 3] > second.history[0, 3]  # attention's per-token accuracy rises
    ex = second.example
    assert ex.digits.tolist() == [5, 2, 8, 1, 7]
    assert ex.weights.shape == (6, 5) and ex.scores.shape == (6, 5)
    assert ex.weights.sum(1) == pytest.approx(np.ones(6), abs=1e-5)
    assert ex.target.tolist() == [8, 2, 9, 3, 6, 12]  # 7 1 8 2 5 <eos> as tokens
    assert second.by_length.shape == (2, 2, len(CFG.eval_lengths))
    assert all(s > 0 for s in second.train_seconds)


def test_the_equations_numbers_are_the_live_views(run: AttentionRun) -> None:
    snap = run.snapshot()
    ex = run.explain_step(2)
    assert ex.step == 2 and ex.math.weights == pytest.approx(snap.example.weights[1], abs=1e-6)
    assert ex.math.scores == pytest.approx(snap.example.scores[1], abs=1e-9)
    assert run.explain_step(99).step == 6  # clipped to L + 1


def test_play_then_pause_within_half_a_second(run: AttentionRun) -> None:
    run.update_settings(dataclasses.replace(CFG, epochs=50))
    assert run.start()
    assert waiting.wait_until(lambda: run.snapshot().batch > 0 or run.snapshot().epoch > 2, timeout=60)
    started = time.monotonic()
    run.pause()
    assert time.monotonic() - started < 0.5
    paused = run.snapshot()
    assert paused.status == RunStatus.PAUSED
    time.sleep(0.2)
    assert (run.snapshot().epoch, run.snapshot().batch) == (paused.epoch, paused.batch)


def test_live_settings_and_frames(run: AttentionRun) -> None:
    cfg = dataclasses.replace(CFG, epochs=50, learning_rate=0.003, example="90210", out_step=3)
    run.update_settings(cfg)
    assert all(float(opt.learning_rate.numpy()) == pytest.approx(0.003) for opt in run.optimizers)
    snap = run.snapshot()
    assert snap.example.digits.tolist() == [9, 0, 2, 1, 0]
    encoder = AttentionEncoder()
    header, _ = unpack(encoder.encode(snap))
    assert header["example"]["input"] == list("90210") and header["out_step"] == 3
    assert header["live"]["reset"] and len(header["live"]["rows"]) == len(snap.live)
    assert len(header["by_length"]) == 4 and header["params"] == list(snap.n_params)
    again, _ = unpack(encoder.encode(run.snapshot()))
    assert not again["live"]["reset"] and again["live"]["rows"] == []  # only new rows travel
    with pytest.raises(ValueError):
        run.update_settings(dataclasses.replace(cfg, task="copy"))


def test_reset_replays_the_seeds_run_and_a_nan_loss_diverges(run: AttentionRun) -> None:
    before = run.snapshot().history
    snap = run.reset()
    assert (snap.epoch, snap.batch) == (0, 0) and snap.history[:, 0].tolist() == [0.0]
    assert snap.history[0, 1:5] == pytest.approx(before[0, 1:5])
    run.update_settings(CFG)  # the first epoch's learning rate again
    assert run.step().history[1, 1:5] == pytest.approx(before[1, 1:5], abs=1e-9)
    good = run._train_fns
    run._train_fns = (lambda *a: (float("nan"), 0.0, 1.0), good[1])
    try:
        snap = run.step()
    finally:
        run._train_fns = good
    assert snap.status == RunStatus.DIVERGED
    assert "diverged in epoch 2" in snap.message and "plain model" in snap.message
    assert not run.start()
