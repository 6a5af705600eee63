"""One-click experiments for the two single-neuron pages ("What to try")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Preset:
    """A button: ``title`` sets ``fields`` (config field -> value); ``lesson`` says what to watch."""

    title: str
    lesson: str
    fields: dict[str, Any]


NEURON_PRESETS: tuple[Preset, ...] = (
    Preset(
        "The slides' run",
        "y = 2x + 1, SGD(learning_rate=0.02), 500 epochs. Press **Play**: w climbs to 2, b to 1, and "
        "the predictions for 13 and -5 settle near **27** and **-9** (the slides print 27.00273 and -9.005974).",
        {"dataset": "line", "learning_rate": 0.02, "epochs": 500, "speed": 50},
    ),
    Preset(
        "Too small a step",
        "learning_rate=0.001: every step is 20x shorter. After 500 epochs w is close but b is still far "
        "from 1, so the prediction for -5 is off. Raise the epochs to see it get there eventually.",
        {"dataset": "line", "learning_rate": 0.001, "epochs": 500, "speed": 100},
    ),
    Preset(
        "On the edge",
        "learning_rate=0.022: w overshoots back and forth every epoch (watch the zig-zag in the w chart) "
        "but the swings shrink and it settles. For these points the limit is 0.0239.",
        {"dataset": "line", "learning_rate": 0.022, "epochs": 500, "speed": 25},
    ),
    Preset(
        "Just past the edge",
        "learning_rate=0.024, a hair above the limit 0.0239: w zig-zags around 2 and every swing is "
        "0.9 % wider than the last. Slowly, for hundreds of epochs, the loss creeps up until the run "
        "is stopped as **diverged**. Compare with 0.022.",
        {"dataset": "line", "learning_rate": 0.024, "epochs": 1000, "speed": 100},
    ),
    Preset(
        "Too big: diverges",
        "learning_rate=0.03: each step overshoots the minimum by more than the last, the loss explodes "
        "within a few dozen epochs and the run stops with **diverged: learning rate too high**. Lower it "
        "and press Reset.",
        {"dataset": "line", "learning_rate": 0.03, "epochs": 500, "speed": 25},
    ),
    Preset(
        "Your turn: house prices",
        "The slides' exercise: the same neuron on the house-size/price table. It cannot fit every point "
        "(real data is not a perfect line); it converges to the least-squares line. Then read off the "
        "predicted prices of 8 m² and 12 m² houses.",
        {"dataset": "house", "learning_rate": 0.02, "epochs": 1000, "speed": 100},
    ),
)

GATE_PRESETS: tuple[Preset, ...] = (
    Preset(
        "AND (slides)",
        "b = -30, w1 = w2 = 20: only 1 + 1 lifts z above 0 (z = 10), so only (1, 1) fires.",
        {"gate": "AND", "mode": "manual", "w1": 20.0, "w2": 20.0, "b": -30.0},
    ),
    Preset(
        "OR (slides)",
        "b = -10: a single 1 is enough (z = 10).",
        {"gate": "OR", "mode": "manual", "w1": 20.0, "w2": 20.0, "b": -10.0},
    ),
    Preset(
        "NAND (slides)",
        "AND with every sign flipped: b = 30, w1 = w2 = -20.",
        {"gate": "NAND", "mode": "manual", "w1": -20.0, "w2": -20.0, "b": 30.0},
    ),
    Preset(
        "Soft AND",
        "The same line as the slides' AND but 10x smaller weights (2, 2, -3): the table is still right, "
        "but the outputs are 0.27 / 0.73 instead of ~0 / ~1. The weights' size sets how sure the neuron is.",
        {"gate": "AND", "mode": "manual", "w1": 2.0, "w2": 2.0, "b": -3.0},
    ),
    Preset(
        "Train AND",
        "Start from random weights (seed 1) and let gradient descent on cross-entropy find a line.",
        {"gate": "AND", "mode": "train", "learning_rate": 1.0, "epochs": 2000, "seed": 1},
    ),
    Preset(
        "XOR: one neuron is not enough",
        "Try any weights: no single line puts (0,1) and (1,0) on one side and (0,0), (1,1) on the other. "
        "Below, two hidden neurons (OR and NAND) and an AND neuron solve it.",
        {"gate": "XOR", "mode": "manual", "w1": 20.0, "w2": 20.0, "b": -10.0},
    ),
    Preset(
        "XOR: train the hidden layer",
        "Train both: one neuron gets stuck at σ = 0.5 everywhere (loss ln 2), the 2-1 network learns XOR.",
        {"gate": "XOR", "mode": "train", "learning_rate": 1.0, "epochs": 2000, "seed": 1},
    ),
    Preset(
        "XOR: an unlucky start",
        "Seed 9: the 2-1 network gets stuck in a local minimum: (0,0) and (0,1) are right but (1,0) and "
        "(1,1) both sit at σ ≈ 0.5. Same data, same network, different initial weights: why we retrain "
        "with other seeds.",
        {"gate": "XOR", "mode": "train", "learning_rate": 1.0, "epochs": 5000, "seed": 9},
    ),
)
