"""Figures and code of the activation-function page."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from engine.neuralmath.activations import (
    ACTIVATIONS,
    MAXOUT_EXAMPLES,
    SATURATION_THRESHOLD,
    evaluate,
    maxout,
    saturation_regions,
)
from engine.neuralmath.collapse import CollapseResult, linear_vs_nonlinear
from engine.neuralmath.config import ActivationsConfig
from engine.neuralmath.vanishing import chain_gradients, deep_net_gradients
from engine.playground.datasets import DOMAIN
from engine.playground.model import GRID
from ui.neuralmath.common import fmt
from ui.numbers import signed

X_RANGE = 8.0
MAIN, DERIV, FAINT, SAT = "#0877bd", "#f59322", "#c7ccd1", "rgba(214, 39, 40, 0.16)"
COMPARE_COLORS = {"sigmoid": "#d62728", "relu": "#2ca02c", "tanh": "#9467bd"}


def _overlay_traces(fig: go.Figure, cfg: ActivationsConfig, xs: np.ndarray) -> None:
    """Every other activation (and its slope) as a faint grey line."""
    for key, other in ACTIVATIONS.items():
        if key == cfg.act:
            continue
        of, od = evaluate(key, xs)
        for col, ys in ((1, of), (2, od)):
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    line={"color": FAINT, "width": 1.5},
                    name=other.label,
                    showlegend=False,
                    hovertemplate=f"{other.label}: %{{y:.3f}}<extra></extra>",
                ),
                1,
                col,
            )


def _curve(xs: np.ndarray, ys: np.ndarray, color: str, name: str, short: str) -> go.Scatter:
    return go.Scatter(
        x=xs,
        y=ys,
        line={"color": color, "width": 4},
        name=name,
        hovertemplate=f"x=%{{x:.2f}}<br>{short}=%{{y:.4f}}<extra></extra>",
    )


def _mark_x(fig: go.Figure, x: float, fx: float, dx: float) -> None:
    """A dotted line at ``x`` and the read-out points f(x), f'(x)."""
    for col, y in ((1, fx), (2, dx)):
        fig.add_vline(x=x, line={"dash": "dot", "color": "#555"}, row=1, col=col)
        fig.add_trace(
            go.Scatter(
                x=[x],
                y=[y],
                mode="markers+text",
                marker={"size": 14, "color": "#222"},
                text=[f"{y:.4g}"],
                textposition="middle left" if x > 0 else "middle right",
                textfont={"size": 16},
                showlegend=False,
                hoverinfo="skip",
            ),
            1,
            col,
        )


def function_figure(cfg: ActivationsConfig) -> go.Figure:
    """f(x) and f'(x) side by side; saturation (|f'| < threshold) shaded; the chosen x marked."""
    act = ACTIVATIONS[cfg.act]
    xs = np.linspace(-X_RANGE, X_RANGE, 801)
    f, d = evaluate(cfg.act, xs, cfg.alpha)
    fx, dx = (float(v[0]) for v in evaluate(cfg.act, np.array([cfg.x]), cfg.alpha))
    fig = make_subplots(
        rows=1, cols=2, subplot_titles=(f"{act.label}  f(x)", "derivative  f′(x)"), horizontal_spacing=0.08
    )
    if cfg.overlay:
        _overlay_traces(fig, cfg, xs)
    fig.add_trace(_curve(xs, f, MAIN, "f(x)", "f"), 1, 1)
    fig.add_trace(_curve(xs, d, DERIV, "f′(x)", "f′"), 1, 2)
    for lo, hi in saturation_regions(cfg.act, -X_RANGE, X_RANGE, cfg.alpha, SATURATION_THRESHOLD):
        for col in (1, 2):
            fig.add_vrect(x0=lo, x1=hi, fillcolor=SAT, line_width=0, layer="below", row=1, col=col)
    _mark_x(fig, cfg.x, fx, dx)
    f_lo, f_hi = float(np.min(f)), float(np.max(f))
    pad = 0.08 * (f_hi - f_lo + 1e-9)
    fig.update_yaxes(range=[max(f_lo, -3.0) - pad, min(f_hi, X_RANGE) + pad], row=1, col=1)
    fig.update_yaxes(
        range=[min(-0.05, float(np.min(d)) - 0.05), max(1.1, float(np.max(d)) + 0.1)], row=1, col=2
    )
    fig.update_xaxes(title_text="x (pre-activation)", zeroline=True)
    fig.update_layout(height=380, margin={"l": 10, "r": 10, "t": 40, "b": 10}, showlegend=False)
    return fig


