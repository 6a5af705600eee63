"""Activation functions: derivatives vs finite differences and Keras; saturation; vanishing gradients."""

from __future__ import annotations

import numpy as np
import pytest

from engine.neuralmath.activations import ACTIVATIONS, MAXOUT_EXAMPLES, evaluate, maxout, saturation_regions
from engine.neuralmath.vanishing import backprop_mlp, chain_gradients, deep_net_gradients

XS = np.concatenate([np.linspace(-8, 8, 161), [-0.37, 0.013, 2.9]])
XS = XS[np.abs(XS) > 1e-3]  # keep clear of the kinks at 0


@pytest.mark.parametrize("key", sorted(ACTIVATIONS))
@pytest.mark.parametrize("alpha", [None, 0.3])
def test_derivative_matches_central_differences(key: str, alpha: float | None) -> None:
    h = 1e-6
    _, d = evaluate(key, XS, alpha)
    up, _ = evaluate(key, XS + h, alpha)
    down, _ = evaluate(key, XS - h, alpha)
    np.testing.assert_allclose(d, (up - down) / (2 * h), atol=1e-6)


def _keras_fn(key: str, alpha: float):
    from engine.tf_runtime import get_tf

    keras = get_tf().keras
    acts = keras.activations
    return {
        "sigmoid": acts.sigmoid,
        "tanh": acts.tanh,
        "relu": acts.relu,
        "leaky_relu": lambda x: acts.leaky_relu(x, negative_slope=alpha),
        "elu": lambda x: acts.elu(x, alpha=alpha),
        "softplus": acts.softplus,
        "swish": acts.silu,
        "linear": acts.linear,
    }[key]


@pytest.mark.parametrize("key", sorted(ACTIVATIONS))
def test_function_and_derivative_match_keras(key: str) -> None:
    from engine.tf_runtime import get_tf

    tf = get_tf()
    alpha = 0.1 if key == "leaky_relu" else 1.0
    x = tf.Variable(XS, dtype=tf.float64)
    with tf.GradientTape() as tape:
        y = _keras_fn(key, alpha)(x)
    grad = tape.gradient(y, x)
    f, d = evaluate(key, XS, alpha if key in ("leaky_relu", "elu") else None)
    np.testing.assert_allclose(f, y.numpy(), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(d, grad.numpy(), rtol=1e-6, atol=1e-7)


def test_sigmoid_derivative_peaks_at_quarter() -> None:
    xs = np.linspace(-10, 10, 20001)
    _, d = evaluate("sigmoid", xs)
    assert d.max() == pytest.approx(0.25)
    assert xs[np.argmax(d)] == pytest.approx(0.0)


def test_sigmoid_is_stable_for_huge_inputs() -> None:
    f, d = evaluate("sigmoid", np.array([-1000.0, 1000.0]))
    np.testing.assert_array_equal(f, [0.0, 1.0])
    assert np.all(np.isfinite(d))


def test_saturation_regions() -> None:
    (left, right) = saturation_regions("sigmoid", -8, 8, threshold=0.05)
    # sigma'(x) = 0.05 at |x| = ln((1 + sqrt(0.8)) / (1 - sqrt(0.8))) / 1 ~ 2.887
    assert left[0] == -8 and left[1] == pytest.approx(-2.887, abs=0.01)
    assert right[0] == pytest.approx(2.887, abs=0.01) and right[1] == 8
    assert saturation_regions("relu", -5, 5) == [(-5.0, pytest.approx(0.0, abs=0.01))]
    assert saturation_regions("linear", -5, 5) == []
    assert saturation_regions("leaky_relu", -5, 5, alpha=0.1) == []


def test_maxout_represents_relu_and_abs() -> None:
    xs = np.linspace(-3, 3, 13)
    np.testing.assert_allclose(maxout(xs, MAXOUT_EXAMPLES["ReLU = max(0·x + 0, 1·x + 0)"]), np.maximum(xs, 0))
    np.testing.assert_allclose(maxout(xs, MAXOUT_EXAMPLES["|x| = max(-x, x)"]), np.abs(xs))


def test_chain_gradients() -> None:
    g = chain_gradients("sigmoid", 10)
    np.testing.assert_allclose(g, 0.25 ** np.arange(11))
    np.testing.assert_allclose(chain_gradients("relu", 10, z=1.0), np.ones(11))
    assert chain_gradients("relu", 3, z=-1.0)[-1] == 0.0
    np.testing.assert_allclose(chain_gradients("tanh", 4, weight=2.0), 2.0 ** np.arange(5))


def test_deep_net_gradients_match_gradient_tape() -> None:
    from engine.tf_runtime import get_tf

    tf = get_tf()
    res = deep_net_gradients("sigmoid", 5, width=6, seed=3)
    ks = [tf.Variable(k) for k in res.kernels]
    bs = [tf.Variable(b) for b in res.biases]
    with tf.GradientTape() as tape:
        h = tf.constant(res.x)
        for k, b in zip(ks, bs, strict=True):
            h = tf.sigmoid(h @ k + b)
        p = h[:, 0]
        y = tf.constant(res.y)
        loss = -tf.reduce_mean(y * tf.math.log(p) + (1 - y) * tf.math.log(1 - p))
    grads = tape.gradient(loss, ks + bs)
    assert res.loss == pytest.approx(float(loss.numpy()), rel=1e-10)
    for mine, ref in zip(res.grad_kernels + res.grad_biases, grads, strict=True):
        np.testing.assert_allclose(mine, ref.numpy(), rtol=1e-8, atol=1e-14)


def test_deep_net_gradients_relu_and_keras_loss() -> None:
    from engine.tf_runtime import get_tf

    keras = get_tf().keras
    res = deep_net_gradients("relu", 4, width=5, seed=1)
    p = res.x
    for i, (k, b) in enumerate(zip(res.kernels, res.biases, strict=True)):
        z = p @ k + b
        p = 1 / (1 + np.exp(-z)) if i == len(res.kernels) - 1 else np.maximum(z, 0)
    bce = float(keras.losses.BinaryCrossentropy()(res.y[:, None], p).numpy())
    assert res.loss == pytest.approx(bce, rel=1e-5)


def test_sigmoid_gradients_vanish_relu_do_not() -> None:
    sig = deep_net_gradients("sigmoid", 12, seed=0).layer_grad
    relu = deep_net_gradients("relu", 12, seed=0).layer_grad
    assert sig[0] / sig[-1] < 1e-6  # the first layer gets a millionth of the last one's gradient
    assert relu[0] / relu[-1] > 1e-2


def test_backprop_mlp_is_seeded() -> None:
    a = deep_net_gradients("tanh", 3, seed=7)
    b = deep_net_gradients("tanh", 3, seed=7)
    np.testing.assert_array_equal(a.layer_grad, b.layer_grad)
    again = backprop_mlp("tanh", list(a.kernels), list(a.biases), a.x, a.y)
    np.testing.assert_array_equal(again.layer_grad, a.layer_grad)
