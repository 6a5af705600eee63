"""Polynomial regression on noisy 1-D data: under/good/overfit, and the train/validation/test split.

The data are ``y = sin(πx) + noise`` with ``x ~ U(-1, 1)``, drawn from one seed. The fit is the
lesson, so it is numpy: least squares on the columns 1, x, ..., x^d (``np.linalg.lstsq``, the
minimum-norm solution when there are fewer points than coefficients). It is tested against
``numpy.polyfit`` and scikit-learn's ``PolynomialFeatures -> LinearRegression``; on [-1, 1] the
powers stay bounded, so degree 15 is still well conditioned.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from numpy.polynomial import polynomial as npoly

DEGREES = tuple(range(1, 16))
#: A degree is a "good fit" while its validation error is within this factor of the best one.
GOOD_FACTOR = 1.25


def true_function(x: np.ndarray) -> np.ndarray:
    """The curve the data are sampled from (what a perfect model would learn)."""
    return np.sin(np.pi * x)


def make_curve_data(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points ``(x, y)``: x ~ U(-1, 1), y = sin(πx) + N(0, noise²), from ``seed``."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, n)
    y = true_function(x) + noise * rng.standard_normal(n)
    return x, y


@dataclasses.dataclass(frozen=True)
class Split:
    """Index arrays of a train/validation/test split (disjoint, together every point once)."""

    train: np.ndarray
    val: np.ndarray
    test: np.ndarray


def split_sizes(n: int, train_pct: int, val_pct: int) -> tuple[int, int, int]:
    """Sizes (train, val, test) of ``n`` points; each part keeps at least one point when n >= 3."""
    n_val = max(1, round(n * val_pct / 100))
    n_test = max(1, round(n * (100 - train_pct - val_pct) / 100))
    n_train = n - n_val - n_test
    if n_train < 1:
        raise ValueError(f"{n} points are too few for a train/validation/test split")
    return n_train, n_val, n_test


def three_way_split(n: int, train_pct: int, val_pct: int, seed: int) -> Split:
    """A shuffled split of ``range(n)`` (seeded); sizes from :func:`split_sizes`."""
    n_train, n_val, _ = split_sizes(n, train_pct, val_pct)
    order = np.random.default_rng(seed + 1).permutation(n)
    return Split(
        np.sort(order[:n_train]), np.sort(order[n_train : n_train + n_val]), np.sort(order[n_train + n_val :])
    )


def fit_poly(x: np.ndarray, y: np.ndarray, degree: int) -> np.ndarray:
    """Coefficients ``c[0] + c[1] x + ... + c[d] x^d`` of the least-squares polynomial of ``degree``.

    With fewer points than coefficients the system is underdetermined: lstsq returns the
    minimum-norm solution, a curve through every point.
    """
    vander = npoly.polyvander(np.asarray(x, dtype=float), degree)
    return np.linalg.lstsq(vander, np.asarray(y, dtype=float), rcond=None)[0]


def predict(coef: np.ndarray, x: np.ndarray) -> np.ndarray:
    return npoly.polyval(np.asarray(x, dtype=float), coef)


def mse(coef: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    if len(x) == 0:
        return float("nan")
    return float(np.mean((predict(coef, x) - y) ** 2))


@dataclasses.dataclass(frozen=True)
class DegreeCurve:
    """Train/validation/test MSE of every degree, each fitted on the training points only."""

    degrees: np.ndarray
    train: np.ndarray
    val: np.ndarray
    test: np.ndarray

    @property
    def best_degree(self) -> int:
        """The degree with the lowest validation error (the one the workflow picks)."""
        return int(self.degrees[int(np.nanargmin(self.val))])

    def at(self, degree: int) -> tuple[float, float, float]:
        i = int(np.flatnonzero(self.degrees == degree)[0])
        return float(self.train[i]), float(self.val[i]), float(self.test[i])


def degree_curve(x: np.ndarray, y: np.ndarray, split: Split, degrees=DEGREES) -> DegreeCurve:
    rows = []
    for d in degrees:
        model = fit_poly(x[split.train], y[split.train], d)
        rows.append([mse(model, x[s], y[s]) for s in (split.train, split.val, split.test)])
    arr = np.array(rows)
    return DegreeCurve(np.array(degrees), arr[:, 0], arr[:, 1], arr[:, 2])


def verdict(curve: DegreeCurve, degree: int) -> str:
    """'underfit', 'good fit' or 'overfit' for ``degree``, read from the validation error."""
    best = curve.best_degree
    _, val, _ = curve.at(degree)
    _, best_val = curve.at(best)[:2]
    if degree == best or val <= GOOD_FACTOR * best_val:
        return "good fit"
    return "underfit" if degree < best else "overfit"


def too_few_points(n_train: int, degree: int) -> bool:
    """A degree-d polynomial has d + 1 coefficients: with fewer training points it is underdetermined."""
    return n_train < degree + 1


# --------------------------------------------------------------------------- peeking at the test set


@dataclasses.dataclass(frozen=True)
class PeekStudy:
    """Medians over many data sets of the reported test error vs the error on new data.

    ``honest_*``: the degree picked on the validation set, the test set used once to report.
    ``peek_*``: the degree picked on the test set itself, the same test error reported.
    """

    repeats: int
    honest_reported: float
    honest_new: float
    peek_reported: float
    peek_new: float


def peek_study(
    n: int, noise: float, train_pct: int, val_pct: int, seed: int, repeats: int = 100, n_new: int = 400
) -> PeekStudy:
    """Repeat the workflow on ``repeats`` fresh data sets (seeds ``seed .. seed + repeats - 1``)."""
    rows = []
    for r in range(repeats):
        x, y = make_curve_data(n, noise, seed + r)
        split = three_way_split(n, train_pct, val_pct, seed + r)
        curve = degree_curve(x, y, split)
        x_new, y_new = make_curve_data(n_new, noise, 10_000 + seed + r)
        honest, peek = int(np.nanargmin(curve.val)), int(np.nanargmin(curve.test))
        new = {}
        for i in {honest, peek}:
            new[i] = mse(fit_poly(x[split.train], y[split.train], int(curve.degrees[i])), x_new, y_new)
        rows.append([curve.test[honest], new[honest], curve.test[peek], new[peek]])
    m = np.median(np.array(rows), axis=0)
    return PeekStudy(repeats, *(float(v) for v in m))
