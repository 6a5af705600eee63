"""The page's numpy cells against Keras: one step, the unrolled sequence, and BPTT vs tf.GradientTape.

Keras layers are built in float64 with the page's weights (``set_weights``), so every number on the
page (states, gates, gradients at every step, weight gradients, the clipping factor) is checked to 1e-6.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from engine.sequences.cell.analysis import run_cell
from engine.sequences.cell.cells import TARGET, cell_step, make_weights, readout
from engine.sequences.cell.config import CellConfig, make_sequence
from engine.sequences.cell.keras_check import check_against_keras, keras_layer
from engine.tf_runtime import get_tf

KINDS = ("rnn", "lstm", "gru")
TOL = 1e-6
CASES = {
    "default": {},
    "vanishing": {"source": "pulse", "length": 10, "scale": 0.5, "forget_bias": 3.0},
    "exploding": {"source": "pulse", "length": 10, "scale": 1.5, "activation": "linear", "clip": 1.0},
    "custom": {"source": "custom", "sequence": (2.0, -1.5, 0.3), "units": 3, "seed": 5},
}


def tape_bptt(weights, x: np.ndarray, v: np.ndarray) -> dict[str, np.ndarray]:
    """BPTT by tf.GradientTape over the Keras cell unrolled by hand: a zero added to every state a
    step hands on gives dL/d(state); the Keras layer itself gives the weight and input gradients."""
    tf = get_tf()
    n, units = len(x), weights.units
    layer = keras_layer(weights, n)
    cell = layer.cell
    xs = tf.constant(x[None, :, :])
    eh = [tf.Variable(np.zeros((1, units))) for _ in range(n + 1)]
    ec = [tf.Variable(np.zeros((1, units))) for _ in range(n + 1)]
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(xs)
        h = tf.zeros((1, units), dtype=tf.float64) + eh[0]
        c = tf.zeros((1, units), dtype=tf.float64) + ec[0]
        for t in range(n):
            states = [h, c] if weights.kind == "lstm" else [h]
            _, new = cell(xs[:, t, :], states)
            new = new if isinstance(new, list | tuple) else [new]
            h = new[0] + eh[t + 1]
            if weights.kind == "lstm":
                c = new[1] + ec[t + 1]
        loss = 0.5 * (tf.reduce_sum(h * v) - TARGET) ** 2
        seq = layer(xs)
        loss_layer = 0.5 * (tf.reduce_sum(seq[:, -1, :] * v) - TARGET) ** 2

    def grad(target, source):
        return tape.gradient(target, source, unconnected_gradients=tf.UnconnectedGradients.ZERO)

    out = {
        "h": seq.numpy()[0],
        "dh": np.array([grad(loss, e).numpy()[0] for e in eh]),
        "dc": np.array([grad(loss, e).numpy()[0] for e in ec]),
        "dx": tape.gradient(loss_layer, xs).numpy()[0],
        "weights": [g.numpy() for g in tape.gradient(loss_layer, layer.trainable_weights)],
        "loss": float(loss_layer),
    }
    return out


@pytest.fixture(scope="module")
def checked() -> dict:
    out = {}
    for name, values in CASES.items():
        cfg = dataclasses.replace(CellConfig(), **values).validated()
        for kind in KINDS:
            run = run_cell(cfg, kind)
            out[name, kind] = (run, tape_bptt(run.weights, run.trace.x, readout(cfg.units, cfg.seed)))
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_one_step_matches_the_keras_cell(kind: str) -> None:
    tf = get_tf()
    rng = np.random.default_rng(3)
    w = make_weights(kind, 5, seed=11, scale=1.3, forget_bias=2.0, n_in=2)
    if kind == "gru":
        w = dataclasses.replace(w, bias=rng.normal(size=w.bias.shape))  # both GRU biases in play
    cell = keras_layer(w, 1).cell
    x, h, c = rng.normal(size=(4, 2)), rng.normal(size=(4, 5)), rng.normal(size=(4, 5))
    ours = cell_step(w, x, h, c)
    states = [tf.constant(h), tf.constant(c)] if kind == "lstm" else [tf.constant(h)]
    out, new = cell(tf.constant(x), states)
    new = new if isinstance(new, list | tuple) else [new]
    np.testing.assert_allclose(ours["h"], out.numpy(), atol=TOL, rtol=0)
    if kind == "lstm":
        np.testing.assert_allclose(ours["c"], new[1].numpy(), atol=TOL, rtol=0)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("kind", KINDS)
def test_unrolled_states_and_loss_match_keras(checked, case: str, kind: str) -> None:
    run, ref = checked[case, kind]
    np.testing.assert_allclose(run.trace.h[1:], ref["h"], atol=TOL, rtol=0)
    assert run.grads.loss == pytest.approx(ref["loss"], abs=TOL, rel=TOL)


def _close(ours: np.ndarray, theirs: np.ndarray) -> None:
    """Equal to 1e-6, relative to the largest gradient (exploding ones reach 1e5)."""
    scale = max(1.0, float(np.max(np.abs(theirs))))
    np.testing.assert_allclose(ours, theirs, atol=TOL * scale, rtol=0)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("kind", KINDS)
def test_bptt_matches_gradient_tape(checked, case: str, kind: str) -> None:
    run, ref = checked[case, kind]
    g = run.grads
    _close(g.dh, ref["dh"])
    _close(g.dx, ref["dx"])
    for ours, theirs in zip(g.weight_grads, ref["weights"], strict=True):
        _close(ours, theirs)
    if kind == "lstm":
        # The tape's dc is the carried part (through c_{t+1}); the page's total adds the path through h_t.
        tanh_c = np.tanh(run.trace.c[1:])
        total = ref["dc"][1:] + ref["dh"][1:] * run.trace.parts["o"] * (1 - tanh_c**2)
        _close(g.dc[1:], total)
        _close(g.dc[0], ref["dc"][0])


@pytest.mark.parametrize("kind", KINDS)
def test_clipping_factor_is_tf_clip_by_global_norm(checked, kind: str) -> None:
    tf = get_tf()
    run, ref = checked["exploding", kind]
    clipped, norm = tf.clip_by_global_norm([tf.constant(g) for g in ref["weights"]], 1.0)
    assert run.grads.global_norm == pytest.approx(float(norm), rel=TOL)
    for ours, theirs in zip(run.grads.weight_grads, clipped, strict=True):
        _close(ours * run.factor, theirs.numpy())
    assert run.clipped_norm == pytest.approx(min(1.0, float(norm)), rel=TOL)


def test_the_sequence_sources() -> None:
    assert make_sequence(CellConfig(source="pulse", length=5)).tolist() == [1, 0, 0, 0, 0]
    noise = CellConfig(source="noise", length=9, seed=4)
    assert np.array_equal(make_sequence(noise), make_sequence(noise))
    assert not np.array_equal(make_sequence(noise), make_sequence(dataclasses.replace(noise, seed=5)))
    assert make_sequence(CellConfig(source="custom", sequence=(1.0, -2.0))).tolist() == [1, -2]


@pytest.mark.parametrize("kind", KINDS)
def test_the_pages_keras_check_agrees(checked, kind: str) -> None:
    run, _ = checked["exploding", kind]
    cfg = dataclasses.replace(CellConfig(), **CASES["exploding"])
    assert check_against_keras(run, readout(cfg.units, cfg.seed)).worst < TOL
