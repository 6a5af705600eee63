"""Every "What to try" lesson's claim, run through the engine with the preset's settings."""

from __future__ import annotations

from engine.live.run import RunStatus
from engine.live.scheduler import ComputeScheduler
from engine.sequences.forecast.cells import network_params
from engine.sequences.forecast.config import ForecastConfig
from engine.sequences.forecast.presets import PRESETS
from engine.sequences.forecast.run import ForecastRun

BY_TITLE = {p.title: p for p in PRESETS}


def _played(title: str) -> ForecastRun:
    """The preset's run, trained to its last epoch (or until it diverges)."""
    cfg = BY_TITLE[title].applied_to(ForecastConfig())
    run = ForecastRun(cfg, scheduler=ComputeScheduler(1, quantum_s=60.0))
    try:
        for _ in range(cfg.epochs):
            run._train_step()  # whole epochs, without a view after each
            if run._is_finished():
                break
    except Exception:
        run.stop()
        raise
    return run


def test_every_preset_is_valid_and_has_a_lesson() -> None:
    assert len(PRESETS) >= 4
    for preset in PRESETS:
        preset.applied_to(ForecastConfig())
        assert len(preset.lesson) > 80


def test_real_stock_prices_do_not_beat_next_equals_last() -> None:
    run = _played('Real stock prices vs "next = last"')
    p = run.predictions()
    run.stop()
    assert run.snapshot().epoch == 60
    assert p.rmse_naive < p.rmse_onestep.min()


def test_simple_rnn_drifts_when_free_running_and_gated_cells_hold() -> None:
    run = _played("Free-running: SimpleRNN vs LSTM/GRU")
    p = run.predictions()
    run.stop()
    rnn, lstm, gru = (run.kinds.index(k) for k in ("rnn", "lstm", "gru"))
    assert p.rmse_forecast[rnn] > 3 * p.rmse_onestep[rnn]
    assert p.rmse_forecast[lstm] < 0.5 * p.rmse_forecast[rnn]
    assert p.rmse_forecast[gru] < 0.5 * p.rmse_forecast[rnn]


def test_too_high_a_learning_rate_diverges_and_says_when() -> None:
    cfg = BY_TITLE["Too high a learning rate"].applied_to(ForecastConfig())
    run = ForecastRun(cfg, scheduler=ComputeScheduler(1, quantum_s=60.0))
    try:
        for _ in range(10):
            if run.step().status == RunStatus.DIVERGED:
                break
        snap = run.snapshot()
    finally:
        run.stop()
    assert snap.status == RunStatus.DIVERGED and snap.epoch < 10
    assert f"epoch {snap.epoch + 1}" in snap.message and "NaN" in snap.message


def test_bigger_networks_lstm_about_4x_gru_about_3x() -> None:
    cfg = BY_TITLE["Bigger: 2 layers of 32 units"].applied_to(ForecastConfig())
    counts = {k: network_params(k, cfg.units, cfg.layers) for k in cfg.models}
    assert 3.5 < counts["lstm"] / counts["rnn"] < 4.0
    assert 2.8 < counts["gru"] / counts["rnn"] < 3.2
