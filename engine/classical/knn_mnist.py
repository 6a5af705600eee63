"""kNN on the bundled MNIST digits (engine.mnist.data's offline 5,000-digit subset), and the timed lesson.

The neighbours are found once per process and distance (``functools.lru_cache``): the
5-fold validation curve on the 4,000 training digits picks k, the 1,000 test digits are
scored at every k. Changing the weights only re-counts the votes.
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np

from engine.classical import knn
from engine.mnist.data import DigitData, load_subset

MNIST_METRICS = ("euclidean", "cosine")  #: L1 on 784 pixels takes ~15 s here: left out
MNIST_KMAX = 15
MNIST_FOLDS = 5
MNIST_SEED = 0


def flat(images: np.ndarray) -> np.ndarray:
    """``(n, 28, 28)`` uint8 images as ``(n, 784)`` float32 pixels in [0, 1]."""
    return images.reshape(len(images), -1).astype(np.float32) / 255.0


@functools.lru_cache(maxsize=1)
def digits() -> DigitData:
    return load_subset()


@functools.lru_cache(maxsize=len(MNIST_METRICS))
def _neighbours(metric: str) -> tuple[list[knn.FoldNeighbours], np.ndarray, np.ndarray]:
    d = digits()
    x = flat(d.x_train)
    folds = knn.fold_neighbours(x, MNIST_KMAX, metric, MNIST_FOLDS, MNIST_SEED, with_train=False)
    dist, idx = knn.neighbours(x, flat(d.x_test), metric, MNIST_KMAX)
    return folds, dist, idx


@dataclasses.dataclass(frozen=True)
class MnistCurve:
    """Validation (5-fold, training digits) and test accuracy vs k, and the k the validation picks."""

    metric: str
    weights: str
    cv: knn.KFoldCurve
    test_acc: np.ndarray
    n_train: int
    n_test: int

    @property
    def best_k(self) -> int:
        return self.cv.best_k

    @property
    def test_at_best(self) -> float:
        return float(self.test_acc[self.best_k - 1])


def mnist_curve(metric: str, weights: str) -> MnistCurve:
    """Accuracy vs k = 1..15 on the bundled digits (neighbours cached per process)."""
    if metric not in MNIST_METRICS:
        raise ValueError(f"MNIST kNN supports {', '.join(MNIST_METRICS)}, not {metric!r}")
    d = digits()
    folds, dist, idx = _neighbours(metric)
    y_train = d.y_train.astype(np.int64)
    cv = knn.kfold_curve(folds, y_train, weights, 10)
    pred = knn.predict_all_k(idx, knn.vote_weights(dist, weights), y_train, 10)
    test_acc = (pred == d.y_test.astype(np.int64)[:, None]).mean(axis=0)
    return MnistCurve(metric, weights, cv, test_acc, len(y_train), len(d.y_test))


def timed_arrays(n_test: int, n_train: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``n_test`` test and ``n_train`` training digits as float64 pixel rows (the timed lesson)."""
    d = digits()
    return flat(d.x_test[:n_test]).astype(float), flat(d.x_train[:n_train]).astype(float)


def time_lesson(n_test: int, n_train: int) -> knn.Timing:
    """The slides' loops-vs-vectorized distance matrix, timed now on these digits."""
    return knn.time_distance_methods(*timed_arrays(n_test, n_train))
