"""Encode :class:`~engine.mnist.run.MnistSnapshot` as live-view frames for ``static/mnist.html``.

One encoder per WebSocket connection: it remembers which history rows and live
points the client already has and sends only the new ones (all of them again
after a reset, a new run, or when the run thinned its live points).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.mnist.models import MODELS
from engine.mnist.run import MnistSnapshot
from ui.live.frames import FrameBuilder, finite_or_none


def _rows(values: np.ndarray) -> list[list[float | None]]:
    return [[finite_or_none(round(float(v), 5)) for v in row] for row in values]


class MnistEncoder:
    """Turns lab snapshots into frames (JSON header only; no byte grids)."""

    def __init__(self) -> None:
        self._run_id: int | None = None
        self._hist_sent = 0
        self._live_sent = 0
        self._live_last: tuple[float, ...] | None = None

    def encode(self, snap: MnistSnapshot) -> bytes:
        cfg = snap.config
        reset = snap.run_id != self._run_id or len(snap.history) < self._hist_sent
        live = snap.live
        if (
            reset
            or len(live) < self._live_sent
            or (
                self._live_sent
                and self._live_last is not None
                and tuple(live[self._live_sent - 1]) != self._live_last
            )
        ):
            live_reset, live_start = True, 0
        else:
            live_reset, live_start = False, self._live_sent
        hist_start = 0 if reset else self._hist_sent
        self._run_id = snap.run_id
        self._hist_sent = len(snap.history)
        self._live_sent = len(live)
        self._live_last = tuple(live[-1]) if len(live) else None
        last = snap.history[-1] if len(snap.history) else np.full(6, np.nan)
        timed = snap.history[1:, 5] if len(snap.history) > 1 else np.zeros(0)
        header: dict[str, Any] = {
            "run": snap.run_id,
            "version": snap.version,
            "status": snap.status.value,
            "message": snap.message,
            "epoch": snap.epoch,
            "epochs": cfg.epochs,
            "batch": snap.batch,
            "batches": snap.batches_per_epoch,
            "progress": round(snap.progress, 4),
            "seconds": round(snap.train_seconds, 2),
            "epoch_seconds": finite_or_none(float(timed[-1])) if len(timed) else None,
            "rate": round(snap.examples_per_s),
            "params": snap.n_params,
            "model": MODELS[cfg.model],
            "sizes": [snap.n_train, snap.n_val, snap.n_test],
            "metrics": {
                "train_loss": finite_or_none(float(last[1])),
                "train_acc": finite_or_none(float(last[2])),
                "val_loss": finite_or_none(float(last[3])),
                "val_acc": finite_or_none(float(last[4])),
            },
            "history": {"reset": reset, "rows": _rows(snap.history[hist_start:])},
            "live": {"reset": live_reset, "rows": _rows(live[live_start:])},
        }
        return FrameBuilder(header).pack()
