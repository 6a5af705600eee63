"""Logistic regression page: tables, figures, the training player and code snippets."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix

from engine.basics import data, logistic
from engine.basics.config import LogisticConfig
from engine.basics.data import DatasetND
from engine.basics.gd import Trace, loss_exploding
from engine.basics.logistic import MultiClassFit
from engine.basics.scaling import Scaler
from ui.basics.gd_view import f3
from ui.basics.linear_view import frame_indices
from ui.basics.trace_view import TraceView

CLASS_COLORS = ("#d1342f", "#0877bd", "#1f9d55")
#: st.plotly_chart applies Streamlit's theme; a plotly template would only cost time (~40 ms a figure).
LAYOUT = {"margin": {"l": 60, "r": 20, "t": 30, "b": 50}, "font": {"size": 14}}


# ---- sigmoid and the losses ------------------------------------------------------------------


def sigmoid_table() -> pd.DataFrame:
    z = np.array(data.SIGMOID_TABLE_Z)
    return pd.DataFrame({"z": z, "σ(z) = 1 / (1 + e⁻ᶻ)": [f"{v:.10g}" for v in logistic.sigmoid(z)]})


def bce_table() -> pd.DataFrame:
    y = np.array([r[0] for r in data.BCE_TABLE], dtype=float)
    p = np.array([r[1] for r in data.BCE_TABLE])
    cost = -(y * np.log(p) + (1 - y) * np.log(1 - p))  # exact: no clipping needed for these values
    return pd.DataFrame(
        {
            "y": y.astype(int),
            "ŷ": [f"{v:g}" for v in p],
            "cost −y log ŷ − (1−y) log(1−ŷ)": [f"{v:.5f}" for v in cost],
        }
    )


def mse_table() -> pd.DataFrame:
    y = np.array([r[0] for r in data.MSE_TABLE], dtype=float)
    p = np.array([r[1] for r in data.MSE_TABLE])
    bce = -(y * np.log(np.clip(p, 1e-7, 1)) + (1 - y) * np.log(np.clip(1 - p, 1e-7, 1)))
    return pd.DataFrame(
        {
            "y": y.astype(int),
            "ŷ": p,
            "y − ŷ": y - p,
            "(y − ŷ)² (MSE)": (y - p) ** 2,
            "BCE cost": np.round(bce, 4),
        }
    )


@st.cache_data(max_entries=1)
def sigmoid_figure() -> go.Figure:
    z = np.linspace(-10, 10, 400)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=z, y=logistic.sigmoid(z), mode="lines", name="σ(z)", line={"width": 3, "color": "#0877bd"}
        )
    )
    zt = np.array(data.SIGMOID_TABLE_Z)
    fig.add_trace(
        go.Scatter(
            x=zt,
            y=logistic.sigmoid(zt),
            mode="markers",
            name="the slide's table",
            marker={"size": 10, "color": "#f28e2b"},
        )
    )
    fig.add_hline(y=0.5, line_dash="dot", line_color="#999")
    fig.update_layout(
        height=300,
        xaxis_title="z = w·x + b",
        yaxis_title="σ(z): probability of y = 1",
        showlegend=False,
        **LAYOUT,
    )
    return fig


@st.cache_data(max_entries=1)
def bce_figure() -> go.Figure:
    p = np.linspace(0.001, 0.999, 400)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=p, y=-np.log(p), mode="lines", name="y = 1: −log ŷ", line={"width": 3, "color": "#1f9d55"}
        )
    )
    fig.add_trace(
        go.Scatter(
            x=p,
            y=-np.log(1 - p),
            mode="lines",
            name="y = 0: −log(1 − ŷ)",
            line={"width": 3, "color": "#d1342f"},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=p,
            y=(1 - p) ** 2,
            mode="lines",
            name="y = 1: (1 − ŷ)² (MSE)",
            line={"width": 2, "dash": "dash", "color": "#555"},
        )
    )
    fig.update_layout(
        height=300,
        xaxis_title="predicted ŷ",
        yaxis_title="cost",
        yaxis_range=[0, 5],
        legend={"orientation": "h", "y": -0.3},
        **LAYOUT,
    )
    return fig


# ---- tumor: linear vs logistic ---------------------------------------------------------------


@dataclass(frozen=True)
class TumorFits:
    x: np.ndarray
    y: np.ndarray
    slope: float
    intercept: float
    linear_cut: float  # x where the least-squares line crosses 0.5
    model: LogisticRegression
    logistic_cut: float  # x where the logistic probability is 0.5


@st.cache_resource(max_entries=2)
def tumor_fits(big_tumor: bool) -> TumorFits:
    x, y = data.TUMOR_SIZE, data.TUMOR_MALIGNANT
    if big_tumor:
        x, y = np.append(x, data.TUMOR_LARGE), np.append(y, 1.0)
    a, c, cut = logistic.linear_threshold(x, y)
    model = LogisticRegression().fit(x.reshape(-1, 1), y)
    return TumorFits(x, y, a, c, cut, model, float(-model.intercept_[0] / model.coef_[0, 0]))


@st.cache_data(max_entries=2, hash_funcs={TumorFits: lambda f: (len(f.x), f.linear_cut)})
def tumor_figure(fits: TumorFits) -> go.Figure:
    grid = np.linspace(0, max(fits.x.max(), 8.0) + 1, 400)
    fig = go.Figure()
    for label, color, name in ((0, CLASS_COLORS[1], "benign (0)"), (1, CLASS_COLORS[0], "malignant (1)")):
        m = fits.y == label
        fig.add_trace(
            go.Scatter(
                x=fits.x[m],
                y=fits.y[m],
                mode="markers",
                name=name,
                marker={"size": 13, "color": color, "symbol": "circle" if label == 0 else "x"},
            )
        )
    fig.add_trace(
        go.Scatter(
            x=grid,
            y=fits.slope * grid + fits.intercept,
            mode="lines",
            name="linear regression",
            line={"color": "#f28e2b", "width": 3},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=grid,
            y=fits.model.predict_proba(grid.reshape(-1, 1))[:, 1],
            mode="lines",
            name="logistic regression σ(wx + b)",
            line={"color": "#6a3d9a", "width": 3},
        )
    )
    fig.add_hline(y=0.5, line_dash="dot", line_color="#999")
    fig.add_vline(
        x=fits.linear_cut,
        line_color="#f28e2b",
        line_dash="dash",
        annotation_text=f"linear cut {fits.linear_cut:.2f}",
        annotation_position="top left",
    )
    fig.add_vline(
        x=fits.logistic_cut,
        line_color="#6a3d9a",
        line_dash="dash",
        annotation_text=f"logistic cut {fits.logistic_cut:.2f}",
        annotation_position="bottom right",
    )
    fig.update_layout(
        height=380,
        xaxis_title="tumor size (cm)",
        yaxis_title="malignant?",
        yaxis_range=[-0.3, 1.3],
        legend={"orientation": "h", "y": -0.25},
        **LAYOUT,
    )
    return fig


def tumor_table(fits: TumorFits) -> pd.DataFrame:
    q = np.array(data.TUMOR_QUERY)
    lin = fits.slope * q + fits.intercept
    prob = fits.model.predict_proba(q.reshape(-1, 1))[:, 1]
    truth = np.array([0, 0, 1, 1])
    return pd.DataFrame(
        {
            "tumor size": q,
            "truth": np.where(truth == 1, "malignant", "benign"),
            "linear ŷ": np.round(lin, 2),
            "linear says": np.where(lin >= 0.5, "malignant", "benign"),
            "logistic p": np.round(prob, 2),
            "logistic says": np.where(prob >= 0.5, "malignant", "benign"),
        }
    )


# ---- why not MSE -----------------------------------------------------------------------------


@st.cache_data(max_entries=1)
def mse_vs_bce_figure() -> go.Figure:
    ws = np.linspace(-8, 8, 801)
    mse, bce = logistic.one_weight_losses(data.MSE_DEMO_X, data.MSE_DEMO_Y, ws)
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=("MSE of σ(w·x): not convex", "Binary cross-entropy: convex"),
        horizontal_spacing=0.1,
    )
    fig.add_trace(
        go.Scatter(x=ws, y=mse, mode="lines", line={"width": 3, "color": "#d1342f"}, name="MSE"), 1, 1
    )
    concave = np.r_[False, np.diff(mse, 2) < 0, False]
    fig.add_trace(
        go.Scatter(
            x=np.where(concave, ws, None),
            y=np.where(concave, mse, None),
            mode="lines",
            line={"width": 9, "color": "rgba(209,52,47,0.25)"},
            name="bends down (concave)",
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Scatter(x=ws, y=bce, mode="lines", line={"width": 3, "color": "#1f9d55"}, name="BCE"), 1, 2
    )
    fig.update_xaxes(title_text="weight w")
    fig.update_yaxes(title_text="loss", row=1, col=1)
    fig.update_layout(height=340, legend={"orientation": "h", "y": -0.3}, **LAYOUT)
    return fig


# ---- admissions training ---------------------------------------------------------------------


@dataclass(frozen=True)
class AdmissionFit:
    ds: DatasetND
    scaler: Scaler
    xs: np.ndarray  # standardized scores (n, 2)
    trace: Trace

    def weights(self, k: int) -> tuple[np.ndarray, float]:
        """(w, b) after update k, in exam-score units."""
        w, b = self.scaler.unscale_weights(self.trace.thetas[k, :2], self.trace.thetas[k, 2])
        return w, float(b)

    def proba(self, k: int, x: np.ndarray) -> np.ndarray:
        w, b = self.weights(k)
        return logistic.sigmoid(x @ w + b)


def fit_admissions(cfg: LogisticConfig, batch_size: int) -> AdmissionFit:
    ds = data.admissions(cfg.seed)
    scaler = Scaler.fit(ds.x, "standardize")
    xs = scaler.transform(ds.x)
    trace = logistic.train(xs, ds.y, cfg.lr, cfg.epochs, batch_size, seed=cfg.seed)
    return AdmissionFit(ds, scaler, xs, trace)


LIMITS = (25.0, 105.0)


def boundary_points(w: np.ndarray, b: float, threshold: float) -> tuple[list, list]:
    """Two points of the line w·x + b = logit(threshold) across the plot (empty when w = 0)."""
    target = float(np.log(threshold / (1 - threshold)))
    lo, hi = LIMITS
    if abs(w[1]) > 1e-12:
        xs = np.array([lo, hi])
        return xs.tolist(), ((target - b - w[0] * xs) / w[1]).tolist()
    if abs(w[0]) > 1e-12:
        x = (target - b) / w[0]
        return [x, x], [lo, hi]
    return [], []


def build_admissions_view(fit: AdmissionFit, cfg: LogisticConfig) -> TraceView:
    ds, trace = fit.ds, fit.trace
    fig = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.55, 0.45],
        subplot_titles=("Exam scores and the decision boundary", "Loss and accuracy per update"),
        specs=[[{}, {"secondary_y": True}]],
        horizontal_spacing=0.1,
    )
    for label, name, symbol in ((0, "not admitted", "circle"), (1, "admitted", "x")):
        m = ds.y == label
        fig.add_trace(
            go.Scatter(
                x=ds.x[m, 0],
                y=ds.x[m, 1],
                mode="markers",
                name=name,
                marker={"size": 9, "color": CLASS_COLORS[1 - label], "symbol": symbol},
            ),
            1,
            1,
        )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            name=f"boundary p = {cfg.threshold:g}",
            line={"color": "#222", "width": 3},
        ),
        1,
        1,
    )
    fig.update_xaxes(range=LIMITS, title_text=ds.feature_names[0], row=1, col=1)
    fig.update_yaxes(range=LIMITS, title_text=ds.feature_names[1], row=1, col=1)
    idx = frame_indices(trace.steps)
    losses = trace.losses[idx]
    acc = np.array([np.mean((fit.proba(int(k), ds.x) >= cfg.threshold) == ds.y) for k in idx])
    fig.add_trace(
        go.Scatter(
            x=[0], y=[losses[0]], mode="lines", name="BCE loss", line={"color": "#6a3d9a", "width": 2}
        ),
        1,
        2,
        secondary_y=False,
    )
    fig.add_trace(
        go.Scatter(x=[0], y=[acc[0]], mode="lines", name="accuracy", line={"color": "#1f9d55", "width": 2}),
        1,
        2,
        secondary_y=True,
    )
    fig.update_xaxes(range=[0, max(trace.steps, 1)], title_text="update", row=1, col=2)
    fig.update_yaxes(
        range=[0, max(float(losses.max()), 0.7) * 1.05], title_text="BCE", row=1, col=2, secondary_y=False
    )
    fig.update_yaxes(
        range=[0, 1.02],
        title_text="accuracy",
        row=1,
        col=2,
        secondary_y=True,
        tickformat=".0%",
        dtick=0.2,
        showgrid=False,
    )
    fig.update_layout(height=480, legend={"orientation": "h", "y": -0.18}, template="plotly_white", **LAYOUT)

    n = len(idx)
    view = TraceView(fig, n, text=[], status=[], counter_label="Update", interval_ms=100)
    lines = [boundary_points(*fit.weights(int(k)), cfg.threshold) for k in idx]
    view.add_frames(2, [ln[0] for ln in lines], [ln[1] for ln in lines])
    view.add_prefix(3, idx, losses)
    view.add_prefix(4, idx, acc)
    view.counter = [f"{int(k)} / {trace.steps}" for k in idx]
    th = trace.thetas
    for j, k in enumerate(idx):
        k = int(k)
        if k == 0:
            text = "Start: w₁ = w₂ = b = 0, so every student gets p = σ(0) = 0.5. Press Play."
        else:
            g, prev = trace.grads[k - 1], th[k - 1]
            parts = [
                f"{name} = {f3(prev[i])} − {f3(trace.lr)} × ({f3(g[i])}) = <span class='hl'>{f3(th[k, i])}</span>"
                for i, name in enumerate(("w₁", "w₂", "b"))
            ]
            text = f"Update {k} (epoch {trace.epochs[k]:.2f}, standardized scores): " + "; ".join(parts)
        view.text.append(text)
        view.status.append(
            ("training", "info")
            if j < n - 1
            else (("diverged", "bad") if loss_exploding(trace) else ("done", "ok"))
        )
    view.add_stat("BCE", [f3(v) for v in losses])
    view.add_stat("accuracy", [f"{v:.0%}" for v in acc])
    return view


def confusion_figure(y: np.ndarray, pred: np.ndarray) -> go.Figure:
    cm = confusion_matrix(y, pred, labels=[0, 1])
    names = ["not admitted", "admitted"]
    fig = go.Figure(
        go.Heatmap(
            z=cm,
            x=[f"predicted {n}" for n in names],
            y=[f"actual {n}" for n in names],
            colorscale="Blues",
            showscale=False,
            text=cm,
            texttemplate="%{text}",
            textfont={"size": 22},
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(height=300, **LAYOUT)
    return fig


def probability_figure(fit: AdmissionFit, threshold: float) -> go.Figure:
    g = np.linspace(*LIMITS, 120)
    gx, gy = np.meshgrid(g, g)
    p = fit.proba(fit.trace.steps, np.column_stack([gx.ravel(), gy.ravel()])).reshape(gx.shape)
    fig = go.Figure(
        go.Heatmap(
            x=g, y=g, z=p, colorscale="RdBu", zmin=0, zmax=1, colorbar={"title": "p(admit)"}, opacity=0.75
        )
    )
    ds = fit.ds
    for label, name, symbol in ((0, "not admitted", "circle"), (1, "admitted", "x")):
        m = ds.y == label
        fig.add_trace(
            go.Scatter(
                x=ds.x[m, 0],
                y=ds.x[m, 1],
                mode="markers",
                name=name,
                marker={
                    "size": 8,
                    "color": "#222" if label else "#fff",
                    "symbol": symbol,
                    "line": {"color": "#222", "width": 1},
                },
            )
        )
    bx, by = boundary_points(*fit.weights(fit.trace.steps), threshold)
    fig.add_trace(
        go.Scatter(x=bx, y=by, mode="lines", name=f"p = {threshold:g}", line={"color": "#222", "width": 3})
    )
    fig.update_xaxes(range=LIMITS, title_text=ds.feature_names[0])
    fig.update_yaxes(range=LIMITS, title_text=ds.feature_names[1])
    fig.update_layout(height=400, legend={"orientation": "h", "y": -0.2}, **LAYOUT)
    return fig


@st.cache_data(max_entries=32)
def sklearn_weights(seed: int) -> tuple[np.ndarray, float]:
    """scikit-learn's unregularized fit on the standardized scores of data seed ``seed``, in score units."""
    ds = data.admissions(seed)
    scaler = Scaler.fit(ds.x, "standardize")
    model = LogisticRegression(C=np.inf, max_iter=5000).fit(scaler.transform(ds.x), ds.y)
    w, b = scaler.unscale_weights(model.coef_[0], model.intercept_[0])
    return w, float(b)


