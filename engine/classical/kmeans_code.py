"""The k-means page's code a learner can copy: the numpy loop, then scikit-learn (both run as shown)."""

from __future__ import annotations

import numpy as np

from engine.classical.kmeans import MAX_ITER, PLAYGROUND_NOISE, STRETCH, KMeansConfig, data_centers
from engine.classical.kmeans_scan import N_INIT


def _array(values: np.ndarray) -> str:
    return "np.array(" + repr(np.round(np.asarray(values, dtype=float), 2).tolist()) + ")"


def data_code(cfg: KMeansConfig) -> str:
    """Lines that make the page's data as ``x`` (n, 2) and ``y_true``."""
    if cfg.generated_blobs:
        lines = [
            "from sklearn.datasets import make_blobs",
            "",
            f"centers = {_array(data_centers(cfg))}",
            f"x, y_true = make_blobs(n_samples={cfg.n_points}, centers=centers, "
            f"cluster_std={cfg.spread:g}, random_state={cfg.seed})",
        ]
        if cfg.dataset == "stretched":
            lines.append(f"x = x @ np.array({[list(r) for r in STRETCH]})  # stretch every blob")
        return "\n".join(lines)
    return "\n".join(
        [
            "from engine.playground.datasets import generate_points  # this repository's generator",
            "",
            f'x, y_true = generate_points("{cfg.dataset}", {cfg.n_points}, '
            f"{PLAYGROUND_NOISE[cfg.dataset]:g}, {cfg.seed})",
            "x = x.astype(float)",
        ]
    )


def init_code(cfg: KMeansConfig, init: np.ndarray | None) -> str:
    """Lines that make the same initial centroids as the page, as ``init``."""
    if cfg.init == "click" and init is not None:
        return f"init = {_array(init)}  # the centroids you placed"
    if cfg.init == "random":
        return (
            f"rng = np.random.default_rng({cfg.init_seed})\n"
            f"init = x[rng.choice(len(x), size={cfg.k}, replace=False)]  # {cfg.k} random data points"
        )
    return (
        "from sklearn.cluster import kmeans_plusplus\n\n"
        f"init, _ = kmeans_plusplus(x, {cfg.k}, random_state={cfg.init_seed})  # k-means++"
    )


def numpy_code(cfg: KMeansConfig, init: np.ndarray | None) -> str:
    """The assign/update loop in numpy from the page's start, checked against scikit-learn."""
    keep = cfg.empty == "keep"
    empty_rule = (
        "        # an empty cluster keeps its centroid (scikit-learn would re-seed it at the farthest point)"
        if keep
        else "        # an empty cluster keeps its centroid here; scikit-learn re-seeds it at the farthest point"
    )
    return f"""import numpy as np
from sklearn.cluster import KMeans

{data_code(cfg)}
{init_code(cfg, init)}

c = np.array(init, dtype=float)
labels_old = None
for it in range({MAX_ITER}):
    d2 = ((x[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)  # (n, k) squared distances
    labels = d2.argmin(axis=1)  # assign: every point joins its nearest centroid
    print(f"iteration {{it}}: inertia {{d2[np.arange(len(x)), labels].sum():.2f}}")
    for j in range(len(c)):  # update: every centroid moves to the mean of its points
        if np.any(labels == j):
            c[j] = x[labels == j].mean(axis=0)
{empty_rule}
    if labels_old is not None and np.array_equal(labels, labels_old):
        break  # nothing changed: converged
    labels_old = labels

km = KMeans(n_clusters=len(c), init=init, n_init=1, algorithm="lloyd", tol=0).fit(x)
print("the same centroids as scikit-learn:", np.allclose(c, km.cluster_centers_))
"""


def sklearn_code(cfg: KMeansConfig) -> str:
    """Choosing k and the Gaussian mixture, with scikit-learn (continues the numpy snippet)."""
    return f"""# Continues the snippet above: choosing k, and a Gaussian mixture beside k-means
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.mixture import GaussianMixture

for k in range(2, min(11, len(x))):
    model = KMeans(n_clusters=k, n_init={N_INIT}, random_state={cfg.init_seed}).fit(x)
    print(f"k={{k}}: inertia {{model.inertia_:.1f}}, silhouette {{silhouette_score(x, model.labels_):.3f}}")

best = KMeans(n_clusters={cfg.k}, n_init={N_INIT}, random_state={cfg.init_seed}).fit(x)
gmm = GaussianMixture(n_components={cfg.k}, covariance_type="{cfg.covariance}", n_init=3, random_state={cfg.init_seed})
gmm.fit(x)
print("k-means finds the true groups (adjusted Rand index):", adjusted_rand_score(y_true, best.labels_))
print("the mixture (EM):", adjusted_rand_score(y_true, gmm.predict(x)))
"""
