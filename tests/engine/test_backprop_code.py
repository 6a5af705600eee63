"""The code the three pages show runs as printed (a learner copies it into a notebook)."""

from __future__ import annotations

import contextlib
import io

import pytest

from engine.neuralmath.backprop import EXAMPLES
from engine.neuralmath.config import ActivationsConfig, SoftmaxConfig
from engine.neuralmath.softmax import softmax_table
from ui.neuralmath import activations_view, backprop_view, softmax_view


def _run(source: str) -> str:
    from engine.tf_runtime import get_tf

    get_tf()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<page code>", "exec"), {})  # the page's own generated snippet, no user text
    return out.getvalue()


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_backprop_code_runs(key: str) -> None:
    ex = EXAMPLES[key]
    _run(backprop_view.code(ex, {**ex.defaults, **ex.samples[0]}, ex.lr))


def test_expression_code_prints_the_graph_gradients() -> None:
    ex = EXAMPLES["expr"]
    out = _run(backprop_view.code(ex, ex.defaults, ex.lr))
    assert "-12.0" in out and "-4.0" in out and "3.0" in out


@pytest.mark.parametrize("act", ["sigmoid", "leaky_relu", "swish", "elu"])
def test_activation_code_runs(act: str) -> None:
    cfg = ActivationsConfig(act=act, depth=3, alpha=0.2)
    _run(activations_view.numpy_code(cfg))
    out = _run(activations_view.keras_code(cfg))
    assert out.count("kernel") == 4  # 3 hidden layers + the output


def test_softmax_code_runs() -> None:
    cfg = SoftmaxConfig(true_class=2, temperature=0.5)
    loss = softmax_table(cfg.logits, cfg.temperature, cfg.true_class).loss
    assert f"{loss:.6f}"[:7] in _run(softmax_view.numpy_code(cfg))
    out = _run(softmax_view.keras_code(cfg))
    lines = [line for line in out.splitlines() if line.strip()]
    assert lines[0] == lines[1]  # sparse and one-hot labels: the same loss
