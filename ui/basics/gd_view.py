"""Gradient-descent-on-one-variable: the animated view, the verdict, the step table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.basics.functions import Function1D
from engine.basics.gd1d import Trace1D
from ui.basics.common import f3
from ui.basics.trace_view import TraceView

STATUS: dict[str, tuple[str, str]] = {
    "converged": ("converged", "ok"),
    "local minimum": ("local minimum", "warn"),
    "crawling": ("still crawling", "info"),
    "oscillating": ("oscillating", "warn"),
    "diverged": ("diverged", "bad"),
}
#: The message under the controls per verdict: (Streamlit call, template).
MESSAGES: dict[str, tuple[str, str]] = {
    "converged": ("success", "After {steps} steps: converged, x = {x} is the minimum (slope ≈ 0)."),
    "local minimum": (
        "warning",
        "After {steps} steps: stuck in a local minimum at x = {x}; the slope is 0 but a deeper valley exists.",
    ),
    "crawling": ("info", "Still moving after {steps} steps (x = {x}): a larger learning rate or more steps."),
    "oscillating": (
        "warning",
        "After {steps} steps: still oscillating around the minimum (x = {x}); the learning rate is too big.",
    ),
    "diverged": ("error", "Diverged: learning rate too high. x ran away to {x}; lower it and press Reset."),
}
LINE = {"color": "#555", "width": 3}
PATH = "#f28e2b"
NOW = "#0877bd"


def verdict_message(verdict: str, trace: Trace1D) -> tuple[str, str]:
    """(Streamlit call name, text) that sums up the run."""
    kind, template = MESSAGES[verdict]
    return kind, template.format(x=f3(float(trace.xs[-1])), steps=trace.steps)


def view_ranges(fn: Function1D, trace: Trace1D) -> tuple[tuple[float, float], tuple[float, float]]:
    """Fixed axes (no jumping): the function's range, widened to show a run that leaves it (bounded)."""
    lo, hi = fn.x_range
    width = hi - lo
    xs = trace.xs[np.isfinite(trace.xs)]
    lo = max(min(lo, float(xs.min()) - 0.05 * width), fn.x_range[0] - 2 * width)
    hi = min(max(hi, float(xs.max()) + 0.05 * width), fn.x_range[1] + 2 * width)
    grid = np.linspace(lo, hi, 400)
    ys = fn(grid)
    pad = 0.06 * (ys.max() - ys.min())
    return (lo, hi), (float(ys.min() - pad), float(ys.max() + pad))


def _tangent(fn: Function1D, x: float, half: float) -> tuple[np.ndarray, np.ndarray]:
    xs = np.array([x - half, x + half])
    return xs, float(fn(x)) + float(fn.grad(x)) * (xs - x)


def _minima_trace(fn: Function1D) -> go.Scatter:
    minima = np.array(fn.minima)
    values = fn(minima)
    best = int(np.argmin(values))
    return go.Scatter(
        x=list(minima),
        y=list(values),
        mode="markers",
        name="minimum (green: global, grey: local)",
        marker={
            "symbol": "star",
            "size": 16,
            "color": ["#1f9d55" if i == best else "#8a919c" for i in range(len(minima))],
        },
    )


def _figure(fn: Function1D, trace: Trace1D, half: float) -> go.Figure:
    """Traces: 0 f(x), 1 minima, 2 path, 3 tangent, 4 current point, 5 f(x) per step."""
    (xlo, xhi), (ylo, yhi) = view_ranges(fn, trace)
    grid = np.linspace(xlo, xhi, 400)
    x0, y0 = trace.xs[0], trace.ys[0]
    fig = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.62, 0.38],
        horizontal_spacing=0.09,
        subplot_titles=("f(x) and the descent", "f(x) after each step"),
    )
    tx, ty = _tangent(fn, x0, half)
    for item in (
        go.Scatter(x=grid, y=fn(grid), mode="lines", name="f(x)", line=LINE),
        _minima_trace(fn),
        go.Scatter(
            x=[x0],
            y=[y0],
            mode="lines+markers",
            name="path",
            line={"color": PATH, "width": 1.5, "dash": "dot"},
            marker={"size": 8, "color": PATH},
        ),
        go.Scatter(
            x=tx, y=ty, mode="lines", name="tangent (slope f′(x))", line={"color": "#d1342f", "width": 3}
        ),
        go.Scatter(x=[x0], y=[y0], mode="markers", name="x now", marker={"size": 15, "color": NOW}),
    ):
        fig.add_trace(item, 1, 1)
    fig.add_trace(
        go.Scatter(
            x=[0], y=[y0], mode="lines+markers", name="f(x) per step", line={"color": NOW}, showlegend=False
        ),
        1,
        2,
    )
    y_lo, y_hi = float(np.min(trace.ys)), float(np.max(trace.ys))
    span = max(y_hi - y_lo, 1e-9)
    fig.update_xaxes(range=[xlo, xhi], title_text="x", row=1, col=1)
    fig.update_yaxes(range=[ylo, yhi], title_text="f(x)", row=1, col=1)
    fig.update_xaxes(range=[-0.5, max(len(trace.xs) - 0.5, 1)], title_text="step", row=1, col=2)
    fig.update_yaxes(range=[y_lo - 0.05 * span, y_hi + 0.05 * span], title_text="f(x)", row=1, col=2)
    fig.update_layout(
        height=470,
        margin={"l": 60, "r": 20, "t": 40, "b": 50},
        legend={"orientation": "h", "y": -0.18},
    )
    return fig


