"""Seeded 2-D toy data sets for the neural-network playground (numpy only).

The generators follow TensorFlow Playground's ``src/dataset.ts`` in meaning:

=============  ==============================  ==========================================
name           TFP function                    noise acts on
=============  ==============================  ==========================================
``circle``     ``classifyCircleData``          the label only (points stay where drawn)
``xor``        ``classifyXORData``             the label only
``gauss``      ``classifyTwoGaussData``        the spread (variance 0.5 -> 4 as noise 0 -> 0.5)
``spiral``     ``classifySpiralData``          the position, ``U(-1, 1) * noise`` per axis
``reg-plane``  ``regressPlane``                the target only
``reg-gauss``  ``regressGaussian``             the target only
=============  ==============================  ==========================================

Extras not in TFP: ``moons`` (two interleaving half-moons) and ``blobs3`` /
``blobs4`` (3 or 4 Gaussian clusters), both with positional Gaussian noise.

Conventions (all coordinates in playground units):

* Points live in ``[-DOMAIN, DOMAIN]^2`` with ``DOMAIN = 6`` (mostly in ``[-5, 5]``);
  sets with positional noise are clipped to the domain so every point is drawable.
* ``noise`` is a fraction in ``[0, 0.8]`` (TFP's slider value / 100).
* Classification labels are ``int64`` class indices. For binary sets class ``1`` is
  TFP's ``+1`` and class ``0`` is TFP's ``-1``. Regression targets are ``float32``
  in ``[-1, 1]``.
* For odd ``n_points`` the two halves of a binary set get ``ceil(n/2)`` points for
  class 1 and ``floor(n/2)`` for class 0 (TFP would produce ``n + 1`` points).
* All randomness comes from ``np.random.default_rng(seed)`` and is drawn in an
  order that does not depend on ``noise``: the same seed with a different noise
  level gives the same un-noised geometry, so label-noise sets (circle, xor,
  regressions) keep every point in place and only their labels change.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = [
    "CLASSIFICATION_SETS",
    "DATASET_LABELS",
    "DOMAIN",
    "MAX_NOISE",
    "MAX_POINTS",
    "MIN_POINTS",
    "REGRESSION_SETS",
    "Dataset",
    "generate_points",
    "is_regression",
    "make_dataset",
    "n_classes",
    "reg_gauss_target",
    "reg_plane_target",
]

CLASSIFICATION_SETS: tuple[str, ...] = (
    "circle",
    "xor",
    "gauss",
    "spiral",
    "moons",
    "blobs3",
    "blobs4",
)
REGRESSION_SETS: tuple[str, ...] = ("reg-plane", "reg-gauss")
DATASET_LABELS: dict[str, str] = {
    "circle": "Circle",
    "xor": "Exclusive or (XOR)",
    "gauss": "Two Gaussians",
    "spiral": "Spiral",
    "moons": "Two moons",
    "blobs3": "3 blobs",
    "blobs4": "4 blobs",
    "reg-plane": "Plane (regression)",
    "reg-gauss": "Multi-Gaussian (regression)",
}

DOMAIN: float = 6.0
"""Half-width of the square the points live in: ``[-DOMAIN, DOMAIN]^2``."""
MIN_POINTS: int = 4
MAX_POINTS: int = 5000
MAX_NOISE: float = 0.8
MIN_TRAIN_FRACTION: float = 0.1
MAX_TRAIN_FRACTION: float = 0.9

_N_CLASSES: dict[str, int] = {
    "circle": 2,
    "xor": 2,
    "gauss": 2,
    "spiral": 2,
    "moons": 2,
    "blobs3": 3,
    "blobs4": 4,
    "reg-plane": 0,
    "reg-gauss": 0,
}

# TFP's regressGaussian bumps: (centre x, centre y, sign), in this exact order.
_REG_GAUSSIANS: tuple[tuple[float, float, float], ...] = (
    (-4.0, 2.5, 1.0),
    (0.0, 2.5, -1.0),
    (4.0, 2.5, 1.0),
    (-4.0, -2.5, -1.0),
    (0.0, -2.5, 1.0),
    (4.0, -2.5, -1.0),
)

_Points = tuple[np.ndarray, np.ndarray]
_Generator = Callable[[np.random.Generator, int, float], _Points]


def n_classes(name: str) -> int:
    """Number of classes of data set ``name``: 2 for binary sets, 3/4 for blobs, 0 for regression."""
    _check_name(name)
    return _N_CLASSES[name]


def is_regression(name: str) -> bool:
    """True when ``name`` is a regression set (real-valued targets in ``[-1, 1]``)."""
    _check_name(name)
    return name in REGRESSION_SETS


@dataclass(frozen=True, eq=False)
class Dataset:
    """A generated, shuffled and split data set.

    ``eq=False``: instances compare by identity (element-wise array equality has no
    single truth value). The arrays are ordinary numpy arrays; treat them as read-only.

    Attributes:
        name: key from ``CLASSIFICATION_SETS`` or ``REGRESSION_SETS``.
        x_train: ``(n_train, 2)`` float32 raw coordinates in ``[-DOMAIN, DOMAIN]``.
        y_train: ``(n_train,)`` int64 class indices ``0..n_classes-1``, or float32
            targets in ``[-1, 1]`` for regression.
        x_test: ``(n_test, 2)`` float32, as ``x_train``.
        y_test: ``(n_test,)``, as ``y_train``.
        n_classes: number of classes; 0 for regression.
        seed: the seed everything was drawn from.
        noise: the noise fraction in ``[0, 0.8]``.
    """

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    n_classes: int
    seed: int
    noise: float

    @property
    def is_regression(self) -> bool:
        """True for regression sets (``n_classes == 0``)."""
        return self.n_classes == 0


# --------------------------------------------------------------------------- helpers


def _check_name(name: str) -> None:
    if name not in _N_CLASSES:
        known = ", ".join(CLASSIFICATION_SETS + REGRESSION_SETS)
        raise ValueError(f"unknown data set {name!r}; expected one of: {known}")


def _halves(n: int) -> tuple[int, int]:
    """Sizes (class 1, class 0) of a binary set: ceil(n/2) and floor(n/2)."""
    return n - n // 2, n // 2


def _uniform_noise(rng: np.random.Generator, n: int, scale: float, noise: float) -> np.ndarray:
    """``(n, 2)`` offsets ``U(-scale, scale) * noise``; always draws, whatever ``noise`` is."""
    return rng.uniform(-scale, scale, size=(n, 2)) * noise


def _polar(r: np.ndarray, angle: np.ndarray) -> np.ndarray:
    """TFP's polar convention: ``x = r sin(angle)``, ``y = r cos(angle)``; shape ``(n, 2)``."""
    return np.stack([r * np.sin(angle), r * np.cos(angle)], axis=1)


