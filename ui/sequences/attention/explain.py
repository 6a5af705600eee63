"""The attention page's explanation: the equations of the selected output step with the live numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from engine.sequences.attention.data import TOKEN_TEXT
from engine.sequences.attention.run import AttentionSnapshot, StepExplanation

SHOWN = 6  #: vector entries written out before "…"


def _vec(values: np.ndarray, digits: int = 2) -> str:
    shown = ", ".join(f"{v:.{digits}f}" for v in values[:SHOWN])
    more = r", \ldots" if len(values) > SHOWN else ""
    return f"({shown}{more})"


def render_equations(snap: AttentionSnapshot, ex: StepExplanation | None) -> None:
    """Scores, softmax and context of step t for the example, computed in numpy from the model's states."""
    cfg = snap.config
    units = cfg.units
    st.markdown(
        f"**The encoder** ({cfg.cell.upper()}, {units} units) reads the input x₁…x_L and keeps one state per "
        f"position, h_j. The **plain** model hands the decoder only the last one, h_L: a fixed-size context "
        f"vector of {units} numbers, whatever the length. The **attention** model lets every output step t look "
        f"back at all of them. Its decoder state s_t is the *query*, the h_j are *keys* and *values*:"
    )
    score = r"s_t \cdot h_j" if cfg.score == "dot" else r"\sum_k w_k \tanh(s_{t,k} + h_{j,k})"
    st.latex(
        rf"e_{{tj}} = {score}, \qquad \alpha_{{tj}} = \frac{{\exp e_{{tj}}}}{{\sum_{{k=1}}^{{L}} \exp e_{{tk}}}},"
        rf"\qquad c_t = \sum_{{j=1}}^{{L}} \alpha_{{tj}}\, h_j"
    )
    st.latex(
        r"\tilde h_t = \tanh(W_c\,[c_t; s_t] + b_c), \qquad p(y_t) = \mathrm{softmax}(W_o \tilde h_t + b_o)"
    )
    if ex is None:
        st.info("The live numbers appear once the models are compiled: press **Play** or **Step**.")
        return
    m = ex.math
    digits = " ".join(str(int(d)) for d in ex.digits)
    when = f"epoch {ex.epoch}" + (f", batch {ex.batch}" if ex.batch else "")
    st.markdown(
        f"**Output step t = {ex.step}** of the example **{digits}** (L = {len(ex.digits)}), at {when}, "
        f"numbers computed in numpy from the model's own states (a test checks them against Keras's "
        f"`{'Attention' if cfg.score == 'dot' else 'AdditiveAttention'}` layer to 1e-6):"
    )
    st.latex(rf"s_{{{ex.step}}} = {_vec(ex.query)} \quad ({units}\text{{ numbers}})")
    st.latex(rf"h_1 = {_vec(ex.keys[0])},\quad h_{{{len(ex.digits)}}} = {_vec(ex.keys[-1])}")
    if ex.scale is not None:
        st.latex(rf"w = {_vec(ex.scale)} \quad (\text{{the layer's learned scale vector}})")
    best = int(np.argmax(m.weights))
    t, b = ex.step, best + 1
    others = "+".join(rf"e^{{{v:.2f}}}" for v in m.scores[:3]) + (r"+\cdots" if len(m.scores) > 3 else "")
    st.latex(
        rf"\alpha_{{{t},{b}}} = \frac{{e^{{{m.scores[best]:.2f}}}}}{{{others}}} = {m.weights[best]:.3f}"
        rf"\qquad \left(\textstyle\sum_j \alpha_{{{t}j}} = {m.weights.sum():.3f}\right)"
    )
    table = pd.DataFrame(
        {
            "j": np.arange(1, len(ex.digits) + 1),
            "input x_j": [int(d) for d in ex.digits],
            f"score e_{t}j": np.round(m.scores, 3),
            f"weight α_{t}j": np.round(m.weights, 4),
        }
    )
    st.dataframe(table, hide_index=True, width="content")
    st.latex(rf"c_{{{ex.step}}} = \sum_j \alpha_{{{ex.step}j}} h_j = {_vec(m.context)}")
    out, target = TOKEN_TEXT[ex.output], TOKEN_TEXT[ex.target]
    verdict = "right" if ex.output == ex.target else f"wrong: the target is {target}"
    st.markdown(
        f"The largest weight, **{m.weights[best]:.3f}**, is on input position {best + 1} (the digit "
        f"{int(ex.digits[best])}), so c_t is mostly h_{best + 1}. The model outputs **{out}** ({verdict})."
    )
