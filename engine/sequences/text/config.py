"""The character-level text page's settings, declared once (URL key, range or choices, label)."""

from __future__ import annotations

import dataclasses
from typing import Any

from engine.sequences.text.corpus import CORPORA
from engine.urlstate import ConfigError, UrlConfig, require, setting

__all__ = ["ConfigError", "TextConfig"]

CELLS: dict[str, str] = {"gru": "GRU", "lstm": "LSTM"}
UNITS: tuple[int, ...] = (32, 64, 128, 256)
SEQ_LENS: tuple[int, ...] = (8, 16, 32, 64, 100)
BATCH_SIZES: tuple[int, ...] = (16, 32, 64, 128)
LEARNING_RATES: tuple[float, ...] = (0.0003, 0.001, 0.002, 0.003, 0.005, 0.01, 0.02, 0.05)
#: The fixed temperatures of the side-by-side samples.
COMPARE_TEMPERATURES: tuple[float, ...] = (0.2, 0.5, 1.0, 1.5)
MAX_TEMPERATURE = 2.0
MAX_STEPS = 100_000
MAX_PREFIX = 60
MAX_SEED = 2**31 - 1


@dataclasses.dataclass(frozen=True)
class TextConfig(UrlConfig):
    """A character model's experiment.

    ``temperature``, ``sample_len``, ``prefix`` and ``steps`` change on a running model;
    everything else (:meth:`model_key`) needs a new one.
    """

    corpus: str = setting(
        "docs",
        choices=CORPORA,
        widget="radio",
        label="Text to learn",
        help="Both built-in texts ship with every Python install: nothing is downloaded.",
        describe="the text",
    )
    cell: str = setting(
        "gru",
        choices=CELLS,
        widget="segmented",
        label="Recurrent layer",
        help="keras.layers.GRU or keras.layers.LSTM.",
        describe="the recurrent layer",
    )
    units: int = setting(
        128,
        choices=UNITS,
        grid=True,
        label="Units (size of the hidden state)",
        describe="the number of units",
    )
    seq_len: int = setting(
        64,
        key="seq",
        choices=SEQ_LENS,
        grid=True,
        label="Window length (characters per training sequence)",
        help="Backpropagation through time runs over this many characters: the longest "
        "dependency the training can teach directly.",
        describe="the window length",
    )
    batch_size: int = setting(
        64,
        key="bs",
        choices=BATCH_SIZES,
        grid=True,
        label="Batch size (windows per step)",
        describe="the batch size",
    )
    learning_rate: float = setting(
        0.005,
        key="lr",
        choices=LEARNING_RATES,
        grid=True,
        label="Learning rate (Adam)",
        describe="the learning rate",
    )
    temperature: float = setting(
        0.5,
        key="temp",
        low=0.0,
        high=MAX_TEMPERATURE,
        step=0.1,
        widget="slider",
        label="Sampling temperature",
        help="Divides the logits before the softmax: low = safe and repetitive, high = "
        "adventurous and misspelled. 0 = always the most likely character (greedy). Changes live.",
        describe="the temperature",
    )
    sample_len: int = setting(
        200,
        key="len",
        low=20,
        high=600,
        step=20,
        widget="slider",
        label="Characters per sample",
        describe="the sample length",
    )
    prefix: str = setting(
        "The ",
        label="Prefix",
        help="The samples start with it and the bar chart predicts the character after it. "
        "Characters that never occur in the text are skipped.",
        describe="the prefix",
    )
    steps: int = setting(
        4000,
        low=10,
        high=MAX_STEPS,
        step=500,
        widget="number",
        label="Training steps (then it stops)",
        help="One step = one batch of windows and one Adam update. Raise it to go on training.",
        describe="the number of steps",
    )
    seed: int = setting(
        1,
        low=0,
        high=MAX_SEED,
        step=1,
        widget="number",
        label="Seed",
        help="Initial weights, the training windows and the sampling: same seed, same run.",
        describe="the seed",
    )

    def check(self) -> None:
        require(
            0 < len(self.prefix) <= MAX_PREFIX, f"the prefix must have 1 to {MAX_PREFIX} characters", "prefix"
        )

    def model_key(self) -> tuple[Any, ...]:
        """What needs a new model (the rest changes live)."""
        return (
            self.corpus,
            self.cell,
            self.units,
            self.seq_len,
            self.batch_size,
            self.learning_rate,
            self.seed,
        )
