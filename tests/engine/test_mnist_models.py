"""The lab's model builders: shapes, parameter counts against Keras, seeding, the Flatten experiment,
the generated Keras code, the recognizer network, and the inspection helpers."""

from __future__ import annotations

import ast

import numpy as np
import pytest

from engine.mnist.codegen import keras_code
from engine.mnist.config import LabConfig
from engine.mnist.inspect import (
    confusion,
    first_layer_filters,
    layer_outputs,
    misclassified,
    path_layers,
    predict_one,
)
from engine.mnist.models import MODELS, ModelSpec, build_model, count_params, flatten_problem
from engine.mnist.recognizer import build_recognizer
from engine.tf_runtime import get_tf

#: Keras's model.summary() totals for the slides' networks (computed by hand from the layer sizes).
EXPECTED_PARAMS = {
    "dense": 784 * 128 + 128 + 128 * 10 + 10,  # 101,770: the slides' Flatten-Dense(128)-Dense(10)
    "cnn_small": 320 + 9248 + 800 * 128 + 128 + 1290,  # 113,386
    "cnn_slides": 320 + 18496 + 9216 * 128 + 128 + 1290,  # 1,199,882 (Keras's mnist_cnn.py)
    "lenet": 156 + 2416 + 400 * 120 + 120 + 120 * 84 + 84 + 850,  # 61,706
    "mlp": 784 * 128 + 128 + 128 * 64 + 64 + 650,  # 109,386
}


@pytest.fixture(scope="module")
def tf():
    return get_tf()


@pytest.mark.parametrize("kind", list(MODELS))
def test_shapes_and_parameter_counts_match_keras(tf, kind: str) -> None:
    spec = ModelSpec(kind)
    model = build_model(spec, seed=0)
    assert tuple(model.input_shape) == (None, 28, 28, 1)
    assert tuple(model.output_shape) == (None, 10)
    assert model.count_params() == EXPECTED_PARAMS[kind] == count_params(spec)
    out = model(np.zeros((3, 28, 28, 1), np.float32)).numpy()
    assert out.shape == (3, 10)
    np.testing.assert_allclose(out.sum(axis=1), 1.0, rtol=1e-5)  # softmax


@pytest.mark.parametrize(
    "spec",
    [
        ModelSpec("dense", hidden_units=512),
        ModelSpec("mlp", hidden_units=1024, dropout=0.5),
        ModelSpec("cnn_small", activation="tanh", hidden_units=32, dropout=0.3),
        ModelSpec("cnn_slides", hidden_units=16, dropout=0.5),
    ],
)
def test_count_params_formula_for_variants(tf, spec: ModelSpec) -> None:
    assert build_model(spec).count_params() == count_params(spec)


def test_same_seed_same_weights_other_seed_other_weights(tf) -> None:
    spec = ModelSpec("cnn_small")
    a = build_model(spec, seed=4).get_weights()
    b = build_model(spec, seed=4).get_weights()
    c = build_model(spec, seed=5).get_weights()
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    assert not np.array_equal(a[0], c[0])


def test_activation_is_applied_to_hidden_layers(tf) -> None:
    model = build_model(ModelSpec("dense", activation="sigmoid"))
    dense = [layer for layer in model.layers if type(layer).__name__ == "Dense"]
    assert dense[0].activation.__name__ == "sigmoid" and dense[-1].activation.__name__ == "softmax"


def test_removing_flatten_is_explained_with_the_real_shape(tf) -> None:
    assert flatten_problem(ModelSpec("dense")) is None
    text = flatten_problem(ModelSpec("dense", flatten=False))
    assert "(None, 28, 28, 10)" in text and "Flatten" in text
    model = build_model(ModelSpec("dense", flatten=False))
    assert tuple(model.output_shape) == (None, 28, 28, 10)
    # and Keras indeed refuses to train it on one label per image:
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    with pytest.raises(Exception):  # noqa: B017 - the exact Keras error class varies by version
        model.fit(np.zeros((4, 28, 28, 1)), np.zeros(4), epochs=1, verbose=0)


