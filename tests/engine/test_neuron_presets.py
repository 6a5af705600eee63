"""The single-neuron pages' presets: valid configs, and the numbers their lessons quote come from the engine."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.neuron.config import GatesConfig, NeuronConfig
from engine.neuron.data import DATASETS, LINE
from engine.neuron.model import mse_gradients
from ui.neuron.presets import GATE_PRESETS, NEURON_PRESETS, swing_change


def _lambda_max_closed_form(x: np.ndarray) -> float:
    """Largest eigenvalue of the MSE Hessian 2 * [[mean x^2, mean x], [mean x, 1]], by the 2x2 formula."""
    m1, m2 = float(np.mean(x)), float(np.mean(x * x))
    return (m2 + 1) + math.sqrt((m2 - 1) ** 2 + 4 * m1**2)


def _swing_ratio(lr: float, epochs: int = 40) -> float:
    """Plain full-batch gradient descent with the engine's MSE gradients on the line data: the ratio
    of the last two swings along the loss's steepest direction (the zig-zag; its eigenvector from
    the closed-form Hessian), i.e. how much wider (> 1) or narrower (< 1) each swing is."""
    x, y = LINE.x.astype(np.float64), LINE.y.astype(np.float64)
    hessian = 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    steep = np.linalg.eigh(hessian)[1][:, -1]
    w, b, swings = 0.0, 0.0, []
    for _ in range(epochs):
        _, dw, db = mse_gradients(w, b, x, y)
        w, b = w - lr * dw, b - lr * db
        swings.append(float(steep @ np.array([w - 2.0, b - 1.0])))  # the line's true (w, b) is (2, 1)
    assert swings[-1] * swings[-2] < 0, "no zig-zag"
    return abs(swings[-1] / swings[-2])


@pytest.mark.parametrize("key", sorted(DATASETS))
def test_curvature_is_the_hessians_largest_eigenvalue(key: str) -> None:
    data = DATASETS[key]
    assert data.curvature() == pytest.approx(_lambda_max_closed_form(data.x.astype(np.float64)))
    assert data.max_stable_lr() == pytest.approx(2 / data.curvature())


def test_just_past_the_edge_every_swing_is_one_percent_wider() -> None:
    """Issue 13: the lesson said 0.9 %; |1 - 0.024 * 83.73| = 1.0096, i.e. 1.0 % wider per swing."""
    lam = _lambda_max_closed_form(LINE.x.astype(np.float64))
    assert lam == pytest.approx(83.73, abs=0.005)
    factor = abs(1 - 0.024 * lam)
    assert factor == pytest.approx(1.0096, abs=5e-5)
    assert _swing_ratio(0.024) == pytest.approx(factor, rel=1e-6)  # what gradient descent really does
    past = next(p for p in NEURON_PRESETS if p.title == "Just past the edge")
    assert past.values["learning_rate"] == 0.024
    assert "every swing is 1.0 % wider" in past.lesson and "0.9 %" not in past.lesson
    assert f"limit {2 / lam:.4f}" in past.lesson  # 0.0239


def test_on_the_edge_every_swing_shrinks() -> None:
    factor = abs(1 - 0.022 * _lambda_max_closed_form(LINE.x.astype(np.float64)))
    assert _swing_ratio(0.022) == pytest.approx(factor, rel=1e-6)
    edge = next(p for p in NEURON_PRESETS if p.title == "On the edge")
    assert f"every swing is {100 * (1 - factor):.0f} % smaller" in edge.lesson  # 16 %
    assert swing_change(0.022) == "16 % smaller"


def test_every_preset_is_a_valid_config() -> None:
    current = NeuronConfig(seed=7, x_query=-3.0)
    for preset in NEURON_PRESETS:
        cfg = preset.applied_to(current)
        assert (cfg.seed, cfg.x_query) == (7, -3.0), preset.title  # the learner's seed and x stay
    hand = GatesConfig(learning_rate=0.3, epochs=100)
    for preset in GATE_PRESETS:
        cfg = preset.applied_to(hand)
        assert cfg.gate == preset.values["gate"], preset.title
        if cfg.mode == "manual":
            assert (cfg.learning_rate, cfg.epochs) == (0.3, 100), preset.title


def test_old_links_open_the_same_experiment() -> None:
    """Links written before the one-table URL state (floats as ``%g``) parse to the same configs."""
    assert NeuronConfig.from_params({"data": "house", "lr": "0.005", "x": "-2", "seed": "3"}) == (
        NeuronConfig(dataset="house", learning_rate=0.005, x_query=-2.0, seed=3),
        [],
    )
    assert GatesConfig.from_params({"gate": "NOR", "w1": "-20", "b": "10", "lr": "3"}) == (
        GatesConfig(gate="NOR", w1=-20.0, b=10.0, learning_rate=3.0),
        [],
    )
