"""Activation functions: each one and its derivative, vanishing gradients, why non-linearity matters."""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.neuralmath.activations import ACTIVATIONS, DEFAULT_ALPHA, evaluate
from engine.neuralmath.config import COLLAPSE_SETS, NONLINEAR_FOR_COLLAPSE, ActivationsConfig
from engine.playground.datasets import DATASET_LABELS
from ui.neuralmath.activations_view import (
    SATURATION_THRESHOLD,
    chain_figure,
    collapse_figure,
    collapse_result,
    function_figure,
    keras_code,
    maxout_figure,
    measured_figure,
    measured_gradients,
    numpy_code,
)
from ui.neuralmath.common import Preset, fmt, show_problems
from ui.url_state import config_from_state, ensure_state, remember, set_fields, share_url

P = "act_"


def _preset(lesson: str, **fields) -> None:
    if "act" in fields and "alpha" not in fields:
        fields["alpha"] = DEFAULT_ALPHA.get(fields["act"], 0.1)
    set_fields(P, **fields)
    st.session_state[P + "lesson"] = lesson


def _act_changed() -> None:
    st.session_state[P + "alpha"] = DEFAULT_ALPHA.get(st.session_state[P + "act"], 0.1)


def _train_on() -> None:
    st.session_state[P + "train"] = True


FUNCTION_PRESETS = (
    Preset(
        "Sigmoid's best slope",
        "At x = 0 the sigmoid's slope is σ(0)(1 − σ(0)) = 0.5 · 0.5 = 0.25, its maximum: every "
        "sigmoid layer passes back at most a quarter of the gradient.",
        lambda: _preset(FUNCTION_PRESETS[0].lesson, act="sigmoid", x=0.0),
    ),
    Preset(
        "Saturated sigmoid",
        "At x = 6 the output is 0.9975 and the slope 0.0025 (shaded = |f′| < 0.05): the neuron barely "
        "learns, whatever the error.",
        lambda: _preset(FUNCTION_PRESETS[1].lesson, act="sigmoid", x=6.0),
    ),
    Preset(
        "Dead ReLU",
        "For x < 0 ReLU outputs 0 with slope 0: no gradient flows back. A neuron whose input stays "
        "negative for every example never recovers.",
        lambda: _preset(FUNCTION_PRESETS[2].lesson, act="relu", x=-2.0),
    ),
    Preset(
        "Leaky ReLU keeps a trickle",
        "Same input, leaky ReLU with α = 0.1: the slope is 0.1, so the neuron can still learn its way back.",
        lambda: _preset(FUNCTION_PRESETS[3].lesson, act="leaky_relu", x=-2.0, alpha=0.1),
    ),
    Preset(
        "All of them at once",
        "Swish/SiLU with the others in grey: smooth like softplus, nearly linear for large x like ReLU.",
        lambda: _preset(FUNCTION_PRESETS[4].lesson, act="swish", x=-1.28, overlay=True),
    ),
)
GRADIENT_PRESETS = (
    Preset(
        "Sigmoid, 10 layers",
        "0.25¹⁰ ≈ 9.5 × 10⁻⁷: the first layer gets a millionth of the output's gradient, at best. "
        "In the measured net (below) sigmoid's first layer gets ~10⁻⁹ vs ~10⁻¹ at the output.",
        lambda: _preset(GRADIENT_PRESETS[0].lesson, act="sigmoid", depth=10, z=0.0, weight=1.0),
    ),
    Preset(
        "ReLU, 30 layers",
        "With positive inputs ReLU's slope is exactly 1: the product stays 1 however deep the network. "
        "That is why ReLU made deep networks trainable.",
        lambda: _preset(GRADIENT_PRESETS[1].lesson, act="relu", depth=30, z=1.0, weight=1.0),
    ),
    Preset(
        "Exploding: tanh, weight 2",
        "Weights matter too: tanh′(0) = 1 times w = 2 doubles the gradient at every layer, 2²⁰ ≈ 10⁶. "
        "Careful initialization (Glorot, He) keeps w·f′ near 1.",
        lambda: _preset(GRADIENT_PRESETS[2].lesson, act="tanh", depth=20, z=0.0, weight=2.0),
    ),
)
COLLAPSE_PRESETS = (
    Preset(
        "Circle, 3 linear layers",
        "Three hidden layers of 4 linear neurons still draw one straight line through the circle (~50-70 % "
        "accuracy); tanh bends the boundary around it.",
        lambda: _preset(COLLAPSE_PRESETS[0].lesson, collapse_data="circle", collapse_layers=3, train=True),
    ),
    Preset(
        "XOR, 6 linear layers",
        "Even 6 layers cannot split XOR's quadrants without a non-linearity: depth alone adds nothing.",
        lambda: _preset(
            COLLAPSE_PRESETS[1].lesson,
            collapse_data="xor",
            collapse_layers=6,
            collapse_act="relu",
            train=True,
        ),
    ),
)


