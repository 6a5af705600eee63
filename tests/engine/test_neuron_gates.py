"""engine.neuron.gates: the slides' gate weights, gradients (finite differences, Keras), training, XOR."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from engine.neuron import gates
from engine.neuron.gates import INPUTS, SLIDE_WEIGHTS, SLIDE_XOR_NET, TRUTH, TwoLayerNet


@pytest.mark.parametrize("gate", sorted(SLIDE_WEIGHTS))
def test_the_slides_weights_compute_the_gate(gate: str) -> None:
    table = gates.neuron_table(*SLIDE_WEIGHTS[gate], gate)
    np.testing.assert_array_equal(table.predicted, TRUTH[gate])
    assert table.correct == 4
    assert np.all(np.abs(table.out - TRUTH[gate]) < 1e-4)  # |z| >= 10: sigma is ~0 or ~1


def test_the_slides_and_table() -> None:
    table = gates.neuron_table(20, 20, -30, "AND")
    np.testing.assert_array_equal(table.z, [-30, -10, -10, 10])


def test_the_slides_xor_network() -> None:
    np.testing.assert_array_equal(SLIDE_XOR_NET.forward(INPUTS) >= 0.5, TRUTH["XOR"].astype(bool))
    hidden = SLIDE_XOR_NET.hidden(INPUTS) >= 0.5
    np.testing.assert_array_equal(hidden[:, 0], TRUTH["OR"].astype(bool))
    np.testing.assert_array_equal(hidden[:, 1], TRUTH["NAND"].astype(bool))


def test_sigmoid_and_bce_are_stable() -> None:
    assert gates.sigmoid(np.array([-1000.0, 0.0, 1000.0])).tolist() == [0.0, 0.5, 1.0]
    assert np.isfinite(gates.bce(np.array([0.0, 1.0]), np.array([1.0, 0.0])))


def _numeric_grad(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    g = np.zeros_like(x)
    for i in range(x.size):
        d = np.zeros_like(x)
        d.flat[i] = eps
        g.flat[i] = (f(x + d) - f(x - d)) / (2 * eps)
    return g


def test_single_neuron_gradient_matches_finite_differences() -> None:
    y = TRUTH["OR"]
    params = np.array([0.7, -1.3, 0.4])
    gw, gb, _ = gates.single_gradients(params[:2], params[2], y)

    def loss(p):
        return gates.bce(gates.sigmoid(INPUTS @ p[:2] + p[2]), y)

    np.testing.assert_allclose([*gw, gb], _numeric_grad(loss, params), atol=1e-7)


def test_backprop_matches_finite_differences() -> None:
    net = gates.initial_net(3)
    y = TRUTH["XOR"]
    grads, _ = gates.net_gradients(net, y)

    def flat(n: TwoLayerNet) -> np.ndarray:
        return np.concatenate([n.w_hidden.ravel(), n.b_hidden, n.w_out, [n.b_out]])

    def unflat(p: np.ndarray) -> TwoLayerNet:
        return TwoLayerNet(p[:4].reshape(2, 2), p[4:6], p[6:8], float(p[8]))

    def loss(p):
        return gates.bce(unflat(p).forward(INPUTS), y)

    np.testing.assert_allclose(flat(grads), _numeric_grad(loss, flat(net)), atol=1e-7)


def test_backprop_matches_keras() -> None:
    from engine.tf_runtime import get_tf

    tf = get_tf()
    net = gates.initial_net(4)
    y = TRUTH["XOR"]
    grads, loss = gates.net_gradients(net, y)
    variables = [
        tf.Variable(v, dtype=tf.float64) for v in (net.w_hidden, net.b_hidden, net.w_out, [net.b_out])
    ]
    with tf.GradientTape() as tape:
        h = tf.sigmoid(INPUTS @ variables[0] + variables[1])
        p = tf.sigmoid(tf.linalg.matvec(h, variables[2]) + variables[3][0])
        keras_loss = tf.keras.losses.BinaryCrossentropy()(y, p)
    expected = tape.gradient(keras_loss, variables)
    assert float(keras_loss) == pytest.approx(loss, rel=1e-5)
    for mine, theirs in zip(
        (grads.w_hidden, grads.b_hidden, grads.w_out, [grads.b_out]), expected, strict=True
    ):
        np.testing.assert_allclose(mine, theirs.numpy(), rtol=1e-4, atol=1e-8)


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND", "NOR"])
def test_trained_single_neuron_learns_separable_gates(gate: str) -> None:
    fit = gates.train_single(gate, seed=1, learning_rate=1.0, epochs=2000)
    assert fit.accuracy[-1] == 1.0
    assert fit.loss[-1] < 0.02 < fit.loss[0]
    assert np.all(np.diff(fit.loss) <= 1e-12)  # full-batch GD on a convex loss never goes up at this rate
    np.testing.assert_array_equal(gates.neuron_table(fit.w1, fit.w2, fit.b, gate).predicted, TRUTH[gate])


def test_training_is_seeded() -> None:
    a = gates.train_net("XOR", seed=7, learning_rate=1.0, epochs=300)
    b = gates.train_net("XOR", seed=7, learning_rate=1.0, epochs=300)
    np.testing.assert_array_equal(a.loss, b.loss)
    assert gates.train_single("AND", 2, 1.0, 10).w1 != gates.train_single("AND", 3, 1.0, 10).w1


def test_no_single_neuron_computes_xor() -> None:
    """Exhaustive over a grid of weights: at most 3 of the 4 rows right."""
    grid = np.linspace(-30, 30, 61)
    w = np.array(list(itertools.product(grid, grid, grid)))  # (61^3, 3): w1, w2, b
    predicted = (INPUTS @ w[:, :2].T + w[:, 2]) >= 0  # (4, n): sigma(z) >= 0.5
    correct = (predicted == TRUTH["XOR"][:, None].astype(bool)).sum(axis=0)
    assert correct.max() == 3


def test_xor_single_neuron_fails_and_a_hidden_layer_works() -> None:
    single = gates.train_single("XOR", seed=1, learning_rate=1.0, epochs=2000)
    assert single.accuracy.max() < 1.0
    assert single.loss[-1] == pytest.approx(np.log(2), abs=1e-3)  # stuck at sigma = 0.5 everywhere
    net = gates.train_net("XOR", seed=1, learning_rate=1.0, epochs=2000)
    assert net.accuracy[-1] == 1.0 and net.loss[-1] < 0.05
    np.testing.assert_array_equal(net.net.forward(INPUTS) >= 0.5, TRUTH["XOR"].astype(bool))


def test_boundary_segment_lies_on_the_line() -> None:
    seg = gates.boundary_segment(20, 20, -30)
    assert seg is not None and seg.shape == (2, 2)
    np.testing.assert_allclose(20 * seg[:, 0] + 20 * seg[:, 1] - 30, 0, atol=1e-9)
    assert gates.boundary_segment(0, 0, 1) is None
    assert gates.boundary_segment(1, 1, 100) is None  # outside the square


@pytest.mark.parametrize("gate", ["AND", "XOR"])
def test_the_pages_keras_code_runs(gate: str, capsys) -> None:
    from engine.neuron.config import GatesConfig
    from engine.tf_runtime import get_tf
    from ui.neuron.codegen import gates_code

    get_tf()
    source = gates_code(GatesConfig(gate=gate, epochs=3))
    exec(compile(source, f"<gates_code {gate}>", "exec"), {})  # our own generated code, not user text
    assert "[[" in capsys.readouterr().out  # the predictions were printed
