"""The scan over k, the mixture comparison and the page's code (against scikit-learn directly)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.mixture import GaussianMixture

from engine.classical.kmeans import KMeansConfig, initial_centroids, make_points
from engine.classical.kmeans_code import numpy_code, sklearn_code
from engine.classical.kmeans_scan import N_INIT, compare_mixture, ellipse, full_covariances, scan_k

ROOT = Path(__file__).resolve().parents[2]
CFG = KMeansConfig()


def test_scan_matches_kmeans_and_silhouette_score() -> None:
    x, _ = make_points(CFG)
    scan = scan_k(x, 0, k_max=6)
    assert list(scan.ks) == [1, 2, 3, 4, 5, 6] and np.isnan(scan.silhouettes[0])
    for k in (2, 4):
        model = KMeans(n_clusters=k, n_init=N_INIT, random_state=0).fit(x)
        assert scan.inertias[k - 1] == pytest.approx(model.inertia_)
        assert scan.silhouettes[k - 1] == pytest.approx(silhouette_score(x, model.labels_))
    assert np.all(np.diff(scan.inertias) < 0)


def test_scan_on_tiny_data_stops_below_n() -> None:
    cfg = dataclasses.replace(CFG, n_points=5, k=2)
    x, _ = make_points(cfg)
    scan = scan_k(x, 0)
    assert scan.ks[-1] == 4  # silhouette needs k <= n - 1


@pytest.mark.parametrize("cov", ["full", "tied", "diag", "spherical"])
def test_mixture_covariances_expand_to_2x2(cov: str) -> None:
    x, y = make_points(CFG)
    result = compare_mixture(x, y, 4, cov, 0)
    gmm = GaussianMixture(4, covariance_type=cov, n_init=3, random_state=0).fit(x)
    assert result.covariances.shape == (4, 2, 2)
    np.testing.assert_allclose(result.covariances, full_covariances(gmm))
    np.testing.assert_allclose(result.means, gmm.means_)
    assert np.allclose(result.gmm_probabilities.sum(axis=1), 1)


def test_ellipse_has_the_right_radii() -> None:
    cov = np.array([[4.0, 0.0], [0.0, 1.0]])
    ring = ellipse(np.array([1.0, 2.0]), cov, 2.0, 200)
    r = ring - [1.0, 2.0]
    assert np.abs(r[:, 0]).max() == pytest.approx(4.0, rel=1e-3)
    assert np.abs(r[:, 1]).max() == pytest.approx(2.0, rel=1e-3)


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"init": "random", "dataset": "stretched", "centers": 3, "k": 3},
        {"dataset": "moons", "k": 2, "empty": "keep"},
        {"init": "click", "placed": (0.0, 0.0, 1.0, 1.0, -2.0, -2.0, 3.0, -3.0)},
    ],
)
def test_the_code_runs_and_agrees_with_scikit_learn(overrides: dict, tmp_path: Path) -> None:
    cfg = dataclasses.replace(CFG, **overrides)
    x, _ = make_points(cfg)
    source = numpy_code(cfg, initial_centroids(x, cfg)) + "\n" + sklearn_code(cfg)
    path = tmp_path / "snippet.py"
    path.write_text(source)
    proc = subprocess.run(
        [sys.executable, str(path)], cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "the same centroids as scikit-learn: True" in proc.stdout
