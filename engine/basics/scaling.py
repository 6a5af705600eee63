"""Feature scaling: none, min-max (to [0, 1]) and standardization (zero mean, unit variance).

Weights learned on scaled inputs map back to the original units with
:meth:`Scaler.unscale_weights`, so a fit can be compared with the closed form.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SCALINGS: dict[str, str] = {
    "none": "none (raw units)",
    "minmax": "min-max to [0, 1]",
    "standardize": "standardize (mean 0, std 1)",
}


@dataclass(frozen=True)
class Scaler:
    """x_scaled = (x - shift) / scale, per column; ``shift``/``scale`` have shape (d,)."""

    kind: str
    shift: np.ndarray
    scale: np.ndarray

    @classmethod
    def fit(cls, x: np.ndarray, kind: str) -> Scaler:
        """Fit on ``x`` of shape (n, d) (or (n,)); constant columns get scale 1."""
        x2 = np.atleast_2d(np.asarray(x, dtype=float).T).T
        d = x2.shape[1]
        if kind == "none":
            return cls(kind, np.zeros(d), np.ones(d))
        if kind == "minmax":
            shift, scale = x2.min(axis=0), x2.max(axis=0) - x2.min(axis=0)
        elif kind == "standardize":
            shift, scale = x2.mean(axis=0), x2.std(axis=0)
        else:
            raise ValueError(f"unknown scaling {kind!r}")
        return cls(kind, shift, np.where(scale > 0, scale, 1.0))

    def transform(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        if x.ndim == 1:
            return (x - self.shift[0]) / self.scale[0]
        return (x - self.shift) / self.scale

    def unscale_weights(self, w: np.ndarray, b: float | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(w, b) of ``y = x_scaled @ w + b`` -> the same line in original units.

        ``w`` may be (d,) or a stack (k, d) of weights with ``b`` (k,).
        """
        w = np.asarray(w, dtype=float)
        w_orig = w / self.scale
        b_orig = np.asarray(b, dtype=float) - (w_orig * self.shift).sum(axis=-1)
        return w_orig, b_orig
