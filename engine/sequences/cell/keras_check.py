"""The page's "check against Keras": the same weights in a float64 Keras layer, gradients by tf.GradientTape.

TensorFlow loads only when a learner asks for the check (``engine.tf_runtime.get_tf``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.sequences.cell.analysis import CellRun
from engine.sequences.cell.cells import TARGET, CellWeights
from engine.tf_runtime import get_tf

LAYERS = {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}


@dataclass(frozen=True)
class KerasCheck:
    """The largest differences between the page's numpy numbers and Keras's."""

    layer: str
    states: float  # h_t for every t
    input_grads: float  # dL/dx_t for every t, relative to the largest
    weight_grads: float  # dL/d(kernel, recurrent kernel, bias), relative to the largest

    @property
    def worst(self) -> float:
        return max(self.states, self.input_grads, self.weight_grads)


def keras_layer(weights: CellWeights, n_steps: int):
    """A float64 Keras layer (``return_sequences=True``) holding ``weights``."""
    keras = get_tf().keras
    extra = {"activation": weights.activation} if weights.kind == "rnn" else {}
    layer = getattr(keras.layers, LAYERS[weights.kind])(
        weights.units, return_sequences=True, dtype="float64", **extra
    )
    layer.build((1, n_steps, weights.kernel.shape[0]))
    layer.set_weights(weights.keras_weights())
    return layer


def _relative(ours: np.ndarray, theirs: np.ndarray) -> float:
    return float(np.max(np.abs(ours - theirs)) / max(1.0, float(np.max(np.abs(theirs)))))


def check_against_keras(run: CellRun, v: np.ndarray) -> KerasCheck:
    """Run ``run``'s cell as a Keras layer on the same sequence and compare every number."""
    tf = get_tf()
    layer = keras_layer(run.weights, run.trace.n_steps)
    xs = tf.constant(run.trace.x[None])
    with tf.GradientTape() as tape:
        tape.watch(xs)
        seq = layer(xs)
        loss = 0.5 * (tf.reduce_sum(seq[:, -1, :] * v) - TARGET) ** 2
    dx, *dw = tape.gradient(loss, [xs, *layer.trainable_weights])
    return KerasCheck(
        layer=LAYERS[run.kind],
        states=float(np.max(np.abs(run.trace.h[1:] - seq.numpy()[0]))),
        input_grads=_relative(run.grads.dx, dx.numpy()[0]),
        weight_grads=max(_relative(a, b.numpy()) for a, b in zip(run.grads.weight_grads, dw, strict=True)),
    )
