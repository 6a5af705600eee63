"""Encode :class:`~engine.optim.run.RaceSnapshot` as frames for ``static/optimizer_race.html``.

One encoder per WebSocket connection. It sends the surface's contour grid once
per surface, and of each racer's path only the points the client does not have
yet (float32 triples x, y, loss in the ``paths`` buffer, racer after racer, in
the header's racer order; ``new`` says how many each).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.optim.race import RacerView, leader
from engine.optim.run import RaceSnapshot
from engine.optim.surfaces import Surface
from ui.live.frames import FrameBuilder, finite_or_none, quantize

CONTOUR_GRID = 161
#: offset added to f − f_min before the log of log-contour surfaces
LOG_FLOOR = 1e-3


def contour_values(surface: Surface, n: int = CONTOUR_GRID) -> tuple[np.ndarray, bool]:
    """(n, n) values drawn as contours (row 0 = the domain's bottom) and whether they are log10."""
    _, _, f = surface.grid(n)
    if surface.log_contours:
        return np.log10(np.maximum(f - surface.f_min, 0.0) + LOG_FLOOR), True
    return f, False


def hyperparameters(racer: str, snap: RaceSnapshot) -> dict[str, float]:
    """The numbers the client plugs into ``racer``'s update rule."""
    c = snap.config
    hp: dict[str, float] = {"lr": c.lr(racer)}
    if racer == "momentum":
        hp["mu"] = c.momentum
    elif racer == "nesterov":
        hp["mu"] = c.nesterov_momentum
    elif racer == "adagrad":
        hp.update(eps=c.eps_adagrad, g0=c.adagrad_init)
    elif racer == "adadelta":
        hp.update(rho=c.rho_adadelta, eps=c.eps_adadelta)
    elif racer == "rmsprop":
        hp.update(rho=c.rho_rmsprop, eps=c.eps_rmsprop)
    elif racer == "adam":
        hp.update(b1=c.beta1, b2=c.beta2, eps=c.eps_adam)
    elif racer in ("sgd", "minibatch"):
        hp["batch"] = 1 if racer == "sgd" else c.batch
    return hp


def _state(view: RacerView) -> dict[str, list[float | None]]:
    return {k: [finite_or_none(v) for v in vals] for k, vals in view.state.items()}


def _surface_header(snap: RaceSnapshot) -> dict[str, Any]:
    surface = snap.surface
    return {
        "key": surface.key,
        "label": surface.label,
        "domain": list(surface.domain),
        "minimum": list(surface.minimum),
        "f_min": surface.f_min,
        "axes": list(surface.axis_names),
        "start": [snap.config.start_x, snap.config.start_y],
    }


def _racer_entry(view: RacerView, snap: RaceSnapshot, sent: int, new: int) -> dict[str, Any]:
    """One racer's header entry: its place in the stream (``from``, ``new``), state and hyperparameters."""
    return {
        "key": view.key,
        "label": view.label,
        "color": view.color,
        "n": len(view.loss),
        "new": new,
        "from": sent,
        "diverged": view.diverged_at,
        "reached": view.reached_at,
        "loss": finite_or_none(view.current_loss),
        "x": finite_or_none(view.position[0]),
        "y": finite_or_none(view.position[1]),
        "state": _state(view),
        "hp": hyperparameters(view.key, snap),
    }


class RaceEncoder:
    """Turns race snapshots into frames, sending only what the client lacks."""

    def __init__(self) -> None:
        self._surface_key: tuple[str, int] | None = None
        self._run: tuple[int, int] | None = None
        self._sent: dict[str, int] = {}

    def _new_points(self, snap: RaceSnapshot) -> tuple[list[dict[str, Any]], list[np.ndarray]]:
        """Each racer's header entry and the (x, y, loss) rows the client has not seen yet."""
        chunks: list[np.ndarray] = []
        racers = []
        for view in snap.racers:
            sent = self._sent.get(view.key, 0)
            n = len(view.loss)
            if n < sent:  # cannot happen within one generation; resend to be safe
                sent = 0
            new = np.column_stack([view.path[sent:n], view.loss[sent:n]]) if n > sent else np.zeros((0, 3))
            chunks.append(new)
            self._sent[view.key] = n
            racers.append(_racer_entry(view, snap, sent, int(new.shape[0])))
        return racers, chunks

    def encode(self, snap: RaceSnapshot) -> bytes:
        surface = snap.surface
        run_key = (snap.run_id, snap.generation)
        reset = run_key != self._run
        if reset:
            self._run, self._sent = run_key, {}
        header: dict[str, Any] = {
            "run": snap.run_id,
            "gen": snap.generation,
            "version": snap.version,
            "status": snap.status.value,
            "message": snap.message,
            "step": snap.step,
            "max_steps": snap.config.max_steps,
            "speed": snap.config.speed,
            "rate": round(snap.steps_per_s, 1),
            "reset": reset,
            "events": list(snap.events),
            "surface": _surface_header(snap),
        }
        racers, chunks = self._new_points(snap)
        header["racers"] = racers
        first = leader(snap.racers)
        header["leader"] = first.label if first is not None else None
        frame = FrameBuilder(header)
        surface_key = (surface.key, snap.config.seed)
        if surface_key != self._surface_key:
            values, is_log = contour_values(surface)
            lo, hi = float(values.min()), float(np.percentile(values, 99.5))
            frame.add("contour", quantize(values, lo, hi), lo=lo, hi=hi, log=is_log)
            self._surface_key = surface_key
        points = np.concatenate(chunks) if chunks else np.zeros((0, 3))
        if points.size:
            frame.add("paths", np.ascontiguousarray(points, dtype="<f4").view(np.uint8))
        return frame.pack()
