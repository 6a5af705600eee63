"""Each "What to try" lesson of the transfer page, checked through the engine (fixed seeds).

The first lesson (few images: transfer beats scratch) and the Dense(128) cut (compared with that
default run) are checked in test_transfer_run.py, which trains the default once."""

from __future__ import annotations

import pytest

from engine.transfer.config import TransferConfig
from engine.transfer.presets import PRESETS
from tests.engine.test_transfer_run import make_run, train


def _trained(title: str):
    preset = next(p for p in PRESETS if p.title == title)
    cfg = preset.applied_to(TransferConfig())
    run = make_run(cfg)
    snap = train(run, cfg.epochs)
    run.stop()
    return snap


def test_with_plenty_of_data_scratch_catches_up() -> None:
    snap = _trained("20 images per class")
    scratch, frozen = snap.racer("scratch").val_acc, snap.racer("frozen").val_acc
    assert scratch >= 0.95 and scratch >= frozen - 0.03, (scratch, frozen)


def test_fine_tuning_too_fast_forgets_the_base() -> None:
    snap = _trained("Fine-tune too fast")
    frozen, tuned = snap.racer("frozen"), snap.racer("finetune")
    warm = snap.config.warmup
    assert tuned.history[warm, 4] == pytest.approx(frozen.history[warm, 4], abs=1e-6)  # same until unfrozen
    assert tuned.val_acc <= frozen.val_acc - 0.2, (tuned.val_acc, frozen.val_acc)
