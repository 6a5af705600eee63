"""Figures of the MNIST pages: digits, pixel matrices, confusion matrix, probabilities, mosaics.

Plotly where a learner hovers (pixel values, confusion counts, probabilities);
plain RGB mosaics (numpy arrays for ``st.image``) where many small maps are
drawn at once (feature maps, filters, galleries): cheap enough for every rerun.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import hex_to_rgb, sample_colorscale

from engine.mnist.run import HISTORY_COLUMNS, MnistSnapshot

BLUE, ORANGE, GREY = "#0877bd", "#f59322", "#9aa1ab"


def _lut(scale: list[str] | str) -> np.ndarray:
    """A (256, 3) uint8 colour table sampled from a plotly colour scale."""
    colors = sample_colorscale(scale, list(np.linspace(0, 1, 256)), colortype="tuple")
    return np.clip(np.rint(np.array(colors) * 255), 0, 255).astype(np.uint8)


_VIRIDIS = _lut("Viridis")
_DIVERGING = _lut([[0.0, ORANGE], [0.5, "#f4f5f6"], [1.0, BLUE]])
_GREYS = np.repeat(np.arange(256, dtype=np.uint8)[:, None], 3, axis=1)


def colorize(values: np.ndarray, lo: float, hi: float, cmap: str = "viridis") -> np.ndarray:
    """(…, h, w) values -> (…, h, w, 3) uint8 RGB through a colour table."""
    lut = {"viridis": _VIRIDIS, "diverging": _DIVERGING, "grey": _GREYS}[cmap]
    span = hi - lo if hi > lo else 1.0
    idx = np.clip(np.rint((np.nan_to_num(values, nan=lo) - lo) / span * 255), 0, 255).astype(np.uint8)
    return lut[idx]


def mosaic(tiles: np.ndarray, cols: int, upscale: int = 4, gap: int = 2, bg: int = 255) -> np.ndarray:
    """(n, h, w, 3) RGB tiles -> one (H, W, 3) image, ``cols`` per row, each tile upscaled (nearest)."""
    n, h, w = tiles.shape[:3]
    if n == 0:
        return np.full((h * upscale, w * upscale, 3), bg, np.uint8)
    cols = max(1, min(cols, n))
    rows = -(-n // cols)
    th, tw = h * upscale, w * upscale
    out = np.full((rows * (th + gap) - gap, cols * (tw + gap) - gap, 3), bg, np.uint8)
    big = tiles.repeat(upscale, axis=1).repeat(upscale, axis=2)
    for i in range(n):
        r, c = divmod(i, cols)
        out[r * (th + gap) : r * (th + gap) + th, c * (tw + gap) : c * (tw + gap) + tw] = big[i]
    return out


def feature_map_mosaic(maps: np.ndarray, cols: int = 8, upscale: int = 4, limit: int = 32) -> np.ndarray:
    """(h, w, channels) activations -> mosaic of the first ``limit`` channels, each scaled to its own max."""
    chans = np.moveaxis(maps, -1, 0)[:limit]
    peak = np.abs(chans).reshape(len(chans), -1).max(axis=1)
    normed = chans / np.where(peak > 0, peak, 1.0)[:, None, None]
    return mosaic(colorize(normed, 0.0, 1.0), cols, upscale)


def filter_mosaic(filters: np.ndarray, cols: int = 8, upscale: int = 12) -> np.ndarray:
    """(n, k, k) weights -> mosaic, each filter on a symmetric diverging scale (blue +, orange -)."""
    peak = np.abs(filters).reshape(len(filters), -1).max(axis=1) if len(filters) else np.zeros(0)
    normed = filters / np.where(peak > 0, peak, 1.0)[:, None, None]
    return mosaic(colorize(normed, -1.0, 1.0, "diverging"), cols, upscale)


def grey_image(image: np.ndarray, upscale: int = 8, hi: float = 1.0) -> np.ndarray:
    """A (28, 28) grey image as an upscaled RGB array (white ink on black)."""
    return mosaic(colorize(image[None], 0.0, hi, "grey"), 1, upscale)


def digit_figure(image: np.ndarray, title: str, show_values: bool = True) -> go.Figure:
    """A 28x28 image as a heatmap; with ``show_values`` each pixel's value is written on it."""
    z = np.asarray(image)[::-1]
    text = np.vectorize(lambda v: f"{v:g}" if v else "")(z) if show_values else None
    fig = go.Figure(
        go.Heatmap(
            z=z,
            y=np.arange(27, -1, -1),
            colorscale="Greys_r",
            showscale=False,
            text=text,
            texttemplate="%{text}" if show_values else None,
            textfont={"size": 9, "color": "#d1342f"},
            hovertemplate="row %{y}, column %{x}: %{z}<extra></extra>",
        )
    )
    fig.update_layout(
        title={"text": title, "font": {"size": 18}},
        height=560,
        margin={"l": 30, "r": 10, "t": 50, "b": 30},
        yaxis={"autorange": "reversed", "scaleanchor": "x", "constrain": "domain", "dtick": 4},
        xaxis={"dtick": 4, "constrain": "domain"},
    )
    return fig