def chain_figure(cfg: ActivationsConfig) -> go.Figure:
    """|w f'(z)|^k against k for sigmoid, tanh, ReLU and the chosen activation (log scale)."""
    fig = go.Figure()
    keys = list(dict.fromkeys(["sigmoid", "tanh", "relu", cfg.act]))
    for key in keys:
        g = chain_gradients(key, cfg.depth, cfg.z, cfg.weight, cfg.alpha if key == cfg.act else None)
        g = np.where(g > 0, g, np.nan)  # log axis: a dead ReLU (exactly 0) is shown as a gap
        fig.add_trace(
            go.Scatter(
                x=np.arange(len(g)),
                y=g,
                mode="lines+markers",
                name=ACTIVATIONS[key].label + (" (chosen)" if key == cfg.act else ""),
                line={"width": 4 if key == cfg.act else 2, "color": COMPARE_COLORS.get(key, MAIN)},
                hovertemplate="after %{x} layers: %{y:.3g}<extra></extra>",
            )
        )
    fig.update_layout(
        height=360,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis_title="layers the gradient has passed through (from the output back)",
        yaxis_title="gradient factor",
        yaxis_type="log",
        yaxis_exponentformat="power",
        legend={"orientation": "h", "y": 1.12},
    )
    return fig


@st.cache_data(max_entries=64, show_spinner=False)
def measured_gradients(keys: tuple[str, ...], depth: int, width: int, seed: int) -> dict[str, np.ndarray]:
    """Per-layer mean |dL/dW| of the seeded deep numpy net for each activation."""
    return {k: deep_net_gradients(k, depth, width, seed).layer_grad for k in keys}


def measured_figure(grads: dict[str, np.ndarray], chosen: str) -> go.Figure:
    """Mean |dL/dW| per layer (first hidden layer on the left), log scale."""
    fig = go.Figure()
    for key, g in grads.items():
        layers = np.arange(1, len(g) + 1)
        fig.add_trace(
            go.Scatter(
                x=layers,
                y=np.where(g > 0, g, np.nan),
                mode="lines+markers",
                name=ACTIVATIONS[key].label + (" (chosen)" if key == chosen else ""),
                line={"width": 4 if key == chosen else 2, "color": COMPARE_COLORS.get(key, MAIN)},
                hovertemplate="layer %{x}: mean |dL/dW| = %{y:.3g}<extra></extra>",
            )
        )
    n = len(next(iter(grads.values())))
    fig.update_layout(
        height=360,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis_title=f"layer (1 = first hidden layer, {n} = output layer)",
        yaxis_title="mean |∂L/∂W| of the layer",
        yaxis_type="log",
        yaxis_exponentformat="power",
        legend={"orientation": "h", "y": 1.12},
    )
    return fig


@st.cache_data(max_entries=16, show_spinner=False)
def collapse_result(dataset: str, layers: int, nonlinear: str, seed: int) -> CollapseResult:
    """The trained linear and non-linear networks (cached: training loads TensorFlow)."""
    return linear_vs_nonlinear(dataset, (4,) * layers, nonlinear, epochs=150, seed=seed)


def _axis() -> np.ndarray:
    step = 2 * DOMAIN / GRID
    return -DOMAIN + step * (np.arange(GRID) + 0.5)


