"""Linear regression: fit a line by hand, then by gradient descent on the loss surface; feature scaling."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import streamlit as st

from engine.basics import data, linear
from engine.basics.config import DATASETS, LinearConfig
from engine.basics.csv_data import MAX_BYTES, CsvError, pick_xy, read_csv
from engine.basics.data import Dataset1D
from engine.basics.gd import METHODS, batch_size_for, loss_exploding
from engine.basics.scaling import SCALINGS
from ui.basics import trace_view
from ui.basics.common import options_with, preset_rows, share_box
from ui.basics.gd_view import f3
from ui.basics.linear_view import (
    KERAS_CODE,
    build_gd_view,
    fit_1d,
    manual_figure,
    mse_latex,
    numpy_code,
    scaling_figure,
    scaling_reports,
    scaling_rows,
)
from ui.url_state import config_from_state, ensure_state, remember, set_fields

P = "lr_"
LEARNING_RATES = (
    1e-7,
    3e-7,
    1e-6,
    1e-5,
    1e-4,
    0.001,
    0.003,
    0.01,
    0.03,
    0.05,
    0.1,
    0.2,
    0.3,
    0.5,
    0.7,
    0.9,
    1.0,
    1.1,
)
PRESETS = (
    (
        "Batch gradient descent",
        "Every update uses all rows: the path on the contours is smooth and heads straight "
        "down the bowl to the closed-form star.",
        {"method": "batch", "lr": 0.1, "epochs": 60, "scaling": "standardize"},
    ),
    (
        "Stochastic (one row per update)",
        "Each update follows a single house: the path zig-zags around the star and the loss "
        "curve is noisy, but each update is cheap.",
        {"method": "sgd", "lr": 0.05, "epochs": 30, "scaling": "standardize"},
    ),
    (
        "Mini-batch of 2",
        "A compromise: less noise than stochastic, more updates per epoch than batch.",
        {"method": "minibatch", "batch": 2, "lr": 0.1, "epochs": 30, "scaling": "standardize"},
    ),
    (
        "Learning rate too high",
        "lr = 1.1 on standardized data: each step overshoots the valley further, so the path "
        "bounces outwards and the page reports the divergence.",
        {"method": "batch", "lr": 1.1, "epochs": 30, "scaling": "standardize"},
    ),
    (
        "No feature scaling: raw square feet",
        "Unscaled, the area (750-1450 ft²) makes the bowl a thin valley: lr = 0.1 (even 1e-6) "
        "explodes, and lr = 3e-7, small enough to be stable, fits w but leaves b stuck near 0 "
        "for thousands of updates. Compare with standardize.",
        {"method": "batch", "lr": 3e-7, "epochs": 100, "scaling": "none"},
    ),
    (
        "Noisy generated data",
        "60 points around y = 2x + 1 with noise 4: the fitted line is still close to the true "
        "one; raise the noise and watch the MSE floor rise.",
        {
            "data": "line",
            "noise": 4.0,
            "n": 60,
            "method": "minibatch",
            "batch": 8,
            "lr": 0.1,
            "epochs": 20,
            "scaling": "standardize",
        },
    ),
)


def _data_changed() -> None:
    """New data: put the hand-set line somewhere sensible for it (flat through the mean)."""
    ds = _dataset_for(st.session_state[P + "data"])
    if ds is not None:
        set_fields(P, w=0.0, b=float(np.round(np.mean(ds.y), 2)))


def _dataset_for(key: str) -> Dataset1D | None:
    s = st.session_state
    if key == "house":
        return data.house_prices()
    if key == "balloon":
        return data.balloons(int(s[P + "seed"]), n=int(s[P + "n"]))
    if key == "line":
        return data.line_data(int(s[P + "seed"]), n=int(s[P + "n"]), noise=float(s[P + "noise"]))
    return None


def _csv_dataset() -> Dataset1D | None:
    upload = st.file_uploader(
        "CSV file (a header row, at least two numeric columns, up to 5 MB)",
        type=["csv", "txt"],
        key=P + "upload",
        max_upload_size=MAX_BYTES // (1024 * 1024),
    )
    if upload is None:
        st.info("Upload a CSV to fit a line to your own data; meanwhile the page waits here.")
        return None
    try:
        table = read_csv(upload.getvalue(), upload.name)
    except CsvError as err:
        st.error(str(err), icon=":material/error:")
        return None
    for note in table.notes:
        st.warning(note)
    cols = list(table.numeric_columns)
    left, right = st.columns(2)
    x_col = left.selectbox("x column", cols, index=0, key=P + "xcol")
    y_col = right.selectbox("y column", cols, index=min(1, len(cols) - 1), key=P + "ycol")
    try:
        x, y, note = pick_xy(table, x_col, y_col)
    except CsvError as err:
        st.error(str(err), icon=":material/error:")
        return None
    if note:
        st.warning(note)
    # names from a file end up in chart titles: escape them so they stay plain text
    return Dataset1D(
        x, y, html.escape(x_col), html.escape(y_col), f"your upload {upload.name!r} ({len(x)} rows)"
    )


def _slider_range(center: float, scale: float) -> tuple[float, float, float]:
    half = 3.0 * max(abs(center), scale, 1e-6)
    step = float(f"{half / 150:.1g}")
    lo = float(np.floor((center - half) / step) * step)
    hi = float(np.ceil((center + half) / step) * step)
    return lo, hi, step


def _clamped_slider(label: str, key: str, lo: float, hi: float, step: float, container) -> None:
    value = float(st.session_state[key])
    st.session_state[key] = float(min(max(value, lo), hi))
    container.slider(label, lo, hi, step=step, key=key, format="%.4g")


st.title("Linear regression")
for problem in ensure_state(P, LinearConfig):
    st.warning(f"The link had a setting this page cannot use, so it was skipped: {problem}")

# ---- data ---------------------------------------------------------------------------------
st.subheader("1 · Data")
c1, c2, c3, c4 = st.columns([2.4, 1.2, 1.2, 1.2])
c1.selectbox("Data set", list(DATASETS), key=P + "data", format_func=DATASETS.get, on_change=_data_changed)
kind = st.session_state[P + "data"]
c2.slider("Noise (std)", 0.0, 20.0, step=0.5, key=P + "noise", disabled=kind != "line")
c3.slider("Points", 5, 500, step=5, key=P + "n", disabled=kind not in ("line", "balloon"))
c4.number_input("Seed", 0, 2**31 - 1, step=1, key=P + "seed", disabled=kind not in ("line", "balloon"))
ds = _csv_dataset() if kind == "csv" else _dataset_for(kind)
if ds is not None:
    st.caption(
        f"Data: **{ds.source}**; x = {ds.x_name}, y = {ds.y_name}. Bundled or generated on this server: no download."
    )

best: tuple[float, float] | None = None
if ds is not None:
    try:
        w_best, b_best = linear.normal_equation(ds.x, ds.y)
        best = (float(w_best[0]), b_best)
    except ValueError as err:
        st.error(f"No line can be fitted to this data: {err}.")
        ds = None

# ---- by hand ------------------------------------------------------------------------------
if ds is not None and best is not None:
    st.subheader("2 · Fit the line by hand")
    slope_scale = (np.std(ds.y) / (np.std(ds.x) or 1.0)) or 1.0
    w_lo, w_hi, w_step = _slider_range(best[0], slope_scale)
    b_lo, b_hi, b_step = _slider_range(
        best[1], float(np.std(ds.y)) + abs(best[0]) * float(np.abs(ds.x).max())
    )
    left, right = st.columns([1, 2.2])
    with left:
        _clamped_slider("Slope w", P + "w", w_lo, w_hi, w_step, st)
        _clamped_slider("Intercept b", P + "b", b_lo, b_hi, b_step, st)
        w_hand, b_hand = float(st.session_state[P + "w"]), float(st.session_state[P + "b"])
        mse_hand = linear.mse(ds.x, ds.y, np.array([w_hand]), b_hand)
        mse_best = linear.mse(ds.x, ds.y, np.array([best[0]]), best[1])
        st.metric(
            "Your MSE", f3(mse_hand), delta=f"{f3(mse_hand - mse_best)} above the best", delta_color="inverse"
        )
        st.caption(
            f"Best possible (normal equation): w = {f3(best[0])}, b = {f3(best[1])}, MSE = {f3(mse_best)}"
        )
        st.button(
            "Snap to the best line",
            key=P + "snap",
            on_click=set_fields,
            args=(P,),
            kwargs={"w": float(np.clip(best[0], w_lo, w_hi)), "b": float(np.clip(best[1], b_lo, b_hi))},
        )
    with right:
        st.plotly_chart(manual_figure(ds, w_hand, b_hand, best), key=P + "manual_fig")
    st.latex(mse_latex(ds, w_hand, b_hand))

# ---- gradient descent ---------------------------------------------------------------------
st.subheader("3 · Gradient descent, step by step")
c1, c2, c3, c4, c5 = st.columns([1.8, 1.1, 2.0, 1.2, 1.8])
c1.selectbox("Method", list(METHODS), key=P + "method", format_func=METHODS.get)
c2.number_input(
    "Batch size", 1, 256, step=1, key=P + "batch", disabled=st.session_state[P + "method"] != "minibatch"
)
c3.select_slider(
    "Learning rate",
    options=options_with(LEARNING_RATES, st.session_state[P + "lr"]),
    key=P + "lr",
    format_func=lambda v: f"{v:g}",
)
c4.slider("Epochs", 1, 500, key=P + "epochs")
c5.selectbox("Feature scaling of x", list(SCALINGS), key=P + "scaling", format_func=SCALINGS.get)
cfg = config_from_state(P, LinearConfig)
remember(P, cfg)

if ds is not None and best is not None:
    batch_size = batch_size_for(cfg.method, len(ds.y), cfg.batch)
    fit = fit_1d(ds, cfg, batch_size)
    trace = fit.trace
    w_gd, b_gd = fit.unscaled(trace.steps)
    if loss_exploding(trace):
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.error(
            "Diverged: learning rate too high. The loss grew instead of falling"
            + (f" and overflowed at update {trace.diverged_at}" if trace.diverged_at else "")
            + "; the player shows the run up to there.",
            icon=":material/error:",
        )
        right.button(
            "Reset to lr = 0.1, standardized",
            key=P + "reset_lr",
            on_click=set_fields,
            args=(P,),
            kwargs={"lr": 0.1, "scaling": "standardize"},
            icon=":material/restart_alt:",
        )
    st.latex(
        r"\hat y = w x + b,\quad \frac{\partial\,\text{MSE}}{\partial w} = \frac{2}{m}\sum_{i\in\text{batch}} x_i(\hat y_i - y_i),"
        r"\quad \frac{\partial\,\text{MSE}}{\partial b} = \frac{2}{m}\sum_{i\in\text{batch}} (\hat y_i - y_i),"
        rf"\quad m = {batch_size},\ \text{{lr}} = {cfg.lr:g}"
    )
    trace_view.render(build_gd_view(fit, cfg), height=960)
    rows = [
        {
            "method": f"gradient descent ({trace.steps} updates, {cfg.epochs} epochs)",
            "w": w_gd,
            "b": b_gd,
            "MSE": linear.mse(ds.x, ds.y, np.array([w_gd]), b_gd),
        },
        {
            "method": "normal equation θ = (AᵀA)⁻¹Aᵀy",
            "w": best[0],
            "b": best[1],
            "MSE": linear.mse(ds.x, ds.y, np.array([best[0]]), best[1]),
        },
    ]
    st.markdown("**Gradient descent vs the closed form** (in the data's units):")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    if cfg.scaling != "none":
        sc = fit.scaler
        st.caption(
            f"Trained on x_s = (x − {f3(float(sc.shift[0]))}) / {f3(float(sc.scale[0]))}; the line in the "
            "data's units is w = w_s / scale, b = b_s − w·shift."
        )
else:
    st.info("Choose or upload data above to run gradient descent.")

# ---- multivariate -------------------------------------------------------------------------
st.subheader("4 · Several features: why feature scaling matters")
mv = data.house_multivariate(cfg.seed)
st.caption(
    f"Data: **{mv.source}**, 100 houses: area 22-300 m², 1-5 bedrooms, age 1-115 years → price. "
    "Same model ŷ = w₁·area + w₂·bedrooms + w₃·age + b."
)
left, right = st.columns([1, 1.6])
with left:
    st.radio(
        "Feature scaling", list(SCALINGS), key=P + "mv_scaling", format_func=SCALINGS.get, horizontal=True
    )
    reports = scaling_reports(mv)
    st.dataframe(pd.DataFrame(scaling_rows(reports)), hide_index=True, width="stretch")
    chosen = next(r for r in reports if r.kind == cfg.mv_scaling)
    st.markdown(
        "Each row runs batch gradient descent from zero with the largest safe learning rate "
        "(1/λmax of the loss's curvature) until the loss is within 0.1 % of the best. "
        "The **condition number** is how much more curved the steepest direction is than the "
        "flattest one: the contours' elongation, squared."
    )
    if chosen.kind == "none":
        st.warning(
            "Raw units: the area (hundreds) and the bias (1) live on very different scales, so the "
            "bowl is a long thin valley; a safe step for its steep side crawls along its floor."
        )
    else:
        st.success(
            f"{SCALINGS[chosen.kind]}: the contours are much rounder, so the steps head to the minimum."
        )
with right:
    st.plotly_chart(scaling_figure(mv, cfg.mv_scaling, chosen.lr), key=P + "mv_fig")
    st.caption(
        "Loss over the area and age weights (bedrooms weight and bias held at their best), equal axis scales."
    )

try_tab, how_tab, code_tab, share_tab = st.tabs(
    ["What to try", "How it works", "numpy / Keras code", "Share"]
)
with try_tab:
    preset_rows(P, PRESETS, key=P + "preset_")
with how_tab:
    st.markdown(
        "1. **Loss.** The mean squared error MSE = (1/n) Σ (yᵢ − ŷᵢ)² measures how far the line is "
        "from the points (the red residuals above).\n"
        "2. **Gradient.** Its partial derivatives say how the loss changes when w or b moves a little.\n"
        "3. **Update.** w ← w − lr·∂MSE/∂w and b ← b − lr·∂MSE/∂b, repeated: the path on the contours.\n\n"
        "**Batch** uses all n rows per update, **stochastic** one random row, **mini-batch** m rows; "
        "an epoch is one pass over the data. The **normal equation** θ = (AᵀA)⁻¹Aᵀy with A = [x 1] "
        "solves ∂MSE/∂θ = 0 directly: the green star, which gradient descent approaches."
    )
with code_tab:
    bs = batch_size_for(cfg.method, len(ds.y), cfg.batch) if ds is not None else cfg.batch
    st.code(numpy_code(cfg, bs), language="python")
    st.markdown("The same model as a single Keras neuron:")
    st.code(KERAS_CODE, language="python")
with share_tab:
    share_box("linear_regression", cfg.to_params())
    if cfg.data == "csv":
        st.caption("An uploaded file is not part of the link: the receiver uploads it again.")
