"""The lab's "How it works" tab: layer shapes and parameter counts, the loss and the update, live."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from engine.mnist.config import LabConfig
from engine.mnist.models import CONV_MODELS, layer_specs

_UPDATE_TEX: dict[str, str] = {
    "sgd": r"w \leftarrow w - \eta\, \frac{\partial L}{\partial w}",
    "rmsprop": r"s \leftarrow \rho s + (1-\rho) g^2,\quad w \leftarrow w - \frac{\eta\, g}{\sqrt{s}+\epsilon}",
    "adam": r"m \leftarrow \beta_1 m + (1-\beta_1) g,\ v \leftarrow \beta_2 v + (1-\beta_2) g^2,\ "
    r"w \leftarrow w - \eta\,\frac{\hat m}{\sqrt{\hat v}+\epsilon}",
}
_ACT_TEX = {"relu": r"\max(0, z)", "sigmoid": r"\frac{1}{1+e^{-z}}", "tanh": r"\tanh z"}


def shape_table(cfg: LabConfig) -> pd.DataFrame:
    """Each layer's output shape and parameters, with the formula used (matches ``model.summary()``)."""
    h = w = 28
    ch = 1
    flat: int | None = None
    rows = []
    for cls, kw in layer_specs(cfg.spec):
        if cls == "Conv2D":
            k = kw["kernel_size"][0]
            params = (k * k * ch + 1) * kw["filters"]
            how = f"({k}·{k}·{ch} + 1)·{kw['filters']}"
            ch = kw["filters"]
            if kw.get("padding", "valid") == "valid":
                h, w = h - k + 1, w - k + 1
            shape = f"({h}, {w}, {ch})"
        elif cls == "MaxPooling2D":
            h, w = h // 2, w // 2
            params, how, shape = 0, "", f"({h}, {w}, {ch})"
        elif cls == "Flatten":
            flat = h * w * ch
            params, how, shape = 0, f"{h}·{w}·{ch}", f"({flat},)"
        elif cls == "Dense":
            fan_in = flat if flat is not None else ch
            params = (fan_in + 1) * kw["units"]
            how = f"({fan_in} + 1)·{kw['units']}"
            flat = kw["units"]
            ch = kw["units"]
            shape = f"({kw['units']},)" if cfg.flatten else f"({h}, {w}, {kw['units']})"
        else:  # Dropout
            params, how = 0, f"rate {kw['rate']:g}"
            shape = f"({flat},)" if flat is not None else f"({h}, {w}, {ch})"
        rows.append({"layer": cls, "output shape": shape, "parameters": params, "how": how})
    return pd.DataFrame(rows)


def render_explanation(cfg: LabConfig, val_loss: float | None) -> None:
    """Formulas with this configuration's numbers."""
    table = shape_table(cfg)
    st.markdown(f"**The network, layer by layer** ({int(table['parameters'].sum()):,} parameters):")
    st.dataframe(table, hide_index=True, width="stretch")
    if cfg.model in CONV_MODELS:
        st.markdown(
            "A convolution without padding shrinks each side by kernel − 1 (`out = (in − kernel) / stride + 1`), "
            "a 2x2 max-pool halves it. Flatten turns the last maps into one vector per image."
        )
    else:
        st.markdown("Flatten turns each 28x28 image into 784 numbers; every Dense unit weighs all of them.")
    st.markdown("**Hidden activation and output**")
    st.latex(
        rf"a = {_ACT_TEX[cfg.activation]},\qquad p_k = \mathrm{{softmax}}(z)_k = \frac{{e^{{z_k}}}}{{\sum_{{j=0}}^{{9}} e^{{z_j}}}}"
    )
    st.markdown("**Loss**: sparse categorical cross-entropy (labels are the integers 0-9, no one-hot needed)")
    live = ""
    if val_loss is not None and math.isfinite(val_loss):
        live = (
            rf" \;=\; {val_loss:.4f}\ \text{{(validation, now)}},\quad e^{{-L}} = {math.exp(-val_loss):.3f}"
        )
    st.latex(r"L = -\frac{1}{n}\sum_{i=1}^{n} \log p_{y_i}" + live)
    st.caption("e^(−L) is the geometric mean of the probability the network gives the right digit.")
    st.markdown(
        f"**Update** ({cfg.optimizer.upper()}, learning rate η = {cfg.learning_rate:g}, "
        f"one step per batch of {cfg.batch_size} images)"
    )
    st.latex(_UPDATE_TEX[cfg.optimizer])
    if not cfg.normalize:
        st.warning(
            "Pixels are not normalised: inputs reach 255, so the first layer's sums are ~255x larger "
            "than with 0-1 inputs, and so are the first layer's gradients: a learning rate that suits "
            "0-1 inputs overshoots (ReLU units can die for good), sigmoid units saturate."
        )
