""" "What to try" presets for the playground: each one is a small lesson."""

from __future__ import annotations

from engine.playground.features import FEATURES
from engine.presets import Preset

#: Each preset starts from the defaults and keeps the learner's data seed.
_KEEP = ("seed",)


PRESETS: tuple[Preset, ...] = (
    Preset(
        "XOR without a hidden layer fails",
        "With no hidden layer the network draws one straight line: XOR's four quadrants "
        "cannot be split by a line, so accuracy stays near 50 %.",
        {"dataset": "xor", "hidden": (), "learning_rate": 0.1},
        keep=_KEEP,
    ),
    Preset(
        "…until you add the feature X₁X₂",
        "Same zero-hidden-layer network, one extra input: the product X₁X₂ has the sign "
        "of the class, so a single neuron solves XOR at once.",
        {"dataset": "xor", "hidden": (), "features": ("x1", "x2", "x1x2"), "learning_rate": 0.1},
        keep=_KEEP,
    ),
    Preset(
        "Circle from squared features",
        "X₁² + X₂² is the squared radius: with those two inputs a network with no hidden "
        "layer draws a circle.",
        {"dataset": "circle", "hidden": (), "features": ("x1sq", "x2sq"), "learning_rate": 0.1},
        keep=_KEEP,
    ),
    Preset(
        "Spiral needs depth",
        "Six hidden layers of eight ReLU neurons and every feature: watch the boundary wind "
        "around the arms. Hover the neurons: deeper ones draw more complex shapes.",
        {
            "dataset": "spiral",
            "features": FEATURES,
            "hidden": (8,) * 6,
            "activation": "relu",
            "optimizer": "adam",
            "learning_rate": 0.003,
        },
        keep=_KEEP,
    ),
    Preset(
        "A too-high learning rate diverges",
        "Learning rate 3 on a regression: every step overshoots further until the loss "
        "is NaN. The run stops and says so: lower the rate and press Reset.",
        {
            "dataset": "reg-plane",
            "hidden": (4, 2),
            "activation": "relu",
            "learning_rate": 3.0,
            "batch_size": 10,
        },
        keep=_KEEP,
    ),
    Preset(
        "Overfitting: few noisy points, a big network",
        "Only 20 % of 200 noisy points to train on: the training loss keeps falling while "
        "the test loss turns up. Tick 'Show test data' to see why; then try L2 or dropout.",
        {
            "dataset": "gauss",
            "noise": 50,
            "n_points": 200,
            "train_percent": 20,
            "hidden": (8, 8, 8),
            "activation": "relu",
            "optimizer": "adam",
            "learning_rate": 0.03,
            "show_test": True,
        },
        keep=_KEEP,
    ),
    Preset(
        "Zero initialisation never breaks symmetry",
        "All weights start at 0: every neuron in a layer gets the same gradient and stays "
        "a copy of its neighbours (compare their heatmaps). Switch to Glorot and reset.",
        {"dataset": "circle", "initializer": "zeros", "hidden": (4, 4), "learning_rate": 0.3},
        keep=_KEEP,
    ),
    Preset(
        "Three classes with softmax",
        "Three blobs: the output layer has three neurons and a softmax; the colour shows "
        "the winning class, paler where the network is unsure.",
        {"dataset": "blobs3", "noise": 20, "hidden": (4,), "learning_rate": 0.1},
        keep=_KEEP,
    ),
)
