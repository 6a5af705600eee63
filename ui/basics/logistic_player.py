"""Logistic regression page, section 4: the admissions player, the scores and the probability map."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from engine.basics.gd import loss_exploding
from engine.basics.logistic_fit import LIMITS, AdmissionFit, Scores, boundary_points, sklearn_weights
from ui.basics.common import f3, frame_indices
from ui.basics.logistic_intro import CLASS_COLORS, LAYOUT
from ui.basics.trace_view import TraceView
from ui.url_state import PageState

STUDENTS = ((0, "not admitted", "circle"), (1, "admitted", "x"))


def _scatter_students(fig: go.Figure, fit: AdmissionFit) -> None:
    """Traces 0 not admitted, 1 admitted (row 1, col 1)."""
    ds = fit.ds
    for label, name, symbol in STUDENTS:
        m = ds.y == label
        marker = {"size": 9, "color": CLASS_COLORS[1 - label], "symbol": symbol}
        fig.add_trace(go.Scatter(x=ds.x[m, 0], y=ds.x[m, 1], mode="markers", name=name, marker=marker), 1, 1)


def _curves(fig: go.Figure, losses: np.ndarray, acc: np.ndarray, steps: int) -> None:
    """Traces 3 loss, 4 accuracy (row 1, col 2, accuracy on the right axis)."""
    loss_line = {"color": "#6a3d9a", "width": 2}
    fig.add_trace(
        go.Scatter(x=[0], y=[losses[0]], mode="lines", name="BCE loss", line=loss_line),
        1,
        2,
        secondary_y=False,
    )
    acc_line = {"color": "#1f9d55", "width": 2}
    fig.add_trace(
        go.Scatter(x=[0], y=[acc[0]], mode="lines", name="accuracy", line=acc_line), 1, 2, secondary_y=True
    )
    fig.update_xaxes(range=[0, max(steps, 1)], title_text="update", row=1, col=2)
    top = max(float(losses.max()), 0.7) * 1.05
    fig.update_yaxes(range=[0, top], title_text="BCE", row=1, col=2, secondary_y=False)
    fig.update_yaxes(
        range=[0, 1.02],
        title_text="accuracy",
        row=1,
        col=2,
        secondary_y=True,
        tickformat=".0%",
        dtick=0.2,
        showgrid=False,
    )


def admissions_figure(fit: AdmissionFit, threshold: float, losses: np.ndarray, acc: np.ndarray) -> go.Figure:
    """Left: the students and the boundary (trace 2); right: loss and accuracy per update."""
    fig = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.55, 0.45],
        subplot_titles=("Exam scores and the decision boundary", "Loss and accuracy per update"),
        specs=[[{}, {"secondary_y": True}]],
        horizontal_spacing=0.1,
    )
    _scatter_students(fig, fit)
    boundary = {"color": "#222", "width": 3}
    fig.add_trace(
        go.Scatter(x=[], y=[], mode="lines", name=f"boundary p = {threshold:g}", line=boundary), 1, 1
    )
    names = fit.ds.feature_names
    fig.update_xaxes(range=LIMITS, title_text=names[0], row=1, col=1)
    fig.update_yaxes(range=LIMITS, title_text=names[1], row=1, col=1)
    _curves(fig, losses, acc, fit.trace.steps)
    fig.update_layout(height=480, legend={"orientation": "h", "y": -0.18}, **LAYOUT)
    return fig


def _update_text(fit: AdmissionFit, k: int) -> str:
    if k == 0:
        return "Start: w₁ = w₂ = b = 0, so every student gets p = σ(0) = 0.5. Press Play."
    trace = fit.trace
    g, prev, now = trace.grads[k - 1], trace.thetas[k - 1], trace.thetas[k]
    parts = [
        f"{name} = {f3(prev[i])} − {f3(trace.lr)} × ({f3(g[i])}) = <span class='hl'>{f3(now[i])}</span>"
        for i, name in enumerate(("w₁", "w₂", "b"))
    ]
    return f"Update {k} (epoch {trace.epochs[k]:.2f}, standardized scores): " + "; ".join(parts)


def build_admissions_view(fit: AdmissionFit, threshold: float) -> TraceView:
    """The player: per frame the boundary, the loss and accuracy so far, the update in numbers."""
    trace = fit.trace
    idx = frame_indices(trace.steps)
    losses = trace.losses[idx]
    acc = np.array([fit.accuracy(int(k), threshold) for k in idx])
    n = len(idx)
    done = ("diverged", "bad") if loss_exploding(trace) else ("done", "ok")
    view = TraceView(
        admissions_figure(fit, threshold, losses, acc),
        n,
        text=[_update_text(fit, int(k)) for k in idx],
        status=[("training", "info")] * (n - 1) + [done],
        counter_label="Update",
        interval_ms=100,
    )
    lines = [boundary_points(*fit.weights(int(k)), threshold) for k in idx]
    view.add_frames(2, [ln[0] for ln in lines], [ln[1] for ln in lines])
    view.add_prefix(3, idx, losses)
    view.add_prefix(4, idx, acc)
    view.counter = [f"{int(k)} / {trace.steps}" for k in idx]
    view.add_stat("BCE", [f3(v) for v in losses])
    view.add_stat("accuracy", [f"{v:.0%}" for v in acc])
    return view


def confusion_figure(confusion: np.ndarray) -> go.Figure:
    names = ["not admitted", "admitted"]
    fig = go.Figure(
        go.Heatmap(
            z=confusion,
            x=names,
            y=names,
            colorscale="Blues",
            showscale=False,
            text=confusion,
            texttemplate="%{text}",
            textfont={"size": 22},
        )
    )
    # Short tick labels under axis titles: a narrow column never cuts "actual not admitted" off.
    fig.update_xaxes(title_text="predicted", side="bottom")
    fig.update_yaxes(autorange="reversed", title_text="actual", tickangle=-90)
    fig.update_layout(height=300, **{**LAYOUT, "margin": {"l": 10, "r": 10, "t": 10, "b": 10}})
    return fig


def probability_figure(fit: AdmissionFit, threshold: float) -> go.Figure:
    """The final model's p(admit) over the score plane, the students and the boundary."""
    g = np.linspace(*LIMITS, 120)
    gx, gy = np.meshgrid(g, g)
    p = fit.proba(fit.trace.steps, np.column_stack([gx.ravel(), gy.ravel()])).reshape(gx.shape)
    fig = go.Figure(
        go.Heatmap(
            x=g, y=g, z=p, colorscale="RdBu_r", zmin=0, zmax=1, colorbar={"title": "p(admit)"}, opacity=0.75
        )
    )
    ds = fit.ds
    for label, name, symbol in STUDENTS:
        m = ds.y == label
        colour = "#222" if label else "#fff"
        marker = {"size": 8, "color": colour, "symbol": symbol, "line": {"color": "#222", "width": 1}}
        fig.add_trace(go.Scatter(x=ds.x[m, 0], y=ds.x[m, 1], mode="markers", name=name, marker=marker))
    bx, by = boundary_points(*fit.weights(fit.trace.steps), threshold)
    fig.add_trace(
        go.Scatter(x=bx, y=by, mode="lines", name=f"p = {threshold:g}", line={"color": "#222", "width": 3})
    )
    fig.update_xaxes(range=LIMITS, title_text=ds.feature_names[0])
    fig.update_yaxes(range=LIMITS, title_text=ds.feature_names[1])
    fig.update_layout(height=400, legend={"orientation": "h", "y": -0.2}, **LAYOUT)
    return fig


