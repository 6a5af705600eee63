"""Each "What to try" claim of the recurrent-cell page, checked through the engine (fixed seeds)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.sequences.cell.analysis import run_all, run_cell
from engine.sequences.cell.config import CellConfig
from engine.sequences.cell.presets import CELL_PRESETS

BY_TITLE = {p.title.split(":")[0]: p for p in CELL_PRESETS}


def config(title: str) -> CellConfig:
    return BY_TITLE[title].applied_to(CellConfig())


def test_every_preset_is_a_valid_config() -> None:
    for preset in CELL_PRESETS:
        cfg = preset.applied_to(CellConfig())
        assert cfg.step <= cfg.n_steps
        run_cell(cfg, cfg.cell)


def test_vanishing_a_billion_times_smaller() -> None:
    runs = run_all(config("Vanishing"))
    assert runs["rnn"].ratio("state") < 1e-8
    assert runs["rnn"].ratio("input") < 1e-8
    curve = runs["rnn"].curve("state")
    assert np.all(np.diff(curve) > 0)  # smaller at every step back


def test_exploding_grows_about_as_the_scale_to_the_power() -> None:
    cfg = config("Exploding")
    rnn = run_cell(cfg, "rnn")
    assert 1e4 < rnn.ratio("state") <= 1.5**29 * 1.0001  # bounded by the largest singular value
    tanh = run_cell(cfg.__class__(**{**cfg.as_dict(), "activation": "tanh"}), "rnn")
    assert tanh.ratio("state") < 1e-2  # saturated tanh: vanishing again


def test_clipping_keeps_the_direction_and_caps_the_length() -> None:
    run = run_cell(config("Clipped"), "rnn")
    assert run.grads.global_norm > 1e6
    assert run.clipped_norm == pytest.approx(1.0)
    assert run.factor < 1e-6
    # the curve's shape (ratio first/last) is the same: clipping scales every step alike
    assert run.ratio("state") == pytest.approx(run_cell(config("Exploding"), "rnn").ratio("state"))


def test_lstm_cell_path_keeps_the_gradient() -> None:
    cfg = config("LSTM keeps it alive")
    runs = run_all(cfg)
    assert runs["lstm"].ratio("state") > 0.1
    assert runs["rnn"].ratio("state") < 1e-8
    f = runs["lstm"].trace.parts["f"]
    assert 0.9 < float(f.mean()) < 1.0
    forgetful = run_cell(cfg.__class__(**{**cfg.as_dict(), "forget_bias": 0.0}), "lstm")
    assert forgetful.ratio("state") < 1e-4


def test_gru_gates_span_copy_and_replace() -> None:
    run = run_cell(config("GRU's gates on a sine"), "gru")
    z = run.trace.parts["z"]
    assert z.shape == (16, 4)
    assert z.min() > 0.0 and z.max() < 1.0
    # where z is larger the state moves less
    h = run.trace.h
    moved = np.abs(h[1:] - h[:-1]).ravel()
    assert np.corrcoef(z.ravel(), moved)[0, 1] < 0
