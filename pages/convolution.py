"""Convolution, step by step: the slides' worked examples, animated cell by cell in the browser."""

from __future__ import annotations

import streamlit as st

from engine.conv.config import STEP_EXAMPLES, StepConfig
from engine.conv.examples import CONV_EXAMPLES
from engine.conv.presets import STEP_PRESETS
from engine.conv.step import build_problem
from ui.conv.explain import conv_code, conv_math, leftover_text, size_latex
from ui.conv.step import step_view
from ui.page_kit import share_tab, what_to_try
from ui.url_state import PageState

STATE = PageState(__file__, StepConfig)


def _sync_example() -> None:
    """Picking an example loads its own sizes, padding and stride."""
    STATE.apply(STATE.raw_config().with_example(STATE.value("example")))


def _new_values() -> None:
    STATE.set(example="random", seed=(int(STATE.value("seed")) + 1) % 2**31)


st.title("Convolution, step by step")
STATE.open()

with st.sidebar:
    st.header("Convolution")
    STATE.widget("example", on_change=_sync_example)
    random_mode = STATE.value("example") == "random"
    st.button(
        "New random values",
        icon=":material/casino:",
        on_click=_new_values,
        key=STATE.key("new"),
        width="stretch",
        help="Random integers like CS231n's demo: input 0-2, weights -1..1.",
    )
    if not random_mode:
        st.caption("The slides' numbers are fixed: choose *New random values* to change the sizes.")
    for name in ("size", "channels", "filters", "kernel"):
        STATE.widget(name, disabled=not random_mode)
    st.divider()
    for name in ("padding", "stride", "dilation"):
        STATE.widget(name)
    STATE.widget("seed", disabled=not random_mode)

cfg = STATE.config()
STATE.remember(cfg)
prob = build_problem(cfg)
rep = prob.report

source = (
    CONV_EXAMPLES[cfg.example].source if cfg.example in CONV_EXAMPLES else f"random integers, seed {cfg.seed}"
)
c_in, f_out = prob.channels, prob.filters
st.caption(
    f"Data: **{STEP_EXAMPLES[cfg.example]}** ({source}); computed on this server, no download. "
    f"Input {prob.size}×{prob.size}×{c_in}, {f_out} filter(s) of {prob.kernel}×{prob.kernel}×{c_in}, "
    f"padding {cfg.padding}, stride {cfg.stride}, dilation {cfg.dilation}."
)
what_to_try(STATE, STEP_PRESETS, "stride, padding, dilation, the slides' kernels")  # above the animation
st.latex(size_latex(rep))
if rep.problem:
    st.error(f"No output for these sizes: {rep.problem}", icon=":material/block:")
    fixes = prob.fixes(random_sizes=cfg.example == "random")
    st.info("Any of these would fit: " + ", ".join(fixes) + ".", icon=":material/lightbulb:")
else:
    if rep.leftover:
        st.warning(leftover_text(rep), icon=":material/warning:")
    step_view(prob)

math_tab, code_tab, link_tab = st.tabs(["How it works", "numpy / TensorFlow code", "Share"])
with math_tab:
    conv_math(prob)
with code_tab:
    st.code(conv_code(prob.x, prob.w, prob.b, cfg.padding, cfg.stride, cfg.dilation), language="python")
with link_tab:
    share_tab(
        STATE,
        cfg,
        "This link opens exactly this setup: the example (or the random seed and sizes), the padding, "
        "the stride and the dilation. The address bar always holds it too.",
    )