# ---- multi-class -------------------------------------------------------------------------------


def multiclass_figure(ds: DatasetND, fit: MultiClassFit, title: str) -> go.Figure:
    lo, hi = ds.x.min(axis=0) - 1.0, ds.x.max(axis=0) + 1.0
    gx = np.linspace(lo[0], hi[0], 150)
    gy = np.linspace(lo[1], hi[1], 150)
    mx, my = np.meshgrid(gx, gy)
    pred = fit.predict(np.column_stack([mx.ravel(), my.ravel()])).reshape(mx.shape)
    scale = [
        [0, "#f6c6c4"],
        [0.33, "#f6c6c4"],
        [0.34, "#bcd8ee"],
        [0.66, "#bcd8ee"],
        [0.67, "#c4e6cf"],
        [1, "#c4e6cf"],
    ]
    fig = go.Figure(
        go.Heatmap(x=gx, y=gy, z=pred, colorscale=scale, zmin=0, zmax=2, showscale=False, hoverinfo="skip")
    )
    if fit.scheme == "ovr":
        for c in range(fit.w.shape[0]):
            w, b = fit.w[c], fit.b[c]
            if abs(w[1]) > 1e-12:
                fig.add_trace(
                    go.Scatter(
                        x=gx,
                        y=-(b + w[0] * gx) / w[1],
                        mode="lines",
                        line={"color": CLASS_COLORS[c], "dash": "dash", "width": 2},
                        name=f"class {c} vs rest",
                    )
                )
    for c in range(3):
        m = ds.y == c
        fig.add_trace(
            go.Scatter(
                x=ds.x[m, 0],
                y=ds.x[m, 1],
                mode="markers",
                name=f"class {c}",
                marker={"size": 8, "color": CLASS_COLORS[c], "line": {"color": "#fff", "width": 1}},
            )
        )
    fig.update_xaxes(range=[lo[0], hi[0]], title_text="x₁")
    fig.update_yaxes(range=[lo[1], hi[1]], title_text="x₂")
    fig.update_layout(
        height=420,
        title={"text": title, "x": 0.02},
        legend={"orientation": "h", "y": -0.2},
        **{**LAYOUT, "margin": {"l": 50, "r": 10, "t": 50, "b": 40}},
    )
    return fig


