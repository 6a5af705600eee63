"""Variational autoencoder: a VAE with a 2-D latent space trained live on digits, then explored."""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.generative.vae.config import MODELS, N_PRIOR_SAMPLES, VaeConfig
from engine.generative.vae.model import explain, interpolate, prior_samples, within_prior
from engine.generative.vae.presets import PRESETS
from engine.live.run import RunStatus
from engine.mnist.data import DATASETS
from ui.generative.vae.codegen import vae_code
from ui.generative.vae.explain import render_explanation
from ui.generative.vae.figures import sheet
from ui.live.controls import reset_run
from ui.live.kit import session_run, transport_bar
from ui.live.session import session_runs
from ui.live.view import live_view
from ui.mnist.data import load_data, source_caption, source_details
from ui.numbers import count
from ui.page_kit import share_tab, what_to_try
from ui.url_state import PageState

STATE = PageState(__file__, VaeConfig)
VIEW = "vae"
STEPS = 10  #: images along an interpolation


def _sidebar() -> VaeConfig:
    with st.sidebar:
        st.header("The model")
        STATE.widget("model", horizontal=False)
        STATE.widget("beta", disabled=STATE.value("model") != "vae")
        for name in ("hidden", "learning_rate", "batch_size", "epochs"):
            STATE.widget(name)
        st.header("The data")
        STATE.widget("dataset", horizontal=False)
        STATE.widget("train_size")
        STATE.widget("seed")
    return STATE.config()


def _build(cfg: VaeConfig, data):
    from engine.generative.vae.run import VaeRun

    return VaeRun(cfg, data)


def _interpolation(cfg: VaeConfig, snap) -> None:
    names = snap.class_names
    labels = snap.labels[snap.batch_index]
    a, b = st.columns(2)
    a.selectbox("From", range(10), key=STATE.key("digit_a"), format_func=lambda c: names[c])
    b.selectbox("To", range(10), key=STATE.key("digit_b"), format_func=lambda c: names[c])
    rows = {int(c): i for i, c in enumerate(labels)}
    if cfg.digit_a not in rows or cfg.digit_b not in rows:
        st.info("The test images shown hold no image of that class: pick another.")
        return
    ia, ib = rows[cfg.digit_a], rows[cfg.digit_b]
    latent = interpolate(snap.weights, snap.batch_mu[ia], snap.batch_mu[ib], STEPS)
    t = np.linspace(0, 1, STEPS)[:, None]
    pixels = (1 - t) * snap.batch_images[ia] + t * snap.batch_images[ib]
    st.image(sheet(np.concatenate([latent, pixels.reshape(-1, 28, 28)]), STEPS, 2))
    st.caption(
        f"Top: decoded along the straight line from z = μ({names[cfg.digit_a]}) to μ({names[cfg.digit_b]}) "
        "in the latent plane: every step is a plausible image. Bottom, for contrast: the two images "
        "blended pixel by pixel (a double exposure, not a digit in between)."
    )


def _prior(cfg: VaeConfig, snap) -> None:
    STATE.widget("sample_seed")
    _, images = prior_samples(snap.weights, N_PRIOR_SAMPLES, cfg.sample_seed)
    st.image(sheet(images, 8, 2))
    share = within_prior(snap.codes)
    st.caption(
        f"{N_PRIOR_SAMPLES} draws z ~ N(0, I), decoded. {share:.0%} of the test images' codes lie within "
        "|z| < 2, where 86 % of these draws land"
        + (
            "."
            if cfg.variational
            else ": the plain autoencoder's codes are elsewhere, so these are not samples of its data."
        )
    )


st.title("Variational autoencoder")
STATE.open()
data, data_problem = load_data(STATE.value("dataset"))
if data_problem:
    st.info(data_problem, icon=":material/info:")
cfg = _sidebar()
STATE.remember(cfg)
run = session_run(
    VIEW,
    cfg,
    lambda c: _build(c, data),
    reuse=lambda r: r.config.model_key() == cfg.model_key() and r.data.label == DATASETS[data.dataset],
    spinner="Building the encoder and decoder… (the first time loads TensorFlow: a few seconds)",
)
snap = run.snapshot()
st.markdown(
    "An **encoder** squeezes each 28x28 image into just **two numbers** z = (z₁, z₂), and a **decoder** "
    "draws an image back from them. A VAE makes the encoder output a small Gaussian cloud instead of a "
    "point and pulls the clouds towards N(0, I): the plane fills up, and any point of it decodes to "
    "a plausible image. Press **Play** and watch the digits sort themselves in the plane; drag in it."
)
st.caption(
    source_caption(data) + f" {MODELS[cfg.model]}: encoder 784-{cfg.hidden}-2, decoder 2-{cfg.hidden}-784 "
    f"({snap.n_params[0]:,} + {snap.n_params[1]:,} parameters), Adam(learning_rate={cfg.learning_rate:g}), "
    f"batch size {cfg.batch_size}, {snap.n_train:,} training images, seed {cfg.seed}."
)
what_to_try(STATE, PRESETS, "β = 1, a plain autoencoder, β = 8, β = 0", after=lambda: reset_run(VIEW))
transport_bar(
    STATE,
    VIEW,
    run,
    step_help="Train exactly one epoch.",
    reset_help="Back to epoch 0 with fresh initial weights from the same seed.",
    caption="β and Epochs change live; any other setting builds a new model.",
)
done = st.container()  # always present, so the live view keeps its place (no remount)
if snap.status == RunStatus.FINISHED:
    done.success(f"Done: {count(snap.epoch, 'epoch')}. Raise **Epochs** to go on.", icon=":material/check:")
live_view(session_runs().token, VIEW)

st.subheader("Explore the latent space")
st.caption(
    f"With the decoder's weights at epoch {snap.epoch} (when this page last ran: "
    + ("press Pause, or change a setting below, to refresh)." if run.playing else "up to date).")
)
left, right = st.columns(2, gap="large")
with left:
    st.markdown("**Interpolate between two digits**")
    _interpolation(cfg, snap)
with right:
    st.markdown("**Sample from the prior**")
    _prior(cfg, snap)

math_tab, code_tab, data_tab, link_tab = st.tabs(["How it works", "Keras code", "Data", "Share"])
with math_tab:
    rows = {int(c): i for i, c in enumerate(snap.labels[snap.batch_index])}
    i = rows.get(cfg.digit_a, 0)
    x = snap.batch_images[i]
    log_var = snap.batch_log_var[i] if snap.batch_log_var is not None else None
    eps = np.random.default_rng(cfg.seed).standard_normal(2)
    ex = explain(x, snap.batch_mu[i], log_var, eps, snap.weights, cfg.beta)
    where = f"The first test image of class {snap.class_names[int(snap.labels[snap.batch_index][i])]}, at epoch {snap.epoch}:"
    render_explanation(ex, cfg.variational, where)
with code_tab:
    st.markdown("The same experiment in plain Keras (a custom `train_step` adds the KL term):")
    st.code(vae_code(cfg, snap.n_train), language="python")
with data_tab:
    source_details(data)
with link_tab:
    share_tab(
        STATE, cfg, "This link opens exactly this experiment (model, β, data, seed and the digits explored):"
    )
