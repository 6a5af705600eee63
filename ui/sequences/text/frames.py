"""Encode :class:`~engine.sequences.text.run.TextSnapshot` as live-view frames for ``static/char_rnn.html``.

One encoder per WebSocket connection: it sends only the new points of the loss curve (all of
them again after a reset, a new run or a thinning) and the samples only when they changed.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.sequences.text.config import CELLS
from engine.sequences.text.run import TextSnapshot
from ui.live.frames import FrameBuilder, finite_or_none


def _rows(values: np.ndarray) -> list[list[float | None]]:
    return [[finite_or_none(round(float(v), 4)) for v in row] for row in values]


class TextEncoder:
    """Turns text-model snapshots into frames (a JSON header only)."""

    def __init__(self) -> None:
        self._run_id: int | None = None
        self._live_sent = 0
        self._live_last: tuple[float, ...] | None = None
        self._samples_key: Any = None

    def _live_part(self, snap: TextSnapshot, new_run: bool) -> dict[str, Any]:
        live = snap.live
        stale = (
            self._live_sent
            and self._live_last is not None
            and (len(live) < self._live_sent or tuple(live[self._live_sent - 1]) != self._live_last)
        )
        start = 0 if new_run or stale else self._live_sent
        self._live_sent = len(live)
        self._live_last = tuple(live[-1]) if len(live) else None
        return {"reset": bool(new_run or stale), "rows": _rows(live[start:])}

    def _samples_part(self, snap: TextSnapshot, new_run: bool) -> list[dict[str, Any]] | None:
        key = (snap.run_id, snap.sample_step, snap.samples)
        if not new_run and key == self._samples_key:
            return None
        self._samples_key = key
        return [{"t": s.temperature, "text": s.text} for s in snap.samples]

    def encode(self, snap: TextSnapshot) -> bytes:
        cfg = snap.config
        new_run = snap.run_id != self._run_id
        self._run_id = snap.run_id
        header: dict[str, Any] = {
            "run": snap.run_id,
            "version": snap.version,
            "status": snap.status.value,
            "message": snap.message,
            "step": snap.step,
            "steps": cfg.steps,
            "seconds": round(snap.train_seconds, 2),
            "rate": round(snap.chars_per_s),
            "chars": snap.chars_seen,
            "passes": round(snap.epochs_of_text, 3),
            "loss": finite_or_none(snap.loss),
            "perplexity": finite_or_none(snap.perplexity),
            "uniform": round(snap.uniform_loss, 4),
            "unigram": round(snap.unigram_loss, 4),
            "params": snap.n_params,
            "vocab": snap.vocab_size,
            "model": f"{CELLS[cfg.cell]}({cfg.units})",
            "temperature": cfg.temperature,
            "prefix": snap.prefix_used,
            "sample_step": snap.sample_step,
            "samples": self._samples_part(snap, new_run),
            "probe": [[c, round(p, 5), round(q, 5)] for c, p, q in snap.probe],
            "live": self._live_part(snap, new_run),
        }
        return FrameBuilder(header).pack()
