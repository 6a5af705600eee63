"""The VAE page's "How it works": the reparameterisation trick and the loss with live numbers."""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.generative.vae.model import Explanation


def _vec(v: np.ndarray, digits: int = 3) -> str:
    return r"(" + r",\ ".join(f"{x:.{digits}f}" for x in np.asarray(v).ravel()) + r")"


def render_explanation(ex: Explanation, variational: bool, where: str) -> None:
    """``ex``: one image through the model (engine.generative.vae.model.explain); ``where``: which image, when."""
    st.markdown(f"**{where}**")
    if not variational:
        st.markdown(
            "A plain autoencoder maps the image to **one point** z and decodes it; the loss is only the "
            "reconstruction term:"
        )
        st.latex(rf"z = \text{{encoder}}(x) = {_vec(ex.z)}")
        st.latex(
            r"\text{loss} = -\sum_{i=1}^{784}\big[x_i \log \hat x_i + (1 - x_i)\log(1 - \hat x_i)\big]"
            rf" = {ex.reconstruction:.2f}"
        )
        st.markdown(
            "Nothing says where the codes should go, so they spread out as far as helps reconstruction, "
            "with empty space between the classes. The decoder was never trained on points in those gaps, "
            "so what it draws there is arbitrary, and a random z ~ N(0, I) mostly lands in one small "
            "patch of its plane: the autoencoder cannot generate new digits. The VAE fixes both."
        )
        return
    st.markdown(
        "The encoder does not give one point but a Gaussian **q(z | x) = N(μ, σ²)**: two numbers μ and "
        "two log-variances log σ². Training samples z from it. Sampling has no gradient, so the "
        "**reparameterisation trick** writes the sample as a deterministic function of μ and σ plus "
        "noise ε that does not depend on the weights: the gradient flows through μ and σ."
    )
    st.latex(rf"\mu = {_vec(ex.mu)},\quad \log\sigma^2 = {_vec(ex.log_var)},\quad \sigma = {_vec(ex.sigma)}")
    st.latex(
        rf"\varepsilon = {_vec(ex.eps)} \sim \mathcal{{N}}(0, I),\qquad "
        rf"z = \mu + \sigma \odot \varepsilon = {_vec(ex.z)}"
    )
    st.markdown("The decoder turns z into 784 pixel probabilities x̂; the loss of this image is")
    st.latex(
        r"\underbrace{-\sum_{i=1}^{784}\big[x_i \log \hat x_i + (1 - x_i)\log(1 - \hat x_i)\big]}"
        rf"_{{\text{{reconstruction}}\ =\ {ex.reconstruction:.2f}}}"
        r"\ +\ \beta\cdot\underbrace{\left(-\tfrac12\sum_{j=1}^{2}\big(1 + \log\sigma_j^2 - \mu_j^2 - \sigma_j^2\big)\right)}"
        rf"_{{\text{{KL}}(\mathcal{{N}}(\mu,\sigma^2)\,\|\,\mathcal{{N}}(0,I))\ =\ {ex.kl:.3f}}}"
    )
    st.latex(rf"\text{{loss}} = {ex.reconstruction:.2f} + {ex.beta:g} \times {ex.kl:.3f} = {ex.loss:.2f}")
    st.markdown(
        "The KL term is the closed form for two Gaussians: it is 0 only when μ = 0 and σ = 1. It pulls "
        "every code towards the origin and keeps σ from shrinking to 0, so the codes of different images "
        "overlap and fill the plane without holes: every point near the origin decodes to something "
        "digit-like, and **sampling z ~ N(0, I) generates new images**. β weighs the two terms "
        "(β = 1: the VAE; β > 1: a β-VAE, smoother and blurrier; β = 0: reconstruction only). The live "
        "view's curves are these two terms averaged over the images."
    )
