"""Encode :class:`~engine.neuron.run.NeuronSnapshot` as frames for ``static/neuron.html``.

One encoder per WebSocket connection: it sends the points once per run and only
the history rows the client does not have yet. Frames are JSON headers only
(a few hundred bytes): the view draws lines, not grids.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.neuron.run import NeuronSnapshot
from ui.live.frames import FrameBuilder, finite_or_none


def _finite(values: np.ndarray, digits: int = 6) -> list:
    return [[finite_or_none(round(float(v), digits)) for v in row] for row in values.tolist()]


class NeuronEncoder:
    """Turns snapshots into frames for the Hello TensorFlow live view."""

    def __init__(self) -> None:
        self._run_id: int | None = None
        self._generation: int | None = None
        self._last_epoch = -1.0

    def encode(self, snap: NeuronSnapshot) -> bytes:
        cfg = snap.config
        new_run = snap.run_id != self._run_id
        self._run_id = snap.run_id
        data = snap.data
        header: dict[str, Any] = {
            "run": snap.run_id,
            "version": snap.version,
            "status": snap.status.value,
            "message": snap.message,
            "epoch": snap.epoch,
            "epochs": cfg.epochs,
            "lr": cfg.learning_rate,
            "speed": cfg.speed,
            "w": finite_or_none(snap.w),
            "b": finite_or_none(snap.b),
            "loss": finite_or_none(snap.loss),
            "best": [finite_or_none(v) for v in snap.best],
            "queries": [[q, finite_or_none(p)] for q, p in zip(snap.queries, snap.predictions, strict=True)],
            "history": self._history(snap, new_run),
        }
        if new_run:
            header["data"] = {
                "label": data.label,
                "x": np.round(data.x.astype(np.float64), 4).tolist(),
                "y": np.round(data.y.astype(np.float64), 4).tolist(),
                "x_name": data.x_name,
                "y_name": data.y_name,
                "true_line": list(data.true_line) if data.true_line else None,
            }
        return FrameBuilder(header).pack()

    def _history(self, snap: NeuronSnapshot, new_run: bool) -> dict[str, Any]:
        rows = snap.history
        reset = (
            new_run
            or snap.history_generation != self._generation
            or (len(rows) and rows[-1, 0] < self._last_epoch)
        )
        self._generation = snap.history_generation
        fresh = rows if reset else rows[rows[:, 0] > self._last_epoch]
        self._last_epoch = float(rows[-1, 0]) if len(rows) else -1.0
        return {"reset": bool(reset), "rows": _finite(fresh)}