def _panel_traces(grid: np.ndarray, res: CollapseResult) -> list[go.BaseTraceType]:
    """One panel: the predicted probability, the 0.5 boundary, the training points."""
    axis = _axis()
    return [
        go.Heatmap(
            x=axis,
            y=axis,
            z=grid[::-1],
            zmin=0,
            zmax=1,
            colorscale=[[0.0, "#f59322"], [0.5, "#f4f4f4"], [1.0, "#0877bd"]],
            showscale=False,
            opacity=0.8,
            hovertemplate="x₁=%{x:.2f} x₂=%{y:.2f}<br>P(class 1)=%{z:.3f}<extra></extra>",
        ),
        go.Contour(
            x=axis,
            y=axis,
            z=grid[::-1],
            contours={"start": 0.5, "end": 0.5, "size": 1, "coloring": "none"},
            line={"width": 3, "color": "#222"},
            showscale=False,
            hoverinfo="skip",
        ),
        go.Scatter(
            x=res.x_train[:, 0],
            y=res.x_train[:, 1],
            mode="markers",
            marker={
                "size": 6,
                "color": np.where(res.y_train == 1, "#0877bd", "#f59322"),
                "line": {"width": 1, "color": "white"},
            },
            hoverinfo="skip",
            showlegend=False,
        ),
    ]


def collapse_figure(res: CollapseResult) -> go.Figure:
    """Three panels: the deep linear net, its single-layer collapse, the non-linear net; data on top."""
    titles = (
        f"deep, linear activations (train acc {res.linear.train_acc:.0%})",
        "one layer W = W₁W₂…, b (same outputs)",
        f"deep, {ACTIVATIONS[res.nonlinear.activation].label} (train acc {res.nonlinear.train_acc:.0%})",
    )
    fig = make_subplots(rows=1, cols=3, subplot_titles=titles, horizontal_spacing=0.04)
    grids = (res.linear.grid_output, res.collapsed_grid, res.nonlinear.grid_output)
    for col, grid in enumerate(grids, start=1):
        for tr in _panel_traces(grid, res):
            fig.add_trace(tr, 1, col)
    fig.update_xaxes(range=[-DOMAIN, DOMAIN], showticklabels=False)
    fig.update_yaxes(range=[-DOMAIN, DOMAIN], showticklabels=False, scaleanchor="x")
    fig.update_layout(height=420, margin={"l": 10, "r": 10, "t": 40, "b": 10}, showlegend=False)
    return fig


#: A linear net whose output stays this close to 0.5 on the whole grid draws no boundary (XOR).
UNDECIDED_SPREAD = 0.05


def collapse_latex(res: CollapseResult) -> list[str]:
    """The collapsed single layer W, b with its numbers, and the straight boundary it draws."""
    w, b = res.collapsed_w[:, 0], float(res.collapsed_b[0])
    shapes = " ".join(
        rf"W_{{{i + 1}}}^{{({k.shape[0]}\times{k.shape[1]})}}" for i, k in enumerate(res.linear.kernels)
    )
    t2, t0 = (signed(v, lambda m: fmt(m, 4), "-") for v in (w[1], b))
    spread = float(np.max(np.abs(res.linear.grid_output - 0.5)))
    if spread < UNDECIDED_SPREAD:
        verdict = rf"\text{{no boundary: }}|\hat y - 0.5| \le {spread:.3f}\text{{ everywhere (undecided)}}"
    else:
        verdict = r"\text{boundary: a straight line } w_1x_1 + w_2x_2 + b = 0"
    return [
        rf"W = {shapes} = \begin{{bmatrix}}{fmt(w[0], 4)} \\ {fmt(w[1], 4)}\end{{bmatrix}},\qquad b = {fmt(b, 4)}",
        rf"\hat y = \sigma({fmt(w[0], 4)}\,x_1{t2}\,x_2{t0})"
        r"\quad\Rightarrow\quad " + verdict,
    ]


