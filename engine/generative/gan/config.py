"""The GAN page's settings, declared once (URL key, range, label); see :mod:`engine.urlstate`."""

from __future__ import annotations

import dataclasses
from typing import Any

from engine.generative.gan.data import DISTRIBUTIONS
from engine.urlstate import UrlConfig, setting

__all__ = ["LOSSES", "OPTIMIZERS", "GanConfig"]

LEARNING_RATES: tuple[float, ...] = (0.0001, 0.0003, 0.001, 0.002, 0.003, 0.005, 0.01, 0.03, 0.1)
OPTIMIZERS: dict[str, str] = {"adam": "Adam (beta_1 = 0.5)", "rmsprop": "RMSprop", "sgd": "SGD"}
LOSSES: dict[str, str] = {
    "nonsat": "Non-saturating: minimise −log D(G(z))",
    "minimax": "Minimax: minimise log(1 − D(G(z)))",
}
HIDDEN_UNITS: tuple[int, ...] = (4, 8, 16, 32, 64, 128)
BATCH_SIZES: tuple[int, ...] = (16, 32, 64, 128, 256, 512)
SPEEDS: tuple[int, ...] = (5, 20, 50, 100, 200, 500, 1000)  #: steps per second while playing
MAX_STEPS = 50_000
MAX_NOISE_DIM = 8
MAX_K = 5
MAX_LAYERS = 3
MAX_SEED = 2**31 - 1


@dataclasses.dataclass(frozen=True)
class GanConfig(UrlConfig):
    """A tiny GAN (an MLP generator and an MLP discriminator) on a 2-D distribution.

    Attributes:
        dataset: the real distribution (a key of :data:`engine.generative.gan.data.DISTRIBUTIONS`).
        lr_d, lr_g: the discriminator's and the generator's learning rates (live).
        k: discriminator updates per generator update (live); one step = k D updates + 1 G update.
        loss: the generator's loss, "nonsat" or "minimax" (live).
        optimizer: the same optimizer class for both networks.
        noise_dim: the dimension of the noise z ~ U(-1, 1)^noise_dim.
        hidden, layers: hidden units per layer and hidden layers of each network (ReLU).
        batch_size: real and fake points per update.
        speed: steps per second while playing (live; how fast you watch, not the math).
        steps: the run stops after this many steps (live).
        seed: seeds the real data, the initial weights, the noise and the batches.
    """

    dataset: str = setting(
        "ring",
        key="data",
        choices=DISTRIBUTIONS,
        label="Real distribution",
        help="Generated here from the seed (no download). The GAN never sees the formula, only samples.",
        describe="the distribution",
    )
    lr_d: float = setting(
        0.001,
        key="lrd",
        choices=LEARNING_RATES,
        grid=True,
        label="Discriminator learning rate",
        help="Changes apply live.",
        describe="the discriminator's learning rate",
    )
    lr_g: float = setting(
        0.001,
        key="lrg",
        choices=LEARNING_RATES,
        grid=True,
        label="Generator learning rate",
        help="Changes apply live.",
        describe="the generator's learning rate",
    )
    k: int = setting(
        1,
        low=1,
        high=MAX_K,
        widget="slider",
        label="D updates per G update (k)",
        help="One step = k discriminator updates, then one generator update (Goodfellow et al. 2014, "
        "Algorithm 1). Changes apply live.",
        describe="k",
    )
    loss: str = setting(
        "nonsat",
        choices=LOSSES,
        widget="radio",
        label="Generator loss",
        help="Same fixed point, different gradients: the minimax loss is flat where D rejects the fakes. "
        "Changes apply live.",
        describe="the generator's loss",
    )
    optimizer: str = setting(
        "adam", key="opt", choices=OPTIMIZERS, label="Optimizer (both networks)", describe="the optimizer"
    )
    noise_dim: int = setting(
        2,
        key="zdim",
        low=1,
        high=MAX_NOISE_DIM,
        widget="slider",
        label="Noise dimension",
        help="z ~ U(-1, 1)^d. With d = 1 the generator can only draw a curve.",
        describe="the noise dimension",
    )
    hidden: int = setting(
        32,
        key="units",
        choices=HIDDEN_UNITS,
        grid=True,
        label="Hidden units per layer",
        describe="the hidden units",
    )
    layers: int = setting(
        2,
        low=1,
        high=MAX_LAYERS,
        widget="slider",
        label="Hidden layers (each network)",
        describe="the layers",
    )
    batch_size: int = setting(
        128, key="bs", choices=BATCH_SIZES, grid=True, label="Batch size", describe="the batch size"
    )
    speed: int = setting(
        100,
        choices=SPEEDS,
        grid=True,
        label="Animation speed (steps per second)",
        help="Only how fast you watch it: each step's math is the same.",
        describe="the speed",
    )
    steps: int = setting(
        5000,
        low=1,
        high=MAX_STEPS,
        widget="number",
        step=1000,
        label="Stop after (steps)",
        help="Raise it to keep training.",
        describe="the number of steps",
    )
    seed: int = setting(
        1,
        low=0,
        high=MAX_SEED,
        widget="number",
        step=1,
        label="Seed",
        help="Seeds the data, the initial weights, the noise and the batches. Same seed, same run.",
        describe="the seed",
    )

    def model_key(self) -> tuple[Any, ...]:
        """What needs a new run; the rest (learning rates, k, loss, speed, steps) changes live."""
        return (
            self.dataset,
            self.optimizer,
            self.noise_dim,
            self.hidden,
            self.layers,
            self.batch_size,
            self.seed,
        )
