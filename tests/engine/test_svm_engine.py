"""engine.classical.svm against scikit-learn: fits, dual coefficients, kernels by hand, the 3-D lift."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from sklearn.metrics.pairwise import linear_kernel, polynomial_kernel, rbf_kernel
from sklearn.svm import SVC

from engine.classical import svm
from engine.classical.svm_code import lift_code, svm_code
from engine.classical.svm_config import DATASETS, SvmConfig
from engine.playground.datasets import make_dataset

CASES = [
    SvmConfig(),
    SvmConfig(dataset="moons", noise=25, kernel="rbf", gamma=1.0, C=10.0, seed=3),
    SvmConfig(dataset="xor", kernel="poly", degree=2, coef0=0.0, gamma=0.1, C=1.0, seed=7),
    SvmConfig(dataset="gauss", noise=20, kernel="linear", C=0.1, seed=5),
    SvmConfig(dataset="spiral", n_points=300, kernel="rbf", gamma=1.0, C=100.0, seed=2),
]
IDS = [f"{c.dataset}-{c.kernel}" for c in CASES]


@pytest.mark.parametrize("cfg", CASES, ids=IDS)
def test_fit_equals_a_plain_svc(cfg: SvmConfig) -> None:
    """Support vectors, dual coefficients, intercept and decision values equal SVC's with the same call."""
    data = make_dataset(cfg.dataset, cfg.n_points, cfg.noise / 100, (100 - cfg.val_percent) / 100, cfg.seed)
    ref = SVC(kernel=cfg.kernel, C=cfg.C, gamma=cfg.gamma, degree=cfg.degree, coef0=cfg.coef0)
    ref.fit(data.x_train, data.y_train)
    fit = svm.fit_svm(svm.load_data(cfg), cfg)
    assert fit.converged
    np.testing.assert_array_equal(fit.support, ref.support_)
    np.testing.assert_array_equal(fit.support_vectors, ref.support_vectors_)
    np.testing.assert_allclose(fit.dual_coef, ref.dual_coef_[0], rtol=1e-10, atol=1e-12)
    assert fit.intercept == pytest.approx(ref.intercept_[0], rel=1e-10)
    assert fit.train_acc == ref.score(data.x_train, data.y_train)
    assert fit.val_acc == ref.score(data.x_test, data.y_test)
    np.testing.assert_allclose(fit.model.decision_function(data.x_test), ref.decision_function(data.x_test))


@pytest.mark.parametrize("cfg", CASES, ids=IDS)
def test_decision_by_hand_equals_sklearn(cfg: SvmConfig) -> None:
    """f(x) = sum alpha_i y_i K(x_i, x) + b in numpy equals SVC.decision_function."""
    data = svm.load_data(cfg)
    fit = svm.fit_svm(data, cfg)
    points = np.vstack([data.x_test, [[0.0, 0.0], [5.5, -5.5]]])
    np.testing.assert_allclose(
        svm.decision_by_hand(fit, points, cfg), fit.model.decision_function(points), rtol=1e-7, atol=1e-7
    )
    terms = svm.decision_terms(fit, points[:1], cfg)
    assert terms.sum() + fit.intercept == pytest.approx(fit.model.decision_function(points[:1])[0], abs=1e-7)
    assert np.all(np.diff(np.abs(terms)) <= 1e-15)  # largest first


@pytest.mark.parametrize("cfg", CASES, ids=IDS)
def test_dual_constraints_and_margin(cfg: SvmConfig) -> None:
    """0 <= alpha <= C, sum alpha_i y_i = 0, free support vectors on f = +-1, the rest outside."""
    data = svm.load_data(cfg)
    fit = svm.fit_svm(data, cfg)
    alpha = np.abs(fit.dual_coef)
    assert np.all(alpha <= cfg.C * (1 + 1e-9)) and np.all(alpha > 0)
    assert abs(fit.dual_coef.sum()) < 1e-6 * max(1.0, cfg.C)
    y_signed = 2 * data.y_train - 1
    margins = y_signed * fit.model.decision_function(data.x_train)
    free = alpha < cfg.C * (1 - 1e-6)
    assert fit.n_on_margin(cfg.C) == int(free.sum())
    np.testing.assert_allclose(margins[fit.support[free]], 1.0, atol=1e-2)
    others = np.setdiff1d(np.arange(len(data.x_train)), fit.support)
    assert np.all(margins[others] >= 1 - 1e-2)  # not a support vector: on or beyond its margin


