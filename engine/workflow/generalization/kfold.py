"""k-fold cross-validation drawn fold by fold (scikit-learn's ``KFold``), on the 1-D polynomial data.

Each fold fits the polynomial on the other k − 1 folds and scores the held-out one; the mean of
the fold scores is what ``cross_val_score(model, X, y, cv=KFold(k, shuffle=True, random_state=seed))``
returns (its scores are negative MSE, the larger the better; here they are shown as MSE).
"""

from __future__ import annotations

import dataclasses

import numpy as np
from sklearn.model_selection import KFold

from engine.workflow.generalization.polyfit import fit_poly, mse


@dataclasses.dataclass(frozen=True)
class KFoldResult:
    """Per fold: the held-out indices and the validation MSE; and each point's fold number."""

    k: int
    val_indices: tuple[np.ndarray, ...]
    fold_of: np.ndarray
    val_mse: np.ndarray
    train_mse: np.ndarray

    @property
    def mean(self) -> float:
        return float(np.mean(self.val_mse))

    @property
    def std(self) -> float:
        """The population std (numpy's default), as ``scores.std()`` on cross_val_score's array."""
        return float(np.std(self.val_mse))


def kfold_problem(n: int, k: int) -> str:
    """Why k-fold cannot run on ``n`` points, or ""."""
    if k > n:
        return f"k = {k} folds need at least {k} points, there are {n}"
    return ""


def make_kfold(k: int, seed: int) -> KFold:
    return KFold(n_splits=k, shuffle=True, random_state=seed)


def kfold_scores(x: np.ndarray, y: np.ndarray, degree: int, k: int, seed: int) -> KFoldResult:
    """Fit and score the degree-``degree`` polynomial on each of the ``k`` folds."""
    fold_of = np.zeros(len(x), dtype=int)
    vals, val_scores, train_scores = [], [], []
    for i, (tr, va) in enumerate(make_kfold(k, seed).split(x.reshape(-1, 1))):
        fold_of[va] = i
        model = fit_poly(x[tr], y[tr], degree)
        vals.append(va)
        val_scores.append(mse(model, x[va], y[va]))
        train_scores.append(mse(model, x[tr], y[tr]))
    return KFoldResult(k, tuple(vals), fold_of, np.array(val_scores), np.array(train_scores))


def cv_curve(x: np.ndarray, y: np.ndarray, k: int, seed: int, degrees=range(1, 16)) -> np.ndarray:
    """(len(degrees), 2): mean and std of the fold MSE for each degree (to pick the degree by CV)."""
    out = []
    for d in degrees:
        r = kfold_scores(x, y, d, k, seed)
        out.append([r.mean, r.std])
    return np.array(out)
