"""kNN on the bundled MNIST digits against scikit-learn (the offline 5,000-digit subset)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.model_selection import cross_val_score

from engine.classical import knn, knn_mnist
from engine.classical.knn_code import distance_code


@pytest.fixture(scope="module")
def digits():
    d = knn_mnist.digits()
    return knn_mnist.flat(d.x_train), d.y_train.astype(int), knn_mnist.flat(d.x_test), d.y_test.astype(int)


def test_test_accuracy_equals_kneighborsclassifier(digits) -> None:
    x, y, xt, yt = digits
    curve = knn_mnist.mnist_curve("euclidean", "uniform")
    assert curve.n_train == 4000 and curve.n_test == 1000
    for k in (1, curve.best_k, 15):
        ref = knn.sklearn_model(k, "euclidean", "uniform").fit(x, y).score(xt, yt)
        assert curve.test_acc[k - 1] == pytest.approx(ref)
    assert curve.test_at_best > 0.85  # kNN reads digits well, with no training at all


def test_validation_curve_equals_cross_val_score(digits) -> None:
    x, y, _, _ = digits
    curve = knn_mnist.mnist_curve("cosine", "distance")
    cv = knn.splitter(knn_mnist.MNIST_FOLDS, knn_mnist.MNIST_SEED)
    ref = cross_val_score(knn.sklearn_model(4, "cosine", "distance"), x, y, cv=cv)
    np.testing.assert_allclose(curve.cv.val_folds[:, 3], ref)
    assert curve.cv.train_acc is None and 1 <= curve.best_k <= knn_mnist.MNIST_KMAX


def test_l1_is_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="supports"):
        knn_mnist.mnist_curve("manhattan", "uniform")


def test_timed_lesson_on_digits_agrees_and_vectorized_wins() -> None:
    t = knn_mnist.time_lesson(10, 250)
    assert (t.n_test, t.n_train, t.dim) == (10, 250, 784)
    assert max(t.max_diff.values()) < 1e-9
    assert t.speedup() > 1  # a ratio measured side by side, no absolute time


def test_distance_snippet_functions_match_the_engine() -> None:
    namespace: dict = {}
    code = (
        distance_code(5, 20)
        .split("seconds = {}")[0]
        .replace("x, _ = mnist_data()", "x = np.random.default_rng(0).random((40, 784)) * 255")
    )
    exec(compile(code, "snippet", "exec"), namespace)
    a, b = namespace["test"], namespace["train"]
    for name in ("two_loops", "one_loop", "no_loop"):
        np.testing.assert_allclose(namespace[name](a, b), knn.distances_two_loops(a, b), atol=1e-9)