def test_linear_weights_and_margin_width() -> None:
    cfg = CASES[3]
    fit = svm.fit_svm(svm.load_data(cfg), cfg)
    np.testing.assert_allclose(fit.w, fit.dual_coef @ fit.support_vectors)  # w = sum alpha_i y_i x_i
    assert fit.margin_width == pytest.approx(2 / np.linalg.norm(fit.w))
    assert svm.fit_svm(svm.load_data(CASES[0]), CASES[0]).margin_width is None


@pytest.mark.parametrize("gamma", [0.01, 0.1, 3.0])
@pytest.mark.parametrize(("degree", "coef0"), [(2, 0.0), (3, 1.0), (5, 2.5)])
def test_kernels_equal_sklearn_pairwise(gamma: float, degree: int, coef0: float) -> None:
    rng = np.random.default_rng(0)
    a, b = rng.uniform(-6, 6, (7, 2)), rng.uniform(-6, 6, (5, 2))
    np.testing.assert_allclose(svm.kernel_matrix(a, b, "linear"), linear_kernel(a, b))
    np.testing.assert_allclose(
        svm.kernel_matrix(a, b, "poly", gamma, degree, coef0),
        polynomial_kernel(a, b, degree=degree, gamma=gamma, coef0=coef0),
    )
    np.testing.assert_allclose(
        svm.kernel_matrix(a, b, "rbf", gamma), rbf_kernel(a, b, gamma=gamma), atol=1e-15
    )
    with pytest.raises(ValueError, match="unknown kernel"):
        svm.kernel_matrix(a, b, "sigmoid")


def test_page_kernel_points_equal_sklearn() -> None:
    """The kernel tab's default points: the three values and the series' limit."""
    cfg = SvmConfig()
    a, b = np.array([[cfg.ax, cfg.ay]]), np.array([[cfg.bx, cfg.by]])
    assert svm.kernel_matrix(a, b, "rbf", cfg.gamma)[0, 0] == pytest.approx(
        rbf_kernel(a, b, gamma=cfg.gamma)[0, 0]
    )
    assert svm.kernel_matrix(a, b, "poly", cfg.gamma, cfg.degree, cfg.coef0)[0, 0] == pytest.approx(
        polynomial_kernel(a, b, degree=cfg.degree, gamma=cfg.gamma, coef0=cfg.coef0)[0, 0]
    )


@pytest.mark.parametrize("gamma", [0.01, 0.1, 1.0])
def test_rbf_series_converges_to_the_kernel(gamma: float) -> None:
    """The truncated infinite feature map tends to exp(-gamma |a - b|^2), never reaching it early."""
    a, b = np.array([1.0, 2.0]), np.array([2.0, 0.5])
    exact = rbf_kernel(a[None], b[None], gamma=gamma)[0, 0]
    sums = svm.rbf_series(a, b, gamma, 40)
    assert sums[-1] == pytest.approx(exact, rel=1e-12)
    assert sums[0] == pytest.approx(np.exp(-gamma * (a @ a + b @ b)))  # the k = 0 term alone
    assert np.all(np.diff(sums[:4]) > 0) and np.all(np.diff(sums) >= 0)  # a.b > 0: every term adds
    assert sums[2] < exact


def test_poly_feature_count() -> None:
    """Monomials of degree <= d in 2 variables (r > 0), or exactly d (r = 0): sklearn's PolynomialFeatures."""
    from sklearn.preprocessing import PolynomialFeatures

    for d in range(2, 6):
        full = PolynomialFeatures(d).fit(np.zeros((1, 2))).n_output_features_
        assert svm.poly_feature_count(d, 1.0) == full
        assert svm.poly_feature_count(d, 0.0) == d + 1


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_radius_lift_separates_circle_data(seed: int) -> None:
    """Circle data with z = x1^2 + x2^2: a plane separates every point; in 2-D its cut is a circle between the classes."""
    data = make_dataset("circle", 300, 0.0, 0.7, seed)
    plane = svm.fit_lifted(data.x_train, data.y_train, "radius")
    assert plane.separates
    lifted = svm.lift(data.x_train, "radius")
    np.testing.assert_array_equal(plane.side(lifted) > 0, data.y_train == 1)
    c1, c2, r = plane.circle()
    assert (
        abs(c1) < 0.5 and abs(c2) < 0.5 and 2.5 < r < 3.5
    )  # inside the gap between disc (2.5) and ring (3.5)
    # the plane's height at (x1, x2) is where it cuts the bowl: on the circle, z = r^2 - ... consistent
    t = np.linspace(0, 2 * np.pi, 7)
    x1, x2 = c1 + r * np.cos(t), c2 + r * np.sin(t)
    np.testing.assert_allclose(plane.plane_z(x1, x2), x1**2 + x2**2, rtol=1e-9)


