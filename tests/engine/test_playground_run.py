"""Tests for engine.playground.run.PlaygroundRun (small networks, private scheduler)."""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections.abc import Callable

import numpy as np
import pytest

from engine.live.run import RunStatus
from engine.playground.config import PlaygroundConfig
from engine.playground.features import compute_features
from engine.playground.model import GRID, THUMB, build_model, grid_points
from engine.playground.run import PlaygroundRun, PlaygroundSnapshot, _thumbnails, make_playground_data
from engine.tf_runtime import get_tf
from tests import waiting

TIMEOUT = 15.0  # a run's first chunk traces TensorFlow functions


def wait_until(pred: Callable[[], bool], timeout: float = TIMEOUT) -> bool:
    return waiting.wait_until(pred, timeout, poll=0.01)


BINARY = PlaygroundConfig(dataset="circle", n_points=200, hidden=(4,), seed=3, learning_rate=0.1)
BLOBS = PlaygroundConfig(dataset="blobs3", n_points=150, hidden=(4, 3), seed=2, features=("x1", "x2", "x1x2"))
REGRESSION = PlaygroundConfig(dataset="reg-plane", n_points=120, hidden=(), seed=4, learning_rate=0.01)
DIVERGING = PlaygroundConfig(
    dataset="reg-plane",
    n_points=100,
    hidden=(8, 8),
    activation="relu",
    optimizer="sgd",
    learning_rate=10.0,
)


@pytest.fixture(scope="module")
def tf():
    return get_tf()


@pytest.fixture(scope="module")
def binary_run(runs) -> PlaygroundRun:
    """Shared, never trained: tests must not change it."""
    return runs(BINARY)


def block_means(values: np.ndarray) -> np.ndarray:
    """Reference for the neuron thumbnails, with explicit loops."""
    b = GRID // THUMB
    out = np.empty((values.shape[1], THUMB, THUMB))
    for u in range(values.shape[1]):
        img = values[:, u].reshape(GRID, GRID)
        for i in range(THUMB):
            for j in range(THUMB):
                out[u, i, j] = img[i * b : (i + 1) * b, j * b : (j + 1) * b].mean()
    return out


def check_consistent(snap: PlaygroundSnapshot, cfg: PlaygroundConfig) -> None:
    hist = snap.history
    assert len(hist) >= 1
    assert hist.column("epoch")[-1] == snap.epoch
    assert hist.column("epoch")[0] == 0
    assert np.all(np.diff(hist.column("epoch")) > 0)
    assert hist.column("train_loss")[-1] == snap.train_loss
    assert hist.column("test_loss")[-1] == snap.test_loss
    n_train = len(snap.data.x_train)
    # whole epochs, plus the rows of an epoch a chunk under load left unfinished
    assert snap.epoch * n_train <= snap.examples_seen < (snap.epoch + 1) * n_train
    sizes = (len(cfg.features), *cfg.hidden, cfg.n_outputs)
    assert snap.layer_sizes == sizes
    assert [g.shape for g in snap.neuron_grids] == [(u, THUMB, THUMB) for u in sizes]
    if cfg.n_outputs == 1:
        assert snap.output_grid.shape == (GRID, GRID)
    else:
        assert snap.output_grid.shape == (GRID, GRID, cfg.n_outputs)
    assert [k.shape for k in snap.kernels] == list(itertools.pairwise(sizes))
    assert [b.shape for b in snap.biases] == [(u,) for u in sizes[1:]]
    assert snap.n_params == sum(a * b + b for a, b in itertools.pairwise(sizes))
    assert snap.config.model_key() == cfg.model_key()
    if cfg.is_regression:
        assert np.isnan(snap.train_acc) and np.isnan(snap.test_acc)
    else:
        assert 0.0 <= snap.train_acc <= 1.0 and 0.0 <= snap.test_acc <= 1.0


# --------------------------------------------------------------------------- snapshots


@pytest.mark.parametrize("which", ["binary", "blobs3", "regression"])
def test_initial_snapshot_fields(runs, binary_run, which: str) -> None:
    cfg = {"binary": BINARY, "blobs3": BLOBS, "regression": REGRESSION}[which]
    run = binary_run if which == "binary" else runs(cfg)
    snap = run.snapshot()
    assert isinstance(snap, PlaygroundSnapshot)
    assert snap.status == RunStatus.PAUSED
    assert snap.epoch == 0
    assert len(snap.history) == 1
    assert snap.run_id == run.run_id
    assert snap.config == cfg
    assert snap.examples_per_s == 0.0
    check_consistent(snap, cfg)
    # the output grid is the model on the view grid, row 0 at the top
    trainer = run._trainer
    feats = compute_features(grid_points(), cfg.features)
    out = trainer.model(feats, training=False).numpy()
    want = out[:, 0].reshape(GRID, GRID) if cfg.n_outputs == 1 else out.reshape(GRID, GRID, cfg.n_outputs)
    np.testing.assert_allclose(snap.output_grid, want, rtol=1e-5, atol=1e-6)
    # thumbnails are block means of the inputs, every hidden layer and the output
    probes = [feats, *trainer.probe_grid()]
    for got, values in zip(snap.neuron_grids, probes, strict=True):
        np.testing.assert_allclose(got, block_means(values.astype(np.float64)), rtol=1e-4, atol=1e-5)
    # the same data the config describes
    ref = make_playground_data(cfg)
    np.testing.assert_array_equal(snap.data.x_train, ref.x_train)
    np.testing.assert_array_equal(snap.data.y_test, ref.y_test)
    for k, w in zip(snap.kernels, build_model(cfg, cfg.init_seed).get_weights()[::2], strict=True):
        np.testing.assert_array_equal(k, w)


