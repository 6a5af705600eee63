""" "What to try" presets for the optimizer race: each one is a small lesson.

Each starts from its surface's defaults (start point, noise, fair learning rates) and
keeps the learner's seed.
"""

from __future__ import annotations

from typing import Any

from engine.optim.config import RACER_KEYS
from engine.presets import Preset


def race(title: str, lesson: str, surface: str, changes: dict[str, Any]) -> Preset:
    """A preset on ``surface``: its defaults, then ``changes``; the learner's seed is kept."""
    return Preset(title, lesson, changes, keep=("seed",), build=lambda c: c.for_surface(surface))


PRESETS: tuple[Preset, ...] = (
    race(
        "Rosenbrock valley: momentum vs SGD",
        "Everyone drops into the curved valley at once; then plain GD and SGD crawl along its almost "
        "flat floor. Momentum and Nesterov build up velocity along the floor and reach the ★ at (1, 1) "
        "while GD is still half-way. Watch the loss chart: the gap grows by orders of magnitude.",
        "rosenbrock",
        {"racers": ("gd", "sgd", "momentum", "nesterov"), "speed": 240, "max_steps": 2000},
    ),
    race(
        "Narrow valley: zig-zag vs momentum",
        "A bowl 20× steeper across than along. With a large learning rate GD bounces from wall to wall "
        "(the zig-zag of the slides); momentum averages the bounces away and rolls along the valley.",
        "valley",
        {
            "racers": ("gd", "momentum", "nesterov"),
            "lr_gd": 0.45,
            "lr_momentum": 0.1,
            "lr_nesterov": 0.1,
            "speed": 30,
            "max_steps": 200,
        },
    ),
    race(
        "Saddle point: Adam escapes",
        "The start sits on the ridge of a saddle, 0.001 away from the top. The gradient towards the "
        "valleys is tiny, so GD waits a long time before it slides off; Adam and RMSprop divide by "
        "the gradient's own size and leave at once.",
        "saddle",
        {"racers": ("gd", "momentum", "rmsprop", "adam"), "speed": 30, "max_steps": 500},
    ),
    race(
        "Too-high learning rate diverges",
        "GD's learning rate 0.6 is above 2/4 = 0.5, the limit for the steep direction (curvature 4): "
        "each step overshoots further, GD is marked ✖ diverged, and the others race on.",
        "valley",
        {"racers": ("gd", "momentum", "adam"), "lr_gd": 0.6, "speed": 20, "max_steps": 200},
    ),
    race(
        "Plateau: adaptive steps keep moving",
        "Far from the well the surface is almost flat (gradients ~1e-5). GD hardly moves; RMSprop "
        "and Adam scale each step by 1/√(mean g²) and march on. Adagrad starts its accumulator at "
        "Keras's 0.1, which swamps tiny gradients: set 'Initial accumulator G₀' to 1e-06 and watch it leap.",
        "plateau",
        {"racers": ("gd", "momentum", "adagrad", "rmsprop", "adam"), "speed": 60, "max_steps": 1000},
    ),
    race(
        "Real model: GD vs SGD vs mini-batch",
        "The loss of a real logistic regression over its weight w and bias b (60 points, unscaled "
        "feature: a long tilted valley). GD uses all 60 points per step, SGD one random point, "
        "mini-batch 8: the fewer points, the noisier the path and the more it jitters around the ★.",
        "logistic",
        {"racers": ("gd", "sgd", "minibatch", "adam"), "speed": 60, "max_steps": 1000},
    ),
    race(
        "Noisy bowl: momentum rolls through dents",
        "Small seeded ripples make dents (local minima). GD and Adam settle in the first dent they "
        "meet; momentum carries enough speed to roll over them into the deepest one.",
        "noisy_bowl",
        {"racers": ("gd", "momentum", "adam"), "speed": 30, "max_steps": 500},
    ),
    race(
        "All nine on Beale's function",
        "Every optimizer of the slides' table from the same point on Beale's function. Who reaches "
        "the ★ at (3, 0.5) first? Adadelta starts very slowly: its step size is learned from "
        "its own past steps, which start at √ε.",
        "beale",
        {"racers": RACER_KEYS, "speed": 120, "max_steps": 2000},
    ),
)
