"""The Keras networks: a stack of SimpleRNN / LSTM / GRU layers and a Dense(1), seeded."""

from __future__ import annotations

from engine.sequences.forecast.config import MODELS
from engine.tf_runtime import get_tf

LAYER_CLASSES: dict[str, str] = {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}


def build_model(kind: str, window: int, units: int, layers: int, seed: int):
    """``keras.Sequential``: ``layers`` recurrent layers of ``units`` (all but the last return
    sequences) and ``Dense(1)``; every initializer is seeded, so the same seed gives the same
    network (the three kinds get the same seeds)."""
    keras = get_tf().keras
    cls = getattr(keras.layers, LAYER_CLASSES[kind])
    stack = [keras.Input((window, 1))]
    for i in range(layers):
        stack.append(
            cls(
                units,
                return_sequences=i < layers - 1,
                kernel_initializer=keras.initializers.GlorotUniform(seed=seed * 100 + 2 * i),
                recurrent_initializer=keras.initializers.Orthogonal(seed=seed * 100 + 2 * i + 1),
                name=f"{kind}_{i + 1}",
            )
        )
    stack.append(
        keras.layers.Dense(1, kernel_initializer=keras.initializers.GlorotUniform(seed=seed * 100 + 99))
    )
    return keras.Sequential(stack, name=MODELS[kind])


def build_optimizer(name: str, learning_rate: float):
    keras = get_tf().keras
    cls = {"adam": keras.optimizers.Adam, "rmsprop": keras.optimizers.RMSprop, "sgd": keras.optimizers.SGD}
    return cls[name](learning_rate=learning_rate)
