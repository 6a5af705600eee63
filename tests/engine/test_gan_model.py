"""engine.generative.gan.model against Keras and finite differences (tiny nets, fixed seeds)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from engine.generative.gan.config import GanConfig
from engine.generative.gan.data import make_distribution
from engine.generative.gan.model import (
    GanModel,
    discriminator_loss,
    equilibrium_losses,
    generator_loss,
    objective,
)
from engine.tf_runtime import get_tf

CFG = GanConfig(hidden=8, layers=1, batch_size=32, k=2)


@pytest.fixture(scope="module")
def tf():
    return get_tf()


@pytest.fixture(scope="module")
def real() -> np.ndarray:
    return make_distribution("ring", 1).points


def test_losses_match_keras_binary_cross_entropy(tf) -> None:
    rng = np.random.default_rng(0)
    lr_, lf_ = rng.normal(0, 2, (64, 1)).astype(np.float32), rng.normal(0, 2, (64, 1)).astype(np.float32)
    bce = tf.keras.losses.BinaryCrossentropy(from_logits=True)
    d_expected = float(bce(np.ones_like(lr_), lr_)) + float(bce(np.zeros_like(lf_), lf_))
    assert float(discriminator_loss(lr_, lf_)) == pytest.approx(d_expected, rel=1e-5)
    assert float(generator_loss(lf_, False)) == pytest.approx(float(bce(np.ones_like(lf_), lf_)), rel=1e-5)
    assert float(generator_loss(lf_, True)) == pytest.approx(-float(bce(np.zeros_like(lf_), lf_)), rel=1e-5)
    # the objective's numbers are the same losses, written out term by term
    obj = objective(lr_[:, 0], lf_[:, 0], "nonsat")
    p_real, p_fake = 1 / (1 + np.exp(-lr_.astype(np.float64))), 1 / (1 + np.exp(-lf_.astype(np.float64)))
    assert obj.log_d_real == pytest.approx(np.mean(np.log(p_real)), rel=1e-6)
    assert obj.log_one_minus_d_fake == pytest.approx(np.mean(np.log(1 - p_fake)), rel=1e-6)
    assert obj.d_loss == pytest.approx(d_expected, rel=1e-5) and obj.d_loss == -obj.value
    assert obj.g_loss == pytest.approx(-np.mean(np.log(p_fake)), rel=1e-6)
    assert objective(lr_[:, 0], lf_[:, 0], "minimax").g_loss == pytest.approx(np.mean(np.log(1 - p_fake)))
    assert (obj.d_real, obj.d_fake) == pytest.approx((p_real.mean(), p_fake.mean()))


def test_equilibrium_values() -> None:
    assert equilibrium_losses("nonsat") == pytest.approx((np.log(4), np.log(2)))
    assert equilibrium_losses("minimax") == pytest.approx((np.log(4), -np.log(2)))
    half = objective(np.zeros(10), np.zeros(10), "nonsat")  # D = 1/2 everywhere
    assert (half.d_loss, half.g_loss) == pytest.approx(equilibrium_losses("nonsat"))


@pytest.mark.parametrize("loss", ["nonsat", "minimax"])
def test_arrows_are_minus_the_gradient_by_finite_differences(tf, real, loss) -> None:
    model = GanModel(CFG, real, view_grid=8, view_fakes=20)
    model.train(0, 30, 1, "nonsat")
    view = model.view(loss, real[:10])

    def point_loss(x: np.ndarray) -> np.ndarray:
        logit = model.discriminator(x.astype(np.float32)).numpy()[:, 0].astype(np.float64)
        return -np.logaddexp(0, logit) if loss == "minimax" else np.logaddexp(0, -logit)

    h = 1e-3
    grad = np.zeros_like(view.fake, dtype=np.float64)
    for axis in range(2):
        e = np.zeros(2)
        e[axis] = h
        grad[:, axis] = (point_loss(view.fake + e) - point_loss(view.fake - e)) / (2 * h)
    assert view.push == pytest.approx(-grad, abs=2e-3)
    # D's surface and the fakes are the networks' own outputs
    assert view.fake == pytest.approx(model.generator(model.z_show).numpy(), abs=1e-6)
    assert view.d_grid.shape == (8, 8) and np.all((view.d_grid > 0) & (view.d_grid < 1))


def test_one_step_is_k_discriminator_updates_then_one_generator_update(tf, real) -> None:
    model = GanModel(CFG, real, view_grid=8, view_fakes=20)
    trace = model.train(0, 5, 3, "nonsat")
    assert (model.d_updates, model.g_updates) == (15, 5)
    assert trace.d_loss.shape == (5,) and np.all(np.isfinite(trace.g_loss))
    assert np.all((trace.d_real > 0) & (trace.d_real < 1))


def test_same_seed_same_run_and_reset_replays(tf, real) -> None:
    a, b = GanModel(CFG, real, 8, 20), GanModel(CFG, real, 8, 20)
    ta, tb = a.train(0, 20, 2, "nonsat"), b.train(0, 20, 2, "nonsat")
    assert np.array_equal(ta.d_loss, tb.d_loss) and np.array_equal(ta.g_loss, tb.g_loss)
    a.restore_initial()
    assert (a.d_updates, a.g_updates) == (0, 0)
    assert np.array_equal(a.train(0, 20, 2, "nonsat").g_loss, ta.g_loss)
    other = GanModel(dataclasses.replace(CFG, seed=2), real, 8, 20)
    assert not np.array_equal(other.train(0, 20, 2, "nonsat").g_loss, ta.g_loss)


def test_noise_grid_maps_through_the_generator(tf, real) -> None:
    for zdim, lines in ((1, 1), (2, 22), (4, 22)):
        model = GanModel(dataclasses.replace(CFG, noise_dim=zdim), real, 8, 20)
        view = model.view("nonsat", real[:5])
        assert view.manifold.shape == (lines, 41, 2)
        z = model.z_grid.reshape(-1, zdim)
        assert np.all(z[:, 2:] == 0)  # other noise dimensions held at 0
        assert view.manifold.reshape(-1, 2) == pytest.approx(model.generator(z).numpy(), abs=1e-5)


def test_parameter_counts_match_keras(tf, real) -> None:
    model = GanModel(GanConfig(hidden=16, layers=2, noise_dim=3), real, 8, 20)
    g, d = model.count_params()
    assert g == (3 * 16 + 16) + (16 * 16 + 16) + (16 * 2 + 2)
    assert d == (2 * 16 + 16) + (16 * 16 + 16) + (16 + 1)
