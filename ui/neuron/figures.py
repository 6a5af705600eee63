"""Plotly figures of the single-neuron pages (pure functions: data in, figure out)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from engine.neuron import gates
from engine.neuron.run import NeuronSnapshot
from ui.numbers import signed

LEARN = "#e8710a"
DATA = "#0877bd"
REF = "#6b7280"
ZERO = "#f59322"
ONE = "#0877bd"
HIDDEN_COLORS = ("#2ca02c", "#9467bd")


def _layout(fig: go.Figure, height: int, **kwargs) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 50, "r": 20, "t": 40, "b": 45},
        legend={"orientation": "h", "y": -0.18},
        **kwargs,
    )
    return fig


def fit_figure(snap: NeuronSnapshot) -> go.Figure:
    """The data, the reference line, the neuron's line and the predictions (hover for values)."""
    data = snap.data
    xs = np.concatenate([data.x, np.array(snap.queries[:-1], np.float32)]).astype(np.float64)
    lo, hi = float(xs.min()) - 1, float(xs.max()) + 1
    line_x = np.array([lo, hi])
    fig = go.Figure()
    fig.add_scatter(
        x=data.x, y=data.y, mode="markers", name="training data", marker={"size": 11, "color": DATA}
    )
    ref_w, ref_b = data.true_line or snap.best
    name = "true line" if data.true_line else "least-squares line"
    fig.add_scatter(
        x=line_x,
        y=ref_w * line_x + ref_b,
        mode="lines",
        name=f"{name}: {ref_w:.3g}x + {ref_b:.3g}",
        line={"color": REF, "dash": "dash"},
    )
    fig.add_scatter(
        x=line_x,
        y=snap.w * line_x + snap.b,
        mode="lines",
        name=f"neuron (epoch {snap.epoch}): {snap.w:.4f}x{signed(snap.b, '.4f')}",
        line={"color": LEARN, "width": 3},
    )
    fig.add_scatter(
        x=list(snap.queries),
        y=list(snap.predictions),
        mode="markers+text",
        name="predictions",
        text=[f"{p:.3f}" for p in snap.predictions],
        textposition="top center",
        marker={"symbol": "diamond-open", "size": 13, "color": LEARN, "line": {"width": 3}},
    )
    return _layout(fig, 460, xaxis_title=data.x_name, yaxis_title=data.y_name)


def history_frame(snap: NeuronSnapshot) -> pd.DataFrame:
    """The recorded epochs as a table (epoch, loss, w, b)."""
    return pd.DataFrame(snap.history, columns=["epoch", "loss", "w", "b"]).astype({"epoch": int})


# ---- logic gates ----------------------------------------------------------------------------
LO, HI, GRID = -0.5, 1.5, 81


def _grid() -> tuple[np.ndarray, np.ndarray]:
    axis = np.linspace(LO, HI, GRID)
    xx, yy = np.meshgrid(axis, axis)
    return axis, np.column_stack([xx.ravel(), yy.ravel()])


def _points(fig: go.Figure, target: np.ndarray) -> None:
    """The four inputs as white discs ringed in their target's colour, the target written inside."""
    for value, color, label in ((0, ZERO, "target 0"), (1, ONE, "target 1")):
        mask = target == value
        fig.add_scatter(
            x=gates.INPUTS[mask, 0],
            y=gates.INPUTS[mask, 1],
            mode="markers+text",
            name=label,
            text=[str(value)] * int(mask.sum()),
            textfont={"size": 16, "color": "#1f2430"},
            hovertext=[f"({int(a)}, {int(b)}) -> {value}" for a, b in gates.INPUTS[mask]],
            hoverinfo="text",
            marker={"size": 30, "color": "white", "line": {"color": color, "width": 5}},
        )


def _line(fig: go.Figure, w1: float, w2: float, b: float, color: str, name: str, **where) -> None:
    seg = gates.boundary_segment(w1, w2, b, LO, HI)
    if seg is not None:
        fig.add_scatter(
            x=seg[:, 0], y=seg[:, 1], mode="lines", name=name, line={"color": color, "width": 4}, **where
        )


