"""k-nearest neighbours: neighbours, votes, k-fold curves, and the distance matrix three ways.

scikit-learn finds the neighbours (``NearestNeighbors``, brute force) and splits the folds
(``KFold``); numpy does what the page teaches:

* the vote of the k nearest neighbours for **every k at once** (a cumulative sum over the
  sorted neighbours), with scikit-learn's rules: uniform weights or ``1/d``, a neighbour at
  distance 0 taking the whole vote, ties going to the smallest class index. Tested against
  ``KNeighborsClassifier.predict`` / ``predict_proba`` and ``cross_validate``;
* the slides' distance matrix with two loops, one loop and no loop
  (``|a|^2 + |b|^2 - 2 a.b``), tested against ``scipy.spatial.distance.cdist``.

UI-free (no streamlit, no plotly).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence

import numpy as np
from sklearn.metrics.pairwise import euclidean_distances, pairwise_distances
from sklearn.model_selection import KFold
from sklearn.neighbors import KNeighborsClassifier, NearestNeighbors

METRICS: dict[str, str] = {"euclidean": "L2 (Euclidean)", "manhattan": "L1 (Manhattan)", "cosine": "cosine"}
WEIGHTS: dict[str, str] = {"uniform": "uniform (one vote each)", "distance": "by distance (1/d)"}


# --------------------------------------------------------------------------- neighbours and votes


def neighbours(
    x_train: np.ndarray, x_query: np.ndarray, metric: str, kmax: int
) -> tuple[np.ndarray, np.ndarray]:
    """The ``kmax`` nearest training points of each query: ``(dist, idx)``, each ``(m, kmax)``, nearest first."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; expected one of {', '.join(METRICS)}")
    kmax = min(int(kmax), len(x_train))
    if kmax < 1:
        raise ValueError("no training points")
    finder = NearestNeighbors(n_neighbors=kmax, algorithm="brute", metric=metric).fit(x_train)
    dist, idx = finder.kneighbors(x_query)
    return dist, idx


def vote_weights(dist: np.ndarray, weights: str) -> np.ndarray:
    """Each neighbour's vote: 1, or ``1/d``; a row with a neighbour at distance 0 gives the vote to those alone.

    scikit-learn's rule (``sklearn.neighbors._base._get_weights``). The neighbours are sorted, so
    a zero distance is always first and the rule is the same for every k.
    """
    if weights == "uniform":
        return np.ones_like(dist, dtype=float)
    if weights != "distance":
        raise ValueError(f"unknown weights {weights!r}")
    with np.errstate(divide="ignore"):
        inv = 1.0 / dist
    exact = dist[:, :1] == 0
    return np.where(exact, (dist == 0).astype(float), inv)


def votes_all_k(idx: np.ndarray, w: np.ndarray, y_train: np.ndarray, n_classes: int) -> np.ndarray:
    """Summed votes per class for k = 1..kmax: ``(m, kmax, n_classes)`` (``[:, k-1]`` is the k-vote)."""
    labels = np.asarray(y_train)[idx]
    onehot = labels[..., None] == np.arange(n_classes)
    return np.cumsum(onehot * w[..., None], axis=1)


def predict_all_k(idx: np.ndarray, w: np.ndarray, y_train: np.ndarray, n_classes: int) -> np.ndarray:
    """Predicted class for k = 1..kmax: ``(m, kmax)``; a tie goes to the smallest class (as scikit-learn)."""
    return np.argmax(votes_all_k(idx, w, y_train, n_classes), axis=2)


def vote(dist: np.ndarray, idx: np.ndarray, y_train: np.ndarray, k: int, weights: str, n_classes: int):
    """The k-vote of each query: ``(predictions (m,), shares (m, n_classes))``, shares as ``predict_proba``."""
    if not 1 <= k <= idx.shape[1]:
        raise ValueError(f"k = {k} needs 1 <= k <= {idx.shape[1]} neighbours")
    w = vote_weights(dist[:, :k], weights)
    totals = votes_all_k(idx[:, :k], w, y_train, n_classes)[:, -1]
    shares = totals / totals.sum(axis=1, keepdims=True)
    return np.argmax(totals, axis=1), shares


def knn_predict(x_train, y_train, x_query, k: int, metric: str, weights: str, n_classes: int) -> np.ndarray:
    """Predicted classes of ``x_query`` by the k-vote (this module's numpy vote on scikit-learn's neighbours)."""
    dist, idx = neighbours(x_train, x_query, metric, k)
    return vote(dist, idx, y_train, k, weights, n_classes)[0]


