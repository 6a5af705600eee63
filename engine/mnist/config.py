"""The MNIST pages' settings: one declared table per page (URL key, range or choices, label).

:class:`LabConfig` is the MNIST lab's experiment, :class:`DrawConfig` the Draw a digit page's
settings. Both round-trip through the URL with :class:`engine.urlstate.UrlConfig` (old links keep
their keys: ``data``, ``model``, ``act``, ... and ``stroke``, ``prep``, ``src``, ...).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from engine.mnist.data import DATASETS
from engine.mnist.models import ACTIVATIONS, MODEL_NAMES, MODELS, ModelSpec
from engine.urlstate import ConfigError, UrlConfig, setting

__all__ = ["ConfigError", "DrawConfig", "LabConfig"]

OPTIMIZERS: dict[str, str] = {"sgd": "SGD", "adam": "Adam", "rmsprop": "RMSprop"}
LEARNING_RATES: tuple[float, ...] = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
BATCH_SIZES: tuple[int, ...] = (8, 16, 32, 64, 128, 256, 512)
HIDDEN_UNITS: tuple[int, ...] = (16, 32, 64, 128, 256, 512, 1024)
TRAIN_SIZES: tuple[int, ...] = (500, 1000, 2000, 4000, 10000, 20000, 60000)
MAX_EPOCHS = 30
MAX_DROPOUT = 0.7
MAX_SEED = 2**31 - 1
MAX_INDEX = 10**6 - 1  #: the largest image index a link may ask for (the page caps it to its data)
VALIDATION_FRACTION = 0.1  #: share of the training images held back for the validation curves


@dataclasses.dataclass(frozen=True)
class LabConfig(UrlConfig):
    """Everything that defines a lab experiment (``browse`` only picks the digit on show)."""

    dataset: str = setting("mnist", key="data", choices=DATASETS, label="Data set", describe="data set")
    model: str = setting(
        "cnn_small",
        choices=MODEL_NAMES,
        label="Network",
        describe="network",
        help="  \n".join(f"**{MODEL_NAMES[k]}**: {MODELS[k]}" for k in MODEL_NAMES),
    )
    activation: str = setting(
        "relu", key="act", choices=ACTIVATIONS, label="Hidden activation", describe="activation"
    )
    hidden_units: int = setting(
        128,
        key="units",
        choices=HIDDEN_UNITS,
        grid=True,
        label="Hidden units",
        help="Width of the first hidden Dense layer (the LeNet layout fixes 120 and 84).",
        describe="the number of hidden units",
    )
    dropout: float = setting(
        0.0,
        key="drop",
        low=0.0,
        high=MAX_DROPOUT,
        step=0.05,
        label="Dropout after the hidden layer",
        help="During training, this share of the hidden units is switched off at random.",
        describe="dropout",
    )
    optimizer: str = setting("adam", key="opt", choices=OPTIMIZERS, label="Optimizer", describe="optimizer")
    learning_rate: float = setting(
        0.001,
        key="lr",
        choices=LEARNING_RATES,
        grid=True,
        label="Learning rate",
        describe="the learning rate",
    )
    epochs: int = setting(
        8, low=1, high=MAX_EPOCHS, step=1, widget="number", label="Epochs", describe="the number of epochs"
    )
    batch_size: int = setting(
        64,
        key="bs",
        choices=BATCH_SIZES,
        grid=True,
        widget="select",
        label="Batch size",
        describe="the batch size",
    )
    normalize: bool = setting(
        True,
        key="norm",
        label="Normalise pixels to 0-1",
        help="The slides divide by 255. Untick it for the 'no normalization' experiment.",
    )
    flatten: bool = setting(
        True,
        label="Flatten before the Dense layers",
        help="The slides' experiment: untick to see what happens without Flatten().",
    )
    train_size: int = setting(
        4000,
        key="n",
        choices=TRAIN_SIZES,
        grid=True,
        label="Training images",
        help="10 % of them are held back as validation images for the curves; the test "
        "images are never used in training.",
        describe="the number of training images",
    )
    seed: int = setting(
        1,
        low=0,
        high=MAX_SEED,
        step=1,
        widget="number",
        label="Seed",
        help="Initial weights, dropout and the shuffling order: the same seed repeats the same run.",
        describe="the seed",
    )
    browse: int = setting(0, key="digit", low=0, high=MAX_INDEX, describe="the training image's index")

    @property
    def spec(self) -> ModelSpec:
        return ModelSpec(self.model, self.activation, self.hidden_units, self.dropout, self.flatten)

    def training_key(self) -> tuple[Any, ...]:
        """Everything a run depends on (all fields but ``browse``)."""
        return tuple(getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "browse")


DRAW_MODELS: dict[str, str] = {
    "pretrained": "Pretrained CNN (bundled)",
    "lab": "The model trained in the MNIST lab",
}
DRAW_SOURCES: dict[str, str] = {"canvas": "Draw on the canvas", "test": "A held-out test digit"}
MIN_STROKE, MAX_STROKE = 6, 40


@dataclasses.dataclass(frozen=True)
class DrawConfig(UrlConfig):
    """The draw page's settings (the drawing itself is not part of the link)."""

    stroke_width: int = setting(
        20,
        key="stroke",
        low=MIN_STROKE,
        high=MAX_STROKE,
        step=2,
        label="Stroke width (canvas px)",
        describe="the stroke width",
    )
    preprocess: bool = setting(
        True,
        key="prep",
        widget="toggle",
        label="MNIST-style preprocessing",
        help="Off: the whole canvas is squashed to 28x28 without cropping, scaling or centring: "
        "see what the model gets without it.",
    )
    model: str = setting(
        "pretrained",
        choices=DRAW_MODELS,
        widget="radio",
        label="Recognise with",
        help="Train a network on the MNIST lab page, then come back and pick it here.",
        describe="model",
    )
    source: str = setting(
        "canvas", key="src", choices=DRAW_SOURCES, widget="radio", label="Digit from", describe="source"
    )
    sample: int = setting(0, key="test", low=0, high=MAX_INDEX, describe="the test digit's index")
    show_path: bool = setting(True, key="path", widget="toggle", label="Show the path through the network")
