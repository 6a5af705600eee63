"""Pure plotly figures of the kNN page: data in, ``go.Figure`` out.

Each figure is assembled as plain dicts and built with one ``go.Figure(data, layout)`` call:
plotly validates it once (about 10 ms), where ``add_trace``/``update_*`` calls cost ~10x more
(a slider move must stay under 100 ms of server time).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from engine.classical.knn import KFoldCurve, LazyTimes, Probe, Timing
from engine.classical.knn_mnist import MnistCurve

CLASS_COLORS = ("#e8871e", "#1f77b4", "#2ca02c", "#9467bd")
LIGHT = ("#fbe3c6", "#cfe2f3", "#d4ecd4", "#e4daf0")
PICK_GRID = 49  #: clickable points per axis of the plane
_PICK = np.meshgrid(np.linspace(-6, 6, PICK_GRID), np.linspace(-6, 6, PICK_GRID))


def _figure(traces: list[dict], height: int, **layout) -> go.Figure:
    base = {
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 40, "b": 55},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "font": {"size": 14}},
    }
    base.update(layout)
    return go.Figure(data=traces, layout=base)


def _mix(a: str, b: str, t: float) -> str:
    ca = np.array([int(a[i : i + 2], 16) for i in (1, 3, 5)])
    cb = np.array([int(b[i : i + 2], 16) for i in (1, 3, 5)])
    r, g, bl = np.round(ca + (cb - ca) * t).astype(int)
    return f"rgb({r},{g},{bl})"


def _class_scale(n_classes: int) -> list:
    """Band c of [0, n_classes] goes from the class's light tint (a split vote) to a stronger one (unanimous)."""
    scale = []
    for c in range(n_classes):
        lo, hi = c / n_classes, (c + 1) / n_classes
        scale += [
            [lo, LIGHT[c]],
            [hi - 1e-6 if c < n_classes - 1 else hi, _mix(LIGHT[c], CLASS_COLORS[c], 0.45)],
        ]
    return scale


def _point_traces(data, show_test: bool) -> list[dict]:
    n_gen = len(data.x_train) - data.n_added
    groups = [
        (data.x_train[:n_gen], data.y_train[:n_gen], "train", "circle", 8, True),
        (data.x_train[n_gen:], data.y_train[n_gen:], "clicked", "star", 15, True),
    ]
    if show_test:
        groups.insert(1, (data.x_test, data.y_test, "test", "circle-open", 8, False))
    out = []
    for cls in range(data.n_classes):
        for x, y, name, symbol, size, filled in groups:
            m = y == cls
            if not m.any():
                continue
            color = CLASS_COLORS[cls]
            out.append(
                {
                    "type": "scatter",
                    "x": x[m, 0],
                    "y": x[m, 1],
                    "mode": "markers",
                    "name": f"class {cls} ({name})",
                    "marker": {
                        "symbol": symbol,
                        "size": size,
                        "color": color,
                        "line": {"width": 1 if filled else 2, "color": "white" if filled else color},
                    },
                    "hovertemplate": f"class {cls} ({name}): (%{{x:.2f}}, %{{y:.2f}})<extra></extra>",
                }
            )
    return out


def _probe_traces(data, probe: Probe) -> list[dict]:
    px, py = probe.point
    pts = data.x_train[probe.idx]
    gap = np.full(len(pts), np.nan)
    xs = np.column_stack([np.full(len(pts), px), pts[:, 0], gap]).ravel()
    ys = np.column_stack([np.full(len(pts), py), pts[:, 1], gap]).ravel()
    return [
        {
            "type": "scatter",
            "x": xs,
            "y": ys,
            "mode": "lines",
            "line": {"color": "#222", "width": 1.5},
            "hoverinfo": "skip",
            "showlegend": False,
        },
        {
            "type": "scatter",
            "x": pts[:, 0],
            "y": pts[:, 1],
            "mode": "markers",
            "name": "the k neighbours",
            "marker": {"symbol": "circle-open", "size": 17, "color": "#222", "line": {"width": 2}},
            "customdata": np.column_stack([probe.dist, probe.labels]),
            "hovertemplate": "neighbour: class %{customdata[1]:.0f}, d = %{customdata[0]:.3f}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": [px],
            "y": [py],
            "mode": "markers",
            "name": f"query → class {probe.winner}",
            "marker": {
                "symbol": "x",
                "size": 18,
                "color": CLASS_COLORS[probe.winner],
                "line": {"width": 2, "color": "#111"},
            },
            "hovertemplate": "query (%{x:.2f}, %{y:.2f})<extra></extra>",
        },
    ]


def plane_figure(
    axis: np.ndarray,
    pred: np.ndarray,
    share: np.ndarray,
    data,
    probe: Probe,
    *,
    show_test: bool,
    metric_label: str,
    k: int,
) -> go.Figure:
    """The plane coloured by the k-vote (stronger colour = more unanimous), the points, and the query's neighbours."""
    c = data.n_classes
    lowest = 1.0 / c
    z = pred + np.clip((share - lowest) / (1 - lowest), 0, 1) * 0.999
    traces = [
        {
            "type": "heatmap",
            "x": axis,
            "y": axis,
            "z": z,
            "zmin": 0,
            "zmax": c,
            "colorscale": _class_scale(c),
            "showscale": False,
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "x": _PICK[0].ravel(),
            "y": _PICK[1].ravel(),
            "mode": "markers",
            "marker": {"size": 9, "color": "rgba(0,0,0,0.01)"},
            "showlegend": False,
            "hovertemplate": "click: (%{x:.2f}, %{y:.2f})<extra></extra>",
        },
        *_point_traces(data, show_test),
        *_probe_traces(data, probe),
    ]
    return _figure(
        traces,
        600,
        clickmode="event+select",
        dragmode=False,
        showlegend=True,
        xaxis={"title": {"text": "x₁"}, "range": [-6, 6], "constrain": "domain"},
        yaxis={"title": {"text": "x₂"}, "range": [-6, 6], "scaleanchor": "x", "scaleratio": 1},
        legend={
            "orientation": "v",
            "x": 1.02,
            "y": 1.0,
            "yanchor": "top",
            "font": {"size": 14},
            "title": {"text": f"k = {k}, {metric_label}"},
        },
    )


