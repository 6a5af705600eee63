"""Convolution, step by step: the slides' worked examples, animated cell by cell in the browser."""

from __future__ import annotations

import streamlit as st

from engine.conv.config import StepConfig
from engine.conv.examples import CONV_EXAMPLES
from engine.conv.shapes import effective_kernel
from ui.conv.explain import conv_code, leftover_text, size_latex
from ui.conv.step import build_problem, step_view
from ui.url_state import config_from_state, ensure_state, remember, set_fields

P = "cv_"
EXAMPLE_TITLES = {
    **{k: e.title for k, e in CONV_EXAMPLES.items()},
    "random": "New random values (choose the sizes)",
}

#: "What to try": (button, lesson, fields)
TRIES: tuple[tuple[str, str, dict], ...] = (
    (
        "The slides' example",
        "5x5x3 input padded to 7x7x3, two 3x3x3 filters, stride 2: a 3x3x2 output. Each output number is "
        "27 products plus a bias. Press **Cell ▶** and check the first cell: 1 + bias 1 = **2**.",
        {"example": "cs231n", "padding": 1, "stride": 2, "dilation": 1},
    ),
    (
        "Stride 1 instead of 2",
        "The window moves one cell at a time: the output grows to 5x5x2, neighbouring windows overlap.",
        {"example": "cs231n", "padding": 1, "stride": 1, "dilation": 1},
    ),
    (
        "No padding",
        "Without the ring of zeros the 5x5 input gives only a 2x2 output at stride 2: the border pixels "
        "are used less often, and the output shrinks.",
        {"example": "cs231n", "padding": 0, "stride": 2, "dilation": 1},
    ),
    (
        "X-shaped kernel (slides 002)",
        "A binary image and a kernel shaped like an X: the output is largest (4) where the image has an X.",
        {"example": "xkernel", "padding": 0, "stride": 1, "dilation": 1},
    ),
    (
        "Sharpen (slides 000)",
        "5 × centre − 4 neighbours. Check the first cell: 5·60 − 113 − 73 − 0 − 0 = **114**.",
        {"example": "sharpen", "padding": 1, "stride": 1, "dilation": 1},
    ),
    (
        "Vertical edges (slides 003)",
        "Left column minus right column: the big negative numbers mark where the 6x6 image turns brighter "
        "to the right. A 3x3 filter on 6x6 without padding loses a 1-pixel margin: 4x4.",
        {"example": "edge6", "padding": 0, "stride": 1, "dilation": 1},
    ),
    (
        "A stride that does not fit",
        "Stride 3 on the padded 7x7: (7 − 3)/3 is not whole, so the last row and column are never reached "
        "(tinted red). Keras silently drops them.",
        {"example": "cs231n", "padding": 1, "stride": 3, "dilation": 1},
    ),
    (
        "Dilation 2",
        "The 3x3 filter's taps are spread 2 apart, so it sees a 5x5 area with 9 weights: a larger view, "
        "same parameter count.",
        {
            "example": "random",
            "size": 7,
            "channels": 1,
            "filters": 1,
            "kernel": 3,
            "padding": 0,
            "stride": 1,
            "dilation": 2,
        },
    ),
    (
        "An impossible combination",
        "A 5x5 kernel on a 3x3 input without padding does not fit even once: the page explains instead of failing.",
        {
            "example": "random",
            "size": 3,
            "channels": 1,
            "filters": 1,
            "kernel": 5,
            "padding": 0,
            "stride": 1,
            "dilation": 1,
        },
    ),
)


def _sync_example() -> None:
    """Picking an example loads its own sizes, padding and stride."""
    key = st.session_state[P + "example"]
    if key in CONV_EXAMPLES:
        ex = CONV_EXAMPLES[key]
        set_fields(
            P,
            size=ex.x.shape[0],
            channels=ex.x.shape[2],
            filters=ex.w.shape[3],
            kernel=ex.w.shape[0],
            padding=ex.padding,
            stride=ex.stride,
            dilation=1,
        )


def _apply(fields: dict) -> None:
    set_fields(P, **fields)
    if fields.get("example") in CONV_EXAMPLES:
        ex = CONV_EXAMPLES[fields["example"]]
        set_fields(P, size=ex.x.shape[0], channels=ex.x.shape[2], filters=ex.w.shape[3], kernel=ex.w.shape[0])


def _new_values() -> None:
    set_fields(P, example="random", seed=(int(st.session_state[P + "seed"]) + 1) % 2**31)


st.title("Convolution, step by step")
for problem in ensure_state(P, StepConfig):
    st.warning(f"The link had a setting this page cannot use, so it was skipped: {problem}")

