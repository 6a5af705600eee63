"""The activation page's presets: the configs they open and the numbers their lessons state."""

from __future__ import annotations

import numpy as np
import pytest

from engine.neuralmath.activations import evaluate
from engine.neuralmath.config import ActivationsConfig, default_alpha
from engine.neuralmath.presets import (
    ACTIVATION_COLLAPSE_PRESETS,
    ACTIVATION_FUNCTION_PRESETS,
    ACTIVATION_GRADIENT_PRESETS,
    sci,
)
from engine.neuralmath.vanishing import deep_net_gradients

ALL = ACTIVATION_FUNCTION_PRESETS + ACTIVATION_GRADIENT_PRESETS + ACTIVATION_COLLAPSE_PRESETS


@pytest.mark.parametrize("preset", ALL, ids=lambda p: p.title)
def test_presets_open_valid_configs_and_keep_the_rest(preset) -> None:
    current = ActivationsConfig(act="elu", alpha=2.0, seed=7, width=16, x=3.0)
    cfg = preset.applied_to(current)
    assert cfg.validated() == cfg
    assert (cfg.seed, cfg.width) == (7, 16)  # the learner's other settings stay
    if preset.build is not None and "alpha" not in preset.values:  # the activation brings its own alpha
        assert cfg.alpha == default_alpha(cfg.act)


def _readout(preset) -> tuple[float, float]:
    cfg = preset.applied_to(ActivationsConfig())
    f, d = evaluate(cfg.act, np.array([cfg.x]), cfg.alpha)
    return float(f[0]), float(d[0])


def test_function_lessons_state_the_page_readout() -> None:
    best, saturated, _, leaky, _ = ACTIVATION_FUNCTION_PRESETS
    assert f"= {_readout(best)[1]:g}, its maximum" in best.lesson
    f6, d6 = _readout(saturated)
    assert f"output is {f6:.4f} and the slope {d6:.4f}" in saturated.lesson
    assert f"the slope is {_readout(leaky)[1]:g}" in leaky.lesson


def test_measured_net_numbers_are_the_pages() -> None:
    preset = ACTIVATION_GRADIENT_PRESETS[0]
    cfg = preset.applied_to(ActivationsConfig())
    g = deep_net_gradients("sigmoid", cfg.depth, cfg.width, cfg.seed).layer_grad
    assert f"gets {sci(float(g[0]))} vs {sci(float(g[-1]))} at the output" in preset.lesson
    assert f"0.25¹⁰ ≈ {sci(0.25**10)}" in preset.lesson
    exploding = ACTIVATION_GRADIENT_PRESETS[2]
    cfg = exploding.applied_to(ActivationsConfig())
    assert f"2²⁰ ≈ {sci(cfg.weight**cfg.depth)}" in exploding.lesson