def _binary_labels(n_pos: int, n_neg: int) -> np.ndarray:
    return np.concatenate([np.ones(n_pos, dtype=np.int64), np.zeros(n_neg, dtype=np.int64)])


def _clip(points: np.ndarray) -> np.ndarray:
    return np.clip(points, -DOMAIN, DOMAIN)


def reg_plane_target(points: np.ndarray) -> np.ndarray:
    """Noise-free ``reg-plane`` target of ``(n, 2)`` points: ``(x + y) / 10`` clipped to [-1, 1]; ``(n,)`` float32.

    TFP maps ``x + y`` linearly from ``[-10, 10]`` to ``[-1, 1]``.
    """
    pts = np.asarray(points, dtype=np.float64)
    return np.clip((pts[:, 0] + pts[:, 1]) / 10.0, -1.0, 1.0).astype(np.float32)


def reg_gauss_target(points: np.ndarray) -> np.ndarray:
    """Noise-free ``reg-gauss`` target of ``(n, 2)`` points; ``(n,)`` float32 in [-1, 1].

    For each TFP bump ``(cx, cy, sign)`` in order, ``value = sign * clamp(1 - dist/2, 0, 1)``;
    the target is the value of largest magnitude (ties keep the earlier bump).
    """
    pts = np.asarray(points, dtype=np.float64)
    target = np.zeros(len(pts))
    for cx, cy, sign in _REG_GAUSSIANS:
        value = sign * np.clip(1.0 - np.hypot(pts[:, 0] - cx, pts[:, 1] - cy) / 2.0, 0.0, 1.0)
        target = np.where(np.abs(value) > np.abs(target), value, target)
    return target.astype(np.float32)


# --------------------------------------------------------------------------- generators
# Each returns (points (n, 2) float64, labels (n,)) in generation order.


def _circle(rng: np.random.Generator, n: int, noise: float) -> _Points:
    """Inner disc r ~ U(0, 2.5) and ring r ~ U(3.5, 5); label = |p + eps| < 2.5, eps ~ U(-5,5)*noise."""
    radius = 5.0
    n_in, n_out = _halves(n)
    parts = []
    for count, (r_lo, r_hi) in (
        (n_in, (0.0, radius * 0.5)),
        (n_out, (radius * 0.7, radius)),
    ):
        r = rng.uniform(r_lo, r_hi, size=count)
        angle = rng.uniform(0.0, 2.0 * np.pi, size=count)
        parts.append(_polar(r, angle))
    points = np.concatenate(parts)
    noisy = points + _uniform_noise(rng, n, radius, noise)
    labels = (np.hypot(noisy[:, 0], noisy[:, 1]) < radius * 0.5).astype(np.int64)
    return points, labels


