"""Linear regression page, section 3: the gradient-descent player (line, contours, loss, surface)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.basics import linear
from engine.basics.gd import loss_exploding
from engine.basics.linear_fit import Fit1D
from ui.basics.common import f3, frame_indices
from ui.basics.linear_hand import COLORS
from ui.basics.trace_view import TraceView

STAR = {"symbol": "star", "size": 18, "color": COLORS["best"], "line": {"color": "#fff", "width": 1}}


def _span(values: np.ndarray, centre: float) -> tuple[float, float]:
    lo, hi = float(values.min()), float(values.max())
    width = max(hi - lo, 1e-6)
    limit = 6 * max(abs(centre), width / 6, 1e-3)  # a diverging path must not squash the bowl
    lo, hi = max(lo, centre - limit), min(hi, centre + limit)
    pad = 0.15 * (hi - lo)
    return lo - pad, hi + pad


def surface_ranges(fit: Fit1D, square: bool) -> tuple[np.ndarray, np.ndarray]:
    """The (w, b) grid of the contour and surface plots: around the path and the minimum."""
    th = fit.trace.thetas
    wl, wh = _span(np.concatenate([th[:, 0], [fit.best_scaled[0], 0.0]]), fit.best_scaled[0])
    bl, bh = _span(np.concatenate([th[:, 1], [fit.best_scaled[1], 0.0]]), fit.best_scaled[1])
    if square:  # the same extent on both axes, so an equal-scale plot is filled
        half = max(wh - wl, bh - bl) / 2
        wc, bc = (wl + wh) / 2, (bl + bh) / 2
        wl, wh, bl, bh = wc - half, wc + half, bc - half, bc + half
    return np.linspace(wl, wh, 45), np.linspace(bl, bh, 45)


def _line_grid(fit: Fit1D) -> np.ndarray:
    span = np.ptp(fit.ds.x) or 1.0
    return np.array([fit.ds.x.min() - 0.05 * span, fit.ds.x.max() + 0.05 * span])


def _data_panel(fig: go.Figure, fit: Fit1D) -> None:
    """Traces 0 data, 1 best line, 2 current line (row 1, col 1)."""
    ds, best, grid = fit.ds, fit.best, _line_grid(fit)
    w0, b0 = fit.unscaled(0)
    for item in (
        go.Scatter(x=ds.x, y=ds.y, mode="markers", name="data", marker={"size": 9, "color": COLORS["data"]}),
        go.Scatter(
            x=grid,
            y=best[0] * grid + best[1],
            mode="lines",
            name="normal equation",
            line={"color": COLORS["best"], "dash": "dash"},
        ),
        go.Scatter(
            x=grid,
            y=w0 * grid + b0,
            mode="lines",
            name="gradient descent",
            line={"color": COLORS["line"], "width": 3},
        ),
    ):
        fig.add_trace(item, 1, 1)
    ys = np.concatenate([ds.y, best[0] * grid + best[1]])
    pad = 0.2 * (np.ptp(ys) or 1.0)
    fig.update_yaxes(range=[float(ys.min() - pad), float(ys.max() + pad)], title_text=ds.y_name, row=1, col=1)
    fig.update_xaxes(title_text=ds.x_name, row=1, col=1)


def _contour_panel(
    fig: go.Figure, fit: Fit1D, ws: np.ndarray, bs: np.ndarray, loss: np.ndarray, unit: str
) -> None:
    """Traces 3 contour, 4 minimum, 5 path, 6 current point (row 1, col 2)."""
    hover = "w %{x:.4g}<br>b %{y:.4g}<br>log₁₀ MSE %{z:.3f}<extra></extra>"
    for item in (
        go.Contour(
            x=ws,
            y=bs,
            z=np.log10(loss + 1e-12),
            colorscale="Blues",
            reversescale=True,
            ncontours=25,
            showscale=False,
            name="log₁₀ MSE",
            hovertemplate=hover,
        ),
        go.Scatter(
            x=[fit.best_scaled[0]],
            y=[fit.best_scaled[1]],
            mode="markers",
            name="closed form (minimum)",
            marker=STAR,
        ),
        go.Scatter(
            x=[0],
            y=[0],
            mode="lines+markers",
            name="descent path",
            line={"color": COLORS["line"], "width": 2},
            marker={"size": 5, "color": COLORS["line"]},
        ),
        go.Scatter(
            x=[0], y=[0], mode="markers", name="(w, b) now", marker={"size": 13, "color": COLORS["resid"]}
        ),
    ):
        fig.add_trace(item, 1, 2)
    fig.update_xaxes(range=[float(ws[0]), float(ws[-1])], title_text="w" + unit, row=1, col=2)
    fig.update_yaxes(range=[float(bs[0]), float(bs[-1])], title_text="b", row=1, col=2)
    if unit:  # equal scales: the bowl's true shape (round once x is standardized)
        fig.update_yaxes(scaleanchor="x2", scaleratio=1, row=1, col=2)
        fig.update_xaxes(constrain="domain", row=1, col=2)


def _loss_panel(fig: go.Figure, losses: np.ndarray, steps: int) -> None:
    """Trace 7: the MSE per update, log scale (row 2, col 1)."""
    fig.add_trace(
        go.Scatter(
            x=[0],
            y=[losses[0]],
            mode="lines",
            name="MSE",
            line={"color": COLORS["data"], "width": 2},
            showlegend=False,
        ),
        2,
        1,
    )
    fig.update_xaxes(range=[0, max(steps, 1)], title_text="update", row=2, col=1)
    finite = losses[np.isfinite(losses)]
    low, high = np.log10(max(finite.min(), 1e-9)), np.log10(max(finite.max(), 1e-9))
    fig.update_yaxes(
        type="log", range=[float(low - 0.2), float(high + 0.2)], title_text="MSE (log scale)", row=2, col=1
    )


def _surface_panel(fig: go.Figure, ws: np.ndarray, bs: np.ndarray, loss: np.ndarray, start: float) -> None:
    """Traces 8 surface, 9 path in 3-D (row 2, col 2)."""
    fig.add_trace(
        go.Surface(
            x=ws,
            y=bs,
            z=loss,
            colorscale="Blues",
            reversescale=True,
            showscale=False,
            opacity=0.85,
            name="MSE",
        ),
        2,
        2,
    )
    fig.add_trace(
        go.Scatter3d(
            x=[0],
            y=[0],
            z=[start],
            mode="lines+markers",
            name="path (3-D)",
            line={"color": COLORS["line"], "width": 6},
            marker={"size": 3, "color": COLORS["line"]},
            showlegend=False,
        ),
        2,
        2,
    )
    fig.update_scenes(
        xaxis_title="w", yaxis_title="b", zaxis_title="MSE", camera={"eye": {"x": 1.6, "y": -1.6, "z": 0.9}}
    )


def gd_figure(fit: Fit1D, scaling: str) -> go.Figure:
    """2x2: data + moving line, contour + path, loss curve, 3-D surface + path (first frame)."""
    unit = "" if scaling == "none" else " (scaled x)"
    fig = make_subplots(
        rows=2,
        cols=2,
        specs=[[{"type": "xy"}, {"type": "xy"}], [{"type": "xy"}, {"type": "scene"}]],
        subplot_titles=(
            "Data and the current line",
            f"Loss contours over (w, b){unit}",
            "MSE per update",
            "Loss surface",
        ),
        horizontal_spacing=0.1,
        vertical_spacing=0.12,
    )
    ws, bs = surface_ranges(fit, square=scaling != "none")
    loss = linear.loss_grid(fit.xs, fit.ds.y, ws, bs)
    _data_panel(fig, fit)
    _contour_panel(fig, fit, ws, bs, loss, unit)
    _loss_panel(fig, fit.trace.losses[frame_indices(fit.trace.steps)], fit.trace.steps)
    _surface_panel(fig, ws, bs, loss, float(fit.trace.losses[0]))
    fig.update_layout(
        height=820,
        margin={"l": 60, "r": 20, "t": 40, "b": 40},
        legend={"orientation": "h", "y": 1.08, "x": 0},
    )
    return fig


def _update_text(fit: Fit1D, k: int) -> str:
    """Update ``k`` written out with its numbers (HTML)."""
    trace, th = fit.trace, fit.trace.thetas
    if k == 0:
        return (
            f"Start: w = {f3(th[0, 0])}, b = {f3(th[0, 1])}, MSE = {f3(trace.losses[0])}. "
            f"Each update uses {trace.batch_size} of {len(fit.ds.y)} rows."
        )
    g, prev, lr = trace.grads[k - 1], th[k - 1], f3(trace.lr)
    return (
        f"Update {k} (epoch {trace.epochs[k]:.2f}): "
        f"w = w − lr·∂L/∂w = {f3(prev[0])} − {lr} × ({f3(g[0])}) = <span class='hl'>{f3(th[k, 0])}</span>; "
        f"b = {f3(prev[1])} − {lr} × ({f3(g[1])}) = <span class='hl'>{f3(th[k, 1])}</span>"
    )


def _final_message(fit: Fit1D, scaling: str) -> str:
    if not loss_exploding(fit.trace):
        return ""
    at = fit.trace.diverged_at
    return (
        "Diverged: learning rate too high"
        + (f" (stopped at update {at}: the numbers overflowed)" if at else "")
        + ". Every step overshoots the bottom of the bowl. Lower the learning rate"
        + (" or scale the feature" if scaling == "none" else "")
        + ", then play again."
    )


def build_gd_view(fit: Fit1D, scaling: str) -> TraceView:
    """The player: the figure, then per frame the line, the path and the update in numbers."""
    trace = fit.trace
    idx = frame_indices(trace.steps)
    n = len(idx)
    done = ("diverged", "bad") if loss_exploding(trace) else ("done", "ok")
    view = TraceView(
        gd_figure(fit, scaling),
        n,
        text=[_update_text(fit, int(k)) for k in idx],
        status=[("training", "info")] * (n - 1) + [done],
        counter_label="Update",
        interval_ms=100,
    )
    th, losses, grid = trace.thetas[idx], trace.losses[idx], _line_grid(fit)
    lines = [fit.unscaled(int(k)) for k in idx]
    view.add_frames(2, [grid] * n, [w * grid + b for w, b in lines])
    view.add_prefix(5, th[:, 0], th[:, 1])
    view.add_frames(6, [[t[0]] for t in th], [[t[1]] for t in th])
    view.add_prefix(7, idx, losses)
    view.add_prefix(9, th[:, 0], th[:, 1], losses)
    view.counter = [f"{int(k)} / {trace.steps}" for k in idx]
    view.add_stat("MSE", [f3(v) for v in losses])
    view.add_stat("epoch", [f"{trace.epochs[int(k)]:.2f}" for k in idx])
    view.final_message = _final_message(fit, scaling)
    return view
