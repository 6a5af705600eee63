"""The page's numpy cells and parameter formulas against Keras (same weights, 1e-6)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.sequences.forecast.cells import forward, free_run, network_params
from engine.sequences.forecast.models import build_model


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("layers", [1, 2])
def test_numpy_forward_matches_keras(kind: str, layers: int) -> None:
    model = build_model(kind, 9, 5, layers, seed=3)
    rng = np.random.default_rng(0)
    weights = [w + 0.2 * rng.standard_normal(w.shape).astype(w.dtype) for w in model.get_weights()]
    model.set_weights(weights)  # non-zero biases too
    x = rng.standard_normal((6, 9, 1)).astype("float32")
    expected = model(x).numpy()[:, 0]
    assert forward(kind, weights, x) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize(("units", "layers"), [(1, 1), (16, 1), (7, 3), (32, 2), (64, 1)])
def test_parameter_formula_equals_keras_count_params(kind: str, units: int, layers: int) -> None:
    model = build_model(kind, 4, units, layers, seed=1)
    assert network_params(kind, units, layers) == model.count_params()


def test_closed_forms_of_the_default_networks() -> None:
    u, d = 16, 1
    assert network_params("rnn", u, 1) == u * (u + d) + u + (u + 1) == 305
    assert network_params("lstm", u, 1) == 4 * (u * (u + d) + u) + (u + 1) == 1169
    assert network_params("gru", u, 1) == 3 * (u * (u + d) + 2 * u) + (u + 1) == 929


def test_free_run_feeds_its_own_outputs_back() -> None:
    model = build_model("gru", 5, 4, 1, seed=2)
    weights = model.get_weights()
    seed = np.linspace(-1, 1, 5)
    out = free_run("gru", weights, seed, 3)
    window = seed.copy()
    for k in range(3):  # the same roll-out by hand, with Keras
        y = float(model(window[None, :, None].astype("float32"))[0, 0])
        assert out[k] == pytest.approx(y, abs=1e-6)
        window = np.append(window[1:], out[k])