def _preset_row(presets: tuple[Preset, ...], key: str) -> None:
    cols = st.columns(len(presets))
    for i, (col, preset) in enumerate(zip(cols, presets, strict=True)):
        col.button(preset.title, key=f"{key}_{i}", on_click=preset.apply, help=preset.lesson, width="stretch")


def _lesson(presets: tuple[Preset, ...]) -> None:
    lesson = st.session_state.get(P + "lesson")
    if lesson and any(p.lesson == lesson for p in presets):
        st.info(lesson, icon=":material/lightbulb:")


st.title("Activation functions")
st.caption(
    "Curves and the gradient demo are computed with numpy on the spot; the measured deep network and the "
    "“why non-linearity” networks use the playground's generated 2-D data sets (seeded, no download); "
    "the latter are trained with Keras when you ask."
)
show_problems(ensure_state(P, ActivationsConfig))

# ---------------------------------------------------------------- 1. function and derivative
st.subheader("1 · The function and its slope")
st.markdown("**What to try:** (hover a button for what to look at)")
_preset_row(FUNCTION_PRESETS, "act_fp")
_lesson(FUNCTION_PRESETS)
left, right = st.columns([1, 2.8], gap="large")
with left:
    st.selectbox(
        "Activation",
        list(ACTIVATIONS),
        format_func=lambda k: ACTIVATIONS[k].label,
        key=P + "act",
        on_change=_act_changed,
    )
    st.slider("Input x", -8.0, 8.0, step=0.01, key=P + "x", help="The neuron's pre-activation z = w·x + b.")
    uses_alpha = ACTIVATIONS[st.session_state[P + "act"]].uses_alpha
    st.slider(
        "α (leaky slope / ELU scale)",
        0.0,
        3.0,
        step=0.01,
        key=P + "alpha",
        disabled=not uses_alpha,
        help="Leaky ReLU: the slope for x < 0 (slides: 0.1). ELU: the value it saturates to is −α.",
    )
    st.checkbox("Show the other activations in grey", key=P + "overlay")
try:
    cfg = config_from_state(P, ActivationsConfig).validated()
except ValueError as err:
    st.error(f"Those settings are not possible ({err}); showing the defaults.")
    cfg = ActivationsConfig()
remember(P, cfg)
act = ACTIVATIONS[cfg.act]
fx, dx = (float(v[0]) for v in evaluate(cfg.act, np.array([cfg.x]), cfg.alpha))
with left:
    m1, m2 = st.columns(2)
    m1.metric("f(x)", f"{fx:.4f}")
    m2.metric("f′(x)", f"{dx:.4f}")
    st.caption(f"Output range {act.output_range}. {act.note}")
with right:
    st.plotly_chart(function_figure(cfg), key="act_fn", config={"displayModeBar": False})
    st.caption(
        f"Red shading: saturation, where |f′(x)| < {SATURATION_THRESHOLD} and almost no gradient passes."
    )
