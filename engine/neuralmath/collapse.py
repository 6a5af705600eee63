"""Why non-linearity: a deep *linear* network is one linear layer in disguise.

Trains two copies of the playground's network (same data, same depth, same
initial-weight seed) with :class:`engine.playground.model.PlaygroundTrainer`:
one with linear hidden activations, one with a non-linear activation. The
linear one's weights multiply out to a single layer
``W = W_1 W_2 ... W_L`` (Keras kernels are ``(n_in, n_out)``, so ``x W_1 W_2``
in row-vector form equals ``W_L^T ... W_1^T x`` in the slides' column form),
``b = (((b_1 W_2 + b_2) W_3 + b_3) ...)``, whose outputs match the deep network's
to float precision: its decision boundary is one straight line.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from engine.neuralmath.activations import sigmoid
from engine.playground.config import PlaygroundConfig
from engine.playground.datasets import make_dataset
from engine.playground.model import GRID, grid_points


@dataclass(frozen=True)
class TrainedNet:
    """One trained network: its output on the view grid and its weights.

    ``grid_output``: ``(GRID, GRID)`` probability of class 1, row 0 = top (y = +6).
    """

    activation: str
    grid_output: np.ndarray
    kernels: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    train_acc: float
    test_acc: float
    train_loss: float


@dataclass(frozen=True)
class CollapseResult:
    """The linear and the non-linear network, and the linear one collapsed to one layer.

    ``collapsed_w``: ``(2, 1)``; ``collapsed_b``: ``(1,)``; ``collapsed_grid``: ``(GRID, GRID)``
    probabilities of the single layer; ``max_diff``: max |deep linear - single layer| on the grid.
    """

    linear: TrainedNet
    nonlinear: TrainedNet
    collapsed_w: np.ndarray
    collapsed_b: np.ndarray
    collapsed_grid: np.ndarray
    max_diff: float
    x_train: np.ndarray
    y_train: np.ndarray


def collapse_weights(
    kernels: tuple[np.ndarray, ...] | list[np.ndarray], biases: tuple[np.ndarray, ...] | list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Multiply out a stack of linear layers: ``x K1 + b1 -> ... `` equals ``x W + b``; returns ``(W, b)``."""
    w = np.eye(kernels[0].shape[0])
    b = np.zeros(kernels[0].shape[0])
    for k, bias in zip(kernels, biases, strict=True):
        w = w @ k
        b = b @ k + bias
    return w, b


def _train(cfg: PlaygroundConfig, epochs: int) -> TrainedNet:
    from engine.playground.model import PlaygroundTrainer

    data = make_dataset(cfg.dataset, cfg.n_points, cfg.noise / 100, cfg.train_percent / 100, cfg.seed)
    trainer = PlaygroundTrainer(cfg, data, cfg.init_seed)
    metrics = trainer.train_epochs(epochs, cfg.batch_size, 0)
    view = trainer.grid_view()
    return TrainedNet(
        cfg.activation,
        view.output[:, 0].reshape(GRID, GRID).astype(np.float64),
        tuple(k.astype(np.float64) for k in view.kernels),
        tuple(b.astype(np.float64) for b in view.biases),
        float(metrics.train_acc[-1]),
        float(metrics.test_acc[-1]),
        float(metrics.train_loss[-1]),
    )


def linear_vs_nonlinear(
    dataset: str = "circle",
    hidden: tuple[int, ...] = (4, 4, 4),
    nonlinear: str = "tanh",
    epochs: int = 150,
    seed: int = 1,
) -> CollapseResult:
    """Train the deep linear and the deep ``nonlinear`` network (binary ``dataset``) and collapse the first.

    Both use the playground's defaults (Glorot init, cross-entropy) with Adam, lr 0.03, batch 10,
    250 points of which half train, initial weights from ``seed``.
    """
    base = dataclasses.replace(
        PlaygroundConfig(),
        dataset=dataset,
        hidden=tuple(hidden),
        n_points=250,
        seed=seed,
        init_seed=seed,
        optimizer="adam",
        learning_rate=0.03,
    ).validated()
    if base.n_outputs != 1:
        raise ValueError("choose a two-class data set")
    lin = _train(dataclasses.replace(base, activation="linear"), epochs)
    non = _train(dataclasses.replace(base, activation=nonlinear), epochs)
    w, b = collapse_weights(lin.kernels, lin.biases)
    grid = grid_points().astype(np.float64)
    single = sigmoid(grid @ w + b)[:, 0].reshape(GRID, GRID)
    data = make_dataset(base.dataset, base.n_points, 0.0, 0.5, seed)
    return CollapseResult(
        lin,
        non,
        w,
        b,
        single,
        float(np.max(np.abs(single - lin.grid_output))),
        data.x_train,
        data.y_train,
    )
