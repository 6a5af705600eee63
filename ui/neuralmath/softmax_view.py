"""Figures, tables and code of the softmax and cross-entropy page."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.neuralmath.config import SoftmaxConfig
from engine.neuralmath.softmax import SoftmaxTable, naive_softmax, sigmoid_as_softmax, softmax
from ui.neuralmath.common import fmt

TRUE_COLOR, OTHER_COLOR, LOGIT_COLOR = "#0877bd", "#9fb7c9", "#f59322"


def class_names(k: int) -> list[str]:
    return [f"class {i}" for i in range(k)]


def _bar(names: list[str], ys: np.ndarray, color: object, text: list[str], hover: str) -> go.Bar:
    return go.Bar(
        x=names,
        y=ys,
        marker_color=color,
        text=text,
        textposition="outside",
        hovertemplate=f"%{{x}}: {hover}<extra></extra>",
    )


def softmax_figure(t: SoftmaxTable) -> go.Figure:
    """Logits, exponentials and probabilities as bars; the true class highlighted."""
    names = class_names(len(t.logits))
    colors = [TRUE_COLOR if i == t.true_class else OTHER_COLOR for i in range(len(names))]
    fig = make_subplots(
        rows=1,
        cols=3,
        subplot_titles=("logits z", f"e^(z/T)   (T = {t.temperature:g})", "probabilities p = softmax(z/T)"),
        horizontal_spacing=0.08,
    )
    finite_exp = np.where(np.isfinite(t.exp), t.exp, np.nan)
    fig.add_trace(_bar(names, t.logits, LOGIT_COLOR, [f"{v:.2f}" for v in t.logits], "z = %{y:.3f}"), 1, 1)
    fig.add_trace(_bar(names, finite_exp, "#c9a227", [f"{v:.4g}" for v in t.exp], "e^(z/T) = %{y:.5g}"), 1, 2)
    fig.add_trace(_bar(names, t.probs, colors, [f"{v:.3f}" for v in t.probs], "p = %{y:.5f}"), 1, 3)
    fig.update_yaxes(
        range=[min(0.0, float(t.logits.min())) - 1, max(0.0, float(t.logits.max())) + 1.5], row=1, col=1
    )
    top = np.nanmax(finite_exp) if np.isfinite(np.nanmax(finite_exp)) else 1.0
    fig.update_yaxes(range=[0, top * 1.2], row=1, col=2)
    fig.update_yaxes(range=[0, 1.25], row=1, col=3)
    fig.update_layout(showlegend=False, height=360, margin={"l": 10, "r": 10, "t": 40, "b": 10})
    fig.add_annotation(
        text="true class",
        x=names[t.true_class],
        y=float(t.probs[t.true_class]) + 0.2,
        xref="x3",
        yref="y3",
        showarrow=False,
        font={"color": TRUE_COLOR, "size": 14},
    )
    return fig


def softmax_frame(t: SoftmaxTable) -> pd.DataFrame:
    """The slides' table, extended: z, z/T, e^(z/T), p, the one-hot y and the gradient (p - y)/T."""
    y = np.zeros(len(t.logits))
    y[t.true_class] = 1.0
    return pd.DataFrame(
        {
            "class": class_names(len(t.logits)),
            "logit z": t.logits,
            "z / T": t.scaled,
            "e^(z/T)": t.exp,
            "p = e^(z/T) / Σ": t.probs,
            "one-hot y": y.astype(int),
            "−y·ln p": -y * np.log(np.clip(t.probs, 1e-300, 1)),
            "∂L/∂z = (p − y)/T": t.grad,
        }
    )


