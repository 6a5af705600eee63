"""The softmax page's controls and tabs (widgets keyed by the page's ``PageState``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from engine.neuralmath.config import LOGIT_LIMIT, MAX_CLASSES, SoftmaxConfig
from engine.neuralmath.softmax import (
    SLIDE_PRED,
    SLIDE_SPARSE_LABELS,
    SoftmaxTable,
    categorical_crossentropy,
    one_hot,
    sigmoid_as_softmax,
    softmax,
    sparse_categorical_crossentropy,
)
from ui.neuralmath.common import CHART, element_changed, element_key, fmt, show_vector
from ui.neuralmath.softmax_view import (
    binary_figure,
    formulas,
    softmax_figure,
    softmax_frame,
    stability_frame,
)
from ui.url_state import PageState

TABLE_COLUMNS = ("logit z", "z / T", "e^(z/T)", "p = e^(z/T) / Σ", "−y·ln p", "∂L/∂z = (p − y)/T")


def _resize(state: PageState) -> None:
    """The class count changed: keep the first logits, pad with zeros."""
    n = int(st.session_state[state.key("n_classes")])
    state.set(logits=(tuple(state.value("logits")) + (0.0,) * n)[:n])
    if state.value("true_class") >= n:
        state.set(true_class=0)


def controls(state: PageState) -> None:
    """Class count, one slider per logit, temperature, true class."""
    logits = show_vector(state, "logits")
    n = len(logits)
    st.session_state[state.key("n_classes")] = n  # derived from the logits, never stored apart
    st.number_input(
        "Number of classes", 2, MAX_CLASSES, key=state.key("n_classes"), on_change=_resize, args=(state,)
    )
    for i in range(n):
        st.slider(
            f"logit z{i}",
            -LOGIT_LIMIT,
            LOGIT_LIMIT,
            step=0.01,
            key=element_key(state, "logits", i),
            on_change=element_changed,
            args=(state, "logits", i),
            help="The raw score of this class (the output of the last Dense layer, before softmax).",
        )
    state.widget("temperature")
    st.selectbox(
        "True class (the label)", range(n), format_func=lambda k: f"class {k}", key=state.key("true_class")
    )


def main_panel(state: PageState, cfg: SoftmaxConfig, table: SoftmaxTable) -> None:
    """The bars, the read-outs and the slides' table, extended."""
    st.plotly_chart(softmax_figure(table), key=state.key("chart"), config=CHART)
    m1, m2, m3 = st.columns(3)
    m1.metric(f"p(true class {cfg.true_class})", f"{table.probs[cfg.true_class]:.4f}")
    m2.metric("cross-entropy loss", f"{table.loss:.4f}", help="−ln p(true class), in nats (natural log).")
    m3.metric("predicted class", f"class {int(np.argmax(table.probs))}")
    st.dataframe(
        softmax_frame(table),
        hide_index=True,
        width="stretch",
        column_config={c: st.column_config.NumberColumn(format="%.5g") for c in TABLE_COLUMNS},
    )
    st.caption(f"Σ p = {table.probs.sum():.6f} (always 1) · Σ ∂L/∂z = {table.grad.sum():.1e} (always 0)")
    if cfg.shift:
        shifted_logits_panel(cfg)


def shifted_logits_panel(cfg: SoftmaxConfig) -> None:
    """Right under the chart when a shift c is set: the real logits z + c, naive vs stable."""
    shown = ", ".join(f"{v + cfg.shift:g}" for v in cfg.logits)
    frame = stability_frame(cfg.logits, cfg.shift)
    broken = frame["naive e^z / Σ e^z"].str.startswith("NaN").any()
    st.markdown(
        f"**The logits are really {shown}** (the ones above plus c = {cfg.shift:g}). Softmax ignores a "
        "common shift, softmax(z + c) = softmax(z), so the bars above are exact; the textbook "
        f"formula e^z / Σ e^z {'overflows: e^(z+c) = ∞ and ∞/∞ = NaN' if broken else 'still copes here'}:"
    )
    st.dataframe(frame, hide_index=True, width="stretch")