def test_input_thumbnails_orientation(binary_run) -> None:
    x1, x2 = binary_run.snapshot().neuron_grids[0]
    assert np.all(np.diff(x1, axis=1) > 0)  # x1 grows to the right
    assert np.all(np.diff(x2, axis=0) < 0)  # x2 grows upwards (row 0 = top)
    t = _thumbnails(np.arange(GRID * GRID, dtype=np.float64)[:, None])
    assert t.shape == (1, THUMB, THUMB)
    assert t.dtype == np.float32


def test_snapshot_is_immutable(binary_run) -> None:
    snap = binary_run.snapshot()
    with pytest.raises(dataclasses.FrozenInstanceError):
        snap.epoch = 5  # type: ignore[misc]


# --------------------------------------------------------------------------- stepping and playing


def test_step_is_exactly_one_epoch(runs) -> None:
    run = runs(BINARY)
    first = run.snapshot()
    snaps = [run.step() for _ in range(3)]
    assert [s.epoch for s in snaps] == [1, 2, 3]
    assert [len(s.history) for s in snaps] == [2, 3, 4]
    assert all(b.version > a.version for a, b in zip([first, *snaps], snaps, strict=False))
    for s in snaps:
        check_consistent(s, BINARY)
        assert s.status == RunStatus.PAUSED
    assert not run.alive  # stepping needs no worker thread
    assert first.epoch == 0 and len(first.history) == 1  # old snapshots never change


