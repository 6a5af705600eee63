"""The VAE page's settings: one declared table (URL key, range or choices, label, help).

``beta`` and ``epochs`` change on a running model (see :meth:`VaeConfig.model_key`); the
explore settings (the two digits to interpolate, the prior's sample seed) never touch the run.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from engine.mnist.data import DATASETS
from engine.urlstate import UrlConfig, setting

MODELS: dict[str, str] = {"vae": "Variational autoencoder (VAE)", "ae": "Plain autoencoder"}
BETAS: tuple[float, ...] = (0.0, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
HIDDEN_UNITS: tuple[int, ...] = (64, 128, 256, 512)
LEARNING_RATES: tuple[float, ...] = (0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3)
BATCH_SIZES: tuple[int, ...] = (32, 64, 128, 256)
TRAIN_SIZES: tuple[int, ...] = (500, 1000, 2000, 4000, 10000, 60000)
MAX_EPOCHS = 200
MAX_SEED = 2**31 - 1
LATENT_DIM = 2  #: two dimensions, so the latent space can be drawn
N_PRIOR_SAMPLES = 16


@dataclasses.dataclass(frozen=True)
class VaeConfig(UrlConfig):
    """Everything that defines a VAE experiment on this page."""

    dataset: str = setting(
        "mnist", key="data", choices=DATASETS, widget="radio", label="Data set", describe="data set"
    )
    model: str = setting(
        "vae",
        choices=MODELS,
        widget="radio",
        label="Model",
        help="The plain autoencoder maps each image to one point (no noise, no KL term): "
        "compare its latent plane with the VAE's.",
        describe="model",
    )
    beta: float = setting(
        1.0,
        choices=BETAS,
        grid=True,
        label="β (weight of the KL term)",
        help="loss = reconstruction + β·KL. β = 1 is the VAE; larger β (β-VAE) pulls the codes "
        "towards N(0, I) harder, at the price of blurrier reconstructions. Changes live.",
        describe="β",
    )
    hidden: int = setting(
        256,
        key="units",
        choices=HIDDEN_UNITS,
        grid=True,
        label="Hidden units (encoder and decoder)",
        help="784 → hidden → 2 (μ and log σ²) and 2 → hidden → 784, ReLU.",
        describe="the number of hidden units",
    )
    learning_rate: float = setting(
        0.001, key="lr", choices=LEARNING_RATES, grid=True, label="Learning rate (Adam)"
    )
    batch_size: int = setting(
        64, key="bs", choices=BATCH_SIZES, grid=True, widget="select", label="Batch size"
    )
    epochs: int = setting(
        30,
        low=1,
        high=MAX_EPOCHS,
        step=1,
        widget="number",
        label="Epochs",
        help="The run stops after this many passes over the training images. Changes live.",
        describe="the number of epochs",
    )
    train_size: int = setting(
        4000,
        key="n",
        choices=TRAIN_SIZES,
        grid=True,
        label="Training images",
        help="Capped at what the data set has (4,000 with the bundled digits).",
        describe="the number of training images",
    )
    seed: int = setting(
        1,
        low=0,
        high=MAX_SEED,
        step=1,
        widget="number",
        label="Seed",
        help="Initial weights, the shuffling order and the noise ε: the same seed repeats the same run.",
        describe="the seed",
    )
    digit_a: int = setting(
        1, key="a", low=0, high=9, label="From class", describe="the first class to interpolate from"
    )
    digit_b: int = setting(
        7, key="b", low=0, high=9, label="To class", describe="the second class to interpolate to"
    )
    sample_seed: int = setting(
        0,
        key="sseed",
        low=0,
        high=9999,
        step=1,
        widget="number",
        label="Sample seed",
        help="Which draws z ~ N(0, I) are decoded.",
        describe="the sample seed",
    )

    @property
    def variational(self) -> bool:
        return self.model == "vae"

    def model_key(self) -> tuple[Any, ...]:
        """What a run is built from: changing anything else (β, epochs, explore) keeps the run."""
        return (
            self.dataset,
            self.model,
            self.hidden,
            self.learning_rate,
            self.batch_size,
            self.train_size,
            self.seed,
        )
