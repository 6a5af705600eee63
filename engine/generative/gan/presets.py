""" "What to try" on the GAN page: each lesson is checked by ``tests/engine/test_gan_presets.py``."""

from __future__ import annotations

from engine.presets import Preset

__all__ = ["PRESETS"]

PRESETS: tuple[Preset, ...] = (
    Preset(
        "Mode collapse",
        "The generator learns 10× faster than the discriminator (G 0.01, D 0.001). Within about 1,000 "
        "steps every fake point lands on **one spot**, which then hops round the ring chasing the "
        "discriminator: **at most 1 of the 8 modes** is covered (the *Modes covered* counter).",
        {"dataset": "ring", "lr_g": 0.01, "lr_d": 0.001, "speed": 200},
    ),
    Preset(
        "Balanced rates",
        "Same network, but the discriminator learns as fast as the generator (both 0.01): by step "
        "1,000 the fakes cover **all 8 modes**, D(x) drifts towards ½ everywhere and the losses settle "
        "near their equilibrium values (dashed lines).",
        {"dataset": "ring", "lr_g": 0.01, "lr_d": 0.01, "speed": 200},
    ),
    Preset(
        "1-D noise",
        "With z one-dimensional the generator can only draw a **curve** (the coloured line in the "
        "noise view). To reach the 8 modes the curve must cross the gaps between them, so many more "
        "fakes fall *off the data* than with 2 noise dimensions, and some modes stay uncovered.",
        {"dataset": "ring", "lr_g": 0.01, "lr_d": 0.01, "noise_dim": 1, "speed": 200},
    ),
    Preset(
        "Minimax loss",
        "The original minimax loss log(1 − D(G(z))) with a strong discriminator (k = 5, D at 0.01). "
        "D soon rejects the fakes (mean D(G(z)) under 0.3) and the arrows **shrink**: each is "
        "D/(1 − D) times the non-saturating one. Switch the loss to non-saturating while paused and "
        "the arrows grow several-fold on the same weights.",
        {"dataset": "ring", "loss": "minimax", "k": 5, "lr_d": 0.01, "lr_g": 0.001, "speed": 50},
    ),
    Preset(
        "Grid of 9",
        "Nine modes in a 3×3 grid. With both learning rates at 0.01 the generator covers **all 9** by "
        "step 1,000: watch the noise grid fold so that its cells land on the modes.",
        {"dataset": "grid", "lr_g": 0.01, "lr_d": 0.01, "speed": 200},
    ),
    Preset(
        "Two moons",
        "A curved distribution (the playground's two moons, scaled). Covered regions here are 8 arcs, "
        "4 per moon: by step 1,000 **all 8** are covered.",
        {"dataset": "moons", "lr_g": 0.01, "lr_d": 0.01, "speed": 200},
    ),
)
