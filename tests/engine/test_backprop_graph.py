"""Backprop graphs: hand-walked gradients vs tf.GradientTape and Keras, the slides' numbers, the update."""

from __future__ import annotations

import numpy as np
import pytest

from engine.neuralmath.backprop import EXAMPLES, default_values, leaf_names, tf_gradients, trace


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_gradients_match_gradient_tape(key: str) -> None:
    ex = EXAMPLES[key]
    rng = np.random.default_rng(0)
    for trial in range(4):
        leaves = dict(ex.defaults)
        if trial:
            leaves = {n: v + float(rng.normal(0, 0.5)) for n, v in leaves.items()}
            if "y" in leaves:
                leaves["y"] = float(rng.uniform(0, 1))
        t = trace(ex, leaves, ex.lr)
        loss, grads = tf_gradients(ex, leaves)
        assert t.loss == pytest.approx(loss, rel=1e-12)
        for name in leaf_names(ex):
            assert t.grads[name] == pytest.approx(grads[name], rel=1e-10, abs=1e-14), name


def test_expression_slide_numbers() -> None:
    t = trace(EXAMPLES["expr"], {"a": -2.0, "b": 5.0, "c": -4.0}, 0.01)
    assert t.values["d"] == 3.0 and t.values["e"] == -12.0
    assert (t.grads["a"], t.grads["b"], t.grads["c"], t.grads["d"]) == (-4.0, -4.0, 3.0, -4.0)
    assert t.updated == pytest.approx({"a": -1.96, "b": 5.04, "c": -4.03})
    assert t.new_loss < t.loss


def test_mlp_matches_keras_dense_network() -> None:
    """The 2-2-1 graph equals Dense(2, sigmoid) -> Dense(1, sigmoid) with the squared error."""
    from engine.tf_runtime import get_tf

    tf = get_tf()
    keras = tf.keras
    ex = EXAMPLES["mlp"]
    v = ex.defaults
    model = keras.Sequential(
        [
            keras.Input((2,)),
            keras.layers.Dense(2, activation="sigmoid"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.set_weights(
        [
            np.array([[v["w1"], v["w3"]], [v["w2"], v["w4"]]]),
            np.array([v["b1"], v["b2"]]),
            np.array([[v["w5"]], [v["w6"]]]),
            np.array([v["b3"]]),
        ]
    )
    x = tf.constant([[v["x1"], v["x2"]]])
    with tf.GradientTape() as tape:
        loss = keras.losses.MeanSquaredError()(tf.constant([[v["y"]]]), model(x))
    g = [a.numpy() for a in tape.gradient(loss, model.trainable_variables)]
    t = trace(ex, v, ex.lr)
    assert t.loss == pytest.approx(float(loss.numpy()), rel=1e-5)
    mine = [
        [[t.grads["w1"], t.grads["w3"]], [t.grads["w2"], t.grads["w4"]]],
        [t.grads["b1"], t.grads["b2"]],
        [[t.grads["w5"]], [t.grads["w6"]]],
        [t.grads["b3"]],
    ]
    for a, b in zip(mine, g, strict=True):
        np.testing.assert_allclose(np.array(a), b, rtol=1e-4)
    # The well-known worked example (its loss has a factor 1/2): h1 = 0.593269992, dE/dw5 = 0.082167041.
    assert t.values["h1"] == pytest.approx(0.593269992, abs=1e-9)
    assert t.values["yhat"] == pytest.approx(0.75136507, abs=1e-8)
    assert t.grads["w5"] / 2 == pytest.approx(0.082167041, abs=1e-9)


def test_bce_sgd_matches_keras_sgd_on_both_points() -> None:
    """Two SGD steps (d1 then d2, lr 0.01) equal Keras's Dense(1, sigmoid) + BinaryCrossentropy + SGD."""
    from engine.tf_runtime import get_tf

    tf = get_tf()
    keras = tf.keras
    ex = EXAMPLES["bce"]
    assert ex.lr == 0.01
    assert ex.samples == ({"x1": 0.9, "x2": -0.2, "y": 0.0}, {"x1": 0.75, "x2": 0.6, "y": 1.0})
    v = dict(ex.defaults)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
    model.set_weights([np.array([[v["w1"]], [v["w2"]]]), np.array([v["b"]])])
    opt = keras.optimizers.SGD(learning_rate=0.01)
    bce = keras.losses.BinaryCrossentropy()
    for sample in ex.samples:
        leaves = {**v, **sample}
        t = trace(ex, leaves, 0.01)
        x = tf.constant([[sample["x1"], sample["x2"]]])
        with tf.GradientTape() as tape:
            loss = bce(tf.constant([[sample["y"]]]), model(x))
        assert t.loss == pytest.approx(float(loss.numpy()), rel=1e-5)
        opt.apply(tape.gradient(loss, model.trainable_variables), model.trainable_variables)
        v.update(t.updated)
        k, b = model.get_weights()
        np.testing.assert_allclose([v["w1"], v["w2"], v["b"]], [k[0, 0], k[1, 0], b[0]], rtol=1e-6)
        assert t.grads["z"] == pytest.approx(t.values["p"] - sample["y"])  # dL/dz = p - y


def test_update_lowers_the_loss_for_every_example() -> None:
    for ex in EXAMPLES.values():
        t = trace(ex, {**ex.defaults, **ex.samples[0]}, ex.lr)
        assert t.new_loss < t.loss, ex.key


def test_backward_steps_cover_every_op_once_in_reverse() -> None:
    ex = EXAMPLES["mlp"]
    t = trace(ex, ex.defaults, ex.lr)
    ops = [n.name for n in ex.graph if n.op != "leaf"]
    assert [s.node for s in t.steps] == ops[::-1]
    assert t.steps[0].upstream == 1.0
    for step in t.steps:
        for term in step.terms:
            assert term.product == pytest.approx(step.upstream * term.local)
    assert len(default_values(ex)) == len(leaf_names(ex)) == 12
    assert ex.n_steps == 2 * 7 + 1  # z1 z2 h1 h2 z3 yhat L


def test_bad_values_raise_clear_errors() -> None:
    ex = EXAMPLES["bce"]
    with pytest.raises(ValueError, match="learning rate"):
        trace(ex, ex.defaults, 0.0)
    with pytest.raises(ValueError, match="0 or 1"):
        trace(ex, {**ex.defaults, "w1": 100.0, "x1": 100.0}, 0.01)