def _square(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_xaxes(range=[LO, HI], title="x1", constrain="domain", dtick=0.5)
    fig.update_yaxes(range=[LO, HI], title="x2", scaleanchor="x", scaleratio=1, dtick=0.5)
    return _layout(fig, height, title={"text": title, "font": {"size": 16}})


def neuron_figure(w1: float, w2: float, b: float, gate: str, title: str) -> go.Figure:
    """sigma(w1 x1 + w2 x2 + b) over the square, its line z = 0, and the four targets."""
    axis, pts = _grid()
    out = gates.sigmoid(pts @ np.array([w1, w2]) + b).reshape(GRID, GRID)
    fig = go.Figure(
        go.Heatmap(
            x=axis,
            y=axis,
            z=out,
            zmin=0,
            zmax=1,
            colorscale=[[0, ZERO], [0.5, "#eef0f2"], [1, ONE]],
            colorbar={"title": "σ(z)", "len": 0.8},
            hovertemplate="x1=%{x:.2f}<br>x2=%{y:.2f}<br>σ=%{z:.3f}<extra></extra>",
        )
    )
    _line(
        fig, w1, w2, b, "#1f2430", f"the line z = 0: {w1:.3g}·x1{signed(w2, '.3g')}·x2{signed(b, '.3g')} = 0"
    )
    _points(fig, gates.TRUTH[gate])
    return _square(fig, title, 470)


def network_figure(net: gates.TwoLayerNet, gate: str, title: str) -> go.Figure:
    """The 2-1 network's output over the square with each hidden neuron's line drawn."""
    axis, pts = _grid()
    out = net.forward(pts).reshape(GRID, GRID)
    fig = go.Figure(
        go.Heatmap(
            x=axis,
            y=axis,
            z=out,
            zmin=0,
            zmax=1,
            colorscale=[[0, ZERO], [0.5, "#eef0f2"], [1, ONE]],
            colorbar={"title": "output", "len": 0.8},
            hovertemplate="x1=%{x:.2f}<br>x2=%{y:.2f}<br>out=%{z:.3f}<extra></extra>",
        )
    )
    for j in range(2):
        w1, w2 = net.w_hidden[:, j]
        _line(
            fig,
            float(w1),
            float(w2),
            float(net.b_hidden[j]),
            HIDDEN_COLORS[j],
            f"hidden neuron h{j + 1}: z = 0",
        )
    _points(fig, gates.TRUTH[gate])
    return _square(fig, title, 470)


#: Where each input's label goes in the hidden-space plot ((0,1) and (1,0) often land on one spot).
_HIDDEN_TEXT = ("bottom center", "top left", "bottom right", "top center")


def hidden_space_figure(net: gates.TwoLayerNet, gate: str) -> go.Figure:
    """The four inputs seen by the output neuron: (h1, h2), where one line now separates them."""
    h = net.hidden(gates.INPUTS)
    target = gates.TRUTH[gate]
    fig = go.Figure()
    for value, color, label in ((0, ZERO, "target 0"), (1, ONE, "target 1")):
        mask = target == value
        fig.add_scatter(
            x=h[mask, 0],
            y=h[mask, 1],
            mode="markers+text",
            name=label,
            text=[f"from ({int(a)},{int(b)})" for a, b in gates.INPUTS[mask]],
            textposition=[_HIDDEN_TEXT[int(i)] for i in np.flatnonzero(mask)],
            marker={"size": 24, "color": "white", "line": {"color": color, "width": 5}},
        )
    _line(fig, float(net.w_out[0]), float(net.w_out[1]), float(net.b_out), "#1f2430", "output neuron: z = 0")
    fig.update_xaxes(range=[LO, HI], title="h1 (hidden neuron 1)", constrain="domain", dtick=0.5)
    fig.update_yaxes(range=[LO, HI], title="h2 (hidden neuron 2)", scaleanchor="x", scaleratio=1, dtick=0.5)
    return _layout(fig, 470, title={"text": "What the output neuron sees", "font": {"size": 16}})


def training_figure(curves: dict[str, np.ndarray], title: str) -> go.Figure:
    """Loss per epoch of one or more trained models (name -> (epochs + 1,) losses)."""
    fig = go.Figure()
    for (name, loss), color in zip(curves.items(), (LEARN, "#7b3fb5"), strict=False):
        fig.add_scatter(
            x=np.arange(len(loss)), y=loss, mode="lines", name=name, line={"color": color, "width": 3}
        )
    fig.add_hline(
        y=float(np.log(2)), line={"dash": "dot", "color": REF}, annotation_text="ln 2: σ = 0.5 everywhere"
    )
    fig.update_yaxes(type="log", title="cross-entropy loss", dtick=1)
    fig.update_xaxes(title="epoch")
    return _layout(fig, 340, title={"text": title, "font": {"size": 16}})
