"""The three pages' frozen configurations (URL round trip via :mod:`engine.basics.params`)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping

from engine.basics import params
from engine.basics.functions import FUNCTIONS
from engine.basics.gd import METHODS
from engine.basics.params import ConfigError, check
from engine.basics.scaling import SCALINGS

__all__ = ["DATASETS", "ConfigError", "GDConfig", "LinearConfig", "LogisticConfig"]

DATASETS: dict[str, str] = {
    "house": "House prices (slide 001: area → price)",
    "balloon": "Balloons (weight → height, generated)",
    "line": "Generated around y = 2x + 1 (noise slider)",
    "csv": "Upload a CSV",
}


def _lr_ok(lr: float, high: float) -> bool:
    return math.isfinite(lr) and 0.0 < lr <= high


@dataclasses.dataclass(frozen=True)
class GDConfig:
    """Gradient descent on f(x): start ``x0``, learning rate ``lr``, ``steps`` updates."""

    fn: str = "parabola"
    x0: float = 0.0
    lr: float = 0.1
    steps: int = 30

    def validated(self) -> GDConfig:
        check(
            [
                (self.fn in FUNCTIONS, f"unknown function {self.fn!r}"),
                (math.isfinite(self.x0) and abs(self.x0) <= 20.0, "the start must be in [-20, 20]"),
                (_lr_ok(self.lr, 2.0), "the learning rate must be in (0, 2]"),
                (1 <= self.steps <= 200, "the number of steps must be 1-200"),
            ]
        )
        return self

    def to_params(self) -> dict[str, str]:
        return params.to_params(self)

    @classmethod
    def from_params(cls, query: Mapping[str, str]) -> tuple[GDConfig, list[str]]:
        return params.from_params(cls, query)


@dataclasses.dataclass(frozen=True)
class LinearConfig:
    """Linear regression page: data, manual line, gradient descent, and the multivariate demo."""

    data: str = "house"
    noise: float = 2.0
    n: int = 30
    seed: int = 1
    w: float = 0.1
    b: float = 60.0
    method: str = "batch"
    batch: int = 2
    lr: float = 0.1
    epochs: int = 60
    scaling: str = "standardize"
    mv_scaling: str = "none"

    def validated(self) -> LinearConfig:
        check(
            [
                (self.data in DATASETS, f"unknown data set {self.data!r}"),
                (0.0 <= self.noise <= 20.0, "the noise must be 0-20"),
                (5 <= self.n <= 500, "the number of points must be 5-500"),
                (0 <= self.seed < 2**31, "the seed must be a non-negative integer"),
                (math.isfinite(self.w) and abs(self.w) <= 1e6, "w must be a finite number"),
                (math.isfinite(self.b) and abs(self.b) <= 1e6, "b must be a finite number"),
                (self.method in METHODS, f"unknown method {self.method!r}"),
                (1 <= self.batch <= 256, "the batch size must be 1-256"),
                (_lr_ok(self.lr, 10.0), "the learning rate must be in (0, 10]"),
                (1 <= self.epochs <= 500, "the number of epochs must be 1-500"),
                (self.scaling in SCALINGS, f"unknown scaling {self.scaling!r}"),
                (self.mv_scaling in SCALINGS, f"unknown scaling {self.mv_scaling!r}"),
            ]
        )
        return self

    def to_params(self) -> dict[str, str]:
        return params.to_params(self)

    @classmethod
    def from_params(cls, query: Mapping[str, str]) -> tuple[LinearConfig, list[str]]:
        return params.from_params(cls, query)


@dataclasses.dataclass(frozen=True)
class LogisticConfig:
    """Logistic regression page: tumor demo, admissions training, threshold, multi-class."""

    big_tumor: bool = False
    seed: int = 1
    lr: float = 0.5
    epochs: int = 100
    method: str = "batch"
    batch: int = 10
    threshold: float = 0.5
    mc_spread: float = 1.6
    mc_lr: float = 0.5
    mc_epochs: int = 200

    def validated(self) -> LogisticConfig:
        check(
            [
                (0 <= self.seed < 2**31, "the seed must be a non-negative integer"),
                (_lr_ok(self.lr, 50.0), "the learning rate must be in (0, 50]"),
                (1 <= self.epochs <= 500, "the number of epochs must be 1-500"),
                (self.method in METHODS, f"unknown method {self.method!r}"),
                (1 <= self.batch <= 100, "the batch size must be 1-100"),
                (0.01 <= self.threshold <= 0.99, "the threshold must be 0.01-0.99"),
                (0.3 <= self.mc_spread <= 4.0, "the blob spread must be 0.3-4"),
                (_lr_ok(self.mc_lr, 10.0), "the multi-class learning rate must be in (0, 10]"),
                (10 <= self.mc_epochs <= 2000, "the multi-class epochs must be 10-2000"),
            ]
        )
        return self

    def to_params(self) -> dict[str, str]:
        return params.to_params(self)

    @classmethod
    def from_params(cls, query: Mapping[str, str]) -> tuple[LogisticConfig, list[str]]:
        return params.from_params(cls, query)