def maxout_figure() -> go.Figure:
    """Four maxout units, each the max of a few lines: ReLU, leaky ReLU, |x|, a convex bowl."""
    xs = np.linspace(-3, 3, 301)
    fig = make_subplots(rows=1, cols=4, subplot_titles=list(MAXOUT_EXAMPLES), horizontal_spacing=0.05)
    for col, pieces in enumerate(MAXOUT_EXAMPLES.values(), start=1):
        for w, b in pieces:
            fig.add_trace(
                go.Scatter(
                    x=xs, y=w * xs + b, line={"color": FAINT, "width": 1.5, "dash": "dash"}, hoverinfo="skip"
                ),
                1,
                col,
            )
        fig.add_trace(
            go.Scatter(x=xs, y=maxout(xs, pieces), line={"color": MAIN, "width": 4}, hoverinfo="skip"), 1, col
        )
        fig.update_yaxes(range=[-2.5, 3.2], row=1, col=col)
    fig.update_layout(height=280, margin={"l": 10, "r": 10, "t": 40, "b": 10}, showlegend=False)
    return fig


def numpy_code(cfg: ActivationsConfig) -> str:
    act = ACTIVATIONS[cfg.act]
    return f"""import numpy as np

def sigmoid(x):
    return 1 / (1 + np.exp(-x))

def sigmoid_derivative(x):          # the slides' version takes s = sigmoid(x): s * (1 - s)
    s = sigmoid(x)
    return s * (1 - s)              # at most 0.25, at x = 0

def relu(x):
    return np.maximum(0, x)

def relu_derivative(x):
    return np.where(x > 0, 1.0, 0.0)  # 1 or 0

def leaky_relu(x, alpha={cfg.alpha:g}):
    return np.where(x > 0, x, alpha * x)

# vanishing gradients: the backward signal through N = {cfg.depth} layers
N, z, w = {cfg.depth}, {float(cfg.z)!r}, {float(cfg.weight)!r}
print((w * sigmoid_derivative(z)) ** N)   # sigmoid: (w * 0.25)**N at z = 0
print((w * relu_derivative(z)) ** N)      # ReLU: w**N while z > 0

# the activation on this page: {act.label}, Keras name {act.keras}
"""


def keras_code(cfg: ActivationsConfig) -> str:
    act = ACTIVATIONS[cfg.act]
    layer = (
        f"keras.layers.Dense(8, activation=lambda t: keras.activations.leaky_relu(t, {cfg.alpha:g}))"
        if cfg.act == "leaky_relu"
        else f"keras.layers.Dense(8, activation={act.keras})"
    )
    return f'''import numpy as np
import tensorflow as tf
import keras

# f and f' of {act.label} by automatic differentiation
x = tf.Variable(np.linspace(-6, 6, 13))
with tf.GradientTape() as tape:
    y = keras.activations.get("{act.keras.strip(chr(34)) if cfg.act != "leaky_relu" else "leaky_relu"}")(x)
print(y.numpy(), tape.gradient(y, x).numpy())

# measure the gradient reaching each layer of a deep net ({cfg.depth} hidden layers)
keras.utils.set_random_seed({cfg.seed})
model = keras.Sequential([keras.Input((2,))]
                         + [{layer} for _ in range({cfg.depth})]
                         + [keras.layers.Dense(1, activation="sigmoid")])
x, y = np.random.uniform(-1, 1, (200, 2)), np.random.randint(0, 2, (200, 1))
with tf.GradientTape() as tape:
    loss = keras.losses.BinaryCrossentropy()(y, model(x))
grads = tape.gradient(loss, model.trainable_variables)
for v, g in zip(model.trainable_variables, grads):
    if "kernel" in v.path:
        print(v.path, float(tf.reduce_mean(tf.abs(g))))

# a deep linear network is one matrix:
#   W = W1 @ W2 @ W3 (Keras kernels are (n_in, n_out)), b = (b1 @ W2 + b2) @ W3 + b3
'''
