"""The attention page's settings, declared once (URL key, range, label).

See :mod:`engine.urlstate`: the table drives validation, the link and the widgets.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from engine.sequences.attention.data import TASKS, parse_digits
from engine.sequences.attention.model import CELLS, SCORES
from engine.urlstate import ConfigError, UrlConfig, require, setting

__all__ = ["AttentionConfig", "ConfigError"]

MAX_LEN = 20
#: Accuracy vs length is measured up to this many digits past the longest training input.
EXTRA_LENGTHS = 6
#: Inputs the greedy decoder takes (the example and the accuracy-vs-length set) are padded to this.
EVAL_WIDTH = MAX_LEN + EXTRA_LENGTHS
UNITS: tuple[int, ...] = (16, 32, 64, 128)
LEARNING_RATES: tuple[float, ...] = (0.001, 0.003, 0.01, 0.03)
TRAIN_SIZES: tuple[int, ...] = (1000, 2000, 4000, 8000)
BATCH_SIZE = 64
MAX_EPOCHS = 500
MAX_SEED = 2**31 - 1


@dataclasses.dataclass(frozen=True)
class AttentionConfig(UrlConfig):
    """Two encoder-decoders (without and with attention) trained side by side on a digit task.

    Attributes:
        task: a key of :data:`~engine.sequences.attention.data.TASKS`.
        min_len, max_len: lengths of the training inputs (uniform in the range).
        cell: the recurrent layer of encoder and decoder (GRU or LSTM).
        score: the attention's score function (dot product or additive).
        units: width of the recurrent states (and of the fixed-size context vector).
        learning_rate: Adam's step size (changes live).
        n_train: training sequences (one epoch = one pass over them, in batches of 64).
        epochs: the run stops here (changes live).
        seed: seeds the data and the initial weights (the shared parts start equal).
        example: the input whose attention is drawn (digits; changes live).
        out_step: the output step whose attention arithmetic is spelled out (1 = first).
    """

    task: str = setting("reverse", choices=TASKS, label="Task", describe="task")
    min_len: int = setting(
        2,
        key="min",
        low=1,
        high=MAX_LEN,
        label="Shortest training input",
        help="Training inputs have lengths drawn uniformly between these two.",
        describe="the shortest training length",
    )
    max_len: int = setting(
        14,
        key="max",
        low=1,
        high=MAX_LEN,
        label="Longest training input",
        help=f"Accuracy vs length is also measured up to {EXTRA_LENGTHS} digits longer than this.",
        describe="the longest training length",
    )
    cell: str = setting("gru", choices=CELLS, widget="radio", label="Recurrent layer", describe="layer")
    score: str = setting(
        "dot",
        choices=SCORES,
        label="Attention score",
        help="How the decoder state s_t is compared with each encoder state h_j: keras.layers.Attention (dot product) or keras.layers.AdditiveAttention.",
        describe="score function",
    )
    units: int = setting(
        32,
        choices=UNITS,
        grid=True,
        label="Units (size of the context vector)",
        help="The plain model squeezes the whole input into one vector of this size.",
        describe="the number of units",
    )
    learning_rate: float = setting(
        0.01,
        key="lr",
        choices=LEARNING_RATES,
        grid=True,
        label="Learning rate (Adam)",
        help="Changes apply live.",
        describe="the learning rate",
    )
    n_train: int = setting(
        4000,
        key="n",
        choices=TRAIN_SIZES,
        grid=True,
        label="Training sequences",
        help="One epoch is one pass over them, in mini-batches of 64.",
        describe="the number of training sequences",
    )
    epochs: int = setting(
        40,
        low=1,
        high=MAX_EPOCHS,
        widget="number",
        step=10,
        label="Epochs",
        help="Training stops here. Raise it to keep going.",
        describe="the number of epochs",
    )
    seed: int = setting(
        1,
        low=0,
        high=MAX_SEED,
        widget="number",
        step=1,
        label="Seed",
        help="Seeds the data and the initial weights: same seed, same run.",
        describe="the seed",
    )
    example: str = setting(
        "3141592653",
        key="x",
        label="Example input (digits)",
        help=f"Up to {EVAL_WIDTH} digits. Its attention matrix is drawn live.",
        describe="the example",
    )
    out_step: int = setting(
        1,
        key="t",
        low=1,
        high=EVAL_WIDTH + 1,
        label="Output step t",
        describe="the output step",
    )

    def check(self) -> None:
        require(
            self.min_len <= self.max_len,
            f"the shortest training input ({self.min_len}) is longer than the longest ({self.max_len})",
            "min_len",
            "max_len",
        )
        try:
            digits = parse_digits(self.example)
        except ValueError as err:
            raise ConfigError(f"the example: {err}", ("example",)) from None
        require(
            len(digits) <= EVAL_WIDTH,
            f"the example has {len(digits)} digits; at most {EVAL_WIDTH} are possible",
            "example",
        )
        require(
            self.out_step <= len(digits) + 1,
            f"output step {self.out_step} is past the end of the example's output "
            f"({len(digits)} digits and <eos>: at most {len(digits) + 1})",
            "out_step",
        )

    @property
    def eval_lengths(self) -> range:
        """The input lengths whose accuracy is measured: 1 to the longest training length + 6."""
        return range(1, min(self.max_len + EXTRA_LENGTHS, EVAL_WIDTH) + 1)

    @property
    def example_digits(self):
        return parse_digits(self.example)

    def model_key(self) -> tuple[Any, ...]:
        """What needs a new run; the rest (learning rate, epochs, example, step) changes live."""
        return (
            self.task,
            self.min_len,
            self.max_len,
            self.cell,
            self.score,
            self.units,
            self.n_train,
            self.seed,
        )
