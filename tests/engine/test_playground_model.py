"""Tests for engine.playground.model: the Keras network and its compiled training loop.

TensorFlow takes seconds to import, so trainers are small (2 features, one or
two tiny hidden layers, 100-200 points) and shared where they are not mutated.
"""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

from engine.playground.config import PlaygroundConfig
from engine.playground.datasets import DOMAIN
from engine.playground.features import FEATURES, compute_features
from engine.playground.model import (
    GRID,
    NUMPY_VIEW_MAX_UNITS,
    THUMB,
    PlaygroundTrainer,
    build_model,
    grid_points,
    output_activation,
)
from engine.playground.run import make_playground_data
from engine.tf_runtime import get_tf

BINARY = PlaygroundConfig(dataset="circle", n_points=200, hidden=(4,), seed=3)
BLOBS = PlaygroundConfig(dataset="blobs3", n_points=150, hidden=(4,), seed=2, learning_rate=0.1)
REGRESSION = PlaygroundConfig(dataset="reg-plane", n_points=120, hidden=(4,), seed=4, learning_rate=0.01)


@pytest.fixture(scope="module")
def tf():
    return get_tf()


@pytest.fixture(scope="module")
def keras(tf):
    return tf.keras


def make_trainer(cfg: PlaygroundConfig, init_seed: int | None = None) -> PlaygroundTrainer:
    return PlaygroundTrainer(
        cfg, make_playground_data(cfg), cfg.init_seed if init_seed is None else init_seed
    )


@pytest.fixture(scope="module")
def binary_trainer(tf) -> PlaygroundTrainer:
    """Untrained; tests must not train it."""
    return make_trainer(BINARY)


@pytest.fixture(scope="module")
def blobs_trainer(tf) -> PlaygroundTrainer:
    """Untrained; tests must not train it."""
    return make_trainer(BLOBS)


# --------------------------------------------------------------------------- numpy references


def np_act(name: str, z: np.ndarray) -> np.ndarray:
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    if name == "linear":
        return z
    if name == "leaky_relu":
        return np.where(z > 0, z, 0.2 * z)  # Keras's default negative slope
    if name == "elu":
        return np.where(z > 0, z, np.expm1(z))
    if name == "softmax":
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    raise AssertionError(name)


def np_forward(trainer: PlaygroundTrainer, x: np.ndarray) -> np.ndarray:
    kernels, biases = trainer.weights()
    h = x.astype(np.float64)
    for i, (k, b) in enumerate(zip(kernels, biases, strict=True)):
        z = h @ k.astype(np.float64) + b.astype(np.float64)
        last = i == len(kernels) - 1
        h = np_act(output_activation(trainer.cfg) if last else trainer.cfg.activation, z)
    return h


def np_loss(cfg: PlaygroundConfig, y: np.ndarray, out: np.ndarray) -> float:
    out = out.astype(np.float64)
    if cfg.is_regression:
        return float(np.mean((out[:, 0] - y) ** 2))
    if cfg.n_outputs == 1:
        yf = y.astype(np.float64)
        if cfg.effective_loss == "mse":
            return float(np.mean((out[:, 0] - yf) ** 2))
        p = np.clip(out[:, 0], 1e-7, 1 - 1e-7)
        return float(-np.mean(yf * np.log(p) + (1 - yf) * np.log(1 - p)))
    onehot = np.eye(cfg.n_outputs)[y]
    if cfg.effective_loss == "mse":
        return float(np.mean((out - onehot) ** 2))
    p = np.clip(out, 1e-7, 1.0)
    return float(-np.mean(np.sum(onehot * np.log(p), axis=1)))


def np_accuracy(cfg: PlaygroundConfig, y: np.ndarray, out: np.ndarray) -> float:
    if cfg.is_regression:
        return float("nan")
    pred = (out[:, 0] > 0.5).astype(int) if cfg.n_outputs == 1 else np.argmax(out, axis=1)
    return float(np.mean(pred == y))


