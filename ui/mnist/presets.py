""" "What to try" in the MNIST lab: the slides' experiments, one button each."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from engine.mnist.config import LabConfig


@dataclass(frozen=True)
class Preset:
    """A named change to the default lab configuration plus what to watch for."""

    title: str
    lesson: str
    changes: dict[str, Any]

    def config(self, seed: int, dataset: str) -> LabConfig:
        """Defaults + this preset's changes, keeping the learner's seed and data set."""
        base = LabConfig(seed=seed, dataset=dataset)
        return dataclasses.replace(base, **self.changes).validated()


_DENSE = {"model": "dense", "activation": "sigmoid", "hidden_units": 128, "epochs": 5, "batch_size": 32}

PRESETS: tuple[Preset, ...] = (
    Preset(
        "Slides' dense network",
        "Flatten → Dense(128, sigmoid) → Dense(10, softmax), plain SGD, 5 epochs, as in the slides "
        "(they got about 89 % on all 60,000 digits). With a few thousand digits expect less.",
        {**_DENSE, "optimizer": "sgd", "learning_rate": 0.01},
    ),
    Preset(
        "Sigmoid vs ReLU: ReLU",
        "Same network and optimizer as the slides' dense network, hidden activation ReLU: "
        "gradients do not saturate, so SGD learns much faster. Compare the curves with the previous preset.",
        {**_DENSE, "activation": "relu", "optimizer": "sgd", "learning_rate": 0.01},
    ),
    Preset(
        "SGD vs Adam: Adam",
        "The slides' dense network again, but Adam instead of SGD: a learning rate per weight, "
        "adapted as it trains. Accuracy after 5 epochs jumps.",
        {**_DENSE, "optimizer": "adam", "learning_rate": 0.001},
    ),
    Preset(
        "No normalization",
        "Pixels stay 0-255 instead of 0-1: the sigmoid's inputs are huge, it saturates at 0 or 1 "
        "and its gradient vanishes. Watch the training barely move (or diverge), then tick "
        "'Normalise pixels' again.",
        {**_DENSE, "optimizer": "sgd", "learning_rate": 0.01, "normalize": False},
    ),
    Preset(
        "Remove Flatten",
        "The slides ask: what if you remove Flatten()? The lab shows the shapes and why Keras "
        "refuses to train, instead of crashing.",
        {**_DENSE, "flatten": False},
    ),
    Preset(
        "Slides' CNN (default)",
        "Conv(32) → Pool → Conv(32) → Pool → Dense(128) → softmax with Adam: about 97 % on the "
        "held-out digits in well under a minute. Look at the filters and feature maps afterwards.",
        {},
    ),
    Preset(
        "Deep CNN with dropout (deck 002)",
        "Conv(32) → Conv(64) → Pool → Dropout(0.25) → Dense(128) → Dropout(0.5): 1.2 M parameters, "
        "slower per epoch, strong regularisation.",
        {"model": "cnn_slides", "dropout": 0.5, "epochs": 4, "batch_size": 128},
    ),
    Preset(
        "LeNet-style CNN",
        "LeCun's classic layout (6 and 16 filters of 5x5, then 120 and 84 units): only 62 k parameters, "
        "yet it beats the dense networks with 100 k.",
        {"model": "lenet", "epochs": 10},
    ),
    Preset(
        "Overfitting",
        "A wide MLP (1024 units) on only 500 digits for 30 epochs: training accuracy reaches 100 % "
        "while validation loss turns upward. Then set dropout to 0.5 and compare.",
        {"model": "mlp", "hidden_units": 1024, "train_size": 500, "epochs": 30, "batch_size": 32},
    ),
)
