"""Logistic regression page, sections 1 and 3: the sigmoid, cross-entropy, and why not MSE."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from engine.basics import data, logistic
from ui.url_state import PageState

CLASS_COLORS = ("#d1342f", "#0877bd", "#1f9d55")
#: The margins of these pages' charts (fonts and colours: ui.plot_theme).
LAYOUT = {"margin": {"l": 60, "r": 20, "t": 30, "b": 50}}


def _pairs(table: tuple[tuple[float, float], ...]) -> tuple[np.ndarray, np.ndarray]:
    return np.array([r[0] for r in table], dtype=float), np.array([r[1] for r in table], dtype=float)


def _power_of_ten(value: float) -> str:
    """1e-07 -> "10⁻⁷"."""
    exponent = round(float(np.log10(value)))
    return "10" + str(exponent).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


def sigmoid_table() -> pd.DataFrame:
    z = np.array(data.SIGMOID_TABLE_Z)
    return pd.DataFrame({"z": z, "σ(z) = 1 / (1 + e⁻ᶻ)": [f"{v:.10g}" for v in logistic.sigmoid(z)]})


def bce_table() -> pd.DataFrame:
    y, p = _pairs(data.BCE_TABLE)
    cost = logistic.bce_terms(y, p)  # the clipping at 1e-7 does not touch these values
    return pd.DataFrame(
        {
            "y": y.astype(int),
            "ŷ": [f"{v:g}" for v in p],
            "cost −y log ŷ − (1−y) log(1−ŷ)": [f"{v:.5f}" for v in cost],
        }
    )


def mse_table() -> pd.DataFrame:
    y, p = _pairs(data.MSE_TABLE)
    return pd.DataFrame(
        {
            "y": y.astype(int),
            "ŷ": p,
            "y − ŷ": y - p,
            "(y − ŷ)² (MSE)": (y - p) ** 2,
            "BCE cost": np.round(logistic.bce_terms(y, p), 4),
        }
    )


@st.cache_data(max_entries=1)
def sigmoid_figure() -> go.Figure:
    z = np.linspace(-10, 10, 400)
    zt = np.array(data.SIGMOID_TABLE_Z)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=z, y=logistic.sigmoid(z), mode="lines", name="σ(z)", line={"width": 3, "color": "#0877bd"}
        )
    )
    fig.add_trace(
        go.Scatter(
            x=zt,
            y=logistic.sigmoid(zt),
            mode="markers",
            name="the slide's table",
            marker={"size": 10, "color": "#f28e2b"},
        )
    )
    fig.add_hline(y=0.5, line_dash="dot", line_color="#999")
    fig.update_layout(
        height=300,
        xaxis_title="z = w·x + b",
        yaxis_title="σ(z): probability of y = 1",
        showlegend=False,
        **LAYOUT,
    )
    return fig


@st.cache_data(max_entries=1)
def bce_figure() -> go.Figure:
    p = np.linspace(0.001, 0.999, 400)
    curves = (
        (-np.log(p), "y = 1: −log ŷ", {"width": 3, "color": "#1f9d55"}),
        (-np.log(1 - p), "y = 0: −log(1 − ŷ)", {"width": 3, "color": "#d1342f"}),
        ((1 - p) ** 2, "y = 1: (1 − ŷ)² (MSE)", {"width": 2, "dash": "dash", "color": "#555"}),
    )
    fig = go.Figure()
    for y, name, line in curves:
        fig.add_trace(go.Scatter(x=p, y=y, mode="lines", name=name, line=line))
    fig.update_layout(
        height=300,
        xaxis_title="predicted ŷ",
        yaxis_title="cost",
        yaxis_range=[0, 5],
        legend={"orientation": "h", "y": -0.3},
        **LAYOUT,
    )
    return fig


@st.cache_data(max_entries=1)
def mse_vs_bce_figure() -> go.Figure:
    ws = np.linspace(-8, 8, 801)
    mse, bce = logistic.one_weight_losses(data.MSE_DEMO_X, data.MSE_DEMO_Y, ws)
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=("MSE of σ(w·x): not convex", "Binary cross-entropy: convex"),
        horizontal_spacing=0.1,
    )
    fig.add_trace(
        go.Scatter(x=ws, y=mse, mode="lines", line={"width": 3, "color": "#d1342f"}, name="MSE"), 1, 1
    )
    concave = np.r_[False, np.diff(mse, 2) < 0, False]
    fig.add_trace(
        go.Scatter(
            x=np.where(concave, ws, None),
            y=np.where(concave, mse, None),
            mode="lines",
            line={"width": 9, "color": "rgba(209,52,47,0.25)"},
            name="bends down (concave)",
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Scatter(x=ws, y=bce, mode="lines", line={"width": 3, "color": "#1f9d55"}, name="BCE"), 1, 2
    )
    fig.update_xaxes(title_text="weight w")
    fig.update_yaxes(title_text="loss", row=1, col=1)
    fig.update_layout(height=340, legend={"orientation": "h", "y": -0.3}, **LAYOUT)
    return fig


def sigmoid_section(state: PageState) -> None:
    """Section 1: the sigmoid and the cross-entropy, each with the slides' table."""
    left, right = st.columns(2)
    with left:
        st.latex(r"\hat y = \sigma(z) = \frac{1}{1 + e^{-z}},\qquad z = w\cdot x + b")
        st.plotly_chart(sigmoid_figure(), key=state.key("sigmoid"))
        st.table(sigmoid_table(), hide_index=True)
    with right:
        st.latex(r"\text{cost}(\hat y, y) = -y\log\hat y - (1-y)\log(1-\hat y)")
        st.plotly_chart(bce_figure(), key=state.key("bce"))
        st.table(bce_table(), hide_index=True)


def why_not_mse_section(state: PageState) -> None:
    """Section 3: MSE of a sigmoid is not convex; the slides' table of squared errors."""
    st.plotly_chart(mse_vs_bce_figure(), key=state.key("mse_bce"))
    y, p = _pairs(data.MSE_TABLE)
    worst = int(np.argmax((y - p) ** 2))
    left, right = st.columns([1.4, 1])
    left.markdown(
        "One weight, p = σ(w·(size − 3.7)), on the tumors plus one small malignant one. The MSE curve "
        "**bends down** in places (shaded) and goes **flat** far from the minimum: gradient descent "
        "can stall there. The cross-entropy curve always bends up (convex): one minimum, and a "
        "strong gradient when the model is confidently wrong. The slide's table shows why: a perfect "
        f"mismatch (y = {y[worst]:g}, ŷ = {p[worst]:g}) costs only {(y[worst] - p[worst]) ** 2:g} with MSE, "
        f"but {logistic.bce_terms(y[worst : worst + 1], p[worst : worst + 1])[0]:.0f} with BCE "
        f"(ŷ clipped at {_power_of_ten(logistic.EPS)})."
    )
    right.table(mse_table(), hide_index=True)
