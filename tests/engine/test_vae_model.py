"""The VAE's loss terms against a manual numpy computation (fixed weights, fixed batch, fixed noise);
the numpy decoder against Keras; the decoded grid, interpolation and prior samples; the frames."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from engine.generative.vae.config import VaeConfig
from engine.generative.vae.model import (
    DecoderWeights,
    decode_grid,
    explain,
    grid_points,
    interpolate,
    kl_terms,
    plane_range,
    prior_samples,
    reconstruction_terms,
    within_prior,
)
from engine.generative.vae.run import VaeRun
from engine.live.scheduler import ComputeScheduler
from engine.mnist.data import load_subset
from ui.generative.vae.frames import VaeEncoder
from ui.live.frames import unpack

SMALL = VaeConfig(hidden=64, train_size=500, epochs=2, batch_size=64, seed=4)


@pytest.fixture(scope="module")
def run() -> Iterator[VaeRun]:
    made = VaeRun(SMALL, load_subset(), scheduler=ComputeScheduler(1, quantum_s=60.0))
    made.step()  # trained weights: the terms are not at their initial values
    yield made
    made.stop()


def _dense(x, kernel, bias):
    return x.astype(np.float64) @ kernel.astype(np.float64) + bias


def test_loss_terms_match_a_manual_numpy_computation(run: VaeRun) -> None:
    x = run.data.x_show[:8]
    eps = np.random.default_rng(7).standard_normal((8, 2)).astype(np.float32)
    recon, kl = run.loss_terms(x, eps)
    # By hand, from the Keras weights: encoder 784-64-(2, 2), decoder 2-64-784.
    k1, c1, k_mu, c_mu, k_lv, c_lv = run.encoder.get_weights()
    h = np.maximum(_dense(x, k1, c1), 0)
    mu, log_var = _dense(h, k_mu, c_mu), _dense(h, k_lv, c_lv)
    z = mu + np.exp(log_var / 2) * eps
    k2, c2, k3, c3 = run.decoder.get_weights()
    p = 1 / (1 + np.exp(-_dense(np.maximum(_dense(z, k2, c2), 0), k3, c3)))
    p = np.clip(p, 1e-7, 1 - 1e-7)
    manual_recon = -(x * np.log(p) + (1 - x) * np.log(1 - p)).sum(axis=1)
    manual_kl = -0.5 * (1 + log_var - mu**2 - np.exp(log_var)).sum(axis=1)
    assert recon == pytest.approx(manual_recon, rel=1e-4)
    assert kl == pytest.approx(manual_kl, rel=1e-4, abs=1e-4)
    assert manual_kl.min() > 0  # a KL divergence is never negative
    # the engine's numpy helpers (the page's numbers) agree too
    assert reconstruction_terms(x, p) == pytest.approx(manual_recon, rel=1e-7)
    assert kl_terms(mu, log_var) == pytest.approx(manual_kl, rel=1e-7)
    # and the page's one-image explanation
    ex = explain(x[0], mu[0], log_var[0], eps[0], DecoderWeights.of(run.decoder), beta=2.0)
    assert ex.z == pytest.approx(z[0], rel=1e-6)
    assert ex.reconstruction == pytest.approx(manual_recon[0], rel=1e-4)
    assert ex.loss == pytest.approx(manual_recon[0] + 2.0 * manual_kl[0], rel=1e-4)


def test_kl_is_zero_exactly_at_the_prior() -> None:
    assert kl_terms(np.zeros((1, 2)), np.zeros((1, 2)))[0] == 0.0
    assert kl_terms(np.array([[1.0, 0.0]]), np.zeros((1, 2)))[0] == pytest.approx(0.5)


def test_the_numpy_decoder_is_the_keras_decoder(run: VaeRun) -> None:
    weights = DecoderWeights.of(run.decoder)
    z = np.array([[0.0, 0.0], [1.5, -2.0], [-3.0, 3.0]], np.float32)
    keras_out = run.decoder.predict(z, verbose=0).reshape(-1, 28, 28)
    assert weights.decode(z) == pytest.approx(keras_out, abs=1e-5)
    assert weights.hidden == 64


def test_decoded_grid_shape_order_and_determinism(run: VaeRun) -> None:
    weights = DecoderWeights.of(run.decoder)
    grid = decode_grid(weights, 5, -3.0, 3.0)
    assert grid.shape == (5 * 28, 5 * 28)
    assert np.array_equal(grid, decode_grid(weights, 5, -3.0, 3.0))
    assert grid.min() >= 0 and grid.max() <= 1
    # top-left cell is z = (-3, 3), bottom-right z = (3, -3)
    assert grid[:28, :28] == pytest.approx(weights.decode([[-3.0, 3.0]])[0])
    assert grid[-28:, -28:] == pytest.approx(weights.decode([[3.0, -3.0]])[0])
    assert grid_points(3, -1, 1)[:3].tolist() == [[-1, 1], [0, 1], [1, 1]]
    with pytest.raises(ValueError):
        decode_grid(weights, 0, -1.0, 1.0)


def test_interpolation_and_prior_samples(run: VaeRun) -> None:
    weights = DecoderWeights.of(run.decoder)
    a, b = np.array([-1.0, 0.5]), np.array([2.0, -1.0])
    path = interpolate(weights, a, b, 7)
    assert path.shape == (7, 28, 28)
    assert path[0] == pytest.approx(weights.decode(a)[0]) and path[-1] == pytest.approx(weights.decode(b)[0])
    z1, img1 = prior_samples(weights, 6, seed=3)
    z2, img2 = prior_samples(weights, 6, seed=3)
    assert np.array_equal(z1, z2) and np.array_equal(img1, img2) and img1.shape == (6, 28, 28)
    assert not np.array_equal(prior_samples(weights, 6, seed=4)[0], z1)


def test_plane_range_and_prior_share() -> None:
    codes = np.random.default_rng(0).standard_normal((1000, 2))
    assert plane_range(codes * 0.5) == 3.0  # a narrow cloud gets the minimum ±3
    assert plane_range(codes * 10) == pytest.approx(np.ceil(np.percentile(np.abs(codes * 10), 99.5) * 1.05))
    assert within_prior(codes) == pytest.approx(1 - np.exp(-2), abs=0.03)  # chi² with 2 dof


def test_frames_carry_codes_weights_and_the_batch(run: VaeRun) -> None:
    snap = run.snapshot()
    encoder = VaeEncoder()
    header, arrays = unpack(encoder.encode(snap))
    assert header["epoch"] == snap.epoch == 1 and header["variational"] is True
    codes = arrays["codes"].copy().view("<u2").reshape(-1, 2) * (2 * snap.plane / 65535) - snap.plane
    inside = (np.abs(snap.codes) <= snap.plane).all(axis=1)
    assert inside.mean() >= 0.99  # the plane covers 99.5 % of each coordinate
    assert codes[inside] == pytest.approx(snap.codes[inside], abs=snap.plane / 30000)
    assert np.abs(codes).max() <= snap.plane  # the few outliers sit on the edge
    flat = arrays["weights"].copy().view("<f4")
    w = snap.weights
    assert flat.size == w.w1.size + w.b1.size + w.w2.size + w.b2.size
    assert np.array_equal(flat[: w.w1.size], w.w1.ravel())  # exact: the view decodes as Keras does
    assert header["buffers"]["weights"]["hidden"] == 64
    assert arrays["originals"].shape == (10, 784) and header["info"]["batch_labels"] == list(range(10))
    assert len(header["history"]["rows"]) == 2
    # the next frame of the same weights sends neither the weights nor the run's constants again
    header2, arrays2 = unpack(encoder.encode(snap))
    assert "weights" not in arrays2 and "labels" not in arrays2 and "info" not in header2
    assert header2["history"]["rows"] == []
