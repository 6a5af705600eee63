"""What the recognizer's pretrained base computes for the new task's images."""

from __future__ import annotations

import numpy as np

from engine.transfer.models import CUT_INDEX, recognizer

#: The last convolution block's ReLU before each cut (its maps are the largest to look at).
MAP_LAYER: dict[str, int] = {"block1": 5, "conv": 12, "dense": 12}


def feature_maps(cut: str, images: np.ndarray) -> tuple[str, np.ndarray]:
    """(layer description, (n, h, w, channels) activations) of the pretrained base for (n, 28, 28) images."""
    layers = recognizer().layers
    index = MAP_LAYER[cut]
    x = np.asarray(images, np.float32).reshape(-1, 28, 28, 1)
    for layer in layers[: index + 1]:
        x = layer(x, training=False)
    maps = np.asarray(x)
    conv = sum(1 for layer in layers[: index + 1] if type(layer).__name__ == "Conv2D")
    return f"conv layer {conv} of the pretrained base ({maps.shape[1]}x{maps.shape[2]}x{maps.shape[3]})", maps


def discriminative_channels(maps: np.ndarray, labels: np.ndarray, k: int) -> list[int]:
    """The ``k`` channels whose mean activation differs most between classes (variance of class means)."""
    means = maps.mean(axis=(1, 2))  # (n, channels)
    classes = np.unique(labels)
    per_class = np.stack([means[labels == c].mean(axis=0) for c in classes])
    spread = per_class.var(axis=0) / (means.var(axis=0) + 1e-9 + per_class.var(axis=0))
    spread = np.where(means.max(axis=0) > 0, spread, -1.0)  # dead channels last
    return [int(c) for c in np.argsort(-spread, kind="stable")[:k]]


def base_features(cut: str, images: np.ndarray) -> np.ndarray:
    """The base's output for (n, 28, 28) images, flattened: what the new head sees, (n, d)."""
    x = np.asarray(images, np.float32).reshape(-1, 28, 28, 1)
    for layer in recognizer().layers[: CUT_INDEX[cut]]:
        x = layer(x, training=False)
    return np.asarray(x).reshape(len(images), -1)
