"""Encode :class:`~engine.generative.gan.run.GanSnapshot` as frames for ``static/gan.html``.

One encoder per WebSocket connection: the real points and the fixed noise go
once per run, history rows only when new. Every frame carries D's surface
(a byte grid) and the fake points, their arrows and the noise grid's image as
16-bit coordinates (``u16`` buffers: ``lo + v / 65535 * (hi - lo)``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.generative.gan.data import EXTENT
from engine.generative.gan.model import equilibrium_losses
from engine.generative.gan.run import GanSnapshot
from ui.live.frames import FrameBuilder, finite_or_none, quantize

#: Coordinates beyond this (a wild generator) are clipped for drawing.
COORD_LIMIT = 4.0 * EXTENT


def quantize16(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """``values`` mapped linearly from [lo, hi] to little-endian uint16, as bytes (clipped; NaN -> lo)."""
    scaled = (np.nan_to_num(np.asarray(values, np.float64), nan=lo, posinf=hi, neginf=lo) - lo) / (hi - lo)
    return np.clip(np.rint(scaled * 65535.0), 0, 65535).astype("<u2").view(np.uint8)


def _rows(values: np.ndarray, digits: int = 5) -> list:
    return [[finite_or_none(round(float(v), digits)) for v in row] for row in values.tolist()]


class GanEncoder:
    """Turns snapshots into frames for the GAN live view."""

    def __init__(self) -> None:
        self._run_id: int | None = None
        self._generation: int | None = None
        self._last_step = -1.0
        self._last_cov_step = -1.0

    def encode(self, snap: GanSnapshot) -> bytes:
        cfg = snap.config
        new_run = snap.run_id != self._run_id
        self._run_id = snap.run_id
        obj, cov = snap.objective, snap.coverage
        header: dict[str, Any] = {
            "run": snap.run_id,
            "version": snap.version,
            "status": snap.status.value,
            "message": snap.message,
            "step": snap.step,
            "steps": cfg.steps,
            "k": cfg.k,
            "loss": cfg.loss,
            "lr_d": cfg.lr_d,
            "lr_g": cfg.lr_g,
            "speed": cfg.speed,
            "zdim": cfg.noise_dim,
            "rate": round(snap.steps_per_s),
            "params": list(snap.n_params),
            "updates": [snap.d_updates, snap.g_updates],
            "objective": {f: finite_or_none(getattr(obj, f)) for f in obj.__dataclass_fields__},
            "equilibrium": list(equilibrium_losses(cfg.loss)),
            "coverage": {"covered": cov.covered, "total": cov.total, "on_data": round(cov.on_data, 4)},
            "history": self._history(snap, new_run),
            "cov_history": self._coverage(snap, new_run),
        }
        if new_run:
            header["data"] = {
                "label": snap.dist.label,
                "extent": EXTENT,
                "real": np.round(snap.real_shown.astype(np.float64), 3).tolist(),
                "centres": np.round(snap.dist.centres.astype(np.float64), 3).tolist(),
            }
        frame = FrameBuilder(header)
        view = snap.view
        frame.add("d_grid", quantize(view.d_grid[::-1], 0.0, 1.0), lo=0.0, hi=1.0)  # top row first
        lim = COORD_LIMIT
        frame.add("fake", quantize16(view.fake, -lim, lim), lo=-lim, hi=lim, u16=True, dims=2)
        push = np.nan_to_num(view.push, nan=0.0, posinf=0.0, neginf=0.0)
        plim = max(1e-6, float(np.max(np.abs(push))) if push.size else 1.0)
        frame.add("push", quantize16(push, -plim, plim), lo=-plim, hi=plim, u16=True, dims=2)
        m = view.manifold
        frame.add("manifold", quantize16(m, -lim, lim), lo=-lim, hi=lim, u16=True, dims=2, lines=m.shape[0])
        if new_run:  # the fixed noise of the fake points (their colours), and of the noise grid
            zs = np.zeros((len(snap.z_show), 2))
            zs[:, : min(2, snap.config.noise_dim)] = snap.z_show[:, :2]
            frame.add("z_show", quantize(zs, -1.0, 1.0), lo=-1.0, hi=1.0)
        return frame.pack()

    def _history(self, snap: GanSnapshot, new_run: bool) -> dict[str, Any]:
        rows = snap.history
        reset = (
            new_run
            or snap.history_generation != self._generation
            or (len(rows) > 0 and rows[-1, 0] < self._last_step)
            or (len(rows) == 0 and self._last_step > 0)
        )
        self._generation = snap.history_generation
        fresh = rows if reset else rows[rows[:, 0] > self._last_step]
        self._last_step = float(rows[-1, 0]) if len(rows) else 0.0
        return {"reset": bool(reset), "rows": _rows(fresh)}

    def _coverage(self, snap: GanSnapshot, new_run: bool) -> dict[str, Any]:
        rows = snap.coverage_history
        reset = new_run or (len(rows) > 0 and rows[-1, 0] < self._last_cov_step) or len(rows) <= 1
        fresh = rows if reset else rows[rows[:, 0] > self._last_cov_step]
        self._last_cov_step = float(rows[-1, 0]) if len(rows) else -1.0
        return {"reset": bool(reset), "rows": _rows(fresh, 4)}
