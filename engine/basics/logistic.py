"""Logistic regression: sigmoid, binary cross-entropy, its gradient, and two multi-class schemes.

Shapes: ``x`` (n, d), ``y`` (n,) of 0/1 (binary) or 0..k-1 (multi-class);
``theta`` = [w..., b] (d+1,). Multi-class weights are ``W`` (k, d), ``b`` (k,).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.basics.gd import Trace, run_gd

#: Probabilities are clipped to [EPS, 1 - EPS] inside the logarithms (as Keras does).
EPS = 1e-7


def sigmoid(z: np.ndarray | float) -> np.ndarray:
    """σ(z) = 1 / (1 + e^(−z)), computed without overflow for large |z|."""
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def bce(y: np.ndarray, p: np.ndarray) -> float:
    """Mean binary cross-entropy −(1/n) Σ [y log p + (1−y) log(1−p)]."""
    return float(np.mean(bce_terms(y, p)))


def bce_terms(y: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Per-sample costs −y log p − (1−y) log(1−p) (the slide's table), p clipped to [EPS, 1−EPS]."""
    p = np.clip(np.asarray(p, dtype=float), EPS, 1.0 - EPS)
    y = np.asarray(y, dtype=float)
    return -(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))


def bce_from_logits(y: np.ndarray, z: np.ndarray, axis: int | None = None) -> np.ndarray | float:
    """The same mean BCE from logits z (p = σ(z)), exact for any z: mean(log(1 + e^z) − y z)."""
    z = np.asarray(z, dtype=float)
    return np.mean(np.logaddexp(0.0, z) - np.asarray(y, dtype=float) * z, axis=axis)


def _2d(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return x[:, None] if x.ndim == 1 else x


def predict_proba(x: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    return sigmoid(_2d(x) @ np.atleast_1d(w) + b)


def bce_grad(x: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    """∂J/∂w = (1/n) Xᵀ(σ(Xw+b) − y) (d,), ∂J/∂b = mean(σ − y): the slides' Xᵀ(z − y), averaged."""
    x2 = _2d(x)
    r = sigmoid(x2 @ np.atleast_1d(w) + b) - y
    return x2.T @ r / len(y), float(r.mean())


def train(
    x: np.ndarray,
    y: np.ndarray,
    lr: float,
    epochs: int,
    batch_size: int,
    seed: int = 0,
    max_updates: int = 20_000,
) -> Trace:
    """Gradient descent on the BCE from zero weights; ``trace.losses`` is the full-data BCE."""
    x2 = _2d(x)
    d = x2.shape[1]

    def grad(theta: np.ndarray, idx: np.ndarray) -> np.ndarray:
        gw, gb = bce_grad(x2[idx], y[idx], theta[:d], theta[d])
        return np.append(gw, gb)

    def loss(theta: np.ndarray) -> float:
        return float(bce_from_logits(y, x2 @ theta[:d] + theta[d]))

    return run_gd(grad, loss, np.zeros(d + 1), len(y), lr, epochs, batch_size, seed, max_updates)


def one_weight_losses(
    x: np.ndarray, y: np.ndarray, ws: np.ndarray, b: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """MSE and BCE of p = σ(w x + b) as functions of the single weight w: two (len(ws),) arrays."""
    x = np.asarray(x, dtype=float).ravel()
    z = ws[:, None] * x[None, :] + b
    mse = np.mean((sigmoid(z) - y[None, :]) ** 2, axis=1)
    return mse, np.asarray(bce_from_logits(y[None, :], z, axis=1))


def linear_threshold(x: np.ndarray, y: np.ndarray, cut: float = 0.5) -> tuple[float, float, float]:
    """Least-squares line y ≈ a x + c through 0/1 labels and the x where it crosses ``cut``: (a, c, x)."""
    a, c = np.polyfit(np.asarray(x, dtype=float), np.asarray(y, dtype=float), 1)
    return float(a), float(c), float((cut - c) / a) if a != 0 else float("nan")


# ---- multi-class -------------------------------------------------------------------------


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax of logits (n, k)."""
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def cross_entropy(y: np.ndarray, p: np.ndarray) -> float:
    """Mean −log p[true class] (the slides' softmax loss); ``y`` integer labels (n,)."""
    rows = np.arange(len(y))
    return float(-np.mean(np.log(np.clip(p[rows, y.astype(int)], EPS, 1.0))))


def softmax_grad(x: np.ndarray, y: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """∂CE/∂W = (1/n) (P − Y)ᵀ X (k, d), ∂CE/∂b = mean(P − Y) (k,), Y one-hot."""
    k = w.shape[0]
    p = softmax(x @ w.T + b)
    onehot = np.eye(k)[y.astype(int)]
    r = p - onehot
    return r.T @ x / len(y), r.mean(axis=0)


@dataclass(frozen=True)
class MultiClassFit:
    """Weights ``w`` (k, d) and biases ``b`` (k,) of k scores; ``losses`` per epoch (or per class for OvR)."""

    scheme: str  # "ovr" or "softmax"
    w: np.ndarray
    b: np.ndarray
    losses: np.ndarray

    def scores(self, x: np.ndarray) -> np.ndarray:
        return x @ self.w.T + self.b

    def proba(self, x: np.ndarray) -> np.ndarray:
        """Softmax probabilities, or for OvR each class's own sigmoid (rows need not sum to 1)."""
        s = self.scores(x)
        return softmax(s) if self.scheme == "softmax" else sigmoid(s)

    def predict(self, x: np.ndarray) -> np.ndarray:
        return np.argmax(self.scores(x), axis=1)


def fit_softmax(x: np.ndarray, y: np.ndarray, k: int, lr: float, epochs: int) -> MultiClassFit:
    """Batch GD on the softmax cross-entropy from zeros."""
    w, b = np.zeros((k, x.shape[1])), np.zeros(k)
    losses = []
    for _ in range(epochs):
        gw, gb = softmax_grad(x, y, w, b)
        w, b = w - lr * gw, b - lr * gb
        losses.append(cross_entropy(y, softmax(x @ w.T + b)))
    return MultiClassFit("softmax", w, b, np.array(losses))


def fit_ovr(x: np.ndarray, y: np.ndarray, k: int, lr: float, epochs: int) -> MultiClassFit:
    """One binary logistic regression per class ("class c" vs "the rest"), batch GD from zeros."""
    ws, bs, losses = [], [], []
    for c in range(k):
        target = (y == c).astype(float)
        trace = train(x, target, lr, epochs, len(y))
        ws.append(trace.thetas[-1][:-1])
        bs.append(trace.thetas[-1][-1])
        losses.append(trace.losses)
    return MultiClassFit("ovr", np.array(ws), np.array(bs), np.array(losses))
