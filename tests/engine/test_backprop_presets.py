"""The backprop page's presets: every number in a lesson is the engine's, for the config it opens."""

from __future__ import annotations

import math

import pytest

from engine.neuralmath.backprop import EXAMPLES, trace
from engine.neuralmath.config import BackpropConfig
from engine.neuralmath.presets import BACKPROP_PRESETS, SATURATED, preset_trace, saturated_numbers, sci

BY_TITLE = {p.title: p for p in BACKPROP_PRESETS}
SATURATED_PRESET = BY_TITLE["Saturated output neuron"]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


@pytest.mark.parametrize("preset", BACKPROP_PRESETS, ids=lambda p: p.title)
def test_every_preset_opens_a_valid_config(preset) -> None:
    cfg = preset.applied_to(BackpropConfig())
    assert cfg.validated() == cfg
    again, problems = BackpropConfig.from_params(cfg.to_params())
    assert (again, problems) == (cfg, [])


def test_saturated_output_neuron_numbers_come_from_the_engine() -> None:
    """Issue 13: the lesson said sigma'(z3) ~ 0.0001; with w5 = w6 = b3 = 5, z3 = 10.95 and
    sigma'(z3) = 1.75e-5, y-hat = 0.99998. The numbers are the trace's of the config the preset opens."""
    cfg = SATURATED_PRESET.applied_to(BackpropConfig())
    assert cfg.example == "mlp"
    assert all(cfg.leaves()[name] == value for name, value in SATURATED.items())
    t = trace(EXAMPLES["mlp"], cfg.leaves(), cfg.lr)
    z3, yhat = t.values["z3"], t.values["yhat"]
    local = t.grads["z3"] / t.grads["yhat"]  # the sigmoid gate's local derivative, from backward()
    # the same numbers by hand, from the example's inputs and first-layer weights
    d = EXAMPLES["mlp"].defaults
    h1 = _sigmoid(d["w1"] * d["x1"] + d["w2"] * d["x2"] + d["b1"])
    h2 = _sigmoid(d["w3"] * d["x1"] + d["w4"] * d["x2"] + d["b2"])
    by_hand = SATURATED["w5"] * h1 + SATURATED["w6"] * h2 + SATURATED["b3"]
    assert z3 == pytest.approx(by_hand, rel=1e-12)
    assert yhat == pytest.approx(_sigmoid(by_hand), rel=1e-12)
    assert local == pytest.approx(yhat * (1 - yhat), rel=1e-9)
    # the corrected facts of the issue
    assert round(z3, 2) == 10.95
    assert round(yhat, 5) == 0.99998
    assert local == pytest.approx(1.75e-5, rel=0.01)  # not "about 0.0001"
    # the lesson shows exactly these numbers
    numbers = saturated_numbers()
    assert numbers["z3"] == z3 and numbers["dsigma"] == local
    lesson = SATURATED_PRESET.lesson
    assert f"z₃ = {z3:.2f}" in lesson
    assert f"ŷ = σ(z₃) = {yhat:.5f}" in lesson
    assert f"σ′(z₃) = ŷ(1 − ŷ) = {sci(local, 3)}" in lesson
    assert f"∂L/∂z₃ = {sci(t.grads['z3'], 3)}" in lesson
    assert "0.0001" not in lesson


def test_sci_formats_like_the_issue() -> None:
    assert sci(1.754385e-5, 3) == "1.75 × 10⁻⁵"
    assert sci(1048576.0) == "1.0 × 10⁶"


def test_first_graph_says_whose_numbers_it_uses() -> None:
    """The slides draw e = (a + b)·c without numbers; a = -2, b = 5, c = -4 are CS231n's."""
    ex = EXAMPLES["expr"]
    lesson = BY_TITLE["e = (a + b)·c, from the start"].lesson
    assert "CS231n" in lesson and "without numbers" in lesson
    assert "CS231n" in ex.story
    t = preset_trace(BY_TITLE["e = (a + b)·c, from the start"])
    a, b, c = (ex.defaults[n] for n in "abc")
    assert f"a = {a:g}, b = {b:g}, c = {c:g}".replace("-", "−") in lesson
    assert f"d = {t.values['d']:g}, e = {t.values['e']:g}".replace("-", "−") in lesson
    assert t.values["e"] == (a + b) * c
    assert t.grads["a"] == t.grads["b"] == c and t.grads["c"] == a + b


def test_sigmoid_toll_ranges_are_the_engines() -> None:
    t = preset_trace(BY_TITLE["2-2-1 network: the sigmoid's toll"])
    lesson = BY_TITLE["2-2-1 network: the sigmoid's toll"].lesson
    out = sorted(abs(t.grads[w]) for w in ("w5", "w6"))
    hidden = sorted(abs(t.grads[w]) for w in ("w1", "w2", "w3", "w4"))
    assert f"{out[0]:.3f}-{out[1]:.3f}" in lesson
    assert f"{hidden[0]:.4f}-{hidden[-1]:.4f}" in lesson
    assert out[0] / hidden[-1] > 50  # "much smaller": the sigmoid's toll


def test_bce_presets() -> None:
    slow = preset_trace(BY_TITLE[f"BCE, SGD on d₁ then d₂ (lr {EXAMPLES['bce'].lr:g})"])
    fast = preset_trace(BY_TITLE["BCE with learning rate 1"])
    assert slow.new_loss < slow.loss and fast.new_loss < slow.new_loss
    assert f"{fast.lr / slow.lr:.0f}× bigger" in BY_TITLE["BCE with learning rate 1"].lesson
