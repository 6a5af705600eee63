"""The MNIST lab's configuration: one frozen dataclass that round-trips through the URL."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from engine.mnist.data import DATASETS
from engine.mnist.models import ACTIVATIONS, MODELS, ModelSpec
from engine.url_values import decode_scalar

OPTIMIZERS: dict[str, str] = {"sgd": "SGD", "adam": "Adam", "rmsprop": "RMSprop"}
LEARNING_RATES: tuple[float, ...] = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
BATCH_SIZES: tuple[int, ...] = (8, 16, 32, 64, 128, 256, 512)
HIDDEN_UNITS: tuple[int, ...] = (16, 32, 64, 128, 256, 512, 1024)
TRAIN_SIZES: tuple[int, ...] = (500, 1000, 2000, 4000, 10000, 20000, 60000)
MAX_EPOCHS = 30
MAX_DROPOUT = 0.7
VALIDATION_FRACTION = 0.1  #: share of the training images held back for the validation curves


class ConfigError(ValueError):
    """A configuration value is out of range; the message says which and why."""


@dataclasses.dataclass(frozen=True)
class LabConfig:
    """Everything that defines a lab experiment (``browse`` only picks the digit on show)."""

    dataset: str = "mnist"
    model: str = "cnn_small"
    activation: str = "relu"
    hidden_units: int = 128
    dropout: float = 0.0
    optimizer: str = "adam"
    learning_rate: float = 0.001
    epochs: int = 8
    batch_size: int = 64
    normalize: bool = True
    flatten: bool = True
    train_size: int = 4000
    seed: int = 1
    browse: int = 0

    @property
    def spec(self) -> ModelSpec:
        return ModelSpec(self.model, self.activation, self.hidden_units, self.dropout, self.flatten)

    def training_key(self) -> tuple[Any, ...]:
        """Everything a run depends on (all fields but ``browse``)."""
        return tuple(getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "browse")

    def validated(self) -> LabConfig:
        """Return self if every value is in range, else raise :class:`ConfigError`."""
        checks = [
            (self.dataset in DATASETS, f"unknown data set {self.dataset!r}"),
            (self.model in MODELS, f"unknown model {self.model!r}"),
            (self.activation in ACTIVATIONS, f"unknown activation {self.activation!r}"),
            (self.hidden_units in HIDDEN_UNITS, f"hidden units must be one of {HIDDEN_UNITS}"),
            (0.0 <= self.dropout <= MAX_DROPOUT, f"dropout must be 0-{MAX_DROPOUT}"),
            (self.optimizer in OPTIMIZERS, f"unknown optimizer {self.optimizer!r}"),
            (
                math.isfinite(self.learning_rate) and 0.0 < self.learning_rate <= 1.0,
                "the learning rate must be in (0, 1]",
            ),
            (1 <= self.epochs <= MAX_EPOCHS, f"epochs must be 1-{MAX_EPOCHS}"),
            (self.batch_size in BATCH_SIZES, f"the batch size must be one of {BATCH_SIZES}"),
            (self.train_size in TRAIN_SIZES, f"training images must be one of {TRAIN_SIZES}"),
            (0 <= self.seed < 2**31, "the seed must be a non-negative integer"),
            (0 <= self.browse < 10**6, "the digit index must be 0-999999"),
        ]
        for ok, why in checks:
            if not ok:
                raise ConfigError(why)
        return self

    def to_params(self) -> dict[str, str]:
        """Query parameters for a shareable link (only values that differ from defaults)."""
        default = LabConfig()
        return {
            _PARAMS[f.name]: _encode(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != getattr(default, f.name)
        }

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> tuple[LabConfig, list[str]]:
        """Parse query parameters; bad values fall back to defaults and are reported."""
        default = cls()
        values: dict[str, Any] = {}
        problems: list[str] = []
        for field in dataclasses.fields(cls):
            key = _PARAMS[field.name]
            if key not in params:
                continue
            try:
                candidate = decode_scalar(params[key], getattr(default, field.name))
                dataclasses.replace(default, **{field.name: candidate}).validated()
            except (ValueError, TypeError) as err:
                problems.append(f"ignored {key}={params[key]!r}: {err}")
                continue
            values[field.name] = candidate
        return dataclasses.replace(default, **values), problems


_PARAMS: dict[str, str] = {
    "dataset": "data",
    "model": "model",
    "activation": "act",
    "hidden_units": "units",
    "dropout": "drop",
    "optimizer": "opt",
    "learning_rate": "lr",
    "epochs": "epochs",
    "batch_size": "bs",
    "normalize": "norm",
    "flatten": "flatten",
    "train_size": "n",
    "seed": "seed",
    "browse": "digit",
}


def _encode(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value)
    return str(value)


DRAW_MODELS: dict[str, str] = {
    "pretrained": "Pretrained CNN (bundled)",
    "lab": "The model trained in the MNIST lab",
}
DRAW_SOURCES: dict[str, str] = {"canvas": "Draw on the canvas", "test": "A held-out test digit"}
MIN_STROKE, MAX_STROKE = 6, 40


@dataclasses.dataclass(frozen=True)
class DrawConfig:
    """The draw page's settings (the drawing itself is not part of the link)."""

    stroke_width: int = 20
    preprocess: bool = True
    model: str = "pretrained"
    source: str = "canvas"
    sample: int = 0
    show_path: bool = True

    def validated(self) -> DrawConfig:
        checks = [
            (
                MIN_STROKE <= self.stroke_width <= MAX_STROKE,
                f"the stroke width must be {MIN_STROKE}-{MAX_STROKE}",
            ),
            (self.model in DRAW_MODELS, f"unknown model {self.model!r}"),
            (self.source in DRAW_SOURCES, f"unknown source {self.source!r}"),
            (0 <= self.sample < 10**6, "the test digit index must be 0-999999"),
        ]
        for ok, why in checks:
            if not ok:
                raise ConfigError(why)
        return self

    def to_params(self) -> dict[str, str]:
        default = DrawConfig()
        return {
            _DRAW_PARAMS[f.name]: _encode(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != getattr(default, f.name)
        }

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> tuple[DrawConfig, list[str]]:
        default = cls()
        values: dict[str, Any] = {}
        problems: list[str] = []
        for field in dataclasses.fields(cls):
            key = _DRAW_PARAMS[field.name]
            if key not in params:
                continue
            try:
                candidate = decode_scalar(params[key], getattr(default, field.name))
                dataclasses.replace(default, **{field.name: candidate}).validated()
            except (ValueError, TypeError) as err:
                problems.append(f"ignored {key}={params[key]!r}: {err}")
                continue
            values[field.name] = candidate
        return dataclasses.replace(default, **values), problems


_DRAW_PARAMS: dict[str, str] = {
    "stroke_width": "stroke",
    "preprocess": "prep",
    "model": "model",
    "source": "src",
    "sample": "test",
    "show_path": "path",
}
