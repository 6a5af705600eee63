"""Pure figure builders of the transfer page (numpy in, images or plotly figures out)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from ui.transfer.frames import COLORS


def tiles(images: np.ndarray, columns: int, scale: int = 3, gap: int = 2) -> np.ndarray:
    """(n, h, w) floats in [0, 1] -> one uint8 mosaic, ``columns`` across, each tile enlarged ``scale`` x."""
    images = np.asarray(images, np.float32)
    n, h, w = images.shape
    rows = max(1, -(-n // columns))
    th, tw = h * scale + gap, w * scale + gap
    out = np.full((rows * th - gap, columns * tw - gap), 235, np.uint8)
    for i, img in enumerate(images):
        r, c = divmod(i, columns)
        big = np.kron(np.clip(img, 0, 1), np.ones((scale, scale)))
        out[r * th : r * th + h * scale, c * tw : c * tw + w * scale] = (big * 255).astype(np.uint8)
    return out


def feature_map_figure(
    images: np.ndarray, maps: np.ndarray, channels: Sequence[int], class_names: Sequence[str], layer: str
) -> go.Figure:
    """One row per class: its image, then the base's maps of ``channels`` (each scaled to its own max)."""
    n = len(images)
    size = maps.shape[1]
    tile = 28
    cols = 1 + len(channels)
    canvas = np.full((n * (tile + 4), cols * (tile + 4)), np.nan, np.float32)
    for i in range(n):
        canvas[i * 32 : i * 32 + 28, 0:28] = images[i]
        for j, ch in enumerate(channels, start=1):
            m = maps[i, :, :, ch]
            m = m / m.max() if m.max() > 0 else m
            up = np.kron(m, np.ones((tile // size, tile // size))) if tile % size == 0 else m
            canvas[i * 32 : i * 32 + up.shape[0], j * 32 : j * 32 + up.shape[1]] = up
    fig = go.Figure(go.Heatmap(z=canvas, colorscale="Viridis", showscale=False, hoverinfo="skip"))
    fig.update_yaxes(
        autorange="reversed",
        tickvals=[i * 32 + 14 for i in range(n)],
        ticktext=list(class_names),
        scaleanchor="x",
    )
    fig.update_xaxes(
        tickvals=[j * 32 + 14 for j in range(cols)],
        ticktext=["input"] + [f"ch {c}" for c in channels],
        side="top",
    )
    fig.update_layout(
        height=90 + 78 * n,
        margin=dict(l=90, r=10, t=40, b=10),
        plot_bgcolor="white",
        title=dict(text=f"{layer}: bright = strongly active", font=dict(size=15), y=0.02, yanchor="bottom"),
    )
    return fig


def prediction_figure(
    probs: dict[str, np.ndarray], class_names: Sequence[str], labels: dict[str, str]
) -> go.Figure:
    """Grouped bars: each network's probability for each class (one image)."""
    fig = go.Figure()
    for key, p in probs.items():
        fig.add_bar(
            x=list(class_names),
            y=p,
            name=labels[key],
            marker_color=COLORS[key],
            text=[f"{v:.0%}" for v in p],
            textposition="outside",
            cliponaxis=False,
        )
    fig.update_layout(
        barmode="group",
        height=330,
        margin=dict(l=60, r=10, t=30, b=50),
        yaxis=dict(title="probability", range=[0, 1.12], tickformat=".0%"),
        xaxis=dict(title="class (class_names order)"),
        legend=dict(orientation="h", y=1.12, x=0),
    )
    return fig
