"""What the linear-regression page fits: one gradient-descent run on 1-D data, the feature-scaling
comparison on the multivariate houses, and the slides' four candidate lines.

Figures (``ui.basics``) take these results; nothing here draws.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from engine.basics import data, linear
from engine.basics.config import LinearConfig
from engine.basics.data import Dataset1D
from engine.basics.gd import Trace, batch_size_for
from engine.basics.scaling import SCALINGS, Scaler

# ---- one gradient-descent run ------------------------------------------------------------


@dataclass(frozen=True)
class Fit1D:
    """One gradient-descent run on 1-D data, with what the player and the comparison need."""

    ds: Dataset1D
    scaler: Scaler
    xs: np.ndarray  # scaled inputs (n,)
    trace: Trace
    best_scaled: tuple[float, float]  # the normal equation in the trained (scaled) units
    best: tuple[float, float]  # the normal equation in the data's units

    def unscaled(self, k: int) -> tuple[float, float]:
        """(w, b) after update ``k``, in the data's units."""
        w, b = self.scaler.unscale_weights(self.trace.thetas[k, :1], self.trace.thetas[k, 1])
        return float(w[0]), float(b)

    def mse(self, w: float, b: float) -> float:
        """The MSE of the line ŷ = w x + b on the data (in the data's units)."""
        return linear.mse(self.ds.x, self.ds.y, np.array([w]), b)


def fit_1d(ds: Dataset1D, cfg: LinearConfig) -> Fit1D:
    """Gradient descent with the page's settings (scaling, method, rate, epochs, seed) on ``ds``."""
    batch_size = batch_size_for(cfg.method, len(ds.y), cfg.batch)
    scaler = Scaler.fit(ds.x, cfg.scaling)
    xs = scaler.transform(ds.x)
    trace = linear.train(xs, ds.y, cfg.lr, cfg.epochs, batch_size, seed=cfg.seed)
    ws, bs = linear.normal_equation(xs, ds.y)
    w, b = linear.normal_equation(ds.x, ds.y)
    return Fit1D(ds, scaler, xs, trace, (float(ws[0]), bs), (float(w[0]), b))


# ---- several features: feature scaling -------------------------------------------------------

#: Area and age: the two weights whose loss contours the scaling figure draws.
SLICE = (0, 2)


@functools.lru_cache(maxsize=16)
def scaling_reports(seed: int) -> tuple[linear.ScalingReport, ...]:
    """Steps to converge for every scaling on the seeded multivariate houses (cached: the unscaled
    run takes thousands of updates)."""
    ds = data.house_multivariate(seed)
    return tuple(linear.steps_to_converge(ds.x, ds.y, kind) for kind in SCALINGS)


@dataclass(frozen=True)
class ScalingSlice:
    """Gradient descent on the area and age weights only (the rest at their best) and the loss
    over a square grid around its path (equal scales: the true shape of the bowl)."""

    kind: str
    path: np.ndarray  # (steps + 1, 2)
    best: np.ndarray  # (2,)
    wi: np.ndarray  # grid of the area weight
    wj: np.ndarray  # grid of the age weight
    loss: np.ndarray  # (len(wj), len(wi))
    names: tuple[str, str]


@functools.lru_cache(maxsize=16)
def scaling_slice(seed: int, kind: str, lr: float, steps: int = 60, size: int = 90) -> ScalingSlice:
    ds = data.house_multivariate(seed)
    i, j = SLICE
    xs = Scaler.fit(ds.x, kind).transform(ds.x)
    path, best = linear.slice_path(xs, ds.y, i, j, lr, steps)
    lo = np.minimum(path.min(axis=0), best)
    hi = np.maximum(path.max(axis=0), best)
    centre, half = (lo + hi) / 2, float(((hi - lo) / 2 * 1.25 + 1e-9).max())
    wi = np.linspace(centre[0] - half, centre[0] + half, size)
    wj = np.linspace(centre[1] - half, centre[1] + half, size)
    loss = linear.slice_grid(xs, ds.y, i, j, wi, wj)
    return ScalingSlice(kind, path, best, wi, wj, loss, (ds.feature_names[i], ds.feature_names[j]))


# ---- the slides' candidate lines ---------------------------------------------------------------

#: Slides 003, "Loss function": four guessed lines (w₁, w₀) for the eight houses ...
SLIDE_LINES: tuple[tuple[float, float], ...] = ((0.5, 0.5), (0.7, 0.92), (0.98, 1.2), (1.5, 1.3))
#: ... and the cost the slides print for each (their J = (1/2m) Σ (ŷ − y)²).
SLIDE_COSTS: tuple[float, ...] = (18.864, 7.079, 2.542, 1.397)


@dataclass(frozen=True)
class CandidateLine:
    """One of the slides' guessed lines with the slides' cost and this page's on the same table."""

    w: float
    b: float
    slides_cost: float
    half_mse: float  # J = (1/2m) Σ (ŷ − y)², the slides' cost, on the slides' table
    mse: float  # (1/m) Σ (ŷ − y)², the MSE used on the rest of this page


def candidate_lines(ds: Dataset1D | None = None) -> tuple[CandidateLine, ...]:
    """The slides' four lines evaluated on ``ds`` (default: the slides' eight houses)."""
    ds = ds or data.house_prices_003()
    out = []
    for (w, b), cost in zip(SLIDE_LINES, SLIDE_COSTS, strict=True):
        m = linear.mse(ds.x, ds.y, np.array([w]), b)
        out.append(CandidateLine(w, b, cost, m / 2, m))
    return tuple(out)


def slides_cost_scale(ds: Dataset1D | None = None) -> float:
    """The factor c a cost c·(1/m)·Σ (ŷ − y)² would need to give all four of the slides' numbers
    for ``ds``'s sizes, whatever the prices are.

    Such a cost is c·(w² E[x²] + 2wb E[x] + b²) − 2w·c E[xy] − 2b·c E[y] + c E[y²]: linear in
    the four unknowns (c, c E[xy], c E[y], c E[y²]) once the sizes fix E[x] and E[x²], so the
    four lines determine them. A negative c means no prices (and no positive scale) reproduce
    the slides' table with these sizes.
    """
    ds = ds or data.house_prices_003()
    mxx, mx = float(np.mean(ds.x**2)), float(np.mean(ds.x))
    rows = [[w * w * mxx + 2 * w * b * mx + b * b, -2 * w, -2 * b, 1.0] for w, b in SLIDE_LINES]
    solution = np.linalg.solve(np.array(rows), np.array(SLIDE_COSTS))
    return float(solution[0])
