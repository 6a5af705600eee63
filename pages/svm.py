"""SVM and the kernel trick: linear, polynomial and RBF kernels on the playground's 2-D sets."""

from __future__ import annotations

import streamlit as st

from engine.classical.svm import SvmDataError
from engine.classical.svm_code import lift_code, svm_code
from engine.classical.svm_config import DATASETS, KERNELS, SVM_PRESETS, SvmConfig
from ui.classical import svm_sections as sec
from ui.page_kit import share_tab
from ui.url_state import PageState

STATE = PageState(__file__, SvmConfig)

st.title("SVM and the kernel trick")
st.caption(
    "Data: generated on this server by the neural-network playground's generators (circle, XOR, "
    "Gaussians, moons, spiral), seeded; no download. The SVMs are scikit-learn's SVC."
)
STATE.open()
sec.sidebar(STATE)
cfg = STATE.config()
STATE.remember(cfg)

st.markdown("**What to try** (each button sets the sidebar and shows its lesson below):")
sec.preset_buttons(STATE, SVM_PRESETS)

try:
    view = sec.boundary_view(sec.model_config(cfg))
except SvmDataError as err:
    st.error(f"No SVM for these settings: {err}", icon=":material/block:")
    st.stop()

kernel_name = KERNELS[cfg.kernel]
st.subheader(f"{kernel_name[0].upper() + kernel_name[1:]} kernel · {DATASETS[cfg.dataset]}")
chart, numbers = st.columns([3, 2])
with chart:
    sec.boundary_chart(STATE, cfg)
    st.caption(
        "Shading: the decision function f(x) (blue: class 1, orange: class 0). Solid line: the "
        "boundary f(x) = 0; dashed: the margin f(x) = ±1. Circled: the support vectors, the only "
        "training points the boundary depends on. Diamonds: validation points (not used to fit)."
    )
with numbers:
    sec.model_numbers(view, cfg)

lift_tab, cg_tab, kernel_tab, how_tab, code_tab, link_tab = st.tabs(
    ["Kernel trick in 3-D", "C and γ", "Kernel value", "How it works", "scikit-learn code", "Share"]
)
with lift_tab:
    sec.lift_section(STATE, cfg)
with cg_tab:
    sec.c_gamma_section(STATE, cfg)
with kernel_tab:
    sec.kernel_value_section(STATE, cfg, view)
with how_tab:
    st.markdown(
        "- A **support vector machine** looks for the boundary with the widest **margin**: the "
        "widest empty band between the classes. Only the points on or inside the band (the "
        "**support vectors**) decide where it lies; move any other point and nothing changes.\n"
        "- **C** prices margin violations. Small C: a wide, soft margin that tolerates mistakes "
        "(many support vectors, smoother boundary). Large C: every training point counts "
        "(narrow margin, risk of overfitting).\n"
        "- A **kernel** K(x, z) is a dot product in another feature space. The SVM's decision "
        "function only needs dot products, so swapping x·z for K(x, z) fits a linear boundary in "
        "that space, a curved one here, without computing the features: the **kernel trick**.\n"
        "- **γ** sets the RBF kernel's reach: small γ, each point influences a wide area (smooth, "
        "maybe too simple); large γ, only its close neighbourhood (wiggly, overfits).\n"
        "- The validation points are never used to fit: their accuracy shows over- and underfitting."
    )
with code_tab:
    st.markdown("The same fit in scikit-learn, and the decision function recomputed by hand:")
    st.code(svm_code(cfg), language="python")
    st.markdown("The kernel trick by hand: the 3-D lift and a linear SVM:")
    st.code(lift_code(cfg), language="python")
with link_tab:
    share_tab(
        STATE,
        cfg,
        "This link opens exactly this experiment: the same data (set, points, noise, split, seed), "
        "kernel, C, γ, the 3-D lift and the two kernel points.",
    )
