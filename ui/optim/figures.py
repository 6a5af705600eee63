"""Plotly figures of the optimizer race (pure functions: snapshot or config in, figure out)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from engine.optim.race import RacerView
from engine.optim.surfaces import Surface
from ui.optim.frames import LOG_FLOOR

PICK_GRID = 41  #: clickable points per axis of the start-point picker


def display_values(surface: Surface, f: np.ndarray) -> np.ndarray:
    """What the figures draw as height/colour: log10(f − f_min + 1e-3) on steep surfaces, else f."""
    if surface.log_contours:
        return np.log10(np.maximum(f - surface.f_min, 0.0) + LOG_FLOOR)
    return f


def _z_title(surface: Surface) -> str:
    return "log₁₀(loss − min)" if surface.log_contours else "loss"


def _downsample(path: np.ndarray, limit: int = 1500) -> np.ndarray:
    stride = max(1, int(np.ceil(len(path) / limit)))
    out = path[::stride]
    return (
        out if out is path or len(path) == 0 or (out[-1] == path[-1]).all() else np.vstack([out, path[-1:]])
    )


def _path_traces(
    surface: Surface, racers: tuple[RacerView, ...], hi: float, lift: float
) -> list[go.Scatter3d]:
    """Each racer's path (the part on the plot), drawn ``lift`` above the surface."""
    x0, x1, y0, y1 = surface.domain
    traces = []
    for r in racers:
        p = _downsample(np.asarray(r.path))
        inside = (p[:, 0] >= x0) & (p[:, 0] <= x1) & (p[:, 1] >= y0) & (p[:, 1] <= y1)
        p = p[inside]
        if not len(p):
            continue
        zp = np.minimum(display_values(surface, surface.value(p[:, 0], p[:, 1])), hi) + lift
        traces.append(
            go.Scatter3d(
                x=p[:, 0], y=p[:, 1], z=zp, mode="lines", line={"color": r.color, "width": 6}, name=r.label
            )
        )
    return traces


def _points_3d(surface: Surface, start: tuple[float, float], hi: float) -> list[go.Scatter3d]:
    """The minimum (★) and the start point, on the 3-D surface."""
    mz = float(display_values(surface, np.array(surface.f_min)))
    sz = float(display_values(surface, surface.value(*start)))
    minimum = go.Scatter3d(
        x=[surface.minimum[0]],
        y=[surface.minimum[1]],
        z=[mz],
        mode="markers",
        name="minimum ★",
        marker={"size": 7, "color": "#ffd400", "symbol": "diamond", "line": {"color": "#1f2430", "width": 1}},
    )
    begin = go.Scatter3d(
        x=[start[0]],
        y=[start[1]],
        z=[min(sz, hi)],
        mode="markers",
        name="start",
        marker={"size": 6, "color": "#ffffff", "line": {"color": "#1f2430", "width": 2}},
    )
    return [minimum, begin]


def surface_3d(surface: Surface, racers: tuple[RacerView, ...], start: tuple[float, float]) -> go.Figure:
    """The loss surface in 3-D with every racer's path lying on it."""
    xs, ys, f = surface.grid(81)
    z = display_values(surface, f)
    hi = float(np.percentile(z, 99))
    fig = go.Figure(
        go.Surface(
            x=xs,
            y=ys,
            z=np.minimum(z, hi),
            colorscale="YlGnBu",
            reversescale=True,
            opacity=0.88,
            showscale=False,
            name="loss surface",
            hovertemplate="x=%{x:.3g}<br>y=%{y:.3g}<br>z=%{z:.3g}<extra></extra>",
            contours={"z": {"show": True, "usecolormap": True, "project": {"z": True}}},
        )
    )
    for trace in _path_traces(surface, racers, hi, lift=0.01 * (hi - z.min())):
        fig.add_trace(trace)
    for trace in _points_3d(surface, start, hi):
        fig.add_trace(trace)
    ax = surface.axis_names
    fig.update_layout(
        height=620,
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        scene={
            "xaxis_title": ax[0],
            "yaxis_title": ax[1],
            "zaxis_title": _z_title(surface),
            "camera": {"eye": {"x": 1.4, "y": -1.5, "z": 1.0}},
        },
        legend={"orientation": "h", "y": 1.02},
    )
    return fig


