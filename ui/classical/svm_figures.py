"""Plotly figures of the SVM page: pure functions, numbers in, ``go.Figure`` out.

Each figure is built in one ``go.Figure(data, layout)`` call from plain dicts: plotly validates
once, instead of once per ``update_*`` call (three times faster for the boundary figure).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go

#: The playground's colours: class 1 (TF Playground's +1) blue, class 0 orange.
CLASS_COLORS = ("#f59322", "#0877bd")
#: Decision value -> colour: orange (class 0) through white to blue (class 1).
DECISION_SCALE = [[0.0, "#f59322"], [0.5, "#ffffff"], [1.0, "#0877bd"]]
#: The shading saturates at |f(x)| = this (the margin is at 1).
SHADE_LIMIT = 2.5
#: At least 14 px everywhere (a projector at 1280x720); Streamlit's theme would shrink the ticks.
FONT = {"size": 15}
MARGIN_LINES = (
    (-1.0, "dash", "f(x) = −1"),
    (0.0, "solid", "f(x) = 0 (boundary)"),
    (1.0, "dash", "f(x) = +1"),
)


def _axis(title: str, **extra: Any) -> dict[str, Any]:
    return {"title": {"text": title, "font": FONT}, "tickfont": FONT, **extra}


def _colorbar(title: str, **extra: Any) -> dict[str, Any]:
    return {"title": {"text": title, "font": FONT}, "tickfont": FONT, **extra}


def _layout(height: int, **extra: Any) -> dict[str, Any]:
    return {
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        **extra,
    }


def _points(
    x: np.ndarray, y: np.ndarray, name: str, symbol: str, opacity: float = 1.0
) -> list[dict[str, Any]]:
    traces = []
    for cls in (0, 1):
        pts = x[y == cls]
        traces.append(
            {
                "type": "scatter",
                "x": pts[:, 0],
                "y": pts[:, 1],
                "mode": "markers",
                "name": f"class {cls} ({name})",
                "marker": {
                    "color": CLASS_COLORS[cls],
                    "size": 8,
                    "symbol": symbol,
                    "opacity": opacity,
                    "line": {"color": "white", "width": 1},
                },
                "hovertemplate": f"{name}, class {cls}<br>x₁ = %{{x:.2f}}, x₂ = %{{y:.2f}}<extra></extra>",
            }
        )
    return traces


def _shading(axis: np.ndarray, decision: np.ndarray) -> dict[str, Any]:
    return {
        "type": "heatmap",
        "x": axis,
        "y": axis,
        "z": np.clip(decision, -SHADE_LIMIT, SHADE_LIMIT).astype(np.float32),
        "zsmooth": "best",
        "colorscale": DECISION_SCALE,
        "zmin": -SHADE_LIMIT,
        "zmax": SHADE_LIMIT,
        "opacity": 0.55,
        "colorbar": _colorbar("f(x)", thickness=14, len=0.9),
        "hovertemplate": "x₁ = %{x:.2f}, x₂ = %{y:.2f}<br>f(x) = %{z:.2f}<extra></extra>",
        "name": "decision function",
    }


def _level_lines(lines: tuple[np.ndarray, ...]) -> list[dict[str, Any]]:
    return [
        {
            "type": "scatter",
            "x": line[:, 0],
            "y": line[:, 1],
            "mode": "lines",
            "line": {"color": "#222", "width": 3 if level == 0 else 2, "dash": dash},
            "hoverinfo": "skip",
            "name": name,
            "showlegend": False,
        }
        for (level, dash, name), line in zip(MARGIN_LINES, lines, strict=True)
    ]


def boundary_figure(
    axis: np.ndarray,
    decision: np.ndarray,
    lines: tuple[np.ndarray, np.ndarray, np.ndarray],
    x_train: np.ndarray,
    y_train: np.ndarray,
    support_vectors: np.ndarray,
    x_val: np.ndarray | None = None,
    y_val: np.ndarray | None = None,
    height: int = 560,
) -> go.Figure:
    """The decision function shaded, its -1/0/+1 level ``lines`` (``(n, 2)`` each, NaN-separated),
    the points and the support vectors circled."""
    data = [_shading(axis, decision), *_level_lines(lines)]
    data += _points(x_train, y_train, "train", "circle")
    if x_val is not None and y_val is not None and len(x_val):
        data += _points(x_val, y_val, "validation", "diamond", opacity=0.8)
    data.append(
        {
            "type": "scatter",
            "x": support_vectors[:, 0],
            "y": support_vectors[:, 1],
            "mode": "markers",
            "name": f"support vectors ({len(support_vectors)})",
            "marker": {"size": 16, "symbol": "circle-open", "color": "black", "line": {"width": 2}},
            "hovertemplate": "support vector<br>x₁ = %{x:.2f}, x₂ = %{y:.2f}<extra></extra>",
        }
    )
    lim = float(axis[-1])
    layout = _layout(
        height,
        xaxis=_axis("x₁", range=[-lim, lim], constrain="domain"),
        yaxis=_axis("x₂", range=[-lim, lim], scaleanchor="x", scaleratio=1, constrain="domain"),
        legend={"itemsizing": "constant", "orientation": "h", "y": -0.14, "x": 0},
        plot_bgcolor="white",
    )
    return go.Figure(data=data, layout=layout)


def lift_figure(
    lifted: np.ndarray, y: np.ndarray, plane_z: np.ndarray | None, axis: np.ndarray, z_label: str
) -> go.Figure:
    """The lifted points in 3-D and the separating plane (``plane_z`` over ``axis`` x ``axis``), rotatable."""
    data: list[dict[str, Any]] = []
    if plane_z is not None:
        data.append(
            {
                "type": "surface",
                "x": axis,
                "y": axis,
                "z": plane_z,
                "opacity": 0.45,
                "colorscale": [[0, "#555"], [1, "#555"]],
                "showscale": False,
                "name": "separating plane",
                "hovertemplate": "plane<br>x₁ = %{x:.1f}, x₂ = %{y:.1f}, z = %{z:.1f}<extra></extra>",
            }
        )
    for cls in (0, 1):
        pts = lifted[y == cls]
        data.append(
            {
                "type": "scatter3d",
                "x": pts[:, 0],
                "y": pts[:, 1],
                "z": pts[:, 2],
                "mode": "markers",
                "name": f"class {cls}",
                "marker": {"size": 4, "color": CLASS_COLORS[cls], "line": {"color": "white", "width": 0.5}},
                "hovertemplate": f"class {cls}<br>x₁ = %{{x:.2f}}, x₂ = %{{y:.2f}}, z = %{{z:.2f}}<extra></extra>",
            }
        )
    scene = {
        "xaxis": _axis("x₁"),
        "yaxis": _axis("x₂"),
        "zaxis": _axis(z_label),
        "camera": {"eye": {"x": 1.5, "y": 1.5, "z": 0.6}},
    }
    return go.Figure(data=data, layout=_layout(520, margin={"l": 20, "r": 0, "t": 10, "b": 0}, scene=scene))


def heatmap_figure(
    scores: np.ndarray, cs: tuple[float, ...], gammas: tuple[float, ...], current: tuple[float, float] | None
) -> go.Figure:
    """Validation accuracy over C (x) and gamma (y); the current RBF setting marked when on the grid."""
    cx = [f"{c:g}" for c in cs]
    gy = [f"{g:g}" for g in gammas]
    data: list[dict[str, Any]] = [
        {
            "type": "heatmap",
            "x": cx,
            "y": gy,
            "z": scores,
            "zmin": 0.5,
            "zmax": 1.0,
            "colorscale": "Viridis",
            "text": [[f"{v:.0%}" for v in row] for row in scores],
            "texttemplate": "%{text}",
            "textfont": {"size": 14},
            "colorbar": _colorbar("val. acc.", tickformat=".0%"),
            "hovertemplate": "C = %{x}, γ = %{y}<br>validation accuracy %{text}<extra></extra>",
        }
    ]
    if current is not None and f"{current[0]:g}" in cx and f"{current[1]:g}" in gy:
        data.append(
            {
                "type": "scatter",
                "x": [f"{current[0]:g}"],
                "y": [f"{current[1]:g}"],
                "mode": "markers",
                "marker": {"size": 34, "symbol": "square-open", "color": "red", "line": {"width": 3}},
                "name": "this page's C and γ",
                "hoverinfo": "skip",
            }
        )
    layout = _layout(
        420, xaxis=_axis("C", type="category"), yaxis=_axis("γ", type="category"), showlegend=False
    )
    return go.Figure(data=data, layout=layout)


def series_figure(partial_sums: np.ndarray, exact: float) -> go.Figure:
    """The RBF kernel's series summed term by term, against the exact value."""
    k = np.arange(1, len(partial_sums) + 1)
    data = [
        {
            "type": "scatter",
            "x": k,
            "y": partial_sums,
            "mode": "lines+markers",
            "name": "sum of the first terms",
            "line": {"width": 3, "color": "#0877bd"},
            "hovertemplate": "%{x} terms: %{y:.6f}<extra></extra>",
        }
    ]
    layout = _layout(
        340,
        margin={"l": 10, "r": 10, "t": 20, "b": 10},
        xaxis=_axis("number of terms n (powers k = 0 … n − 1 of a·b)", dtick=2),
        yaxis=_axis("kernel value"),
        showlegend=False,
        shapes=[
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": exact,
                "y1": exact,
                "line": {"dash": "dash", "color": "#d62728", "width": 2},
            }
        ],
        annotations=[
            {
                "x": k[-1],
                "y": exact,
                "text": f"exp(−γ‖a − b‖²) = {exact:.6f}",
                "showarrow": False,
                "yshift": 16,
                "xanchor": "right",
            }
        ],
    )
    return go.Figure(data=data, layout=layout)
