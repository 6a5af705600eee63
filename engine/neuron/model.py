"""The slides' model: ``keras.Sequential([Dense(1)])`` trained with SGD on MSE, in compiled chunks.

``model.fit(x, y, epochs=500)`` with nine points and Keras's default batch size
(32) takes one full-batch gradient step per epoch. :class:`NeuronTrainer` does
exactly that, but runs many epochs inside one ``tf.function`` (``model.fit``
per epoch would cost milliseconds of Keras overhead each) and returns, per
epoch, the loss and the weights after the step, so the page can draw the path.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.neuron.data import RegressionData
from engine.tf_runtime import get_tf


def build_model(seed: int):
    """``Dense(units=1)`` on one input; kernel Glorot uniform seeded by ``seed`` (Keras's default init)."""
    keras = get_tf().keras
    return keras.Sequential(
        [
            keras.Input(shape=(1,), name="x"),
            keras.layers.Dense(
                units=1, kernel_initializer=keras.initializers.GlorotUniform(seed=seed), name="neuron"
            ),
        ],
        name="hello_tensorflow",
    )


@dataclass(frozen=True)
class EpochTrace:
    """Per-epoch results of one chunk, each (n_epochs,) float64: loss after the step, w, b."""

    loss: np.ndarray
    w: np.ndarray
    b: np.ndarray


class NeuronTrainer:
    """One Keras neuron, its SGD optimizer and a compiled multi-epoch training function.

    Not thread-safe: the owning run serialises calls.
    """

    def __init__(self, data: RegressionData, seed: int, learning_rate: float) -> None:
        tf = get_tf()
        self.data = data
        self.model = build_model(seed)
        self.optimizer = get_tf().keras.optimizers.SGD(learning_rate=learning_rate)
        self.optimizer.build(self.model.trainable_variables)
        self._initial = [w.copy() for w in self.model.get_weights()]
        self._x = tf.constant(data.x.reshape(-1, 1))
        self._y = tf.constant(data.y.reshape(-1, 1))
        self._train_fn = self._make_train_fn()
        self._train_fn(self._x, self._y, tf.constant(0, tf.int32))  # trace now, not on the first Play

    def _make_train_fn(self):
        tf = get_tf()
        model, optimizer = self.model, self.optimizer
        variables = model.trainable_variables
        kernel, bias = model.layers[-1].kernel, model.layers[-1].bias

        def mse(x, y):
            return tf.reduce_mean(tf.square(model(x, training=True) - y))

        def train(x, y, n_epochs):
            out = tf.TensorArray(tf.float32, size=n_epochs, element_shape=(3,))
            for e in tf.range(n_epochs):
                with tf.GradientTape() as tape:
                    loss = mse(x, y)
                optimizer.apply(tape.gradient(loss, variables), variables)
                after = mse(x, y)
                out = out.write(e, tf.stack([after, kernel[0, 0], bias[0]]))
            return out.stack()

        return tf.function(train, reduce_retracing=True)

    # ---- state ---------------------------------------------------------------
    def set_learning_rate(self, lr: float) -> None:
        self.optimizer.learning_rate.assign(lr)

    def reinitialize(self) -> None:
        """Back to the initial weights (SGD without momentum has no other state)."""
        self.model.set_weights(self._initial)

    def set_weights(self, w: float, b: float) -> None:
        self.model.layers[-1].set_weights([np.array([[w]], np.float32), np.array([b], np.float32)])

    @property
    def weights(self) -> tuple[float, float]:
        """(w, b) of the neuron now."""
        kernel, bias = self.model.layers[-1].get_weights()
        return float(kernel[0, 0]), float(bias[0])

    def loss(self) -> float:
        """MSE of the neuron now on the whole data set."""
        w, b = self.weights
        x, y = self.data.x.astype(np.float64), self.data.y.astype(np.float64)
        return float(np.mean((w * x + b - y) ** 2))

    def predict(self, xs: np.ndarray) -> np.ndarray:
        """The neuron's outputs for (k,) inputs, as ``model.predict`` would give (float32 math)."""
        w, b = self.weights
        return (np.float32(w) * np.asarray(xs, np.float32) + np.float32(b)).astype(np.float64)

    # ---- training ------------------------------------------------------------
    def train_epochs(self, n_epochs: int) -> EpochTrace:
        """Train ``n_epochs`` full-batch SGD epochs in one compiled call."""
        tf = get_tf()
        rows = self._train_fn(self._x, self._y, tf.constant(n_epochs, tf.int32)).numpy().astype(np.float64)
        return EpochTrace(rows[:, 0], rows[:, 1], rows[:, 2])


def mse_gradients(w: float, b: float, x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """MSE of ``w*x + b`` on (n,) points and its gradient: (loss, dL/dw, dL/db), float64."""
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    err = w * x + b - y
    return float(np.mean(err**2)), float(2 * np.mean(err * x)), float(2 * np.mean(err))