def _xor(rng: np.random.Generator, n: int, noise: float) -> _Points:
    """x, y ~ U(-5, 5) pushed 0.3 off the axes; label = (x+eps_x)(y+eps_y) >= 0, eps ~ U(-5,5)*noise."""
    padding = 0.3
    points = rng.uniform(-5.0, 5.0, size=(n, 2))
    points += np.where(points > 0, padding, -padding)
    noisy = points + _uniform_noise(rng, n, 5.0, noise)
    labels = (noisy[:, 0] * noisy[:, 1] >= 0).astype(np.int64)
    return points, labels


def _gauss(rng: np.random.Generator, n: int, noise: float) -> _Points:
    """N((2,2), var) for class 1, N((-2,-2), var) for class 0; var = 0.5 + noise/0.5*3.5 (TFP's scale, extrapolated)."""
    variance = 0.5 + min(noise, MAX_NOISE) / 0.5 * 3.5
    n_pos, n_neg = _halves(n)
    centres = np.concatenate([np.full((n_pos, 2), 2.0), np.full((n_neg, 2), -2.0)])
    points = centres + np.sqrt(variance) * rng.standard_normal(size=(n, 2))
    return _clip(points), _binary_labels(n_pos, n_neg)


def _spiral(rng: np.random.Generator, n: int, noise: float) -> _Points:
    """Two arms, r = 5 i/m, t = 1.75 * 2pi * i/m + delta (delta 0: class 1, pi: class 0), noise U(-1,1)*noise."""
    parts = []
    n_pos, n_neg = _halves(n)
    for count, delta in ((n_pos, 0.0), (n_neg, np.pi)):
        frac = np.arange(count) / count
        parts.append(_polar(5.0 * frac, 1.75 * 2.0 * np.pi * frac + delta))
    points = np.concatenate(parts) + _uniform_noise(rng, n, 1.0, noise)
    return _clip(points), _binary_labels(n_pos, n_neg)


def _moons(rng: np.random.Generator, n: int, noise: float) -> _Points:
    """sklearn ``make_moons`` geometry (random angles) scaled by 3.3 and centred; Gaussian noise, std = 2*noise.

    Class 1 is the upper moon (``(cos t, sin t)``), class 0 the lower one
    (``(1 - cos t, 0.5 - sin t)``), t ~ U(0, pi). After centring at (0.5, 0.25)
    and scaling, the moons span x in [-4.95, 4.95] and y in [-2.5, 2.5].
    """
    scale = 3.3
    n_pos, n_neg = _halves(n)
    t = rng.uniform(0.0, np.pi, size=n)
    t_pos, t_neg = t[:n_pos], t[n_pos:]
    upper = np.stack([np.cos(t_pos), np.sin(t_pos)], axis=1)
    lower = np.stack([1.0 - np.cos(t_neg), 0.5 - np.sin(t_neg)], axis=1)
    points = (np.concatenate([upper, lower]) - np.array([0.5, 0.25])) * scale
    points += rng.standard_normal(size=(n, 2)) * (2.0 * noise)
    return _clip(points), _binary_labels(n_pos, n_neg)


