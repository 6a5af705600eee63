"""Softmax and cross-entropy: logits -> exponentials -> probabilities -> loss -> gradient p - y."""

from __future__ import annotations

import streamlit as st

from engine.neuralmath.config import SoftmaxConfig
from engine.neuralmath.presets import SOFTMAX_PRESETS
from engine.neuralmath.softmax import softmax_table
from ui.neuralmath.softmax_panels import binary_tab, controls, main_panel, math_tab, sparse_tab, stability_tab
from ui.neuralmath.softmax_view import keras_code, numpy_code
from ui.page_kit import share_tab, what_to_try
from ui.url_state import PageState

STATE = PageState("pages/softmax.py", SoftmaxConfig)

st.title("Softmax and cross-entropy")
st.caption(
    "Everything on this page is computed on the spot with numpy from the numbers you set "
    "(no data set, nothing downloaded). Numbers from the course slides (deck 003)."
)
STATE.open()

what_to_try(STATE, SOFTMAX_PRESETS, "the slides' table, a wrong label, temperature, equal and huge logits")
left, right = st.columns([1, 2.6], gap="large")
with left:
    controls(STATE)
cfg = STATE.config()
STATE.remember(cfg)
table = softmax_table(cfg.logits, cfg.temperature, cfg.true_class)
with right:
    main_panel(STATE, cfg, table)

tabs = st.tabs(
    ["The math", "Sparse vs one-hot labels", "One sigmoid for two classes", "Huge logits", "Code", "Share"]
)
with tabs[0]:
    math_tab(table)
with tabs[1]:
    sparse_tab(cfg, table)
with tabs[2]:
    binary_tab(STATE, cfg)
with tabs[3]:
    stability_tab(STATE, cfg)
with tabs[4]:
    code_left, code_right = st.columns(2)
    code_left.markdown("**numpy** (this page's math)")
    code_left.code(numpy_code(cfg), language="python")
    code_right.markdown("**Keras**")
    code_right.code(keras_code(cfg), language="python")
with tabs[5]:
    share_tab(STATE, cfg, "This link reopens exactly these logits, temperature and label:")