def formulas(t: SoftmaxTable) -> list[str]:
    """LaTeX lines: the softmax of the true class, the loss and the gradient, with numbers."""
    k = t.true_class
    total = float(np.sum(np.exp(t.shifted))) * float(np.exp(t.scaled.max()))
    terms = " + ".join(f"e^{{{fmt(s, 3)}}}" for s in t.scaled)
    grads = ",\\ ".join(fmt(g, 3) for g in t.grad)
    probs = ",\\ ".join(fmt(p, 3) for p in t.probs)
    onehot = ",".join("1" if i == k else "0" for i in range(len(t.logits)))
    return [
        rf"p_{k} = \frac{{e^{{z_{k}/T}}}}{{\sum_j e^{{z_j/T}}}} = \frac{{e^{{{fmt(t.scaled[k], 3)}}}}}{{{terms}}}"
        rf" = \frac{{{fmt(float(t.exp[k]), 5)}}}{{{fmt(total, 5)}}} = {fmt(float(t.probs[k]), 5)}",
        rf"L = -\sum_j y_j \ln p_j = -\ln p_{k} = -\ln {fmt(float(t.probs[k]), 5)} = {fmt(t.loss, 5)}",
        rf"\frac{{\partial L}}{{\partial z}} = \frac{{p - y}}{{T}} = \frac{{[{probs}] - [{onehot}]}}{{{fmt(t.temperature, 3)}}}"
        rf" = [{grads}]",
    ]


def binary_figure(z: float) -> go.Figure:
    """sigmoid(z) and softmax([0, z])[1] over z: one curve, two formulas; the chosen z marked."""
    zs = np.linspace(-8, 8, 321)
    sig, two = sigmoid_as_softmax(zs)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(x=zs, y=sig, name="σ(z)  (one sigmoid output)", line={"width": 6, "color": "#9fb7c9"})
    )
    fig.add_trace(
        go.Scatter(
            x=zs, y=two, name="softmax([0, z])₁  (two softmax outputs)", line={"width": 2, "dash": "dash"}
        )
    )
    s, _ = sigmoid_as_softmax(np.array([z]))
    fig.add_trace(
        go.Scatter(
            x=[z], y=[s[0]], mode="markers", marker={"size": 14, "color": TRUE_COLOR}, name=f"z = {z:g}"
        )
    )
    fig.add_trace(
        go.Scatter(
            x=zs,
            y=np.ones_like(zs),
            name="softmax([z])  (ONE softmax output: always 1)",
            line={"color": "#d62728", "width": 2, "dash": "dot"},
        )
    )
    fig.update_layout(
        height=340,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis_title="logit z",
        yaxis_title="P(class 1)",
        yaxis_range=[-0.05, 1.1],
        legend={"x": 0.55, "y": 0.35, "bgcolor": "rgba(255,255,255,0.8)"},
    )
    return fig


def stability_frame(logits: tuple[float, ...], shift: float) -> pd.DataFrame:
    """Naive vs max-shifted softmax of ``logits + shift``, per class."""
    z = np.asarray(logits, dtype=np.float64) + shift
    with np.errstate(over="ignore"):
        ex = np.exp(z)
    return pd.DataFrame(
        {
            "class": class_names(len(z)),
            "z + c": z,
            "e^(z+c)": ex,
            "naive e^z / Σ e^z": [f"{v:.4f}" if np.isfinite(v) else "NaN (∞/∞)" for v in naive_softmax(z)],
            "stable: e^(z−max z) / Σ": softmax(z),
        }
    )


def numpy_code(cfg: SoftmaxConfig) -> str:
    z = ", ".join(f"{v:g}" for v in cfg.logits)
    return f"""import numpy as np

z = np.array([{z}])   # logits
T = {cfg.temperature:g}                  # temperature
true_class = {cfg.true_class}

s = z / T
e = np.exp(s - s.max())      # subtract the max: never overflows
p = e / e.sum()              # softmax, sums to 1
loss = -np.log(p[true_class])          # cross-entropy
y = np.eye(len(z))[true_class]         # one-hot label
grad = (p - y) / T                     # dL/dz
print(p, loss, grad)
"""


def keras_code(cfg: SoftmaxConfig) -> str:
    z = ", ".join(f"{v:g}" for v in cfg.logits)
    k = len(cfg.logits)
    return f"""import numpy as np
import keras

z = np.array([[{z}]]) / {cfg.temperature:g}
p = keras.activations.softmax(z)                     # probabilities

# the same loss, two label formats:
sparse = keras.losses.SparseCategoricalCrossentropy()   # labels as integers
onehot = keras.losses.CategoricalCrossentropy()         # labels as one-hot rows
print(sparse(np.array([{cfg.true_class}]), p))
print(onehot(keras.utils.to_categorical([{cfg.true_class}], {k}), p))

# in a model: softmax output + sparse labels (or from_logits=True on a linear output)
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense({k}, activation="softmax")])
model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
"""
