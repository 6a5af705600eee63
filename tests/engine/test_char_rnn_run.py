"""The character model's live run: step 0, Step, live settings, reset, play/pause, divergence, the end,
and the live view's frames."""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Iterator

import numpy as np
import pytest

from engine.live.run import RunStatus
from engine.live.scheduler import ComputeScheduler
from engine.sequences.text.config import COMPARE_TEMPERATURES, TextConfig
from engine.sequences.text.corpus import check_text
from engine.sequences.text.run import TOP_K, TextRun
from tests.waiting import wait_until
from ui.live.frames import unpack
from ui.sequences.text.frames import TextEncoder

CORPUS = check_text(
    "the cat sat on the mat. the dog sat on the log. a cat and a dog met on the mat, "
    "and the cat ran to the log while the dog sat still. " * 12
)
SMALL = TextConfig(
    corpus="own", units=32, seq_len=16, batch_size=16, learning_rate=0.02, sample_len=40, steps=60
)


@pytest.fixture(scope="module")
def make_run() -> Iterator[Callable[[TextConfig], TextRun]]:
    made: list[TextRun] = []
    scheduler = ComputeScheduler(1, quantum_s=60.0)

    def make(cfg: TextConfig = SMALL) -> TextRun:
        run = TextRun(cfg, CORPUS, scheduler=scheduler)
        made.append(run)
        return run

    yield make
    for run in made:
        run.stop()


@pytest.fixture(scope="module")
def run(make_run) -> TextRun:
    return make_run()


def test_step_zero_shows_an_untrained_model_not_a_running_one(run: TextRun) -> None:
    snap = run.snapshot()
    assert snap.status == RunStatus.PAUSED and snap.step == 0 and snap.chars_seen == 0
    assert math.isnan(snap.loss) and math.isnan(snap.perplexity) and len(snap.live) == 0
    assert [s.temperature for s in snap.samples] == [SMALL.temperature, *COMPARE_TEMPERATURES]
    assert all(len(s.text) == SMALL.sample_len for s in snap.samples) and snap.sample_step == 0
    assert len(snap.probe) == TOP_K and snap.probe[0][1] >= snap.probe[-1][1]
    assert snap.uniform_loss == pytest.approx(np.log(snap.vocab_size))
    assert snap.n_params == run.model.network.count_params()


def test_step_trains_one_batch_and_redraws_the_samples(run: TextRun) -> None:
    run.reset()
    snap = run.step()
    assert snap.step == 1 and snap.sample_step == 1 and snap.chars_seen == 16 * 16
    assert snap.loss == pytest.approx(run.losses[0]) and len(snap.live) == 1
    assert snap.perplexity == pytest.approx(math.exp(snap.loss))


def test_live_settings_resample_at_once_and_reset_repeats_the_run(run: TextRun) -> None:
    run.reset()
    run.train_for(5)
    first = run.losses
    hot = dataclasses.replace(SMALL, temperature=0.0, prefix="the dog", sample_len=20)
    run.update_settings(hot)
    snap = run.snapshot()
    assert snap.config.temperature == 0.0 and snap.samples[0].temperature == 0.0
    assert len(snap.samples[0].text) == 20 and snap.prefix_used == "the dog" and snap.step == 5
    assert snap.samples[0].text == run.model.generate("the dog", 20, [0.0], SMALL.seed)[0]
    run.reset()
    assert run.snapshot().step == 0
    run.train_for(5)
    np.testing.assert_array_equal(run.losses, first)
    run.update_settings(SMALL)


def test_play_trains_and_pause_acts_within_half_a_second(run: TextRun) -> None:
    run.reset()
    run.update_settings(dataclasses.replace(SMALL, steps=100_000))
    assert run.start()
    assert wait_until(lambda: run.snapshot().step >= 3, timeout=60), "the run to train"
    t = time.monotonic()
    run.pause()
    assert time.monotonic() - t < 0.5
    step = run.snapshot().step
    time.sleep(0.3)
    assert run.snapshot().step == step and run.status == RunStatus.PAUSED
    assert run.snapshot().train_seconds > 0
    run.update_settings(SMALL)


def test_the_run_finishes_at_its_steps_and_goes_on_when_they_are_raised(run: TextRun) -> None:
    run.reset()
    run.update_settings(dataclasses.replace(SMALL, steps=12))
    assert run.start()
    assert wait_until(lambda: run.status == RunStatus.FINISHED, timeout=60), "the run to finish"
    snap = run.snapshot()
    assert snap.step == 12 and snap.sample_step == 12  # the samples show the finished model
    run.update_settings(dataclasses.replace(SMALL, steps=14))
    assert run.status == RunStatus.PAUSED
    assert run.step().step == 13
    run.update_settings(SMALL)


def test_a_nan_loss_stops_the_run_with_the_step_in_the_message(run: TextRun, monkeypatch) -> None:
    run.reset()
    monkeypatch.setattr(run.model, "train", lambda first, count: np.array([1.0, np.nan, 2.0])[:count])
    run._steps_per_chunk = 3
    assert run.start()
    assert wait_until(lambda: run.status == RunStatus.DIVERGED, timeout=30), "the divergence"
    message = run.snapshot().message
    assert "diverged at step 2" in message and "learning rate (0.02)" in message
    assert not run.start()
    monkeypatch.undo()
    assert run.reset().status == RunStatus.PAUSED and run.start()
    run.pause()


def test_frames_send_new_curve_points_and_samples_only_when_they_change(run: TextRun) -> None:
    run.reset()
    encoder = TextEncoder()
    head, _ = unpack(encoder.encode(run.snapshot()))
    assert head["step"] == 0 and head["loss"] is None and head["live"]["reset"]
    assert [s["t"] for s in head["samples"]] == [SMALL.temperature, *COMPARE_TEMPERATURES]
    assert head["uniform"] == pytest.approx(np.log(head["vocab"]), abs=1e-4)
    assert len(head["probe"]) == TOP_K
    again, _ = unpack(encoder.encode(run.snapshot()))
    assert again["samples"] is None and again["live"] == {"reset": False, "rows": []}
    run.train_for(3)
    later, _ = unpack(encoder.encode(run.snapshot()))
    assert later["step"] == 3 and len(later["live"]["rows"]) == 1 and not later["live"]["reset"]
    assert later["live"]["rows"][0][0] == 3
    run.reset()  # the same weights: the step-0 samples again, which the view still shows
    fresh, _ = unpack(encoder.encode(run.snapshot()))
    assert fresh["live"] == {"reset": True, "rows": []} and fresh["samples"] is None
    stepped, _ = unpack(encoder.encode(run.step()))
    assert stepped["samples"] is not None and stepped["sample_step"] == 1
