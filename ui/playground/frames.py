"""Encode :class:`~engine.playground.run.PlaygroundSnapshot` as live-view frames.

One encoder per WebSocket connection: it remembers what the client already has
(the points, the loss history) and sends only what is new.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from engine.live.run import RunStatus
from engine.playground.config import ACTIVATIONS
from engine.playground.features import FEATURE_LABELS
from engine.playground.run import PlaygroundSnapshot
from ui.live.frames import FrameBuilder, finite_or_none, quantize


def _round(values: np.ndarray) -> list:
    if not np.isfinite(values).all():
        values = np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0)
    return np.round(values, 4).tolist()


def _problem(snap: PlaygroundSnapshot) -> str:
    cfg = snap.config
    if cfg.is_regression:
        return "regression"
    return "multiclass" if cfg.n_classes > 2 else "binary"


def _points(snap: PlaygroundSnapshot) -> dict[str, Any]:
    d = snap.data

    def rows(x: np.ndarray, y: np.ndarray) -> list:
        return np.column_stack([np.round(x, 3), np.round(y.astype(np.float64), 3)]).tolist()

    return {"train": rows(d.x_train, d.y_train), "test": rows(d.x_test, d.y_test)}


def abs_percentile(values: np.ndarray, q: float) -> np.ndarray:
    """``np.percentile(np.abs(values), q, axis=(1, ...))`` per row of ``values`` (n, ...).

    The same linear interpolation, from a partial sort of the two ranks it needs
    (~5x faster than ``np.percentile`` for the playground's 49 x 400 heatmap cells,
    encoded up to 30 times a second per learner).
    """
    flat = np.abs(values).reshape(len(values), -1)
    n = flat.shape[1]
    rank = q / 100.0 * (n - 1)
    lo = int(np.floor(rank))
    hi = min(lo + 1, n - 1)
    part = np.partition(flat, [lo, hi], axis=1)
    return part[:, lo] + (rank - lo) * (part[:, hi] - part[:, lo])


#: While a run plays, the network's details (every neuron's heatmap, the weights and
#: biases) go out at most this often; the boundary, counters and curves go in every
#: frame. The client draws the edges at 5 Hz anyway, and a frame without them is a third
#: of the size to send, decode and draw: at 5 Hz (not 10) one core serves a class of 30 at
#: 11 frames/s each instead of 9.6 (bench/classroom.py, 2026-12-06).
DETAIL_HZ = 5.0


class PlaygroundEncoder:
    """Turns snapshots into frames for ``static/playground.html``.

    A frame without ``kernels``/``biases`` in its header and without a ``neurons``
    buffer means "unchanged since the last frame that had them" (only while running).
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._detail_at = -float("inf")
        self._run_id: int | None = None
        self._data_id: int | None = None
        self._hist_generation: int | None = None
        self._hist_sent = 0

    def encode(self, snap: PlaygroundSnapshot) -> bytes:
        cfg = snap.config
        new_run = snap.run_id != self._run_id
        self._run_id = snap.run_id
        header: dict[str, Any] = {
            "run": snap.run_id,
            "version": snap.version,
            "status": snap.status.value,
            "message": snap.message,
            "epoch": snap.epoch,
            "seen": snap.examples_seen,
            "rate": round(snap.examples_per_s),
            "params": snap.n_params,
            "problem": _problem(snap),
            "classes": cfg.n_classes,
            "loss_name": "MSE" if cfg.effective_loss == "mse" else "cross-entropy",
            "activation": ACTIVATIONS[cfg.activation],
            "lr": cfg.learning_rate,
            "metrics": {
                "train_loss": finite_or_none(snap.train_loss),
                "test_loss": finite_or_none(snap.test_loss),
                "train_acc": finite_or_none(snap.train_acc),
                "test_acc": finite_or_none(snap.test_acc),
            },
            "layers": list(snap.layer_sizes),
            "features": [FEATURE_LABELS[f] for f in cfg.features],
            "view": {"show_test": cfg.show_test, "discretize": cfg.discretize},
            "history": self._history(snap, new_run),
        }
        data_id = id(snap.data)
        if new_run or data_id != self._data_id:
            header["points"] = _points(snap)
            self._data_id = data_id
        now = self._clock()
        detail = new_run or snap.status != RunStatus.RUNNING or now - self._detail_at >= 1.0 / DETAIL_HZ
        if detail:
            header["kernels"] = [_round(k) for k in snap.kernels]
            header["biases"] = [_round(b) for b in snap.biases]
            self._detail_at = now
        frame = FrameBuilder(header)
        self._add_output(frame, snap)
        if detail:
            self._add_neurons(frame, snap)
        return frame.pack()

    def _history(self, snap: PlaygroundSnapshot, new_run: bool) -> dict[str, Any]:
        hist = snap.history
        reset = new_run or hist.generation != self._hist_generation or len(hist) < self._hist_sent
        start = 0 if reset else self._hist_sent
        self._hist_generation = hist.generation
        self._hist_sent = len(hist)
        rows = hist.data[start:]
        return {
            "reset": reset,
            "rows": [[finite_or_none(v) for v in row] for row in rows.tolist()],
        }

    @staticmethod
    def _add_output(frame: FrameBuilder, snap: PlaygroundSnapshot) -> None:
        grid = snap.output_grid
        if grid.ndim == 3:  # class probabilities -> winning class and its confidence
            k = grid.shape[2]
            frame.add("out_class", np.argmax(np.nan_to_num(grid), axis=2).astype(np.uint8))
            frame.add("out", quantize(grid.max(axis=2), 1.0 / k, 1.0), lo=1.0 / k, hi=1.0)
        elif snap.config.is_regression:
            frame.add("out", quantize(grid, -1.0, 1.0), lo=-1.0, hi=1.0)
        else:
            frame.add("out", quantize(grid, 0.0, 1.0), lo=0.0, hi=1.0)

    @staticmethod
    def _add_neurons(frame: FrameBuilder, snap: PlaygroundSnapshot) -> None:
        """Every neuron's thumbnail in [-1, 1] colour units.

        Like TF Playground, values in [-1, 1] are drawn as they are; a neuron whose
        outputs go beyond (ReLU, ELU, linear) is scaled down by its 98th percentile
        of |value| so its shape stays visible. ``scale`` lets the client show the
        true values.
        """
        thumbs = np.concatenate(snap.neuron_grids, axis=0)  # (units, T, T)
        finite = np.nan_to_num(thumbs, nan=0.0, posinf=0.0, neginf=0.0)
        scale = np.maximum(1.0, abs_percentile(finite, 98.0)) if thumbs.size else np.zeros(0)
        if not snap.config.is_regression:  # probabilities: 0.5 is the neutral colour
            k = snap.layer_sizes[-1]
            finite = finite.copy()
            finite[-k:] = 2.0 * finite[-k:] - 1.0
            scale[-k:] = 1.0
        normalized = finite / scale[:, None, None]
        frame.add("neurons", quantize(normalized, -1.0, 1.0), scale=_round(scale))
