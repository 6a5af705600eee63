"""Gradient-descent-on-one-variable: the animated view, the step table and the code."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.basics.config import GDConfig
from engine.basics.functions import Function1D
from engine.basics.gd1d import Trace1D
from ui.basics.trace_view import TraceView

STATUS: dict[str, tuple[str, str]] = {
    "converged": ("converged", "ok"),
    "local minimum": ("local minimum", "warn"),
    "crawling": ("still crawling", "info"),
    "oscillating": ("oscillating", "warn"),
    "diverged": ("diverged", "bad"),
}


def f3(v: float) -> str:
    """A number for the formula: up to 4 decimals, scientific when huge or tiny, a real minus sign."""
    if not np.isfinite(v):
        return "∞"
    if v != 0 and (abs(v) >= 1e5 or abs(v) < 1e-3):
        text = f"{v:.3e}"
    else:
        text = f"{v:.4f}".rstrip("0").rstrip(".")
        text = "0" if text in ("", "-0") else text
    return text.replace("-", "−")


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


def build_view(fn: Function1D, cfg: GDConfig, trace: Trace1D, verdict: str) -> TraceView:
    """Left: f(x), the path, the current point and its tangent; right: f(x) per step."""
    (xlo, xhi), (ylo, yhi) = view_ranges(fn, trace)
    grid = np.linspace(xlo, xhi, 400)
    fig = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.62, 0.38],
        horizontal_spacing=0.09,
        subplot_titles=("f(x) and the descent", "f(x) after each step"),
    )
    fig.add_trace(
        go.Scatter(x=grid, y=fn(grid), mode="lines", name="f(x)", line={"color": "#555", "width": 3}), 1, 1
    )
    minima = np.array(fn.minima)
    values = fn(minima)
    best = int(np.argmin(values))
    fig.add_trace(
        go.Scatter(
            x=list(minima),
            y=list(values),
            mode="markers",
            name="minimum (green: global, grey: local)",
            marker={
                "symbol": "star",
                "size": 16,
                "color": ["#1f9d55" if i == best else "#8a919c" for i in range(len(minima))],
            },
        ),
        1,
        1,
    )
    # 2: path, 3: tangent, 4: current point, 5: loss curve, 6: loss current point
    fig.add_trace(
        go.Scatter(
            x=[trace.xs[0]],
            y=[trace.ys[0]],
            mode="lines+markers",
            name="path",
            line={"color": "#f28e2b", "width": 1.5, "dash": "dot"},
            marker={"size": 8, "color": "#f28e2b"},
        ),
        1,
        1,
    )
    half = 0.12 * (xhi - xlo)
    tx, ty = _tangent(fn, trace.xs[0], half)
    fig.add_trace(
        go.Scatter(
            x=tx, y=ty, mode="lines", name="tangent (slope f′(x))", line={"color": "#d1342f", "width": 3}
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Scatter(
            x=[trace.xs[0]],
            y=[trace.ys[0]],
            mode="markers",
            name="x now",
            marker={"size": 15, "color": "#0877bd"},
        ),
        1,
        1,
    )
    steps = np.arange(len(trace.xs))
    fig.add_trace(
        go.Scatter(
            x=[0],
            y=[trace.ys[0]],
            mode="lines+markers",
            name="f(x) per step",
            line={"color": "#0877bd"},
            showlegend=False,
        ),
        1,
        2,
    )
    ys = trace.ys
    y_lo, y_hi = float(np.min(ys)), float(np.max(ys))
    span = max(y_hi - y_lo, 1e-9)
    fig.update_xaxes(range=[xlo, xhi], title_text="x", row=1, col=1)
    fig.update_yaxes(range=[ylo, yhi], title_text="f(x)", row=1, col=1)
    fig.update_xaxes(range=[-0.5, max(len(steps) - 0.5, 1)], title_text="step", row=1, col=2)
    fig.update_yaxes(range=[y_lo - 0.05 * span, y_hi + 0.05 * span], title_text="f(x)", row=1, col=2)
    fig.update_layout(
        height=470,
        margin={"l": 60, "r": 20, "t": 40, "b": 50},
        font={"size": 15},
        legend={"orientation": "h", "y": -0.18},
        template="plotly_white",
    )

    n = len(trace.xs)
    view = TraceView(fig, n, text=[], status=[])
    view.add_prefix(2, trace.xs, trace.ys)
    tans = [_tangent(fn, x, half) for x in trace.xs]
    view.add_frames(3, [t[0] for t in tans], [t[1] for t in tans])
    view.add_frames(4, [[x] for x in trace.xs], [[y] for y in trace.ys])
    view.add_prefix(5, steps, ys)
    lr = cfg.lr
    xs, gs = trace.xs, trace.grads
    for i in range(n):
        if i == 0:
            text = f"Start: x = {f3(xs[0])}, slope f′(x) = {f3(gs[0])}. Press Step or Play."
        else:
            text = (
                f"Step {i}: x<sub>new</sub> = x − lr · f′(x) = {f3(xs[i - 1])} − {f3(lr)} × "
                f"({f3(gs[i - 1])}) = <span class='hl'>{f3(xs[i])}</span>"
            )
        if i == n - 1 and trace.diverged_at is not None:
            nxt = xs[i] - lr * gs[i]
            text += (
                f"<br>Next: {f3(xs[i])} − {f3(lr)} × ({f3(gs[i])}) = {f3(nxt)}"
                " <span class='warn'>→ diverged: learning rate too high</span>"
            )
        view.text.append(text)
        if i == n - 1:
            view.status.append(STATUS.get(verdict, (verdict, "info")))
        elif i > 0 and trace.ys[i] > trace.ys[i - 1]:
            view.status.append(("loss rising!", "bad"))
        else:
            view.status.append(("descending", "info"))
    view.add_stat("x", [f3(x) for x in trace.xs])
    view.add_stat("f(x)", [f3(y) for y in trace.ys])
    view.add_stat("slope f′(x)", [f3(g) for g in trace.grads])
    if verdict == "diverged":
        view.final_message = (
            "Diverged: learning rate too high. Each step overshoots the minimum by more than the "
            "last, so x runs away. Lower the learning rate (or press a preset) and play again."
        )
    return view


def step_table(fn: Function1D, trace: Trace1D, lr: float, rows: int = 12) -> pd.DataFrame:
    """The first ``rows`` updates as a table (step, x, f(x), f'(x), lr·f'(x), new x)."""
    k = min(rows, len(trace.xs))
    xs, gs = trace.xs[:k], trace.grads[:k]
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


def numpy_code(fn: Function1D, cfg: GDConfig) -> str:
    f_expr, df_expr = fn.python.split("|")
    return f"""import numpy as np

def f(x):
    return {f_expr}

def derivative(x):
    return {df_expr}

def gradient_descent(initial_x, learning_rate={cfg.lr:g}, steps={cfg.steps}):
    x = initial_x
    for step in range(steps):
        x -= learning_rate * derivative(x)  # x_new = x - lr * f'(x)
        print(step + 1, x, f(x))
    return x

gradient_descent({cfg.x0:g})
"""
