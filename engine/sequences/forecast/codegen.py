"""The page's experiment as a standalone Keras script (shown in the "Keras code" tab; it runs)."""

from __future__ import annotations

from engine.sequences.forecast.config import VAL_FRACTION, ForecastConfig
from engine.sequences.forecast.data import DAMPED_PERIOD, DAMPED_TAU, SINE_PERIOD, SINES_PERIODS
from engine.sequences.forecast.models import LAYER_CLASSES

_OPTIMIZERS = {"adam": "Adam", "rmsprop": "RMSprop", "sgd": "SGD"}


def _series_code(cfg: ForecastConfig) -> str:
    if cfg.series == "stock":
        return (
            "import importlib.util\n"
            "import pathlib\n\n"
            "import pandas as pd\n\n"
            "# plotly ships this file (plotly.data.stocks()): weekly closes 2018-2019, no download\n"
            'csv = pathlib.Path(importlib.util.find_spec("plotly").origin).parent / "package_data" / '
            '"datasets" / "stocks.csv.gz"\n'
            f'y = pd.read_csv(csv)["{cfg.ticker}"].to_numpy(np.float64)\n'
        )
    formula = {
        "sine": f"np.sin(2 * np.pi * t / {SINE_PERIOD:g})",
        "sines": f"np.sin(2 * np.pi * t / {SINES_PERIODS[0]:g}) + 0.5 * np.sin(2 * np.pi * t / {SINES_PERIODS[1]:g})",
        "damped": f"np.exp(-t / ({DAMPED_TAU:g} * len(t))) * np.cos(2 * np.pi * t / {DAMPED_PERIOD:g})",
    }[cfg.series]
    return (
        f"t = np.arange({cfg.n_points}, dtype=np.float64)\n"
        f"y = {formula} + {cfg.noise:g} * np.random.default_rng({cfg.seed}).standard_normal(len(t))\n"
    )


def _layers_code(cfg: ForecastConfig) -> str:
    lines = []
    for i in range(cfg.layers):
        seq = ", return_sequences=True" if i < cfg.layers - 1 else ""
        lines.append(
            f"            cls({cfg.units}{seq}, kernel_initializer=keras.initializers.GlorotUniform("
            f"seed={cfg.seed * 100 + 2 * i}),\n"
            f"                recurrent_initializer=keras.initializers.Orthogonal(seed={cfg.seed * 100 + 2 * i + 1})),"
        )
    return "\n".join(lines)


def keras_code(cfg: ForecastConfig) -> str:
    """A script that builds the series, the windows and the networks, trains them with
    ``model.fit`` and prints each one's parameters and validation errors."""
    kinds = ", ".join(f'"{LAYER_CLASSES[k]}"' for k in cfg.models)
    return f"""import numpy as np
import keras

{_series_code(cfg)}
# The last quarter is the validation range; standardise with the training part's statistics
n_val = max(1, round(len(y) * {VAL_FRACTION:g}))
n_train = len(y) - n_val
mean, std = y[:n_train].mean(), y[:n_train].std()
z = (y - mean) / std

# Windows: {cfg.window} past values -> the next one
W = {cfg.window}
x_all = np.stack([z[i : i + W] for i in range(len(z) - W)])[..., None].astype("float32")
y_all = z[W:, None].astype("float32")
x_train, y_train = x_all[: n_train - W], y_all[: n_train - W]
x_val, y_val = x_all[n_train - W :], y_all[n_train - W :]


def build(name):
    cls = getattr(keras.layers, name)
    return keras.Sequential(
        [
            keras.Input((W, 1)),
{_layers_code(cfg)}
            keras.layers.Dense(1, kernel_initializer=keras.initializers.GlorotUniform(seed={cfg.seed * 100 + 99})),
        ]
    )


H = min({cfg.horizon}, n_val)  # free-running forecast: rolled forward from its own outputs
for name in [{kinds}]:
    model = build(name)
    model.compile(optimizer=keras.optimizers.{_OPTIMIZERS[cfg.optimizer]}(learning_rate={cfg.learning_rate:g}), loss="mse")
    model.fit(x_train, y_train, epochs={cfg.epochs}, batch_size={cfg.batch_size}, shuffle=True, verbose=0)
    onestep = model.predict(x_val, verbose=0)[:, 0] * std + mean
    window = z[n_train - W : n_train].astype("float32").copy()
    forecast = []
    for _ in range(H):
        next_z = float(model(window[None, :, None])[0, 0])
        forecast.append(next_z * std + mean)
        window = np.append(window[1:], next_z).astype("float32")
    truth = y[n_train:]
    rmse_1 = np.sqrt(np.mean((onestep - truth) ** 2))
    rmse_f = np.sqrt(np.mean((np.array(forecast) - truth[:H]) ** 2))
    print(f"{{name:9}} {{model.count_params():6}} parameters  RMSE one-step {{rmse_1:.4f}}  forecast {{rmse_f:.4f}}")
"""
