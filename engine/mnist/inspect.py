"""Look inside a trained model: confusion matrix, mistakes, filters, and every layer's output.

Works for any Sequential model here (the lab's and the pretrained recognizer):
inputs ``(n, 28, 28, 1)``, outputs ``(n, 10)`` probabilities.
"""

from __future__ import annotations

import dataclasses
import weakref

import numpy as np
from sklearn.metrics import confusion_matrix as _sk_confusion

from engine.tf_runtime import get_tf


def confusion(labels: np.ndarray, predictions: np.ndarray) -> np.ndarray:
    """(10, 10) counts: row = true class, column = predicted class (sklearn's convention)."""
    return _sk_confusion(labels, predictions, labels=list(range(10)))


def misclassified(probs: np.ndarray, labels: np.ndarray, limit: int = 24) -> np.ndarray:
    """Indices of wrongly classified images, the most confident mistakes first (at most ``limit``)."""
    pred = np.argmax(probs, axis=1)
    wrong = np.flatnonzero(pred != labels)
    confidence = probs[wrong, pred[wrong]]
    return wrong[np.argsort(-confidence, kind="stable")][:limit]


def first_layer_filters(model) -> tuple[str, np.ndarray]:
    """The first trainable layer's weights as images.

    Returns ("conv", (filters, k, k)) for a Conv2D first layer, or ("dense",
    (units, 28, 28)) for a Dense layer after Flatten (each unit's weights on
    the 784 pixels, shown as a 28x28 template).
    """
    keras = get_tf().keras
    for layer in model.layers:
        if isinstance(layer, keras.layers.Conv2D):
            kernel = np.asarray(layer.kernel)  # (k, k, in, filters)
            return "conv", np.transpose(kernel[:, :, 0, :], (2, 0, 1))
        if isinstance(layer, keras.layers.Dense):
            kernel = np.asarray(layer.kernel)  # (784, units)
            if kernel.shape[0] != 784:
                break
            return "dense", kernel.T.reshape(-1, 28, 28)
    return "none", np.zeros((0, 1, 1), np.float32)


@dataclasses.dataclass(frozen=True)
class LayerOutput:
    """One layer's output for one image: ``values`` (h, w, channels) or (units,)."""

    name: str
    kind: str  # Keras class name
    values: np.ndarray

    @property
    def is_map(self) -> bool:
        return self.values.ndim == 3


_probes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _probe(model):
    probe = _probes.get(model)
    if probe is None:
        tf = get_tf()

        @tf.function(input_signature=[tf.TensorSpec([None, 28, 28, 1], tf.float32)])
        def probe(x):
            outs, h = [], x
            for layer in model.layers:
                h = layer(h, training=False)
                outs.append(h)
            return outs

        _probes[model] = probe
    return probe


def layer_outputs(model, image: np.ndarray) -> list[LayerOutput]:
    """Every layer's output for one ``(28, 28)`` input (already scaled as the model expects)."""
    tf = get_tf()
    x = tf.constant(np.asarray(image, np.float32).reshape(1, 28, 28, 1))
    outs = _probe(model)(x)
    return [
        LayerOutput(layer.name, type(layer).__name__, out.numpy()[0])
        for layer, out in zip(model.layers, outs, strict=True)
    ]


def predict_one(model, image: np.ndarray) -> np.ndarray:
    """(28, 28) input -> (10,) probabilities, through the compiled probe (no ``model.predict``)."""
    return layer_outputs(model, image)[-1].values


def path_layers(outputs: list[LayerOutput]) -> list[tuple[str, LayerOutput]]:
    """The layers worth showing on the way through the network, with readable labels.

    Keeps activated conv maps, pooling, activated dense layers and the softmax; skips
    batch norm, dropout, flatten and a conv/dense output that an activation layer follows.
    Labels: "conv 1 (ReLU)", "pool 1", "dense 1 (ReLU)", "softmax".
    """
    keep: list[tuple[str, LayerOutput]] = []
    counts = {"conv": 0, "pool": 0, "dense": 0}
    pending = ""
    for i, out in enumerate(outputs):
        nxt = outputs[i + 1].kind if i + 1 < len(outputs) else ""
        if out.kind in ("Conv2D", "Dense"):
            group = "conv" if out.kind == "Conv2D" else "dense"
            counts[group] += 1
            pending = f"{group} {counts[group]}"
            if nxt in ("BatchNormalization", "ReLU", "Activation"):
                continue  # shown after its activation
            label = "softmax" if i == len(outputs) - 1 and out.values.ndim == 1 else pending
            keep.append((label, out))
        elif out.kind in ("ReLU", "Activation"):
            keep.append((f"{pending} (ReLU)" if out.kind == "ReLU" else pending, out))
        elif out.kind in ("MaxPooling2D", "AveragePooling2D"):
            counts["pool"] += 1
            keep.append((f"pool {counts['pool']}", out))
    return keep
