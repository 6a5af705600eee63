"""Frozen, URL-round-tripping configurations of the two single-neuron pages."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from engine.neuron import params
from engine.neuron.data import DATASETS

LEARNING_RATES: tuple[float, ...] = (
    0.0005,
    0.001,
    0.002,
    0.005,
    0.01,
    0.015,
    0.02,
    0.022,
    0.024,
    0.026,
    0.03,
    0.05,
    0.1,
)
SPEEDS: tuple[int, ...] = (10, 25, 50, 100, 250, 1000)  #: epochs per second while playing
MAX_EPOCHS = 20000
X_LIMIT = 1e4


class ConfigError(ValueError):
    """A setting is out of range; the message says which and why."""


@dataclasses.dataclass(frozen=True)
class NeuronConfig:
    """One ``Dense(1)`` neuron trained with SGD on a 1-D data set (the Hello TensorFlow page).

    Attributes:
        dataset: a key of :data:`engine.neuron.data.DATASETS`.
        learning_rate: SGD step size (the slides use 0.02).
        epochs: stop after this many epochs (``model.fit(x, y, epochs=500)``).
        speed: epochs per second while playing (so a learner can watch it).
        seed: seed of the initial weight (Glorot uniform, as Keras's default).
        x_query: an extra input of the learner's choice to predict.
    """

    dataset: str = "line"
    learning_rate: float = 0.02
    epochs: int = 500
    speed: int = 50
    seed: int = 1
    x_query: float = 6.0

    def validated(self) -> NeuronConfig:
        checks = [
            (self.dataset in DATASETS, f"unknown data set {self.dataset!r}"),
            (
                self.learning_rate in LEARNING_RATES,
                f"the learning rate must be one of {', '.join(f'{v:g}' for v in LEARNING_RATES)}",
            ),
            (1 <= self.epochs <= MAX_EPOCHS, f"epochs must be 1-{MAX_EPOCHS}"),
            (self.speed in SPEEDS, f"speed must be one of {', '.join(map(str, SPEEDS))} epochs/s"),
            (0 <= self.seed < 2**31, "the seed must be a non-negative integer"),
            (
                math.isfinite(self.x_query) and abs(self.x_query) <= X_LIMIT,
                f"x must be a number between -{X_LIMIT:g} and {X_LIMIT:g}",
            ),
        ]
        for ok, why in checks:
            if not ok:
                raise ConfigError(why)
        return self

    def model_key(self) -> tuple[Any, ...]:
        """What needs a new run; everything else changes on the running neuron."""
        return (self.dataset, self.seed)

    def to_params(self) -> dict[str, str]:
        return params.to_params(self, _NEURON_PARAMS)

    @classmethod
    def from_params(cls, query: Mapping[str, str]) -> tuple[NeuronConfig, list[str]]:
        return params.from_params(cls, query, _NEURON_PARAMS)


_NEURON_PARAMS = {
    "dataset": "data",
    "learning_rate": "lr",
    "epochs": "epochs",
    "speed": "speed",
    "seed": "seed",
    "x_query": "x",
}

GATES: tuple[str, ...] = ("AND", "OR", "NAND", "NOR", "XOR")
MODES: dict[str, str] = {"manual": "Set the weights by hand", "train": "Train them (gradient descent)"}
WEIGHT_LIMIT = 50.0
GATE_LEARNING_RATES: tuple[float, ...] = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


@dataclasses.dataclass(frozen=True)
class GatesConfig:
    """The logic-gates page: one sigmoid neuron (and, for XOR, a 2-1 network) on the four inputs.

    Attributes:
        gate: which truth table is the target.
        mode: "manual" (the weights below) or "train" (seeded gradient descent on cross-entropy).
        w1, w2, b: the single neuron's hand-set weights and bias.
        learning_rate, epochs, seed: training settings for "train".
    """

    gate: str = "AND"
    mode: str = "manual"
    w1: float = 20.0
    w2: float = 20.0
    b: float = -30.0
    learning_rate: float = 1.0
    epochs: int = 2000
    seed: int = 1

    def validated(self) -> GatesConfig:
        checks = [
            (self.gate in GATES, f"unknown gate {self.gate!r}"),
            (self.mode in MODES, f"unknown mode {self.mode!r}"),
            (
                all(math.isfinite(v) and abs(v) <= WEIGHT_LIMIT for v in (self.w1, self.w2, self.b)),
                f"weights and bias must be between -{WEIGHT_LIMIT:g} and {WEIGHT_LIMIT:g}",
            ),
            (
                self.learning_rate in GATE_LEARNING_RATES,
                f"the learning rate must be one of {', '.join(f'{v:g}' for v in GATE_LEARNING_RATES)}",
            ),
            (1 <= self.epochs <= MAX_EPOCHS, f"epochs must be 1-{MAX_EPOCHS}"),
            (0 <= self.seed < 2**31, "the seed must be a non-negative integer"),
        ]
        for ok, why in checks:
            if not ok:
                raise ConfigError(why)
        return self

    def to_params(self) -> dict[str, str]:
        return params.to_params(self, _GATES_PARAMS)

    @classmethod
    def from_params(cls, query: Mapping[str, str]) -> tuple[GatesConfig, list[str]]:
        return params.from_params(cls, query, _GATES_PARAMS)


_GATES_PARAMS = {
    "gate": "gate",
    "mode": "mode",
    "w1": "w1",
    "w2": "w2",
    "b": "b",
    "learning_rate": "lr",
    "epochs": "epochs",
    "seed": "seed",
}
