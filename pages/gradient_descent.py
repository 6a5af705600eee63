"""Gradient descent on one variable: the slides' parabola and friends, replayed step by step."""

from __future__ import annotations

import streamlit as st

from engine.basics.codegen import gd_code
from engine.basics.config import GDConfig
from engine.basics.functions import FUNCTIONS
from engine.basics.gd1d import behaviour, run_gd_1d
from engine.basics.presets import GD_PRESETS
from ui.basics import trace_view
from ui.basics.common import options_with
from ui.basics.gd_view import build_view, step_table, verdict_message
from ui.page_kit import share_tab, what_to_try
from ui.url_state import PageState

STATE = PageState(__file__, GDConfig)
LEARNING_RATES = (
    0.001,
    0.003,
    0.01,
    0.02,
    0.05,
    0.1,
    0.15,
    0.2,
    0.25,
    0.3,
    0.4,
    0.45,
    0.5,
    0.55,
    0.6,
    0.8,
    1.0,
)


def _fn_changed() -> None:
    """A new function: move the start into its range if it lies outside."""
    lo, hi = FUNCTIONS[STATE.value("fn")].x_range
    if not lo <= float(STATE.value("x0")) <= hi:
        STATE.set(x0=round(lo + 0.8 * (hi - lo), 1))


def _controls() -> None:
    c1, c2, c3, c4 = st.columns([2.2, 1.6, 2.2, 1.4])
    STATE.widget("fn", c1, on_change=_fn_changed)
    lo, hi = FUNCTIONS[STATE.value("fn")].x_range
    x0 = float(STATE.value("x0"))
    c2.slider(
        GDConfig.field_info("x0").spec.label,
        float(min(lo, x0)),
        float(max(hi, x0)),
        step=0.1,
        key=STATE.key("x0"),
    )
    c3.select_slider(
        GDConfig.field_info("lr").spec.label,
        options=options_with(LEARNING_RATES, STATE.value("lr")),
        key=STATE.key("lr"),
        help=GDConfig.field_info("lr").spec.help,
    )
    STATE.widget("steps", c4)


st.title("Gradient descent on one variable")
st.caption(
    "No data set: the functions are defined on this page (the first is the slides' parabola "
    "y = 2(x − 5)² + 3). Everything is computed on this server; the player below runs in your browser."
)
STATE.open()
what_to_try(STATE, GD_PRESETS, "too small, just right, too big, diverging")  # above the chart they change
_controls()
cfg = STATE.config()
STATE.remember(cfg)
fn = FUNCTIONS[cfg.fn]
trace = run_gd_1d(fn, cfg.x0, cfg.lr, cfg.steps)
verdict = behaviour(trace, fn)

kind, message = verdict_message(verdict, trace)
if verdict == "diverged":
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.error(message, icon=":material/error:")
    right.button(
        "Reset to lr = 0.1",
        key=STATE.key("reset_lr"),
        on_click=STATE.set,
        kwargs={"lr": 0.1},
        icon=":material/restart_alt:",
        width="stretch",
    )
else:
    getattr(st, kind)(message)

st.latex(
    rf"{fn.latex}, \qquad {fn.derivative_latex}, \qquad x_{{\text{{new}}}} = x - \text{{lr}}\cdot f'(x),"
    rf"\quad \text{{lr}} = {cfg.lr:g}"
)
trace_view.render(build_view(fn, trace, verdict))

how_tab, code_tab, link_tab = st.tabs(["How it works", "numpy code", "Share"])
with how_tab:
    st.markdown(
        "The **derivative** f′(x) is the slope of the tangent (red line). Gradient descent "
        "steps *against* the slope: where f rises to the right (f′ > 0) it moves left, and "
        "vice versa. The step is the slope times the **learning rate**, so steps shrink by "
        "themselves as the curve flattens towards the minimum, where f′(x) = 0."
    )
    if cfg.fn == "parabola":
        st.markdown(
            f"For the parabola, x − 5 is multiplied by **1 − 4·lr = {1 - 4 * cfg.lr:g}** at every "
            "step: between 0 and 1 it creeps towards 5, between −1 and 0 it zig-zags inwards, "
            "below −1 (lr > 0.5) every jump grows and it diverges. lr = 0.25 lands on 5 in one step."
        )
    st.markdown("The first updates, with the numbers:")
    st.dataframe(step_table(trace), hide_index=True, width="stretch")
with code_tab:
    st.markdown("The slides' loop, with this page's settings (copy it into a notebook):")
    st.code(gd_code(cfg), language="python")
with link_tab:
    share_tab(
        STATE,
        cfg,
        "This link opens exactly this configuration (the same function, start, learning rate and "
        "steps): send it to the class or bookmark it for the next lecture.",
    )
