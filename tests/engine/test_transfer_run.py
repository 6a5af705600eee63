"""The transfer run against Keras: freezing freezes, transfer beats scratch on a fixed small task,
the parameter counts are Keras's, the three networks train in lockstep, pause acts at once."""

from __future__ import annotations

import dataclasses
import math
import time

import numpy as np
import pytest

from engine.live.run import RunStatus
from engine.tf_runtime import get_tf
from engine.transfer.config import TransferConfig
from engine.transfer.data import demo_task
from engine.transfer.models import CUT_INDEX, recognizer
from engine.transfer.presets import PRESETS


def make_run(cfg: TransferConfig):
    from engine.transfer.run import TransferRun

    return TransferRun(cfg, demo_task(cfg.classes, cfg.per_class, cfg.data_seed))


def train(run, epochs: int):
    snap = run.snapshot()
    for _ in range(epochs):
        snap = run.step()
    return snap


@pytest.fixture(scope="module")
def trained():
    """The first preset (5 classes, 3 images each: the default task), trained to the end, with the
    bases' weights before training."""
    cfg = PRESETS[0].applied_to(TransferConfig())
    assert cfg == TransferConfig()  # the first lesson is the page's default
    run = make_run(cfg)
    before = {key: run.base_weights(key) for key in ("frozen", "finetune")}
    shared = [np.array(w) for w in recognizer().get_weights()]
    snap = train(run, cfg.epochs)
    yield run, snap, before, shared
    run.stop()


def test_freezing_really_freezes(trained) -> None:
    run, snap, before, _ = trained
    after = run.base_weights("frozen")
    assert len(after) == len(before["frozen"]) > 0
    for a, b in zip(after, before["frozen"], strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b)  # bit-identical, batch-norm statistics included
    frozen = run.racers[1]
    head = frozen.model.layers[-1].get_weights()[0]
    assert not np.allclose(head, frozen.initial[-2])  # while the head did train
    assert snap.racer("frozen").phase == "head"


def test_fine_tuning_changes_the_base_but_not_batch_norm(trained) -> None:
    run, _, before, _ = trained
    keras = get_tf().keras
    base = run.racers[2].base
    changed = False
    for layer, old in zip(base.layers, _per_layer(base, before["finetune"]), strict=True):
        new = layer.get_weights()
        if isinstance(layer, keras.layers.BatchNormalization):
            assert all(np.array_equal(a, b) for a, b in zip(new, old, strict=True))
        elif new:
            changed |= not all(np.array_equal(a, b) for a, b in zip(new, old, strict=True))
    assert changed


def _per_layer(base, flat: list[np.ndarray]) -> list[list[np.ndarray]]:
    out, i = [], 0
    for layer in base.layers:
        n = len(layer.get_weights())
        out.append(flat[i : i + n])
        i += n
    return out


def test_the_bundled_recognizer_is_never_trained(trained) -> None:
    *_, shared = trained
    assert all(
        np.array_equal(a, np.array(b)) for a, b in zip(shared, recognizer().get_weights(), strict=True)
    )


def test_transfer_and_fine_tuning_beat_scratch_on_few_images(trained) -> None:
    _, snap, *_ = trained
    scratch, frozen, tuned = (snap.racer(k).val_acc for k in ("scratch", "frozen", "finetune"))
    assert frozen >= scratch + 0.08, (scratch, frozen)
    assert tuned >= scratch + 0.08, (scratch, tuned)
    assert snap.epoch == snap.config.epochs


def test_preset_digit_specific_features_transfer_worse(trained) -> None:
    _, default, *_ = trained
    preset = next(p for p in PRESETS if p.title == "Cut after Dense(128)")
    cfg = preset.applied_to(TransferConfig())
    run = make_run(cfg)
    snap = train(run, cfg.epochs)
    run.stop()
    dense, conv = snap.racer("frozen").val_acc, default.racer("frozen").val_acc
    assert dense <= conv - 0.1, (dense, conv)


def test_parameter_counts_are_keras_counts(trained) -> None:
    run, snap, *_ = trained
    k = len(snap.class_names)
    features = math.prod(recognizer().layers[CUT_INDEX["conv"] - 1].output.shape[1:])
    assert snap.racer("frozen").trainable == k * features + k  # the head's W and b, nothing else
    for racer, view in zip(run.racers, snap.racers, strict=True):
        assert view.trainable + view.frozen == racer.model.count_params()
    assert snap.racer("scratch").trainable == sum(
        int(np.prod(w.shape)) for w in run.racers[0].model.trainable_weights
    )


def test_one_epoch_counter_everywhere(trained) -> None:
    _, snap, *_ = trained
    for view in snap.racers:
        assert len(view.history) == snap.epoch + 1
        assert list(view.history[:, 0]) == list(range(snap.epoch + 1))
    warm = snap.config.warmup
    assert snap.unfrozen_at == warm
    # Until the base is unfrozen, fine-tuning is the frozen network, batch for batch.
    np.testing.assert_allclose(
        snap.racer("finetune").history[: warm + 1], snap.racer("frozen").history[: warm + 1], atol=1e-5
    )


def test_reset_replays_the_same_run() -> None:
    cfg = dataclasses.replace(TransferConfig(), classes=2, per_class=3, epochs=2)
    run = make_run(cfg)
    first = train(run, 2)
    run.reset(same_init=True)
    assert run.snapshot().epoch == 0 and not run.snapshot().trained
    again = train(run, 2)
    for a, b in zip(first.racers, again.racers, strict=True):
        np.testing.assert_allclose(a.history, b.history, atol=1e-5)
    run.stop()


def test_pause_acts_within_half_a_second_even_while_compiling() -> None:
    from engine.transfer.config import MAX_EPOCHS

    cfg = dataclasses.replace(TransferConfig(), classes=5, per_class=10, epochs=MAX_EPOCHS)
    run = make_run(cfg)
    for compiled in (False, True):  # first while the training steps compile, then mid-training
        assert run.start()
        if compiled:  # some epochs trained, far from the end (a fast machine must not finish first)
            deadline = time.monotonic() + 120
            while run.snapshot().epoch < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
        else:
            time.sleep(0.05)
        started = time.monotonic()
        run.pause()
        assert time.monotonic() - started < 0.5
        assert run.snapshot().status == RunStatus.PAUSED
    assert run.snapshot().trained
    run.stop()
