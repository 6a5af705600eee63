"""One-click experiments for the two single-neuron pages ("What to try").

The numbers in the lessons (the stable limit, how much each swing grows or shrinks)
are computed from the data's curvature (:class:`engine.neuron.data.RegressionData`),
not typed, so they stay true if the data or the learning rates change.
"""

from __future__ import annotations

from engine.neuron.data import LINE
from engine.presets import Preset

SLIDES_LR = 0.02  #: the slides' SGD(learning_rate=0.02)
SMALL_LR = 0.001
EDGE_LR = 0.022
PAST_EDGE_LR = 0.024
BIG_LR = 0.03

#: Each Hello TensorFlow preset keeps the learner's weight seed and own x.
_KEEP_NEURON = ("seed", "x_query")


def _limit() -> str:
    """The line data's largest stable learning rate, 2 / lambda_max."""
    return f"{LINE.max_stable_lr():.4f}"


def swing_change(learning_rate: float) -> str:
    """How much each swing of w grows ("1.0 % wider") or shrinks ("16 % smaller") at ``learning_rate``
    on the line data: |1 - lr * lambda_max| - 1, in percent."""
    change = LINE.swing_factor(learning_rate) - 1.0
    if change >= 0:
        return f"{100 * change:.1f} % wider"
    return f"{100 * -change:.0f} % smaller"


NEURON_PRESETS: tuple[Preset, ...] = (
    Preset(
        "The slides' run",
        f"y = 2x + 1, SGD(learning_rate={SLIDES_LR:g}), 500 epochs. Press **Play**: w climbs to 2, b to 1, "
        "and the predictions for 13 and -5 settle near **27** and **-9** (the slides print 27.00273 and "
        "-9.005974).",
        {"dataset": "line", "learning_rate": SLIDES_LR, "epochs": 500, "speed": 50},
        keep=_KEEP_NEURON,
    ),
    Preset(
        "Too small a step",
        f"learning_rate={SMALL_LR:g}: every step is {SLIDES_LR / SMALL_LR:g}x shorter. After 500 epochs w is "
        "close but b is still far from 1, so the prediction for -5 is off. Raise the epochs to see it get "
        "there eventually.",
        {"dataset": "line", "learning_rate": SMALL_LR, "epochs": 500, "speed": 100},
        keep=_KEEP_NEURON,
    ),
    Preset(
        "On the edge",
        f"learning_rate={EDGE_LR:g}: w overshoots back and forth every epoch (watch the zig-zag in the w "
        f"chart) but every swing is {swing_change(EDGE_LR)} than the last and it settles. For these points "
        f"the limit is {_limit()}.",
        {"dataset": "line", "learning_rate": EDGE_LR, "epochs": 500, "speed": 25},
        keep=_KEEP_NEURON,
    ),
    Preset(
        "Just past the edge",
        f"learning_rate={PAST_EDGE_LR:g}, a hair above the limit {_limit()}: w zig-zags around 2 and every "
        f"swing is {swing_change(PAST_EDGE_LR)} than the last. Slowly, for hundreds of epochs, the loss "
        f"creeps up until the run is stopped as **diverged**. Compare with {EDGE_LR:g}.",
        {"dataset": "line", "learning_rate": PAST_EDGE_LR, "epochs": 1000, "speed": 100},
        keep=_KEEP_NEURON,
    ),
    Preset(
        "Too big: diverges",
        f"learning_rate={BIG_LR:g}: each step overshoots the minimum by more than the last (every swing is "
        f"{swing_change(BIG_LR)}), the loss explodes within a few dozen epochs and the run stops with "
        "**diverged: learning rate too high**. Lower it and press Reset.",
        {"dataset": "line", "learning_rate": BIG_LR, "epochs": 500, "speed": 25},
        keep=_KEEP_NEURON,
    ),
    Preset(
        "Your turn: house prices",
        "The slides' exercise: the same neuron on the house-size/price table. It cannot fit every point "
        "(real data is not a perfect line); it converges to the least-squares line. Then read off the "
        "predicted prices of 8 m² and 12 m² houses.",
        {"dataset": "house", "learning_rate": SLIDES_LR, "epochs": 1000, "speed": 100},
        keep=_KEEP_NEURON,
    ),
)

#: Logic-gate presets change only the settings they name (the rest stays as the learner left it).
GATE_PRESETS: tuple[Preset, ...] = (
    Preset(
        "AND (slides)",
        "b = -30, w1 = w2 = 20: only 1 + 1 lifts z above 0 (z = 10), so only (1, 1) fires.",
        {"gate": "AND", "mode": "manual", "w1": 20.0, "w2": 20.0, "b": -30.0},
        from_defaults=False,
    ),
    Preset(
        "OR (slides)",
        "b = -10: a single 1 is enough (z = 10).",
        {"gate": "OR", "mode": "manual", "w1": 20.0, "w2": 20.0, "b": -10.0},
        from_defaults=False,
    ),
    Preset(
        "NAND (slides)",
        "AND with every sign flipped: b = 30, w1 = w2 = -20.",
        {"gate": "NAND", "mode": "manual", "w1": -20.0, "w2": -20.0, "b": 30.0},
        from_defaults=False,
    ),
    Preset(
        "Soft AND",
        "The same line as the slides' AND but 10x smaller weights (2, 2, -3): the table is still right, "
        "but the outputs are 0.27 / 0.73 instead of ~0 / ~1. The weights' size sets how sure the neuron is.",
        {"gate": "AND", "mode": "manual", "w1": 2.0, "w2": 2.0, "b": -3.0},
        from_defaults=False,
    ),
    Preset(
        "Train AND",
        "Start from random weights (seed 1) and let gradient descent on cross-entropy find a line.",
        {"gate": "AND", "mode": "train", "learning_rate": 1.0, "epochs": 2000, "seed": 1},
        from_defaults=False,
    ),
    Preset(
        "XOR: one neuron is not enough",
        "Try any weights: no single line puts (0,1) and (1,0) on one side and (0,0), (1,1) on the other. "
        "Below, two hidden neurons (OR and NAND) and an AND neuron solve it.",
        {"gate": "XOR", "mode": "manual", "w1": 20.0, "w2": 20.0, "b": -10.0},
        from_defaults=False,
    ),
    Preset(
        "XOR: train the hidden layer",
        "Train both: one neuron gets stuck at σ = 0.5 everywhere (loss ln 2), the 2-1 network learns XOR.",
        {"gate": "XOR", "mode": "train", "learning_rate": 1.0, "epochs": 2000, "seed": 1},
        from_defaults=False,
    ),
    Preset(
        "XOR: an unlucky start",
        "Seed 9: the 2-1 network gets stuck in a local minimum: (0,0) and (0,1) are right but (1,0) and "
        "(1,1) both sit at σ ≈ 0.5. Same data, same network, different initial weights: why we retrain "
        "with other seeds.",
        {"gate": "XOR", "mode": "train", "learning_rate": 1.0, "epochs": 5000, "seed": 9},
        from_defaults=False,
    ),
)
