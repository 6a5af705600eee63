""" "What to try" presets of the activation, backprop and softmax pages.

Every number in a lesson is computed here from the engine (the same functions the pages draw
with), so a lesson cannot drift from what the page shows; ``tests/engine`` checks them.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from engine.neuralmath.activations import SATURATION_THRESHOLD, evaluate
from engine.neuralmath.backprop import EXAMPLES, Trace, leaf_names, trace
from engine.neuralmath.config import ActivationsConfig, BackpropConfig
from engine.neuralmath.softmax import SLIDE_EXP, SLIDE_LOGITS, naive_softmax, softmax, softmax_table
from engine.neuralmath.vanishing import chain_gradients, deep_net_gradients
from engine.presets import Preset

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def num(value: float, spec: str = ".4g") -> str:
    """``value`` formatted for prose, with a typographic minus."""
    return format(value, spec).replace("-", "−")


def sci(value: float, digits: int = 2) -> str:
    """``value`` as "1.8 × 10⁻⁵" (``digits`` significant digits)."""
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    return f"{num(float(mantissa), f'.{digits - 1}f')} × 10{str(int(exponent)).translate(_SUPERSCRIPT)}"


# --------------------------------------------------------------------------- activations


def _f(act: str, x: float, alpha: float | None = None) -> tuple[float, float]:
    f, d = evaluate(act, np.array([x]), alpha)
    return float(f[0]), float(d[0])


def _act_preset(title: str, lesson: str, act: str, **values: object) -> Preset:
    """A preset that switches to ``act`` (with its own α) and changes only ``values``."""
    return Preset(title, lesson, values, from_defaults=False, build=lambda c: c.with_activation(act))


def _function_presets() -> tuple[Preset, ...]:
    s0, d0 = _f("sigmoid", 0.0)
    s6, d6 = _f("sigmoid", 6.0)
    _, leak = _f("leaky_relu", -2.0, 0.1)
    return (
        _act_preset(
            "Sigmoid's best slope",
            f"At x = 0 the sigmoid's slope is σ(0)(1 − σ(0)) = {s0:g} · {1 - s0:g} = {d0:g}, its maximum: "
            "every sigmoid layer passes back at most a quarter of the gradient.",
            "sigmoid",
            x=0.0,
        ),
        _act_preset(
            "Saturated sigmoid",
            f"At x = 6 the output is {s6:.4f} and the slope {d6:.4f} (shaded = |f′| < "
            f"{SATURATION_THRESHOLD:g}): the neuron barely learns, whatever the error.",
            "sigmoid",
            x=6.0,
        ),
        _act_preset(
            "Dead ReLU",
            "For x < 0 ReLU outputs 0 with slope 0: no gradient flows back. A neuron whose input stays "
            "negative for every example never recovers.",
            "relu",
            x=-2.0,
        ),
        _act_preset(
            "Leaky ReLU keeps a trickle",
            f"Same input, leaky ReLU with α = 0.1: the slope is {leak:g}, so the neuron can still learn "
            "its way back.",
            "leaky_relu",
            x=-2.0,
            alpha=0.1,
        ),
        _act_preset(
            "All of them at once",
            "Swish/SiLU with the others in grey: smooth like softplus, nearly linear for large x like ReLU.",
            "swish",
            x=-1.28,
            overlay=True,
        ),
    )


def _gradient_presets() -> tuple[Preset, ...]:
    base = ActivationsConfig()
    best = float(chain_gradients("sigmoid", 10)[-1])
    measured = deep_net_gradients("sigmoid", 10, base.width, base.seed).layer_grad
    relu = float(chain_gradients("relu", 30, 1.0, 1.0)[-1])
    _, tanh0 = _f("tanh", 0.0)
    exploding = float(chain_gradients("tanh", 20, 0.0, 2.0)[-1])
    return (
        _act_preset(
            "Sigmoid, 10 layers",
            f"0.25¹⁰ ≈ {sci(best)}: the first layer gets a millionth of the output's gradient, at best. "
            f"In the measured net (below) sigmoid's first layer gets {sci(float(measured[0]))} vs "
            f"{sci(float(measured[-1]))} at the output.",
            "sigmoid",
            depth=10,
            z=0.0,
            weight=1.0,
        ),
        _act_preset(
            "ReLU, 30 layers",
            f"With positive inputs ReLU's slope is exactly 1: the product stays {relu:g} however deep the "
            "network. That is why ReLU made deep networks trainable.",
            "relu",
            depth=30,
            z=1.0,
            weight=1.0,
        ),
        _act_preset(
            "Exploding: tanh, weight 2",
            f"Weights matter too: tanh′(0) = {tanh0:g} times w = 2 doubles the gradient at every layer, "
            f"2²⁰ ≈ {sci(exploding)}. Careful initialization (Glorot, He) keeps w·f′ near 1.",
            "tanh",
            depth=20,
            z=0.0,
            weight=2.0,
        ),
    )


def _collapse_presets() -> tuple[Preset, ...]:
    return (
        Preset(
            "Circle, 3 linear layers",
            "Three hidden layers of 4 linear neurons still draw one straight line through the circle; "
            "tanh bends the boundary around it.",
            {"collapse_data": "circle", "collapse_layers": 3, "collapse_act": "tanh", "train": True},
            from_defaults=False,
        ),
        Preset(
            "XOR, 6 linear layers",
            "Even 6 linear layers cannot split XOR's quadrants: the stack is one line, and on XOR the best "
            "line is no line at all, p ≈ 0.5 everywhere (about half right). The same 6 layers with tanh "
            "get every quadrant: depth alone adds nothing, the non-linearity does.",
            {"collapse_data": "xor", "collapse_layers": 6, "collapse_act": "tanh", "train": True},
            from_defaults=False,
        ),
    )


ACTIVATION_FUNCTION_PRESETS = _function_presets()
ACTIVATION_GRADIENT_PRESETS = _gradient_presets()
ACTIVATION_COLLAPSE_PRESETS = _collapse_presets()


# --------------------------------------------------------------------------- backprop


def _bp_preset(title: str, lesson: str, example: str, step: int = 0, **values: object) -> Preset:
    """A preset that loads ``example`` at its own start, then sets ``step`` and ``values``."""
    return Preset(
        title, lesson, {"step": step, **values}, build=lambda c: BackpropConfig.for_example(example)
    )


def mlp_values(**changes: float) -> tuple[float, ...]:
    """The 2-2-1 example's leaf values (graph order) with ``changes``."""
    ex = EXAMPLES["mlp"]
    return tuple({**ex.defaults, **changes}[n] for n in leaf_names(ex))


