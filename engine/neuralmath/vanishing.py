"""Vanishing gradients: the chain-rule product through N layers, toy and measured.

Two views of the same effect:

* :func:`chain_gradients`: every layer multiplies the backward signal by
  ``w * f'(z)``; after ``k`` layers it is ``(w f'(z))^k``. With sigmoid at best
  ``0.25^k``.
* :func:`deep_net_gradients`: a real, seeded, fully-connected numpy network on a
  playground data set; one backward pass, and the mean ``|dL/dW|`` of every layer.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from engine.neuralmath.activations import ACTIVATIONS, DEFAULT_ALPHA, evaluate, sigmoid
from engine.playground.datasets import make_dataset


def chain_gradients(
    key: str, depth: int, z: float = 0.0, weight: float = 1.0, alpha: float | None = None
) -> np.ndarray:
    """``(depth + 1,)`` gradient magnitudes: entry ``k`` is ``|w f'(z)|^k`` (k layers back from the output)."""
    _, d = evaluate(key, np.array([z]), alpha)
    factor = abs(weight * float(d[0]))
    return factor ** np.arange(depth + 1, dtype=np.float64)


@dataclass(frozen=True)
class DeepGradients:
    """One forward + backward pass of a deep MLP.

    Attributes:
        kernels, biases: per Dense layer (hidden layers, then the output), ``(n_in, n_out)`` / ``(n_out,)``.
        grad_kernels, grad_biases: ``dL/dW``, ``dL/db`` of the mean binary cross-entropy, same shapes.
        layer_grad: ``(n_layers,)`` mean ``|dL/dW|`` per layer, first hidden layer first.
        loss: the mean binary cross-entropy (nats).
        x, y: the inputs ``(n, 2)`` and labels ``(n,)`` used.
    """

    kernels: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    grad_kernels: tuple[np.ndarray, ...]
    grad_biases: tuple[np.ndarray, ...]
    layer_grad: np.ndarray
    loss: float
    x: np.ndarray
    y: np.ndarray


def glorot_uniform(rng: np.random.Generator, n_in: int, n_out: int) -> np.ndarray:
    """Keras's default kernel initializer: U(±sqrt(6 / (n_in + n_out))), shape ``(n_in, n_out)``."""
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_in, n_out))


def deep_net_gradients(
    key: str,
    depth: int,
    width: int = 8,
    seed: int = 0,
    dataset: str = "circle",
    n_points: int = 200,
    alpha: float | None = None,
) -> DeepGradients:
    """Gradients of a seeded ``depth``-hidden-layer MLP (activation ``key``, sigmoid output, BCE).

    Data: the playground's ``dataset`` (``n_points``, no noise, seed ``seed``) scaled to [-1, 1].
    Weights: Glorot uniform from ``np.random.default_rng(seed)``, biases 0 (Keras's defaults).
    """
    if key not in ACTIVATIONS:
        raise ValueError(f"unknown activation {key!r}")
    if not 1 <= depth <= 60:
        raise ValueError("depth must be 1-60 hidden layers")
    data = make_dataset(dataset, n_points, 0.0, 0.5, seed)
    x = np.concatenate([data.x_train, data.x_test]).astype(np.float64) / 6.0
    y = np.concatenate([data.y_train, data.y_test]).astype(np.float64)
    rng = np.random.default_rng(seed)
    sizes = [2] + [width] * depth + [1]
    kernels = [glorot_uniform(rng, a, b) for a, b in itertools.pairwise(sizes)]
    biases = [np.zeros(b) for b in sizes[1:]]
    return backprop_mlp(key, kernels, biases, x, y, alpha)


def backprop_mlp(
    key: str,
    kernels: list[np.ndarray],
    biases: list[np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    alpha: float | None = None,
) -> DeepGradients:
    """Forward and backward pass of an MLP: hidden activation ``key``, sigmoid output, mean BCE."""
    act = ACTIVATIONS[key]
    a = DEFAULT_ALPHA.get(key, 0.0) if alpha is None else alpha
    pre, post = [], [x]
    h = x
    for i, (w, b) in enumerate(zip(kernels, biases, strict=True)):
        z = h @ w + b
        pre.append(z)
        h = sigmoid(z) if i == len(kernels) - 1 else act.fn(z, a)
        post.append(h)
    p = np.clip(post[-1][:, 0], 1e-12, 1 - 1e-12)
    n = len(y)
    loss = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
    delta = ((post[-1][:, 0] - y) / n)[:, None]  # dL/dz of the sigmoid output
    gk: list[np.ndarray] = [np.empty(0)] * len(kernels)
    gb: list[np.ndarray] = [np.empty(0)] * len(kernels)
    for i in range(len(kernels) - 1, -1, -1):
        gk[i] = post[i].T @ delta
        gb[i] = delta.sum(axis=0)
        if i > 0:
            delta = (delta @ kernels[i].T) * act.derivative(pre[i - 1], a)
    layer_grad = np.array([np.mean(np.abs(g)) for g in gk])
    return DeepGradients(tuple(kernels), tuple(biases), tuple(gk), tuple(gb), layer_grad, loss, x, y)
