"""The numpy k-means steps against scikit-learn's KMeans with the same initial centroids."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from sklearn.cluster import KMeans, kmeans_plusplus
from sklearn.metrics import pairwise_distances_argmin, silhouette_samples, silhouette_score

from engine.classical.kmeans import (
    KMeansConfig,
    assign,
    data_problem,
    inertia,
    initial_centroids,
    make_points,
    run_kmeans,
    silhouette_samples_np,
    update,
)
from engine.classical.kmeans_presets import FAR_START

CFG = KMeansConfig()


@pytest.fixture(scope="module")
def data() -> np.ndarray:
    return make_points(CFG)[0]


def _sk(x: np.ndarray, init: np.ndarray, **kw) -> KMeans:
    return KMeans(n_clusters=len(init), init=init, n_init=1, algorithm="lloyd", tol=0, **kw).fit(x)


@pytest.mark.parametrize("seed", [0, 1, 2, 7])
def test_one_assign_update_step_equals_kmeans_max_iter_1(data: np.ndarray, seed: int) -> None:
    init = data[np.random.default_rng(seed).choice(len(data), 4, replace=False)]
    labels = assign(data, init)
    assert np.array_equal(labels, pairwise_distances_argmin(data, init))
    centroids, moves = update(data, init, labels)
    model = _sk(data, init, max_iter=1)
    np.testing.assert_allclose(centroids, model.cluster_centers_, atol=1e-10)
    # after max_iter=1, scikit-learn re-assigns the points to the new centroids: our next assign step
    assert np.array_equal(assign(data, centroids), model.labels_)
    assert inertia(data, centroids, assign(data, centroids)) == pytest.approx(model.inertia_, rel=1e-10)
    assert not moves


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"init": "random", "init_seed": 5},
        {"dataset": "stretched", "centers": 3, "k": 3},
        {"dataset": "moons", "k": 5},
    ],
)
def test_the_whole_trace_converges_to_kmeans(overrides: dict) -> None:
    cfg = dataclasses.replace(CFG, **overrides)
    x, _ = make_points(cfg)
    init = initial_centroids(x, cfg)
    trace = run_kmeans(x, init)
    model = _sk(x, init)
    assert trace.converged
    np.testing.assert_allclose(trace.final_centroids, model.cluster_centers_, atol=1e-9)
    assert np.array_equal(trace.final_labels, model.labels_)
    assert trace.final_inertia == pytest.approx(model.inertia_, rel=1e-9)
    assert trace.n_iter == model.n_iter_


def test_kmeans_plusplus_start_is_scikit_learns(data: np.ndarray) -> None:
    cfg = dataclasses.replace(CFG, init_seed=11)
    expected, _ = kmeans_plusplus(data, 4, random_state=11)
    np.testing.assert_array_equal(initial_centroids(data, cfg), expected)


def test_inertia_never_rises_and_steps_alternate(data: np.ndarray) -> None:
    trace = run_kmeans(data, initial_centroids(data, CFG))
    values = trace.inertias()
    assert len(values) == trace.n_steps == 2 * trace.n_iter
    assert np.all(np.diff(values) <= 1e-9)
    assert trace.at(0).kind == "init" and trace.at(0).labels is None
    assert trace.at(1).kind == "assign" and trace.at(2).kind == "update"
    np.testing.assert_array_equal(trace.at(2).previous, trace.at(1).centroids)
    last_assign = trace.at(trace.n_steps - 1)
    assert last_assign.changed == 0  # converged: the last assignment changed nothing
    assert trace.at(10_000).step == trace.n_steps


def test_empty_cluster_is_reseeded_at_the_farthest_point_as_scikit_learn_does(data: np.ndarray) -> None:
    init = np.asarray(FAR_START).reshape(-1, 2)
    labels = assign(data, init)
    assert not np.any(labels == 3)  # nobody chose the far centroid
    centroids, moves = update(data, init, labels, "farthest")
    far = ((data - init[labels]) ** 2).sum(axis=1)
    assert [m.cluster for m in moves] == [3] and moves[0].point == int(far.argmax())
    np.testing.assert_array_equal(centroids[3], data[far.argmax()])
    model = _sk(data, init, max_iter=1)
    np.testing.assert_allclose(centroids, model.cluster_centers_, atol=1e-10)
    trace = run_kmeans(data, init, "farthest")
    np.testing.assert_allclose(trace.final_centroids, _sk(data, init).cluster_centers_, atol=1e-9)


def test_two_empty_clusters_take_the_two_farthest_points(data: np.ndarray) -> None:
    init = np.array([[0.0, 0.0], [0.5, -1.0], [11.0, 11.0], [-11.0, 11.0]])
    centroids, moves = update(data, init, assign(data, init), "farthest")
    assert sorted(m.cluster for m in moves) == [2, 3]
    np.testing.assert_allclose(centroids, _sk(data, init, max_iter=1).cluster_centers_, atol=1e-10)


def test_keep_leaves_an_empty_centroid_in_place(data: np.ndarray) -> None:
    init = np.asarray(FAR_START).reshape(-1, 2)
    trace = run_kmeans(data, init, "keep")
    np.testing.assert_array_equal(trace.final_centroids[3], init[3])
    assert not np.any(trace.final_labels == 3)
    assert all(m.rule == "keep" and m.cluster == 3 for moves in trace.relocations for m in moves)
    assert trace.final_inertia > run_kmeans(data, init, "farthest").final_inertia


def test_click_start_waits_for_k_points() -> None:
    cfg = dataclasses.replace(CFG, init="click", placed=(0.0, 0.0, 1.0, 1.0))
    x, _ = make_points(cfg)
    assert initial_centroids(x, cfg) is None
    more = dataclasses.replace(cfg, placed=(*cfg.placed, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0))
    np.testing.assert_array_equal(initial_centroids(x, more), np.asarray(more.placed[:8]).reshape(4, 2))


def test_k_larger_than_the_data_is_explained() -> None:
    cfg = dataclasses.replace(CFG, n_points=5, k=8)
    x, _ = make_points(cfg)
    assert "only 5 distinct points" in data_problem(cfg, x)
    assert data_problem(CFG, make_points(CFG)[0]) == ""


@pytest.mark.parametrize("k", [2, 3, 4, 6])
def test_numpy_silhouette_equals_scikit_learns(data: np.ndarray, k: int) -> None:
    labels = KMeans(k, n_init=3, random_state=0).fit_predict(data)
    values = silhouette_samples_np(data, labels)
    np.testing.assert_allclose(values, silhouette_samples(data, labels), atol=1e-12)
    assert values.mean() == pytest.approx(silhouette_score(data, labels), abs=1e-12)


def test_silhouette_of_a_singleton_cluster_is_zero() -> None:
    x = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 5.0], [9.0, 9.0], [9.1, 9.0]])
    labels = np.array([0, 0, 1, 2, 2])
    np.testing.assert_allclose(silhouette_samples_np(x, labels), silhouette_samples(x, labels), atol=1e-12)


def test_the_data_are_seeded() -> None:
    a, ya = make_points(CFG)
    b, _yb = make_points(CFG)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, make_points(dataclasses.replace(CFG, seed=4))[0])
    assert len(np.unique(ya)) == CFG.centers