st.latex(act.formula)
st.latex(
    rf"x = {fmt(cfg.x, 4)}:\quad f(x) = {fmt(fx, 5)},\qquad f'(x) = {fmt(dx, 5)}"
    + (rf"\qquad (\alpha = {fmt(cfg.alpha, 3)})" if act.uses_alpha else "")
)
st.latex(act.derivative_formula)
with st.expander("Maxout: an activation with its own weights"):
    st.markdown(
        "A maxout unit (slides, deck 004) computes several linear functions of its input and keeps the "
        "largest: $\\max(w_1^T x + b_1,\\ w_2^T x + b_2)$. With the right weights it *is* a ReLU, a leaky "
        "ReLU or |x|, and with more pieces any convex function: the network learns its activation. "
        "The price: k times the weights of an ordinary layer. Dashed: the pieces; blue: their maximum."
    )
    st.plotly_chart(maxout_figure(), key="act_maxout", config={"displayModeBar": False})

# ---------------------------------------------------------------- 2. vanishing gradients
st.subheader("2 · Vanishing gradients: multiplying slopes through N layers")
st.markdown("**What to try:**")
_preset_row(GRADIENT_PRESETS, "act_gp")
_lesson(GRADIENT_PRESETS)
c1, c2, c3 = st.columns(3)
c1.slider("Layers N", 1, 50, key=P + "depth")
c2.slider("Pre-activation z at every layer", -6.0, 6.0, step=0.1, key=P + "z")
c3.slider("Weight w at every layer", 0.1, 5.0, step=0.1, key=P + "weight")
cfg = config_from_state(P, ActivationsConfig).validated()
remember(P, cfg)
_, d_z = evaluate(cfg.act, np.array([cfg.z]), cfg.alpha)
factor = abs(cfg.weight * float(d_z[0]))
st.markdown(
    "Backpropagation multiplies the gradient by $w \\cdot f'(z)$ at every layer it passes "
    "(the chain rule), so after N layers:"
)
st.latex(
    rf"\frac{{\partial L}}{{\partial a^{{(1)}}}} \propto \prod_{{l=1}}^{{N}} w\,f'(z) = "
    rf"({fmt(cfg.weight, 3)} \cdot {fmt(float(d_z[0]), 4)})^{{{cfg.depth}}} = {fmt(factor**cfg.depth, 3)}"
    rf"\qquad \text{{sigmoid at best: }} 0.25^{{{cfg.depth}}} = {fmt(0.25**cfg.depth, 3)}"
)
st.plotly_chart(chain_figure(cfg), key="act_chain", config={"displayModeBar": False})
dead = [
    ACTIVATIONS[k].label
    for k in dict.fromkeys(("sigmoid", "tanh", "relu", cfg.act))
    if float(evaluate(k, np.array([cfg.z]), cfg.alpha if k == cfg.act else None)[1][0]) == 0.0
]
if dead:
    st.caption(
        f"{', '.join(dead)}: the slope at z = {cfg.z:g} is exactly 0, so the gradient is gone after one layer "
        "(its line stops; a log axis cannot show 0). Move z above 0 to see ReLU pass gradients unchanged."
    )

st.markdown(
    f"**Measured on a real network:** {cfg.depth} hidden layers of {cfg.width} neurons, Glorot-uniform "
    f"weights (seed {cfg.seed}), sigmoid output and binary cross-entropy on 200 points of the playground's "
    "*circle* data; one backward pass in numpy. The mean |∂L/∂W| of every layer:"
)
m1, m2, _ = st.columns([1, 1, 2])
m1.slider("Neurons per layer", 2, 64, key=P + "width")
m2.number_input("Weight seed", 0, 2**31 - 1, key=P + "seed")
cfg = config_from_state(P, ActivationsConfig).validated()
remember(P, cfg)
keys = tuple(dict.fromkeys(("sigmoid", "relu", cfg.act)))
grads = measured_gradients(keys, cfg.depth, cfg.width, cfg.seed)
st.plotly_chart(measured_figure(grads, cfg.act), key="act_measured", config={"displayModeBar": False})
ratios = " · ".join(
    f"{ACTIVATIONS[k].label}: first layer / output layer = {g[0] / g[-1]:.1e}" for k, g in grads.items()
)
st.caption(ratios)

