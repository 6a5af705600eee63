""" "What to try" presets of the three basics pages (UI-free, so tests can check each lesson)."""

from __future__ import annotations

from engine.presets import Preset

GD_PRESETS: tuple[Preset, ...] = (
    Preset(
        "Too small: crawls",
        "lr = 0.01: every step moves x by only 4 % of the way to 5. After 40 steps it is "
        "still far from the minimum: training that is *too slow*.",
        {"fn": "parabola", "x0": 0.0, "lr": 0.01, "steps": 40},
    ),
    Preset(
        "Just right",
        "lr = 0.1 (the slides' value): big steps while the slope is steep, small ones near the "
        "bottom; x reaches 5 within about 20 steps.",
        {"fn": "parabola", "x0": 0.0, "lr": 0.1, "steps": 30},
    ),
    Preset(
        "Too big: overshoots and oscillates",
        "lr = 0.45: each step jumps past x = 5 to the other side, a little closer each time: "
        "it zig-zags before it settles.",
        {"fn": "parabola", "x0": 0.0, "lr": 0.45, "steps": 30},
    ),
    Preset(
        "Far too big: diverges",
        "lr = 0.55: every jump lands *further* from 5 than the last one. The loss explodes: "
        "the page flags it as diverged.",
        {"fn": "parabola", "x0": 0.0, "lr": 0.55, "steps": 30},
    ),
    Preset(
        "Two valleys: the start decides",
        "A non-convex function: start at x = 3 and gradient descent settles in the right-hand "
        "valley (a local minimum); start at x = −0.5 and it finds the deeper one on the left.",
        {"fn": "double_well", "x0": 3.0, "lr": 0.1, "steps": 40},
    ),
    Preset(
        "Stuck in a bump",
        "Many small valleys: from x = 5 gradient descent stops in the nearest one, far from the "
        "global minimum near x = −0.74. Try a larger learning rate to jump out.",
        {"fn": "bumpy", "x0": 5.0, "lr": 0.05, "steps": 60},
    ),
    Preset(
        "Flat bottom: slows down near the end",
        "(x − 1)⁴ has a tiny slope near its minimum, so steps shrink and shrink; from x = 4.5 "
        "with lr = 0.2 it even explodes on the steep wall.",
        {"fn": "quartic", "x0": 3.0, "lr": 0.1, "steps": 60},
    ),
)

#: The linear-regression presets change the training only: the learner's data stays (except for
#: "raw square feet", whose story needs slide 001's areas).
LINEAR_PRESETS: tuple[Preset, ...] = (
    Preset(
        "Batch gradient descent",
        "Every update uses all rows: the path on the contours is smooth and heads straight "
        "down the bowl to the closed-form star.",
        {"method": "batch", "lr": 0.1, "epochs": 60, "scaling": "standardize"},
        from_defaults=False,
    ),
    Preset(
        "Stochastic (one row per update)",
        "Each update follows a single row: the path zig-zags around the star and the loss "
        "curve is noisy, but each update is cheap.",
        {"method": "sgd", "lr": 0.05, "epochs": 30, "scaling": "standardize"},
        from_defaults=False,
    ),
    Preset(
        "Mini-batch of 2",
        "A compromise at the stochastic preset's rate and epochs: the loss curve jumps about half "
        "as much as with one row per update, and each epoch still makes n/2 updates where batch "
        "makes one.",
        {"method": "minibatch", "batch": 2, "lr": 0.05, "epochs": 30, "scaling": "standardize"},
        from_defaults=False,
    ),
    Preset(
        "Learning rate too high",
        "lr = 1.1 on standardized data: each step overshoots the valley further, so the path "
        "bounces outwards and the page reports the divergence.",
        {"method": "batch", "lr": 1.1, "epochs": 30, "scaling": "standardize"},
        from_defaults=False,
    ),
    Preset(
        "No feature scaling: raw square feet",
        "Slide 001's houses unscaled: the area (750-1450 ft²) makes the bowl a thin valley: "
        "lr = 0.1 (even 1e-6) explodes, and lr = 3e-7, small enough to be stable, only fits the "
        "slope of a line through the origin and leaves b stuck near 0 for thousands of updates. "
        "Compare with standardize.",
        {"data": "house", "method": "batch", "lr": 3e-7, "epochs": 100, "scaling": "none"},
        from_defaults=False,
    ),
    Preset(
        "Noisy generated data",
        "60 points around y = 2x + 1 with noise 4: the fitted line is still close to the true "
        "one; raise the noise and watch the MSE floor rise.",
        {
            "data": "line",
            "noise": 4.0,
            "n": 60,
            "method": "minibatch",
            "batch": 8,
            "lr": 0.1,
            "epochs": 20,
            "scaling": "standardize",
        },
        from_defaults=False,
    ),
)

#: The logistic-regression presets change one part of the page and keep the rest; each group
#: sits above the section it changes (2: the tumors, 4: training, 5: more classes).
LOGISTIC_TUMOR_PRESETS: tuple[Preset, ...] = (
    Preset(
        "Add the 23 cm tumor",
        "One huge malignant tumor drags the least-squares line flat: its 0.5 cut jumps right and "
        "the 4.0 and 4.3 cm tumors become 'benign'. The logistic cut barely moves.",
        {"big_tumor": True},
        from_defaults=False,
    ),
)
LOGISTIC_TRAINING_PRESETS: tuple[Preset, ...] = (
    Preset(
        "Slow learner",
        "lr = 0.03: the first update already points the boundary roughly the right way, but "
        "then it only creeps: after 300 updates it is still further from scikit-learn's fit than "
        "lr = 0.5 gets in 100, and the loss is still falling (about 0.32 against 0.24).",
        {"lr": 0.03, "epochs": 300, "method": "batch"},
        from_defaults=False,
    ),
    Preset(
        "Stochastic updates",
        "One student per update: the boundary jitters as each example pulls it its own way.",
        {"lr": 0.3, "epochs": 5, "method": "sgd"},
        from_defaults=False,
    ),
    Preset(
        "Cautious admissions (threshold 0.8)",
        "Admit only when p ≥ 0.8: the boundary shifts, fewer false 'admitted', more missed "
        "students (see the confusion matrix).",
        {"threshold": 0.8},
        from_defaults=False,
    ),
)
LOGISTIC_MULTICLASS_PRESETS: tuple[Preset, ...] = (
    Preset(
        "Overlapping blobs",
        "Spread 3: the classes overlap, so no straight boundaries separate them: accuracy drops "
        "for both schemes (from 97 % to 79 % with data seed 1). One-vs-rest and softmax still draw "
        "nearly the same regions (they disagree on about 1 % of the plane).",
        {"mc_spread": 3.0},
        from_defaults=False,
    ),
)
LOGISTIC_DEFAULTS = Preset("Back to the defaults", "Every setting of this page as it first opens.")
LOGISTIC_PRESETS: tuple[Preset, ...] = (
    *LOGISTIC_TUMOR_PRESETS,
    *LOGISTIC_TRAINING_PRESETS,
    *LOGISTIC_MULTICLASS_PRESETS,
    LOGISTIC_DEFAULTS,
)
