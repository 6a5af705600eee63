"""Encode :class:`~engine.sequences.forecast.run.ForecastSnapshot` as frames for
``static/rnn_forecast.html``.

One encoder per WebSocket connection. It sends the series once per run, the history rows
the client lacks, and the predictions only when they changed (JSON header only).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.sequences.forecast.run import ForecastSnapshot
from ui.live.frames import FrameBuilder, finite_or_none
from ui.sequences.forecast.figures import COLORS


def _values(values: np.ndarray, digits: int = 5) -> list[float | None]:
    return [finite_or_none(v) for v in np.round(np.asarray(values, np.float64), digits)]


class ForecastEncoder:
    """Turns forecast snapshots into frames, sending only what the client lacks."""

    def __init__(self) -> None:
        self._run: tuple[int, int] | None = None
        self._hist_sent = 0
        self._preds_key: tuple[float, int] | None = None

    def encode(self, snap: ForecastSnapshot) -> bytes:
        cfg = snap.config
        new_run = snap.run_id != (self._run or (None,))[0]
        reset = (snap.run_id, snap.generation) != self._run or len(snap.history) < self._hist_sent
        start = 0 if reset else self._hist_sent
        self._run, self._hist_sent = (snap.run_id, snap.generation), len(snap.history)
        preds = snap.predictions
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
            "progress": round(snap.progress, 4),
            "seconds": round(snap.train_seconds, 2),
            "rate": round(snap.windows_per_s),
            "windows": snap.n_windows,
            "models": [
                {
                    "key": kind,
                    "label": label,
                    "color": COLORS[kind],
                    "params": snap.n_params[i],
                    "train": finite_or_none(float(last[1 + 2 * i])),
                    "val": finite_or_none(float(last[2 + 2 * i])),
                    "rmse1": finite_or_none(float(preds.rmse_onestep[i])),
                    "rmsef": finite_or_none(float(preds.rmse_forecast[i])),
                }
                for i, (kind, label) in enumerate(zip(snap.kinds, snap.labels, strict=True))
            ],
            "naive": finite_or_none(preds.rmse_naive),
            "history": {"reset": reset, "rows": [_values(row) for row in snap.history[start:]]},
        }
        if new_run:
            series = snap.series
            header["series"] = {
                "values": _values(series.values),
                "n_train": snap.n_train,
                "window": cfg.window,
                "label": series.label,
                "unit": series.unit,
            }
        key = (preds.epoch, snap.horizon)
        if reset or key != self._preds_key:
            self._preds_key = key
            header["preds"] = {
                "epoch": round(preds.epoch, 3),
                "horizon": snap.horizon,
                "onestep": [_values(row) for row in preds.onestep],
                "forecast": [_values(row) for row in preds.forecast],
            }
        return FrameBuilder(header).pack()
