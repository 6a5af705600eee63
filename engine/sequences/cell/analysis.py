"""What the page shows, from its config: each cell's weights, forward trace and BPTT gradients."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.sequences.cell.cells import (
    CellWeights,
    Gradients,
    Trace,
    bptt,
    clip_factor,
    make_weights,
    readout,
    unroll,
)
from engine.sequences.cell.config import CELLS, CellConfig, make_sequence


@dataclass(frozen=True)
class CellRun:
    """One cell on the page's sequence: weights, the unrolled forward pass and its gradients."""

    kind: str
    weights: CellWeights
    trace: Trace
    grads: Gradients
    clip: float

    def curve(self, wrt: str) -> np.ndarray:
        """The gradient norm reaching each step t = 1..T (``wrt``: "state" or "input")."""
        return self.grads.input_norms() if wrt == "input" else self.grads.state_norms()

    def ratio(self, wrt: str) -> float:
        """How much of the gradient reaches step 1, relative to the last step T."""
        curve = self.curve(wrt)
        return float(curve[0] / curve[-1]) if curve[-1] > 0 else float("nan")

    @property
    def factor(self) -> float:
        """The clipping factor (1: not clipped)."""
        return clip_factor(self.grads.global_norm, self.clip)

    @property
    def clipped_norm(self) -> float:
        return self.grads.global_norm * self.factor


def cell_weights(cfg: CellConfig, kind: str) -> CellWeights:
    return make_weights(
        kind, cfg.units, cfg.seed, cfg.scale, forget_bias=cfg.forget_bias, activation=cfg.activation
    )


def run_cell(cfg: CellConfig, kind: str) -> CellRun:
    """``kind``'s cell with the page's seed, units and weight scale, on the page's sequence."""
    w = cell_weights(cfg, kind)
    trace = unroll(w, make_sequence(cfg))
    return CellRun(kind, w, trace, bptt(trace, readout(cfg.units, cfg.seed)), cfg.clip)


def run_all(cfg: CellConfig) -> dict[str, CellRun]:
    """All three cells on the same sequence, seed and scale (the BPTT comparison)."""
    return {kind: run_cell(cfg, kind) for kind in CELLS}
