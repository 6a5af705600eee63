"""Loss surfaces: gradients vs central finite differences, minima, stochastic gradients."""

from __future__ import annotations

import numpy as np
import pytest

from engine.optim.surfaces import SURFACES, get_surface, logistic_data


@pytest.mark.parametrize("key", SURFACES)
def test_gradient_matches_finite_differences(key: str) -> None:
    surface = get_surface(key, seed=3)
    x0, x1, y0, y1 = surface.domain
    rng = np.random.default_rng(0)
    xs, ys = rng.uniform(x0, x1, 25), rng.uniform(y0, y1, 25)
    h = 1e-6
    gx, gy = surface.grad(xs, ys)
    fx = (surface.value(xs + h, ys) - surface.value(xs - h, ys)) / (2 * h)
    fy = (surface.value(xs, ys + h) - surface.value(xs, ys - h)) / (2 * h)
    scale = 1.0 + np.abs(np.concatenate([gx, gy])).max()
    np.testing.assert_allclose(gx, fx, atol=1e-5 * scale)
    np.testing.assert_allclose(gy, fy, atol=1e-5 * scale)


@pytest.mark.parametrize("key", SURFACES)
def test_minimum_is_stationary_and_lowest(key: str) -> None:
    surface = get_surface(key, seed=3)
    mx, my = surface.minimum
    assert float(surface.value(mx, my)) == pytest.approx(surface.f_min, abs=1e-9)
    np.testing.assert_allclose(surface.grad_vec(np.array([mx, my])), 0.0, atol=1e-5)
    _, _, grid = surface.grid(121)
    assert grid.min() >= surface.f_min - 1e-9
    x0, x1, y0, y1 = surface.domain
    assert x0 <= surface.start[0] <= x1 and y0 <= surface.start[1] <= y1
    assert x0 <= mx <= x1 and y0 <= my <= y1


def test_grid_orientation() -> None:
    surface = get_surface("valley")
    xs, ys, f = surface.grid(11)
    assert f.shape == (11, 11)
    assert f[0, 0] == pytest.approx(float(surface.value(xs[0], ys[0])))
    assert f[-1, 3] == pytest.approx(float(surface.value(xs[3], ys[-1])))


def test_noisy_gradients_average_to_the_true_one() -> None:
    surface = get_surface("rosenbrock")
    p = np.array([-1.0, 1.5])
    rng = np.random.default_rng(1)
    draws = np.array([surface.stochastic_grad(p, 4, 2.0, rng) for _ in range(4000)])
    np.testing.assert_allclose(draws.mean(axis=0), surface.grad_vec(p), atol=0.1)
    assert draws.std(axis=0) == pytest.approx([1.0, 1.0], rel=0.1)  # σ/√B = 2/√4


def test_model_surface_samples_its_data() -> None:
    surface = get_surface("logistic", seed=5)
    p = np.array([0.5, -1.0])
    full = surface.sample_grad_fn(p, np.arange(surface.n_examples))
    np.testing.assert_allclose(full, surface.grad_vec(p), atol=1e-12)
    rng = np.random.default_rng(0)
    one = surface.stochastic_grad(p, 1, 0.0, rng)
    assert not np.allclose(one, surface.grad_vec(p))
    x, y = logistic_data(5)
    assert x.shape == y.shape == (surface.n_examples,)
    assert set(np.unique(y)) == {0.0, 1.0}


def test_logistic_loss_is_the_mean_bce() -> None:
    from sklearn.metrics import log_loss

    x, y = logistic_data(2)
    surface = get_surface("logistic", seed=2)
    w, b = 0.7, -1.2
    p = 1 / (1 + np.exp(-(w * x + b)))
    assert float(surface.value(w, b)) == pytest.approx(log_loss(y, p), rel=1e-9)


def test_noisy_bowl_depends_on_its_seed() -> None:
    a, b = get_surface("noisy_bowl", seed=1), get_surface("noisy_bowl", seed=2)
    assert float(a.value(1.0, 1.0)) != float(b.value(1.0, 1.0))
    assert float(a.value(1.0, 1.0)) == float(get_surface("noisy_bowl", seed=1).value(1.0, 1.0))