def _weights_table(fit: AdmissionFit, seed: int) -> pd.DataFrame:
    w, b = fit.weights(fit.trace.steps)
    w_sk, b_sk = sklearn_weights(seed)
    return pd.DataFrame(
        {
            "": ["gradient descent", "scikit-learn (no penalty)"],
            "w₁": [w[0], w_sk[0]],
            "w₂": [w[1], w_sk[1]],
            "b": [b, b_sk],
        }
    )


def results_section(state: PageState, fit: AdmissionFit, result: Scores, threshold: float, seed: int) -> None:
    """Metrics and weights, the confusion matrix, and the final probability map."""
    left, mid, right = st.columns([1.1, 1.0, 1.3])
    with left:
        st.markdown(f"**After {fit.trace.steps} updates, threshold {threshold:g}**")
        a, b = st.columns(2)
        a.metric("Accuracy", f"{result.accuracy:.0%}")
        b.metric("BCE", f3(float(fit.trace.losses[-1])))
        a.metric("Precision", f"{result.precision:.0%}", help="Of those admitted, how many should be.")
        b.metric("Recall", f"{result.recall:.0%}", help="Of those who should be admitted, how many are.")
        st.table(_weights_table(fit, seed), hide_index=True)
        st.caption(
            "Weights in exam-score units. Train longer and gradient descent reaches scikit-learn's answer."
        )
    with mid:
        st.markdown("**Confusion matrix** (scikit-learn)")
        st.plotly_chart(confusion_figure(result.confusion), key=state.key("cm"))
    with right:
        st.markdown("**Final probability map**")
        st.plotly_chart(probability_figure(fit, threshold), key=state.key("pmap"))