def closed_form_params(cfg: PlaygroundConfig) -> int:
    sizes = [len(cfg.features), *cfg.hidden, cfg.n_outputs]
    return sum(n_in * n_out + n_out for n_in, n_out in itertools.pairwise(sizes))


# --------------------------------------------------------------------------- grid


def test_grid_points_layout() -> None:
    pts = grid_points()
    assert pts.shape == (GRID * GRID, 2)
    assert pts.dtype == np.float32
    step = 2 * DOMAIN / GRID
    # row-major from the top: row 0 is y = +DOMAIN, x increases along a row
    np.testing.assert_allclose(pts[0], [-DOMAIN + step / 2, DOMAIN - step / 2], rtol=1e-6)
    np.testing.assert_allclose(pts[GRID - 1], [DOMAIN - step / 2, DOMAIN - step / 2], rtol=1e-6)
    np.testing.assert_allclose(pts[-1], [DOMAIN - step / 2, -DOMAIN + step / 2], rtol=1e-6)
    grid = pts.reshape(GRID, GRID, 2)
    assert np.all(np.diff(grid[:, :, 0], axis=1) > 0)
    assert np.all(np.diff(grid[:, :, 1], axis=0) < 0)
    assert GRID % THUMB == 0
    assert grid_points(4).shape == (16, 2)


# --------------------------------------------------------------------------- building


@pytest.mark.parametrize(
    "cfg",
    [
        BINARY,
        BLOBS,
        REGRESSION,
        PlaygroundConfig(hidden=()),
        PlaygroundConfig(dataset="blobs4", features=FEATURES, hidden=(8, 8, 8, 8, 8, 8)),
        PlaygroundConfig(features=("x1x2",), hidden=(1, 3), dropout=0.5, regularization="l1", reg_rate=0.1),
    ],
    ids=["binary", "blobs3", "regression", "no-hidden", "big", "dropout-l1"],
)
def test_parameter_count_closed_form(tf, cfg: PlaygroundConfig) -> None:
    model = build_model(cfg, 1)
    assert model.count_params() == closed_form_params(cfg)
    dense = [layer for layer in model.layers if isinstance(layer, tf.keras.layers.Dense)]
    assert [d.units for d in dense] == [*cfg.hidden, cfg.n_outputs]
    assert dense[-1].name == "output"
    assert len(model.layers) == len(dense) + (len(cfg.hidden) if cfg.dropout > 0 else 0)
    assert model.input_shape == (None, len(cfg.features))


def test_output_activation() -> None:
    assert output_activation(BINARY) == "sigmoid"
    assert output_activation(BLOBS) == "softmax"
    assert output_activation(REGRESSION) == "linear"


def test_same_init_seed_same_weights(tf) -> None:
    a = build_model(BINARY, 5).get_weights()
    b = build_model(BINARY, 5).get_weights()
    c = build_model(BINARY, 6).get_weights()
    assert len(a) == len(b) == len(c) == 4
    for wa, wb in zip(a, b, strict=True):
        np.testing.assert_array_equal(wa, wb)
    kernels_differ = [not np.array_equal(wa, wc) for wa, wc in zip(a[::2], c[::2], strict=True)]
    assert all(kernels_differ)
    # different layers draw different numbers even with the same seed
    big = build_model(dataclasses.replace(BINARY, hidden=(2, 2)), 5).get_weights()
    assert not np.array_equal(big[2].ravel(), big[0].ravel())


def test_initializers(tf) -> None:
    tfp = build_model(dataclasses.replace(BINARY, initializer="tfp_uniform"), 1).get_weights()
    for kernel, bias in zip(tfp[::2], tfp[1::2], strict=True):
        assert np.all(np.abs(kernel) <= 0.5)
        np.testing.assert_allclose(bias, 0.1)
    zeros = build_model(dataclasses.replace(BINARY, initializer="zeros"), 1).get_weights()
    assert all(not w.any() for w in zeros)
    for init in ("glorot_uniform", "he_normal"):
        ws = build_model(dataclasses.replace(BINARY, initializer=init), 1).get_weights()
        assert all(not b.any() for b in ws[1::2])
        assert all(np.std(k) > 0 for k in ws[::2])


