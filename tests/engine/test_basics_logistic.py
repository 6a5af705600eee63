"""Logistic regression: the slides' tables, gradients vs finite differences, fits vs scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier

from engine.basics import data, logistic
from engine.basics.scaling import Scaler


def _finite_diff(f, theta: np.ndarray, h: float = 1e-6) -> np.ndarray:
    out = np.zeros_like(theta)
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e.flat[i] = h
        out.flat[i] = (f(theta + e) - f(theta - e)) / (2 * h)
    return out


def test_sigmoid_matches_the_slides_table() -> None:
    table = {
        -10: 4.5397e-5,
        -8: 0.0003353501,
        -4: 0.0179862010,
        0: 0.5,
        0.5: 0.6224593312,
        1: 0.7310585786,
        5: 0.9933071491,
    }
    for z, expected in table.items():
        assert float(logistic.sigmoid(np.array([z]))[0]) == pytest.approx(expected, rel=1e-4)
    assert np.all(np.isfinite(logistic.sigmoid(np.array([-1000.0, 1000.0]))))


def test_bce_matches_the_slides_table() -> None:
    costs = logistic.bce_terms(
        np.array([1, 1, 1, 0, 0, 0]), np.array([0.7, 0.1, 0.000001, 0.3, 0.9, 0.999999])
    )
    np.testing.assert_allclose(costs, [0.35667, 2.30259, 13.81551, 0.35667, 2.30259, 13.81551], atol=1e-4)


def test_bce_from_logits_equals_bce() -> None:
    rng = np.random.default_rng(1)
    z, y = rng.normal(scale=3, size=50), rng.integers(0, 2, 50)
    assert float(logistic.bce_from_logits(y, z)) == pytest.approx(
        logistic.bce(y, logistic.sigmoid(z)), rel=1e-6
    )


def test_bce_gradient_matches_finite_differences() -> None:
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(30, 2)), rng.integers(0, 2, 30).astype(float)
    theta = rng.normal(size=3)
    gw, gb = logistic.bce_grad(x, y, theta[:2], theta[2])
    numeric = _finite_diff(lambda t: float(logistic.bce_from_logits(y, x @ t[:2] + t[2])), theta)
    np.testing.assert_allclose(np.append(gw, gb), numeric, rtol=1e-6, atol=1e-9)


def test_softmax_gradient_matches_finite_differences() -> None:
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(25, 2)), rng.integers(0, 3, 25)
    w, b = rng.normal(size=(3, 2)), rng.normal(size=3)
    gw, gb = logistic.softmax_grad(x, y, w, b)
    nw = _finite_diff(lambda t: logistic.cross_entropy(y, logistic.softmax(x @ t.T + b)), w)
    nb = _finite_diff(lambda t: logistic.cross_entropy(y, logistic.softmax(x @ w.T + t)), b)
    np.testing.assert_allclose(gw, nw, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(gb, nb, rtol=1e-6, atol=1e-9)


def test_gradient_descent_reaches_sklearn_logistic_regression() -> None:
    d = data.admissions(1)
    xs = Scaler.fit(d.x, "standardize").transform(d.x)
    trace = logistic.train(xs, d.y, 1.0, 3000, len(d.y))
    model = LogisticRegression(C=np.inf, max_iter=10_000, tol=1e-10).fit(xs, d.y)
    np.testing.assert_allclose(trace.thetas[-1, :2], model.coef_[0], rtol=2e-3)
    assert trace.thetas[-1, 2] == pytest.approx(model.intercept_[0], abs=2e-3)
    assert np.all(np.diff(trace.losses) <= 1e-12)  # batch GD on a convex loss never goes up here


def test_softmax_and_ovr_agree_with_sklearn() -> None:
    d = data.blobs3(1, spread=2.5)
    y = d.y.astype(int)
    soft = logistic.fit_softmax(d.x, d.y, 3, 0.5, 3000)
    ref = LogisticRegression(C=np.inf, max_iter=10_000).fit(d.x, y)
    np.testing.assert_allclose(soft.proba(d.x), ref.predict_proba(d.x), atol=2e-2)
    assert np.mean(soft.predict(d.x) == ref.predict(d.x)) >= 0.98
    ovr = logistic.fit_ovr(d.x, d.y, 3, 0.5, 3000)
    ref_ovr = OneVsRestClassifier(LogisticRegression(C=np.inf, max_iter=10_000)).fit(d.x, y)
    assert np.mean(ovr.predict(d.x) == ref_ovr.predict(d.x)) >= 0.98
    assert np.allclose(soft.proba(d.x).sum(axis=1), 1.0)
    assert not np.allclose(ovr.proba(d.x).sum(axis=1), 1.0)


def test_mse_of_sigmoid_is_not_convex_but_bce_is() -> None:
    ws = np.linspace(-8, 8, 801)
    mse, bce = logistic.one_weight_losses(data.MSE_DEMO_X, data.MSE_DEMO_Y, ws)
    assert np.diff(mse, 2).min() < -1e-5
    assert np.diff(bce, 2).min() > 0


def test_tumor_line_reproduces_the_slides_predictions() -> None:
    a, c, cut = logistic.linear_threshold(data.TUMOR_SIZE, data.TUMOR_MALIGNANT)
    q = np.array(data.TUMOR_QUERY)
    np.testing.assert_allclose(a * q + c, [0.04, 0.48, 0.60, 0.65], atol=0.011)
    assert 3.4 < cut < 4.0
    x2, y2 = np.append(data.TUMOR_SIZE, data.TUMOR_LARGE), np.append(data.TUMOR_MALIGNANT, 1)
    a2, c2, cut2 = logistic.linear_threshold(x2, y2)
    np.testing.assert_allclose(a2 * q + c2, [0.36, 0.46, 0.48, 0.49], atol=0.011)
    assert cut2 > 4.3  # the malignant 4.0 and 4.3 tumors are now called benign
