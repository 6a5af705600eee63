"""The kNN page's settings (one declared table), its data, its cached results and its presets."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np

from engine.classical import knn
from engine.playground import datasets
from engine.presets import Preset
from engine.urlstate import UrlConfig, require, setting

DATA_SETS = {name: datasets.DATASET_LABELS[name] for name in datasets.CLASSIFICATION_SETS}
MAX_K = 50
MAX_ADDED = 30  #: points a learner can click in (each stored as x, y, class in the link)
PLANE_RES = 80  #: cells per axis of the coloured plane
TIME_TEST = (20, 50, 100, 200)
TIME_TRAIN = (250, 500, 1000, 2000)


@dataclasses.dataclass(frozen=True)
class KnnConfig(UrlConfig):
    """Everything that defines the page's experiment."""

    dataset: str = setting("moons", key="data", choices=DATA_SETS, label="Data set", describe="the data set")
    n_points: int = setting(
        200, key="n", low=20, high=1000, step=10, label="Points", describe="the number of points"
    )
    noise: int = setting(35, low=0, high=80, step=5, label="Noise (%)", describe="the noise (%)")
    train_percent: int = setting(
        75,
        key="train",
        low=50,
        high=90,
        step=5,
        label="Training share (%)",
        describe="the training share (%)",
    )
    seed: int = setting(
        1, low=0, high=2**31 - 1, widget="number", label="Data seed", describe="the data seed"
    )
    k: int = setting(
        5, low=1, high=MAX_K, label="k (neighbours that vote)", help="How many nearest training points vote."
    )
    metric: str = setting(
        "euclidean",
        key="dist",
        choices=knn.METRICS,
        widget="radio",
        label="Distance",
        help="L2: straight line. L1: along the axes (city blocks). Cosine: 1 − cos(angle), ignores length.",
    )
    weights: str = setting(
        "uniform",
        key="w",
        choices=knn.WEIGHTS,
        widget="radio",
        label="Votes",
        help="Uniform: each of the k neighbours has one vote. Distance: a vote weighs 1/d, so near points count more.",
    )
    folds: int = setting(
        5, low=2, high=10, label="Folds (k-fold)", help="The training set is cut into this many parts."
    )
    k_max: int = setting(30, key="kmax", low=5, high=MAX_K, step=5, label="Largest k on the curve")
    probe_x: float = setting(1.0, key="px", low=-6.0, high=6.0, step=0.1, label="Query x₁", fmt="%.1f")
    probe_y: float = setting(1.5, key="py", low=-6.0, high=6.0, step=0.1, label="Query x₂", fmt="%.1f")
    show_test: bool = setting(True, key="test", label="Show the test points", widget="toggle")
    added: tuple[float, ...] = setting(
        (), key="add", low=-6.0, high=6.0, max_len=3 * MAX_ADDED, describe="the clicked-in points"
    )
    time_test: int = setting(100, key="tn", choices=TIME_TEST, grid=True, label="Test digits timed")
    time_train: int = setting(1000, key="tm", choices=TIME_TRAIN, grid=True, label="Training digits timed")

    def check(self) -> None:
        require(len(self.added) % 3 == 0, "the clicked-in points must come as x, y, class triples", "added")
        classes = datasets.n_classes(self.dataset)
        labels = self.added[2::3]
        require(
            all(c == int(c) and 0 <= c < classes for c in labels),
            f"a clicked-in point has a class that {DATA_SETS[self.dataset]} does not have",
            "added",
        )

    @property
    def n_classes(self) -> int:
        return datasets.n_classes(self.dataset)

    @property
    def added_points(self) -> tuple[np.ndarray, np.ndarray]:
        a = np.asarray(self.added, dtype=float).reshape(-1, 3)
        return a[:, :2].astype(np.float32), a[:, 2].astype(np.int64)


def with_point(cfg_added: tuple[float, ...], x: float, y: float, label: int) -> tuple[float, ...]:
    """``added`` with one more point (rounded to 0.01; the oldest dropped past ``MAX_ADDED``)."""
    point = (round(float(np.clip(x, -6, 6)), 2), round(float(np.clip(y, -6, 6)), 2), float(label))
    return (tuple(cfg_added) + point)[-3 * MAX_ADDED :]


def keep_added(added: tuple[float, ...], dataset: str) -> tuple[float, ...]:
    """The clicked-in points whose class exists in ``dataset`` (after a change of data set)."""
    classes = datasets.n_classes(dataset)
    rows = [added[i : i + 3] for i in range(0, len(added) - len(added) % 3, 3)]
    return tuple(v for row in rows if 0 <= row[2] < classes for v in row)


# --------------------------------------------------------------------------- data and cached results


