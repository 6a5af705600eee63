"""Input feature transforms of the playground (TensorFlow Playground's ``INPUTS``).

Each feature maps a raw 2-D point ``(x1, x2)`` (playground units, in
``[-6, 6]``, not normalised, exactly as TFP feeds them to its network) to one
number. Columns always come out in the canonical ``FEATURES`` order, whatever
order the caller listed them in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

__all__ = [
    "DEFAULT_FEATURES",
    "FEATURES",
    "FEATURE_FORMULAS",
    "FEATURE_LABELS",
    "compute_features",
    "validate_features",
]

FEATURES: tuple[str, ...] = ("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2")
FEATURE_LABELS: dict[str, str] = {
    "x1": "X₁",
    "x2": "X₂",
    "x1sq": "X₁²",
    "x2sq": "X₂²",
    "x1x2": "X₁X₂",
    "sinx1": "sin(X₁)",
    "sinx2": "sin(X₂)",
}
FEATURE_FORMULAS: dict[str, str] = {
    "x1": "x_1",
    "x2": "x_2",
    "x1sq": "x_1^2",
    "x2sq": "x_2^2",
    "x1x2": "x_1 x_2",
    "sinx1": r"\sin(x_1)",
    "sinx2": r"\sin(x_2)",
}
DEFAULT_FEATURES: tuple[str, ...] = ("x1", "x2")

# Each takes the x1 and x2 columns, shape (n,) float64, and returns shape (n,).
_TRANSFORMS: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1sq": lambda x1, x2: x1 * x1,
    "x2sq": lambda x1, x2: x2 * x2,
    "x1x2": lambda x1, x2: x1 * x2,
    "sinx1": lambda x1, x2: np.sin(x1),
    "sinx2": lambda x1, x2: np.sin(x2),
}


def validate_features(names: Sequence[str]) -> tuple[str, ...]:
    """Return ``names`` de-duplicated and in canonical ``FEATURES`` order.

    Raises:
        TypeError: ``names`` is a single string rather than a sequence of names.
        ValueError: ``names`` is empty or holds an unknown feature.
    """
    if isinstance(names, str):
        raise TypeError(f"expected a sequence of feature names, got the single string {names!r}")
    chosen = set(names)
    unknown = sorted(str(name) for name in chosen - set(FEATURES))
    if unknown:
        raise ValueError(f"unknown feature(s) {', '.join(unknown)}; expected some of: {', '.join(FEATURES)}")
    if not chosen:
        raise ValueError("select at least one input feature")
    return tuple(name for name in FEATURES if name in chosen)


def compute_features(points: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """Feature matrix of ``points``.

    Args:
        points: ``(n, 2)`` raw coordinates ``(x1, x2)`` in playground units (about
            ``[-6, 6]``); no normalisation is applied.
        names: feature names from ``FEATURES`` (any order, duplicates ignored).

    Returns:
        ``(n, k)`` float32, ``k`` = number of distinct names, columns in canonical
        ``FEATURES`` order (see ``validate_features``).

    Raises:
        ValueError: ``points`` is not of shape ``(n, 2)``, or bad ``names``.
    """
    canonical = validate_features(names)
    pts = np.asarray(points, dtype=np.float64)
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise ValueError(f"points must have shape (n, 2), got {pts.shape}")
    x1, x2 = pts[:, 0], pts[:, 1]
    columns = [_TRANSFORMS[name](x1, x2) for name in canonical]
    return np.stack(columns, axis=1).astype(np.float32)
