"""k-means step by step: the page's settings, its data, and Lloyd's algorithm written in numpy.

The assign and update steps are the lesson, so they are numpy here (and tested against
scikit-learn's ``KMeans`` with the same initial centroids); the initialisations, the scan
over k and the Gaussian mixture use scikit-learn (``engine.classical.kmeans_scan``).

A trace is numbered in half-steps: step 0 shows the initial centroids, step ``2t + 1`` the
assignment of iteration ``t`` (every point joins its nearest centroid) and step ``2t + 2``
its update (every centroid moves to the mean of its points). The run stops, as scikit-learn's
Lloyd loop with ``tol=0`` does, at the first iteration whose assignment equals the previous
one, or after ``MAX_ITER`` iterations.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import kmeans_plusplus
from sklearn.datasets import make_blobs

from engine.playground.datasets import generate_points
from engine.urlstate import UrlConfig, require, setting

DATASETS = {
    "blobs": "Blobs",
    "stretched": "Stretched blobs",
    "circle": "Circle (ring and disc)",
    "moons": "Two moons",
}
INITS = {"k-means++": "k-means++", "random": "Random points", "click": "Click to place"}
EMPTY_RULES = {
    "farthest": "Re-seed at the farthest point",
    "keep": "Keep it where it was",
}
COVARIANCES = {
    "full": "full (any ellipse)",
    "tied": "tied (one shared ellipse)",
    "diag": "diag (axis-aligned ellipses)",
    "spherical": "spherical (circles, like k-means)",
}
#: The stretch applied to the blobs of the "stretched" set (scikit-learn's k-means examples).
STRETCH = ((0.6, -0.64), (-0.4, 0.85))
#: Fixed noise of the playground sets (their points' spread is not a setting here).
PLAYGROUND_NOISE = {"circle": 0.0, "moons": 0.1}
MAX_ITER = 100
MAX_STEP = 2 * MAX_ITER
MAX_K = 10
#: The square the clicked centroids live in (the data stay inside [-8, 8]).
PLACE_LIMIT = 12.0


@dataclasses.dataclass(frozen=True)
class KMeansConfig(UrlConfig):
    """Every setting of the k-means page (URL keys never change: shared links use them)."""

    dataset: str = setting("blobs", key="data", choices=DATASETS, label="Data set")
    n_points: int = setting(
        300, key="n", low=5, high=1000, step=5, label="Points", describe="the number of points"
    )
    centers: int = setting(
        4,
        key="centers",
        low=1,
        high=8,
        label="True clusters",
        help="How many blobs the generator draws (blobs and stretched blobs only).",
    )
    spread: float = setting(
        0.8,
        key="std",
        low=0.2,
        high=2.5,
        step=0.1,
        label="Cluster spread (std)",
        help="The standard deviation of each blob (blobs and stretched blobs only).",
    )
    seed: int = setting(3, key="seed", low=0, high=9999, widget="number", label="Data seed")
    k: int = setting(
        4, key="k", low=1, high=MAX_K, label="k (clusters to find)", describe="the number of clusters k"
    )
    init: str = setting("k-means++", key="init", choices=INITS, label="Initial centroids", widget="radio")
    init_seed: int = setting(
        0,
        key="iseed",
        low=0,
        high=9999,
        widget="number",
        label="Init seed",
        help="The seed of the random and k-means++ starts (a new seed, a new start).",
    )
    empty: str = setting(
        "farthest",
        key="empty",
        choices=EMPTY_RULES,
        label="An empty cluster",
        help="What happens to a centroid that no point chose in the assign step. scikit-learn re-seeds it "
        "at the point farthest from its own centroid.",
    )
    placed: tuple[float, ...] = setting(
        (),
        key="c",
        low=-PLACE_LIMIT,
        high=PLACE_LIMIT,
        max_len=2 * MAX_K,
        describe="the clicked centroids",
    )
    covariance: str = setting(
        "full",
        key="cov",
        choices=COVARIANCES,
        label="Mixture covariance",
        help="The shape each Gaussian of the mixture may take.",
    )
    step: int = setting(0, key="step", low=0, high=MAX_STEP, label="Step", describe="the step")

    def check(self) -> None:
        require(len(self.placed) % 2 == 0, "each clicked centroid needs an x and a y", "placed")

    @property
    def placed_points(self) -> np.ndarray:
        """The clicked centroids as a ``(m, 2)`` array."""
        return np.asarray(self.placed, dtype=float).reshape(-1, 2)

    @property
    def generated_blobs(self) -> bool:
        return self.dataset in ("blobs", "stretched")


# --------------------------------------------------------------------------- data


def blob_centers(n_centers: int, seed: int, half: float = 4.5, gap: float = 3.0) -> np.ndarray:
    """``n_centers`` seeded centres in ``[-half, half]^2``, each at least ``gap`` from the others
    when there is room (after 2,000 tries the rest are placed anyway)."""
    rng = np.random.default_rng(seed)
    out: list[np.ndarray] = []
    for _ in range(2000):
        c = rng.uniform(-half, half, size=2)
        if all(np.hypot(*(c - o)) >= gap for o in out):
            out.append(c)
        if len(out) == n_centers:
            break
    while len(out) < n_centers:
        out.append(rng.uniform(-half, half, size=2))
    return np.round(np.array(out), 2)


def data_centers(cfg: KMeansConfig) -> np.ndarray:
    """The blob centres the generator used (before the stretch): what the code snippet prints."""
    if cfg.dataset == "stretched":
        return blob_centers(cfg.centers, cfg.seed, half=6.0, gap=4.5)
    return blob_centers(cfg.centers, cfg.seed)


def make_points(cfg: KMeansConfig) -> tuple[np.ndarray, np.ndarray]:
    """The page's data: ``(x (n, 2) float64, true labels (n,) int)``, all seeded.

    Blobs come from ``sklearn.datasets.make_blobs`` around :func:`data_centers`; the stretched
    set multiplies them by ``STRETCH``; circle and moons are the playground's generators.
    """
    if cfg.generated_blobs:
        x, y = make_blobs(
            n_samples=cfg.n_points, centers=data_centers(cfg), cluster_std=cfg.spread, random_state=cfg.seed
        )
        if cfg.dataset == "stretched":
            x = x @ np.array(STRETCH)
        return x.astype(float), y.astype(int)
    x, y = generate_points(cfg.dataset, cfg.n_points, PLAYGROUND_NOISE[cfg.dataset], cfg.seed)
    return x.astype(float), y.astype(int)


# --------------------------------------------------------------------------- the two steps


def squared_distances(x: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """``(n, k)`` squared Euclidean distances from every point to every centroid."""
    return ((x[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)


def assign(x: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """The assign step: each point's nearest centroid (ties: the lower index)."""
    return squared_distances(x, centroids).argmin(axis=1)


