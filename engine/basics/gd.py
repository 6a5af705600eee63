"""Batch, mini-batch and stochastic gradient descent with a full trace.

The model's parameters are one flat vector ``theta`` (p,); the caller gives
``grad(theta, idx)`` (the gradient of the mean loss over rows ``idx``) and
``loss(theta)`` (the loss over all rows). Every update is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

METHODS: dict[str, str] = {
    "batch": "batch (all rows per step)",
    "minibatch": "mini-batch",
    "sgd": "stochastic (one row per step)",
}
#: A parameter or loss beyond this magnitude (or NaN/inf) counts as diverged.
DIVERGE_LIMIT = 1e12


@dataclass(frozen=True)
class Trace:
    """The run: ``thetas`` (T+1, p) before/after each of the T updates, ``grads`` (T, p) used,
    ``losses`` (T+1,) full-data loss at each ``thetas`` row, ``epochs`` (T+1,) epoch count
    (fractional for mini-batches). ``diverged_at`` is the update that blew up (the trace stops
    just before it), else None.
    """

    thetas: np.ndarray
    grads: np.ndarray
    losses: np.ndarray
    epochs: np.ndarray
    lr: float
    batch_size: int
    diverged_at: int | None

    @property
    def steps(self) -> int:
        return len(self.thetas) - 1


def batch_size_for(method: str, n: int, batch_size: int) -> int:
    """The rows per update: n for batch, 1 for stochastic, ``batch_size`` (<= n) for mini-batch."""
    if method == "batch":
        return n
    if method == "sgd":
        return 1
    if method == "minibatch":
        return max(1, min(int(batch_size), n))
    raise ValueError(f"unknown method {method!r}")


def run_gd(
    grad: Callable[[np.ndarray, np.ndarray], np.ndarray],
    loss: Callable[[np.ndarray], float],
    theta0: np.ndarray,
    n: int,
    lr: float,
    epochs: int,
    batch_size: int,
    seed: int = 0,
    max_updates: int = 20_000,
) -> Trace:
    """``epochs`` passes over ``n`` rows in shuffled batches of ``batch_size`` (seeded)."""
    rng = np.random.default_rng(seed)
    theta = np.asarray(theta0, dtype=float).copy()
    thetas, grads, losses, epochs_done = [theta.copy()], [], [float(loss(theta))], [0.0]
    per_epoch = int(np.ceil(n / batch_size))
    diverged_at: int | None = None
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(epochs):
            order = rng.permutation(n) if batch_size < n else np.arange(n)
            for k in range(per_epoch):
                idx = order[k * batch_size : (k + 1) * batch_size]
                g = grad(theta, idx)
                new = theta - lr * g
                new_loss = float(loss(new))
                if (
                    not np.all(np.isfinite(new))
                    or not np.isfinite(new_loss)
                    or np.abs(new).max() > DIVERGE_LIMIT
                    or new_loss > DIVERGE_LIMIT
                ):
                    diverged_at = len(grads) + 1
                    break
                theta = new
                grads.append(g)
                thetas.append(theta.copy())
                losses.append(new_loss)
                epochs_done.append(epoch + (k + 1) / per_epoch)
                if len(grads) >= max_updates:
                    break
            if diverged_at is not None or len(grads) >= max_updates:
                break
    p = len(theta)
    return Trace(
        np.array(thetas),
        np.array(grads).reshape(-1, p),
        np.array(losses),
        np.array(epochs_done),
        float(lr),
        int(batch_size),
        diverged_at,
    )


def loss_exploding(trace: Trace) -> bool:
    """True if the run diverged or its loss ends far above where it started (it would blow up)."""
    if trace.diverged_at is not None:
        return True
    losses = trace.losses
    return len(losses) > 3 and losses[-1] > 10 * losses[0] and losses[-1] > losses[-2]
