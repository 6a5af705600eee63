"""What the logistic-regression page fits: the tumor line vs logistic regression, the admissions
run (with scikit-learn's reference fit and scores) and the two multi-class schemes.

Figures (``ui.basics``) take these results; nothing here draws.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, precision_score, recall_score

from engine.basics import data, logistic
from engine.basics.config import LogisticConfig
from engine.basics.data import DatasetND
from engine.basics.gd import Trace, batch_size_for
from engine.basics.logistic import MultiClassFit
from engine.basics.scaling import Scaler

#: Both exam-score axes of the admissions plots.
LIMITS = (25.0, 105.0)
#: How the admission scores are scaled before training (what the code tab does too).
ADMISSION_SCALING = "standardize"

# ---- tumor: linear vs logistic ---------------------------------------------------------------


@dataclass(frozen=True)
class TumorFits:
    """The least-squares line and scikit-learn's logistic regression on the tumor sizes."""

    x: np.ndarray
    y: np.ndarray
    slope: float
    intercept: float
    linear_cut: float  # x where the least-squares line crosses 0.5
    model: LogisticRegression
    logistic_cut: float  # x where the logistic probability is 0.5

    def line(self, x: np.ndarray) -> np.ndarray:
        return self.slope * np.asarray(x, dtype=float) + self.intercept

    def proba(self, x: np.ndarray) -> np.ndarray:
        return self.model.predict_proba(np.asarray(x, dtype=float).reshape(-1, 1))[:, 1]


@functools.lru_cache(maxsize=2)
def tumor_fits(big_tumor: bool) -> TumorFits:
    """The slides' tumors (plus the 23 cm one when ``big_tumor``): line and logistic fits."""
    x, y = data.TUMOR_SIZE, data.TUMOR_MALIGNANT
    if big_tumor:
        x, y = np.append(x, data.TUMOR_LARGE), np.append(y, 1.0)
    a, c, cut = logistic.linear_threshold(x, y)
    model = LogisticRegression().fit(x.reshape(-1, 1), y)
    return TumorFits(x, y, a, c, cut, model, float(-model.intercept_[0] / model.coef_[0, 0]))


# ---- admissions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdmissionFit:
    """Gradient descent on the standardized exam scores; weights read back in score units."""

    ds: DatasetND
    scaler: Scaler
    xs: np.ndarray  # standardized scores (n, 2)
    trace: Trace

    def weights(self, k: int) -> tuple[np.ndarray, float]:
        """(w, b) after update k, in exam-score units."""
        w, b = self.scaler.unscale_weights(self.trace.thetas[k, :2], self.trace.thetas[k, 2])
        return w, float(b)

    def proba(self, k: int, x: np.ndarray) -> np.ndarray:
        w, b = self.weights(k)
        return logistic.sigmoid(x @ w + b)

    def accuracy(self, k: int, threshold: float) -> float:
        """Share of students classified right after update ``k`` (admit when p ≥ threshold)."""
        return float(np.mean((self.proba(k, self.ds.x) >= threshold) == self.ds.y))


def fit_admissions(cfg: LogisticConfig) -> AdmissionFit:
    """Train on the seeded students with the page's method, rate and epochs."""
    ds = data.admissions(cfg.seed)
    batch_size = batch_size_for(cfg.method, len(ds.y), cfg.batch)
    scaler = Scaler.fit(ds.x, ADMISSION_SCALING)
    xs = scaler.transform(ds.x)
    trace = logistic.train(xs, ds.y, cfg.lr, cfg.epochs, batch_size, seed=cfg.seed)
    return AdmissionFit(ds, scaler, xs, trace)


@dataclass(frozen=True)
class Scores:
    """How the final model classifies the students at one threshold (scikit-learn's metrics)."""

    accuracy: float
    precision: float
    recall: float
    confusion: np.ndarray  # 2x2: rows actual (not admitted, admitted), columns predicted


def scores(fit: AdmissionFit, threshold: float) -> Scores:
    y = fit.ds.y.astype(int)
    pred = (fit.proba(fit.trace.steps, fit.ds.x) >= threshold).astype(int)
    return Scores(
        float(accuracy_score(y, pred)),
        float(precision_score(y, pred, zero_division=0)),
        float(recall_score(y, pred, zero_division=0)),
        confusion_matrix(y, pred, labels=[0, 1]),
    )


@functools.lru_cache(maxsize=32)
def sklearn_weights(seed: int) -> tuple[np.ndarray, float]:
    """scikit-learn's unregularized fit on the standardized scores of data seed ``seed``, in score units."""
    ds = data.admissions(seed)
    scaler = Scaler.fit(ds.x, ADMISSION_SCALING)
    model = LogisticRegression(C=np.inf, max_iter=5000).fit(scaler.transform(ds.x), ds.y)
    w, b = scaler.unscale_weights(model.coef_[0], model.intercept_[0])
    return w, float(b)


def boundary_points(w: np.ndarray, b: float, threshold: float) -> tuple[list, list]:
    """Two points of the line w·x + b = logit(threshold) across the plot (empty when w = 0)."""
    target = float(np.log(threshold / (1 - threshold)))
    lo, hi = LIMITS
    if abs(w[1]) > 1e-12:
        xs = np.array([lo, hi])
        return xs.tolist(), ((target - b - w[0] * xs) / w[1]).tolist()
    if abs(w[0]) > 1e-12:
        x = (target - b) / w[0]
        return [x, x], [lo, hi]
    return [], []


# ---- multi-class -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MultiClass:
    """Three blobs, one-vs-rest and softmax trained on them, and each one's accuracy."""

    blobs: DatasetND
    ovr: MultiClassFit
    softmax: MultiClassFit
    acc_ovr: float
    acc_softmax: float


def fit_multiclass(cfg: LogisticConfig) -> MultiClass:
    blobs = data.blobs3(cfg.seed, spread=cfg.mc_spread)
    labels = blobs.y.astype(int)
    ovr = logistic.fit_ovr(blobs.x, blobs.y, 3, cfg.mc_lr, cfg.mc_epochs)
    soft = logistic.fit_softmax(blobs.x, blobs.y, 3, cfg.mc_lr, cfg.mc_epochs)
    return MultiClass(
        blobs,
        ovr,
        soft,
        float(accuracy_score(labels, ovr.predict(blobs.x))),
        float(accuracy_score(labels, soft.predict(blobs.x))),
    )
