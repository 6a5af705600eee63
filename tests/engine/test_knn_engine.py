"""The kNN engine against scikit-learn and scipy on fixed seeds."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.distance import cdist
from sklearn.metrics.pairwise import pairwise_distances
from sklearn.model_selection import cross_val_score, cross_validate
from sklearn.neighbors import KNeighborsClassifier

from engine.classical import knn
from engine.playground.datasets import make_dataset


def _data(name: str = "moons", seed: int = 3, noise: float = 0.3, n: int = 240):
    d = make_dataset(name, n, noise, 0.75, seed)
    return d.x_train.astype(float), d.y_train, d.x_test.astype(float), d.y_test, d.n_classes


@pytest.mark.parametrize("metric", list(knn.METRICS))
@pytest.mark.parametrize("weights", list(knn.WEIGHTS))
@pytest.mark.parametrize("name", ["moons", "blobs4", "xor"])
def test_vote_equals_kneighborsclassifier(metric: str, weights: str, name: str) -> None:
    xt, yt, xq, _, c = _data(name)
    dist, idx = knn.neighbours(xt, xq, metric, 25)
    for k in (1, 2, 5, 12, 25):
        ref = KNeighborsClassifier(n_neighbors=k, metric=metric, weights=weights).fit(xt, yt)
        pred, shares = knn.vote(dist, idx, yt, k, weights, c)
        np.testing.assert_array_equal(pred, ref.predict(xq))
        np.testing.assert_allclose(shares, ref.predict_proba(xq), atol=1e-12)
        # every k at once, from the cumulative vote
        np.testing.assert_array_equal(
            knn.predict_all_k(idx, knn.vote_weights(dist, weights), yt, c)[:, k - 1], pred
        )
    np.testing.assert_array_equal(
        knn.knn_predict(xt, yt, xq, 7, metric, weights, c),
        knn.sklearn_model(7, metric, weights).fit(xt, yt).predict(xq),
    )


def test_distance_weights_give_a_zero_distance_point_the_whole_vote() -> None:
    xt, yt, _, _, c = _data()
    ref = KNeighborsClassifier(n_neighbors=9, weights="distance").fit(xt, yt)
    dist, idx = knn.neighbours(xt, xt, "euclidean", 9)
    pred, shares = knn.vote(dist, idx, yt, 9, "distance", c)
    np.testing.assert_array_equal(pred, yt)  # each training point is its own neighbour at d = 0
    np.testing.assert_allclose(shares, ref.predict_proba(xt))


def test_probe_shows_the_numbers_of_the_vote() -> None:
    xt, yt, _, _, c = _data()
    p = knn.probe(xt, yt, (0.5, 0.5), 7, "euclidean", "distance", c)
    np.testing.assert_allclose(p.dist, np.sort(np.hypot(*(xt - [0.5, 0.5]).T))[:7])
    np.testing.assert_allclose(p.weights, 1 / p.dist)
    assert p.totals.sum() == pytest.approx(np.sum(1 / p.dist))
    ref = KNeighborsClassifier(n_neighbors=7, weights="distance").fit(xt, yt)
    assert p.winner == ref.predict([[0.5, 0.5]])[0]


@pytest.mark.parametrize(
    ("metric", "weights", "folds"),
    [("euclidean", "uniform", 5), ("manhattan", "distance", 4), ("cosine", "uniform", 3)],
)
def test_kfold_curve_equals_cross_validate(metric: str, weights: str, folds: int) -> None:
    xt, yt, _, _, c = _data("moons", seed=7, noise=0.4)
    kmax = knn.largest_k(len(xt), folds)
    kmax = min(kmax, 20)
    curve = knn.kfold_curve(knn.fold_neighbours(xt, kmax, metric, folds, 11), yt, weights, c)
    cv = knn.splitter(folds, 11)
    for k in (1, 3, 8, 20):
        model = knn.sklearn_model(k, metric, weights)
        scores = cross_val_score(model, xt, yt, cv=cv)
        np.testing.assert_allclose(curve.val_folds[:, k - 1], scores)
        assert curve.val_acc[k - 1] == pytest.approx(scores.mean())
        both = cross_validate(model, xt, yt, cv=cv, return_train_score=True)
        assert curve.train_acc[k - 1] == pytest.approx(both["train_score"].mean())
    assert curve.best_k == int(np.argmax(curve.val_acc)) + 1


def test_largest_k_is_the_smallest_training_fold() -> None:
    for n in (10, 11, 57, 150):
        for folds in (2, 3, 5, 10):
            sizes = [len(t) for t, _ in knn.splitter(folds, 0).split(np.zeros((n, 1)))]
            assert knn.largest_k(n, folds) == min(sizes)


@pytest.mark.parametrize("method", list(knn.DISTANCE_METHODS))
def test_distance_matrices_equal_scipy_and_sklearn(method: str) -> None:
    rng = np.random.default_rng(0)
    a, b = rng.random((13, 784)), rng.random((41, 784))
    got = knn.DISTANCE_METHODS[method](a, b)
    np.testing.assert_allclose(got, cdist(a, b), atol=1e-9)
    np.testing.assert_allclose(got, pairwise_distances(a, b, metric="euclidean"), atol=1e-9)


def test_vectorized_distance_is_zero_on_the_diagonal_not_nan() -> None:
    a = np.random.default_rng(1).random((20, 50)) * 255
    d = knn.distances_vectorized(a, a)
    assert np.all(np.isfinite(d)) and np.allclose(np.diag(d), 0, atol=1e-4)


def test_timing_reports_every_method_and_the_same_matrix() -> None:
    rng = np.random.default_rng(2)
    t = knn.time_distance_methods(rng.random((5, 30)), rng.random((40, 30)), fast_repeats=2)
    assert set(t.seconds) == set(knn.DISTANCE_METHODS) and all(s > 0 for s in t.seconds.values())
    assert max(t.max_diff.values()) < 1e-9
    assert t.speedup() == pytest.approx(t.seconds["two loops"] / t.seconds["no loop (numpy)"])
    assert (t.n_test, t.n_train, t.dim) == (5, 40, 30)


def test_plane_grid_avoids_the_origin() -> None:
    axis, grid = knn.plane_grid(6.0, 80)
    assert len(axis) == 80 and grid.shape == (6400, 2) and not np.any(np.all(grid == 0, axis=1))
    assert axis[0] > -6 and axis[-1] < 6


def test_fit_predict_times_grow_for_predict_only() -> None:
    rng = np.random.default_rng(0)

    def make(n):
        return rng.random((n, 2)), rng.integers(0, 2, n)

    t = knn.fit_predict_times(make, (100, 2000), rng.random((500, 2)), 5, "euclidean", repeats=2)
    assert t.sizes == (100, 2000) and t.n_query == 500 and len(t.fit_s) == len(t.predict_s) == 2
    assert t.predict_s[1] > t.fit_s[1]  # "no training needed": the work is at predict time
