"""Linear regression: fit a line by hand, then by gradient descent on the loss surface; feature scaling."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from engine.basics import linear
from engine.basics.codegen import linear_code, linear_keras_code
from engine.basics.config import LinearConfig
from engine.basics.gd import batch_size_for, loss_exploding
from engine.basics.linear_fit import Fit1D, fit_1d
from engine.basics.presets import LINEAR_PRESETS
from ui.basics import trace_view
from ui.basics.common import f3
from ui.basics.gd_controls import gd_controls
from ui.basics.linear_data import csv_dataset, data_controls, dataset_for
from ui.basics.linear_hand import hand_fit
from ui.basics.linear_player import build_gd_view
from ui.basics.linear_scaling import scaling_section
from ui.basics.linear_slides import candidate_lines_section
from ui.numbers import count
from ui.page_kit import share_tab, what_to_try
from ui.url_state import PageState

STATE = PageState(__file__, LinearConfig)
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


def _gd_controls() -> None:
    c1, c2, c3, c4, c5 = st.columns([1.8, 1.1, 2.0, 1.2, 1.8])
    gd_controls(STATE, (c1, c2, c3, c4), max_batch=256, learning_rates=LEARNING_RATES)
    STATE.widget("scaling", c5)


def _diverged(fit: Fit1D) -> None:
    trace = fit.trace
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.error(
        "Diverged: learning rate too high. The loss grew instead of falling"
        + (f" and overflowed at update {trace.diverged_at}" if trace.diverged_at else "")
        + "; the player shows the run up to there.",
        icon=":material/error:",
    )
    right.button(
        "Reset to lr = 0.1, standardized",
        key=STATE.key("reset_lr"),
        on_click=STATE.set,
        kwargs={"lr": 0.1, "scaling": "standardize"},
        icon=":material/restart_alt:",
    )


def _comparison(fit: Fit1D, cfg: LinearConfig) -> None:
    """Gradient descent's final line next to the normal equation's, in the data's units."""
    w_gd, b_gd = fit.unscaled(fit.trace.steps)
    rows = [
        {
            "method": f"gradient descent ({fit.trace.steps} updates, {count(cfg.epochs, 'epoch')})",
            "w": w_gd,
            "b": b_gd,
            "MSE": fit.mse(w_gd, b_gd),
        },
        {
            "method": "normal equation θ = (AᵀA)⁻¹Aᵀy",
            "w": fit.best[0],
            "b": fit.best[1],
            "MSE": fit.mse(*fit.best),
        },
    ]
    st.markdown("**Gradient descent vs the closed form** (in the data's units):")
    st.table(pd.DataFrame(rows), hide_index=True)
    if cfg.scaling != "none":
        sc = fit.scaler
        st.caption(
            f"Trained on x_s = (x − {f3(float(sc.shift[0]))}) / {f3(float(sc.scale[0]))}; the line in the "
            "data's units is w = w_s / scale, b = b_s − w·shift."
        )


st.title("Linear regression")
STATE.open()

# ---- data ---------------------------------------------------------------------------------
st.subheader("1 · Data")
kind = data_controls(STATE)
csv_source = None
if kind == "csv":
    ds, csv_source = csv_dataset(STATE)
else:
    ds = dataset_for(STATE, kind)
best: tuple[float, float] | None = None
if ds is not None:
    origin = (
        "Read on this server from your file; nothing is stored or sent elsewhere."
        if kind == "csv"
        else "Bundled or generated on this server: no download."
    )
    st.caption(f"Data: **{ds.source}**; x = {ds.x_name}, y = {ds.y_name}. {origin}")
    try:
        w_best, b_best = linear.normal_equation(ds.x, ds.y)
        best = (float(w_best[0]), b_best)
    except ValueError as err:
        st.error(f"No line can be fitted to this data: {err}.")
        ds = None

# ---- by hand ------------------------------------------------------------------------------
if ds is not None and best is not None:
    st.subheader("2 · Fit the line by hand")
    data_id = kind if csv_source is None else "csv:" + ":".join(csv_source) + f":{len(ds.x)}"
    hand_fit(STATE, ds, best, data_id)
candidate_lines_section(STATE)

# ---- gradient descent ---------------------------------------------------------------------
st.subheader("3 · Gradient descent, step by step")
what_to_try(STATE, LINEAR_PRESETS, "batch sizes, learning rates, feature scaling")  # above the player
_gd_controls()
cfg = STATE.config()
STATE.remember(cfg)
batch_size = batch_size_for(cfg.method, len(ds.y), cfg.batch) if ds is not None else cfg.batch
if ds is not None and best is not None:
    fit = fit_1d(ds, cfg)
    if loss_exploding(fit.trace):
        _diverged(fit)
    st.latex(
        r"\hat y = w x + b,\quad \frac{\partial\,\text{MSE}}{\partial w} = \frac{2}{m}\sum_{i\in\text{batch}} x_i(\hat y_i - y_i),"
        r"\quad \frac{\partial\,\text{MSE}}{\partial b} = \frac{2}{m}\sum_{i\in\text{batch}} (\hat y_i - y_i),"
        rf"\quad m = {batch_size},\ \text{{lr}} = {cfg.lr:g}"
    )
    trace_view.render(build_gd_view(fit, cfg.scaling))
    _comparison(fit, cfg)
else:
    st.info("Choose or upload data above to run gradient descent.")

# ---- multivariate -------------------------------------------------------------------------
st.subheader("4 · Several features: why feature scaling matters")
scaling_section(STATE, cfg.seed, cfg.mv_scaling)

how_tab, code_tab, link_tab = st.tabs(["How it works", "numpy / Keras code", "Share"])
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
    st.markdown("This page's data and settings in numpy (copy it into a notebook):")
    st.code(linear_code(cfg, batch_size, csv_source), language="python")
    st.markdown("The same model as a single Keras neuron:")
    st.code(linear_keras_code(cfg, batch_size), language="python")
with link_tab:
    share_tab(
        STATE,
        cfg,
        "This link opens exactly this configuration (same data, seeds and settings): send it to "
        "the class or bookmark it for the next lecture.",
    )
    if cfg.data == "csv":
        st.caption("An uploaded file is not part of the link: the receiver uploads it again.")
