"""Plotly figures of a paused playground snapshot (hover and zoom for inspection)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from engine.playground.datasets import DOMAIN
from engine.playground.history import COLUMNS
from engine.playground.model import GRID
from engine.playground.run import PlaygroundSnapshot

ORANGE, BLUE = "#f59322", "#0877bd"
CLASS_COLORS = ("#f59322", "#0877bd", "#2ca02c", "#9467bd")
DIVERGING = [[0.0, ORANGE], [0.5, "#e8eaeb"], [1.0, BLUE]]


def _axis() -> np.ndarray:
    step = 2 * DOMAIN / GRID
    return -DOMAIN + step * (np.arange(GRID) + 0.5)


def boundary_figure(snap: PlaygroundSnapshot) -> go.Figure:
    """The output over the plane with the data points; hover reads the model's output."""
    cfg = snap.config
    axis = _axis()
    grid = snap.output_grid[::-1]  # row 0 of the snapshot is the top; plotly's y goes up
    fig = go.Figure()
    if grid.ndim == 3:
        winner = grid.argmax(axis=2)
        conf = grid.max(axis=2)
        fig.add_trace(
            go.Heatmap(
                x=axis,
                y=axis,
                z=winner,
                customdata=conf,
                zmin=-0.5,
                zmax=grid.shape[2] - 0.5,
                colorscale=[
                    [i / (grid.shape[2] - 1), c] for i, c in enumerate(CLASS_COLORS[: grid.shape[2]])
                ],
                opacity=0.55,
                showscale=False,
                hovertemplate="x₁=%{x:.2f} x₂=%{y:.2f}<br>class %{z} (p=%{customdata:.2f})<extra></extra>",
            )
        )
    elif cfg.is_regression:
        fig.add_trace(
            go.Heatmap(
                x=axis,
                y=axis,
                z=grid,
                zmin=-1,
                zmax=1,
                colorscale=DIVERGING,
                colorbar={"title": "output"},
                hovertemplate="x₁=%{x:.2f} x₂=%{y:.2f}<br>prediction %{z:.3f}<extra></extra>",
            )
        )
    else:
        fig.add_trace(
            go.Heatmap(
                x=axis,
                y=axis,
                z=grid,
                zmin=0,
                zmax=1,
                colorscale=DIVERGING,
                colorbar={"title": "P(class 1)"},
                hovertemplate="x₁=%{x:.2f} x₂=%{y:.2f}<br>P(class 1) = %{z:.3f}<extra></extra>",
            )
        )
    parts = [("train", snap.data.x_train, snap.data.y_train, "white")]
    if cfg.show_test:
        parts.append(("test", snap.data.x_test, snap.data.y_test, "black"))
    for name, x, y, stroke in parts:
        if cfg.is_regression:
            marker = {"color": y, "colorscale": DIVERGING, "cmin": -1, "cmax": 1}
        else:
            marker = {"color": [CLASS_COLORS[int(v)] for v in y]}
        fig.add_trace(
            go.Scatter(
                x=x[:, 0],
                y=x[:, 1],
                mode="markers",
                name=f"{name} points",
                marker={**marker, "size": 7, "line": {"color": stroke, "width": 1}},
                customdata=y,
                hovertemplate="x₁=%{x:.2f} x₂=%{y:.2f}<br>label %{customdata}<extra>" + name + "</extra>",
            )
        )
    fig.update_layout(
        height=520,
        margin={"l": 40, "r": 10, "t": 30, "b": 40},
        xaxis={"title": "x₁", "range": [-DOMAIN, DOMAIN], "constrain": "domain"},
        yaxis={"title": "x₂", "range": [-DOMAIN, DOMAIN], "scaleanchor": "x"},
        legend={"orientation": "h", "y": 1.06},
        title=f"Epoch {snap.epoch}",
    )
    return fig


def history_frame(snap: PlaygroundSnapshot) -> pd.DataFrame:
    """The bounded loss history as a table (one row per kept epoch)."""
    frame = pd.DataFrame(snap.history.data, columns=list(COLUMNS))
    frame["epoch"] = frame["epoch"].astype(int)
    if snap.config.is_regression:
        frame = frame.drop(columns=["train_acc", "test_acc"])
    return frame