def math_tab(table: SoftmaxTable) -> None:
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


def _slides_sparse_frame() -> tuple[pd.DataFrame, np.ndarray]:
    """The slides' two samples with both Keras losses; also the per-sample losses."""
    labels, pred = np.array(SLIDE_SPARSE_LABELS), np.array(SLIDE_PRED)
    sparse = sparse_categorical_crossentropy(labels, pred)
    frame = pd.DataFrame(
        {
            "sample": ["1 (correct prediction)", "2 (wrong prediction)"],
            "sparse label": labels,
            "one-hot label": [str(list(r)) for r in one_hot(labels, 3).astype(int)],
            "predicted p": [str(list(r)) for r in pred],
            "−ln p[label]": -np.log(pred[np.arange(2), labels]),
            "SparseCategoricalCrossentropy": sparse,
            "CategoricalCrossentropy": categorical_crossentropy(one_hot(labels, 3), pred),
        }
    )
    return frame, sparse


def sparse_tab(cfg: SoftmaxConfig, table: SoftmaxTable) -> None:
    st.markdown(
        "The slides' two samples (3 classes). Keras's `SparseCategoricalCrossentropy` takes the labels as "
        "integers, `CategoricalCrossentropy` as one-hot rows. Both compute −ln p[true class]:"
    )
    frame, sparse = _slides_sparse_frame()
    st.dataframe(frame, hide_index=True, width="stretch")
    st.latex(
        rf"\text{{mean loss}} = \tfrac12({fmt(sparse[0], 5)} + {fmt(sparse[1], 5)}) = {fmt(sparse.mean(), 5)}"
        r"\quad\text{(Keras's default reduction)}"
    )
    label = np.array([cfg.true_class])
    row = one_hot(label, len(cfg.logits))
    st.markdown(
        f"**Your example:** label `{cfg.true_class}` (sparse) and one-hot `{row[0].astype(int).tolist()}` give "
        f"the same loss on the probabilities above: {sparse_categorical_crossentropy(label, table.probs[None])[0]:.5f} "
        f"and {categorical_crossentropy(row, table.probs[None])[0]:.5f}. The one-hot row's zeros multiply every "
        "other log-probability away, so the sparse form just skips them (less memory for 1,000 classes). "
        "Use sparse for integer labels, categorical for one-hot rows."
    )


def binary_tab(state: PageState, cfg: SoftmaxConfig) -> None:
    state.widget("binary_z")
    z = fmt(cfg.binary_z, 3)
    sig, two = sigmoid_as_softmax(np.array([cfg.binary_z]))
    st.latex(
        rf"\sigma({z}) = \frac{{1}}{{1+e^{{-{z}}}}} = {sig[0]:.6f}"
        rf"\qquad \mathrm{{softmax}}([0,\ {z}])_1 = \frac{{e^{{{z}}}}}{{e^0 + e^{{{z}}}}} = {two[0]:.6f}"
    )
    st.plotly_chart(binary_figure(cfg.binary_z), key=state.key("binary_chart"), config=CHART)
    st.markdown(
        "Softmax only sees the **differences** between logits, so with two classes one number is "
        "enough: $\\mathrm{softmax}([z_0, z_1])_1 = \\sigma(z_1 - z_0)$. A binary classifier therefore "
        "uses **one** output unit with a sigmoid and binary cross-entropy: the same model as two softmax "
        "units, with half the output weights. And the slides' trick question: a binary classifier with "
        "one unit and a *softmax* outputs softmax([z]) = 1 for every input (red line): its loss gradient "
        "is zero and it never learns."
    )


def stability_tab(state: PageState, cfg: SoftmaxConfig) -> None:
    state.widget("shift")
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
        "import numpy as np\n\n\ndef softmax(z):\n    e = np.exp(z - z.max())   # the shift cancels in the ratio\n    return e / e.sum()\n\n"
        f"softmax(np.array([{', '.join(f'{v + cfg.shift:g}' for v in cfg.logits)}]))\n"
        f"# -> {np.array2string(softmax(np.array(cfg.logits) + cfg.shift), precision=5)}",
        language="python",
    )
