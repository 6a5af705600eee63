"""Famous CNN architectures: LeNet-5 to MobileNetV2, counted from Keras (parameters, multiply-adds,
depth), walked block by block, and ILSVRC by year. Not a live page: models are built once per
server in a worker process (engine.architectures.cache)."""

from __future__ import annotations

import streamlit as st

from engine.architectures.code import MACS_CODE, model_code, separable_code
from engine.architectures.config import ARCH_PRESETS, ArchConfig
from ui.architectures import sections as sec
from ui.page_kit import preset_rows, share_tab
from ui.url_state import PageState

STATE = PageState(__file__, ArchConfig)
SHARE = "This link opens exactly this view: the same architecture, block and separable-convolution numbers."

st.title("Famous CNN architectures")
st.caption(
    "Data: the architectures themselves, built by Keras on this server (LeNet-5 and AlexNet from Keras "
    "layers, the others from keras.applications with weights=None): random weights, nothing downloaded. "
    "ILSVRC figures: typed from the published results, with a source per row."
)
STATE.open()
STATE.widget("model", st.sidebar, on_change=STATE.set, kwargs={"block": 0})
st.sidebar.caption("The first view of a model builds it (once per server); then it is instant for everyone.")
with st.expander("What to try: LeNet to MobileNetV2, one lesson each", icon=":material/lightbulb:"):
    preset_rows(STATE, ARCH_PRESETS)

cfg = STATE.config()
info = sec.load(cfg)
if info is None:
    STATE.remember(cfg)
    with st.expander("Share"):
        share_tab(STATE, cfg, SHARE)
    st.stop()

sec.overview(info)
sec.block_walk(STATE, info)
cfg = STATE.config()
STATE.remember(cfg)

sep_tab, summary_tab, compare_tab, ilsvrc_tab, code_tab, link_tab = st.tabs(
    ["Separable vs normal convolution", "Keras summary", "All models", "ILSVRC by year", "Code", "Share"]
)
with sep_tab:
    sec.separable_section(STATE, cfg, info)
with summary_tab:
    sec.summary_section(info)
with compare_tab:
    sec.compare_section(STATE)
with ilsvrc_tab:
    sec.ilsvrc_section()
with code_tab:
    st.markdown("Build the model with Keras (random weights, nothing downloaded) and count its parameters:")
    st.code(model_code(cfg.model), language="python")
    st.markdown("Count its multiply-adds per image from the layers' shapes, as this page does:")
    st.code(MACS_CODE.lstrip(), language="python")
    st.markdown("A normal and a separable convolution with the calculator's numbers, counted by Keras:")
    st.code(separable_code(cfg.sep_size, cfg.sep_in, cfg.sep_out, cfg.sep_k), language="python")
with link_tab:
    share_tab(STATE, cfg, SHARE)
