"""Logistic regression: sigmoid and cross-entropy, why not a line or MSE, a moving boundary, multi-class."""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.basics.codegen import logistic_code, logistic_keras_code
from engine.basics.config import LogisticConfig
from engine.basics.gd import batch_size_for, loss_exploding
from engine.basics.logistic_fit import AdmissionFit, fit_admissions, fit_multiclass, scores
from engine.basics.presets import (
    LOGISTIC_DEFAULTS,
    LOGISTIC_MULTICLASS_PRESETS,
    LOGISTIC_TRAINING_PRESETS,
    LOGISTIC_TUMOR_PRESETS,
)
from ui.basics import trace_view
from ui.basics.common import f3
from ui.basics.gd_controls import gd_controls
from ui.basics.logistic_intro import sigmoid_section, why_not_mse_section
from ui.basics.logistic_multiclass import multiclass_controls, multiclass_section
from ui.basics.logistic_player import build_admissions_view, results_section
from ui.basics.logistic_tumor import tumor_section
from ui.page_kit import apply_preset, share_tab, what_to_try
from ui.url_state import PageState

STATE = PageState(__file__, LogisticConfig)
LEARNING_RATES = (0.001, 0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0)
MC_LEARNING_RATES = (0.01, 0.05, 0.1, 0.5, 1.0, 2.0)


def _training_controls() -> None:
    c1, c2, c3, c4, c5 = st.columns([1.7, 1.0, 2.0, 1.3, 1.0])
    gd_controls(STATE, (c1, c2, c3, c4), max_batch=100, learning_rates=LEARNING_RATES)
    c5.number_input("Data seed", 0, 2**31 - 1, step=1, key=STATE.key("seed"))
    STATE.widget("threshold")


def scaling_note(fit: AdmissionFit) -> str:
    """What the training does to the exam scores (``ADMISSION_SCALING``), with this data's numbers."""
    (m1, m2), (s1, s2) = fit.scaler.shift, fit.scaler.scale
    return (
        "- **Scaling:** the exam scores are standardized before training: each score minus "
        f"its mean, divided by its standard deviation (exam 1: mean {m1:.1f}, std {s1:.1f}; exam 2: mean "
        f"{m2:.1f}, std {s2:.1f}), so one learning rate suits both weights; the boundary is drawn back in "
        "score units. The slides' notebook uses scikit-learn's MinMaxScaler instead, which rescales each "
        "score to [0, 1] (minus the minimum, divided by the range): a different scaling with the same purpose."
    )


st.title("Logistic regression")
STATE.open()
st.button(
    LOGISTIC_DEFAULTS.title,
    key=STATE.key("defaults"),
    on_click=apply_preset,
    args=(STATE, LOGISTIC_DEFAULTS, None),
    help=LOGISTIC_DEFAULTS.lesson,
)
st.caption(
    "Data: the slides' tumor sizes and tables (slide 003), 100 generated students with two exam "
    "scores (like the slides' admissions notebook), and three generated blobs. All on this server."
)

st.subheader("1 · The sigmoid turns a score into a probability; cross-entropy scores it")
sigmoid_section(STATE)

st.subheader("2 · Why not linear regression for classes?")
what_to_try(STATE, LOGISTIC_TUMOR_PRESETS, "one outlier", group="tumor")
tumor_section(STATE)

st.subheader("3 · Why not MSE? Its loss is not convex")
why_not_mse_section(STATE)

st.subheader("4 · Two exam scores: train it and watch the boundary move")
what_to_try(
    STATE, LOGISTIC_TRAINING_PRESETS, "learning rate, stochastic updates, threshold", group="training"
)
_training_controls()
cfg = STATE.config()  # the multi-class widgets further down are read here too
STATE.remember(cfg)
fit = fit_admissions(cfg)
batch_size = batch_size_for(cfg.method, len(fit.ds.y), cfg.batch)
if loss_exploding(fit.trace):
    st.error("Diverged: learning rate too high. Lower it and play again.", icon=":material/error:")
logit = float(np.log(cfg.threshold / (1 - cfg.threshold)))
st.latex(
    r"w \leftarrow w - \text{lr}\cdot\tfrac{1}{m}X^{T}(\sigma(Xw + b) - y),\quad "
    rf"\text{{boundary: }} w_1x_1 + w_2x_2 + b = \log\tfrac{{t}}{{1-t}} = {logit:.3f}\ (t = {cfg.threshold:g})"
)
trace_view.render(build_admissions_view(fit, cfg.threshold))
result = scores(fit, cfg.threshold)
results_section(STATE, fit, result, cfg.threshold, cfg.seed)

st.subheader("5 · More than two classes: one-vs-rest or softmax")
what_to_try(STATE, LOGISTIC_MULTICLASS_PRESETS, "overlapping classes", group="multiclass")
multiclass_controls(STATE, MC_LEARNING_RATES)
multiclass_section(STATE, fit_multiclass(cfg))

how_tab, code_tab, link_tab = st.tabs(["How it works", "numpy / Keras code", "Share"])
with how_tab:
    st.markdown(
        "- **Model:** z = w·x + b as in linear regression, then ŷ = σ(z) squeezes it into (0, 1): "
        "the probability of class 1.\n"
        "- **Loss:** binary cross-entropy J = −(1/n) Σ [y log ŷ + (1 − y) log(1 − ŷ)]; by the chain "
        "rule its gradient is simply ∂J/∂w = (1/n) Xᵀ(ŷ − y), ∂J/∂b = mean(ŷ − y).\n"
        "- **Decision:** predict 1 when ŷ ≥ t. The boundary is the straight line w·x + b = log(t/(1 − t)); "
        "t = 0.5 gives w·x + b = 0.\n" + scaling_note(fit)
    )
with code_tab:
    prints = (
        ""
        if loss_exploding(fit.trace)
        else f": it prints the accuracy, {f3(result.accuracy)}, and the confusion matrix above"
    )
    st.markdown(f"This page's students and settings in numpy (copy it into a notebook{prints}):")
    st.code(logistic_code(cfg, batch_size), language="python")
    st.markdown("The same classifiers in Keras:")
    st.code(logistic_keras_code(cfg, batch_size), language="python")
with link_tab:
    share_tab(
        STATE,
        cfg,
        "This link opens exactly this configuration (same data, seeds and settings): send it to "
        "the class or bookmark it for the next lecture.",
    )
