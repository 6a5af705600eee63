"""The series (generated, or plotly's bundled weekly stock prices), the split and the windows.

UI-free and TensorFlow-free. The real series is read from the CSV file that the plotly
package ships (``package_data/datasets/stocks.csv.gz``); plotly itself is never imported.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
from pathlib import Path

import numpy as np

from engine.sequences.forecast.config import TICKERS, VAL_FRACTION, ForecastConfig

#: A run needs at least this many training windows.
MIN_TRAIN_WINDOWS = 8
SINE_PERIOD = 30.0
SINES_PERIODS = (40.0, 13.0)
DAMPED_PERIOD = 40.0
#: The damped oscillator's decay time, as a fraction of the series length.
DAMPED_TAU = 0.4


@dataclasses.dataclass(frozen=True)
class Series:
    """One series: ``values`` (n,) float64, its name, where it comes from, and its time axis."""

    values: np.ndarray
    label: str
    source: str
    unit: str
    dates: tuple[str, ...] | None = None

    def __len__(self) -> int:
        return len(self.values)

    @property
    def n_val(self) -> int:
        """Points in the validation range (the last quarter; at least 1)."""
        return max(1, round(len(self.values) * VAL_FRACTION))

    @property
    def n_train(self) -> int:
        return len(self.values) - self.n_val


def stocks_path() -> Path | None:
    """plotly's bundled ``stocks.csv.gz`` (found without importing plotly), or None."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "package_data" / "datasets" / "stocks.csv.gz"
    return path if path.is_file() else None


@functools.lru_cache(maxsize=1)
def load_stocks():
    """The weekly closing prices 2018-2019 (a pandas DataFrame: date + one column per ticker)."""
    import pandas as pd

    path = stocks_path()
    if path is None:
        raise FileNotFoundError("plotly's bundled stocks.csv.gz was not found (is plotly installed?)")
    return pd.read_csv(path)


STOCK_SOURCE = (
    "plotly's bundled data set `plotly.data.stocks()` (file package_data/datasets/stocks.csv.gz of the "
    "installed plotly package): weekly closing prices 2018-2019 of six stocks, each divided by its "
    "price in the first week of 2018"
)


def generate(kind: str, n: int, noise: float, seed: int) -> np.ndarray:
    """A generated series of ``n`` points at t = 0, 1, ... plus seeded Gaussian noise."""
    t = np.arange(n, dtype=np.float64)
    if kind == "sine":
        clean = np.sin(2 * np.pi * t / SINE_PERIOD)
    elif kind == "sines":
        clean = np.sin(2 * np.pi * t / SINES_PERIODS[0]) + 0.5 * np.sin(2 * np.pi * t / SINES_PERIODS[1])
    elif kind == "damped":
        clean = np.exp(-t / (DAMPED_TAU * n)) * np.cos(2 * np.pi * t / DAMPED_PERIOD)
    else:
        raise ValueError(f"unknown generated series {kind!r}")
    return clean + noise * np.random.default_rng(seed).standard_normal(n)


FORMULAS: dict[str, str] = {
    "sine": rf"y_t = \sin(2\pi t/{SINE_PERIOD:g}) + \sigma\,\varepsilon_t",
    "sines": rf"y_t = \sin(2\pi t/{SINES_PERIODS[0]:g}) + 0.5\,\sin(2\pi t/{SINES_PERIODS[1]:g}) "
    r"+ \sigma\,\varepsilon_t",
    "damped": rf"y_t = e^{{-t/({DAMPED_TAU:g}\,n)}}\cos(2\pi t/{DAMPED_PERIOD:g}) + \sigma\,\varepsilon_t",
}


def load_series(cfg: ForecastConfig) -> Series:
    """The series ``cfg`` asks for."""
    if cfg.series == "stock":
        frame = load_stocks()
        values = frame[cfg.ticker].to_numpy(np.float64)
        return Series(
            values,
            f"{TICKERS[cfg.ticker]}, weekly close",
            STOCK_SOURCE,
            "price / price on 2018-01-01",
            tuple(str(d) for d in frame["date"]),
        )
    values = generate(cfg.series, cfg.n_points, cfg.noise, cfg.seed)
    source = (
        f"generated here: {cfg.n_points} points, noise σ = {cfg.noise:g}, seed {cfg.seed} "
        f"(numpy default_rng): ${FORMULAS[cfg.series]}$"
    )
    label = {"sine": "Sine wave", "sines": "Sum of two sines", "damped": "Damped oscillator"}[cfg.series]
    return Series(values, label, source, "y")


def series_problem(series: Series, window: int) -> str:
    """Why no run can be made from ``series`` with this window ("" if one can)."""
    n, n_train = len(series), series.n_train
    if window >= n:
        return (
            f"The window ({window} points) is longer than the whole series ({n} points): no example fits. "
            f"Use a window of at most {max(2, n_train - MIN_TRAIN_WINDOWS)} points or a longer series."
        )
    if n_train - window < MIN_TRAIN_WINDOWS:
        return (
            f"The window ({window} points) leaves only {max(0, n_train - window)} training examples in the "
            f"training part ({n_train} of {n} points; the last {series.n_val} are kept for validation). "
            f"At least {MIN_TRAIN_WINDOWS} are needed: use a window of at most "
            f"{max(2, n_train - MIN_TRAIN_WINDOWS)} points or a longer series."
        )
    return ""


@dataclasses.dataclass(frozen=True)
class Windows:
    """The supervised examples cut from a series, standardised with the training part's mean/std.

    ``x_train`` (n, window, 1) float32 and ``y_train`` (n, 1): every window that ends inside
    the training part and the value right after it. ``x_val``/``y_val``: one window per
    validation point (its inputs may reach back into the training part). ``z`` is the
    standardised series; ``mean``/``std`` map it back.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    z: np.ndarray
    mean: float
    std: float
    n_train: int
    window: int

    def to_series(self, z: np.ndarray) -> np.ndarray:
        return np.asarray(z, np.float64) * self.std + self.mean


def make_windows(series: Series, window: int) -> Windows:
    """Cut ``series`` into (window -> next value) examples; raises ValueError when none fit."""
    why = series_problem(series, window)
    if why:
        raise ValueError(why)
    values, n_train = series.values, series.n_train
    mean = float(values[:n_train].mean())
    std = float(values[:n_train].std()) or 1.0
    z = (values - mean) / std
    starts = np.arange(len(values) - window)
    idx = starts[:, None] + np.arange(window)[None, :]
    x = z[idx][..., None].astype(np.float32)
    y = z[window:][:, None].astype(np.float32)
    n_tr = n_train - window  # windows whose target lies in the training part
    return Windows(x[:n_tr], y[:n_tr], x[n_tr:], y[n_tr:], z, mean, std, n_train, window)
