"""Logistic regression: sigmoid and cross-entropy, why not a line or MSE, a moving boundary, multi-class."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st
from sklearn.metrics import accuracy_score, precision_score, recall_score

from engine.basics import data, logistic
from engine.basics.config import LogisticConfig
from engine.basics.gd import METHODS, batch_size_for, loss_exploding
from ui.basics import logistic_view as lv
from ui.basics import trace_view
from ui.basics.common import options_with, preset_rows, share_box
from ui.basics.gd_view import f3
from ui.url_state import config_from_state, ensure_state, remember, set_fields

P = "lg_"
LEARNING_RATES = (0.001, 0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0)
PRESETS = (
    (
        "Add the 23 cm tumor",
        "One huge malignant tumor drags the least-squares line flat: its 0.5 cut jumps right and "
        "the 4.0 and 4.3 cm tumors become 'benign'. The logistic cut barely moves.",
        {"big_tumor": True},
    ),
    (
        "Slow learner",
        "lr = 0.03: the boundary drifts into place over hundreds of updates; watch the loss "
        "curve flatten only slowly.",
        {"lr": 0.03, "epochs": 300, "method": "batch"},
    ),
    (
        "Stochastic updates",
        "One student per update: the boundary jitters as each example pulls it its own way.",
        {"lr": 0.3, "epochs": 5, "method": "sgd"},
    ),
    (
        "Cautious admissions (threshold 0.8)",
        "Admit only when p ≥ 0.8: the boundary shifts, fewer false 'admitted', more missed "
        "students (see the confusion matrix).",
        {"threshold": 0.8},
    ),
    (
        "Overlapping blobs",
        "Spread 3: the classes overlap, the regions of one-vs-rest and softmax start to differ "
        "and accuracy drops below 100 %.",
        {"mc_spread": 3.0},
    ),
)

st.title("Logistic regression")
for problem in ensure_state(P, LogisticConfig):
    st.warning(f"The link had a setting this page cannot use, so it was skipped: {problem}")
st.caption(
    "Data: the slides' tumor sizes and tables (slide 003), 100 generated students with two exam "
    "scores (like the slides' admissions notebook), and three generated blobs. All on this server."
)

# ---- 1 sigmoid + BCE ---------------------------------------------------------------------------
st.subheader("1 · The sigmoid turns a score into a probability; cross-entropy scores it")
left, right = st.columns(2)
with left:
    st.latex(r"\hat y = \sigma(z) = \frac{1}{1 + e^{-z}},\qquad z = w\cdot x + b")
    st.plotly_chart(lv.sigmoid_figure(), key=P + "sigmoid")
    st.dataframe(lv.sigmoid_table(), hide_index=True, width="stretch")
with right:
    st.latex(r"\text{cost}(\hat y, y) = -y\log\hat y - (1-y)\log(1-\hat y)")
    st.plotly_chart(lv.bce_figure(), key=P + "bce")
    st.dataframe(lv.bce_table(), hide_index=True, width="stretch")

# ---- 2 why not linear regression ---------------------------------------------------------------
st.subheader("2 · Why not linear regression for classes?")
st.toggle("Add a 23 cm malignant tumor", key=P + "big_tumor")
cfg_tumor = bool(st.session_state[P + "big_tumor"])
fits = lv.tumor_fits(cfg_tumor)
left, right = st.columns([1.6, 1])
with left:
    st.plotly_chart(lv.tumor_figure(fits), key=P + "tumor")
with right:
    st.dataframe(lv.tumor_table(fits), hide_index=True, width="stretch")
    if cfg_tumor:
        st.error(
            f"The line's 0.5 cut moved to {fits.linear_cut:.2f} cm: the 4.0 and 4.3 cm malignant "
            f"tumors are now called benign. The logistic cut is at {fits.logistic_cut:.2f} cm and "
            "still separates them."
        )
    else:
        st.info(
            f"Here the line works: ŷ ≥ 0.5 from {fits.linear_cut:.2f} cm on (the slide's table). "
            "Now add the large tumor above."
        )
    st.caption("Line: numpy least squares. Logistic: scikit-learn's LogisticRegression (default L2).")

# ---- 3 why not MSE -----------------------------------------------------------------------------
st.subheader("3 · Why not MSE? Its loss is not convex")
st.plotly_chart(lv.mse_vs_bce_figure(), key=P + "mse_bce")
left, right = st.columns([1.4, 1])
left.markdown(
    "One weight, p = σ(w·(size − 3.7)), on the tumors plus one small malignant one. The MSE curve "
    "**bends down** in places (shaded) and goes **flat** far from the minimum: gradient descent "
    "can stall there. The cross-entropy curve always bends up (convex): one minimum, and a "
    "strong gradient when the model is confidently wrong. The slide's table shows why: a perfect "
    "mismatch (y = 1, ŷ = 0) costs only 1 with MSE, but 16 with BCE (clipped at 10⁻⁷)."
)
right.dataframe(lv.mse_table(), hide_index=True, width="stretch")

# ---- 4 admissions ------------------------------------------------------------------------------
st.subheader("4 · Two exam scores: train it and watch the boundary move")
c1, c2, c3, c4, c5 = st.columns([1.7, 1.0, 2.0, 1.3, 1.0])
c1.selectbox("Method", list(METHODS), key=P + "method", format_func=METHODS.get)
c2.number_input(
    "Batch size", 1, 100, step=1, key=P + "batch", disabled=st.session_state[P + "method"] != "minibatch"
)
c3.select_slider(
    "Learning rate",
    options=options_with(LEARNING_RATES, st.session_state[P + "lr"]),
    key=P + "lr",
    format_func=lambda v: f"{v:g}",
)
c4.slider("Epochs", 1, 500, key=P + "epochs")
c5.number_input("Data seed", 0, 2**31 - 1, step=1, key=P + "seed")
st.slider(
    "Probability threshold: admit when p ≥",
    0.01,
    0.99,
    step=0.01,
    key=P + "threshold",
    help="The boundary is the line where the model's probability equals this threshold.",
)

# the multi-class widgets are further down; read the whole config here
ss = st.session_state
cfg = config_from_state(P, LogisticConfig)
remember(P, cfg)

batch_size = batch_size_for(cfg.method, 100, cfg.batch)
fit = lv.fit_admissions(cfg, batch_size)
if loss_exploding(fit.trace):
    st.error("Diverged: learning rate too high. Lower it and play again.", icon=":material/error:")
logit = float(np.log(cfg.threshold / (1 - cfg.threshold)))
st.latex(
    r"w \leftarrow w - \text{lr}\cdot\tfrac{1}{m}X^{T}(\sigma(Xw + b) - y),\quad "
    rf"\text{{boundary: }} w_1x_1 + w_2x_2 + b = \log\tfrac{{t}}{{1-t}} = {logit:.3f}\ (t = {cfg.threshold:g})"
)
trace_view.render(lv.build_admissions_view(fit, cfg), height=640)

p_final = fit.proba(fit.trace.steps, fit.ds.x)
pred = (p_final >= cfg.threshold).astype(int)
y_true = fit.ds.y.astype(int)
left, mid, right = st.columns([1.1, 1.0, 1.3])
with left:
    st.markdown(f"**After {fit.trace.steps} updates, threshold {cfg.threshold:g}**")
    a, b_ = st.columns(2)
    a.metric("Accuracy", f"{accuracy_score(y_true, pred):.0%}")
    b_.metric("BCE", f3(float(fit.trace.losses[-1])))
    a.metric(
        "Precision",
        f"{precision_score(y_true, pred, zero_division=0):.0%}",
        help="Of those admitted, how many should be.",
    )
    b_.metric(
        "Recall",
        f"{recall_score(y_true, pred, zero_division=0):.0%}",
        help="Of those who should be admitted, how many are.",
    )
    w, b = fit.weights(fit.trace.steps)
    w_sk, b_sk = lv.sklearn_weights(cfg.seed)
    st.dataframe(
        pd.DataFrame(
            {
                "": ["gradient descent", "scikit-learn (no penalty)"],
                "w₁": [w[0], w_sk[0]],
                "w₂": [w[1], w_sk[1]],
                "b": [b, b_sk],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(
        "Weights in exam-score units. Train longer and gradient descent reaches scikit-learn's answer."
    )
with mid:
    st.markdown("**Confusion matrix** (scikit-learn)")
    st.plotly_chart(lv.confusion_figure(y_true, pred), key=P + "cm")
with right:
    st.markdown("**Final probability map**")
    st.plotly_chart(lv.probability_figure(fit, cfg.threshold), key=P + "pmap")

# ---- 5 multi-class -----------------------------------------------------------------------------
st.subheader("5 · More than two classes: one-vs-rest or softmax")
c1, c2, c3 = st.columns(3)
c1.slider("Blob spread", 0.3, 4.0, step=0.1, key=P + "mc_spread")
c2.select_slider(
    "Learning rate ", options=options_with((0.01, 0.05, 0.1, 0.5, 1.0, 2.0), ss[P + "mc_lr"]), key=P + "mc_lr"
)
c3.slider("Epochs (batch)", 10, 2000, step=10, key=P + "mc_epochs")
cfg = config_from_state(P, LogisticConfig)
remember(P, cfg)
blobs = data.blobs3(cfg.seed, spread=cfg.mc_spread)
labels = blobs.y.astype(int)
ovr = logistic.fit_ovr(blobs.x, blobs.y, 3, cfg.mc_lr, cfg.mc_epochs)
soft = logistic.fit_softmax(blobs.x, blobs.y, 3, cfg.mc_lr, cfg.mc_epochs)
left, right = st.columns(2)
acc_ovr = accuracy_score(labels, ovr.predict(blobs.x))
acc_soft = accuracy_score(labels, soft.predict(blobs.x))
left.plotly_chart(
    lv.multiclass_figure(blobs, ovr, f"One-vs-rest: 3 sigmoids, accuracy {acc_ovr:.0%}"), key=P + "ovr"
)
right.plotly_chart(
    lv.multiclass_figure(blobs, soft, f"Softmax: one model, accuracy {acc_soft:.0%}"), key=P + "soft"
)
sample = blobs.x[:3]
st.markdown(
    '**One-vs-rest** trains one binary logistic regression per class ("class c" vs "the rest", '
    "dashed lines) and picks the most confident; its three probabilities need not add up to 1. "
    "**Softmax** scores all classes together, P(c) = e^(z_c) / Σⱼ e^(z_j), trained with the "
    "cross-entropy −log P(true class): the probabilities always sum to 1. "
    f"Data: **{blobs.source}**."
)
st.dataframe(
    pd.DataFrame(
        {
            "point": [f"({p[0]:.1f}, {p[1]:.1f}) class {c}" for p, c in zip(sample, labels[:3], strict=True)],
            "one-vs-rest P(0), P(1), P(2)": [", ".join(f"{v:.2f}" for v in row) for row in ovr.proba(sample)],
            "OvR sum": ovr.proba(sample).sum(axis=1).round(2),
            "softmax P(0), P(1), P(2)": [", ".join(f"{v:.2f}" for v in row) for row in soft.proba(sample)],
            "softmax sum": soft.proba(sample).sum(axis=1).round(2),
        }
    ),
    hide_index=True,
    width="stretch",
)

try_tab, how_tab, code_tab, share_tab = st.tabs(
    ["What to try", "How it works", "numpy / Keras code", "Share"]
)
with try_tab:
    preset_rows(P, PRESETS, key=P + "preset_")
    st.button(
        "Back to the defaults",
        key=P + "defaults",
        on_click=set_fields,
        args=(P,),
        kwargs=vars(LogisticConfig()),
    )
with how_tab:
    st.markdown(
        "- **Model:** z = w·x + b as in linear regression, then ŷ = σ(z) squeezes it into (0, 1): "
        "the probability of class 1.\n"
        "- **Loss:** binary cross-entropy J = −(1/n) Σ [y log ŷ + (1 − y) log(1 − ŷ)]; by the chain "
        "rule its gradient is simply ∂J/∂w = (1/n) Xᵀ(ŷ − y), ∂J/∂b = mean(ŷ − y).\n"
        "- **Decision:** predict 1 when ŷ ≥ t. The boundary is the straight line w·x + b = log(t/(1 − t)); "
        "t = 0.5 gives w·x + b = 0.\n"
        "- **Scaling:** the exam scores are standardized before training (as the slides' MinMaxScaler "
        "does), so one learning rate suits both weights; the boundary is drawn back in score units."
    )
with code_tab:
    st.code(lv.numpy_code(cfg, batch_size), language="python")
    st.markdown("The same classifiers in Keras:")
    st.code(lv.KERAS_CODE, language="python")
with share_tab:
    share_box("logistic_regression", cfg.to_params())
