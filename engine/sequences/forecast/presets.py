""" "What to try" on the time-series page; each lesson's claim is checked by
``tests/engine/test_rnn_forecast_presets.py`` (same seed, through the engine)."""

from __future__ import annotations

from engine.presets import Preset

PRESETS: tuple[Preset, ...] = (
    Preset(
        'Real stock prices vs "next = last"',
        "Microsoft's weekly closes, 2018-2019 (plotly's bundled data). After 60 epochs compare each "
        "network's **RMSE one-step** with the **baseline** row: the naive forecast *next week = this week* "
        "beats all three. The 2019 prices leave the range seen in 2018, and a price series is close to a "
        "random walk: its past says little about its next step.",
        {"series": "stock", "ticker": "MSFT", "window": 8, "epochs": 60},
    ),
    Preset(
        "Free-running: SimpleRNN vs LSTM/GRU",
        "A damped oscillator with little noise, 30 epochs. The one-step predictions (left chart) of all three "
        "hug the truth. Rolled forward from their own outputs (right chart), the SimpleRNN's small errors "
        "compound and its forecast drifts off (forecast RMSE several times its one-step RMSE), while the "
        "LSTM's and GRU's gated memories keep the decaying oscillation.",
        {"series": "damped", "noise": 0.02, "n_points": 200, "epochs": 30},
    ),
    Preset(
        "Too high a learning rate",
        "Plain SGD with learning rate 1.0: the gradients of a recurrent network, multiplied through the "
        "window's time steps, blow the weights up within a few epochs. The run stops and says in which "
        "epoch the loss became NaN.",
        {"optimizer": "sgd", "learning_rate": 1.0},
    ),
    Preset(
        "Bigger: 2 layers of 32 units",
        "Read the **parameters** column: an LSTM has four weight blocks per cell (gates i, f, o and the "
        "candidate), a GRU three (+ a second bias), a SimpleRNN one, so the LSTM is about 4× and the GRU "
        "about 3× the SimpleRNN's size (the formulas are in *How it works*). Windows per second drop accordingly.",
        {"layers": 2, "units": 32, "epochs": 30},
    ),
)
