"""The slides' small data sets and seeded generators (every random one takes a seed).

Shapes: ``x`` is (n,) for one feature or (n, d) for several, ``y`` is (n,).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.datasets import make_blobs

from engine.neuron.data import HOUSE as SLIDES_003_HOUSES


@dataclass(frozen=True)
class Dataset1D:
    """One input, one target, with names and units for axes and tables."""

    x: np.ndarray
    y: np.ndarray
    x_name: str
    y_name: str
    source: str


@dataclass(frozen=True)
class DatasetND:
    """Several named inputs (n, d) and one target (n,) or labels."""

    x: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    y_name: str
    source: str


# Slide 001 ("Supervised learning, example: housing prices").
HOUSE_AREA_FT2 = np.array([1210.0, 1450.0, 750.0, 1200.0, 1380.0, 840.0])
HOUSE_PRICE_K = np.array([234.0, 266.0, 172.0, 232.0, 257.0, 184.0])

# Slide 003 ("Can we use linear regression for classification?"): the tumor sizes of the table
# (1.1, 3.4 benign; 4.0, 4.3 malignant) plus four more chosen so that the least-squares line
# reproduces the slide's predictions (0.04, 0.48, 0.60, 0.65; with the 23 tumor 0.36, 0.46,
# 0.48, 0.49) to within 0.01.
TUMOR_SIZE = np.array([0.9, 1.1, 1.1, 3.4, 4.0, 4.3, 6.4, 6.9])
TUMOR_MALIGNANT = np.array([0, 0, 0, 0, 1, 1, 1, 1], dtype=float)
TUMOR_LARGE = 23.0
TUMOR_QUERY = (1.1, 3.4, 4.0, 4.3)
# For "why not MSE": the tumor data, centred at 3.7 cm, plus one small malignant tumor (1.7).
MSE_DEMO_X = np.append(TUMOR_SIZE, 1.7) - 3.7
MSE_DEMO_Y = np.append(TUMOR_MALIGNANT, 1.0)

# Slide 003 sigmoid table and binary cross-entropy table (y, y_hat).
SIGMOID_TABLE_Z = (-10.0, -8.0, -4.0, 0.0, 0.5, 1.0, 5.0)
BCE_TABLE = (
    (1, 0.99999),
    (1, 0.7),
    (1, 0.1),
    (1, 0.000001),
    (0, 0.000001),
    (0, 0.3),
    (0, 0.9),
    (0, 0.999999),
)
# Slide 003 "MSE still?": squared errors of a sigmoid output (y, y_hat).
MSE_TABLE = ((1, 0.0), (1, 0.2), (1, 0.9))


def house_prices() -> Dataset1D:
    return Dataset1D(HOUSE_AREA_FT2, HOUSE_PRICE_K, "area (ft²)", "price ($1000s)", "slide 001: six houses")


def house_prices_003() -> Dataset1D:
    """Slides 003's eight houses (size -> price), the table of its loss-function slides.

    The same table as the Hello TensorFlow page's (``engine.neuron.data.HOUSE``), in float64.
    """
    h = SLIDES_003_HOUSES
    x, y = h.x.astype(float).round(6), h.y.astype(float).round(6)  # float32 1.8 -> 1.8
    return Dataset1D(x, y, h.x_name, h.y_name, "slides 003: eight houses")


def balloons(seed: int, n: int = 20, noise: float = 3.0) -> Dataset1D:
    """Balloon weight (g, 5-45) vs the height it reaches (m); the slides give no numbers, so generated."""
    rng = np.random.default_rng(seed)
    weight = rng.uniform(5.0, 45.0, n)
    height = 95.0 - 1.6 * weight + rng.normal(0.0, noise, n)
    return Dataset1D(weight, height, "balloon weight (g)", "height reached (m)", f"generated (seed {seed})")


def line_data(seed: int, n: int = 30, noise: float = 2.0) -> Dataset1D:
    """Points around the slides' line y = 2x + 1 for x in [-1, 10], Gaussian noise of std ``noise``."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-1.0, 10.0, n))
    y = 2.0 * x + 1.0 + rng.normal(0.0, noise, n)
    return Dataset1D(x, y, "x", "y", f"generated around y = 2x + 1 (seed {seed})")


def house_multivariate(seed: int, n: int = 100) -> DatasetND:
    """Area (m², 22-300), bedrooms (1-5), age (years, 1-115) -> price (x10k); the slide's ranges."""
    rng = np.random.default_rng(seed)
    area = rng.uniform(22.0, 300.0, n)
    bedrooms = np.clip(np.round(1 + area / 70.0 + rng.normal(0.0, 0.6, n)), 1, 5)
    age = rng.uniform(1.0, 115.0, n)
    price = 20.0 + 0.9 * area + 8.0 * bedrooms - 0.5 * age + rng.normal(0.0, 12.0, n)
    return DatasetND(
        np.column_stack([area, bedrooms, age]),
        price,
        ("area (m²)", "bedrooms", "age (years)"),
        "price (x10k)",
        f"generated with the slide's ranges (seed {seed})",
    )


def admissions(seed: int, n: int = 100) -> DatasetND:
    """Two exam scores (0-100) and admitted 1/0, like the slides' 100-student notebook (generated)."""
    rng = np.random.default_rng(seed)
    scores = rng.uniform(30.0, 100.0, (n, 2))
    logit = (scores[:, 0] + 1.1 * scores[:, 1] - 140.0) / 6.0
    admitted = (rng.uniform(0.0, 1.0, n) < 1.0 / (1.0 + np.exp(-logit))).astype(float)
    return DatasetND(
        scores, admitted, ("exam 1 score", "exam 2 score"), "admitted", f"generated (seed {seed})"
    )


def blobs3(seed: int, n: int = 150, spread: float = 1.6) -> DatasetND:
    """Three Gaussian blobs in 2-D (labels 0, 1, 2), via scikit-learn's ``make_blobs``."""
    centers = np.array([[-3.0, -2.0], [3.0, -1.5], [0.0, 3.0]])
    x, y = make_blobs(n_samples=n, centers=centers, cluster_std=spread, random_state=seed)
    return DatasetND(x, y.astype(float), ("x₁", "x₂"), "class", f"3 blobs (seed {seed})")
