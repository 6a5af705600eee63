"""Gradient descent on one variable: the slides' parabola and friends, replayed step by step."""

from __future__ import annotations

import streamlit as st

from engine.basics.config import GDConfig
from engine.basics.functions import FUNCTIONS
from engine.basics.gd1d import behaviour, run_gd_1d
from ui.basics import trace_view
from ui.basics.common import options_with, preset_rows, share_box
from ui.basics.gd_view import build_view, f3, numpy_code, step_table
from ui.url_state import config_from_state, ensure_state, remember, set_fields

P = "gd_"
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
PRESETS = (
    (
        "Too small: crawls",
        "lr = 0.01: every step moves x by only 4 % of the way to 5. After 40 steps it is "
        "still far from the minimum: training that is *too slow*.",
        {"fn": "parabola", "x0": 0.0, "lr": 0.01, "steps": 40},
    ),
    (
        "Just right",
        "lr = 0.1 (the slides' value): big steps while the slope is steep, small ones near the "
        "bottom; x reaches 5 within about 20 steps.",
        {"fn": "parabola", "x0": 0.0, "lr": 0.1, "steps": 30},
    ),
    (
        "Too big: overshoots and oscillates",
        "lr = 0.45: each step jumps past x = 5 to the other side, a little closer each time: "
        "it zig-zags before it settles.",
        {"fn": "parabola", "x0": 0.0, "lr": 0.45, "steps": 30},
    ),
    (
        "Far too big: diverges",
        "lr = 0.55: every jump lands *further* from 5 than the last one. The loss explodes: "
        "the page flags it as diverged.",
        {"fn": "parabola", "x0": 0.0, "lr": 0.55, "steps": 30},
    ),
    (
        "Two valleys: the start decides",
        "A non-convex function: start at x = 3 and gradient descent settles in the right-hand "
        "valley (a local minimum); start at x = −0.5 and it finds the deeper one on the left.",
        {"fn": "double_well", "x0": 3.0, "lr": 0.1, "steps": 40},
    ),
    (
        "Stuck in a bump",
        "Many small valleys: from x = 5 gradient descent stops in the nearest one, far from the "
        "global minimum near x = −0.74. Try a larger learning rate to jump out.",
        {"fn": "bumpy", "x0": 5.0, "lr": 0.05, "steps": 60},
    ),
    (
        "Flat bottom: slows down near the end",
        "(x − 1)⁴ has a tiny slope near its minimum, so steps shrink and shrink; from x = 4.5 "
        "with lr = 0.2 it even explodes on the steep wall.",
        {"fn": "quartic", "x0": 3.0, "lr": 0.1, "steps": 60},
    ),
)

MESSAGES = {
    "converged": ("success", "After {steps} steps: converged, x = {x} is the minimum (slope ≈ 0)."),
    "local minimum": (
        "warning",
        "After {steps} steps: stuck in a local minimum at x = {x}; the slope is 0 but a deeper valley exists.",
    ),
    "crawling": ("info", "Still moving after {steps} steps (x = {x}): a larger learning rate or more steps."),
    "oscillating": (
        "warning",
        "After {steps} steps: still oscillating around the minimum (x = {x}); the learning rate is too big.",
    ),
    "diverged": ("error", "Diverged: learning rate too high. x ran away to {x}; lower it and press Reset."),
}


def _fn_changed() -> None:
    fn = FUNCTIONS[st.session_state[P + "fn"]]
    lo, hi = fn.x_range
    x0 = float(st.session_state[P + "x0"])
    if not lo <= x0 <= hi:
        set_fields(P, x0=round(lo + 0.8 * (hi - lo), 1))


st.title("Gradient descent on one variable")
st.caption(
    "No data set: the functions are defined on this page (the first is the slides' parabola "
    "y = 2(x − 5)² + 3). Everything is computed on this server; the player below runs in your browser."
)
for problem in ensure_state(P, GDConfig):
    st.warning(f"The link had a setting this page cannot use, so it was skipped: {problem}")

fn_key = st.session_state[P + "fn"]
fn = FUNCTIONS[fn_key] if fn_key in FUNCTIONS else FUNCTIONS["parabola"]
c1, c2, c3, c4 = st.columns([2.2, 1.6, 2.2, 1.4])
c1.selectbox(
    "Function f(x)",
    list(FUNCTIONS),
    key=P + "fn",
    format_func=lambda k: FUNCTIONS[k].label,
    on_change=_fn_changed,
)
lo, hi = FUNCTIONS[st.session_state[P + "fn"]].x_range
st.session_state[P + "x0"] = float(min(max(float(st.session_state[P + "x0"]), -20.0), 20.0))
c2.slider(
    "Start x₀",
    float(min(lo, st.session_state[P + "x0"])),
    float(max(hi, st.session_state[P + "x0"])),
    step=0.1,
    key=P + "x0",
)
c3.select_slider(
    "Learning rate (lr)",
    options=options_with(LEARNING_RATES, st.session_state[P + "lr"]),
    key=P + "lr",
    help="How far each step moves: x_new = x − lr · f′(x).",
)
c4.slider("Steps", 1, 200, key=P + "steps")

cfg = config_from_state(P, GDConfig)
remember(P, cfg)
fn = FUNCTIONS[cfg.fn]
trace = run_gd_1d(fn, cfg.x0, cfg.lr, cfg.steps)
verdict = behaviour(trace, fn)

kind, template = MESSAGES[verdict]
message = template.format(x=f3(float(trace.xs[-1])), steps=trace.steps)
if verdict == "diverged":
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.error(message, icon=":material/error:")
    right.button(
        "Reset to lr = 0.1",
        key=P + "reset_lr",
        on_click=set_fields,
        args=(P,),
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
trace_view.render(build_view(fn, cfg, trace, verdict), height=600)

try_tab, how_tab, code_tab, share_tab = st.tabs(["What to try", "How it works", "numpy code", "Share"])
with try_tab:
    preset_rows(P, PRESETS, key=P + "preset_")
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
    st.dataframe(step_table(fn, trace, cfg.lr), hide_index=True, width="stretch")
with code_tab:
    st.markdown("The slides' loop, with this page's settings (copy it into a notebook):")
    st.code(numpy_code(fn, cfg), language="python")
with share_tab:
    share_box("gradient_descent", cfg.to_params())