def test_the_product_lift_separates_xor_and_radius_does_not() -> None:
    data = make_dataset("xor", 300, 0.0, 0.7, 1)
    assert svm.fit_lifted(data.x_train, data.y_train, "product").separates
    assert not svm.fit_lifted(data.x_train, data.y_train, "radius").separates
    # without the lift, no line separates either set
    assert (
        SVC(kernel="linear", C=1000).fit(data.x_train, data.y_train).score(data.x_train, data.y_train) < 0.8
    )
    with pytest.raises(ValueError, match="unknown lift"):
        svm.lift(data.x_train, "cube")


def test_validation_grid_equals_plain_svc_scores() -> None:
    data = svm.load_data(SvmConfig(dataset="moons", noise=25))
    cs, gammas = (0.1, 10.0), (0.3, 30.0)
    grid = svm.validation_grid(data, cs, gammas)
    for i, g in enumerate(gammas):
        for j, c in enumerate(cs):
            ref = SVC(kernel="rbf", C=c, gamma=g).fit(data.x_train, data.y_train)
            assert grid[i, j] == ref.score(data.x_test, data.y_test)


def test_one_class_is_a_clear_error() -> None:
    cfg = SvmConfig()
    data = svm.load_data(cfg)
    one = dataclasses.replace(data, y_train=np.zeros_like(data.y_train))
    with pytest.raises(svm.SvmDataError, match="only class 0"):
        svm.fit_svm(one, cfg)
    with pytest.raises(svm.SvmDataError):
        svm.validation_grid(one)
    with pytest.raises(svm.SvmDataError):
        svm.fit_lifted(one.x_train, one.y_train, "radius")


def test_a_badly_scaled_polynomial_stops_with_a_flag() -> None:
    """Degree 5, gamma 10, C 1000 on the spiral: libsvm hits its iteration cap instead of hanging."""
    cfg = SvmConfig(dataset="spiral", kernel="poly", degree=5, gamma=10.0, C=1000.0, coef0=1.0)
    fit = svm.fit_svm(svm.load_data(cfg), cfg)
    assert not fit.converged


def test_verdicts() -> None:
    assert svm.fit_verdict(0.6, 0.55)[0] == "underfit"
    assert svm.fit_verdict(1.0, 0.7)[0] == "overfit"
    kind, text = svm.fit_verdict(0.97, 0.95)
    assert kind == "good" and "train 97%, validation 95%" in text


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_generated_code_reproduces_the_fit(dataset: str) -> None:
    """The page's snippet, run here, prints the page's numbers (and the by-hand decision values)."""
    import contextlib
    import io

    for kernel in ("linear", "poly", "rbf"):
        cfg = SvmConfig(dataset=dataset, kernel=kernel, n_points=100)
        fit = svm.fit_svm(svm.load_data(cfg), cfg)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            namespace: dict = {}
            exec(svm_code(cfg), namespace)
            exec(lift_code(cfg), namespace)
        text = out.getvalue()
        assert f"support vectors: {fit.n_support} of" in text
        assert f"validation accuracy: {fit.val_acc}" in text
        x = namespace["x"]
        np.testing.assert_allclose(
            namespace["K"] @ fit.dual_coef + fit.intercept, fit.model.decision_function(x)
        )


def test_level_lines_trace_the_level_set() -> None:
    """f = x1^2 + x2^2 - 9 on the grid: the 0 level is the circle of radius 3 (marching squares)."""
    axis = np.linspace(-6, 6, 81)
    xx, yy = np.meshgrid(axis, axis)
    pts = svm.level_lines(axis, xx**2 + yy**2 - 9.0, 0.0)
    ok = pts[~np.isnan(pts).any(axis=1)]
    assert len(ok) > 50 and np.isnan(pts[-1]).all()
    np.testing.assert_allclose(np.hypot(ok[:, 0], ok[:, 1]), 3.0, atol=0.02)
    assert svm.level_lines(axis, xx**2, -1.0).shape == (0, 2)  # a level that is never reached


def test_grid_resolution() -> None:
    assert svm.grid_resolution(SvmConfig()) == 81
    assert svm.grid_resolution(SvmConfig(gamma=10.0)) == 161
    assert svm.grid_resolution(SvmConfig(kernel="poly", gamma=10.0)) == 81
