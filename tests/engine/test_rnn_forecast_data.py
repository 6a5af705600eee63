"""The series, the split, the windows and the bad-input messages."""

from __future__ import annotations

import numpy as np
import pytest

from engine.sequences.forecast.config import ForecastConfig
from engine.sequences.forecast.data import (
    MIN_TRAIN_WINDOWS,
    load_series,
    load_stocks,
    make_windows,
    series_problem,
)


def test_the_real_series_is_plotlys_bundled_stocks_file() -> None:
    import plotly.data

    frame = load_stocks()
    assert frame.shape == (105, 7)
    assert frame.equals(plotly.data.stocks())  # the same file plotly.data.stocks() reads
    series = load_series(ForecastConfig(series="stock", ticker="AAPL"))
    assert len(series) == 105 and series.values[0] == 1.0 and series.dates[0] == "2018-01-01"
    assert "plotly" in series.source


@pytest.mark.parametrize("kind", ["sine", "sines", "damped"])
def test_generated_series_are_seeded(kind: str) -> None:
    a = load_series(ForecastConfig(series=kind, seed=3)).values
    b = load_series(ForecastConfig(series=kind, seed=3)).values
    c = load_series(ForecastConfig(series=kind, seed=4)).values
    assert len(a) == 400 and np.array_equal(a, b) and not np.array_equal(a, c)
    clean = load_series(ForecastConfig(series=kind, noise=0.0)).values
    assert np.std(a - clean) == pytest.approx(0.05, rel=0.2)


def test_windows_and_the_split() -> None:
    series = load_series(ForecastConfig(n_points=100, window=10))
    w = make_windows(series, 10)
    assert series.n_val == 25 and series.n_train == 75
    assert w.x_train.shape == (65, 10, 1) and w.x_val.shape == (25, 10, 1)
    z = (series.values - series.values[:75].mean()) / series.values[:75].std()
    assert w.x_train[3, :, 0] == pytest.approx(z[3:13], abs=1e-6) and w.y_train[3, 0] == pytest.approx(z[13])
    assert w.y_val[:, 0] == pytest.approx(z[75:], abs=1e-6)  # every validation point, nothing trained on
    assert w.to_series(w.z) == pytest.approx(series.values)


def test_a_window_longer_than_the_series_is_explained() -> None:
    stock = load_series(ForecastConfig(series="stock"))
    why = series_problem(stock, 150)
    assert "longer than the whole series (105 points)" in why
    why = series_problem(stock, 75)
    assert "training examples" in why and f"at most {79 - MIN_TRAIN_WINDOWS}" in why
    assert series_problem(stock, 79 - MIN_TRAIN_WINDOWS) == ""
    with pytest.raises(ValueError, match="longer than"):
        make_windows(stock, 150)