def _step_text(trace: Trace1D, i: int) -> str:
    """The update that led to frame ``i``, written out with its numbers (HTML)."""
    xs, gs, lr = trace.xs, trace.grads, trace.lr
    if i == 0:
        text = f"Start: x = {f3(xs[0])}, slope f′(x) = {f3(gs[0])}. Press Step or Play."
    else:
        text = (
            f"Step {i}: x<sub>new</sub> = x − lr · f′(x) = {f3(xs[i - 1])} − {f3(lr)} × "
            f"({f3(gs[i - 1])}) = <span class='hl'>{f3(xs[i])}</span>"
        )
    if i == len(xs) - 1 and trace.diverged_at is not None:
        nxt = xs[i] - lr * gs[i]
        text += (
            f"<br>Next: {f3(xs[i])} − {f3(lr)} × ({f3(gs[i])}) = {f3(nxt)}"
            " <span class='warn'>→ diverged: learning rate too high</span>"
        )
    return text


def _step_status(trace: Trace1D, i: int, verdict: str) -> tuple[str, str]:
    if i == len(trace.xs) - 1:
        return STATUS.get(verdict, (verdict, "info"))
    if i > 0 and trace.ys[i] > trace.ys[i - 1]:
        return ("loss rising!", "bad")
    return ("descending", "info")


def build_view(fn: Function1D, trace: Trace1D, verdict: str) -> TraceView:
    """Left: f(x), the path, the current point and its tangent; right: f(x) per step."""
    (xlo, xhi), _ = view_ranges(fn, trace)
    half = 0.12 * (xhi - xlo)
    n = len(trace.xs)
    view = TraceView(
        _figure(fn, trace, half),
        n,
        text=[_step_text(trace, i) for i in range(n)],
        status=[_step_status(trace, i, verdict) for i in range(n)],
    )
    view.add_prefix(2, trace.xs, trace.ys)
    tans = [_tangent(fn, x, half) for x in trace.xs]
    view.add_frames(3, [t[0] for t in tans], [t[1] for t in tans])
    view.add_frames(4, [[x] for x in trace.xs], [[y] for y in trace.ys])
    view.add_prefix(5, np.arange(n), trace.ys)
    view.add_stat("x", [f3(x) for x in trace.xs])
    view.add_stat("f(x)", [f3(y) for y in trace.ys])
    view.add_stat("slope f′(x)", [f3(g) for g in trace.grads])
    if verdict == "diverged":
        view.final_message = (
            "Diverged: learning rate too high. Each step overshoots the minimum by more than the "
            "last, so x runs away. Lower the learning rate (or press a preset) and play again."
        )
    return view


def step_table(trace: Trace1D, rows: int = 12) -> pd.DataFrame:
    """The first ``rows`` updates as a table (step, x, f(x), f'(x), lr·f'(x), new x)."""
    k = min(rows, len(trace.xs))
    xs, gs, lr = trace.xs[:k], trace.grads[:k], trace.lr
    return pd.DataFrame(
        {
            "step": np.arange(1, k + 1),
            "x": xs,
            "f(x)": trace.ys[:k],
            "f′(x)": gs,
            "lr · f′(x)": lr * gs,
            "new x = x − lr·f′(x)": xs - lr * gs,
        }
    )
