"""The "How it works" tab: the formulas of what is on screen, with the live numbers."""

from __future__ import annotations

from itertools import pairwise

import streamlit as st

from engine.playground.config import ACTIVATIONS, PlaygroundConfig
from engine.playground.features import FEATURE_FORMULAS
from engine.playground.run import PlaygroundSnapshot

_ACT_TEX: dict[str, str] = {
    "relu": r"\max(0, z)",
    "tanh": r"\tanh(z)",
    "sigmoid": r"\frac{1}{1 + e^{-z}}",
    "linear": r"z",
    "leaky_relu": r"\max(0.2z,\ z)",
    "elu": r"\begin{cases} z & z>0 \\ e^{z}-1 & z \le 0\end{cases}",
}
_UPDATE_TEX: dict[str, str] = {
    "sgd": r"w \leftarrow w - \eta\, \frac{\partial L}{\partial w}",
    "momentum": r"v \leftarrow 0.9\,v - \eta\,\frac{\partial L}{\partial w},\quad w \leftarrow w + v",
    "rmsprop": r"s \leftarrow \rho s + (1-\rho) g^2,\quad w \leftarrow w - \frac{\eta\, g}{\sqrt{s}+\epsilon}",
    "adagrad": r"G \leftarrow G + g^2,\quad w \leftarrow w - \frac{\eta\, g}{\sqrt{G}+\epsilon}",
    "adam": r"m \leftarrow \beta_1 m + (1-\beta_1) g,\ v \leftarrow \beta_2 v + (1-\beta_2) g^2,\ "
    r"w \leftarrow w - \eta\,\frac{\hat m}{\sqrt{\hat v}+\epsilon}",
}


def _param_count_tex(cfg: PlaygroundConfig) -> str:
    sizes = [len(cfg.features), *cfg.hidden, cfg.n_outputs]
    terms = [f"{a}\\cdot{b} + {b}" for a, b in pairwise(sizes)]
    total = sum(a * b + b for a, b in pairwise(sizes))
    return r"\text{parameters} = " + " + ".join(f"({t})" for t in terms) + f" = {total}"


def _loss_tex(cfg: PlaygroundConfig, value: float) -> str:
    live = f" = {value:.4f}" if value == value else ""
    if cfg.effective_loss == "mse":
        return r"L = \frac{1}{n}\sum_i (\hat y_i - y_i)^2" + live
    if cfg.n_classes > 2:
        return r"L = -\frac{1}{n}\sum_i \log \hat p_{i, y_i}" + live
    return r"L = -\frac{1}{n}\sum_i \big[y_i \log \hat p_i + (1-y_i)\log(1-\hat p_i)\big]" + live


def render_explanation(snap: PlaygroundSnapshot) -> None:
    """Forward pass, output, loss, update rule and parameter count, with live numbers."""
    cfg = snap.config
    feats = ",\\ ".join(FEATURE_FORMULAS[f] for f in cfg.features)
    st.markdown("**1. Inputs.** Each point $(x_1, x_2)$ becomes the feature vector")
    st.latex(r"\mathbf{x} = (" + feats + ")")
    st.markdown(
        f"**2. Hidden layers.** Every neuron computes a weighted sum plus a bias and "
        f"applies the activation ({ACTIVATIONS[cfg.activation]}); its small heatmap in the "
        f"diagram is this value over the whole plane."
    )
    st.latex(r"a = f\Big(\sum_j w_j x_j + b\Big),\qquad f(z) = " + _ACT_TEX[cfg.activation])
    if cfg.is_regression:
        st.markdown("**3. Output.** One linear neuron predicts the value.")
        st.latex(r"\hat y = \sum_j w_j a_j + b")
    elif cfg.n_classes > 2:
        st.markdown(f"**3. Output.** {cfg.n_classes} neurons and a softmax give class probabilities.")
        st.latex(r"\hat p_k = \frac{e^{z_k}}{\sum_c e^{z_c}}")
    else:
        st.markdown("**3. Output.** One sigmoid neuron gives P(class 1); the boundary is where it is 0.5.")
        st.latex(r"\hat p = \sigma(z) = \frac{1}{1+e^{-z}}")
    st.markdown(f"**4. Loss** on the training data, at epoch {snap.epoch}:")
    st.latex(_loss_tex(cfg, snap.train_loss))
    if cfg.regularization != "none" and cfg.reg_rate > 0:
        norm = r"\sum |w|" if cfg.regularization == "l1" else r"\sum w^2"
        st.latex(r"L_{\text{train}} = L + " + f"{cfg.reg_rate:g}" + norm + r"\quad\text{(biases excluded)}")
    st.markdown(
        f"**5. Update** after every batch of {cfg.batch_size} examples, learning rate "
        f"$\\eta = {cfg.learning_rate:g}$:"
    )
    st.latex(_UPDATE_TEX[cfg.optimizer])
    st.markdown("**6. Size of the network**")
    st.latex(_param_count_tex(cfg))