# ---------------------------------------------------------------- 3. why non-linearity
st.subheader("3 · Why non-linearity: a deep linear network is one linear layer")
st.markdown("**What to try:**")
_preset_row(COLLAPSE_PRESETS, "act_cp")
_lesson(COLLAPSE_PRESETS)
n1, n2, n3, n4 = st.columns([1, 1, 1, 1.2], vertical_alignment="bottom")
n1.selectbox(
    "Data (playground)", COLLAPSE_SETS, format_func=lambda d: DATASET_LABELS[d], key=P + "collapse_data"
)
n2.slider("Hidden layers (4 neurons each)", 1, 6, key=P + "collapse_layers")
n3.selectbox(
    "Compare with", NONLINEAR_FOR_COLLAPSE, format_func=lambda k: ACTIVATIONS[k].label, key=P + "collapse_act"
)
cfg = config_from_state(P, ActivationsConfig).validated()
remember(P, cfg)
if not cfg.train:
    n4.button(
        "Train both networks",
        key="act_train_button",
        type="primary",
        on_click=_train_on,
        icon=":material/play_arrow:",
        help="150 epochs each with Adam; the first time loads TensorFlow (a few seconds).",
        width="stretch",
    )
    st.info(
        "Press **Train both networks**: the same playground network (same data, same initial weights) is "
        "trained twice, once with linear hidden activations and once with a non-linear one."
    )
else:
    try:
        with st.spinner("Training both networks… (the first time loads TensorFlow)"):
            res = collapse_result(cfg.collapse_data, cfg.collapse_layers, cfg.collapse_act, cfg.seed)
    except Exception as err:
        st.error(f"Training failed: {err}")
    else:
        st.plotly_chart(collapse_figure(res), key="act_collapse", config={"displayModeBar": False})
        w, b = res.collapsed_w[:, 0], float(res.collapsed_b[0])
        shapes = " ".join(
            rf"W_{{{i + 1}}}^{{({k.shape[0]}\times{k.shape[1]})}}" for i, k in enumerate(res.linear.kernels)
        )
        st.latex(
            rf"W = {shapes} = \begin{{bmatrix}}{fmt(w[0], 4)} \\ {fmt(w[1], 4)}\end{{bmatrix}},\qquad b = {fmt(b, 4)}"
        )
        st.latex(
            rf"\hat y = \sigma({fmt(w[0], 4)}\,x_1 + {fmt(w[1], 4)}\,x_2 + {fmt(b, 4)})"
            r"\quad\Rightarrow\quad \text{boundary: a straight line } w_1x_1 + w_2x_2 + b = 0"
        )
        st.caption(
            f"The single layer reproduces the deep linear network's outputs to {res.max_diff:.1e} (float32 "
            "round-off) on the whole grid. Keras kernels are (inputs × outputs), so the product reads "
            "left to right (x W₁ W₂ …); in the slides' column form it is W = Wₙ…W₂W₁."
        )

# ---------------------------------------------------------------- code and link
code_tab, share_tab = st.tabs(["Code (numpy and Keras)", "Share"])
with code_tab:
    left, right = st.columns(2)
    left.code(numpy_code(cfg), language="python")
    right.code(keras_code(cfg), language="python")
with share_tab:
    st.markdown("This link reopens the page with exactly these settings:")
    st.code(share_url(cfg.to_params(), "activations"), language=None, wrap_lines=True)