#: The "Saturated output neuron" preset's output weights and bias.
SATURATED = {"w5": 5.0, "w6": 5.0, "b3": 5.0}


def preset_trace(preset: Preset) -> Trace:
    """The trace a backprop preset opens (its values, learning rate and sample)."""
    cfg = preset.applied_to(BackpropConfig())
    return trace(EXAMPLES[cfg.example], cfg.leaves(), cfg.lr)


def _config_trace(cfg: BackpropConfig) -> Trace:
    return trace(EXAMPLES[cfg.example], cfg.leaves(), cfg.lr)


def _expr_lesson() -> str:
    ex = EXAMPLES["expr"]
    t = _config_trace(BackpropConfig.for_example("expr"))
    a, b, c = (num(ex.defaults[n], "g") for n in ("a", "b", "c"))
    v, g = t.values, t.grads
    return (
        "The slides' first graph, d = a + b and e = (a + b)·c (deck 001 draws it without numbers), "
        f"with CS231n's values a = {a}, b = {b}, c = {c}. Press **Next** 2× for the forward pass "
        f"(d = {num(v['d'], 'g')}, e = {num(v['e'], 'g')}), 2× for the backward pass "
        f"(∂e/∂a = ∂e/∂b = c = {num(g['a'], 'g')}, ∂e/∂c = d = {num(g['c'], 'g')}), once more to update."
    )


