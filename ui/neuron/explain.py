"""The formulas of the Hello TensorFlow page, written out with the live numbers."""

from __future__ import annotations

import streamlit as st

from engine.neuron.model import mse_gradients
from engine.neuron.run import NeuronSnapshot


def _n(v: float, d: int = 4) -> str:
    return f"{v:.{d}g}" if abs(v) >= 1e5 or (0 < abs(v) < 1e-4) else f"{v:.{d}f}"


def render_neuron_explanation(snap: NeuronSnapshot) -> None:
    """The neuron, its loss, the gradient and the SGD update at the current epoch."""
    cfg, data = snap.config, snap.data
    loss, dw, db = mse_gradients(snap.w, snap.b, data.x, data.y)
    lr, n = cfg.learning_rate, len(data.x)
    x0, y0 = float(data.x[0]), float(data.y[0])
    st.markdown(f"**1. The neuron** (`Dense(units=1)`): one weight and one bias. At epoch {snap.epoch}:")
    st.latex(rf"\hat y = w\,x + b = {_n(snap.w)}\,x {'+' if snap.b >= 0 else '-'} {_n(abs(snap.b))}")
    st.markdown(f"For the first point (x = {x0:g}, y = {y0:g}):")
    st.latex(rf"\hat y = {_n(snap.w)} \cdot {x0:g} + ({_n(snap.b)}) = {_n(snap.w * x0 + snap.b)}")
    st.markdown(f"**2. The loss**: mean squared error over the {n} points.")
    st.latex(rf"L = \frac{{1}}{{{n}}}\sum_{{i=1}}^{{{n}}} (\hat y_i - y_i)^2 = {_n(loss, 6)}")
    st.markdown("**3. The gradient**: how the loss changes with each parameter.")
    st.latex(
        rf"\frac{{\partial L}}{{\partial w}} = \frac{{2}}{{{n}}}\sum (\hat y_i - y_i)\,x_i = {_n(dw)}"
        rf"\qquad \frac{{\partial L}}{{\partial b}} = \frac{{2}}{{{n}}}\sum (\hat y_i - y_i) = {_n(db)}"
    )
    st.markdown(
        f"**4. The next SGD step** (what **Step** does; learning rate {lr:g}): all {n} points fit in one batch "
        "(Keras's default batch size is 32), so every epoch is exactly one step:"
    )
    st.latex(
        rf"w \leftarrow w - \eta\,\frac{{\partial L}}{{\partial w}} = {_n(snap.w)} - {lr:g} \cdot ({_n(dw)})"
        rf" = {_n(snap.w - lr * dw)}"
    )
    st.latex(
        rf"b \leftarrow b - \eta\,\frac{{\partial L}}{{\partial b}} = {_n(snap.b)} - {lr:g} \cdot ({_n(db)})"
        rf" = {_n(snap.b - lr * db)}"
    )
    bw, bb = snap.best
    target = "true line" if data.true_line else "least-squares line (the lowest MSE any line can reach)"
    factor = data.swing_factor(lr)
    st.markdown(
        f"**5. Where it ends up**: the {target}, w = {bw:.4f}, b = {bb:.4f}, if the learning rate is "
        f"small enough. The loss surface over (w, b) is a bowl; along its steepest direction (curvature "
        f"λ_max = {data.curvature():.2f} for these points) each step multiplies the error by (1 - η·λ_max), "
        f"so the steps shrink only while η < 2/λ_max = **{data.max_stable_lr():.4f}**. Above that, each "
        f"step overshoots further than the last and the run diverges. Here |1 - {lr:g} · "
        f"{data.curvature():.2f}| = **{factor:.4f}**: "
        + ("the error shrinks." if factor < 1 else "the error grows.")
    )
