"""Every "What to try" claim of the k-means page, checked through the engine (fixed seeds)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.cluster import KMeans

from engine.classical.kmeans import KMeansConfig, initial_centroids, make_points, run_kmeans
from engine.classical.kmeans_presets import KMEANS_PRESETS
from engine.classical.kmeans_scan import N_INIT, compare_mixture, scan_k

PRESETS = {p.title: p for p in KMEANS_PRESETS}


def _setup(title: str):
    cfg = PRESETS[title].applied_to(KMeansConfig())
    x, y = make_points(cfg)
    return cfg, x, y


def _plusplus_best(x: np.ndarray, k: int) -> float:
    return KMeans(n_clusters=k, n_init=N_INIT, random_state=0).fit(x).inertia_


@pytest.mark.parametrize("title", ["Bad start: a poor local minimum", "Unlucky random start"])
def test_bad_starts_converge_to_a_worse_local_minimum(title: str) -> None:
    cfg, x, _ = _setup(title)
    trace = run_kmeans(x, initial_centroids(x, cfg))
    assert trace.converged
    plusplus = run_kmeans(x, initial_centroids(x, cfg.__class__(**{**cfg.as_dict(), "init": "k-means++"})))
    assert trace.final_inertia > 1.5 * plusplus.final_inertia
    assert trace.final_inertia > 1.5 * _plusplus_best(x, cfg.k)


def test_bad_start_puts_two_centroids_in_one_blob() -> None:
    cfg, x, y = _setup("Bad start: a poor local minimum")
    final = run_kmeans(x, initial_centroids(x, cfg)).final_labels

    # one true blob is split between two clusters, and two true blobs share one cluster
    def big_parts(groups: np.ndarray) -> int:  # how many parts hold at least 20 % of the points
        return int((np.bincount(groups) >= 0.2 * len(groups)).sum())

    split = [big_parts(final[y == b]) for b in range(cfg.centers)]
    merged = [big_parts(y[final == c]) for c in range(cfg.k)]
    assert sorted(split)[-2:] == [1, 2] and sorted(merged)[-2:] == [1, 2]


def test_empty_cluster_preset_makes_an_empty_cluster_and_reseeds_it() -> None:
    cfg, x, _ = _setup("Empty cluster")
    trace = run_kmeans(x, initial_centroids(x, cfg), cfg.empty)
    assert cfg.empty == "farthest"
    assert np.sum(trace.at(1).labels == 3) == 0  # step 1: nobody chose centroid 4
    assert [m.rule for m in trace.at(2).relocations] == ["farthest"]  # step 2: re-seeded
    kept = run_kmeans(x, initial_centroids(x, cfg), "keep")
    assert len(np.unique(kept.final_labels)) == 3  # "keep": only 3 clusters are found


def test_stretched_blobs_mixture_beats_kmeans() -> None:
    cfg, x, y = _setup("Stretched blobs: k-means vs mixture")
    result = compare_mixture(x, y, cfg.k, cfg.covariance, cfg.init_seed)
    assert result.gmm_ari > 0.95 and result.kmeans_ari < 0.8


@pytest.mark.parametrize("title", ["Two moons: where k-means fails", "Circle: a ring around a disc"])
def test_kmeans_fails_on_moons_and_circle(title: str) -> None:
    cfg, x, y = _setup(title)
    result = compare_mixture(x, y, cfg.k, cfg.covariance, cfg.init_seed)
    assert result.kmeans_ari < 0.5
    trace = run_kmeans(x, initial_centroids(x, cfg))
    assert trace.converged


def test_choose_k_silhouette_peaks_at_the_true_number_of_blobs() -> None:
    cfg, x, _ = _setup("Choose k: elbow and silhouette")
    scan = scan_k(x, cfg.init_seed)
    assert cfg.k != cfg.centers
    assert scan.best_silhouette_k == cfg.centers
    # the elbow: up to the true k each extra cluster pays off far more than the next one after it
    assert scan.drop(cfg.centers) > 3 * scan.drop(cfg.centers + 1)


def test_every_preset_is_a_valid_config() -> None:
    for preset in KMEANS_PRESETS:
        preset.applied_to(KMeansConfig()).validated()