def _mlp_lesson() -> str:
    ex = EXAMPLES["mlp"]
    g = _config_trace(BackpropConfig.for_example("mlp")).grads
    out = sorted(abs(g[w]) for w in ("w5", "w6"))
    hidden = sorted(abs(g[w]) for w in ("w1", "w2", "w3", "w4"))
    return (
        f"The update table: output weights w₅, w₆ get gradients of {out[0]:.3f}-{out[1]:.3f}, the hidden "
        f"weights w₁…w₄ only {hidden[0]:.4f}-{hidden[-1]:.4f}, {out[0] / hidden[-1]:.0f}-"
        f"{out[1] / hidden[0]:.0f}× smaller. Each sigmoid multiplies by σ(1−σ) ≤ 0.25 and the inputs "
        f"are small ({ex.defaults['x1']:.2f}, {ex.defaults['x2']:.2f})."
    )


def saturated_numbers() -> dict[str, float]:
    """z₃, ŷ, y, σ′(z₃) (the sigmoid's local derivative from the backward pass) and ∂L/∂z₃
    of the 2-2-1 network with the :data:`SATURATED` output weights."""
    cfg = dataclasses.replace(BackpropConfig.for_example("mlp"), values=mlp_values(**SATURATED))
    t = _config_trace(cfg)
    return {
        "z3": t.values["z3"],
        "yhat": t.values["yhat"],
        "y": t.values["y"],
        "dsigma": t.grads["z3"] / t.grads["yhat"],
        "dz3": t.grads["z3"],
    }


def _saturated_lesson() -> str:
    s = saturated_numbers()
    w = ", ".join(f"{SATURATED[n]:g}" for n in ("w5", "w6"))
    return (
        f"Output weights {w} and bias {SATURATED['b3']:g}: z₃ = {s['z3']:.2f}, so ŷ = σ(z₃) = "
        f"{s['yhat']:.5f} while y = {s['y']:g}, a huge error, yet ∂L/∂z₃ = {sci(s['dz3'], 3)} is tiny "
        f"because σ′(z₃) = ŷ(1 − ŷ) = {sci(s['dsigma'], 3)}. Squared error + sigmoid learns slowly "
        "exactly when it is most wrong."
    )


def _backprop_presets() -> tuple[Preset, ...]:
    mlp, bce = EXAMPLES["mlp"], EXAMPLES["bce"]
    fast_lr = 1.0
    return (
        _bp_preset("e = (a + b)·c, from the start", _expr_lesson(), "expr"),
        _bp_preset(
            "Add gate vs multiply gate",
            "Backward through e = d·c: each input gets the *other* input times the upstream gradient. "
            "Then through d = a + b: both inputs get the upstream gradient unchanged (local derivative 1).",
            "expr",
            step=3,
        ),
        _bp_preset("2-2-1 network: the sigmoid's toll", _mlp_lesson(), "mlp", step=mlp.n_steps),
        _bp_preset(
            "Saturated output neuron",
            _saturated_lesson(),
            "mlp",
            step=mlp.n_ops + 3,
            values=mlp_values(**SATURATED),
        ),
        _bp_preset(
            f"BCE, SGD on d₁ then d₂ (lr {bce.lr:g})",
            "The slides' data and learning rate, at the update step. Press **Keep the new weights** to take "
            "the next SGD step on d₂, then d₁ again…: the loss of the point just used always drops, the mean "
            "over both zig-zags (a step for d₂ slightly hurts d₁) yet falls epoch after epoch: SGD's noise "
            "in miniature. Note ∂L/∂z = ŷ − y exactly.",
            "bce",
            step=bce.n_steps,
        ),
        _bp_preset(
            f"BCE with learning rate {fast_lr:g}",
            f"Same first step with η = {fast_lr:g} instead of {bce.lr:g}: a {fast_lr / bce.lr:.0f}× bigger "
            "step, and the loss on d₁ falls visibly.",
            "bce",
            step=bce.n_steps,
            lr=fast_lr,
        ),
    )


