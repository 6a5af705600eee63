"""Why non-linearity: the deep linear playground network equals one linear layer."""

from __future__ import annotations

import numpy as np
import pytest

from engine.neuralmath.collapse import collapse_weights, linear_vs_nonlinear


def test_collapse_weights_is_the_matrix_product() -> None:
    rng = np.random.default_rng(0)
    ks = [rng.normal(size=s) for s in ((2, 4), (4, 3), (3, 1))]
    bs = [rng.normal(size=s[1]) for s in ((2, 4), (4, 3), (3, 1))]
    w, b = collapse_weights(ks, bs)
    np.testing.assert_allclose(w, ks[0] @ ks[1] @ ks[2])
    x = rng.normal(size=(10, 2))
    deep = ((x @ ks[0] + bs[0]) @ ks[1] + bs[1]) @ ks[2] + bs[2]
    np.testing.assert_allclose(x @ w + b, deep)


def test_deep_linear_network_collapses_and_nonlinear_one_does_not() -> None:
    res = linear_vs_nonlinear("circle", (4, 4, 4), "tanh", epochs=60, seed=1)
    assert res.collapsed_w.shape == (2, 1) and res.collapsed_b.shape == (1,)
    assert res.max_diff < 1e-4  # same outputs as the deep linear net, up to float32
    assert res.nonlinear.train_acc > 0.9 > 0.75 > res.linear.train_acc
    # The collapsed layer's boundary is one straight line: on every grid row the class flips at most once.
    flips = np.abs(np.diff((res.collapsed_grid > 0.5).astype(int), axis=1)).sum(axis=1)
    assert flips.max() <= 1
    with pytest.raises(ValueError):
        linear_vs_nonlinear("blobs3", (2,), "tanh", epochs=1)


def test_the_xor_preset_tells_what_happens() -> None:
    """'XOR, 6 linear layers': the linear stack ends undecided (p ≈ 0.5 everywhere, about half
    right) and the same 6 layers with tanh get every quadrant (default seed, the page's 150 epochs)."""
    from engine.neuralmath.config import ActivationsConfig
    from engine.neuralmath.presets import ACTIVATION_COLLAPSE_PRESETS
    from ui.neuralmath.activations_view import UNDECIDED_SPREAD, collapse_latex

    preset = next(p for p in ACTIVATION_COLLAPSE_PRESETS if p.title == "XOR, 6 linear layers")
    cfg = preset.applied_to(ActivationsConfig())
    res = linear_vs_nonlinear(cfg.collapse_data, (4,) * cfg.collapse_layers, cfg.collapse_act, 150, cfg.seed)
    assert np.abs(res.linear.grid_output - 0.5).max() < UNDECIDED_SPREAD
    assert res.linear.train_acc < 0.6
    assert res.nonlinear.train_acc >= 0.99 and res.nonlinear.test_acc >= 0.95
    assert "no boundary" in collapse_latex(res)[1]