def inertia(x: np.ndarray, centroids: np.ndarray, labels: np.ndarray) -> float:
    """The k-means objective: the sum of squared distances of the points to their own centroid."""
    return float(((x - centroids[labels]) ** 2).sum())


@dataclass(frozen=True)
class Relocation:
    """An empty cluster in an update step: what happened to its centroid."""

    cluster: int
    rule: str
    point: int | None  # the data point it was re-seeded at (rule "farthest"), else None
    position: tuple[float, float]


def update(
    x: np.ndarray, centroids: np.ndarray, labels: np.ndarray, empty: str = "farthest"
) -> tuple[np.ndarray, list[Relocation]]:
    """The update step: each centroid moves to the mean of its points.

    A cluster no point chose has no mean. ``empty="farthest"`` does what scikit-learn's
    Lloyd loop does: the point farthest from its own (old) centroid leaves its cluster and
    becomes the empty cluster's centroid (several empty clusters take the farthest points in
    turn). ``empty="keep"`` leaves the centroid where it was.
    """
    k = len(centroids)
    sums = np.zeros_like(centroids, dtype=float)
    np.add.at(sums, labels, x)
    counts = np.bincount(labels, minlength=k).astype(float)
    empties = np.flatnonzero(counts == 0)
    moves: list[Relocation] = []
    if len(empties) and empty == "farthest":
        far = ((x - centroids[labels]) ** 2).sum(axis=1)
        if far.max() > 0:
            n_empty = len(empties)
            farthest = np.argpartition(far, -n_empty)[: -n_empty - 1 : -1]  # scikit-learn's choice
            for cluster, point in zip(empties, farthest, strict=True):
                old = labels[point]
                sums[old] -= x[point]
                counts[old] -= 1
                sums[cluster] = x[point]
                counts[cluster] = 1
                moves.append(Relocation(int(cluster), "farthest", int(point), tuple(map(float, x[point]))))
    new = centroids.astype(float).copy()
    filled = counts > 0
    new[filled] = sums[filled] / counts[filled, None]
    for cluster in np.flatnonzero(~filled):
        moves.append(Relocation(int(cluster), "keep", None, tuple(map(float, centroids[cluster]))))
    return new, moves


# --------------------------------------------------------------------------- the trace