def _picker_marks(surface: Surface, start: tuple[float, float]) -> list[go.Scatter]:
    """The current start (○) and the minimum (★) on the start-point picker."""
    begin = go.Scatter(
        x=[start[0]],
        y=[start[1]],
        mode="markers",
        name="start",
        hoverinfo="skip",
        marker={"size": 14, "color": "#ffffff", "line": {"color": "#1f2430", "width": 2.5}},
    )
    minimum = go.Scatter(
        x=[surface.minimum[0]],
        y=[surface.minimum[1]],
        mode="markers",
        name="minimum",
        hoverinfo="skip",
        marker={"size": 18, "color": "#ffd400", "symbol": "star", "line": {"color": "#1f2430", "width": 1}},
    )
    return [begin, minimum]


def start_picker(surface: Surface, start: tuple[float, float]) -> go.Figure:
    """A contour plot whose invisible grid of points can be clicked to choose the start point."""
    xs, ys, f = surface.grid(121)
    z = display_values(surface, f)
    fig = go.Figure(
        go.Contour(
            x=xs,
            y=ys,
            z=z,
            colorscale="YlGnBu",
            reversescale=True,
            ncontours=18,
            showscale=False,
            zmax=float(np.percentile(z, 99.5)),
            hoverinfo="skip",
            contours={"coloring": "heatmap"},
            line={"width": 0.6},
        )
    )
    x0, x1, y0, y1 = surface.domain
    gx, gy = np.meshgrid(np.linspace(x0, x1, PICK_GRID), np.linspace(y0, y1, PICK_GRID))
    fig.add_trace(
        go.Scatter(
            x=gx.ravel(),
            y=gy.ravel(),
            mode="markers",
            name="click to start here",
            marker={"size": 11, "color": "rgba(0,0,0,0.01)"},
            showlegend=False,
            hovertemplate="start here: (%{x:.3g}, %{y:.3g})<extra></extra>",
        )
    )
    for trace in _picker_marks(surface, start):
        fig.add_trace(trace)
    ax = surface.axis_names
    fig.update_layout(
        height=520,
        margin={"l": 50, "r": 10, "t": 10, "b": 45},
        clickmode="event+select",
        xaxis={"title": ax[0], "range": [x0, x1]},
        yaxis={"title": ax[1], "range": [y0, y1]},
        legend={"orientation": "h", "y": 1.05},
        dragmode=False,
    )
    return fig


def loss_figure(surface: Surface, racers: tuple[RacerView, ...]) -> go.Figure:
    """Loss − minimum (log y) against the step, one line per racer; ✖ where one diverged."""
    fig = go.Figure()
    for r in racers:
        gap = np.maximum(np.asarray(r.loss) - surface.f_min, 1e-12)
        fig.add_trace(
            go.Scatter(x=np.arange(len(gap)), y=gap, mode="lines", name=r.label, line={"color": r.color})
        )
        if r.diverged_at is not None:
            fig.add_trace(
                go.Scatter(
                    x=[len(gap) - 1],
                    y=[gap[-1]],
                    mode="markers+text",
                    text=[f"✖ diverged @ {r.diverged_at}"],
                    textposition="top center",
                    marker={"symbol": "x", "size": 12, "color": "#d1342f"},
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
    fig.update_layout(
        height=380,
        margin={"l": 60, "r": 10, "t": 10, "b": 45},
        xaxis_title="step",
        yaxis={"title": "loss − minimum", "type": "log", "exponentformat": "power"},
        legend={"orientation": "h", "y": 1.08},
    )
    return fig


def history_frame(racers: tuple[RacerView, ...]) -> pd.DataFrame:
    """Long table step, optimizer, x, y, loss of every racer (for the CSV download)."""
    parts = [
        pd.DataFrame(
            {
                "step": np.arange(len(r.loss)),
                "optimizer": r.label,
                "x": r.path[:, 0],
                "y": r.path[:, 1],
                "loss": r.loss,
            }
        )
        for r in racers
    ]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