@pytest.mark.parametrize("kind", list(MODELS))
def test_generated_keras_code_builds_the_same_network(tf, kind: str) -> None:
    cfg = LabConfig(model=kind, dropout=0.2)
    code = keras_code(cfg)
    ast.parse(code)  # valid Python
    start = code.index("model = keras.Sequential([")
    end = code.index("])", start) + 2
    namespace = {"keras": tf.keras}
    exec(code[start:end], namespace)  # only the model definition: no data, no training
    assert namespace["model"].count_params() == build_model(cfg.spec).count_params()
    assert f"epochs={cfg.epochs}" in code and f"batch_size={cfg.batch_size}" in code
    assert "Adam(learning_rate=0.001)" in code


def test_code_mentions_the_missing_normalisation() -> None:
    assert "NOT normalised" in keras_code(LabConfig(normalize=False))
    assert "/ 255.0" in keras_code(LabConfig())


def test_recognizer_network(tf) -> None:
    model = build_recognizer(seed=0)
    assert tuple(model.output_shape) == (None, 10)
    assert 400_000 < model.count_params() < 600_000
    same = build_recognizer(seed=0)
    assert all(np.array_equal(a, b) for a, b in zip(model.get_weights(), same.get_weights(), strict=True))


def test_layer_outputs_match_keras_intermediate_model(tf) -> None:
    model = build_model(ModelSpec("cnn_small"), seed=1)
    rng = np.random.default_rng(0)
    image = rng.random((28, 28)).astype(np.float32)
    outs = layer_outputs(model, image)
    assert [o.name for o in outs] == [layer.name for layer in model.layers]
    reference = tf.keras.Model(model.inputs, [layer.output for layer in model.layers])(
        image[None, :, :, None]
    )
    for mine, ref in zip(outs, reference, strict=True):
        np.testing.assert_allclose(mine.values, ref.numpy()[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        predict_one(model, image), model(image[None, :, :, None]).numpy()[0], rtol=1e-5
    )
    shown = [(label, o.kind) for label, o in path_layers(outs)]
    assert shown == [
        ("conv 1", "Conv2D"),
        ("pool 1", "MaxPooling2D"),
        ("conv 2", "Conv2D"),
        ("pool 2", "MaxPooling2D"),
        ("dense 1", "Dense"),
        ("softmax", "Dense"),
    ]


def test_path_layers_skip_batchnorm_and_pre_activation(tf) -> None:
    outs = layer_outputs(build_recognizer(0), np.zeros((28, 28), np.float32))
    shown = path_layers(outs)
    kinds = [o.kind for _, o in shown]
    assert "BatchNormalization" not in kinds and "Dropout" not in kinds and "Flatten" not in kinds
    assert kinds.count("ReLU") == 5 and kinds[-1] == "Dense"
    labels = [label for label, _ in shown]
    assert labels == [
        "conv 1 (ReLU)",
        "conv 2 (ReLU)",
        "pool 1",
        "conv 3 (ReLU)",
        "conv 4 (ReLU)",
        "pool 2",
        "dense 1 (ReLU)",
        "softmax",
    ]


def test_first_layer_filters(tf) -> None:
    kind, filters = first_layer_filters(build_model(ModelSpec("cnn_small")))
    assert kind == "conv" and filters.shape == (32, 3, 3)
    kind, filters = first_layer_filters(build_model(ModelSpec("lenet")))
    assert kind == "conv" and filters.shape == (6, 5, 5)
    model = build_model(ModelSpec("dense", hidden_units=64))
    kind, templates = first_layer_filters(model)
    assert kind == "dense" and templates.shape == (64, 28, 28)
    np.testing.assert_array_equal(templates[5].ravel(), np.asarray(model.layers[1].kernel)[:, 5])


def test_confusion_and_misclassified() -> None:
    from sklearn.metrics import confusion_matrix

    labels = np.array([0, 1, 2, 2, 3, 9])
    probs = np.eye(10)[[0, 1, 2, 7, 3, 4]] * 0.5 + 0.05
    probs[3, 7] = 0.9  # a confident mistake
    preds = probs.argmax(1)
    cm = confusion(labels, preds)
    assert cm.shape == (10, 10) and cm.sum() == 6
    np.testing.assert_array_equal(cm, confusion_matrix(labels, preds, labels=range(10)))
    assert misclassified(probs, labels).tolist() == [3, 5]  # most confident first
    assert misclassified(probs, labels, limit=1).tolist() == [3]
