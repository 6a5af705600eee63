"""Encode :class:`~engine.sequences.attention.run.AttentionSnapshot` as frames for ``static/attention.html``.

One encoder per WebSocket connection. Frames are JSON headers only (a few kB): the
history, the accuracy-vs-length table and the example's attention matrix are small; the
live loss rows are sent incrementally (all of them again when the run changes or thins them).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.sequences.attention.data import ALIGNMENT, TASKS, TOKEN_TEXT
from engine.sequences.attention.run import AttentionSnapshot
from ui.live.frames import FrameBuilder, finite_or_none


def _rows(values: np.ndarray, digits: int = 4) -> list:
    return [[finite_or_none(round(float(v), digits)) for v in row] for row in np.asarray(values).tolist()]


def _tokens(tokens: np.ndarray) -> list[str]:
    return [TOKEN_TEXT[int(t)] for t in tokens]


def example_header(snap: AttentionSnapshot) -> dict[str, Any] | None:
    ex = snap.example
    if ex is None:
        return None
    return {
        "input": [str(int(d)) for d in ex.digits],
        "target": _tokens(ex.target),
        "plain": _tokens(ex.plain),
        "attention": _tokens(ex.attention),
        "weights": _rows(ex.weights, 3),
        "scores": _rows(ex.scores, 3),
    }


class AttentionEncoder:
    """Turns snapshots into frames for the attention page's live view."""

    def __init__(self) -> None:
        self._run_id: int | None = None
        self._sent_live = 0

    def encode(self, snap: AttentionSnapshot) -> bytes:
        cfg = snap.config
        new_run = snap.run_id != self._run_id
        self._run_id = snap.run_id
        live = snap.live
        reset = new_run or len(live) < self._sent_live
        fresh = live if reset else live[self._sent_live :]
        self._sent_live = len(live)
        header: dict[str, Any] = {
            "run": snap.run_id,
            "version": snap.version,
            "status": snap.status.value,
            "message": snap.message,
            "ready": snap.ready,
            "epoch": snap.epoch,
            "epochs": cfg.epochs,
            "batch": snap.batch,
            "batches": snap.batches_per_epoch,
            "rate": finite_or_none(snap.sequences_per_s),
            "params": list(snap.n_params),
            "task": TASKS[cfg.task].split(" (")[0],
            "alignment": ALIGNMENT[cfg.task],
            "score": cfg.score,
            "min_len": cfg.min_len,
            "max_len": cfg.max_len,
            "out_step": cfg.out_step,
            "history": _rows(snap.history),
            "live": {"reset": bool(reset), "rows": _rows(fresh)},
            "lengths": list(snap.lengths),
            "by_length": _rows(snap.by_length.reshape(4, -1), 3) if snap.ready else None,
            "example": example_header(snap),
        }
        return FrameBuilder(header).pack()
