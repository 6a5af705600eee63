"""Generalization: under/overfitting, train/val/test, k-fold, L2 and early stopping, imbalance, one-hot."""

from __future__ import annotations

import streamlit as st

from engine.workflow.generalization.config import GenConfig
from engine.workflow.generalization.presets import PRESETS
from ui.page_kit import share_tab
from ui.url_state import PageState
from ui.workflow.generalization.controls import preset_row, sidebar
from ui.workflow.generalization.sections import SECTION_VIEWS

STATE = PageState(__file__, GenConfig)
SOURCES = {
    "poly": "noisy samples of sin(πx), generated here from the data seed",
    "split": "noisy samples of sin(πx), generated here from the data seed",
    "kfold": "noisy samples of sin(πx), generated here from the data seed",
    "early": "the playground's 2-D generators (engine.playground.datasets), seeded",
    "imbalance": "scikit-learn's make_classification, generated here from the seed",
    "onehot": "two small tables bundled with the app (made up for the lesson)",
}
BLURB = (
    "This link opens exactly this experiment: the same section, data seeds and settings, so the class sees "
    "the same curves, folds and scores."
)

st.title("Generalization")
STATE.open()
STATE.widget("section", label="Section", label_visibility="collapsed")
section = STATE.value("section")
sidebar(STATE, section)
cfg = STATE.config()
STATE.remember(cfg)
st.caption(f"Data: {SOURCES[cfg.section]}. Everything is computed on this server, offline.")

preset_row(STATE, PRESETS[cfg.section], group=cfg.section)

how, code = SECTION_VIEWS[cfg.section](cfg)

how_tab, code_tab, link_tab = st.tabs(["How it works", "Code", "Share"])
with how_tab:
    st.markdown(how)
with code_tab:
    st.markdown("The same experiment as a standalone script (copy it into a notebook):")
    st.code(code, language="python")
with link_tab:
    share_tab(STATE, cfg, BLURB)
