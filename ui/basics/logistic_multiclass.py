"""Logistic regression page, section 5: more than two classes, one-vs-rest or softmax."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from engine.basics.data import DatasetND
from engine.basics.logistic import MultiClassFit
from engine.basics.logistic_fit import MultiClass
from ui.basics.common import options_with
from ui.basics.logistic_intro import CLASS_COLORS, LAYOUT
from ui.url_state import PageState

REGION_SCALE = [
    [0, "#f6c6c4"],
    [0.33, "#f6c6c4"],
    [0.34, "#bcd8ee"],
    [0.66, "#bcd8ee"],
    [0.67, "#c4e6cf"],
    [1, "#c4e6cf"],
]


def _ovr_lines(fig: go.Figure, fit: MultiClassFit, gx: np.ndarray) -> None:
    """Each one-vs-rest classifier's own boundary (dashed)."""
    for c in range(fit.w.shape[0]):
        w, b = fit.w[c], fit.b[c]
        if abs(w[1]) > 1e-12:
            line = {"color": CLASS_COLORS[c], "dash": "dash", "width": 2}
            fig.add_trace(
                go.Scatter(
                    x=gx, y=-(b + w[0] * gx) / w[1], mode="lines", line=line, name=f"class {c} vs rest"
                )
            )


def multiclass_figure(ds: DatasetND, fit: MultiClassFit, title: str) -> go.Figure:
    """The predicted class over the plane, the blobs, and for one-vs-rest each classifier's line."""
    lo, hi = ds.x.min(axis=0) - 1.0, ds.x.max(axis=0) + 1.0
    gx = np.linspace(lo[0], hi[0], 150)
    gy = np.linspace(lo[1], hi[1], 150)
    mx, my = np.meshgrid(gx, gy)
    pred = fit.predict(np.column_stack([mx.ravel(), my.ravel()])).reshape(mx.shape)
    fig = go.Figure(
        go.Heatmap(
            x=gx, y=gy, z=pred, colorscale=REGION_SCALE, zmin=0, zmax=2, showscale=False, hoverinfo="skip"
        )
    )
    if fit.scheme == "ovr":
        _ovr_lines(fig, fit, gx)
    for c in range(3):
        m = ds.y == c
        marker = {"size": 8, "color": CLASS_COLORS[c], "line": {"color": "#fff", "width": 1}}
        fig.add_trace(
            go.Scatter(x=ds.x[m, 0], y=ds.x[m, 1], mode="markers", name=f"class {c}", marker=marker)
        )
    fig.update_xaxes(range=[lo[0], hi[0]], title_text="x₁")
    fig.update_yaxes(range=[lo[1], hi[1]], title_text="x₂")
    fig.update_layout(
        height=420,
        title={"text": title, "x": 0.02},
        legend={"orientation": "h", "y": -0.2},
        **{**LAYOUT, "margin": {"l": 50, "r": 10, "t": 50, "b": 40}},
    )
    return fig


def probability_rows(mc: MultiClass, count: int = 3) -> pd.DataFrame:
    """The first points' three probabilities under each scheme, and their sums."""
    sample, labels = mc.blobs.x[:count], mc.blobs.y[:count].astype(int)
    p_ovr, p_soft = mc.ovr.proba(sample), mc.softmax.proba(sample)
    return pd.DataFrame(
        {
            "point": [f"({p[0]:.1f}, {p[1]:.1f}) class {c}" for p, c in zip(sample, labels, strict=True)],
            "one-vs-rest P(0), P(1), P(2)": [", ".join(f"{v:.2f}" for v in row) for row in p_ovr],
            "OvR sum": p_ovr.sum(axis=1).round(2),
            "softmax P(0), P(1), P(2)": [", ".join(f"{v:.2f}" for v in row) for row in p_soft],
            "softmax sum": p_soft.sum(axis=1).round(2),
        }
    )


def multiclass_controls(state: PageState, mc_lr_stops: tuple[float, ...]) -> None:
    c1, c2, c3 = st.columns(3)
    state.widget("mc_spread", c1)
    c2.select_slider(
        "Learning rate ", options=options_with(mc_lr_stops, state.value("mc_lr")), key=state.key("mc_lr")
    )
    state.widget("mc_epochs", c3)


def multiclass_section(state: PageState, mc: MultiClass) -> None:
    """The two schemes side by side, what they are, and their probabilities for three points."""
    left, right = st.columns(2)
    left.plotly_chart(
        multiclass_figure(mc.blobs, mc.ovr, f"One-vs-rest: 3 sigmoids, accuracy {mc.acc_ovr:.0%}"),
        key=state.key("ovr"),
    )
    right.plotly_chart(
        multiclass_figure(mc.blobs, mc.softmax, f"Softmax: one model, accuracy {mc.acc_softmax:.0%}"),
        key=state.key("soft"),
    )
    st.markdown(
        '**One-vs-rest** trains one binary logistic regression per class ("class c" vs "the rest", '
        "dashed lines) and picks the most confident; its three probabilities need not add up to 1. "
        "**Softmax** scores all classes together, P(c) = e^(z_c) / Σⱼ e^(z_j), trained with the "
        "cross-entropy −log P(true class): the probabilities always sum to 1. "
        f"Data: **{mc.blobs.source}**."
    )
    st.table(probability_rows(mc), hide_index=True)