def test_reinitialize(tf) -> None:
    tr = make_trainer(BINARY)
    initial = [w.copy() for w in tr.model.get_weights()]
    tr.train_epochs(3, 10, 0)
    assert any(not np.array_equal(a, b) for a, b in zip(initial, tr.model.get_weights(), strict=True))
    tr.reinitialize(None)
    for a, b in zip(initial, tr.model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    tr.reinitialize(9)
    for a, b in zip(build_model(BINARY, 9).get_weights(), tr.model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    tr.train_epochs(2, 10, 0)
    tr.reinitialize(None)  # "same init" now means seed 9's weights
    for a, b in zip(build_model(BINARY, 9).get_weights(), tr.model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_reinitialize_clears_optimizer_state() -> None:
    cfg = dataclasses.replace(BINARY, optimizer="adam")
    tr = make_trainer(cfg)
    first = tr.train_epochs(3, 10, 0).train_loss
    tr.reinitialize(None)
    again = tr.train_epochs(3, 10, 0).train_loss
    np.testing.assert_array_equal(first, again)


def test_reinitialize_keeps_the_live_learning_rate() -> None:
    """Regression: reinitialize() restored every optimizer variable, the
    learning rate included, so Reset undid a learning rate changed live."""
    cfg = dataclasses.replace(BINARY, optimizer="adam")
    tr = make_trainer(cfg)
    tr.set_learning_rate(0.5)
    tr.train_epochs(2, 10, 0)
    assert int(tr.optimizer.iterations.numpy()) > 0
    tr.reinitialize(None)
    assert float(tr.optimizer.learning_rate.numpy()) == pytest.approx(0.5)
    assert int(tr.optimizer.iterations.numpy()) == 0
    tr.reinitialize(4)
    assert float(tr.optimizer.learning_rate.numpy()) == pytest.approx(0.5)
    # and training after the reset really uses it: same as a trainer built with lr=0.5
    fresh = make_trainer(dataclasses.replace(cfg, learning_rate=0.5), init_seed=4)
    np.testing.assert_array_equal(
        tr.train_epochs(3, 10, 0).train_loss, fresh.train_epochs(3, 10, 0).train_loss
    )


# --------------------------------------------------------------------------- losses against numpy


@pytest.mark.parametrize(
    "cfg",
    [
        BINARY,
        dataclasses.replace(BINARY, loss="mse"),
        BLOBS,
        dataclasses.replace(BLOBS, loss="mse"),
        REGRESSION,
        dataclasses.replace(BINARY, regularization="l2", reg_rate=1.0, activation="relu"),
        dataclasses.replace(BINARY, dataset="xor", hidden=(3, 2), activation="leaky_relu"),
    ],
    ids=["bce", "binary-mse", "softmax-ce", "softmax-mse", "regression", "l2-relu", "leaky"],
)
def test_loss_and_accuracy_match_numpy(tf, cfg: PlaygroundConfig) -> None:
    tr = make_trainer(cfg)
    tr.train_epochs(2, cfg.batch_size, 0)  # move away from the initial weights
    d = tr.data
    x_train = compute_features(d.x_train, cfg.features)
    x_test = compute_features(d.x_test, cfg.features)
    out_train = tr.model(x_train, training=False).numpy()
    out_test = tr.model(x_test, training=False).numpy()
    # the model is what the numpy forward pass says it is
    np.testing.assert_allclose(out_train, np_forward(tr, x_train), rtol=1e-4, atol=1e-5)
    m = tr.evaluate()
    np.testing.assert_allclose(m.train_loss[0], np_loss(cfg, d.y_train, out_train), rtol=1e-5)
    np.testing.assert_allclose(m.test_loss[0], np_loss(cfg, d.y_test, out_test), rtol=1e-5)
    if cfg.is_regression:
        assert np.isnan(m.train_acc[0]) and np.isnan(m.test_acc[0])
    else:
        assert m.train_acc[0] == pytest.approx(np_accuracy(cfg, d.y_train, out_train), abs=1e-6)
        assert m.test_acc[0] == pytest.approx(np_accuracy(cfg, d.y_test, out_test), abs=1e-6)
    # the compiled loop reports the same numbers after its last epoch
    chunk = tr.train_epochs(1, cfg.batch_size, 2)
    after = tr.evaluate()
    for field in ("train_loss", "test_loss", "train_acc", "test_acc"):
        np.testing.assert_allclose(getattr(chunk, field), getattr(after, field), rtol=1e-5)


def test_softmax_outputs_are_probabilities(blobs_trainer: PlaygroundTrainer) -> None:
    out = blobs_trainer.model(blobs_trainer.grid_features, training=False).numpy()
    assert out.shape == (GRID * GRID, 3)
    assert np.all(out >= 0)
    np.testing.assert_allclose(out.sum(axis=1), 1.0, rtol=1e-5)


def test_one_sgd_epoch_matches_a_manual_reference(tf) -> None:
    """The in-graph epoch = shuffle with the stateless seed, then plain SGD per mini-batch."""
    cfg = dataclasses.replace(BINARY, n_points=60, batch_size=7, learning_rate=0.1)
    tr = make_trainer(cfg)
    ref = build_model(cfg, cfg.init_seed)
    x = tf.constant(compute_features(tr.data.x_train, cfg.features))
    y = tr.data.y_train.astype(np.float32)
    n = len(y)
    epoch0 = 3
    order = tf.argsort(tf.random.stateless_uniform([n], seed=[tr.data.seed, epoch0])).numpy()
    for start in range(0, n, cfg.batch_size):
        idx = order[start : start + cfg.batch_size]
        with tf.GradientTape() as tape:
            p = tf.clip_by_value(ref(tf.gather(x, idx), training=True)[:, 0], 1e-7, 1 - 1e-7)
            yb = tf.constant(y[idx])
            loss = -tf.reduce_mean(yb * tf.math.log(p) + (1 - yb) * tf.math.log(1 - p))
        grads = tape.gradient(loss, ref.trainable_variables)
        for var, g in zip(ref.trainable_variables, grads, strict=True):
            var.assign_sub(cfg.learning_rate * g)
    metrics = tr.train_epochs(1, cfg.batch_size, epoch0)
    for got, want in zip(tr.model.get_weights(), ref.get_weights(), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)
    out = ref(x, training=False).numpy()
    np.testing.assert_allclose(metrics.train_loss[0], np_loss(cfg, tr.data.y_train, out), rtol=1e-5)


# --------------------------------------------------------------------------- training


def test_training_improves_and_is_deterministic(tf) -> None:
    a = make_trainer(BINARY)
    b = make_trainer(BINARY)
    start = a.evaluate()
    ma = a.train_epochs(50, BINARY.batch_size, 0)
    mb = b.train_epochs(50, BINARY.batch_size, 0)
    assert ma.train_loss.shape == (50,)
    np.testing.assert_array_equal(ma.train_loss, mb.train_loss)
    np.testing.assert_array_equal(ma.test_acc, mb.test_acc)
    for wa, wb in zip(a.model.get_weights(), b.model.get_weights(), strict=True):
        np.testing.assert_array_equal(wa, wb)
    assert ma.train_loss[-1] < 0.8 * start.train_loss[0]
    assert ma.train_loss[-1] < ma.train_loss[0]
    assert ma.train_acc[-1] > start.train_acc[0] + 0.1
    assert ma.train_acc[-1] >= 0.8
    assert np.all(np.isfinite(ma.train_loss)) and np.all(np.isfinite(ma.test_loss))
    assert np.all((ma.train_acc >= 0) & (ma.train_acc <= 1))
    # training in several chunks gives the same result as in one go
    c = make_trainer(BINARY)
    parts = [c.train_epochs(k, BINARY.batch_size, e0).train_loss for k, e0 in ((20, 0), (1, 20), (29, 21))]
    np.testing.assert_allclose(np.concatenate(parts), ma.train_loss, rtol=1e-6)


def test_regression_training_improves() -> None:
    tr = make_trainer(REGRESSION)
    start = tr.evaluate().train_loss[0]
    m = tr.train_epochs(30, REGRESSION.batch_size, 0)
    assert m.train_loss[-1] < 0.5 * start
    assert np.isnan(m.train_acc).all()


def test_learning_rate_changes_live() -> None:
    tr = make_trainer(BINARY)
    tr.set_learning_rate(0.0)
    before = [w.copy() for w in tr.model.get_weights()]
    tr.train_epochs(2, 10, 0)
    for a, b in zip(before, tr.model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    tr.set_learning_rate(0.03)
    tr.train_epochs(1, 10, 2)
    assert any(not np.array_equal(a, b) for a, b in zip(before, tr.model.get_weights(), strict=True))


def test_set_data_keeps_weights(tf) -> None:
    tr = make_trainer(BINARY)
    weights = [w.copy() for w in tr.model.get_weights()]
    loss_before = tr.evaluate().train_loss[0]
    other = make_playground_data(dataclasses.replace(BINARY, seed=77))
    tr.set_data(other)
    assert tr.data is other
    for a, b in zip(weights, tr.model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    out = tr.model(compute_features(other.x_train, BINARY.features)).numpy()
    np.testing.assert_allclose(tr.evaluate().train_loss[0], np_loss(BINARY, other.y_train, out), rtol=1e-5)
    assert tr.evaluate().train_loss[0] != loss_before
    tr.train_epochs(1, 10, 0)  # still trains on the new data


# --------------------------------------------------------------------------- probe and export


def test_probe_grid(binary_trainer: PlaygroundTrainer, blobs_trainer: PlaygroundTrainer) -> None:
    for tr in (binary_trainer, blobs_trainer):
        layers = tr.probe_grid()
        assert [p.shape for p in layers] == [(GRID * GRID, u) for u in (*tr.cfg.hidden, tr.cfg.n_outputs)]
        assert all(p.dtype == np.float32 for p in layers)
        want = tr.model(tr.grid_features, training=False).numpy()
        np.testing.assert_allclose(layers[-1], want, rtol=1e-6, atol=1e-7)
        k, b = tr.weights()
        feats = compute_features(grid_points(), tr.cfg.features)
        np.testing.assert_allclose(layers[0], np.tanh(feats @ k[0] + b[0]), rtol=1e-4, atol=1e-5)


def test_probe_grid_with_dropout_is_deterministic() -> None:
    cfg = dataclasses.replace(BINARY, hidden=(3, 2), dropout=0.5)
    tr = make_trainer(cfg)
    a = tr.probe_grid()
    b = tr.probe_grid()
    assert [p.shape for p in a] == [(GRID * GRID, 3), (GRID * GRID, 2), (GRID * GRID, 1)]
    for pa, pb in zip(a, b, strict=True):
        np.testing.assert_array_equal(pa, pb)  # dropout is off when probing
    np.testing.assert_allclose(a[-1], tr.model(tr.grid_features, training=False).numpy(), rtol=1e-6)


def test_weights_shapes(binary_trainer: PlaygroundTrainer) -> None:
    kernels, biases = binary_trainer.weights()
    assert [k.shape for k in kernels] == [(2, 4), (4, 1)]
    assert [b.shape for b in biases] == [(4,), (1,)]
    assert binary_trainer.n_params == closed_form_params(BINARY)


@pytest.mark.parametrize(
    "cfg",
    [
        BINARY,
        dataclasses.replace(BLOBS, activation="leaky_relu", dropout=0.2, regularization="l2", reg_rate=0.01),
    ],
    ids=["binary", "blobs-leaky-dropout-l2"],
)
def test_export_keras_round_trip(keras, tmp_path, cfg: PlaygroundConfig) -> None:
    tr = make_trainer(cfg)
    tr.train_epochs(2, cfg.batch_size, 0)
    data = tr.export_keras()
    assert isinstance(data, bytes)
    assert data[:2] == b"PK"  # a zip archive
    path = tmp_path / "model.keras"
    path.write_bytes(data)
    loaded = keras.models.load_model(path)
    assert loaded.count_params() == tr.n_params
    x = tr.grid_features
    np.testing.assert_allclose(
        loaded(x, training=False).numpy(), tr.model(x, training=False).numpy(), rtol=1e-6
    )


def test_get_tf_is_imported_once(tf, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine import tf_runtime

    assert get_tf() is tf
    assert tf_runtime.get_tf() is tf
    monkeypatch.setenv("MLP_TEST_THREADS", "3")
    assert tf_runtime._env_int("MLP_TEST_THREADS", 1) == 3
    monkeypatch.setenv("MLP_TEST_THREADS", "0")
    assert tf_runtime._env_int("MLP_TEST_THREADS", 1) == 1
    monkeypatch.setenv("MLP_TEST_THREADS", "many")
    assert tf_runtime._env_int("MLP_TEST_THREADS", 2) == 2
    monkeypatch.delenv("MLP_TEST_THREADS")
    assert tf_runtime._env_int("MLP_TEST_THREADS", 2) == 2


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_an_epoch_trained_in_parts_equals_the_whole_epoch(tf, optimizer: str) -> None:
    """Under load a chunk ends mid-epoch (``train_batches``): the same batches in the same
    order, so the weights after 2 epochs in uneven parts equal those of ``train_epochs(2)``."""
    cfg = PlaygroundConfig(dataset="xor", n_points=120, batch_size=7, optimizer=optimizer, learning_rate=0.03)
    whole, parts = make_trainer(cfg), make_trainer(cfg)
    metrics = whole.train_epochs(2, cfg.batch_size, 0)
    n = len(parts.data.x_train)
    per_epoch = -(-n // cfg.batch_size)
    for epoch in range(2):
        start = 0
        for k in (1, 3, per_epoch):  # the last part runs past the end: it stops at the epoch's end
            k = min(k, -(-(n - start) // cfg.batch_size))
            loss = parts.train_batches(start, k, cfg.batch_size, epoch)
            assert np.isfinite(loss)
            start = min(n, start + k * cfg.batch_size)
        assert start == n
    for a, b in zip(whole.model.get_weights(), parts.model.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    after = parts.epoch_metrics()
    np.testing.assert_allclose(after.train_loss, metrics.train_loss[-1:], rtol=1e-5)
    np.testing.assert_allclose(after.test_acc, metrics.test_acc[-1:], rtol=1e-5)


@pytest.mark.parametrize(
    "cfg",
    [
        PlaygroundConfig(),  # circle, 4-2 tanh, sigmoid output
        PlaygroundConfig(dataset="xor", hidden=(3,), activation="relu"),
        PlaygroundConfig(dataset="blobs3", hidden=(5, 3), activation="leaky_relu"),  # softmax output
        PlaygroundConfig(dataset="reg-plane", hidden=(4,), activation="elu"),  # linear output
        PlaygroundConfig(dataset="gauss", hidden=(), activation="sigmoid"),  # no hidden layer
    ],
    ids=["tanh-sigmoid", "relu", "leaky-softmax", "elu-linear", "no-hidden"],
)
def test_the_numpy_view_equals_the_compiled_one(tf, cfg: PlaygroundConfig) -> None:
    """Small networks draw their view in numpy (faster there): the same numbers as TensorFlow's."""
    trainer = make_trainer(cfg)
    trainer.train_epochs(2, cfg.batch_size, 0)  # weights away from their initial values
    assert sum(cfg.hidden) <= NUMPY_VIEW_MAX_UNITS
    fast, compiled = trainer.grid_view(), trainer.compiled_view()
    np.testing.assert_allclose(fast.output, compiled.output, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(fast.thumbs, compiled.thumbs, rtol=1e-4, atol=1e-5)
    assert fast.thumbs.shape == compiled.thumbs.shape and fast.output.shape == compiled.output.shape
    for a, b in zip((*fast.kernels, *fast.biases), (*compiled.kernels, *compiled.biases), strict=True):
        np.testing.assert_array_equal(a, b)