# ---- code --------------------------------------------------------------------------------------


def numpy_code(cfg: LogisticConfig, batch_size: int) -> str:
    return f"""import numpy as np
from sklearn.metrics import confusion_matrix

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

# X: (n, 2) exam scores, y: (n,) 1 if admitted else 0
X_s = (X - X.mean(axis=0)) / X.std(axis=0)          # standardize
w, b, lr = np.zeros(2), 0.0, {cfg.lr:g}
rng = np.random.default_rng({cfg.seed})
for epoch in range({cfg.epochs}):
    order = rng.permutation(len(y))
    for start in range(0, len(y), {batch_size}):
        i = order[start:start + {batch_size}]
        z = sigmoid(X_s[i] @ w + b)                  # predicted probabilities
        w -= lr * X_s[i].T @ (z - y[i]) / len(i)     # dJ/dw = X^T (z - y) / n
        b -= lr * np.mean(z - y[i])

p = sigmoid(X_s @ w + b)
pred = (p >= {cfg.threshold:g}).astype(int)
print(accuracy_score(y, pred), confusion_matrix(y, pred))
"""


KERAS_CODE = """import keras

model = keras.Sequential([
    keras.Input(shape=(2,)),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5),
              loss=keras.losses.BinaryCrossentropy(), metrics=["accuracy"])
model.fit(X_scaled, y, epochs=100, batch_size=len(y), verbose=0)

# multi-class: softmax over 3 outputs
softmax_model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(3, activation="softmax")])
softmax_model.compile(optimizer="sgd", loss=keras.losses.SparseCategoricalCrossentropy())
"""
