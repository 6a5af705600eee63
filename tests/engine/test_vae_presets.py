"""Every "What to try" lesson of the VAE page, checked on runs of its preset (fixed seed, 6 epochs).

The digits a decoder draws are read by the bundled digit recognizer (engine.mnist.recognizer)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.generative.vae.config import VaeConfig
from engine.generative.vae.model import prior_samples, within_prior
from engine.generative.vae.presets import PRESETS
from engine.generative.vae.run import HISTORY_COLUMNS, VaeRun
from engine.live.scheduler import ComputeScheduler
from engine.mnist.data import load_subset
from engine.mnist.recognizer import load_recognizer, predict_proba

EPOCHS = 6
COL = {name: i for i, name in enumerate(HISTORY_COLUMNS)}
BY_TITLE = {p.title: p for p in PRESETS}


@pytest.fixture(scope="module")
def trained() -> dict:
    """Each preset's snapshot after EPOCHS epochs, from the page's defaults (seed 1)."""
    scheduler = ComputeScheduler(1, quantum_s=60.0)
    out = {}
    for preset in PRESETS:
        cfg = preset.applied_to(VaeConfig())
        run = VaeRun(cfg, load_subset(), scheduler=scheduler)
        for _ in range(EPOCHS):
            snap = run.step()
        run.stop()
        out[preset.title] = snap
    return out


@pytest.fixture(scope="module")
def prior_classes(trained) -> dict:
    """How many different digits 200 decoded draws z ~ N(0, I) show, per preset."""
    recognizer = load_recognizer()
    counts = {}
    for title, snap in trained.items():
        _, images = prior_samples(snap.weights, 200, seed=0)
        counts[title] = len(set(np.argmax(predict_proba(recognizer, images[..., None]), axis=1)))
    return counts


def test_presets_keep_the_learners_data_and_seed() -> None:
    mine = VaeConfig(seed=9, train_size=2000, digit_a=3)
    for preset in PRESETS:
        cfg = preset.applied_to(mine)
        assert (cfg.seed, cfg.train_size, cfg.digit_a) == (9, 2000, 3)
    assert BY_TITLE["Plain autoencoder"].applied_to(mine).model == "ae"


def test_vae_fills_the_prior_and_samples_look_like_digits(trained, prior_classes) -> None:
    vae = trained["VAE, β = 1"]
    assert within_prior(vae.codes) > 0.5  # "more than half of them within 2σ"
    assert prior_classes["VAE, β = 1"] >= 4  # prior samples are varied digits


def test_plain_autoencoder_spreads_out_and_misses_the_prior(trained, prior_classes) -> None:
    ae, vae = trained["Plain autoencoder"], trained["VAE, β = 1"]
    assert ae.plane >= 15 and ae.plane > 3 * vae.plane  # "the plane grows to about ±30"
    assert np.all(ae.codes.std(axis=0) > 3 * vae.codes.std(axis=0))
    assert within_prior(ae.codes) < 0.25 < within_prior(vae.codes)  # "only a small central patch"
    assert prior_classes["Plain autoencoder"] < prior_classes["VAE, β = 1"]  # "few kinds of digit"


def test_large_beta_trades_reconstruction_for_a_small_kl(trained) -> None:
    big, one = trained["β = 8 (β-VAE)"].history[-1], trained["VAE, β = 1"].history[-1]
    assert big[COL["test_kl"]] < 0.5 * one[COL["test_kl"]]
    assert big[COL["test_recon"]] > one[COL["test_recon"]] + 5


def test_beta_zero_lets_the_codes_spread_like_an_autoencoder(trained) -> None:
    zero, one = trained["β = 0: noise without KL"], trained["VAE, β = 1"]
    assert zero.history[-1, COL["test_kl"]] > 10 * one.history[-1, COL["test_kl"]]
    assert np.all(zero.codes.std(axis=0) > 3 * one.codes.std(axis=0))
    assert np.exp(0.5 * zero.batch_log_var).mean() < 0.2  # σ has shrunk: the noise no longer matters
