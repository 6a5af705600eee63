"""The "How it works" tab: windows, the cells' equations, parameter counts (checked against
Keras), the loss and the free-running forecast, with this run's numbers."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from engine.sequences.forecast.cells import GATES, layer_params, network_params
from engine.sequences.forecast.config import MODELS
from engine.sequences.forecast.run import ForecastSnapshot

EQUATIONS: dict[str, str] = {
    "rnn": r"h_t = \tanh(x_t W + h_{t-1} U + b)",
    "lstm": r"\begin{aligned} i_t &= \sigma(x_t W_i + h_{t-1} U_i + b_i),\quad "
    r"f_t = \sigma(x_t W_f + h_{t-1} U_f + b_f),\quad o_t = \sigma(x_t W_o + h_{t-1} U_o + b_o)\\ "
    r"\tilde c_t &= \tanh(x_t W_c + h_{t-1} U_c + b_c),\quad c_t = f_t \odot c_{t-1} + i_t \odot \tilde c_t,"
    r"\quad h_t = o_t \odot \tanh(c_t) \end{aligned}",
    "gru": r"\begin{aligned} z_t &= \sigma(x_t W_z + b_z + h_{t-1} U_z + b'_z),\quad "
    r"r_t = \sigma(x_t W_r + b_r + h_{t-1} U_r + b'_r)\\ "
    r"\tilde h_t &= \tanh\big(x_t W_h + b_h + r_t \odot (h_{t-1} U_h + b'_h)\big),\quad "
    r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde h_t \end{aligned}",
}


def _layer_formula(kind: str, u: int, d: int) -> str:
    g = GATES[kind]
    core = f"{u}\\cdot({u}+{d})+{u}"
    text = core if g == 1 else f"{g}\\cdot({core})"
    return text + (f"+{g}\\cdot{u}" if kind == "gru" else "")


def param_formula(kind: str, units: int, layers: int) -> str:
    """The parameter count as a sum with this network's numbers (LaTeX), e.g. for an LSTM
    ``4·(16·(16+1)+16) + (16+1) = 1169``; the total comes from ``cells.network_params``."""
    terms = [_layer_formula(kind, units, 1)] + [_layer_formula(kind, units, units)] * (layers - 1)
    terms.append(f"({units}+1)")
    return " + ".join(terms) + f" = {network_params(kind, units, layers):,}".replace(",", "{,}")


def params_table(snap: ForecastSnapshot) -> pd.DataFrame:
    cfg = snap.config
    rows = []
    for kind, keras_count in zip(snap.kinds, snap.n_params, strict=True):
        ours = network_params(kind, cfg.units, cfg.layers)
        rows.append(
            {
                "network": MODELS[kind],
                "first recurrent layer": layer_params(kind, cfg.units, 1),
                "each further layer": layer_params(kind, cfg.units, cfg.units) if cfg.layers > 1 else 0,
                "Dense(1) head": cfg.units + 1,
                "formula total": ours,
                "Keras count_params()": keras_count,
                "match": "✓" if ours == keras_count else "✗",
            }
        )
    return pd.DataFrame(rows)


def render_explanation(snap: ForecastSnapshot) -> None:
    cfg, w = snap.config, snap.config.window
    n, n_val = len(snap.series), len(snap.series) - snap.n_train
    st.markdown(
        f"**Windows.** The series ({n} points) is cut into examples: the network reads the {w} values "
        f"before time t and predicts the value at t. The first {snap.n_train} points are the training part "
        f"({snap.n_windows} windows, shuffled each epoch, the same order for every network); the last "
        f"{n_val} are the validation range, never trained on. Values are standardised with the training "
        "part's mean and standard deviation."
    )
    st.latex(rf"\hat y_t = f\big(y_{{t-{w}}},\ \dots,\ y_{{t-1}}\big),\qquad t = {w}, \dots, {n - 1}")
    st.markdown(
        "**The cells.** Each layer runs its cell over the window, one value at a time; the last hidden "
        f"state h goes to a `Dense(1)` output. u = {cfg.units} units, d = inputs per step (1 for the "
        f"first layer, {cfg.units} for a further one), σ = sigmoid, ⊙ = element-wise product."
    )
    for kind in snap.kinds:
        st.markdown(f"*{MODELS[kind]}*")
        st.latex(EQUATIONS[kind])
    st.markdown(
        "**Parameters.** A cell with g weight blocks (SimpleRNN 1, LSTM 4: i, f, c̃, o; GRU 3: z, r, h̃) "
        "has g·(u·(u+d) + u) parameters: an input kernel d×u, a recurrent kernel u×u and a bias u per block. "
        "Keras's GRU (`reset_after=True`, the default) keeps a second bias b′, hence + g·u."
    )
    for kind in snap.kinds:
        st.latex(rf"\text{{{MODELS[kind]}}}:\ {param_formula(kind, cfg.units, cfg.layers)}")
    st.dataframe(params_table(snap), hide_index=True)
    preds = snap.predictions
    st.markdown(
        "**Loss.** Each network minimises the mean squared error of its one-step prediction (standardised "
        "units; the loss chart). The table reports errors in the series' own units as RMSE, beside the "
        f'naive forecast "next = last" (ŷ_t = y_(t−1)): RMSE {preds.rmse_naive:.4f} on the validation range. '
        "A network that cannot beat it has learned nothing useful."
    )
    st.latex(r"\text{MSE} = \frac{1}{N}\sum_t (\hat y_t - y_t)^2,\qquad \text{RMSE} = \sqrt{\text{MSE}}")
    st.markdown(
        f"**Free-running forecast.** From the last true window of the training part, the network predicts "
        f"one value, appends it to the window, drops the oldest value and repeats {snap.horizon} times. "
        "After the first W steps it reads only its own outputs, so its errors compound: that is why the "
        "forecast's RMSE is larger than the one-step RMSE."
    )
    st.latex(
        r"\hat y_{T+k} = f\big(\dots,\ y_{T-1},\ \hat y_{T},\ \dots,\ \hat y_{T+k-1}\big),"
        rf"\qquad k = 0, \dots, {snap.horizon - 1}"
    )
