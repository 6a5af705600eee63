""" "What to try" on the VAE page: each lesson's claim is checked by tests/engine/test_vae_presets.py."""

from __future__ import annotations

from engine.presets import Preset

KEEP = ("dataset", "seed", "train_size", "digit_a", "digit_b", "sample_seed")

PRESETS: tuple[Preset, ...] = (
    Preset(
        "VAE, β = 1",
        "The codes fill a round cloud inside the dashed circles of N(0, I) (more than half of "
        "them within 2σ), the classes side by side without gaps. Drag anywhere inside: every point decodes to a "
        "digit, and samples from the prior look like digits.",
        {"model": "vae", "beta": 1.0},
        keep=KEEP,
    ),
    Preset(
        "Plain autoencoder",
        "No noise and no KL term: nothing keeps the codes near the origin. They spread far wider "
        "(the plane grows to about ±30) in streaks with empty space between them, and only a "
        "small central patch lies where N(0, I) draws: samples from the prior show few kinds of "
        "digit. Switch the plane to *Decoded grid*: in the gaps, nothing was ever trained.",
        {"model": "ae"},
        keep=KEEP,
    ),
    Preset(
        "β = 8 (β-VAE)",
        "A heavier KL weight squeezes the codes towards N(0, I): the KL term falls well below "
        "β = 1's while the reconstruction term rises: blurrier, more similar digits, and "
        "classes that overlap.",
        {"model": "vae", "beta": 8.0},
        keep=KEEP,
    ),
    Preset(
        "β = 0: noise without KL",
        "Only the reconstruction counts. The encoder makes σ tiny and pushes the codes far apart, "
        "so the noise no longer matters: the KL term grows large and the codes spread like the "
        "plain autoencoder's.",
        {"model": "vae", "beta": 0.0},
        keep=KEEP,
    ),
)
