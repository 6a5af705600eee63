"""The time-series page's settings, declared once (URL key, range, label): see :mod:`engine.urlstate`."""

from __future__ import annotations

import dataclasses
from typing import Any

from engine.urlstate import UrlConfig, setting

SERIES: dict[str, str] = {
    "sines": "Sum of two sines (+ noise)",
    "sine": "Sine wave (+ noise)",
    "damped": "Damped oscillator (+ noise)",
    "stock": "Real: weekly stock prices 2018-2019",
}
#: The columns of plotly's bundled ``stocks.csv.gz`` (weekly closes, each divided by its first week's).
TICKERS: dict[str, str] = {
    "MSFT": "Microsoft (MSFT)",
    "AAPL": "Apple (AAPL)",
    "AMZN": "Amazon (AMZN)",
    "GOOG": "Alphabet (GOOG)",
    "FB": "Facebook (FB)",
    "NFLX": "Netflix (NFLX)",
}
MODELS: dict[str, str] = {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}
OPTIMIZERS: dict[str, str] = {"adam": "Adam", "rmsprop": "RMSprop", "sgd": "SGD"}
LEARNING_RATES: tuple[float, ...] = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
BATCH_SIZES: tuple[int, ...] = (8, 16, 32, 64, 128)
#: The last quarter of the series is the validation range (never trained on).
VAL_FRACTION = 0.25
MAX_SEED = 2**31 - 1
MAX_EPOCHS = 2000


@dataclasses.dataclass(frozen=True)
class ForecastConfig(UrlConfig):
    """One experiment: a series, its windows, and the recurrent networks trained on it.

    ``n_points`` and ``noise`` apply to the generated series; ``ticker`` to the real one.
    ``learning_rate``, ``epochs`` and ``horizon`` change on the running networks; every
    other setting starts a new run (:meth:`model_key`).
    """

    series: str = setting("sines", key="data", choices=SERIES, label="Series", describe="series")
    ticker: str = setting(
        "MSFT", choices=TICKERS, label="Stock", help="Only for the real series.", describe="stock"
    )
    n_points: int = setting(
        400,
        key="n",
        low=60,
        high=1000,
        step=20,
        label="Points in the series",
        help="Generated series only (the stock series has its 105 weeks).",
        describe="the number of points",
    )
    noise: float = setting(
        0.05,
        low=0.0,
        high=0.5,
        step=0.01,
        label="Noise (standard deviation)",
        help="Gaussian noise added to the generated series (seeded).",
        describe="the noise",
    )
    window: int = setting(
        24,
        key="w",
        low=2,
        high=60,
        label="Window length (inputs per prediction)",
        help="The network reads this many past values and predicts the next one.",
        describe="the window length",
    )
    horizon: int = setting(
        60,
        key="h",
        low=1,
        high=120,
        label="Forecast horizon (steps)",
        help="How far the free-running forecast rolls forward from its own outputs "
        "(at most the validation range). Changes live.",
        describe="the horizon",
    )
    models: tuple[str, ...] = setting(
        ("rnn", "lstm", "gru"),
        key="m",
        choices=MODELS,
        ordered=True,
        min_len=1,
        label="Networks trained side by side",
        describe="the networks",
    )
    units: int = setting(16, key="u", low=1, high=32, label="Units per layer", describe="the units")
    layers: int = setting(1, low=1, high=2, label="Recurrent layers", describe="the number of layers")
    optimizer: str = setting("adam", key="opt", choices=OPTIMIZERS, label="Optimizer", describe="optimizer")
    learning_rate: float = setting(
        0.01,
        key="lr",
        choices=LEARNING_RATES,
        grid=True,
        label="Learning rate",
        help="Changes live, on the running networks.",
        describe="the learning rate",
    )
    batch_size: int = setting(
        32, key="bs", choices=BATCH_SIZES, grid=True, label="Batch size", describe="the batch size"
    )
    epochs: int = setting(
        100,
        low=1,
        high=MAX_EPOCHS,
        widget="number",
        step=10,
        label="Epochs",
        help="The run stops here (like model.fit(epochs=...)). Raise it to train on.",
        describe="the number of epochs",
    )
    seed: int = setting(
        1,
        low=0,
        high=MAX_SEED,
        widget="number",
        step=1,
        label="Seed",
        help="Seeds the noise, the initial weights of every network and the batch order.",
        describe="the seed",
    )

    @property
    def generated(self) -> bool:
        return self.series != "stock"

    def data_key(self) -> tuple[Any, ...]:
        """What defines the series (its values)."""
        if self.generated:
            return (self.series, self.n_points, self.noise, self.seed)
        return (self.series, self.ticker)

    def model_key(self) -> tuple[Any, ...]:
        """What needs a new run (new networks); the rest changes on the running ones."""
        return (
            self.data_key(),
            self.window,
            self.models,
            self.units,
            self.layers,
            self.optimizer,
            self.batch_size,
            self.seed,
        )
