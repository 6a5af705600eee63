"""Softmax, cross-entropy and its gradient (numpy, numerically stable).

Conventions: logits ``z`` have shape ``(K,)`` or ``(n, K)`` (classes on the last
axis); probabilities the same shape and sum to 1 on the last axis; losses in
nats (natural log), as Keras reports them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: The slides' worked table (deck 003): logits and the e^z / softmax columns printed there.
SLIDE_LOGITS: tuple[float, ...] = (2.33, -1.46, 0.56)
SLIDE_EXP: tuple[float, ...] = (10.27754, 0.23224, 1.75067)
SLIDE_PROBS: tuple[float, ...] = (0.83827, 0.01894, 0.14279)
#: The slides' CCE vs sparse CCE example: labels, one-hot labels, predicted probabilities, losses.
SLIDE_SPARSE_LABELS: tuple[int, ...] = (1, 2)
SLIDE_PRED: tuple[tuple[float, ...], ...] = ((0.04, 0.95, 0.01), (0.1, 0.8, 0.1))
SLIDE_CCE_LOSSES: tuple[float, ...] = (0.05129329, 2.30258512)

EPS = 1e-7  #: Keras's clipping epsilon for probabilities inside the log


def softmax(z: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """``exp(z/T) / sum exp(z/T)`` on the last axis, shifted by the max so it never overflows."""
    if not temperature > 0:
        raise ValueError("the temperature must be positive")
    s = np.asarray(z, dtype=np.float64) / temperature
    e = np.exp(s - np.max(s, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def naive_softmax(z: np.ndarray) -> np.ndarray:
    """The textbook formula without the max shift: overflows to NaN for logits near 1000."""
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.asarray(z, dtype=np.float64))
        return e / np.sum(e, axis=-1, keepdims=True)


def one_hot(labels: np.ndarray, k: int) -> np.ndarray:
    """``(n,)`` integer labels -> ``(n, k)`` one-hot rows."""
    labels = np.asarray(labels, dtype=np.int64)
    return np.eye(k)[labels]


def categorical_crossentropy(y_onehot: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Per-sample ``-sum_k y_k ln p_k`` for one-hot (or soft) targets; p clipped to [EPS, 1-EPS] as Keras."""
    p = np.clip(np.asarray(p, dtype=np.float64), EPS, 1 - EPS)
    return -np.sum(np.asarray(y_onehot, dtype=np.float64) * np.log(p), axis=-1)


def sparse_categorical_crossentropy(labels: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Per-sample ``-ln p[label]`` for integer labels: the same number without building one-hot rows."""
    p = np.clip(np.asarray(p, dtype=np.float64), EPS, 1 - EPS)
    labels = np.asarray(labels, dtype=np.int64)
    return -np.log(np.take_along_axis(p, labels[..., None], axis=-1)[..., 0])


def log_softmax(z: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Stable ``ln softmax(z/T)`` (log-sum-exp), for the loss from logits."""
    s = np.asarray(z, dtype=np.float64) / temperature
    m = np.max(s, axis=-1, keepdims=True)
    return s - m - np.log(np.sum(np.exp(s - m), axis=-1, keepdims=True))


@dataclass(frozen=True)
class SoftmaxTable:
    """One softmax evaluation, column by column (each ``(K,)``).

    ``shifted`` = z/T - max(z/T); ``exp`` = e^(z/T) (may be inf for huge logits, display only);
    ``probs`` the softmax; ``loss`` = -ln p[true]; ``grad`` = dL/dz = (p - y) / T.
    """

    logits: np.ndarray
    temperature: float
    scaled: np.ndarray
    shifted: np.ndarray
    exp: np.ndarray
    probs: np.ndarray
    true_class: int
    loss: float
    grad: np.ndarray


def softmax_table(logits: tuple[float, ...], temperature: float, true_class: int) -> SoftmaxTable:
    """Softmax of ``logits`` at ``temperature`` and the cross-entropy for ``true_class`` with its gradient."""
    z = np.asarray(logits, dtype=np.float64)
    if not 0 <= true_class < len(z):
        raise ValueError("the true class must be one of the classes")
    scaled = z / temperature
    shifted = scaled - scaled.max()
    with np.errstate(over="ignore"):
        ex = np.exp(scaled)
    p = softmax(z, temperature)
    y = one_hot(np.array([true_class]), len(z))[0]
    loss = float(-log_softmax(z, temperature)[true_class])
    return SoftmaxTable(z, temperature, scaled, shifted, ex, p, true_class, loss, (p - y) / temperature)


def sigmoid_as_softmax(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(sigmoid(z), softmax([0, z])[1])`` for an array of logits: the same numbers."""
    z = np.asarray(z, dtype=np.float64)
    sig = np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))
    two = softmax(np.stack([np.zeros_like(z), z], axis=-1))[..., 1]
    return sig, two
