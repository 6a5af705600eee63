"""The GAN page's "How it works" section: the objective and the update rules with the run's numbers."""

from __future__ import annotations

import streamlit as st

from engine.generative.gan.model import equilibrium_losses
from engine.generative.gan.run import GanSnapshot


def _n(value: float) -> str:
    return f"{value:.3f}" if value == value else r"\text{NaN}"


def render_objective(snap: GanSnapshot) -> None:
    """The minimax objective, both losses and the step, written out with the current numbers."""
    o, cfg = snap.objective, snap.config
    eq_d, eq_g = equilibrium_losses(cfg.loss)
    n_real, n_fake = len(snap.real_shown), len(snap.view.fake)
    st.markdown(
        f"At step **{snap.step}**, on the {n_real} real and {n_fake} generated points drawn above. "
        "D outputs the probability that a point is real; it is trained to tell them apart, G to fool it "
        "(Goodfellow et al., 2014):"
    )
    v, d_, f_ = _n(o.value), _n(o.log_d_real), _n(o.log_one_minus_d_fake)
    st.latex(
        r"\min_G \max_D V(D,G),\quad V = \mathbb{E}_{x\sim p_\text{data}}[\log D(x)] + "
        + rf"\mathbb{{E}}_{{z\sim U(-1,1)^{{{cfg.noise_dim}}}}}[\log(1-D(G(z)))] = {d_} + ({f_}) = {v}"
    )
    st.latex(
        rf"\overline{{D(x)}} = {_n(o.d_real)},\quad \overline{{D(G(z))}} = {_n(o.d_fake)},\quad "
        + rf"L_D = -V = {_n(o.d_loss)} \;(\log 4 = {_n(eq_d)} \text{{ at }} D \equiv \tfrac12)"
    )
    if cfg.loss == "nonsat":
        loss = rf"L_G = -\mathbb{{E}}_z[\log D(G(z))] = {_n(o.g_loss)} \;(\log 2 = {_n(eq_g)})"
        factor = r"(1 - D(G(z)))"
    else:
        loss = rf"L_G = \mathbb{{E}}_z[\log(1 - D(G(z)))] = {_n(o.g_loss)} \;(-\log 2 = {_n(eq_g)})"
        factor = r"D(G(z))"
    st.latex(
        loss
        + r",\qquad -\frac{\partial \ell_G}{\partial G(z)} = "
        + factor
        + r"\,\nabla_x \operatorname{logit} D"
    )
    st.markdown(
        f"One **step** = {cfg.k} discriminator update{'s' if cfg.k > 1 else ''} (learning rate {cfg.lr_d:g}) "
        f"then one generator update (learning rate {cfg.lr_g:g}), each on {cfg.batch_size} real and "
        f"{cfg.batch_size} fake points: {snap.d_updates} D and {snap.g_updates} G updates so far. "
        "The arrows are the second formula: where each fake point would move to lower its own loss. "
        "The minimax arrow is D/(1 − D) times the non-saturating one, so it vanishes where D rejects a "
        "fake (D ≈ 0): that is why GANs are trained with the non-saturating loss."
    )
    st.markdown(
        f"**Modes covered: {snap.coverage.covered} of {snap.coverage.total}.** A generated point is *on the "
        f"data* when it lies within {snap.dist.tolerance:g} of a real point and counts for that point's "
        f"region (a Gaussian of the ring or grid; an arc of the moons or spiral); a region is covered "
        f"when it holds at least a quarter of its fair share of the {n_fake} fakes. On the data now: "
        f"{snap.coverage.on_data:.0%} of the fakes."
    )
