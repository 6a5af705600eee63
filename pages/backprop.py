"""Backpropagation, node by node: a computational graph, forward and backward one step at a time."""

from __future__ import annotations

import streamlit as st

from engine.neuralmath.backprop import EXAMPLES, leaf_names, trace
from engine.neuralmath.config import BackpropConfig
from engine.neuralmath.presets import BACKPROP_PRESETS
from ui.neuralmath.backprop_panels import (
    clear_history,
    inputs_panel,
    load_example,
    step_buttons,
    tf_check,
    update_panel,
)
from ui.neuralmath.backprop_view import code, graph_figure, step_latex, step_state, step_title
from ui.neuralmath.common import CHART
from ui.page_kit import share_tab, what_to_try
from ui.url_state import PageState

STATE = PageState("pages/backprop.py", BackpropConfig)

st.title("Backpropagation, node by node")
st.caption(
    "Every number is computed by this page in plain Python (float64) from the values you set; no data set, "
    "nothing downloaded. The graphs are the course slides' (decks 001, 002, 004); the slides give no numbers "
    "for the first one, so it starts from CS231n's (a = −2, b = 5, c = −4). The *Check* tab recomputes the "
    "gradients with TensorFlow's GradientTape."
)
STATE.open()
if len(STATE.value("values")) != len(leaf_names(EXAMPLES[STATE.value("example")])):
    load_example(STATE)  # values of another example (cannot come from a link): start over

what_to_try(  # above the graph they change
    STATE,
    BACKPROP_PRESETS,
    "add vs multiply gates, the sigmoid's toll, saturation, SGD steps",
    after=lambda: clear_history(STATE),
)
STATE.widget("example", on_change=load_example, args=(STATE,))
example = EXAMPLES[STATE.value("example")]
st.markdown(example.story)

left, right = st.columns([1.35, 3.2], gap="large")
with left:
    inputs_panel(STATE, example)

cfg = STATE.config()
try:
    t = trace(EXAMPLES[cfg.example], cfg.leaves(), cfg.lr)
except ValueError as err:
    st.error(f"These values cannot be computed: {err}. Showing the example's start values instead.")
    cfg = BackpropConfig.for_example(cfg.example)
    t = trace(EXAMPLES[cfg.example], cfg.leaves(), cfg.lr)
STATE.remember(cfg)
example = t.example

with right:
    step_buttons(STATE, cfg)
    st.progress(cfg.step / example.n_steps, text=step_title(t, cfg.step))
    st.plotly_chart(graph_figure(t, cfg.step), key=STATE.key("graph"), config=CHART)
    st.caption(
        "Squares: inputs (grey-blue) and learned parameters (yellow); circles: operations. "
        "Blue numbers: forward values. Red: gradients ∂L/∂node. Hover a node for its formula."
    )
    for line in step_latex(t, cfg.step):
        st.latex(line)
    if step_state(t, cfg.step).phase == "update":
        update_panel(STATE, cfg, t)

check_tab, code_tab, link_tab = st.tabs(["Check with TensorFlow", "Code", "Share"])
with check_tab:
    tf_check(STATE, cfg, t)
with code_tab:
    st.markdown("The same computation in TensorFlow/Keras, with the values on this page:")
    st.code(code(example, cfg.leaves(), cfg.lr), language="python")
with link_tab:
    share_tab(STATE, cfg, "This link reopens this example, these values and this exact step:")
