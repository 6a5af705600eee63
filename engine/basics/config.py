"""The three basics pages' settings, each declared once (URL key, range, choices, label).

:class:`engine.urlstate.UrlConfig` turns each table into the page's URL round trip,
its validation and its widgets. The URL keys are the field names, as they were in
the links shared before this table existed.
"""

from __future__ import annotations

import dataclasses

from engine.basics.functions import FUNCTIONS
from engine.basics.gd import METHODS
from engine.basics.scaling import SCALINGS
from engine.urlstate import ConfigError, UrlConfig, setting

__all__ = ["DATASETS", "ConfigError", "GDConfig", "LinearConfig", "LogisticConfig"]

DATASETS: dict[str, str] = {
    "house": "House prices (slide 001: area → price)",
    "house8": "House prices (slides 003: size → price, 8 houses)",
    "balloon": "Balloons (weight → height, generated)",
    "line": "Generated around y = 2x + 1 (noise slider)",
    "csv": "Upload a CSV",
}
#: Data sets drawn from a seed (and a number of points).
GENERATED = ("balloon", "line")
SEED_MAX = 2**31 - 1


@dataclasses.dataclass(frozen=True)
class GDConfig(UrlConfig):
    """Gradient descent on f(x): start ``x0``, learning rate ``lr``, ``steps`` updates."""

    fn: str = setting(
        "parabola",
        choices={key: f.label for key, f in FUNCTIONS.items()},
        label="Function f(x)",
        describe="function",
    )
    x0: float = setting(0.0, low=-20.0, high=20.0, label="Start x₀", describe="the start")
    lr: float = setting(
        0.1,
        low=0.0,
        high=2.0,
        low_open=True,
        label="Learning rate (lr)",
        help="How far each step moves: x_new = x − lr · f′(x).",
        describe="the learning rate",
    )
    steps: int = setting(30, low=1, high=200, label="Steps", describe="the number of steps")


@dataclasses.dataclass(frozen=True)
class LinearConfig(UrlConfig):
    """Linear regression page: data, manual line, gradient descent, and the multivariate demo."""

    data: str = setting("house", choices=DATASETS, label="Data set", describe="data set")
    noise: float = setting(2.0, low=0.0, high=20.0, label="Noise (std)", describe="the noise")
    n: int = setting(30, low=5, high=500, label="Points", describe="the number of points")
    seed: int = setting(1, low=0, high=SEED_MAX, label="Seed", describe="the seed")
    w: float = setting(0.1, low=-1e6, high=1e6, label="Slope w", describe="w")
    b: float = setting(60.0, low=-1e6, high=1e6, label="Intercept b", describe="b")
    method: str = setting("batch", choices=METHODS, label="Method", describe="method")
    batch: int = setting(2, low=1, high=256, label="Batch size", describe="the batch size")
    lr: float = setting(
        0.1, low=0.0, high=10.0, low_open=True, label="Learning rate", describe="the learning rate"
    )
    epochs: int = setting(60, low=1, high=500, label="Epochs", describe="the number of epochs")
    scaling: str = setting("standardize", choices=SCALINGS, label="Feature scaling of x", describe="scaling")
    mv_scaling: str = setting(
        "none", choices=SCALINGS, label="Feature scaling", widget="radio", describe="the multivariate scaling"
    )


@dataclasses.dataclass(frozen=True)
class LogisticConfig(UrlConfig):
    """Logistic regression page: tumor demo, admissions training, threshold, multi-class."""

    big_tumor: bool = setting(False, label="Add a 23 cm malignant tumor", widget="toggle")
    seed: int = setting(1, low=0, high=SEED_MAX, label="Data seed", describe="the seed")
    lr: float = setting(
        0.5, low=0.0, high=50.0, low_open=True, label="Learning rate", describe="the learning rate"
    )
    epochs: int = setting(100, low=1, high=500, label="Epochs", describe="the number of epochs")
    method: str = setting("batch", choices=METHODS, label="Method", describe="method")
    batch: int = setting(10, low=1, high=100, label="Batch size", describe="the batch size")
    threshold: float = setting(
        0.5,
        low=0.01,
        high=0.99,
        label="Probability threshold: admit when p ≥",
        help="The boundary is the line where the model's probability equals this threshold.",
        describe="the threshold",
        step=0.01,
    )
    mc_spread: float = setting(
        1.6, low=0.3, high=4.0, label="Blob spread", describe="the blob spread", step=0.1
    )
    mc_lr: float = setting(
        0.5,
        low=0.0,
        high=10.0,
        low_open=True,
        label="Learning rate ",
        describe="the multi-class learning rate",
    )
    mc_epochs: int = setting(
        200, low=10, high=2000, label="Epochs (batch)", describe="the multi-class epochs", step=10
    )
