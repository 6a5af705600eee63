"""Pure plotly figure builders of the k-means page (data in, ``go.Figure`` out).

Each figure is assembled as plain dicts and built with one ``go.Figure(data, layout)`` call:
plotly validates it once, where ``add_trace``/``add_vline``/``update_layout``/``make_subplots``
cost 5-10x more (a slider move must stay under 100 ms of server time).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from engine.classical.kmeans import KMeansTrace, StepView, assign
from engine.classical.kmeans_scan import N_INIT, KScan, MixtureComparison, ellipse

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


def _plane_axes(frame: tuple[float, float, float, float]) -> dict:
    x0, x1, y0, y1 = frame
    return {
        "xaxis": {"title": {"text": "x₁"}, "range": [x0, x1], "zeroline": False, "gridcolor": "#eef0f3"},
        "yaxis": {"title": {"text": "x₂"}, "range": [y0, y1], "zeroline": False, "gridcolor": "#eef0f3"},
    }


def _regions(frame: tuple[float, float, float, float], centroids: np.ndarray) -> dict:
    """The plane coloured by the nearest centroid (the assign step's borders)."""
    x0, x1, y0, y1 = frame
    gx, gy = np.linspace(x0, x1, GRID_N), np.linspace(y0, y1, GRID_N)
    mx, my = np.meshgrid(gx, gy)
    z = assign(np.column_stack([mx.ravel(), my.ravel()]), centroids).reshape(mx.shape)
    k = len(centroids)
    return {
        "type": "heatmap", "x": gx, "y": gy, "z": z, "zmin": 0, "zmax": max(k - 1, 1), "colorscale": _scale(k),
        "opacity": 0.16, "showscale": False, "hoverinfo": "skip",
    }  # fmt: skip


def _centroid_marks(
    centroids: np.ndarray, symbol: str, name: str, size: int = 20, numbered: bool = True, **axes: str
) -> dict:
    k = len(centroids)
    return {
        "type": "scatter",
        "x": centroids[:, 0],
        "y": centroids[:, 1],
        "mode": "markers+text" if numbered else "markers",
        "text": [str(j + 1) for j in range(k)],
        "textposition": "top right",
        "textfont": {"size": 16, "color": "black"},
        "marker": {
            "symbol": symbol,
            "size": size,
            "color": [_color(j) for j in range(k)],
            "line": {"width": 2, "color": "black"},
        },
        "name": name,
        "hovertemplate": name + " %{text}: (%{x:.2f}, %{y:.2f})<extra></extra>",
        "selected": SAME,
        "unselected": SAME,
        **axes,
    }


def _arrows(view: StepView) -> list[dict]:
    """After an update: an arrow from each previous centroid to its new place; re-seeded centroids said."""
    out = []
    if view.previous is not None:
        for old, new in zip(view.previous, view.centroids, strict=True):
            if np.hypot(*(new - old)) > 1e-9:
                out.append({
                    "x": new[0], "y": new[1], "ax": old[0], "ay": old[1], "xref": "x", "yref": "y",
                    "axref": "x", "ayref": "y", "showarrow": True, "arrowhead": 3, "arrowsize": 1.4,
                    "arrowwidth": 2, "arrowcolor": "black", "text": "",
                })  # fmt: skip
    for move in view.relocations:
        if move.rule == "farthest":
            out.append({
                "x": move.position[0], "y": move.position[1], "text": f"centroid {move.cluster + 1} re-seeded here",
                "showarrow": True, "arrowhead": 2, "ax": 40, "ay": -40, "font": {"size": 15}, "bgcolor": "white",
            })  # fmt: skip
    return out


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
    traces: list[dict] = []
    if view is not None and view.kind != "init":
        traces.append(_regions(frame, view.previous if view.kind == "update" else view.centroids))
    labels = None if view is None else view.labels
    style = {"size": 8, "line": {"width": 0.5, "color": "white"}}
    marker = {"color": GREY, **style} if labels is None else _label_marker(labels, len(shown), **style)
    traces.append({
        "type": "scatter", "x": x[:, 0], "y": x[:, 1], "mode": "markers", "name": "points", "marker": marker,
        "customdata": None if labels is None else labels + 1,
        "hovertemplate": "(%{x:.2f}, %{y:.2f})" + ("" if labels is None else ", cluster %{customdata}")
        + "<extra></extra>",
        "selected": SAME, "unselected": SAME,
    })  # fmt: skip
    if clickable:
        x0, x1, y0, y1 = frame
        gx, gy = np.meshgrid(np.linspace(x0, x1, PICK_N), np.linspace(y0, y1, PICK_N))
        traces.append({
            "type": "scatter", "x": gx.ravel(), "y": gy.ravel(), "mode": "markers", "name": "click",
            "marker": {"size": 14, "color": "rgba(0,0,0,0.01)"},
            "hovertemplate": "place a centroid here: (%{x:.2f}, %{y:.2f})<extra></extra>",
            "selected": SAME, "unselected": SAME,
        })  # fmt: skip
    if view is not None and view.previous is not None:
        traces.append(_centroid_marks(view.previous, "circle-open", "previous centroid", 16, numbered=False))
    if shown is not None and len(shown):
        traces.append(_centroid_marks(shown, "x", "centroid"))
    layout = {
        "height": 540, "margin": {"l": 60, "r": 10, "t": 10, "b": 50}, "plot_bgcolor": "white",
        "showlegend": False, **_plane_axes(frame),
    }  # fmt: skip
    notes = [] if view is None else _arrows(view)
    if notes:
        layout["annotations"] = notes
    if clickable:
        layout.update(clickmode="event+select", dragmode=False)
    return go.Figure(data=traces, layout=layout)


def _vline(x: float, line: dict, text: str, font: dict, top: bool = True) -> tuple[dict, dict]:
    """A vertical line over the whole plot and its label (what ``add_vline`` makes, without its cost)."""
    shape = {
        "type": "line",
        "x0": x,
        "x1": x,
        "xref": "x",
        "y0": 0,
        "y1": 1,
        "yref": "y domain",
        "line": line,
    }
    if top:  # annotation_position "top"
        note = {"xanchor": "center", "y": 1, "yanchor": "bottom"}
    else:  # the default: "top right"
        note = {"xanchor": "left", "y": 1, "yanchor": "top"}
    note.update(x=x, xref="x", yref="y domain", text=text, showarrow=False, font=font)
    return shape, note


def inertia_figure(trace: KMeansTrace, step: int, reference: float | None) -> go.Figure:
    """The objective after every half-step (odd: assign, even: update) and the current step."""
    values = trace.inertias()
    steps = np.arange(1, len(values) + 1)
    traces = [
        {
            "type": "scatter", "x": steps, "y": values, "mode": "lines+markers", "name": "inertia",
            "marker": {"size": 8, "color": ["#1f77b4" if s % 2 else "#ff7f0e" for s in steps]},
            "line": {"color": "#5f6673"},
            "hovertemplate": "step %{x}: inertia %{y:.2f}<extra></extra>",
        }
    ]  # fmt: skip
    if step >= 1:
        traces.append({
            "type": "scatter", "x": [step], "y": [values[step - 1]], "mode": "markers", "name": "now",
            "marker": {"size": 18, "symbol": "circle-open", "color": "black", "line": {"width": 3}},
            "hoverinfo": "skip",
        })  # fmt: skip
    layout = {
        "height": 330,
        "margin": {"l": 70, "r": 10, "t": 30, "b": 50},
        "showlegend": False,
        "xaxis": {
            "title": {"text": "step (blue: assign, orange: update)"},
            "dtick": max(1, len(values) // 10),
        },
        "yaxis": {"title": {"text": "inertia"}},
    }
    if reference is not None:  # what add_hline(annotation_position="top right") makes
        layout["shapes"] = [{
            "type": "line", "x0": 0, "x1": 1, "xref": "x domain", "y0": reference, "y1": reference, "yref": "y",
            "line": {"dash": "dash", "color": "#2ca02c", "width": 2},
        }]  # fmt: skip
        layout["annotations"] = [{
            "x": 1, "xanchor": "right", "xref": "x domain", "y": reference, "yanchor": "bottom", "yref": "y",
            "text": f"best of {N_INIT} k-means++ starts", "showarrow": False, "font": {"size": 14, "color": "#2ca02c"},
        }]  # fmt: skip
    return go.Figure(data=traces, layout=layout)


def _k_layout(title: str, y_title: str, k: int, shapes=(), notes=()) -> dict:
    mark, note = _vline(k, {"dash": "dot", "color": "#5f6673"}, f"your k = {k}", {"size": 14})
    return {
        "height": 360, "margin": {"l": 70, "r": 10, "t": 40, "b": 50}, "showlegend": False,
        "title": {"text": title, "font": {"size": 16}},
        "xaxis": {"title": {"text": "k"}, "dtick": 1}, "yaxis": {"title": {"text": y_title}},
        "shapes": [*shapes, mark], "annotations": [*notes, note],
    }  # fmt: skip


def elbow_figure(scan: KScan, k: int) -> go.Figure:
    """Inertia of scikit-learn's KMeans over k, the chosen k marked."""
    line = {
        "type": "scatter", "x": scan.ks, "y": scan.inertias, "mode": "lines+markers", "marker": {"size": 9},
        "hovertemplate": "k = %{x}: inertia %{y:.1f}<extra></extra>",
    }  # fmt: skip
    return go.Figure(data=[line], layout=_k_layout("Elbow: inertia vs k", "inertia", k))


def silhouette_k_figure(scan: KScan, k: int) -> go.Figure:
    """Mean silhouette over k (k >= 2), the best and the chosen k marked."""
    ok = ~np.isnan(scan.silhouettes)
    traces = [
        {
            "type": "scatter", "x": scan.ks[ok], "y": scan.silhouettes[ok], "mode": "lines+markers",
            "marker": {"size": 9, "color": "#9467bd"},
            "hovertemplate": "k = %{x}: mean silhouette %{y:.3f}<extra></extra>",
        }
    ]  # fmt: skip
    best = scan.best_silhouette_k
    if best is not None:
        traces.append({
            "type": "scatter", "x": [best], "y": [scan.silhouettes[best - 1]], "mode": "markers+text",
            "text": [f"best k = {best}"], "textposition": "bottom center",
            "marker": {"size": 16, "symbol": "star", "color": "#d62728"}, "hoverinfo": "skip",
        })  # fmt: skip
    return go.Figure(data=traces, layout=_k_layout("Mean silhouette vs k", "mean silhouette", k))


def silhouette_diagram(values: np.ndarray, labels: np.ndarray) -> go.Figure:
    """Every point's silhouette as a bar, grouped by cluster and sorted; the mean dashed."""
    traces = []
    y = 0
    for j in np.unique(labels):
        vals = np.sort(values[labels == j])
        traces.append({
            "type": "bar", "x": vals, "y": np.arange(y, y + len(vals)), "orientation": "h", "width": 1.0,
            "marker": {"color": _color(j), "line": {"width": 0}}, "name": f"cluster {j + 1}",
            "hovertemplate": f"cluster {j + 1}: s = %{{x:.3f}}<extra></extra>",
        })  # fmt: skip
        y += len(vals) + 6
    mean = float(values.mean())
    shape, note = _vline(
        mean, {"dash": "dash", "color": "black"}, f"mean {values.mean():.3f}", {"size": 14}, top=False
    )
    layout = {
        "height": 360, "margin": {"l": 50, "r": 10, "t": 40, "b": 50}, "showlegend": False, "bargap": 0,
        "title": {"text": "Each point's silhouette (final clusters)", "font": {"size": 16}},
        "xaxis": {"title": {"text": "silhouette s"}, "range": [min(-0.2, float(values.min()) - 0.05), 1]},
        "yaxis": {"title": {"text": "points, by cluster"}, "showticklabels": False},
        "shapes": [shape], "annotations": [note],
    }  # fmt: skip
    return go.Figure(data=traces, layout=layout)


def mixture_figure(x: np.ndarray, result: MixtureComparison) -> go.Figure:
    """k-means (left) and the Gaussian mixture with its 2-sigma ellipses (right), on the same axes."""
    left, right = {"xaxis": "x", "yaxis": "y"}, {"xaxis": "x2", "yaxis": "y2"}
    confidence = result.gmm_probabilities.max(axis=1)
    traces = [
        _labelled(x, result.kmeans_labels, None, **left),
        _centroid_marks(result.kmeans_centers, "x", "centroid", **left),
        _labelled(x, result.gmm_labels, confidence, **right),
    ]
    for j, (mean, cov) in enumerate(zip(result.means, result.covariances, strict=True)):
        ring = ellipse(mean, cov, 2.0)
        traces.append({
            "type": "scatter", "x": ring[:, 0], "y": ring[:, 1], "mode": "lines",
            "line": {"color": _color(j), "width": 3},
            "hovertemplate": f"component {j + 1}: weight {result.weights[j]:.2f}<extra></extra>", **right,
        })  # fmt: skip
    traces.append(_centroid_marks(result.means, "x", "mean", **right))
    x0, x1, y0, y1 = bounds(x)
    axis_x = {"title": {"text": "x₁"}, "range": [x0, x1], "zeroline": False}
    axis_y = {"range": [y0, y1], "zeroline": False}
    titles = (
        (0.24, f"k-means: adjusted Rand {result.kmeans_ari:.2f}"),
        (0.76, f"Gaussian mixture (EM): adjusted Rand {result.gmm_ari:.2f}"),
    )
    layout = {
        "xaxis": {"anchor": "y", "domain": [0.0, 0.48], **axis_x},
        "yaxis": {"anchor": "x", "domain": [0.0, 1.0], **axis_y, "title": {"text": "x₂"}},
        "xaxis2": {"anchor": "y2", "domain": [0.52, 1.0], **axis_x},
        "yaxis2": {"anchor": "x2", "domain": [0.0, 1.0], "matches": "y", "showticklabels": False, **axis_y},
        "annotations": [
            {"font": {"size": 16}, "showarrow": False, "text": text, "x": at, "xanchor": "center", "xref": "paper",
             "y": 1.0, "yanchor": "bottom", "yref": "paper"}
            for at, text in titles
        ],
        "height": 470, "margin": {"l": 60, "r": 10, "t": 40, "b": 50}, "showlegend": False,
    }  # fmt: skip
    return go.Figure(data=traces, layout=layout)


def _labelled(x: np.ndarray, labels: np.ndarray, confidence: np.ndarray | None, **axes: str) -> dict:
    marker = _label_marker(labels, int(labels.max()) + 1, size=7)
    if confidence is not None:
        marker["opacity"] = np.clip(confidence, 0.25, 1.0)
    return {
        "type": "scatter", "x": x[:, 0], "y": x[:, 1], "mode": "markers", "marker": marker,
        "customdata": labels + 1, "hovertemplate": "(%{x:.2f}, %{y:.2f}), cluster %{customdata}<extra></extra>",
        **axes,
    }  # fmt: skip
