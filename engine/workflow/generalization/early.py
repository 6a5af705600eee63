"""L2 and early stopping on a tiny seeded network (the playground's Keras model and in-graph trainer).

The network (2 inputs, two hidden ReLU layers of 8, a sigmoid output; Adam, lr 0.01, batch 10)
trains on a playground 2-D set with label noise, half the points for training and half for
validation. Every epoch is trained to the end (so the page can show what training *would* have
done), and early stopping is applied to the recorded validation losses exactly as Keras's
``EarlyStopping(monitor="val_loss", patience=p, restore_best_weights=r)`` does: the run stops
after ``p`` epochs without a new minimum; the model handed back holds the weights of the best
epoch (restore) or of the epoch it stopped at.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from engine.playground.config import PlaygroundConfig
from engine.playground.datasets import make_dataset
from engine.playground.model import GRID, PlaygroundTrainer, grid_points

HIDDEN = (8, 8)
LEARNING_RATE = 0.01
BATCH = 10
N_POINTS = 120
TRAIN_FRACTION = 0.5


def playground_config(dataset: str, noise_pct: int, l2: float) -> PlaygroundConfig:
    """The playground settings of this page's tiny network."""
    return PlaygroundConfig(
        dataset=dataset,
        noise=noise_pct,
        n_points=N_POINTS,
        train_percent=int(TRAIN_FRACTION * 100),
        hidden=HIDDEN,
        activation="relu",
        regularization="l2" if l2 > 0 else "none",
        reg_rate=l2,
        learning_rate=LEARNING_RATE,
        optimizer="adam",
        batch_size=BATCH,
    )


def stopping_epoch(val_loss: np.ndarray, patience: int) -> tuple[int, int]:
    """(best epoch, stop epoch), 1-based, of Keras's EarlyStopping rule on ``val_loss``.

    ``best`` is the argmin of the validation loss over the epochs that ran; ``stop`` is the
    epoch after which ``patience`` epochs in a row brought no new minimum (the last epoch if
    never, or if ``patience`` is 0: no early stopping).
    """
    best, best_value, wait = 0, np.inf, 0
    for e, v in enumerate(val_loss):
        if v < best_value:
            best, best_value, wait = e, v, 0
        else:
            wait += 1
            if patience > 0 and wait >= patience:
                return best + 1, e + 1
    return best + 1, len(val_loss)


@dataclasses.dataclass(frozen=True)
class History:
    """Every epoch of one training run: the losses, accuracies and a copy of the weights after it."""

    train_loss: np.ndarray
    val_loss: np.ndarray
    train_acc: np.ndarray
    val_acc: np.ndarray
    snapshots: tuple[tuple[np.ndarray, ...], ...]
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    n_params: int

    @property
    def epochs(self) -> int:
        return len(self.val_loss)


def train_history(dataset: str, noise_pct: int, l2: float, epochs: int, seed: int) -> History:
    """Train ``epochs`` epochs with the playground's in-graph trainer (data and weights from ``seed``)."""
    cfg = playground_config(dataset, noise_pct, l2)
    data = make_dataset(dataset, N_POINTS, noise_pct / 100, TRAIN_FRACTION, seed)
    trainer = PlaygroundTrainer(cfg, data, seed)
    snapshots, rows = [], []
    for e in range(epochs):
        m = trainer.train_epochs(1, BATCH, e)
        rows.append([m.train_loss[0], m.test_loss[0], m.train_acc[0], m.test_acc[0]])
        snapshots.append(tuple(w.copy() for w in trainer.model.get_weights()))
    hist = np.array(rows)
    return History(
        *(hist[:, i] for i in range(4)),
        snapshots=tuple(snapshots),
        x_train=data.x_train,
        y_train=data.y_train,
        x_val=data.x_test,
        y_val=data.y_test,
        n_params=trainer.n_params,
    )


def predict_proba(weights: tuple[np.ndarray, ...], x: np.ndarray) -> np.ndarray:
    """P(class 1) of the network with ``weights`` (kernel, bias per Dense layer): ReLU hidden, sigmoid out."""
    h = np.asarray(x, dtype=np.float64)
    layers = list(zip(weights[::2], weights[1::2], strict=True))
    for kernel, bias in layers[:-1]:
        h = np.maximum(h @ kernel + bias, 0.0)
    kernel, bias = layers[-1]
    return 1.0 / (1.0 + np.exp(-(h @ kernel + bias)[:, 0]))


def log_loss(y: np.ndarray, p: np.ndarray) -> float:
    """Binary cross-entropy with the trainer's clipping (1e-7)."""
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


@dataclasses.dataclass(frozen=True)
class EarlyResult:
    """What early stopping makes of a :class:`History` (epochs are 1-based).

    ``weights``: the handed-back model's weights (best epoch if restored, else the stop epoch);
    ``grid_kept`` / ``grid_last``: P(class 1) on the GRID x GRID view (row 0 = top) for that
    model and for the model after every epoch; ``kept_val_loss``: its validation loss,
    computed again from those weights.
    """

    history: History
    best_epoch: int
    stop_epoch: int
    kept_epoch: int
    weights: tuple[np.ndarray, ...]
    kept_val_loss: float
    kept_val_acc: float
    grid_kept: np.ndarray
    grid_last: np.ndarray

    def __getattr__(self, name: str):  # train_loss, val_loss, x_val, n_params... from the history
        if name == "history":
            raise AttributeError(name)
        return getattr(self.history, name)


def _grid(weights: tuple[np.ndarray, ...]) -> np.ndarray:
    return predict_proba(weights, grid_points()).reshape(GRID, GRID)


def apply_early_stopping(history: History, patience: int, restore: bool) -> EarlyResult:
    """Keras's EarlyStopping on the recorded validation losses; cheap (no training)."""
    best, stop = stopping_epoch(history.val_loss, patience)
    kept = best if restore else stop
    weights = history.snapshots[kept - 1]
    p_val = predict_proba(weights, history.x_val)
    return EarlyResult(
        history,
        best_epoch=best,
        stop_epoch=stop,
        kept_epoch=kept,
        weights=weights,
        kept_val_loss=log_loss(history.y_val, p_val),
        kept_val_acc=float(np.mean((p_val > 0.5) == (history.y_val == 1))),
        grid_kept=_grid(weights),
        grid_last=_grid(history.snapshots[-1]),
    )


def train_early(
    dataset: str, noise_pct: int, l2: float, patience: int, restore: bool, epochs: int, seed: int
) -> EarlyResult:
    """Train ``epochs`` epochs (data and weights from ``seed``), then apply early stopping."""
    return apply_early_stopping(train_history(dataset, noise_pct, l2, epochs, seed), patience, restore)


def grid_axis() -> np.ndarray:
    """The x (= y) coordinates of the view grid's cell centres, increasing."""
    return np.unique(grid_points()[:, 0])