def test_a_chunk_may_end_mid_epoch_and_step_finishes_the_epoch(runs, monkeypatch) -> None:
    """Under load a chunk trains part of an epoch: the counter counts whole epochs only, the
    examples seen count every row, and Step then completes the epoch, ending where a run that
    never paused mid-epoch ends."""
    run, reference = runs(BINARY), runs(BINARY)
    monkeypatch.setattr(run, "chunk_target_s", lambda alone_s: 1e-9)  # the smallest chunks
    run._train_chunk()  # one mini-batch
    run._train_chunk()  # MIN_CHUNK_EXAMPLES' worth
    snap = run._build_snapshot(RunStatus.PAUSED, "", 99)
    assert snap.epoch == 0 and len(snap.history) == 1
    assert 0 < snap.examples_seen < len(snap.data.x_train)  # mid-epoch, in whole mini-batches
    assert snap.examples_seen % BINARY.batch_size == 0
    stepped, expected = run.step(), reference.step()
    assert stepped.epoch == expected.epoch == 1 and len(stepped.history) == 2
    assert stepped.examples_seen == expected.examples_seen
    for column in ("epoch", "train_loss", "test_loss"):
        np.testing.assert_allclose(stepped.history.column(column), expected.history.column(column), rtol=1e-5)
    for a, b in zip(stepped.kernels, expected.kernels, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_play_pause_reset(runs) -> None:
    run = runs(BINARY)
    initial = run.snapshot()
    assert run.start()
    assert wait_until(lambda: run.status == RunStatus.RUNNING)
    assert wait_until(lambda: run.snapshot().epoch >= 30)
    running = run.snapshot()
    assert running.examples_per_s >= 0.0
    run.pause()
    paused = run.snapshot()
    assert paused.status == RunStatus.PAUSED
    assert paused.epoch >= 30
    time.sleep(0.2)
    again = run.snapshot()
    assert again.epoch == paused.epoch == run._epoch  # nothing trains after pause()
    check_consistent(again, BINARY)
    assert again.train_loss < initial.train_loss  # it learned something
    assert again.examples_per_s == 0.0

    # reset with the same initial weights: exactly the starting point again
    back = run.reset(same_init=True)
    assert back.epoch == 0
    assert len(back.history) == 1
    assert back.history.generation != again.history.generation
    assert back.train_loss == initial.train_loss
    assert back.test_loss == initial.test_loss
    for a, b in zip(back.kernels, initial.kernels, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(back.output_grid, initial.output_grid)
    # and the same trajectory as the first time
    s1 = run.step()
    run.reset(same_init=True)
    s2 = run.step()
    assert s1.train_loss == s2.train_loss


def test_stop_ends_the_thread(runs) -> None:
    run = runs(BINARY)
    assert run.start()
    assert wait_until(lambda: run.snapshot().epoch > 0)
    run.stop()
    assert not run.alive
    assert run.status == RunStatus.STOPPED
    run.stop()
    assert not run.alive
    assert not run.start()


# --------------------------------------------------------------------------- live settings


def test_update_learning_rate_keeps_run(runs) -> None:
    run = runs(BINARY)
    run.step()
    run.step()
    before = run.snapshot()
    new = dataclasses.replace(BINARY, learning_rate=0.3, batch_size=5, show_test=True)
    run.update_settings(new)
    after = run.snapshot()
    assert run.config == new
    assert after.config == new
    assert after.run_id == before.run_id
    assert after.epoch == 2
    assert after.version > before.version
    assert float(run._trainer.optimizer.learning_rate.numpy()) == pytest.approx(0.3)
    for a, b in zip(after.kernels, before.kernels, strict=True):
        np.testing.assert_array_equal(a, b)
    assert run.step().epoch == 3
    v = run.version
    run.update_settings(new)  # no change: nothing happens
    assert run.version == v


def test_update_seed_swaps_data_keeps_weights(runs) -> None:
    run = runs(BINARY)
    run.step()
    before = run.snapshot()
    new = dataclasses.replace(BINARY, seed=99)
    run.update_settings(new)
    after = run.snapshot()
    assert after.epoch == before.epoch == 1
    assert after.data is not before.data
    assert after.data.seed == 99
    ref = make_playground_data(new)
    np.testing.assert_array_equal(after.data.x_train, ref.x_train)
    assert not np.array_equal(after.data.x_train, before.data.x_train)
    for a, b in zip(after.kernels, before.kernels, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(after.output_grid, before.output_grid)
    assert after.train_loss != before.train_loss  # re-evaluated on the new points
    assert run.step().epoch == 2


def test_update_dataset_swaps_data_and_resets_to_same_weights(runs) -> None:
    run = runs(BINARY)
    initial = run.snapshot()
    run.step()
    run.step()
    new = dataclasses.replace(BINARY, dataset="xor", noise=10)
    run.update_settings(new)
    snap = run.snapshot()
    assert snap.epoch == 0
    assert len(snap.history) == 1
    np.testing.assert_array_equal(snap.data.x_train, make_playground_data(new).x_train)
    for a, b in zip(snap.kernels, initial.kernels, strict=True):
        np.testing.assert_array_equal(a, b)
    check_consistent(snap, new)


def test_update_init_seed_resets(runs) -> None:
    run = runs(BINARY)
    run.step()
    run.step()
    new = dataclasses.replace(BINARY, init_seed=8)
    run.update_settings(new)
    snap = run.snapshot()
    assert snap.epoch == 0
    assert len(snap.history) == 1
    assert snap.status == RunStatus.PAUSED
    for k, w in zip(snap.kernels, build_model(new, 8).get_weights()[::2], strict=True):
        np.testing.assert_array_equal(k, w)
    check_consistent(snap, new)


def test_update_that_needs_a_new_network_is_refused(binary_run) -> None:
    for change in ({"hidden": (3,)}, {"dataset": "blobs3"}, {"activation": "relu"}, {"optimizer": "adam"}):
        with pytest.raises(ValueError):
            binary_run.update_settings(dataclasses.replace(BINARY, **change))
    assert binary_run.config == BINARY


# --------------------------------------------------------------------------- divergence and export


def test_divergence(runs) -> None:
    run = runs(DIVERGING)
    assert run.start()
    assert wait_until(lambda: run.status == RunStatus.DIVERGED)
    assert not run.playing
    assert wait_until(lambda: run.snapshot().status == RunStatus.DIVERGED)
    snap = run.snapshot()
    assert "learning rate" in snap.message
    assert "(10)" in snap.message
    assert "diverged" in snap.message.lower()
    # One definition of "epoch": the message counts as the counter does (completed epochs).
    assert (f"after epoch {snap.epoch:,}:" if snap.epoch else "in the first epoch:") in snap.message
    assert not run.start()
    check_consistent(snap, DIVERGING)
    # only the good epochs before the blow-up are kept
    assert np.all(np.isfinite(snap.history.column("train_loss")))
    assert run.step().status == RunStatus.DIVERGED
    # a lower learning rate and a reset make it trainable again
    run.update_settings(dataclasses.replace(DIVERGING, learning_rate=0.001))
    assert run.reset().status == RunStatus.PAUSED
    assert run.step().epoch == 1
    run.stop()
    assert not run.alive


def test_export_keras_from_run(tmp_path, tf, binary_run) -> None:
    data = binary_run.export_keras()
    path = tmp_path / "run.keras"
    path.write_bytes(data)
    model = tf.keras.models.load_model(path)
    feats = binary_run._trainer.grid_features
    out = model(feats, training=False).numpy()[:, 0].reshape(GRID, GRID)
    np.testing.assert_allclose(out, binary_run.snapshot().output_grid, rtol=1e-5, atol=1e-6)