def sklearn_model(k: int, metric: str, weights: str) -> KNeighborsClassifier:
    """The scikit-learn model the page's vote equals (brute force, so every metric finds the same neighbours)."""
    return KNeighborsClassifier(n_neighbors=k, metric=metric, weights=weights, algorithm="brute")


@dataclasses.dataclass(frozen=True)
class Probe:
    """One query point's vote: its k neighbours, their distances, labels and weights, and the class totals."""

    point: tuple[float, float]
    idx: np.ndarray
    dist: np.ndarray
    labels: np.ndarray
    weights: np.ndarray
    totals: np.ndarray
    winner: int


def probe(x_train, y_train, point, k: int, metric: str, weights: str, n_classes: int) -> Probe:
    """The vote at ``point`` with the numbers behind it.

    One query: its distance row (``pairwise_distances``) sorted, which skips the threaded
    k-neighbours search and its start-up cost (a slider move must stay fast).
    """
    row = pairwise_distances(
        np.asarray([point], dtype=float), np.asarray(x_train, dtype=float), metric=metric
    )
    idx = np.argsort(row[0], kind="stable")[:k]
    dist = row[0, idx]
    w = vote_weights(dist[None, :], weights)[0]
    labels = np.asarray(y_train)[idx]
    totals = np.array([w[labels == c].sum() for c in range(n_classes)])
    return Probe((float(point[0]), float(point[1])), idx, dist, labels, w, totals, int(np.argmax(totals)))


# --------------------------------------------------------------------------- the plane


def plane_grid(domain: float, res: int) -> tuple[np.ndarray, np.ndarray]:
    """``res`` cell centres per axis over ``[-domain, domain]`` (never the origin, where cosine is undefined)."""
    step = 2 * domain / res
    axis = np.linspace(-domain + step / 2, domain - step / 2, res)
    gx, gy = np.meshgrid(axis, axis)
    return axis, np.column_stack([gx.ravel(), gy.ravel()])


# --------------------------------------------------------------------------- k-fold


@dataclasses.dataclass(frozen=True)
class FoldNeighbours:
    """One fold's neighbours: validation points among the training folds (and the training folds among themselves)."""

    train: np.ndarray
    val: np.ndarray
    val_dist: np.ndarray
    val_idx: np.ndarray
    fit_dist: np.ndarray | None
    fit_idx: np.ndarray | None


def splitter(folds: int, seed: int) -> KFold:
    """The k-fold split of the page (shuffled with ``seed``), shared with the ``cross_val_score`` check."""
    return KFold(n_splits=folds, shuffle=True, random_state=seed)


def fold_neighbours(
    x: np.ndarray, kmax: int, metric: str, folds: int, seed: int, with_train: bool = True
) -> list[FoldNeighbours]:
    """Each fold's ``kmax`` nearest neighbours (``kmax`` must fit the smallest training fold)."""
    out = []
    for train, val in splitter(folds, seed).split(x):
        xt = x[train]
        d, i = neighbours(xt, x[val], metric, kmax)
        fd, fi = neighbours(xt, xt, metric, kmax) if with_train else (None, None)
        out.append(FoldNeighbours(train, val, d, i, fd, fi))
    return out


@dataclasses.dataclass(frozen=True)
class KFoldCurve:
    """Accuracy vs k: the mean over folds (as ``cross_validate``), per fold, and the k it picks."""

    ks: np.ndarray
    val_acc: np.ndarray
    val_folds: np.ndarray
    train_acc: np.ndarray | None

    @property
    def best_k(self) -> int:
        """The k with the best mean validation accuracy (the smallest such k on a tie)."""
        return int(self.ks[int(np.argmax(np.round(self.val_acc, 12)))])


def kfold_curve(folds: Sequence[FoldNeighbours], y: np.ndarray, weights: str, n_classes: int) -> KFoldCurve:
    """Validation (and training) accuracy of the k-vote for k = 1..kmax, fold by fold."""
    y = np.asarray(y)
    val, fit = [], []
    for f in folds:
        yt = y[f.train]
        pred = predict_all_k(f.val_idx, vote_weights(f.val_dist, weights), yt, n_classes)
        val.append((pred == y[f.val][:, None]).mean(axis=0))
        if f.fit_idx is not None:
            pred = predict_all_k(f.fit_idx, vote_weights(f.fit_dist, weights), yt, n_classes)
            fit.append((pred == yt[:, None]).mean(axis=0))
    val_folds = np.array(val)
    ks = np.arange(1, val_folds.shape[1] + 1)
    return KFoldCurve(ks, val_folds.mean(axis=0), val_folds, np.mean(fit, axis=0) if fit else None)


