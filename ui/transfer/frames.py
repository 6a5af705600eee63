"""Encode :class:`~engine.transfer.run.TransferSnapshot` as frames for ``static/transfer_learning.html``.

The header carries everything (a few dozen history rows per network): the view redraws its
charts from each frame, so a reconnecting client needs nothing it missed.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.transfer.run import RacerView, TransferSnapshot
from ui.live.frames import FrameBuilder, finite_or_none

#: One colour per network, on every chart of the page.
COLORS: dict[str, str] = {"scratch": "#e8710a", "frozen": "#0877bd", "finetune": "#1f9d55"}


def _rows(values: np.ndarray) -> list[list[float | None]]:
    return [[finite_or_none(round(float(v), 5)) for v in row] for row in values]


def _racer(view: RacerView, epochs_done: float) -> dict[str, Any]:
    return {
        "key": view.key,
        "label": view.label,
        "color": COLORS[view.key],
        "trainable": view.trainable,
        "frozen": view.frozen,
        "phase": view.phase,
        "epoch_seconds": round(view.seconds / epochs_done, 4) if epochs_done else None,
        "history": _rows(view.history),
    }


class TransferEncoder:
    """Turns transfer snapshots into frames (JSON header only)."""

    def encode(self, snap: TransferSnapshot) -> bytes:
        cfg = snap.config
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
            "compiling": snap.compiling,
            "warmup": cfg.warmup,
            "unfrozen_at": snap.unfrozen_at,
            "classes": list(snap.class_names),
            "sizes": [snap.n_train, snap.n_val],
            "racers": [
                _racer(r, snap.epoch + snap.batch / max(1, snap.batches_per_epoch)) for r in snap.racers
            ],
        }
        return FrameBuilder(header).pack()