with st.sidebar:
    st.header("Convolution")
    st.selectbox(
        "Example",
        list(EXAMPLE_TITLES),
        format_func=EXAMPLE_TITLES.get,
        key=P + "example",
        on_change=_sync_example,
    )
    random_mode = st.session_state[P + "example"] == "random"
    st.button(
        "New random values",
        icon=":material/casino:",
        on_click=_new_values,
        key="cv_new",
        width="stretch",
        help="Random integers like CS231n's demo: input 0-2, weights -1..1.",
    )
    if not random_mode:
        st.caption("The slides' numbers are fixed: choose *New random values* to change the sizes.")
    st.slider("Input size N (N×N)", 2, 9, key=P + "size", disabled=not random_mode)
    st.slider("Input channels C", 1, 3, key=P + "channels", disabled=not random_mode)
    st.slider("Filters F (output channels)", 1, 3, key=P + "filters", disabled=not random_mode)
    st.slider("Kernel size K (K×K)", 1, 5, key=P + "kernel", disabled=not random_mode)
    st.divider()
    st.slider("Padding P (zeros on each side)", 0, 3, key=P + "padding")
    st.slider("Stride S", 1, 4, key=P + "stride")
    st.slider("Dilation D (gap between kernel taps)", 1, 3, key=P + "dilation")
    st.number_input("Random seed", 0, 2**31 - 1, key=P + "seed", disabled=not random_mode)

cfg = config_from_state(P, StepConfig).validated()
remember(P, cfg)
prob = build_problem(cfg)
rep = prob.report

source = (
    CONV_EXAMPLES[cfg.example].source if cfg.example in CONV_EXAMPLES else f"random integers, seed {cfg.seed}"
)
c_in, f_out = prob.x.shape[2], prob.w.shape[3]
st.caption(
    f"Data: **{EXAMPLE_TITLES[cfg.example]}** ({source}); computed on this server, no download. "
    f"Input {prob.size}×{prob.size}×{c_in}, {f_out} filter(s) of {prob.kernel}×{prob.kernel}×{c_in}, "
    f"padding {cfg.padding}, stride {cfg.stride}, dilation {cfg.dilation}."
)
st.latex(size_latex(rep))
if rep.problem:
    st.error(f"No output for these sizes: {rep.problem}", icon=":material/block:")
    eff = effective_kernel(prob.kernel, cfg.dilation)
    need = -(-(eff - prob.size) // 2)
    fixes = [f"padding P ≥ {need}" if need <= 3 else ""]
    if cfg.dilation > 1:
        fixes.append("dilation 1")
    fixes.append(
        f"a kernel of at most {(prob.size + 2 * cfg.padding - 1) // cfg.dilation + 1}"
        if cfg.example == "random"
        else ""
    )
    st.info("Any of these would fit: " + ", ".join(f for f in fixes if f) + ".", icon=":material/lightbulb:")
else:
    if rep.leftover:
        st.warning(leftover_text(rep), icon=":material/warning:")
    step_view(prob)

try_tab, math_tab, code_tab, share_tab = st.tabs(
    ["What to try", "How it works", "numpy / TensorFlow code", "Share"]
)
with try_tab:
    for i, (title, lesson, fields) in enumerate(TRIES):
        left, right = st.columns([1.3, 3], vertical_alignment="center")
        left.button(title, key=f"cv_try_{i}", on_click=_apply, args=(fields,), width="stretch")
        right.markdown(lesson)
with math_tab:
    st.markdown(
        "Each output number is a **dot product**: lay the filter on a window of the (padded) input, multiply "
        "the overlapping numbers pairwise across *all* input channels, add them up, add the filter's bias."
    )
    st.latex(
        r"o[i, j, f] = b_f + \sum_{c=0}^{C-1}\sum_{a=0}^{K-1}\sum_{b=0}^{K-1}"
        r" x_{pad}[iS + aD,\; jS + bD,\; c]\cdot w_f[a, b, c]"
    )
    n_products = prob.kernel * prob.kernel * c_in
    if prob.out is not None:
        o = prob.out.shape[0]
        st.markdown(
            f"Here every output cell needs **{prob.kernel}·{prob.kernel}·{c_in} = {n_products}** multiplications; "
            f"the output has {o}·{o}·{f_out} = **{o * o * f_out}** cells, so the layer does "
            f"**{n_products * o * o * f_out:,}** multiply-adds. It has {f_out}·({n_products} + 1) = "
            f"**{f_out * (n_products + 1)}** parameters: the weights are *shared* by every window position."
        )
    st.markdown(
        "- **Padding** adds a ring of zeros so border pixels get their own window (and the output keeps its size "
        "with stride 1 when P = (K − 1)/2).\n"
        "- **Stride** is how far the window jumps; stride 2 roughly halves each side.\n"
        "- **Dilation** spreads the taps apart: a K×K kernel covers D(K − 1) + 1 cells.\n"
        "- Deep-learning 'convolution' does not flip the kernel (mathematicians call it cross-correlation)."
    )
with code_tab:
    st.code(conv_code(prob.x, prob.w, prob.b, cfg.padding, cfg.stride, cfg.dilation), language="python")
with share_tab:
    st.markdown("The address bar always holds this exact setup; copy it to share it with the class.")
    st.json(cfg.to_params() or {"(defaults)": "the slides' example"})
