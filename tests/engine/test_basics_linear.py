"""Linear regression: gradients, the normal equation and gradient descent against numpy / scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression

from engine.basics import data, linear
from engine.basics.gd import loss_exploding
from engine.basics.scaling import Scaler


def _finite_diff(f, theta: np.ndarray, h: float = 1e-6) -> np.ndarray:
    out = np.zeros_like(theta)
    for i in range(len(theta)):
        e = np.zeros_like(theta)
        e[i] = h
        out[i] = (f(theta + e) - f(theta - e)) / (2 * h)
    return out


def test_mse_gradient_matches_finite_differences() -> None:
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(20, 3)), rng.normal(size=20)
    theta = rng.normal(size=4)
    gw, gb = linear.mse_grad(x, y, theta[:3], theta[3])
    numeric = _finite_diff(lambda t: linear.mse(x, y, t[:3], t[3]), theta)
    np.testing.assert_allclose(np.append(gw, gb), numeric, rtol=1e-6, atol=1e-8)


def test_slides_gradient_formula() -> None:
    """Slide 000: dMSE/dm = (2/N) Σ -x (y - (m x + b)), dMSE/db = (2/N) Σ -(y - (m x + b))."""
    d = data.house_prices()
    m, b = 0.1, 60.0
    gw, gb = linear.mse_grad(d.x, d.y, np.array([m]), b)
    r = d.y - (m * d.x + b)
    assert gw[0] == pytest.approx(2 / len(r) * np.sum(-d.x * r))
    assert gb == pytest.approx(2 / len(r) * np.sum(-r))


@pytest.mark.parametrize("d", [data.house_prices(), data.balloons(3), data.line_data(5, n=50, noise=3.0)])
def test_normal_equation_matches_lstsq_and_sklearn(d) -> None:
    w, b = linear.normal_equation(d.x, d.y)
    a = np.column_stack([d.x, np.ones_like(d.x)])
    ref = np.linalg.lstsq(a, d.y, rcond=None)[0]
    np.testing.assert_allclose([w[0], b], ref, rtol=1e-8)
    model = LinearRegression().fit(d.x.reshape(-1, 1), d.y)
    np.testing.assert_allclose([w[0], b], [model.coef_[0], model.intercept_], rtol=1e-8)


def test_normal_equation_multivariate_and_singular() -> None:
    d = data.house_multivariate(2)
    w, b = linear.normal_equation(d.x, d.y)
    model = LinearRegression().fit(d.x, d.y)
    np.testing.assert_allclose(w, model.coef_, rtol=1e-7)
    assert b == pytest.approx(model.intercept_)
    with pytest.raises(ValueError, match="constant"):
        linear.normal_equation(np.ones(5), np.arange(5.0))


@pytest.mark.parametrize(("method_batch", "epochs", "lr"), [(None, 300, 0.1), (2, 200, 0.05), (1, 200, 0.01)])
def test_gradient_descent_reaches_sklearn(method_batch: int | None, epochs: int, lr: float) -> None:
    d = data.house_prices()
    scaler = Scaler.fit(d.x, "standardize")
    batch = len(d.y) if method_batch is None else method_batch
    trace = linear.train(scaler.transform(d.x), d.y, lr, epochs, batch, seed=1)
    w, b = scaler.unscale_weights(trace.thetas[-1, :1], trace.thetas[-1, 1])
    model = LinearRegression().fit(d.x.reshape(-1, 1), d.y)
    tol = 1e-6 if method_batch is None else 2e-2  # SGD wanders around the optimum
    assert w[0] == pytest.approx(model.coef_[0], rel=tol)
    assert float(b) == pytest.approx(model.intercept_, rel=tol)
    assert trace.losses[-1] < trace.losses[0] / 100


def test_multivariate_gd_matches_sklearn_with_standardization() -> None:
    d = data.house_multivariate(1)
    scaler = Scaler.fit(d.x, "standardize")
    trace = linear.train(scaler.transform(d.x), d.y, 0.2, 1000, len(d.y))
    w, b = scaler.unscale_weights(trace.thetas[-1, :3], trace.thetas[-1, 3])
    model = LinearRegression().fit(d.x, d.y)
    np.testing.assert_allclose(w, model.coef_, rtol=1e-5)
    assert float(b) == pytest.approx(model.intercept_, rel=1e-5)


def test_trace_is_consistent() -> None:
    d = data.line_data(1, n=12)
    trace = linear.train(d.x, d.y, 0.01, 3, 4, seed=2)
    assert trace.steps == 9
    np.testing.assert_allclose(trace.thetas[1:], trace.thetas[:-1] - 0.01 * trace.grads)
    for k in (0, 4, 9):
        assert trace.losses[k] == pytest.approx(linear.mse(d.x, d.y, trace.thetas[k, :1], trace.thetas[k, 1]))


def test_unscaled_house_data_diverges_at_a_normal_rate() -> None:
    d = data.house_prices()
    trace = linear.train(d.x, d.y, 0.1, 60, len(d.y))
    assert loss_exploding(trace)
    assert np.all(np.isfinite(trace.losses))


@pytest.mark.parametrize("kind", ["none", "minmax", "standardize"])
def test_scaler_round_trip(kind: str) -> None:
    d = data.house_multivariate(3)
    s = Scaler.fit(d.x, kind)
    xs = s.transform(d.x)
    if kind == "minmax":
        np.testing.assert_allclose(xs.min(axis=0), 0, atol=1e-12)
        np.testing.assert_allclose(xs.max(axis=0), 1)
    if kind == "standardize":
        np.testing.assert_allclose(xs.mean(axis=0), 0, atol=1e-10)
        np.testing.assert_allclose(xs.std(axis=0), 1)
    rng = np.random.default_rng(0)
    w, b = rng.normal(size=3), 1.5
    w_o, b_o = s.unscale_weights(w, b)
    np.testing.assert_allclose(xs @ w + b, d.x @ w_o + b_o)


def test_loss_grid_matches_mse() -> None:
    d = data.balloons(1)
    ws, bs = np.linspace(-3, 1, 5), np.linspace(50, 120, 4)
    grid = linear.loss_grid(d.x, d.y, ws, bs)
    assert grid.shape == (4, 5)
    assert grid[2, 3] == pytest.approx(linear.mse(d.x, d.y, np.array([ws[3]]), bs[2]))


def test_scaling_speeds_up_convergence() -> None:
    d = data.house_multivariate(1)
    reports = {k: linear.steps_to_converge(d.x, d.y, k) for k in ("none", "minmax", "standardize")}
    assert reports["none"].steps is None  # raw units: not within 20,000 updates
    assert reports["standardize"].steps < reports["minmax"].steps < 20_000
    assert reports["none"].condition > reports["minmax"].condition > reports["standardize"].condition


def test_slice_grid_and_path() -> None:
    d = data.house_multivariate(1)
    xs = Scaler.fit(d.x, "standardize").transform(d.x)
    path, best = linear.slice_path(xs, d.y, 0, 2, 0.2, 200)
    np.testing.assert_allclose(path[0], [0, 0])
    np.testing.assert_allclose(path[-1], best, rtol=1e-4)
    wi = np.linspace(best[0] - 1, best[0] + 1, 21)
    wj = np.linspace(best[1] - 1, best[1] + 1, 21)
    grid = linear.slice_grid(xs, d.y, 0, 2, wi, wj)
    assert np.unravel_index(np.argmin(grid), grid.shape) == (10, 10)


# ---- the slides' four candidate lines (slides 003) -----------------------------------------------


def test_candidate_lines_on_the_slides_table() -> None:
    """The slides print 18.864 / 7.079 / 2.542 / 1.397; their own eight houses give other numbers."""
    from engine.basics.linear_fit import SLIDE_COSTS, SLIDE_LINES, candidate_lines

    ds = data.house_prices_003()
    assert len(ds.x) == 8 and (ds.x[0], ds.y[1]) == (0.2, 1.8)
    lines = candidate_lines()
    assert [(c.w, c.b) for c in lines] == list(SLIDE_LINES)
    assert [c.slides_cost for c in lines] == list(SLIDE_COSTS)
    for c in lines:
        expected = np.sum((c.w * ds.x + c.b - ds.y) ** 2) / (2 * len(ds.x))  # J = (1/2m) Σ (ŷ − y)²
        assert c.half_mse == pytest.approx(expected) and c.mse == pytest.approx(2 * expected)
    ours = np.array([c.half_mse for c in lines])
    assert np.all(np.diff(ours) < 0) and np.all(np.diff(SLIDE_COSTS) < 0)  # the same ranking
    assert np.max(np.abs(ours - SLIDE_COSTS)) > 1  # but not the slides' numbers


def test_no_prices_for_the_slides_sizes_give_the_slides_costs() -> None:
    """Solved from the four lines, the scale of a squared-error cost comes out negative."""
    from engine.basics.linear_fit import SLIDE_COSTS, SLIDE_LINES, slides_cost_scale

    ds = data.house_prices_003()
    c = slides_cost_scale()
    assert c < 0
    # with c, the solved statistics do reproduce the four numbers (the system is exact) ...
    mxx, mx = np.mean(ds.x**2), np.mean(ds.x)
    a = np.array([[w * w * mxx + 2 * w * b * mx + b * b, -2 * w, -2 * b, 1.0] for w, b in SLIDE_LINES])
    sol = np.linalg.solve(a, SLIDE_COSTS)
    np.testing.assert_allclose(a @ sol, SLIDE_COSTS)
    assert sol[0] == pytest.approx(c)
    # ... and with the slides' halved mean (c = 1/2) the best any prices can do is far off
    fixed = SLIDE_COSTS - 0.5 * a[:, 0]
    rest, *_ = np.linalg.lstsq(0.5 * a[:, 1:], fixed, rcond=None)
    assert np.max(np.abs(0.5 * a[:, 1:] @ rest - fixed)) > 0.5
