"""Linear regression y = X w + b with the mean squared error, its gradient and the normal equation.

Shapes: ``x`` (n, d), ``y`` (n,), ``w`` (d,), ``b`` scalar; ``theta`` = [w..., b] (d+1,).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.basics.gd import Trace, run_gd
from engine.basics.scaling import Scaler


def _2d(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return x[:, None] if x.ndim == 1 else x


def predict(x: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    return _2d(x) @ np.atleast_1d(w) + b


def mse(x: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> float:
    """(1/n) Σ (y_i - ŷ_i)² (the slides' MSE)."""
    return float(np.mean((predict(x, w, b) - y) ** 2))


def mse_grad(x: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    """∂MSE/∂w = (2/n) Xᵀ(ŷ - y) (d,), ∂MSE/∂b = (2/n) Σ(ŷ - y)."""
    x2 = _2d(x)
    r = x2 @ np.atleast_1d(w) + b - y
    return 2.0 * x2.T @ r / len(y), float(2.0 * r.mean())


def normal_equation(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """The closed form θ = (AᵀA)⁻¹Aᵀy with A = [X 1]; raises ValueError when AᵀA is singular."""
    a = np.column_stack([_2d(x), np.ones(len(y))])
    ata = a.T @ a
    if np.linalg.matrix_rank(ata) < ata.shape[0]:
        raise ValueError("the inputs are constant or collinear: no unique best line")
    theta = np.linalg.solve(ata, a.T @ y)
    return theta[:-1], float(theta[-1])


def train(
    x: np.ndarray,
    y: np.ndarray,
    lr: float,
    epochs: int,
    batch_size: int,
    seed: int = 0,
    theta0: np.ndarray | None = None,
    max_updates: int = 20_000,
) -> Trace:
    """Gradient descent on the MSE; ``theta`` = [w..., b], starting at zeros unless given."""
    x2 = _2d(x)
    d = x2.shape[1]

    def grad(theta: np.ndarray, idx: np.ndarray) -> np.ndarray:
        gw, gb = mse_grad(x2[idx], y[idx], theta[:d], theta[d])
        return np.append(gw, gb)

    def loss(theta: np.ndarray) -> float:
        return mse(x2, y, theta[:d], theta[d])

    start = np.zeros(d + 1) if theta0 is None else np.asarray(theta0, dtype=float)
    return run_gd(grad, loss, start, len(y), lr, epochs, batch_size, seed, max_updates)


def loss_grid(x: np.ndarray, y: np.ndarray, ws: np.ndarray, bs: np.ndarray) -> np.ndarray:
    """MSE over a grid for one feature: returns (len(bs), len(ws)) with L[i, j] = MSE(ws[j], bs[i])."""
    x = np.asarray(x, dtype=float).ravel()
    w = ws[None, :, None]
    b = bs[:, None, None]
    return np.mean((w * x[None, None, :] + b - y[None, None, :]) ** 2, axis=2)


@dataclass(frozen=True)
class ScalingReport:
    """How one scaling conditions the problem: steps of batch GD to converge at a safe rate."""

    kind: str
    condition: float  # λmax / λmin of the MSE Hessian (2/n AᵀA)
    lr: float  # 1 / λmax: the largest rate that never overshoots along any direction
    steps: int | None  # updates until the excess loss fell below ``tol`` of its start; None: not in max_steps
    max_steps: int


def hessian(xs: np.ndarray) -> np.ndarray:
    """The (constant) Hessian of the MSE in θ = [w..., b]: (2/n) AᵀA with A = [X 1]."""
    a = np.column_stack([_2d(xs), np.ones(len(xs))])
    return 2.0 * a.T @ a / len(a)


def steps_to_converge(
    x: np.ndarray, y: np.ndarray, kind: str, tol: float = 1e-3, max_steps: int = 20_000
) -> ScalingReport:
    """Batch GD from zeros on ``x`` scaled by ``kind`` with lr = 1/λmax; count updates to converge."""
    xs = Scaler.fit(x, kind).transform(_2d(x))
    a = np.column_stack([xs, np.ones(len(y))])
    h = hessian(xs)
    eig = np.linalg.eigvalsh(h)
    lr = 1.0 / eig[-1]
    ata, aty, n = a.T @ a, a.T @ y, len(y)
    best = np.linalg.lstsq(a, y, rcond=None)[0]
    l_best = float(np.mean((a @ best - y) ** 2))
    theta = np.zeros(a.shape[1])
    l0 = float(np.mean(y**2)) - l_best
    steps: int | None = None
    for k in range(1, max_steps + 1):
        theta -= lr * 2.0 * (ata @ theta - aty) / n
        if k % 10 == 0 or k < 10:
            excess = float(np.mean((a @ theta - y) ** 2)) - l_best
            if excess <= tol * l0:
                steps = k
                break
    return ScalingReport(kind, float(eig[-1] / max(eig[0], 1e-300)), float(lr), steps, max_steps)


def slice_path(
    xs: np.ndarray, y: np.ndarray, i: int, j: int, lr: float, steps: int
) -> tuple[np.ndarray, np.ndarray]:
    """GD on weights i and j only (the rest held at their best values), from 0.

    Returns the path (steps+1, 2) and the best (2,) values; the loss on this slice is
    what :func:`slice_grid` draws.
    """
    a = np.column_stack([_2d(xs), np.ones(len(y))])
    best = np.linalg.lstsq(a, y, rcond=None)[0]
    theta = best.copy()
    theta[[i, j]] = 0.0
    path = [theta[[i, j]].copy()]
    n = len(y)
    for _ in range(steps):
        g = 2.0 * a.T @ (a @ theta - y) / n
        theta[[i, j]] -= lr * g[[i, j]]
        path.append(theta[[i, j]].copy())
    return np.array(path), best[[i, j]]


def slice_grid(xs: np.ndarray, y: np.ndarray, i: int, j: int, wi: np.ndarray, wj: np.ndarray) -> np.ndarray:
    """MSE over weights i, j (others at their best values): (len(wj), len(wi))."""
    a = np.column_stack([_2d(xs), np.ones(len(y))])
    best = np.linalg.lstsq(a, y, rcond=None)[0]
    base = a @ best - y  # residual at the optimum (n,)
    di = wi[None, :, None] - best[i]
    dj = wj[:, None, None] - best[j]
    r = base[None, None, :] + di * a[None, None, :, i] + dj * a[None, None, :, j]
    return np.mean(r**2, axis=2)