BACKPROP_PRESETS = _backprop_presets()


# --------------------------------------------------------------------------- softmax


def _sm_preset(title: str, lesson: str, logits: tuple[float, ...] = SLIDE_LOGITS, **values: object) -> Preset:
    """A preset from the page's defaults (keeping the sigmoid demo's z) with these logits."""
    return Preset(title, lesson, {"logits": logits, **values}, keep=("binary_z",))


def _joined(values: np.ndarray, spec: str) -> str:
    return ", ".join(num(float(v), spec) for v in values)


def _softmax_presets() -> tuple[Preset, ...]:
    slide = softmax_table(SLIDE_LOGITS, 1.0, 0)
    wrong = softmax_table(SLIDE_LOGITS, 1.0, 1)
    cold_t = 0.2
    cold, cold_wrong = softmax_table(SLIDE_LOGITS, cold_t, 0), softmax_table(SLIDE_LOGITS, cold_t, 1)
    equal = (0.0, 0.0, 0.0, 0.0)
    flat = softmax_table(equal, 1.0, 0)
    huge, shift = (0.0, 1.0), 1000.0
    naive_nan = bool(np.isnan(naive_softmax(np.array(huge) + shift)).any())
    stable = softmax(np.array(huge) + shift)
    hot = 5.0
    return (
        _sm_preset(
            "The slides' table",
            f"Logits {_joined(slide.logits, 'g')}: e^z = {_joined(slide.exp, '.2f')}, sum "
            f"{slide.exp.sum():.2f}, probabilities {_joined(slide.probs, '.3f')}. (The slide prints "
            f"e^{SLIDE_LOGITS[0]:g} as {SLIDE_EXP[0]:.5f}; it is {slide.exp[0]:.5f}, the probabilities "
            "are right.)",
        ),
        _sm_preset(
            "Confident and wrong",
            f"Same logits, but the true class is 1 (p = {wrong.probs[1]:.3f}): the loss jumps to "
            f"−ln p = {wrong.loss:.2f} and the gradient pushes z₁ up by "
            f"{-wrong.grad[1]:.2f} while pulling the confident wrong class 0 down.",
            true_class=1,
        ),
        _sm_preset(
            f"Cold temperature (T = {cold_t:g})",
            "Dividing the logits by a small T exaggerates their gaps: the softmax approaches a one-hot "
            f"argmax (p = {cold.probs[0]:.4f} for class 0). The gradient (p − y)/T is tiny here, where "
            f"the argmax is the true class (at most {np.abs(cold.grad).max():.4f}), but if the true class "
            f"were 1 it would reach {np.abs(cold_wrong.grad).max():.2f} (at T = 1: "
            f"{np.abs(wrong.grad).max():.2f}): a cold softmax punishes confident mistakes hard.",
            temperature=cold_t,
        ),
        _sm_preset(
            f"Hot temperature (T = {hot:g})",
            f"A large T flattens the distribution toward uniform (1/{len(SLIDE_LOGITS)} each): here "
            f"{_joined(softmax(np.array(SLIDE_LOGITS), hot), '.2f')}. Language models sample with T > 1 "
            "for more varied text.",
            temperature=hot,
        ),
        _sm_preset(
            "Equal logits",
            f"{len(equal)} equal logits give p = 1/{len(equal)} each and a loss of ln {len(equal)} = "
            f"{flat.loss:.3f}: the loss of pure guessing, the value an untrained classifier starts at.",
            equal,
        ),
        _sm_preset(
            f"Huge logits ({huge[0] + shift:g}, {huge[1] + shift:g})",
            f"Logits {_joined(np.array(huge), 'g')} shifted by c = {shift:g}: e^{shift:g} overflows to ∞ "
            f"and the textbook formula returns {'NaN' if naive_nan else 'a number'}, while subtracting the "
            f"max first gives the exact answer ({_joined(stable, '.3f')}): the table under the chart.",
            huge,
            shift=shift,
        ),
    )


SOFTMAX_PRESETS = _softmax_presets()
