"""Encode :class:`~engine.generative.vae.run.VaeSnapshot` as frames for ``static/vae.html``.

One encoder per WebSocket connection. Every frame carries the codes μ of the shown test
images (uint16 over [-plane, plane], 4 bytes a point) and the reconstructions of the fixed
batch (one byte a pixel); the labels and the originals travel once per run, the history and
live curve rows only when new, and the decoder's weights (float32, exact) only when the run
has taken new ones (at most twice a second while playing): the view runs the decoder itself.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.generative.vae.run import VaeSnapshot
from ui.live.frames import FrameBuilder, finite_or_none, quantize

CODE_LEVELS = 65535


def _rows(values: np.ndarray) -> list[list[float | None]]:
    return [[finite_or_none(round(float(v), 4)) for v in row] for row in values]


def pack_codes(codes: np.ndarray, plane: float) -> np.ndarray:
    """(n, 2) codes → (n, 4) bytes: little-endian uint16 per coordinate over [-plane, plane]."""
    scaled = (np.nan_to_num(codes, nan=0.0) + plane) * (CODE_LEVELS / (2 * plane))
    q = np.clip(np.rint(scaled), 0, CODE_LEVELS).astype("<u2")
    return q.view(np.uint8).reshape(len(codes), 4)


def pack_weights(snap: VaeSnapshot) -> np.ndarray:
    """The decoder's w1, b1, w2, b2 as one run of little-endian float32 bytes."""
    w = snap.weights
    flat = np.concatenate([a.astype("<f4").ravel() for a in (w.w1, w.b1, w.w2, w.b2)])
    return flat.view(np.uint8)


class VaeEncoder:
    """Turns VAE snapshots into frames for the live view."""

    def __init__(self) -> None:
        self._run_id: int | None = None
        self._hist_sent = 0
        self._live_sent = 0
        self._live_last: tuple[float, ...] | None = None
        self._weights_sent: int | None = None

    def _incremental(self, snap: VaeSnapshot, new_run: bool) -> tuple[dict, dict]:
        live = snap.live
        reset = new_run or len(snap.history) < self._hist_sent
        live_reset = (
            reset
            or len(live) < self._live_sent
            or bool(self._live_sent and tuple(live[self._live_sent - 1]) != self._live_last)
        )
        hist_start = 0 if reset else self._hist_sent
        live_start = 0 if live_reset else self._live_sent
        self._hist_sent, self._live_sent = len(snap.history), len(live)
        self._live_last = tuple(live[-1]) if len(live) else None
        return (
            {"reset": reset, "rows": _rows(snap.history[hist_start:])},
            {"reset": live_reset, "rows": _rows(live[live_start:])},
        )

    def encode(self, snap: VaeSnapshot) -> bytes:
        cfg = snap.config
        new_run = snap.run_id != self._run_id
        self._run_id = snap.run_id
        history, live = self._incremental(snap, new_run)
        last = snap.history[-1]
        header: dict[str, Any] = {
            "run": snap.run_id,
            "version": snap.version,
            "status": snap.status.value,
            "message": snap.message,
            "epoch": snap.epoch,
            "epochs": cfg.epochs,
            "batch": snap.batch,
            "batches": snap.batches_per_epoch,
            "steps": snap.steps,
            "variational": cfg.variational,
            "beta": cfg.beta,
            "plane": snap.plane,
            "seconds": round(snap.train_seconds, 2),
            "rate": round(snap.examples_per_s),
            "metrics": {
                name: finite_or_none(float(v))
                for name, v in zip(("recon", "kl", "loss", "test_recon", "test_kl"), last[1:6], strict=True)
            },
            "history": history,
            "live": live,
        }
        frame = FrameBuilder(header)
        frame.add("codes", pack_codes(snap.codes, snap.plane), lo=-snap.plane, hi=snap.plane)
        frame.add("recon", quantize(snap.batch_recon, 0.0, 1.0))
        if new_run:
            header["info"] = {
                "classes": list(snap.class_names),
                "data": snap.data_label,
                "n_train": snap.n_train,
                "params": list(snap.n_params),
                "batch_labels": [int(v) for v in snap.labels[snap.batch_index]],
            }
            frame.add("labels", snap.labels.astype(np.uint8))
            frame.add("originals", quantize(snap.batch_images, 0.0, 1.0))
        if new_run or snap.weights_steps != self._weights_sent:
            self._weights_sent = snap.weights_steps
            frame.add("weights", pack_weights(snap), hidden=snap.weights.hidden, steps=snap.weights_steps)
        return frame.pack()
