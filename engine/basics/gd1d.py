"""Gradient descent on one variable, recorded step by step (x, f(x), f'(x))."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.basics.functions import Function1D

#: |x| beyond this (or a non-finite value) counts as diverged and stops the run.
DIVERGE_LIMIT = 1e6


@dataclass(frozen=True)
class Trace1D:
    """The full run: ``xs``/``ys`` have one entry per visited point (steps + 1 unless diverged).

    ``grads[i]`` is f'(xs[i]) (same length as ``xs``); the update i -> i+1 is
    ``xs[i+1] = xs[i] - lr * grads[i]``. ``diverged_at`` is the first step whose
    point blew up (the trace stops there), else None.
    """

    xs: np.ndarray
    ys: np.ndarray
    grads: np.ndarray
    lr: float
    diverged_at: int | None

    @property
    def steps(self) -> int:
        return len(self.xs) - 1


def run_gd_1d(fn: Function1D, x0: float, lr: float, steps: int) -> Trace1D:
    """Plain gradient descent ``x <- x - lr * f'(x)`` for ``steps`` updates from ``x0``."""
    xs = [float(x0)]
    diverged_at: int | None = None
    x = float(x0)
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(steps):
            x = x - lr * float(fn.grad(x))
            if not np.isfinite(x) or abs(x) > DIVERGE_LIMIT or not np.isfinite(fn(x)):
                diverged_at = i + 1
                break
            xs.append(x)
        arr = np.array(xs)
        return Trace1D(arr, fn(arr), fn.grad(arr), float(lr), diverged_at)


def behaviour(trace: Trace1D, fn: Function1D, tol: float = 1e-3) -> str:
    """One of ``diverged``, ``oscillating``, ``converged``, ``local minimum``, ``crawling`` (still moving)."""
    if trace.diverged_at is not None:
        return "diverged"
    xs, ys = trace.xs, trace.ys
    if len(ys) >= 4 and ys[-1] > ys[0] + 1e-9 and np.all(np.diff(ys[-4:]) > 0):
        return "diverged"  # the loss keeps growing: it would blow up with more steps
    moves = np.diff(xs)
    if len(moves) >= 4:
        recent = moves[-min(10, len(moves)) :]
        flips = np.mean(np.sign(recent[1:]) != np.sign(recent[:-1]))
        if flips > 0.7 and abs(recent[-1]) > tol:
            return "oscillating"
    nearest = min(fn.minima, key=lambda m: abs(m - xs[-1]))
    if abs(nearest - xs[-1]) < tol * 10 and (len(moves) == 0 or abs(moves[-1]) < tol):
        return "converged"
    if abs(trace.grads[-1]) < tol / 10 and (len(moves) == 0 or abs(moves[-1]) < tol):
        return "local minimum"
    return "crawling"
