"""Choosing k (the elbow and silhouette over k) and Gaussian mixtures beside k-means, with scikit-learn."""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass, field

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.mixture import GaussianMixture
from threadpoolctl import ThreadpoolController

from engine.classical.kmeans import MAX_K

#: Restarts of scikit-learn's KMeans in the scan and the comparison (its classic default).
N_INIT = 3  #: k-means++ restarts per k (scikit-learn's own default is 1); the best one is kept
#: One thread per fit: a few hundred 2-D points fit faster alone than in an OpenMP team, and a shared
#: server's cores stay free for the other sessions (measured: 30x faster on a busy 2-core machine).
THREADS = 1


@functools.cache
def _controller() -> ThreadpoolController:
    return ThreadpoolController()


@contextlib.contextmanager
def _fast_fits():
    """One thread per fit, and scikit-learn's input checks skipped (our own finite arrays and fixed,
    valid parameters): the same results. ``threadpool_limits()`` scans the loaded libraries on every
    call (~4 ms); the controller is built once."""
    with (
        _controller().limit(limits=THREADS),
        sklearn.config_context(assume_finite=True, skip_parameter_validation=True),
    ):
        yield


@dataclass(frozen=True)
class KScan:
    """KMeans (k-means++, ``N_INIT`` restarts) for k = 1..k_max: inertia and mean silhouette."""

    ks: np.ndarray
    inertias: np.ndarray
    silhouettes: np.ndarray  # NaN at k = 1 (a silhouette needs 2 clusters)
    #: Each k's best model: (labels, centres); ``compare_mixture`` reuses the one at its k.
    models: tuple[tuple[np.ndarray, np.ndarray], ...] = field(default=(), repr=False, compare=False)

    @property
    def best_silhouette_k(self) -> int | None:
        """The k with the highest mean silhouette (None when no k >= 2 was possible)."""
        if np.all(np.isnan(self.silhouettes)):
            return None
        return int(self.ks[np.nanargmax(self.silhouettes)])

    def drop(self, k: int) -> float:
        """How much the inertia falls from k - 1 to k clusters."""
        return float(self.inertias[k - 2] - self.inertias[k - 1])


def scan_k(x: np.ndarray, seed: int, k_max: int = MAX_K) -> KScan:
    """The elbow and silhouette data for k = 1..k_max (k_max is cut to the distinct points - 1)."""
    distinct = len(np.unique(x, axis=0))
    k_max = max(1, min(k_max, distinct - 1)) if distinct > 1 else 1
    ks = np.arange(1, k_max + 1)
    inertias, sils, models = [], [], []
    with _fast_fits():
        for k in ks:
            model = KMeans(n_clusters=int(k), n_init=N_INIT, random_state=seed).fit(x)
            inertias.append(model.inertia_)
            sils.append(silhouette_score(x, model.labels_) if k >= 2 else np.nan)
            models.append((model.labels_, model.cluster_centers_))
    return KScan(ks, np.array(inertias), np.array(sils), tuple(models))


@dataclass(frozen=True, eq=False)
class MixtureComparison:
    """KMeans and GaussianMixture with the same k on the same data, scored against the true groups."""

    kmeans_labels: np.ndarray
    kmeans_centers: np.ndarray
    gmm_labels: np.ndarray
    gmm_probabilities: np.ndarray  # (n, k) responsibilities
    means: np.ndarray
    covariances: np.ndarray  # (k, 2, 2) whatever the covariance type
    weights: np.ndarray
    kmeans_ari: float
    gmm_ari: float
    gmm_iterations: int
    gmm_converged: bool
    lower_bound: float


def full_covariances(gmm: GaussianMixture) -> np.ndarray:
    """Each component's 2x2 covariance, expanded from any ``covariance_type``."""
    k, d = gmm.means_.shape
    cov = gmm.covariances_
    kind = gmm.covariance_type
    if kind == "full":
        return np.asarray(cov)
    if kind == "tied":
        return np.repeat(np.asarray(cov)[None], k, axis=0)
    if kind == "diag":
        return np.stack([np.diag(c) for c in cov])
    return np.stack([np.eye(d) * c for c in cov])  # spherical


def compare_mixture(
    x: np.ndarray, truth: np.ndarray, k: int, covariance: str, seed: int, scan: KScan | None = None
) -> MixtureComparison:
    """Fit KMeans (k-means++, ``N_INIT`` restarts) and a GaussianMixture (EM, k-means start,
    3 restarts) with ``k`` clusters; the adjusted Rand index says how well each finds ``truth``.

    ``scan``: ``scan_k(x, seed)``, whose KMeans at ``k`` is this very fit (reused, not refitted).
    """
    with _fast_fits():
        if scan is not None and k <= len(scan.models):
            km_labels, km_centers = scan.models[k - 1]
        else:
            km = KMeans(n_clusters=k, n_init=N_INIT, random_state=seed).fit(x)
            km_labels, km_centers = km.labels_, km.cluster_centers_
        gmm = GaussianMixture(n_components=k, covariance_type=covariance, n_init=3, random_state=seed).fit(x)
        gmm_labels = gmm.predict(x)
        probabilities = gmm.predict_proba(x)
    return MixtureComparison(
        kmeans_labels=km_labels,
        kmeans_centers=km_centers,
        gmm_labels=gmm_labels,
        gmm_probabilities=probabilities,
        means=gmm.means_,
        covariances=full_covariances(gmm),
        weights=gmm.weights_,
        kmeans_ari=float(adjusted_rand_score(truth, km_labels)),
        gmm_ari=float(adjusted_rand_score(truth, gmm_labels)),
        gmm_iterations=int(gmm.n_iter_),
        gmm_converged=bool(gmm.converged_),
        lower_bound=float(gmm.lower_bound_),
    )


def ellipse(mean: np.ndarray, cov: np.ndarray, n_std: float = 2.0, n: int = 60) -> np.ndarray:
    """``(n, 2)`` points of the ``n_std``-sigma ellipse of a 2-D Gaussian."""
    values, vectors = np.linalg.eigh(cov)
    t = np.linspace(0, 2 * np.pi, n)
    circle = np.stack([np.cos(t), np.sin(t)], axis=1)
    return mean + n_std * (circle * np.sqrt(np.maximum(values, 0))) @ vectors.T


def sklearn_same_start(x: np.ndarray, init: np.ndarray) -> KMeans:
    """scikit-learn's Lloyd k-means from the very same start (what the numpy trace must equal)."""
    with _fast_fits():
        return KMeans(n_clusters=len(init), init=init, n_init=1, algorithm="lloyd", tol=0).fit(x)
