"""Pure plotly figure builders of the k-means page (data in, ``go.Figure`` out)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.classical.kmeans import KMeansTrace, StepView, assign
from engine.classical.kmeans_scan import KScan, MixtureComparison, ellipse

FONT = {"size": 15}
COLORS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
)
GREY = "#9aa1ab"
GRID_N = 90
PICK_N = 31
#: Selected and unselected points look the same (a click must not dim the chart).
SAME = {"marker": {"opacity": 1}}


def bounds(x: np.ndarray, extra: np.ndarray | None = None) -> tuple[float, float, float, float]:
    """A square-ish frame around the points (and the centroids), padded."""
    pts = x if extra is None or not len(extra) else np.vstack([x, extra])
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    pad = 0.08 * max(float((hi - lo).max()), 1.0)
    return float(lo[0] - pad), float(hi[0] + pad), float(lo[1] - pad), float(hi[1] + pad)


def _color(label: int) -> str:
    return COLORS[int(label) % len(COLORS)]


def _scale(k: int) -> list[list]:
    """A colorscale whose integer stops 0..k-1 are the cluster colours (numbers validate fast)."""
    if k <= 1:
        return [[0, _color(0)], [1, _color(0)]]
    return [[j / (k - 1), _color(j)] for j in range(k)]


def _label_marker(labels: np.ndarray, k: int, **extra) -> dict:
    return {"color": labels, "colorscale": _scale(k), "cmin": 0, "cmax": max(k - 1, 1), **extra}


def _layout(fig: go.Figure, frame: tuple[float, float, float, float], height: int) -> None:
    x0, x1, y0, y1 = frame
    fig.update_layout(
        height=height,
        font=FONT,
        margin={"l": 60, "r": 10, "t": 10, "b": 50},
        plot_bgcolor="white",
        showlegend=False,
        xaxis={"title": "x₁", "range": [x0, x1], "zeroline": False, "gridcolor": "#eef0f3"},
        yaxis={"title": "x₂", "range": [y0, y1], "zeroline": False, "gridcolor": "#eef0f3"},
    )


def _regions(frame: tuple[float, float, float, float], centroids: np.ndarray) -> go.Heatmap:
    """The plane coloured by the nearest centroid (the assign step's borders)."""
    x0, x1, y0, y1 = frame
    gx, gy = np.linspace(x0, x1, GRID_N), np.linspace(y0, y1, GRID_N)
    mx, my = np.meshgrid(gx, gy)
    z = assign(np.column_stack([mx.ravel(), my.ravel()]), centroids).reshape(mx.shape)
    k = len(centroids)
    return go.Heatmap(
        x=gx, y=gy, z=z, zmin=0, zmax=max(k - 1, 1), colorscale=_scale(k), opacity=0.16,
        showscale=False, hoverinfo="skip",
    )  # fmt: skip


def _centroid_marks(
    centroids: np.ndarray, symbol: str, name: str, size: int = 20, numbered: bool = True
) -> go.Scatter:
    k = len(centroids)
    return go.Scatter(
        x=centroids[:, 0],
        y=centroids[:, 1],
        mode="markers+text" if numbered else "markers",
        text=[str(j + 1) for j in range(k)],
        textposition="top right",
        textfont={"size": 16, "color": "black"},
        marker={
            "symbol": symbol,
            "size": size,
            "color": [_color(j) for j in range(k)],
            "line": {"width": 2, "color": "black"},
        },
        name=name,
        hovertemplate=name + " %{text}: (%{x:.2f}, %{y:.2f})<extra></extra>",
        selected=SAME,
        unselected=SAME,
    )


def step_figure(
    x: np.ndarray, view: StepView | None, placed: np.ndarray | None = None, clickable: bool = False
) -> go.Figure:
    """The points coloured by their cluster at this half-step, the centroids (✕), after an update
    the previous centroids (○) with arrows, and the plane coloured by the nearest centroid.

    ``view`` None: no start yet (click mode), the points in grey and ``placed`` centroids only.
    ``clickable``: an invisible grid catches clicks anywhere on the plane.
    """
    shown = view.centroids if view is not None else placed
    extra = shown if view is None or view.previous is None else np.vstack([shown, view.previous])
    frame = bounds(x, extra)
    fig = go.Figure()
    if view is not None and view.kind != "init":
        fig.add_trace(_regions(frame, view.previous if view.kind == "update" else view.centroids))
    labels = None if view is None else view.labels
    style = {"size": 8, "line": {"width": 0.5, "color": "white"}}
    marker = {"color": GREY, **style} if labels is None else _label_marker(labels, len(shown), **style)
    fig.add_trace(
        go.Scatter(
            x=x[:, 0], y=x[:, 1], mode="markers", name="points",
            marker=marker,
            customdata=None if labels is None else labels + 1,
            hovertemplate="(%{x:.2f}, %{y:.2f})" + ("" if labels is None else ", cluster %{customdata}")
            + "<extra></extra>",
            selected=SAME, unselected=SAME,
        )
    )  # fmt: skip
    if clickable:
        x0, x1, y0, y1 = frame
        gx, gy = np.meshgrid(np.linspace(x0, x1, PICK_N), np.linspace(y0, y1, PICK_N))
        fig.add_trace(
            go.Scatter(
                x=gx.ravel(), y=gy.ravel(), mode="markers", name="click",
                marker={"size": 14, "color": "rgba(0,0,0,0.01)"},
                hovertemplate="place a centroid here: (%{x:.2f}, %{y:.2f})<extra></extra>",
                selected=SAME, unselected=SAME,
            )
        )  # fmt: skip
    if view is not None and view.previous is not None:
        fig.add_trace(_centroid_marks(view.previous, "circle-open", "previous centroid", 16, numbered=False))
        for old, new in zip(view.previous, view.centroids, strict=True):
            if np.hypot(*(new - old)) > 1e-9:
                fig.add_annotation(
                    x=new[0], y=new[1], ax=old[0], ay=old[1], xref="x", yref="y", axref="x", ayref="y",
                    showarrow=True, arrowhead=3, arrowsize=1.4, arrowwidth=2, arrowcolor="black", text="",
                )  # fmt: skip
    if shown is not None and len(shown):
        fig.add_trace(_centroid_marks(shown, "x", "centroid"))
    for move in () if view is None else view.relocations:
        if move.rule == "farthest":
            fig.add_annotation(
                x=move.position[0], y=move.position[1], text=f"centroid {move.cluster + 1} re-seeded here",
                showarrow=True, arrowhead=2, ax=40, ay=-40, font={"size": 15}, bgcolor="white",
            )  # fmt: skip
    _layout(fig, frame, 540)
    if clickable:
        fig.update_layout(clickmode="event+select", dragmode=False)
    return fig


def inertia_figure(trace: KMeansTrace, step: int, reference: float | None) -> go.Figure:
    """The objective after every half-step (odd: assign, even: update) and the current step."""
    values = trace.inertias()
    steps = np.arange(1, len(values) + 1)
    fig = go.Figure(
        go.Scatter(
            x=steps, y=values, mode="lines+markers", name="inertia",
            marker={"size": 8, "color": ["#1f77b4" if s % 2 else "#ff7f0e" for s in steps]},
            line={"color": "#5f6673"},
            hovertemplate="step %{x}: inertia %{y:.2f}<extra></extra>",
        )
    )  # fmt: skip
    if step >= 1:
        fig.add_trace(
            go.Scatter(
                x=[step], y=[values[step - 1]], mode="markers", name="now",
                marker={"size": 18, "symbol": "circle-open", "color": "black", "line": {"width": 3}},
                hoverinfo="skip",
            )
        )  # fmt: skip
    if reference is not None:
        fig.add_hline(
            y=reference, line={"dash": "dash", "color": "#2ca02c", "width": 2},
            annotation_text="best of 10 k-means++ starts", annotation_position="top right",
            annotation_font={"size": 14, "color": "#2ca02c"},
        )  # fmt: skip
    fig.update_layout(
        height=330,
        font=FONT,
        margin={"l": 70, "r": 10, "t": 30, "b": 50},
        showlegend=False,
        xaxis={"title": "step (blue: assign, orange: update)", "dtick": max(1, len(values) // 10)},
        yaxis={"title": "inertia"},
    )
    return fig


def elbow_figure(scan: KScan, k: int) -> go.Figure:
    """Inertia of scikit-learn's KMeans over k, the chosen k marked."""
    fig = go.Figure(
        go.Scatter(
            x=scan.ks, y=scan.inertias, mode="lines+markers", marker={"size": 9},
            hovertemplate="k = %{x}: inertia %{y:.1f}<extra></extra>",
        )
    )  # fmt: skip
    _mark_k(fig, k)
    fig.update_layout(
        height=360, font=FONT, margin={"l": 70, "r": 10, "t": 40, "b": 50}, showlegend=False,
        title={"text": "Elbow: inertia vs k", "font": {"size": 16}},
        xaxis={"title": "k", "dtick": 1}, yaxis={"title": "inertia"},
    )  # fmt: skip
    return fig


def silhouette_k_figure(scan: KScan, k: int) -> go.Figure:
    """Mean silhouette over k (k >= 2), the best and the chosen k marked."""
    ok = ~np.isnan(scan.silhouettes)
    fig = go.Figure(
        go.Scatter(
            x=scan.ks[ok], y=scan.silhouettes[ok], mode="lines+markers", marker={"size": 9, "color": "#9467bd"},
            hovertemplate="k = %{x}: mean silhouette %{y:.3f}<extra></extra>",
        )
    )  # fmt: skip
    best = scan.best_silhouette_k
    if best is not None:
        fig.add_trace(
            go.Scatter(
                x=[best], y=[scan.silhouettes[best - 1]], mode="markers+text", text=[f"best k = {best}"],
                textposition="bottom center", marker={"size": 16, "symbol": "star", "color": "#d62728"},
                hoverinfo="skip",
            )
        )  # fmt: skip
    _mark_k(fig, k)
    fig.update_layout(
        height=360, font=FONT, margin={"l": 70, "r": 10, "t": 40, "b": 50}, showlegend=False,
        title={"text": "Mean silhouette vs k", "font": {"size": 16}},
        xaxis={"title": "k", "dtick": 1}, yaxis={"title": "mean silhouette"},
    )  # fmt: skip
    return fig


def _mark_k(fig: go.Figure, k: int) -> None:
    fig.add_vline(
        x=k, line={"dash": "dot", "color": "#5f6673"}, annotation_text=f"your k = {k}",
        annotation_position="top", annotation_font={"size": 14},
    )  # fmt: skip


def silhouette_diagram(values: np.ndarray, labels: np.ndarray) -> go.Figure:
    """Every point's silhouette as a bar, grouped by cluster and sorted; the mean dashed."""
    fig = go.Figure()
    y = 0
    for j in np.unique(labels):
        vals = np.sort(values[labels == j])
        fig.add_trace(
            go.Bar(
                x=vals, y=np.arange(y, y + len(vals)), orientation="h", width=1.0,
                marker={"color": _color(j), "line": {"width": 0}}, name=f"cluster {j + 1}",
                hovertemplate=f"cluster {j + 1}: s = %{{x:.3f}}<extra></extra>",
            )
        )  # fmt: skip
        y += len(vals) + 6
    fig.add_vline(
        x=float(values.mean()), line={"dash": "dash", "color": "black"},
        annotation_text=f"mean {values.mean():.3f}", annotation_font={"size": 14},
    )  # fmt: skip
    fig.update_layout(
        height=360, font=FONT, margin={"l": 50, "r": 10, "t": 40, "b": 50}, showlegend=False, bargap=0,
        title={"text": "Each point's silhouette (final clusters)", "font": {"size": 16}},
        xaxis={"title": "silhouette s", "range": [min(-0.2, float(values.min()) - 0.05), 1]},
        yaxis={"title": "points, by cluster", "showticklabels": False},
    )  # fmt: skip
    return fig


def mixture_figure(x: np.ndarray, result: MixtureComparison) -> go.Figure:
    """k-means (left) and the Gaussian mixture with its 2-sigma ellipses (right), on the same axes."""
    fig = make_subplots(
        rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.04,
        subplot_titles=(
            f"k-means: adjusted Rand {result.kmeans_ari:.2f}",
            f"Gaussian mixture (EM): adjusted Rand {result.gmm_ari:.2f}",
        ),
    )  # fmt: skip
    frame = bounds(x)
    fig.add_trace(_labelled(x, result.kmeans_labels, None), row=1, col=1)
    fig.add_trace(_centroid_marks(result.kmeans_centers, "x", "centroid"), row=1, col=1)
    confidence = result.gmm_probabilities.max(axis=1)
    fig.add_trace(_labelled(x, result.gmm_labels, confidence), row=1, col=2)
    for j, (mean, cov) in enumerate(zip(result.means, result.covariances, strict=True)):
        ring = ellipse(mean, cov, 2.0)
        fig.add_trace(
            go.Scatter(
                x=ring[:, 0], y=ring[:, 1], mode="lines", line={"color": _color(j), "width": 3},
                hovertemplate=f"component {j + 1}: weight {result.weights[j]:.2f}<extra></extra>",
            ),
            row=1, col=2,
        )  # fmt: skip
    fig.add_trace(_centroid_marks(result.means, "x", "mean"), row=1, col=2)
    x0, x1, y0, y1 = frame
    fig.update_xaxes(title="x₁", range=[x0, x1], zeroline=False)
    fig.update_yaxes(range=[y0, y1], zeroline=False)
    fig.update_yaxes(title="x₂", row=1, col=1)
    fig.update_annotations(font={"size": 16})
    fig.update_layout(height=470, font=FONT, margin={"l": 60, "r": 10, "t": 40, "b": 50}, showlegend=False)
    return fig


def _labelled(x: np.ndarray, labels: np.ndarray, confidence: np.ndarray | None) -> go.Scatter:
    marker = _label_marker(labels, int(labels.max()) + 1, size=7)
    if confidence is not None:
        marker["opacity"] = np.clip(confidence, 0.25, 1.0)
    return go.Scatter(
        x=x[:, 0], y=x[:, 1], mode="markers", marker=marker, customdata=labels + 1,
        hovertemplate="(%{x:.2f}, %{y:.2f}), cluster %{customdata}<extra></extra>",
    )  # fmt: skip