@dataclass(frozen=True, eq=False)
class KMeansTrace:
    """Lloyd's algorithm from one start: ``centroids[t]`` before iteration ``t``,
    ``labels[t]`` its assignment; ``centroids[t + 1]`` its update."""

    x: np.ndarray
    centroids: tuple[np.ndarray, ...]
    labels: tuple[np.ndarray, ...]
    relocations: tuple[tuple[Relocation, ...], ...]
    converged: bool

    @property
    def n_iter(self) -> int:
        """Iterations run (assign + update), as ``KMeans.n_iter_`` counts them."""
        return len(self.labels)

    @property
    def n_steps(self) -> int:
        """The last half-step: 2 per iteration."""
        return 2 * self.n_iter

    def at(self, step: int) -> StepView:
        """What the chart shows at half-step ``step`` (clamped to the trace)."""
        step = min(max(int(step), 0), self.n_steps)
        if step == 0:
            return StepView(0, "init", self.centroids[0], None, None, None, ())
        t = (step - 1) // 2
        labels = self.labels[t]
        if step % 2:  # assign
            changed = None if t == 0 else int((labels != self.labels[t - 1]).sum())
            return StepView(step, "assign", self.centroids[t], None, labels, changed, ())
        return StepView(
            step, "update", self.centroids[t + 1], self.centroids[t], labels, None, self.relocations[t]
        )

    def inertia_at(self, step: int) -> float | None:
        """The objective at ``step`` (None at step 0, where no point is assigned yet)."""
        view = self.at(step)
        return None if view.labels is None else inertia(self.x, view.centroids, view.labels)

    def inertias(self) -> np.ndarray:
        """The objective at steps 1..n_steps: it never goes up (both steps can only lower it)."""
        return np.array([self.inertia_at(s) for s in range(1, self.n_steps + 1)])

    @property
    def final_centroids(self) -> np.ndarray:
        return self.centroids[-1]

    @property
    def final_labels(self) -> np.ndarray:
        return assign(self.x, self.final_centroids)

    @property
    def final_inertia(self) -> float:
        return inertia(self.x, self.final_centroids, self.final_labels)


@dataclass(frozen=True)
class StepView:
    """One half-step: its kind, the centroids shown (and the previous ones after an update),
    the points' labels (None before the first assignment) and what changed."""

    step: int
    kind: str  # "init", "assign" or "update"
    centroids: np.ndarray
    previous: np.ndarray | None
    labels: np.ndarray | None
    changed: int | None  # points that changed cluster in this assign step (None at the first)
    relocations: tuple[Relocation, ...]


def run_kmeans(
    x: np.ndarray, init: np.ndarray, empty: str = "farthest", max_iter: int = MAX_ITER
) -> KMeansTrace:
    """Lloyd's algorithm from ``init`` (``(k, 2)``), every step kept."""
    centroids = [np.asarray(init, dtype=float).copy()]
    labels: list[np.ndarray] = []
    moves: list[tuple[Relocation, ...]] = []
    converged = False
    for _ in range(max_iter):
        current = assign(x, centroids[-1])
        new, relocated = update(x, centroids[-1], current, empty)
        labels.append(current)
        centroids.append(new)
        moves.append(tuple(relocated))
        if len(labels) > 1 and np.array_equal(labels[-1], labels[-2]):
            converged = True
            break
    return KMeansTrace(x, tuple(centroids), tuple(labels), tuple(moves), converged)


def initial_centroids(x: np.ndarray, cfg: KMeansConfig) -> np.ndarray | None:
    """The start: k random data points, scikit-learn's k-means++ or the clicked points
    (the first k of them; None while fewer than k are placed)."""
    if cfg.init == "click":
        placed = cfg.placed_points
        return placed[: cfg.k].copy() if len(placed) >= cfg.k else None
    if cfg.init == "random":
        rng = np.random.default_rng(cfg.init_seed)
        return x[rng.choice(len(x), size=cfg.k, replace=False)].copy()
    centers, _ = kmeans_plusplus(x, cfg.k, random_state=cfg.init_seed)
    return centers


def data_problem(cfg: KMeansConfig, x: np.ndarray) -> str:
    """Why k-means cannot run on these settings ("" when it can)."""
    distinct = len(np.unique(x, axis=0))
    if cfg.k > distinct:
        return (
            f"k = {cfg.k} clusters, but the data have only {distinct} distinct points: k-means needs at "
            f"least one point per cluster. Lower k to {distinct} or below, or add points."
        )
    return ""


# --------------------------------------------------------------------------- silhouette


def silhouette_samples_np(x: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Each point's silhouette ``s = (b - a) / max(a, b)``.

    ``a``: the mean distance to the other points of its own cluster; ``b``: the smallest mean
    distance to the points of another cluster. A point alone in its cluster gets 0 (scikit-learn's
    convention). Needs at least 2 clusters.
    """
    d = np.sqrt(squared_distances(x, x))
    clusters = np.unique(labels)
    sums = np.stack([d[:, labels == c].sum(axis=1) for c in clusters], axis=1)  # (n, n_clusters)
    sizes = np.array([(labels == c).sum() for c in clusters])
    own = np.searchsorted(clusters, labels)
    own_size = sizes[own]
    a = np.where(own_size > 1, sums[np.arange(len(x)), own] / np.maximum(own_size - 1, 1), 0.0)
    means = sums / sizes[None, :]
    means[np.arange(len(x)), own] = np.inf
    b = means.min(axis=1)
    s = (b - a) / np.maximum(a, b)
    return np.where(own_size > 1, np.nan_to_num(s), 0.0)