def kfold_figure(curve: KFoldCurve, k: int, folds: int) -> go.Figure:
    """Training and validation accuracy vs k (each fold faint), the best k and the current k marked."""
    traces = [
        {
            "type": "scatter",
            "x": curve.ks,
            "y": row,
            "mode": "lines",
            "line": {"color": "rgba(31,119,180,0.22)", "width": 1},
            "name": "each validation fold",
            "showlegend": i == 0,
            "hoverinfo": "skip",
        }
        for i, row in enumerate(curve.val_folds)
    ]
    if curve.train_acc is not None:
        traces.append(
            {
                "type": "scatter",
                "x": curve.ks,
                "y": curve.train_acc,
                "mode": "lines+markers",
                "name": "training",
                "line": {"color": "#e8871e"},
            }
        )
    traces.append(
        {
            "type": "scatter",
            "x": curve.ks,
            "y": curve.val_acc,
            "mode": "lines+markers",
            "name": f"validation (mean of {folds} folds)",
            "line": {"color": "#1f77b4", "width": 3},
        }
    )
    best = curve.best_k
    shapes = [_vline(best, "#2ca02c", "dash")] + ([_vline(k, "#555", "dot")] if k <= curve.ks[-1] else [])
    return _figure(
        traces,
        420,
        hovermode="x unified",
        shapes=shapes,
        annotations=[
            {
                "x": best,
                "y": 0.02,
                "yref": "paper",
                "yanchor": "bottom",
                "xanchor": "left",
                "xshift": 4,
                "text": f"best k = {best}",
                "showarrow": False,
                "font": {"size": 15, "color": "#2ca02c"},
            }
        ],
        xaxis={"title": {"text": "k (neighbours that vote)"}},
        yaxis={"title": {"text": "accuracy"}, "tickformat": ".0%"},
    )


def _vline(x: float, color: str, dash: str) -> dict:
    return {
        "type": "line",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "line": {"color": color, "dash": dash},
    }


def lazy_figure(times: LazyTimes) -> go.Figure:
    """Fit vs predict time (ms) as the training set grows."""
    traces = [
        {
            "type": "scatter",
            "x": times.sizes,
            "y": np.array(vals) * 1000,
            "mode": "lines+markers",
            "name": name,
            "line": {"color": color, "width": 3},
        }
        for name, vals, color in (
            ("fit (stores the points)", times.fit_s, "#e8871e"),
            (f"predict {times.n_query:,} points", times.predict_s, "#1f77b4"),
        )
    ]
    return _figure(
        traces,
        400,
        xaxis={"title": {"text": "training points n"}},
        yaxis={"title": {"text": "time (ms)"}, "rangemode": "tozero"},
    )


def timing_figure(t: Timing) -> go.Figure:
    """Seconds per method on a log axis, each bar labelled with its time and its speed-up over two loops."""
    names = list(t.seconds)
    secs = np.array([t.seconds[n] for n in names])
    labels = [f"{s * 1000:,.1f} ms · {t.seconds['two loops'] / s:,.0f}× " for s in secs]
    bar = {
        "type": "bar",
        "x": secs,
        "y": names,
        "orientation": "h",
        "text": labels,
        "textposition": "outside",
        "cliponaxis": False,
        "marker": {"color": ["#d62728", "#ff7f0e", "#2ca02c", "#1f77b4"]},
    }
    return _figure(
        [bar],
        320,
        showlegend=False,
        margin={"l": 150, "r": 30, "t": 20, "b": 55},
        xaxis={
            "title": {"text": "seconds (log scale)"},
            "type": "log",
            "range": [float(np.log10(secs.min()) - 0.5), float(np.log10(secs.max()) + 1.2)],
        },
        yaxis={"autorange": "reversed"},
    )


def mnist_figure(curves: dict[str, MnistCurve], labels: dict[str, str], k: int) -> go.Figure:
    """Validation (5-fold) and test accuracy vs k on the digits, per distance; each validation's best k marked."""
    traces = []
    for (metric, curve), color in zip(curves.items(), ("#1f77b4", "#9467bd"), strict=False):
        ks, name = curve.cv.ks, labels[metric]
        traces += [
            {
                "type": "scatter",
                "x": ks,
                "y": curve.cv.val_acc,
                "mode": "lines+markers",
                "name": f"{name}: validation",
                "line": {"color": color},
            },
            {
                "type": "scatter",
                "x": ks,
                "y": curve.test_acc,
                "mode": "lines",
                "name": f"{name}: test",
                "line": {"color": color, "dash": "dash"},
            },
            {
                "type": "scatter",
                "x": [curve.best_k],
                "y": [curve.test_at_best],
                "mode": "markers",
                "marker": {"size": 14, "symbol": "star", "color": color},
                "name": f"best k = {curve.best_k}: test {curve.test_at_best:.1%}",
            },
        ]
    return _figure(
        traces,
        440,
        hovermode="x unified",
        shapes=[_vline(k, "#555", "dot")] if k <= 15 else [],
        xaxis={"title": {"text": "k (neighbours that vote)"}, "dtick": 1},
        yaxis={"title": {"text": "accuracy"}, "tickformat": ".1%"},
    )
