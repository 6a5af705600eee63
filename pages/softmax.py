"""Softmax and cross-entropy: logits -> exponentials -> probabilities -> loss -> gradient p - y."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from engine.neuralmath.config import LOGIT_LIMIT, MAX_CLASSES, MAX_SHIFT, SoftmaxConfig
from engine.neuralmath.softmax import (
    SLIDE_LOGITS,
    SLIDE_PRED,
    SLIDE_SPARSE_LABELS,
    categorical_crossentropy,
    one_hot,
    sigmoid_as_softmax,
    softmax,
    softmax_table,
    sparse_categorical_crossentropy,
)
from ui.neuralmath.common import (
    Preset,
    collect_vector,
    fmt,
    render_presets,
    set_vector,
    show_problems,
    sync_vector,
)
from ui.neuralmath.softmax_view import (
    binary_figure,
    formulas,
    keras_code,
    numpy_code,
    softmax_figure,
    softmax_frame,
    stability_frame,
)
from ui.url_state import config_from_state, ensure_state, remember, set_fields, share_url

P = "sm_"


def _set(logits: tuple[float, ...] = SLIDE_LOGITS, **fields) -> None:
    """Preset callback: logits (and the class count) plus any other fields."""
    st.session_state[P + "n_classes"] = len(logits)
    set_vector(P, "logits", logits)
    set_fields(P, **{"temperature": 1.0, "true_class": 0, "shift": 0.0, **fields})


def _resize() -> None:
    """The class count changed: keep the first logits, pad with zeros."""
    n = int(st.session_state[P + "n_classes"])
    old = tuple(st.session_state[P + "logits"])
    new = (old + (0.0,) * n)[:n]
    set_vector(P, "logits", new)
    if st.session_state[P + "true_class"] >= n:
        st.session_state[P + "true_class"] = 0


PRESETS = (
    Preset(
        "The slides' table",
        "Logits 2.33, −1.46, 0.56: e^z = 10.28, 0.23, 1.75, sum 12.26, probabilities 0.838, 0.019, "
        "0.143. (The slide prints e^2.33 as 10.27754; it is 10.27794, the probabilities are right.)",
        lambda: _set(SLIDE_LOGITS),
    ),
    Preset(
        "Confident and wrong",
        "Same logits, but the true class is 1 (p = 0.019): the loss jumps to −ln 0.019 ≈ 3.97 and "
        "the gradient pushes z₁ up by 0.98 while pulling the confident wrong class 0 down.",
        lambda: _set(SLIDE_LOGITS, true_class=1),
    ),
    Preset(
        "Cold temperature (T = 0.2)",
        "Dividing the logits by a small T exaggerates their gaps: the softmax approaches a one-hot "
        "argmax. Gradients get large (÷T).",
        lambda: _set(SLIDE_LOGITS, temperature=0.2),
    ),
    Preset(
        "Hot temperature (T = 5)",
        "A large T flattens the distribution toward uniform (1/3 each). Language models sample "
        "with T > 1 for more varied text.",
        lambda: _set(SLIDE_LOGITS, temperature=5.0),
    ),
    Preset(
        "Equal logits",
        "Four equal logits give p = 1/4 each and a loss of ln 4 = 1.386: the loss of pure guessing, "
        "the value an untrained classifier starts at.",
        lambda: _set((0.0, 0.0, 0.0, 0.0)),
    ),
    Preset(
        "Huge logits (1000, 1001)",
        "Logits 0 and 1 shifted by c = 1000: e^1000 overflows to ∞ and the textbook formula returns "
        "NaN, while subtracting the max first gives the exact answer (0.269, 0.731). See the "
        "*Huge logits* tab.",
        lambda: _set((0.0, 1.0), shift=1000.0),
    ),
)


st.title("Softmax and cross-entropy")
st.caption(
    "Everything on this page is computed on the spot with numpy from the numbers you set "
    "(no data set, nothing downloaded). Numbers from the course slides (deck 003)."
)

problems = ensure_state(P, SoftmaxConfig)
show_problems(problems)
if P + "n_classes" not in st.session_state:
    st.session_state[P + "n_classes"] = len(st.session_state[P + "logits"])
n = int(st.session_state[P + "n_classes"])
sync_vector(P, "logits", n)

controls, main = st.columns([1, 2.6], gap="large")
with controls:
    st.number_input("Number of classes", 2, MAX_CLASSES, key=P + "n_classes", on_change=_resize)
    for i in range(n):
        st.slider(
            f"logit z{i}",
            -LOGIT_LIMIT,
            LOGIT_LIMIT,
            step=0.01,
            key=f"{P}logits_{i}",
            help="The raw score of this class (the output of the last Dense layer, before softmax).",
        )
    collect_vector(P, "logits", n)
    st.slider(
        "Temperature T",
        0.05,
        10.0,
        step=0.05,
        key=P + "temperature",
        help="softmax(z / T): T < 1 sharpens, T > 1 flattens. T = 1 is the plain softmax.",
    )
    st.selectbox(
        "True class (the label)",
        range(n),
        format_func=lambda k: f"class {k}",
        key=P + "true_class",
    )

try:
    cfg = config_from_state(P, SoftmaxConfig).validated()
except ValueError as err:
    st.error(f"Those settings are not possible ({err}); showing the slides' example instead.")
    cfg = SoftmaxConfig()
remember(P, cfg)
table = softmax_table(cfg.logits, cfg.temperature, cfg.true_class)

with main:
    st.plotly_chart(softmax_figure(table), key="sm_fig", config={"displayModeBar": False})
    m1, m2, m3 = st.columns(3)
    m1.metric(f"p(true class {cfg.true_class})", f"{table.probs[cfg.true_class]:.4f}")
    m2.metric("cross-entropy loss", f"{table.loss:.4f}", help="−ln p(true class), in nats (natural log).")
    m3.metric("predicted class", f"class {int(np.argmax(table.probs))}")
    st.dataframe(
        softmax_frame(table),
        hide_index=True,
        width="stretch",
        column_config={
            c: st.column_config.NumberColumn(format="%.5g")
            for c in ("logit z", "z / T", "e^(z/T)", "p = e^(z/T) / Σ", "−y·ln p", "∂L/∂z = (p − y)/T")
        },
    )
    st.caption(f"Σ p = {table.probs.sum():.6f} (always 1) · Σ ∂L/∂z = {table.grad.sum():.1e} (always 0)")
    if cfg.shift:
        st.caption(
            f"The *Huge logits* tab adds c = {cfg.shift:g} to every logit. softmax(z + c) = softmax(z), "
            "so everything above stays as it is; only the naive formula breaks."
        )

tabs = st.tabs(
    [
        "What to try",
        "The math",
        "Sparse vs one-hot labels",
        "One sigmoid for two classes",
        "Huge logits",
        "Code",
        "Share",
    ]
)
with tabs[0]:
    render_presets(PRESETS, "sm")
with tabs[1]:
    st.markdown(
        "**Softmax** turns any real scores into probabilities: exponentiate (all positive), then normalize (sum 1)."
    )
    for line in formulas(table):
        st.latex(line)
    st.markdown(
        "Why is the gradient just **p − y**? With $L = -\\ln p_k$ and $p_k = e^{z_k}/\\sum_j e^{z_j}$ "
        "(slides, deck 001): $\\partial L/\\partial p_k = -1/p_k$ and $\\partial p_k/\\partial z_k = p_k(1-p_k)$, "
        "$\\partial p_k/\\partial z_i = -p_k p_i$; multiplied, $\\partial L/\\partial z_k = p_k - 1$ and "
        "$\\partial L/\\partial z_i = p_i$. Gradient descent raises the true logit and lowers every other "
        "logit in proportion to the probability it wrongly took. The gradient always sums to 0: "
        "adding a constant to all logits changes nothing."
    )
with tabs[2]:
    st.markdown(
        "The slides' two samples (3 classes). Keras's `SparseCategoricalCrossentropy` takes the labels as "
        "integers, `CategoricalCrossentropy` as one-hot rows. Both compute −ln p[true class]:"
    )
    labels = np.array(SLIDE_SPARSE_LABELS)
    pred = np.array(SLIDE_PRED)
    sparse = sparse_categorical_crossentropy(labels, pred)
    dense = categorical_crossentropy(one_hot(labels, 3), pred)
    st.dataframe(
        pd.DataFrame(
            {
                "sample": ["1 (correct prediction)", "2 (wrong prediction)"],
                "sparse label": labels,
                "one-hot label": [str(list(r)) for r in one_hot(labels, 3).astype(int)],
                "predicted p": [str(list(r)) for r in pred],
                "−ln p[label]": -np.log(pred[np.arange(2), labels]),
                "SparseCategoricalCrossentropy": sparse,
                "CategoricalCrossentropy": dense,
            }
        ),
        hide_index=True,
        width="stretch",
    )
    st.latex(
        rf"\text{{mean loss}} = \tfrac12({fmt(sparse[0], 5)} + {fmt(sparse[1], 5)}) = {fmt(sparse.mean(), 5)}"
        r"\quad\text{(Keras's default reduction)}"
    )
    st.markdown(
        f"**Your example:** label `{cfg.true_class}` (sparse) and one-hot "
        f"`{one_hot(np.array([cfg.true_class]), len(cfg.logits))[0].astype(int).tolist()}` give the same "
        f"loss on the probabilities above: {sparse_categorical_crossentropy(np.array([cfg.true_class]), table.probs[None])[0]:.5f} "
        f"and {categorical_crossentropy(one_hot(np.array([cfg.true_class]), len(cfg.logits)), table.probs[None])[0]:.5f}. "
        "The one-hot row's zeros multiply every other log-probability away, so the sparse form just skips them "
        "(less memory for 1,000 classes). Use sparse for integer labels, categorical for one-hot rows."
    )
with tabs[3]:
    st.slider("logit z of the sigmoid output", -8.0, 8.0, step=0.1, key=P + "binary_z")
    cfg = config_from_state(P, SoftmaxConfig).validated()
    remember(P, cfg)
    sig, two = sigmoid_as_softmax(np.array([cfg.binary_z]))
    st.latex(
        rf"\sigma({fmt(cfg.binary_z, 3)}) = \frac{{1}}{{1+e^{{-{fmt(cfg.binary_z, 3)}}}}} = {sig[0]:.6f}"
        rf"\qquad \mathrm{{softmax}}([0,\ {fmt(cfg.binary_z, 3)}])_1 = \frac{{e^{{{fmt(cfg.binary_z, 3)}}}}}{{e^0 + e^{{{fmt(cfg.binary_z, 3)}}}}} = {two[0]:.6f}"
    )
    st.plotly_chart(binary_figure(cfg.binary_z), key="sm_binary", config={"displayModeBar": False})
    st.markdown(
        "Softmax only sees the **differences** between logits, so with two classes one number is "
        "enough: $\\mathrm{softmax}([z_0, z_1])_1 = \\sigma(z_1 - z_0)$. A binary classifier therefore "
        "uses **one** output unit with a sigmoid and binary cross-entropy: the same model as two softmax "
        "units, with half the output weights. And the slides' trick question: a binary classifier with "
        "one unit and a *softmax* outputs softmax([z]) = 1 for every input (red line): its loss gradient "
        "is zero and it never learns."
    )
with tabs[4]:
    st.slider(
        "Add a constant c to every logit",
        0.0,
        MAX_SHIFT,
        step=10.0,
        key=P + "shift",
        help="softmax(z + c) = softmax(z) mathematically. Numerically, e^(z + c) overflows past c ≈ 709.",
    )
    cfg = config_from_state(P, SoftmaxConfig).validated()
    remember(P, cfg)
    frame = stability_frame(cfg.logits, cfg.shift)
    st.dataframe(frame, hide_index=True, width="stretch")
    if frame["naive e^z / Σ e^z"].str.startswith("NaN").any():
        st.error(
            f"With c = {cfg.shift:g}, e^(z+c) is ∞ in float64 and the textbook formula gives ∞/∞ = NaN. "
            "The stable softmax subtracts max(z) first, so its largest exponent is e^0 = 1."
        )
    else:
        st.success(
            "Both agree here. Push c above ~709 (or press the *Huge logits* preset) to break the naive one."
        )
    st.code(
        "def softmax(z):\n    e = np.exp(z - z.max())   # the shift cancels in the ratio\n    return e / e.sum()\n\n"
        f"softmax(np.array([{', '.join(f'{v + cfg.shift:g}' for v in cfg.logits)}]))\n"
        f"# -> {np.array2string(softmax(np.array(cfg.logits) + cfg.shift), precision=5)}",
        language="python",
    )
with tabs[5]:
    left, right = st.columns(2)
    left.markdown("**numpy** (this page's math)")
    left.code(numpy_code(cfg), language="python")
    right.markdown("**Keras**")
    right.code(keras_code(cfg), language="python")
with tabs[6]:
    st.markdown("This link reopens exactly these logits, temperature and label:")
    st.code(share_url(cfg.to_params(), "softmax"), language=None, wrap_lines=True)