def largest_k(n: int, folds: int) -> int:
    """The largest k every training fold of ``n`` points can offer (KFold's smallest training part)."""
    return n - -(-n // folds)


# --------------------------------------------------------------------------- the slides' distance lesson


def distances_two_loops(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """L2 distance of every row of ``a`` to every row of ``b``, one pair at a time."""
    out = np.empty((len(a), len(b)))
    for i in range(len(a)):
        for j in range(len(b)):
            out[i, j] = np.sqrt(np.sum((a[i] - b[j]) ** 2))
    return out


def distances_one_loop(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """L2 distances, one row of ``a`` against all of ``b`` at a time (broadcasting)."""
    out = np.empty((len(a), len(b)))
    for i in range(len(a)):
        out[i] = np.sqrt(np.sum((b - a[i]) ** 2, axis=1))
    return out


def distances_vectorized(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """L2 distances with no loop: ``|a|^2 + |b|^2 - 2 a.b`` (one matrix product), clipped at 0 before the root."""
    sq = np.sum(a**2, axis=1)[:, None] + np.sum(b**2, axis=1)[None, :] - 2.0 * a @ b.T
    return np.sqrt(np.maximum(sq, 0.0))


def distances_sklearn(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """scikit-learn's ``euclidean_distances`` (the same trick, in float64)."""
    return euclidean_distances(a, b)


DISTANCE_METHODS: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "two loops": distances_two_loops,
    "one loop": distances_one_loop,
    "no loop (numpy)": distances_vectorized,
    "scikit-learn": distances_sklearn,
}


@dataclasses.dataclass(frozen=True)
class Timing:
    """Seconds per method (the best of ``repeats``), the sizes, and the largest difference to the two-loop matrix."""

    n_test: int
    n_train: int
    dim: int
    seconds: dict[str, float]
    max_diff: dict[str, float]

    def speedup(self, slow: str = "two loops", fast: str = "no loop (numpy)") -> float:
        return self.seconds[slow] / self.seconds[fast]


def _best_time(fn: Callable[[], np.ndarray], repeats: int) -> tuple[float, np.ndarray]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result  # type: ignore[return-value]


def time_distance_methods(test: np.ndarray, train: np.ndarray, fast_repeats: int = 5) -> Timing:
    """Time the four ways on the same arrays (the loops once: they are the slow ones)."""
    a, b = np.asarray(test, dtype=float), np.asarray(train, dtype=float)
    seconds, diffs, reference = {}, {}, None
    for name, fn in DISTANCE_METHODS.items():
        repeats = 1 if "loop" in name and "no loop" not in name else fast_repeats
        seconds[name], result = _best_time(lambda fn=fn: fn(a, b), repeats)
        reference = result if reference is None else reference
        diffs[name] = float(np.max(np.abs(result - reference)))
    return Timing(len(a), len(b), a.shape[1], seconds, diffs)


# --------------------------------------------------------------------------- "no training needed"


@dataclasses.dataclass(frozen=True)
class LazyTimes:
    """Fit and predict seconds of ``KNeighborsClassifier`` as the training set grows."""

    sizes: tuple[int, ...]
    n_query: int
    fit_s: tuple[float, ...]
    predict_s: tuple[float, ...]


def fit_predict_times(
    make: Callable[[int], tuple[np.ndarray, np.ndarray]],
    sizes: Sequence[int],
    queries: np.ndarray,
    k: int,
    metric: str,
    repeats: int = 3,
) -> LazyTimes:
    """``make(n)`` gives n training points; fit once and predict ``queries`` (best of ``repeats`` each)."""
    fit_s, pred_s = [], []
    for n in sizes:
        x, y = make(n)
        model = sklearn_model(min(k, n), metric, "uniform")
        fit_s.append(_best_time(lambda m=model, x=x, y=y: m.fit(x, y), repeats)[0])
        pred_s.append(_best_time(lambda m=model: m.predict(queries), repeats)[0])
    return LazyTimes(tuple(int(n) for n in sizes), len(queries), tuple(fit_s), tuple(pred_s))
