"""The three networks the page compares, all cut from the bundled digit recognizer's architecture.

* **scratch**: the recognizer's layers up to the cut, freshly initialised (seeded), plus the head;
  every weight trains.
* **frozen**: the recognizer's *trained* layers up to the cut (its base), frozen
  (``base.trainable = False``), plus a new head; only the head trains.
* **finetune**: like *frozen* for the first ``warmup`` epochs; then every layer of the base is
  unfrozen and the whole network trains on with a small learning rate (Keras's transfer-learning
  guide). Batch normalisation stays frozen (inference mode) throughout, as that guide advises.

The recognizer is loaded from ``assets/models`` once per process and never retrained here.
"""

from __future__ import annotations

import threading

import numpy as np

from engine.mnist.recognizer import build_recognizer, load_recognizer
from engine.tf_runtime import get_tf

#: Where the base ends: the recognizer's layers [0, index) are the base.
CUTS: dict[str, str] = {
    "block1": "conv block 1 (14x14x32)",
    "conv": "conv block 2 (7x7x64)",
    "dense": "Dense(128) (digit-specific)",
}
CUT_INDEX: dict[str, int] = {"block1": 7, "conv": 14, "dense": 19}
RACERS: dict[str, str] = {
    "scratch": "From scratch",
    "frozen": "Frozen base + new head",
    "finetune": "Fine-tuned",
}

_lock = threading.Lock()
_recognizer = None


def recognizer():
    """The bundled digit recognizer, loaded once per process (shared: never train it)."""
    global _recognizer
    with _lock:
        if _recognizer is None:
            _recognizer = load_recognizer()
        return _recognizer


def _base_from(network, cut: str, name: str):
    keras = get_tf().keras
    return keras.Sequential(
        [keras.Input((28, 28, 1), name="image"), *network.layers[: CUT_INDEX[cut]]], name=name
    )


def pretrained_base(cut: str):
    """An independent copy of the recognizer's trained layers up to ``cut`` (weights included)."""
    keras = get_tf().keras
    source = recognizer()
    with _lock:
        clone = keras.models.clone_model(source)
        clone.set_weights(source.get_weights())
    return _base_from(clone, cut, "pretrained_base")


def fresh_base(cut: str, seed: int):
    """The same layers with new (seeded) random weights: what *scratch* starts from."""
    return _base_from(build_recognizer(seed), cut, "fresh_base")


def head_layers(n_classes: int, units: int, seed: int, flatten: bool) -> list:
    """The new head: [Flatten] -> [Dense(units, relu)] -> Dense(n_classes, softmax), seeded."""
    keras = get_tf().keras
    L = keras.layers
    layers: list = [L.Flatten(name="flatten")] if flatten else []
    if units:
        layers.append(
            L.Dense(
                units,
                activation="relu",
                name="head_hidden",
                kernel_initializer=keras.initializers.HeNormal(seed),
            )
        )
    layers.append(
        L.Dense(
            n_classes,
            activation="softmax",
            name="head_out",
            kernel_initializer=keras.initializers.GlorotUniform(seed + 1),
        )
    )
    return layers


def build_racer(kind: str, cut: str, n_classes: int, units: int, seed: int):
    """(model, base) for racer ``kind``: the base as a nested model, then the new head."""
    keras = get_tf().keras
    base = fresh_base(cut, seed) if kind == "scratch" else pretrained_base(cut)
    if kind != "scratch":
        base.trainable = False
    head = head_layers(n_classes, units, seed, flatten=cut != "dense")
    model = keras.Sequential([keras.Input((28, 28, 1), name="image"), base, *head], name=kind)
    return model, base


def unfreeze(base) -> None:
    """Fine-tuning: every layer of ``base`` trains again, except batch normalisation (inference mode)."""
    keras = get_tf().keras
    base.trainable = True
    for layer in base.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False


def count(weights) -> int:
    return int(sum(int(np.prod(w.shape)) for w in weights))


def feature_shape(cut: str) -> tuple[int, ...]:
    """The base's output shape for one image (derived from Keras)."""
    return tuple(int(d) for d in pretrained_base(cut).output_shape[1:])