def _blobs(k: int) -> _Generator:
    """k Gaussian clusters, centres on a circle of radius 3.5 at angles pi/2 + 2pi j/k, std = 0.6 + 3*noise."""

    def generate(rng: np.random.Generator, n: int, noise: float) -> _Points:
        sizes = [n // k + (1 if j < n % k else 0) for j in range(k)]
        labels = np.repeat(np.arange(k, dtype=np.int64), sizes)
        angles = np.pi / 2 + 2.0 * np.pi * labels / k
        centres = 3.5 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
        points = centres + (0.6 + 3.0 * noise) * rng.standard_normal(size=(n, 2))
        return _clip(points), labels

    generate.__doc__ = _blobs.__doc__
    return generate


def _reg_plane(rng: np.random.Generator, n: int, noise: float) -> _Points:
    """x, y ~ U(-6, 6); target = (x + nx + y + ny) / 10 clipped to [-1, 1], nx, ny ~ U(-6, 6)*noise."""
    points = rng.uniform(-DOMAIN, DOMAIN, size=(n, 2))
    noisy = points + _uniform_noise(rng, n, DOMAIN, noise)
    return points, reg_plane_target(noisy)


def _reg_gauss(rng: np.random.Generator, n: int, noise: float) -> _Points:
    """x, y ~ U(-6, 6); target = the bump value of largest magnitude, sign * clamp(1 - dist/2, 0, 1)."""
    points = rng.uniform(-DOMAIN, DOMAIN, size=(n, 2))
    noisy = points + _uniform_noise(rng, n, DOMAIN, noise)
    return points, reg_gauss_target(noisy)


_GENERATORS: dict[str, _Generator] = {
    "circle": _circle,
    "xor": _xor,
    "gauss": _gauss,
    "spiral": _spiral,
    "moons": _moons,
    "blobs3": _blobs(3),
    "blobs4": _blobs(4),
    "reg-plane": _reg_plane,
    "reg-gauss": _reg_gauss,
}


# --------------------------------------------------------------------------- public API


def _check_int(value: object, what: str) -> int:
    """``value`` as a Python int; TypeError for bools, floats and other non-integers."""
    if isinstance(value, bool):
        raise TypeError(f"{what} must be an integer, got {value!r}")
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(f"{what} must be an integer, got {value!r}") from None


def _check_args(name: str, n_points: int, noise: float, seed: int) -> tuple[int, float, int]:
    _check_name(name)
    n_points = _check_int(n_points, "n_points")
    if not MIN_POINTS <= n_points <= MAX_POINTS:
        raise ValueError(f"n_points must be between {MIN_POINTS} and {MAX_POINTS}, got {n_points}")
    noise = float(noise)
    if not 0.0 <= noise <= MAX_NOISE:  # also rejects NaN
        raise ValueError(f"noise must be a fraction in [0, {MAX_NOISE}], got {noise}")
    seed = _check_int(seed, "seed")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed}")
    return n_points, noise, seed


def generate_points(name: str, n_points: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Generate all points of data set ``name``, unshuffled (class 1 first for binary sets).

    Args:
        name: key from ``CLASSIFICATION_SETS`` or ``REGRESSION_SETS``.
        n_points: number of points, 4..5000.
        noise: noise fraction in ``[0, 0.8]`` (TFP slider / 100).
        seed: non-negative integer; the only source of randomness is
            ``np.random.default_rng(seed)``.

    Returns:
        ``(points, labels)``: points ``(n_points, 2)`` float32 in ``[-DOMAIN, DOMAIN]``;
        labels ``(n_points,)`` int64 class indices, or float32 targets in ``[-1, 1]``.

    Raises:
        ValueError: unknown name, ``n_points`` outside 4..5000, ``noise`` outside
            ``[0, 0.8]`` or a negative seed.
        TypeError: ``n_points`` or ``seed`` is not an integer (bools rejected).
    """
    n_points, noise, seed = _check_args(name, n_points, noise, seed)
    rng = np.random.default_rng(seed)
    points, labels = _GENERATORS[name](rng, n_points, noise)
    label_dtype = np.float32 if name in REGRESSION_SETS else np.int64
    return points.astype(np.float32), labels.astype(label_dtype)


def make_dataset(name: str, n_points: int, noise: float, train_fraction: float, seed: int) -> Dataset:
    """Generate, shuffle once and split data set ``name`` into train and test parts.

    The shuffle uses a generator derived from ``seed`` (``default_rng((seed, 1))``),
    independent of the one that drew the points. ``n_train = round(n_points *
    train_fraction)`` clamped to ``[1, n_points - 1]``; the rest is the test set.
    Identical arguments give bit-identical arrays.

    Raises:
        ValueError: as ``generate_points``, or ``train_fraction`` outside ``[0.1, 0.9]``.
    """
    train_fraction = float(train_fraction)
    if not MIN_TRAIN_FRACTION <= train_fraction <= MAX_TRAIN_FRACTION:
        raise ValueError(
            f"train_fraction must be in [{MIN_TRAIN_FRACTION}, {MAX_TRAIN_FRACTION}], got {train_fraction}"
        )
    points, labels = generate_points(name, n_points, noise, seed)
    n = len(points)
    order = np.random.default_rng((int(seed), 1)).permutation(n)
    points, labels = points[order], labels[order]
    n_train = min(max(round(n * train_fraction), 1), n - 1)
    return Dataset(
        name=name,
        x_train=points[:n_train],
        y_train=labels[:n_train],
        x_test=points[n_train:],
        y_test=labels[n_train:],
        n_classes=_N_CLASSES[name],
        seed=int(seed),
        noise=float(noise),
    )
