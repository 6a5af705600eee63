"""Imbalanced classes: accuracy vs precision/recall/F1, the confusion matrix and the curves at a threshold.

Data: scikit-learn's ``make_classification`` (2 features, ``weights=[1 - p, p]``), split 70/30
with stratification. Models: ``LogisticRegression`` (optionally ``class_weight="balanced"``) or
scikit-learn's ``DummyClassifier(strategy="most_frequent")``, the 'majority' baseline. The
confusion counts at a threshold are written in numpy (that is the lesson) and tested against
``confusion_matrix`` / ``precision_recall_fscore_support``.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from sklearn.datasets import make_classification
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_curve, roc_auc_score, roc_curve
from sklearn.model_selection import train_test_split

TEST_SIZE = 0.3


@dataclasses.dataclass(frozen=True)
class ImbalancedData:
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def data_problem(n: int, minority_pct: int) -> str:
    """Why a stratified split cannot keep positives in both parts, or ""."""
    n_pos = round(n * minority_pct / 100)
    if n_pos < 4:
        return (
            f"{minority_pct} % of {n} points is {n_pos} positive point(s): too few to put some in both the "
            "training and the test split (one class in a split). Raise the points or the positive share."
        )
    return ""


def make_imbalanced(n: int, minority_pct: int, seed: int) -> ImbalancedData:
    """``n`` 2-D points, ``minority_pct`` % of them positive (class 1), split 70/30 stratified."""
    x, y = make_classification(
        n_samples=n,
        n_features=2,
        n_informative=2,
        n_redundant=0,
        n_clusters_per_class=1,
        weights=[1 - minority_pct / 100],
        class_sep=0.4,
        flip_y=0.0,
        random_state=seed,
    )
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=TEST_SIZE, stratify=y, random_state=seed)
    return ImbalancedData(x_tr, y_tr, x_te, y_te)


def fit_model(data: ImbalancedData, model: str, class_weight: str):
    """A fitted classifier with ``predict_proba``."""
    if model == "majority":
        return DummyClassifier(strategy="most_frequent").fit(data.x_train, data.y_train)
    cw = "balanced" if class_weight == "balanced" else None
    return LogisticRegression(class_weight=cw).fit(data.x_train, data.y_train)


@dataclasses.dataclass(frozen=True)
class Metrics:
    """Counts and scores at one threshold (class 1 is 'positive'); undefined ratios are 0, as sklearn's zero_division=0."""

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def accuracy(self) -> float:
        return (self.tp + self.tn) / (self.tp + self.fp + self.fn + self.tn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def fpr(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0

    def matrix(self) -> np.ndarray:
        """[[TN, FP], [FN, TP]]: rows are the true class, columns the predicted one (sklearn's layout)."""
        return np.array([[self.tn, self.fp], [self.fn, self.tp]])


def predict_at(proba: np.ndarray, threshold: float) -> np.ndarray:
    """1 where P(positive) ≥ threshold."""
    return (proba >= threshold).astype(int)


def metrics_at(y_true: np.ndarray, proba: np.ndarray, threshold: float) -> Metrics:
    pred = predict_at(proba, threshold)
    pos, neg = y_true == 1, y_true == 0
    return Metrics(
        int(np.sum(pred[pos] == 1)),
        int(np.sum(pred[neg] == 1)),
        int(np.sum(pred[pos] == 0)),
        int(np.sum(pred[neg] == 0)),
    )


@dataclasses.dataclass(frozen=True)
class Evaluation:
    """Test-set probabilities and the threshold curves (sklearn's precision_recall_curve, roc_curve)."""

    data: ImbalancedData
    proba: np.ndarray
    pr_precision: np.ndarray
    pr_recall: np.ndarray
    roc_fpr: np.ndarray
    roc_tpr: np.ndarray
    auc: float
    coef: np.ndarray | None
    intercept: float | None


def evaluate(n: int, minority_pct: int, seed: int, model: str, class_weight: str) -> Evaluation:
    """Data, fit and the curves; everything that does not depend on the threshold."""
    data = make_imbalanced(n, minority_pct, seed)
    clf = fit_model(data, model, class_weight)
    proba = clf.predict_proba(data.x_test)[:, 1]
    prec, rec, _ = precision_recall_curve(data.y_test, proba)
    fpr, tpr, _ = roc_curve(data.y_test, proba)
    coef = getattr(clf, "coef_", None)
    return Evaluation(
        data,
        proba,
        prec,
        rec,
        fpr,
        tpr,
        float(roc_auc_score(data.y_test, proba)),
        None if coef is None else coef[0].copy(),
        None if coef is None else float(clf.intercept_[0]),
    )
