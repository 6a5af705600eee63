"""Activation functions: each one and its derivative, vanishing gradients, why non-linearity matters."""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.neuralmath.activations import ACTIVATIONS, SATURATION_THRESHOLD, evaluate
from engine.neuralmath.config import ActivationsConfig, default_alpha
from engine.neuralmath.presets import (
    ACTIVATION_COLLAPSE_PRESETS,
    ACTIVATION_FUNCTION_PRESETS,
    ACTIVATION_GRADIENT_PRESETS,
)
from ui.neuralmath.activations_view import (
    chain_figure,
    collapse_figure,
    collapse_latex,
    collapse_result,
    function_figure,
    keras_code,
    maxout_figure,
    measured_figure,
    measured_gradients,
    numpy_code,
)
from ui.neuralmath.common import CHART, SectionState, fmt
from ui.page_kit import preset_rows, share_tab
from ui.url_state import PageState

STATE = PageState("pages/activations.py", ActivationsConfig)


def _act_changed() -> None:
    STATE.set(alpha=default_alpha(STATE.value("act")))


def _what_to_try(section: str, presets) -> None:
    st.markdown("**What to try:**")
    preset_rows(SectionState(STATE, section), presets)


st.title("Activation functions")
st.caption(
    "Curves and the gradient demo are computed with numpy on the spot; the measured deep network and the "
    "“why non-linearity” networks use the playground's generated 2-D data sets (seeded, no download); "
    "the latter are trained with Keras when you ask."
)
STATE.open()

# ---------------------------------------------------------------- 1. function and derivative
st.subheader("1 · The function and its slope")
_what_to_try("fn", ACTIVATION_FUNCTION_PRESETS)
left, right = st.columns([1, 2.8], gap="large")
with left:
    STATE.widget("act", on_change=_act_changed)
    STATE.widget("x")
    STATE.widget("alpha", disabled=not ACTIVATIONS[STATE.value("act")].uses_alpha)
    STATE.widget("overlay")
cfg = STATE.config()
STATE.remember(cfg)
act = ACTIVATIONS[cfg.act]
fx, dx = (float(v[0]) for v in evaluate(cfg.act, np.array([cfg.x]), cfg.alpha))
with left:
    m1, m2 = st.columns(2)
    m1.metric("f(x)", f"{fx:.4f}")
    m2.metric("f′(x)", f"{dx:.4f}")
    st.caption(f"Output range {act.output_range}. {act.note}")
with right:
    st.plotly_chart(function_figure(cfg), key=STATE.key("fn_chart"), config=CHART)
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
    st.plotly_chart(maxout_figure(), key=STATE.key("maxout_chart"), config=CHART)

# ---------------------------------------------------------------- 2. vanishing gradients
st.subheader("2 · Vanishing gradients: multiplying slopes through N layers")
_what_to_try("grad", ACTIVATION_GRADIENT_PRESETS)
c1, c2, c3 = st.columns(3)
STATE.widget("depth", c1)
STATE.widget("z", c2)
STATE.widget("weight", c3)
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
st.plotly_chart(chain_figure(cfg), key=STATE.key("chain_chart"), config=CHART)
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
STATE.widget("width", m1)
STATE.widget("seed", m2)
grads = measured_gradients(tuple(dict.fromkeys(("sigmoid", "relu", cfg.act))), cfg.depth, cfg.width, cfg.seed)
st.plotly_chart(measured_figure(grads, cfg.act), key=STATE.key("measured_chart"), config=CHART)
st.caption(
    " · ".join(
        f"{ACTIVATIONS[k].label}: first layer / output layer = {g[0] / g[-1]:.1e}" for k, g in grads.items()
    )
)

# ---------------------------------------------------------------- 3. why non-linearity
st.subheader("3 · Why non-linearity: a deep linear network is one linear layer")
_what_to_try("collapse", ACTIVATION_COLLAPSE_PRESETS)
n1, n2, n3, n4 = st.columns([1, 1, 1, 1.2], vertical_alignment="bottom")
STATE.widget("collapse_data", n1)
STATE.widget("collapse_layers", n2)
STATE.widget("collapse_act", n3)
if not cfg.train:
    n4.button(
        "Train both networks",
        key=STATE.key("train_button"),
        type="primary",
        on_click=STATE.set,
        kwargs={"train": True},
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
        st.plotly_chart(collapse_figure(res), key=STATE.key("collapse_chart"), config=CHART)
        for line in collapse_latex(res):
            st.latex(line)
        st.caption(
            f"The single layer reproduces the deep linear network's outputs to {res.max_diff:.1e} (float32 "
            "round-off) on the whole grid. Keras kernels are (inputs × outputs), so the product reads "
            "left to right (x W₁ W₂ …); in the slides' column form it is W = Wₙ…W₂W₁."
        )

# ---------------------------------------------------------------- code and link
code_tab, link_tab = st.tabs(["Code (numpy and Keras)", "Share"])
with code_tab:
    left, right = st.columns(2)
    left.code(numpy_code(cfg), language="python")
    right.code(keras_code(cfg), language="python")
with link_tab:
    share_tab(STATE, cfg, "This link reopens the page with exactly these settings:")
