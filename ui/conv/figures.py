"""Plotly figures for the convolution pages: pure functions, numbers in, ``go.Figure`` out."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

SIGNED_SCALE = [[0.0, "rgb(38,64,217)"], [0.5, "rgb(255,255,255)"], [1.0, "rgb(217,38,38)"]]
GRAY_SCALE = [[0.0, "rgb(0,0,0)"], [1.0, "rgb(255,255,255)"]]
CHANNEL_COLORS = ("#d62728", "#2ca02c", "#1f77b4")


def value_scale_figure(
    out: np.ndarray, lo: float, hi: float, signed: bool, absolute: bool = False
) -> go.Figure:
    """Histogram of the output values over the colour scale used to draw them.

    Values left of ``lo`` or right of ``hi`` are drawn as the end colours (clipped).
    """
    values = np.abs(out) if absolute else out
    vmin, vmax = float(min(values.min(), lo)), float(max(values.max(), hi))
    edges = np.linspace(vmin, vmax if vmax > vmin else vmin + 1, 61)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.78, 0.22], vertical_spacing=0.04)
    chans = [values] if values.ndim == 2 else [values[..., c] for c in range(values.shape[2])]
    names = ["value"] if len(chans) == 1 else ["red", "green", "blue"]
    for ch, name, color in zip(
        chans, names, ("#555", *CHANNEL_COLORS[1:]) if len(chans) == 1 else CHANNEL_COLORS, strict=False
    ):
        counts, _ = np.histogram(ch, bins=edges)
        fig.add_trace(
            go.Scatter(
                x=(edges[:-1] + edges[1:]) / 2,
                y=counts,
                mode="lines",
                line_shape="hvh",
                name=name,
                line={"color": color, "width": 2},
                fill="tozeroy" if len(chans) == 1 else None,
                hovertemplate="value ≈ %{x:.1f}: %{y} pixels<extra>" + name + "</extra>",
            ),
            row=1,
            col=1,
        )
    for x0, x1 in ((vmin, lo), (hi, vmax)):
        if x1 > x0:
            fig.add_vrect(x0=x0, x1=x1, fillcolor="#f4b6b6", opacity=0.35, line_width=0, row=1, col=1)
    strip = np.linspace(vmin, vmax, 256)
    shown = np.clip((strip - lo) / (hi - lo if hi > lo else 1.0), 0, 1)
    fig.add_trace(
        go.Heatmap(
            x=strip,
            z=[shown],
            colorscale=SIGNED_SCALE if signed else GRAY_SCALE,
            zmin=0,
            zmax=1,
            showscale=False,
            hoverinfo="skip",
        ),
        row=2,
        col=1,
    )
    fig.update_yaxes(visible=False, row=2, col=1)
    fig.update_yaxes(title_text="pixels", row=1, col=1)
    fig.update_xaxes(title_text="output value (pale red: clipped to the end colours)", row=2, col=1)
    fig.update_layout(
        height=230,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        showlegend=len(chans) > 1,
        legend={"orientation": "h", "y": 1.15},
    )
    return fig


def grid_figure(
    values: np.ndarray,
    title: str,
    highlight: dict[tuple[int, int], str | tuple[str, float, int]] | None = None,
    regions: np.ndarray | None = None,
    fmt: str = "{:g}",
    cell_px: int = 58,
) -> go.Figure:
    """A small numeric grid drawn as coloured cells with their numbers.

    ``regions`` (same shape, ints, -1 = none) tints cells by pooling window;
    ``highlight`` maps (row, col) to a border colour (e.g. the winner of a max), or to
    (colour, inset in cells, line width).
    """
    h, w = values.shape
    palette = ["#cfe8fc", "#ffe2b8", "#d6f5d6", "#f3d1f4", "#fff3b0", "#d9d9f7", "#fcd5ce", "#c9f2ef"]
    fig = go.Figure()
    for r in range(h):
        for c in range(w):
            reg = -1 if regions is None else int(regions[r, c])
            fill = "#f1f1f1" if reg == -2 else ("#ffffff" if reg < 0 else palette[reg % len(palette)])
            fig.add_shape(
                type="rect",
                x0=c,
                x1=c + 1,
                y0=r,
                y1=r + 1,
                fillcolor=fill,
                layer="below",
                line={"color": "#c8c9d0", "width": 1},
            )
    for (r, c), style in (highlight or {}).items():
        color, inset, width = (style, 0.06, 4) if isinstance(style, str) else style
        fig.add_shape(
            type="rect",
            x0=c + inset,
            x1=c + 1 - inset,
            y0=r + inset,
            y1=r + 1 - inset,
            line={"color": color, "width": width},
        )
    text = [[fmt.format(v) if np.isfinite(v) else "" for v in row] for row in values]
    xs, ys, ts = [], [], []
    for r in range(h):
        for c in range(w):
            xs.append(c + 0.5)
            ys.append(r + 0.5)
            ts.append(text[r][c])
    fig.add_trace(
        go.Scatter(
            x=xs, y=ys, text=ts, mode="text", textfont={"size": 18, "color": "#1f1f24"}, hoverinfo="skip"
        )
    )
    fig.update_xaxes(range=[0, w], visible=False, fixedrange=True, constrain="domain")
    fig.update_yaxes(range=[h, 0], visible=False, fixedrange=True, scaleanchor="x")
    fig.update_layout(
        title={"text": title, "x": 0, "font": {"size": 16}},
        height=cell_px * h + 50,
        width=cell_px * w + 20,
        margin={"l": 5, "r": 5, "t": 40, "b": 5},
        showlegend=False,
        plot_bgcolor="white",
    )
    return fig
