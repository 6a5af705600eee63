"""The numpy/TensorFlow/Keras code shown on the convolution page runs and reproduces the engine's output."""

from __future__ import annotations

import numpy as np
import pytest

from engine.conv.config import StepConfig
from engine.conv.step import build_problem
from engine.tf_runtime import get_tf
from ui.conv.explain import conv_code


@pytest.mark.parametrize(
    "cfg",
    [
        StepConfig(),
        StepConfig(example="sharpen", padding=1, stride=1),
        StepConfig(
            example="random", size=6, channels=2, filters=3, kernel=2, padding=0, stride=1, dilation=2
        ),
    ],
)
def test_shown_code_reproduces_the_engine(cfg: StepConfig, capsys) -> None:
    get_tf()
    prob = build_problem(cfg)
    code = conv_code(prob.x, prob.w, prob.b, cfg.padding, cfg.stride, cfg.dilation)
    namespace: dict = {}
    exec(compile(code, "<page code>", "exec"), namespace)  # our own generated code, not user input
    np.testing.assert_allclose(namespace["out"], prob.out, atol=1e-5)
    printed = capsys.readouterr().out
    assert "False" not in printed and printed.count("True") == 2
