"""The MNIST lab's live run: seeded training improves accuracy; pause mid-epoch, step, reset, stop,
divergence; results (test evaluation, layer outputs, export); the live-view encoder and the config."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Callable, Iterator

import numpy as np
import pytest

from engine.live.run import RunStatus
from engine.live.scheduler import ComputeScheduler
from engine.mnist.config import LabConfig
from engine.mnist.data import load_subset
from engine.mnist.run import HISTORY_COLUMNS, MnistRun, make_split
from engine.tf_runtime import get_tf
from tests.waiting import thread_stacks, wait_until
from ui.live.frames import unpack
from ui.mnist.frames import MnistEncoder

SMALL = LabConfig(model="dense", activation="relu", train_size=1000, epochs=3, batch_size=32, seed=3)


@pytest.fixture(scope="module")
def data():
    return load_subset()


@pytest.fixture(scope="module")
def make_run(data) -> Iterator[Callable[[LabConfig], MnistRun]]:
    get_tf()
    made: list[MnistRun] = []
    scheduler = ComputeScheduler(1, quantum_s=60.0)

    def make(cfg: LabConfig) -> MnistRun:
        run = MnistRun(cfg, data, scheduler=scheduler)
        made.append(run)
        return run

    yield make
    for run in made:
        run.stop()
    assert not any(run.alive for run in made)


def describe(run: MnistRun) -> str:
    """The run's state and its schedulers' (for the message of a failed wait)."""
    snap = run.snapshot()
    sched, gate = run._scheduler, run._gate
    return (
        f"status={run.status} playing={run.playing} alive={run.alive} epoch={snap.epoch} batch={snap.batch} "
        f"version={snap.version}; scheduler active={sched.active} queued={sched.queued}; "
        f"gate active={gate.active} queued={gate.queued}"
    )


def test_split_sizes_and_scaling(data) -> None:
    split = make_split(data, SMALL)
    assert len(split.y_train) == 900 and len(split.y_val) == 100 and len(split.y_test) == 1000
    assert split.x_train.shape == (900, 28, 28, 1) and split.x_train.max() <= 1.0
    raw = make_split(data, dataclasses.replace(SMALL, normalize=False))
    assert raw.x_train.max() == 255.0
    np.testing.assert_array_equal(raw.y_train, split.y_train)  # same images whatever the scaling


def test_seeded_training_improves_accuracy_and_is_reproducible(make_run) -> None:
    a = make_run(SMALL)
    before = a.snapshot()
    assert before.epoch == 0 and before.history.shape == (1, len(HISTORY_COLUMNS))
    assert before.history[0, 4] < 0.3  # untrained: near chance on validation
    for _ in range(2):
        a.step()
    after = a.snapshot()
    assert after.epoch == 2 and after.history.shape == (3, 6)
    assert after.history[-1, 4] > 0.8 > before.history[0, 4]  # validation accuracy
    assert after.history[-1, 1] < before.history[0, 1]  # training loss fell
    assert after.history[1, 5] > 0  # seconds per epoch recorded
    result = a.evaluate_test()
    assert result.probs.shape == (1000, 10) and result.accuracy > 0.8
    b = make_run(SMALL)
    b.step()
    b.step()
    np.testing.assert_allclose(b.snapshot().history[:, 1:5], after.history[:, 1:5], rtol=1e-4, atol=1e-5)


def test_plays_to_the_planned_epochs_then_finishes(make_run) -> None:
    run = make_run(dataclasses.replace(SMALL, epochs=2, train_size=500))
    assert run.start()
    assert wait_until(lambda: run.status == RunStatus.FINISHED, timeout=120)
    snap = run.snapshot()
    assert snap.epoch == 2 and snap.progress == 1.0 and not run.playing
    assert len(snap.live) >= 2 and np.all(np.diff(snap.live[:, 0]) > 0)
    assert not run.start()  # finished: start does nothing


def test_pause_mid_epoch_is_safe_and_resumes_where_it_was(make_run) -> None:
    cfg = dataclasses.replace(SMALL, train_size=4000, batch_size=8, epochs=30)  # cannot end meanwhile
    run = make_run(cfg)
    run.start()
    under_way = wait_until(lambda: run.snapshot().batch > 0 or run.snapshot().epoch > 0, timeout=120)
    assert under_way, f"{describe(run)}\n{thread_stacks()}"
    run.pause()
    paused = run.snapshot()
    assert paused.status == RunStatus.PAUSED and not run.playing
    assert 0 < paused.progress < 1
    mid = paused.batch
    run.step()  # the rest of the epoch
    snap = run.snapshot()
    assert snap.epoch == paused.epoch + 1 and snap.batch == 0
    assert mid > 0 or paused.epoch > 0
    # results can be read while paused
    assert run.evaluate_test().probs.shape == (1000, 10)


def test_reset_brings_back_the_same_initial_weights(make_run) -> None:
    run = make_run(SMALL)
    first = run.snapshot().history[0].copy()
    run.step()
    run.reset(same_init=True)
    snap = run.snapshot()
    assert snap.epoch == 0 and snap.batch == 0 and len(snap.live) == 0
    np.testing.assert_allclose(snap.history[0, 1:5], first[1:5], rtol=1e-5)


def test_stop_ends_the_thread(make_run) -> None:
    run = make_run(dataclasses.replace(SMALL, epochs=30, batch_size=8, train_size=4000))
    run.start()
    # Under way (mid-epoch, or past the first epoch on a fast machine); on a timeout, say where
    # every thread was and what the run and its schedulers held.
    under_way = wait_until(lambda: run.snapshot().batch > 0 or run.snapshot().epoch > 0, timeout=120)
    assert under_way, f"{describe(run)}\n{thread_stacks()}"
    run.stop()
    assert run.status == RunStatus.STOPPED and not run.playing
    assert wait_until(lambda: not run.alive, timeout=30)  # the chunk in progress ends, then the thread
    assert not run.start()
    snap = run.snapshot()  # published after the thread ended: the state it stopped in
    assert snap.status == RunStatus.STOPPED and snap.trained
    assert run.step().status == RunStatus.STOPPED and run.snapshot().epoch == snap.epoch
    # The results still work on a stopped run (they take the model lock, now free).
    result = run.evaluate_test()
    assert result.probs.shape == (len(run.split.y_test), 10) and 0.0 <= result.accuracy <= 1.0
    assert run.first_layer_filters()[0] == "dense"
    assert run.layer_outputs(run.split.x_test[0, :, :, 0])[-1].values.shape == (10,)
    assert zipfile.ZipFile(io.BytesIO(run.export_keras())).testzip() is None


def test_nan_weights_stop_the_run_with_a_message(make_run) -> None:
    """A loss that becomes NaN (here: poisoned weights, as a far too large step would leave them)."""
    run = make_run(dataclasses.replace(SMALL, normalize=False, learning_rate=1.0, optimizer="sgd"))
    kernel = run.model.layers[-1].kernel  # the softmax layer (ReLU would swallow NaN: max(NaN, 0) = 0)
    kernel.assign(np.full(kernel.shape, np.nan, np.float32))
    snap = run.step()
    assert snap.status == RunStatus.DIVERGED
    assert "learning rate (1)" in snap.message and "normalise" in snap.message
    assert not run.start()
    run.reset(same_init=True)  # back to the seed's (finite) weights: trainable again
    assert run.snapshot().status == RunStatus.PAUSED
    assert np.isfinite(run.snapshot().history[0, 1])


def test_layer_outputs_filters_prediction_and_export(make_run, data) -> None:
    run = make_run(dataclasses.replace(SMALL, model="cnn_small", epochs=1, train_size=500))
    run.step()
    image = data.x_test[0] / 255.0
    outs = run.layer_outputs(image)
    assert outs[0].values.shape == (26, 26, 32) and outs[-1].values.shape == (10,)
    np.testing.assert_allclose(outs[-1].values, run.predict(image[None])[0], rtol=1e-5)
    kind, filters = run.first_layer_filters()
    assert kind == "conv" and filters.shape == (32, 3, 3)
    clone = run.copy_model()
    np.testing.assert_allclose(clone(image[None, :, :, None]).numpy()[0], outs[-1].values, rtol=1e-5)
    blob = run.export_keras()
    assert zipfile.ZipFile(io.BytesIO(blob)).testzip() is None
    keras = get_tf().keras
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "m.keras"
        path.write_bytes(blob)
        loaded = keras.models.load_model(path, compile=False)
    np.testing.assert_allclose(loaded(image[None, :, :, None]).numpy()[0], outs[-1].values, rtol=1e-5)


def test_flatten_off_cannot_be_built_into_a_run(data) -> None:
    with pytest.raises(ValueError, match="Flatten"):
        MnistRun(dataclasses.replace(SMALL, flatten=False), data)


def test_encoder_sends_only_new_rows(make_run) -> None:
    run = make_run(SMALL)
    enc = MnistEncoder()
    header, arrays = unpack(enc.encode(run.snapshot()))
    assert arrays == {}
    assert header["history"]["reset"] and len(header["history"]["rows"]) == 1
    assert header["epoch"] == 0 and header["epochs"] == 3 and header["status"] == "paused"
    run.step()
    header, _ = unpack(enc.encode(run.snapshot()))
    assert not header["history"]["reset"] and len(header["history"]["rows"]) == 1
    assert header["history"]["rows"][0][0] == 1
    assert header["metrics"]["val_acc"] is not None and header["epoch_seconds"] > 0
    assert len(header["live"]["rows"]) >= 1
    header, _ = unpack(enc.encode(run.snapshot()))
    assert header["history"]["rows"] == [] and header["live"]["rows"] == []
    run.reset(same_init=True)
    header, _ = unpack(enc.encode(run.snapshot()))
    assert header["history"]["reset"] and header["live"]["reset"]
    other = make_run(SMALL)
    header, _ = unpack(enc.encode(other.snapshot()))
    assert header["history"]["reset"] and header["run"] == other.run_id


def test_config_round_trips_through_the_url() -> None:
    cfg = LabConfig(model="lenet", optimizer="sgd", learning_rate=0.03, epochs=12, normalize=False, browse=17)
    params = cfg.to_params()
    assert params["model"] == "lenet" and params["norm"] == "0" and params["digit"] == "17"
    back, problems = LabConfig.from_params(params)
    assert back == cfg and problems == []
    assert LabConfig().to_params() == {}
    bad, problems = LabConfig.from_params({"model": "resnet", "lr": "nan", "epochs": "999", "bs": "64"})
    assert bad == LabConfig() and len(problems) == 3
    assert cfg.training_key() == dataclasses.replace(cfg, browse=0).training_key()


def test_more_epochs_let_a_finished_run_train_on(make_run) -> None:
    run = make_run(dataclasses.replace(SMALL, epochs=1, train_size=500))
    run.step()
    run.start()  # the plan is done: it finishes without training further
    assert wait_until(lambda: run.status == RunStatus.FINISHED, timeout=30)
    assert run.snapshot().epoch == 1 and run.snapshot().batch == 0
    run.set_epochs(2)
    assert run.status == RunStatus.PAUSED and run.config.epochs == 2
    assert run.start()
    assert wait_until(lambda: run.status == RunStatus.FINISHED, timeout=120)
    assert run.snapshot().epoch == 2
