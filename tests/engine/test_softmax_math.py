"""Softmax and cross-entropy vs Keras, the slides' tables, stability, gradient p - y."""

from __future__ import annotations

import numpy as np
import pytest

from engine.neuralmath.softmax import (
    SLIDE_CCE_LOSSES,
    SLIDE_EXP,
    SLIDE_LOGITS,
    SLIDE_PRED,
    SLIDE_PROBS,
    SLIDE_SPARSE_LABELS,
    categorical_crossentropy,
    naive_softmax,
    one_hot,
    sigmoid_as_softmax,
    softmax,
    softmax_table,
    sparse_categorical_crossentropy,
)


def test_slide_table() -> None:
    t = softmax_table(SLIDE_LOGITS, 1.0, 0)
    np.testing.assert_allclose(t.probs, SLIDE_PROBS, atol=1e-5)
    np.testing.assert_allclose(t.exp.sum(), 12.26085, atol=1e-5)
    # The slide prints e^2.33 as 10.27754; the true value is 10.27794 (its other columns are right).
    np.testing.assert_allclose(t.exp[1:], SLIDE_EXP[1:], atol=1e-5)
    assert t.exp[0] == pytest.approx(10.27794, abs=1e-5)


def test_sums_to_one_and_is_stable() -> None:
    rng = np.random.default_rng(0)
    z = rng.normal(0, 30, size=(50, 6))
    np.testing.assert_allclose(softmax(z).sum(axis=1), 1.0)
    big = softmax(np.array([1000.0, 1001.0]))
    np.testing.assert_allclose(big, [1 / (1 + np.e), np.e / (1 + np.e)])
    assert np.isnan(naive_softmax(np.array([1000.0, 1001.0]))).all()
    t = softmax_table((1000.0, 1001.0, -1000.0), 1.0, 2)
    assert np.isfinite(t.loss) and t.loss == pytest.approx(2001 + np.log1p(np.exp(-1)), rel=1e-12)
    assert np.isfinite(t.grad).all()


def test_temperature() -> None:
    z = np.array(SLIDE_LOGITS)
    np.testing.assert_allclose(softmax(z, 2.0), softmax(z / 2.0))
    assert softmax(z, 0.05).max() > 0.999  # cold: argmax
    assert softmax(z, 20).max() < 0.4  # hot: near uniform
    with pytest.raises(ValueError):
        softmax(z, 0.0)


def test_matches_keras_softmax_and_losses() -> None:
    from engine.tf_runtime import get_tf

    keras = get_tf().keras
    z = np.array([SLIDE_LOGITS, [1000.0, 1001.0, 999.0], [-3.0, 0.0, 3.0]])
    np.testing.assert_allclose(softmax(z), keras.activations.softmax(z).numpy(), rtol=1e-6)
    labels = np.array(SLIDE_SPARSE_LABELS)
    pred = np.array(SLIDE_PRED)
    none = {"reduction": None}
    scce = keras.losses.SparseCategoricalCrossentropy(**none)(labels, pred).numpy()
    cce = keras.losses.CategoricalCrossentropy(**none)(one_hot(labels, 3), pred).numpy()
    np.testing.assert_allclose(scce, SLIDE_CCE_LOSSES, rtol=1e-6)
    np.testing.assert_allclose(cce, SLIDE_CCE_LOSSES, rtol=1e-6)
    np.testing.assert_allclose(sparse_categorical_crossentropy(labels, pred), scce, rtol=1e-6)
    np.testing.assert_allclose(categorical_crossentropy(one_hot(labels, 3), pred), cce, rtol=1e-6)


def test_loss_from_logits_and_gradient_p_minus_y() -> None:
    from engine.tf_runtime import get_tf

    tf = get_tf()
    for temperature, true in ((1.0, 0), (1.0, 2), (0.5, 1), (3.0, 1)):
        t = softmax_table(SLIDE_LOGITS, temperature, true)
        z = tf.Variable(np.array(SLIDE_LOGITS))
        with tf.GradientTape() as tape:
            loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)(
                tf.constant([true]), tf.reshape(z / temperature, (1, -1))
            )
        assert t.loss == pytest.approx(float(loss.numpy()), rel=1e-6)
        np.testing.assert_allclose(t.grad, tape.gradient(loss, z).numpy(), rtol=1e-6, atol=1e-9)
        if temperature == 1.0:
            np.testing.assert_allclose(t.grad, t.probs - one_hot(np.array([true]), 3)[0])
    assert softmax_table(SLIDE_LOGITS, 1.0, 0).loss == pytest.approx(-np.log(0.83827), abs=1e-5)


def test_sigmoid_equals_two_class_softmax() -> None:
    z = np.linspace(-30, 30, 121)
    sig, two = sigmoid_as_softmax(z)
    np.testing.assert_allclose(sig, two, rtol=1e-12)
    np.testing.assert_allclose(sig, 1 / (1 + np.exp(-z)))


def test_bad_true_class() -> None:
    with pytest.raises(ValueError):
        softmax_table(SLIDE_LOGITS, 1.0, 3)