@dataclasses.dataclass(frozen=True, eq=False)
class KnnData:
    """The training set (generated + clicked-in points) and the held-out test set."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    n_added: int
    n_classes: int


def data_key(cfg: KnnConfig) -> tuple:
    return (cfg.dataset, cfg.n_points, cfg.noise, cfg.train_percent, cfg.seed, cfg.added)


@functools.lru_cache(maxsize=32)
def _data(dataset: str, n: int, noise: int, train: int, seed: int, added: tuple[float, ...]) -> KnnData:
    d = datasets.make_dataset(dataset, n, noise / 100, train / 100, seed)
    a = np.asarray(added, dtype=float).reshape(-1, 3)
    x = np.concatenate([d.x_train, a[:, :2].astype(np.float32)])
    y = np.concatenate([d.y_train, a[:, 2].astype(np.int64)])
    return KnnData(x, y, d.x_test, d.y_test, len(a), d.n_classes)


def make_data(cfg: KnnConfig) -> KnnData:
    """The page's data (cached per process): the playground's generator, split, plus the clicked points."""
    return _data(*data_key(cfg))


def effective_k(cfg: KnnConfig, data: KnnData) -> int:
    """k, at most the number of training points."""
    return min(cfg.k, len(data.x_train))


def effective_folds(cfg: KnnConfig, data: KnnData) -> int:
    """The number of folds, at most the number of training points."""
    return max(2, min(cfg.folds, len(data.x_train)))


def curve_kmax(cfg: KnnConfig, data: KnnData) -> int:
    """The largest k on the curve: the setting, at most what the smallest training fold holds."""
    return max(1, min(cfg.k_max, knn.largest_k(len(data.x_train), effective_folds(cfg, data))))


@functools.lru_cache(maxsize=32)
def _plane(key: tuple, metric: str, kmax: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    data = _data(*key)
    axis, grid = knn.plane_grid(datasets.DOMAIN, PLANE_RES)
    dist, idx = knn.neighbours(data.x_train, grid, metric, kmax)
    return axis, dist, idx


def plane_vote(cfg: KnnConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The vote over the plane: ``(axis, predictions (res, res), winning share (res, res))``.

    The neighbours (up to ``MAX_K``) are found once per data set and distance; k and the
    weights only re-count the votes.
    """
    data = make_data(cfg)
    axis, dist, idx = _plane(data_key(cfg), cfg.metric, min(MAX_K, len(data.x_train)))
    k = effective_k(cfg, data)
    pred, shares = knn.vote(dist, idx, data.y_train, k, cfg.weights, data.n_classes)
    res = len(axis)
    return axis, pred.reshape(res, res), shares.max(axis=1).reshape(res, res)


@functools.lru_cache(maxsize=32)
def _scored(key: tuple, metric: str, kmax: int) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    data = _data(*key)
    return tuple(knn.neighbours(data.x_train, x, metric, kmax) for x in (data.x_train, data.x_test))


def accuracies(cfg: KnnConfig) -> tuple[float, float]:
    """Training and test accuracy of the k-vote (neighbours found once per data set and distance)."""
    data = make_data(cfg)
    k = effective_k(cfg, data)
    found = _scored(data_key(cfg), cfg.metric, min(MAX_K, len(data.x_train)))
    out = []
    for (dist, idx), y in zip(found, (data.y_train, data.y_test), strict=True):
        out.append(float(np.mean(knn.vote(dist, idx, data.y_train, k, cfg.weights, data.n_classes)[0] == y)))
    return out[0], out[1]


@functools.lru_cache(maxsize=32)
def _folds(key: tuple, metric: str, kmax: int, folds: int) -> list[knn.FoldNeighbours]:
    data = _data(*key)
    return knn.fold_neighbours(data.x_train, kmax, metric, folds, key[4])


def kfold(cfg: KnnConfig) -> knn.KFoldCurve:
    """Training and validation accuracy vs k on the training set (k-fold shuffled with the data seed)."""
    data = make_data(cfg)
    folds = _folds(data_key(cfg), cfg.metric, curve_kmax(cfg, data), effective_folds(cfg, data))
    return knn.kfold_curve(folds, data.y_train, cfg.weights, data.n_classes)


def probe_vote(cfg: KnnConfig) -> knn.Probe:
    """The vote at the query point."""
    data = make_data(cfg)
    return knn.probe(
        data.x_train,
        data.y_train,
        (cfg.probe_x, cfg.probe_y),
        effective_k(cfg, data),
        cfg.metric,
        cfg.weights,
        data.n_classes,
    )


# --------------------------------------------------------------------------- presets

PRESETS: tuple[Preset, ...] = (
    Preset(
        "k = 1: memorise the noise",
        "With **k = 1** every training point wins its own island: **100 % training accuracy**, ragged borders "
        "around noisy points, and a test accuracy below k = 15's.",
        {"noise": 55, "n_points": 200, "k": 1},
        keep=("seed",),
    ),
    Preset(
        "k = all points: one colour",
        "With k equal to the whole training set every query hears the same votes: the **whole plane** takes "
        "the majority class. Too large a k underfits.",
        {"n_points": 60, "k": 45},
        keep=("seed",),
    ),
    Preset(
        "Let k-fold choose k",
        "Noisy moons: the training accuracy falls from 100 % as k grows, the validation accuracy (5-fold) "
        "rises, peaks, then falls. Read the best k under the curve and press **Use it**.",
        {"noise": 45, "n_points": 400, "k": 1},
        keep=("seed",),
    ),
    Preset(
        "Cosine on the circle",
        "Cosine distance sees only the **angle** of a point, not how far out it is: on the circle data the "
        "inner disc and the ring look alike, and the test accuracy drops to chance (L2 gets it right).",
        {"dataset": "circle", "metric": "cosine", "noise": 0, "k": 5},
        keep=("seed",),
    ),
    Preset(
        "Distance votes: k = 30, still sharp",
        "With votes weighed by **1/d** a large k stays local, and each training point, at distance 0 from "
        "itself, keeps **100 % training accuracy** (uniform votes with k = 30 do not).",
        {"weights": "distance", "k": 30, "noise": 35},
        keep=("seed",),
    ),
)
