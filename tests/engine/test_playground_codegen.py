"""Tests for engine.playground.codegen: the Keras code shown to learners must run
and build the very network the playground trains."""

from __future__ import annotations

import contextlib
import io
import itertools

import numpy as np
import pytest

from engine.playground.codegen import keras_code
from engine.playground.config import PlaygroundConfig
from engine.playground.features import FEATURES, compute_features
from engine.playground.model import build_model, grid_points
from engine.playground.run import make_playground_data
from engine.tf_runtime import get_tf

CONFIGS = {
    "binary": PlaygroundConfig(dataset="circle", n_points=100, hidden=(4, 2), noise=10, seed=5, init_seed=3),
    "blobs3-dropout-l2": PlaygroundConfig(
        dataset="blobs3",
        n_points=90,
        hidden=(5,),
        dropout=0.3,
        regularization="l2",
        reg_rate=0.01,
        activation="relu",
        initializer="he_normal",
        optimizer="adam",
        learning_rate=0.01,
    ),
    "regression-l1": PlaygroundConfig(
        dataset="reg-gauss",
        n_points=80,
        train_percent=70,
        features=FEATURES,
        hidden=(3, 3),
        activation="leaky_relu",
        initializer="tfp_uniform",
        regularization="l1",
        reg_rate=0.001,
        optimizer="momentum",
    ),
    "blobs4-mse": PlaygroundConfig(dataset="blobs4", n_points=80, hidden=(), loss="mse", optimizer="rmsprop"),
    "binary-mse-zeros": PlaygroundConfig(
        dataset="xor", n_points=60, hidden=(2,), loss="mse", initializer="zeros", optimizer="adagrad"
    ),
}


@pytest.fixture(scope="module")
def tf():
    return get_tf()


def run_code(code: str) -> dict:
    ns: dict = {"__name__": "generated"}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code, "<keras_code>", "exec"), ns)
    return ns


@pytest.mark.parametrize("name", list(CONFIGS))
def test_code_compiles(name: str) -> None:
    code = keras_code(CONFIGS[name])
    compile(code, "<keras_code>", "exec")
    assert code.endswith("\n")
    assert "model.fit(" in code
    assert "from engine.playground.datasets import make_dataset" in code


@pytest.mark.parametrize("name", list(CONFIGS))
def test_built_model_equals_playground_model(tf, name: str) -> None:
    cfg = CONFIGS[name]
    code = keras_code(cfg)
    ns = run_code(code.split("model.compile(")[0])
    model = ns["model"]
    ours = build_model(cfg, cfg.init_seed)
    assert model.count_params() == ours.count_params()
    sizes = [len(cfg.features), *cfg.hidden, cfg.n_outputs]
    assert model.count_params() == sum(a * b + b for a, b in itertools.pairwise(sizes))
    # same initializers and seeds: the very same starting weights
    theirs = model.get_weights()
    assert len(theirs) == len(ours.get_weights())
    for a, b in zip(theirs, ours.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    # same data, same features, same activations: the same predictions
    data = make_playground_data(cfg)
    np.testing.assert_array_equal(ns["x_train"], data.x_train)
    y_test = ns["y_test"]
    if cfg.n_classes > 2 and cfg.loss == "mse":  # one-hot targets for MSE
        assert y_test.shape == (len(data.y_test), cfg.n_classes)
        np.testing.assert_array_equal(y_test.sum(axis=1), 1.0)
        y_test = y_test.argmax(axis=1)
    np.testing.assert_array_equal(y_test, data.y_test)
    pts = grid_points(10)
    feats = ns["features"](pts)
    np.testing.assert_allclose(feats, compute_features(pts, cfg.features), rtol=1e-6)
    np.testing.assert_allclose(
        np.asarray(model(feats, training=False)), ours(feats, training=False).numpy(), rtol=1e-5, atol=1e-6
    )
    dropouts = [layer for layer in model.layers if type(layer).__name__ == "Dropout"]
    assert len(dropouts) == (len(cfg.hidden) if cfg.dropout > 0 else 0)


@pytest.mark.parametrize("name", ["blobs3-dropout-l2", "blobs4-mse"])
def test_code_runs_end_to_end(tf, name: str) -> None:
    """The whole snippet trains (one epoch), including a multiclass MSE setup.

    Regression: multiclass + MSE used to pass integer labels to 'mse' against k
    softmax outputs, which fails in ``model.fit``.
    """
    cfg = CONFIGS[name]
    code = keras_code(cfg)
    assert "epochs=100" in code
    ns = run_code(code.replace("epochs=100", "epochs=1"))
    hist = ns["history"].history
    assert set(hist) >= {"loss", "val_loss", "accuracy", "val_accuracy"}
    assert len(hist["loss"]) == 1
    assert np.isfinite(hist["loss"][0])
    assert ns["model"].count_params() == build_model(cfg, cfg.init_seed).count_params()


def test_code_mentions_settings() -> None:
    cfg = CONFIGS["blobs3-dropout-l2"]
    code = keras_code(cfg)
    assert "keras.optimizers.Adam(learning_rate=0.01)" in code
    assert "kernel_regularizer=keras.regularizers.L2(0.01)" in code
    assert "keras.layers.Dropout(0.3)" in code
    assert "'sparse_categorical_crossentropy'" in code
    assert "batch_size=10" in code
    reg = keras_code(CONFIGS["regression-l1"])
    assert "loss='mse'" in reg
    assert "metrics" not in reg
    assert "SGD(learning_rate=0.03, momentum=0.9)" in reg
    assert "bias_initializer=keras.initializers.Constant(0.1)" in reg
    assert "'binary_crossentropy'" in keras_code(PlaygroundConfig())
    assert "regularizer" not in keras_code(PlaygroundConfig(regularization="l2", reg_rate=0.0))
