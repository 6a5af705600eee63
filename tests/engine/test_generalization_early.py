"""Early stopping on the tiny network: Keras's rule, the best epoch, and restore-best really restoring."""

from __future__ import annotations

import numpy as np
import pytest

from engine.tf_runtime import get_tf
from engine.workflow.generalization import early

DEFAULT = {"dataset": "circle", "noise_pct": 30, "l2": 0.0, "epochs": 200, "seed": 1}


@pytest.fixture(scope="module")
def restored() -> early.EarlyResult:
    return early.train_early(patience=20, restore=True, **DEFAULT)


def _keras_stop(val_loss: np.ndarray, patience: int) -> int:
    """Drive keras.callbacks.EarlyStopping with these losses; the 1-based epoch it stops after."""
    keras = get_tf().keras
    cb = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience)
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    cb.set_model(model)
    model.stop_training = False
    cb.on_train_begin()
    for epoch, value in enumerate(val_loss):
        cb.on_epoch_end(epoch, {"val_loss": float(value)})
        if getattr(model, "stop_training", False):
            return epoch + 1
    return len(val_loss)


def test_best_epoch_is_the_argmin_of_the_validation_loss(restored: early.EarlyResult) -> None:
    r = restored
    assert r.best_epoch == int(np.argmin(r.val_loss[: r.stop_epoch])) + 1
    assert r.stop_epoch < 200  # the default overfits: early stopping triggers
    assert r.stop_epoch == r.best_epoch + 20


@pytest.mark.parametrize("patience", [1, 5, 20, 60])
def test_stop_epoch_follows_keras_early_stopping(restored: early.EarlyResult, patience: int) -> None:
    _, stop = early.stopping_epoch(restored.val_loss, patience)
    assert stop == _keras_stop(restored.val_loss, patience)


def test_restore_best_hands_back_the_best_epochs_weights(restored: early.EarlyResult) -> None:
    r = restored
    assert r.kept_epoch == r.best_epoch
    assert r.kept_val_loss == pytest.approx(r.val_loss[r.best_epoch - 1], rel=1e-5)
    # the same training stopped right at the best epoch gives those very weights
    again = early.train_early(patience=0, restore=False, **{**DEFAULT, "epochs": r.best_epoch})
    for got, want in zip(r.weights, again.weights, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_without_restore_the_stop_epoch_is_kept() -> None:
    r = early.train_early(patience=20, restore=False, **DEFAULT)
    assert r.kept_epoch == r.stop_epoch
    assert r.kept_val_loss == pytest.approx(r.val_loss[r.stop_epoch - 1], rel=1e-5)
    assert r.kept_val_loss > r.val_loss.min()


def test_no_patience_never_stops() -> None:
    assert early.stopping_epoch(np.array([3.0, 2.0, 2.5, 2.6, 2.7]), 0) == (2, 5)
    assert early.stopping_epoch(np.array([3.0, 2.0, 2.5, 2.6, 2.7]), 2) == (2, 4)
