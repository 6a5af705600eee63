"""Linear regression page: figures, the gradient-descent player and the code snippets."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from engine.basics import linear
from engine.basics.config import LinearConfig
from engine.basics.data import Dataset1D, DatasetND
from engine.basics.gd import Trace, loss_exploding
from engine.basics.scaling import SCALINGS, Scaler
from ui.basics.gd_view import f3
from ui.basics.trace_view import TraceView

MAX_FRAMES = 300
COLORS = {"data": "#0877bd", "line": "#f28e2b", "best": "#1f9d55", "resid": "#d1342f"}


def frame_indices(updates: int, limit: int = MAX_FRAMES) -> np.ndarray:
    """Which of the updates 0..updates become frames (all when few, evenly spaced otherwise)."""
    if updates + 1 <= limit:
        return np.arange(updates + 1)
    return np.unique(np.round(np.linspace(0, updates, limit)).astype(int))


# ---- fit by hand ------------------------------------------------------------------------


def manual_figure(ds: Dataset1D, w: float, b: float, best: tuple[float, float]) -> go.Figure:
    """Data, the hand-set line with its residuals, and the best line (dashed)."""
    x, y = ds.x, ds.y
    pred = w * x + b
    span = np.ptp(x) or 1.0
    grid = np.array([x.min() - 0.05 * span, x.max() + 0.05 * span])
    fig = go.Figure()
    rx, ry = [], []
    for xi, yi, pi in zip(x, y, pred, strict=True):
        rx += [xi, xi, None]
        ry += [yi, pi, None]
    fig.add_trace(
        go.Scatter(
            x=rx, y=ry, mode="lines", name="residual y − ŷ", line={"color": COLORS["resid"], "width": 2}
        )
    )
    fig.add_trace(
        go.Scatter(
            x=grid,
            y=best[0] * grid + best[1],
            mode="lines",
            name="best line (normal equation)",
            line={"color": COLORS["best"], "dash": "dash"},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=grid,
            y=w * grid + b,
            mode="lines",
            name=f"your line ŷ = {f3(w)}·x + {f3(b)}",
            line={"color": COLORS["line"], "width": 3},
        )
    )
    fig.add_trace(
        go.Scatter(x=x, y=y, mode="markers", name="data", marker={"size": 10, "color": COLORS["data"]})
    )
    y_all = np.concatenate([y, best[0] * grid + best[1], w * grid + b])
    pad = 0.15 * (np.ptp(y_all) or 1.0)
    fig.update_yaxes(range=[float(y_all.min() - pad), float(y_all.max() + pad)], title_text=ds.y_name)
    fig.update_xaxes(title_text=ds.x_name)
    fig.update_layout(
        height=420,
        margin={"l": 60, "r": 20, "t": 20, "b": 50},
        font={"size": 15},
        legend={"orientation": "h", "y": -0.2},
    )
    return fig


def mse_latex(ds: Dataset1D, w: float, b: float, max_terms: int = 4) -> str:
    """MSE = (1/n)[(y₁ − ŷ₁)² + …] = value, written with the first residuals."""
    r = ds.y - (w * ds.x + b)
    n = len(r)
    terms = " + ".join(f"({f3(v)})^2" for v in r[:max_terms]).replace("−", "-")
    more = r" + \dots" if n > max_terms else ""
    return rf"\text{{MSE}} = \frac{{1}}{{{n}}}\left[{terms}{more}\right] = {f3(float(np.mean(r**2))).replace('−', '-')}"


# ---- gradient descent player ------------------------------------------------------------


@dataclass(frozen=True)
class Fit1D:
    """One gradient-descent run on 1-D data, with what the player and the comparison need."""

    ds: Dataset1D
    scaler: Scaler
    xs: np.ndarray  # scaled inputs (n,)
    trace: Trace
    best_scaled: tuple[float, float]  # the normal equation in the trained (scaled) units
    best: tuple[float, float]  # the normal equation in the data's units

    def unscaled(self, k: int) -> tuple[float, float]:
        w, b = self.scaler.unscale_weights(self.trace.thetas[k, :1], self.trace.thetas[k, 1])
        return float(w[0]), float(b)


def fit_1d(ds: Dataset1D, cfg: LinearConfig, batch_size: int) -> Fit1D:
    scaler = Scaler.fit(ds.x, cfg.scaling)
    xs = scaler.transform(ds.x)
    trace = linear.train(xs, ds.y, cfg.lr, cfg.epochs, batch_size, seed=cfg.seed)
    ws, bs = linear.normal_equation(xs, ds.y)
    w, b = linear.normal_equation(ds.x, ds.y)
    return Fit1D(ds, scaler, xs, trace, (float(ws[0]), bs), (float(w[0]), b))


def _surface_ranges(fit: Fit1D, square: bool) -> tuple[np.ndarray, np.ndarray]:
    th = fit.trace.thetas
    w_all = np.concatenate([th[:, 0], [fit.best_scaled[0], 0.0]])
    b_all = np.concatenate([th[:, 1], [fit.best_scaled[1], 0.0]])

    def span(values: np.ndarray, centre: float) -> tuple[float, float]:
        lo, hi = float(values.min()), float(values.max())
        width = max(hi - lo, 1e-6)
        limit = 6 * max(abs(centre), width / 6, 1e-3)  # a diverging path must not squash the bowl
        lo, hi = max(lo, centre - limit), min(hi, centre + limit)
        pad = 0.15 * (hi - lo)
        return lo - pad, hi + pad

    wl, wh = span(w_all, fit.best_scaled[0])
    bl, bh = span(b_all, fit.best_scaled[1])
    if square:  # the same extent on both axes, so an equal-scale plot is filled
        half = max(wh - wl, bh - bl) / 2
        wc, bc = (wl + wh) / 2, (bl + bh) / 2
        wl, wh, bl, bh = wc - half, wc + half, bc - half, bc + half
    return np.linspace(wl, wh, 45), np.linspace(bl, bh, 45)


def build_gd_view(fit: Fit1D, cfg: LinearConfig) -> TraceView:
    """2x2: data + moving line, contour + path, loss curve, 3-D surface + path."""
    ds, trace = fit.ds, fit.trace
    unit = "" if cfg.scaling == "none" else " (scaled x)"
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
    span = np.ptp(ds.x) or 1.0
    grid = np.array([ds.x.min() - 0.05 * span, ds.x.max() + 0.05 * span])
    best = fit.best
    # 0 data, 1 best line, 2 current line
    fig.add_trace(
        go.Scatter(x=ds.x, y=ds.y, mode="markers", name="data", marker={"size": 9, "color": COLORS["data"]}),
        1,
        1,
    )
    fig.add_trace(
        go.Scatter(
            x=grid,
            y=best[0] * grid + best[1],
            mode="lines",
            name="normal equation",
            line={"color": COLORS["best"], "dash": "dash"},
        ),
        1,
        1,
    )
    w0, b0 = fit.unscaled(0)
    fig.add_trace(
        go.Scatter(
            x=grid,
            y=w0 * grid + b0,
            mode="lines",
            name="gradient descent",
            line={"color": COLORS["line"], "width": 3},
        ),
        1,
        1,
    )
    ys = np.concatenate([ds.y, best[0] * grid + best[1]])
    pad = 0.2 * (np.ptp(ys) or 1.0)
    fig.update_yaxes(range=[float(ys.min() - pad), float(ys.max() + pad)], title_text=ds.y_name, row=1, col=1)
    fig.update_xaxes(title_text=ds.x_name, row=1, col=1)
    # 3 contour, 4 best marker, 5 path, 6 current
    ws, bs = _surface_ranges(fit, square=cfg.scaling != "none")
    grid_loss = linear.loss_grid(fit.xs, ds.y, ws, bs)
    fig.add_trace(
        go.Contour(
            x=ws,
            y=bs,
            z=np.log10(grid_loss + 1e-12),
            colorscale="Blues",
            reversescale=True,
            ncontours=25,
            showscale=False,
            name="log₁₀ MSE",
            hovertemplate="w %{x:.4g}<br>b %{y:.4g}<br>log₁₀ MSE %{z:.3f}<extra></extra>",
        ),
        1,
        2,
    )
    fig.add_trace(
        go.Scatter(
            x=[fit.best_scaled[0]],
            y=[fit.best_scaled[1]],
            mode="markers",
            name="closed form (minimum)",
            marker={
                "symbol": "star",
                "size": 18,
                "color": COLORS["best"],
                "line": {"color": "#fff", "width": 1},
            },
        ),
        1,
        2,
    )
    fig.add_trace(
        go.Scatter(
            x=[0],
            y=[0],
            mode="lines+markers",
            name="descent path",
            line={"color": COLORS["line"], "width": 2},
            marker={"size": 5, "color": COLORS["line"]},
        ),
        1,
        2,
    )
    fig.add_trace(
        go.Scatter(
            x=[0], y=[0], mode="markers", name="(w, b) now", marker={"size": 13, "color": COLORS["resid"]}
        ),
        1,
        2,
    )
    fig.update_xaxes(range=[float(ws[0]), float(ws[-1])], title_text="w" + unit, row=1, col=2)
    fig.update_yaxes(range=[float(bs[0]), float(bs[-1])], title_text="b", row=1, col=2)
    if cfg.scaling != "none":  # equal scales: the bowl's true shape (round once x is standardized)
        fig.update_yaxes(scaleanchor="x2", scaleratio=1, row=1, col=2)
        fig.update_xaxes(constrain="domain", row=1, col=2)
    # 7 loss curve
    idx = frame_indices(trace.steps)
    losses = trace.losses[idx]
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
    fig.update_xaxes(range=[0, max(trace.steps, 1)], title_text="update", row=2, col=1)
    finite = losses[np.isfinite(losses)]
    fig.update_yaxes(
        type="log",
        range=[
            float(np.log10(max(finite.min(), 1e-9)) - 0.2),
            float(np.log10(max(finite.max(), 1e-9)) + 0.2),
        ],
        title_text="MSE (log scale)",
        row=2,
        col=1,
    )
    # 8 surface, 9 path 3-D
    fig.add_trace(
        go.Surface(
            x=ws,
            y=bs,
            z=grid_loss,
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
            z=[trace.losses[0]],
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
    fig.update_layout(
        height=820,
        margin={"l": 60, "r": 20, "t": 40, "b": 40},
        font={"size": 14},
        template="plotly_white",
        legend={"orientation": "h", "y": 1.08, "x": 0},
    )

    n = len(idx)
    view = TraceView(fig, n, text=[], status=[], counter_label="Update", interval_ms=100)
    th = trace.thetas[idx]
    lines = [fit.unscaled(int(k)) for k in idx]
    view.add_frames(2, [grid] * n, [w * grid + b for w, b in lines])
    view.add_prefix(5, th[:, 0], th[:, 1])
    view.add_frames(6, [[t[0]] for t in th], [[t[1]] for t in th])
    view.add_prefix(7, idx, losses)
    view.add_prefix(9, th[:, 0], th[:, 1], losses)
    view.counter = [f"{int(k)} / {trace.steps}" for k in idx]
    exploding = loss_exploding(trace)
    for j, k in enumerate(idx):
        k = int(k)
        if k == 0:
            text = (
                f"Start: w = {f3(th[j, 0])}, b = {f3(th[j, 1])}, MSE = {f3(losses[j])}. "
                f"Each update uses {trace.batch_size} of {len(ds.y)} rows."
            )
        else:
            g = trace.grads[k - 1]
            prev = trace.thetas[k - 1]
            text = (
                f"Update {k} (epoch {trace.epochs[k]:.2f}): "
                f"w = w − lr·∂L/∂w = {f3(prev[0])} − {f3(trace.lr)} × ({f3(g[0])}) = <span class='hl'>{f3(th[j, 0])}</span>; "
                f"b = {f3(prev[1])} − {f3(trace.lr)} × ({f3(g[1])}) = <span class='hl'>{f3(th[j, 1])}</span>"
            )
        view.text.append(text)
        last = j == n - 1
        view.status.append(
            ("training", "info") if not last else (("diverged", "bad") if exploding else ("done", "ok"))
        )
    view.add_stat("MSE", [f3(v) for v in losses])
    view.add_stat("epoch", [f"{trace.epochs[int(k)]:.2f}" for k in idx])
    if exploding:
        view.final_message = (
            "Diverged: learning rate too high"
            + (
                f" (stopped at update {trace.diverged_at}: the numbers overflowed)"
                if trace.diverged_at
                else ""
            )
            + ". Every step overshoots the bottom of the bowl. Lower the learning rate"
            + (" or scale the feature" if cfg.scaling == "none" else "")
            + ", then play again."
        )
    return view


# ---- multivariate + feature scaling -------------------------------------------------------

SLICE = (0, 2)  # area and age: the two weights whose loss contours are drawn


@st.cache_data(max_entries=16, hash_funcs={DatasetND: lambda d: d.source})
def scaling_figure(ds: DatasetND, kind: str, lr: float, steps: int = 60) -> go.Figure:
    """Loss contours over the area and age weights (others at their best) with a GD path."""
    i, j = SLICE
    xs = Scaler.fit(ds.x, kind).transform(ds.x)
    path, best = linear.slice_path(xs, ds.y, i, j, lr, steps)
    lo = np.minimum(path.min(axis=0), best)
    hi = np.maximum(path.max(axis=0), best)
    centre, half = (lo + hi) / 2, (hi - lo) / 2 * 1.25 + 1e-9
    half = np.full(2, half.max())  # equal scales on both axes: the true shape of the bowl
    wi = np.linspace(centre[0] - half[0], centre[0] + half[0], 90)
    wj = np.linspace(centre[1] - half[1], centre[1] + half[1], 90)
    z = linear.slice_grid(xs, ds.y, i, j, wi, wj)
    fig = go.Figure()
    fig.add_trace(
        go.Contour(
            x=wi,
            y=wj,
            z=np.log10(z),
            colorscale="Blues",
            reversescale=True,
            ncontours=30,
            showscale=False,
            hovertemplate="w_area %{x:.4g}<br>w_age %{y:.4g}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=path[:, 0],
            y=path[:, 1],
            mode="lines+markers",
            name=f"gradient descent, {steps} steps",
            line={"color": COLORS["line"], "width": 2},
            marker={"size": 5},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[best[0]],
            y=[best[1]],
            mode="markers",
            name="minimum",
            marker={"symbol": "star", "size": 18, "color": COLORS["best"]},
        )
    )
    names = ds.feature_names
    fig.update_xaxes(title_text=f"weight of {names[i]}", range=[wi[0], wi[-1]], constrain="domain")
    fig.update_yaxes(title_text=f"weight of {names[j]}", range=[wj[0], wj[-1]], scaleanchor="x", scaleratio=1)
    fig.update_layout(
        height=520,
        margin={"l": 60, "r": 20, "t": 20, "b": 50},
        font={"size": 14},
        legend={"orientation": "h", "y": -0.15},
    )
    return fig


@st.cache_data(max_entries=16, hash_funcs={DatasetND: lambda d: d.source})
def scaling_reports(ds: DatasetND) -> list[linear.ScalingReport]:
    """Steps to converge for every scaling (cached: the unscaled run takes thousands of updates)."""
    return [linear.steps_to_converge(ds.x, ds.y, kind) for kind in SCALINGS]


def scaling_rows(reports: list[linear.ScalingReport]) -> list[dict[str, str]]:
    return [
        {
            "scaling": SCALINGS[r.kind],
            "condition number (λmax/λmin)": f"{r.condition:,.0f}",
            "learning rate used (1/λmax)": f"{r.lr:.3g}",
            "updates to converge": f"{r.steps:,}" if r.steps else f"not within {r.max_steps:,}",
        }
        for r in reports
    ]


# ---- code ---------------------------------------------------------------------------------


def numpy_code(cfg: LinearConfig, batch_size: int) -> str:
    scale = {
        "none": "x_s = x",
        "minmax": "x_s = (x - x.min()) / (x.max() - x.min())",
        "standardize": "x_s = (x - x.mean()) / x.std()",
    }[cfg.scaling]
    return f"""import numpy as np
from sklearn.linear_model import LinearRegression

# x, y: 1-D numpy arrays of the same length
{scale}
w, b, lr = 0.0, 0.0, {cfg.lr:g}
rng = np.random.default_rng({cfg.seed})
for epoch in range({cfg.epochs}):
    order = rng.permutation(len(x_s))
    for start in range(0, len(x_s), {batch_size}):       # batch size {batch_size}
        i = order[start:start + {batch_size}]
        error = (w * x_s[i] + b) - y[i]
        w -= lr * 2 * np.mean(error * x_s[i])             # dMSE/dw
        b -= lr * 2 * np.mean(error)                      # dMSE/db

# the closed form (normal equation) and scikit-learn give the best line directly
A = np.column_stack([x, np.ones_like(x)])
w_best, b_best = np.linalg.solve(A.T @ A, A.T @ y)
model = LinearRegression().fit(x.reshape(-1, 1), y)
print(model.coef_[0], model.intercept_)
"""


KERAS_CODE = """import keras

model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
history = model.fit(x_scaled, y, epochs=60, batch_size=len(y), verbose=0)  # batch GD
w, b = model.layers[0].get_weights()
"""
