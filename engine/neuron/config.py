"""The two single-neuron pages' settings, each declared once (URL key, range, label).

See :mod:`engine.urlstate`: the table below drives validation, the link and the widgets.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from engine.neuron.data import DATASETS
from engine.urlstate import ConfigError, UrlConfig, setting

__all__ = ["ConfigError", "GatesConfig", "NeuronConfig"]

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
MAX_SEED = 2**31 - 1


@dataclasses.dataclass(frozen=True)
class NeuronConfig(UrlConfig):
    """One ``Dense(1)`` neuron trained with SGD on a 1-D data set (the Hello TensorFlow page).

    Attributes:
        dataset: a key of :data:`engine.neuron.data.DATASETS`.
        learning_rate: SGD step size (the slides use 0.02).
        epochs: stop after this many epochs (``model.fit(x, y, epochs=500)``).
        speed: epochs per second while playing (so a learner can watch it).
        seed: seed of the initial weight (Glorot uniform, as Keras's default).
        x_query: an extra input of the learner's choice to predict.
    """

    dataset: str = setting(
        "line",
        key="data",
        choices={key: data.label for key, data in DATASETS.items()},
        widget="radio",
        label="Data",
        help="Both are the slides' own numbers, bundled with the app.",
        describe="data set",
    )
    learning_rate: float = setting(
        0.02,
        key="lr",
        choices=LEARNING_RATES,
        grid=True,
        label="Learning rate (SGD)",
        help="keras.optimizers.SGD(learning_rate=...). The slides use 0.02. Changes apply live.",
        describe="the learning rate",
    )
    epochs: int = setting(
        500,
        low=1,
        high=MAX_EPOCHS,
        widget="number",
        step=100,
        label="Epochs (model.fit(..., epochs=))",
        help="The run stops here, as model.fit does. Raise it to keep training.",
        describe="the number of epochs",
    )
    speed: int = setting(
        50,
        choices=SPEEDS,
        grid=True,
        label="Animation speed (epochs per second)",
        help="Only how fast you watch it: the math of each epoch is the same.",
        describe="the speed (epochs per second)",
    )
    seed: int = setting(
        1,
        low=0,
        high=MAX_SEED,
        widget="number",
        step=1,
        label="Weight seed",
        help="Seeds the initial weight (Glorot uniform, Keras's default). Same seed, same run.",
        describe="the seed",
    )
    x_query: float = setting(
        6.0,
        key="x",
        low=-X_LIMIT,
        high=X_LIMIT,
        widget="number",
        step=1.0,
        label="Predict y for your own x",
        help="The neuron's prediction for this input is shown live.",
        describe="x",
    )

    def model_key(self) -> tuple[Any, ...]:
        """What needs a new run; everything else changes on the running neuron."""
        return (self.dataset, self.seed)


GATES: tuple[str, ...] = ("AND", "OR", "NAND", "NOR", "XOR")
MODES: dict[str, str] = {"manual": "Set the weights by hand", "train": "Train them (gradient descent)"}
WEIGHT_LIMIT = 50.0
WEIGHT_STEP = 0.5
GATE_LEARNING_RATES: tuple[float, ...] = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


def _weight(default: float, label: str, noun: str) -> Any:
    return setting(
        default,
        low=-WEIGHT_LIMIT,
        high=WEIGHT_LIMIT,
        step=WEIGHT_STEP,
        widget="slider",
        label=label,
        describe=noun,
    )


@dataclasses.dataclass(frozen=True)
class GatesConfig(UrlConfig):
    """The logic-gates page: one sigmoid neuron (and, for XOR, a 2-1 network) on the four inputs.

    Attributes:
        gate: which truth table is the target.
        mode: "manual" (the weights below) or "train" (seeded gradient descent on cross-entropy).
        w1, w2, b: the single neuron's hand-set weights and bias.
        learning_rate, epochs, seed: training settings for "train".
    """

    gate: str = setting("AND", choices=GATES, widget="radio", label="Target gate", describe="gate")
    mode: str = setting("manual", choices=MODES, widget="radio", label="Weights", describe="mode")
    w1: float = _weight(20.0, "w1 (weight of x1)", "w1")
    w2: float = _weight(20.0, "w2 (weight of x2)", "w2")
    b: float = _weight(-30.0, "b (bias)", "the bias b")
    learning_rate: float = setting(
        1.0,
        key="lr",
        choices=GATE_LEARNING_RATES,
        grid=True,
        label="Learning rate",
        describe="the learning rate",
    )
    epochs: int = setting(
        2000,
        low=1,
        high=MAX_EPOCHS,
        widget="number",
        step=500,
        label="Epochs (full batch: 4 rows)",
        describe="the number of epochs",
    )
    seed: int = setting(
        1,
        low=0,
        high=MAX_SEED,
        widget="number",
        step=1,
        label="Seed of the initial weights",
        describe="the seed",
    )