def probability_figure(probs: np.ndarray, names: tuple[str, ...], label: int | None = None) -> go.Figure:
    """Bars of the 10 class probabilities; the top class in blue (the true one outlined, if known)."""
    top = int(np.argmax(probs))
    colors = [BLUE if i == top else GREY for i in range(len(probs))]
    fig = go.Figure(
        go.Bar(
            x=list(names),
            y=probs,
            marker={
                "color": colors,
                "line": {
                    "color": ["#1f9d55" if i == label else "rgba(0,0,0,0)" for i in range(len(probs))],
                    "width": 3,
                },
            },
            text=[f"{p:.0%}" if p >= 0.01 else "" for p in probs],
            textposition="outside",
            hovertemplate="%{x}: %{y:.4f}<extra></extra>",
        )
    )
    fig.update_layout(
        height=300,
        margin={"l": 40, "r": 10, "t": 20, "b": 40},
        yaxis={"range": [0, 1.12], "title": "probability", "tickformat": ".0%"},
        xaxis={"type": "category"},
    )
    return fig


def confusion_figure(cm: np.ndarray, names: tuple[str, ...]) -> go.Figure:
    """Counts heatmap, true class down, predicted class across; the diagonal are the hits."""
    labels = list(names)
    fig = go.Figure(
        go.Heatmap(
            z=cm,
            x=labels,
            y=labels,
            colorscale="Blues",
            text=cm,
            texttemplate="%{text}",
            textfont={"size": 16},
            hovertemplate="true %{y}, predicted %{x}: %{z}<extra></extra>",
            colorbar={"title": "images"},
        )
    )
    fig.update_layout(
        height=520,
        margin={"l": 60, "r": 10, "t": 30, "b": 60},
        xaxis={"title": "predicted class", "type": "category", "side": "bottom"},
        yaxis={"title": "true class", "type": "category", "autorange": "reversed"},
    )
    return fig


def history_figure(snap: MnistSnapshot) -> go.Figure:
    """Per-epoch train/validation loss and accuracy (for a paused or finished run)."""
    from plotly.subplots import make_subplots

    h = snap.history
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Loss", "Accuracy"))
    for col, (train, val) in enumerate(((1, 3), (2, 4)), start=1):
        fig.add_trace(
            go.Scatter(
                x=h[:, 0],
                y=h[:, train],
                name="training",
                line={"color": BLUE},
                showlegend=col == 1,
                mode="lines+markers",
            ),
            row=1,
            col=col,
        )
        fig.add_trace(
            go.Scatter(
                x=h[:, 0],
                y=h[:, val],
                name="validation",
                line={"color": ORANGE},
                showlegend=col == 1,
                mode="lines+markers",
            ),
            row=1,
            col=col,
        )
    fig.update_xaxes(title="epoch")
    fig.update_yaxes(tickformat=".0%", row=1, col=2)
    fig.update_layout(height=330, margin={"l": 40, "r": 10, "t": 40, "b": 40})
    return fig


def history_frame(snap: MnistSnapshot) -> pd.DataFrame:
    """The per-epoch history as a table (for the CSV download)."""
    return pd.DataFrame(snap.history, columns=list(HISTORY_COLUMNS))


def dense_activation_figure(values: np.ndarray, title: str) -> go.Figure:
    """One dense layer's activations as a strip of bars."""
    fig = go.Figure(
        go.Bar(y=values, marker={"color": BLUE}, hovertemplate="unit %{x}: %{y:.3f}<extra></extra>")
    )
    fig.update_layout(
        title={"text": title, "font": {"size": 15}},
        height=180,
        margin={"l": 40, "r": 10, "t": 36, "b": 24},
        bargap=0.05,
        xaxis={"title": None},
    )
    return fig


def hex_rgb(color: str) -> tuple[int, int, int]:
    return tuple(hex_to_rgb(color))  # type: ignore[return-value]
