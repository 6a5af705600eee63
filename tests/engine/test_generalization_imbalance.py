"""Metrics at a threshold against scikit-learn; the 95/5 data; class weights."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

from engine.workflow.generalization import imbalance


@pytest.fixture(scope="module")
def ev() -> imbalance.Evaluation:
    return imbalance.evaluate(2000, 5, 2, "logistic", "none")


@pytest.mark.parametrize("threshold", [0.01, 0.1, 0.2, 0.35, 0.5, 0.8, 0.99])
def test_metrics_at_threshold_equal_sklearn(ev: imbalance.Evaluation, threshold: float) -> None:
    y = ev.data.y_test
    m = imbalance.metrics_at(y, ev.proba, threshold)
    pred = (ev.proba >= threshold).astype(int)
    np.testing.assert_array_equal(m.matrix(), confusion_matrix(y, pred, labels=[0, 1]))
    p, r, f1, _ = precision_recall_fscore_support(y, pred, average="binary", zero_division=0)
    assert (m.precision, m.recall, m.f1) == pytest.approx((p, r, f1))
    assert m.accuracy == pytest.approx(accuracy_score(y, pred))


def test_data_has_the_declared_share_in_both_splits() -> None:
    d = imbalance.make_imbalanced(2000, 5, 2)
    assert len(d.y_test) == 600
    assert d.y_train.mean() == pytest.approx(0.05, abs=0.005)
    assert d.y_test.mean() == pytest.approx(0.05, abs=0.005)


def test_majority_classifier_gets_95_percent_and_no_positive() -> None:
    ev = imbalance.evaluate(2000, 5, 2, "majority", "none")
    m = imbalance.metrics_at(ev.data.y_test, ev.proba, 0.5)
    assert m.accuracy == pytest.approx(0.95, abs=0.01)
    assert m.recall == 0.0 and m.tp == 0


def test_balanced_weights_equal_sklearn_and_raise_recall() -> None:
    d = imbalance.make_imbalanced(2000, 5, 2)
    clf = imbalance.fit_model(d, "logistic", "balanced")
    ref = LogisticRegression(class_weight="balanced").fit(d.x_train, d.y_train)
    np.testing.assert_allclose(clf.coef_, ref.coef_)
    plain = imbalance.evaluate(2000, 5, 2, "logistic", "none")
    weighted = imbalance.evaluate(2000, 5, 2, "logistic", "balanced")
    r0 = imbalance.metrics_at(plain.data.y_test, plain.proba, 0.5)
    r1 = imbalance.metrics_at(weighted.data.y_test, weighted.proba, 0.5)
    assert r1.recall > r0.recall + 0.3
    assert r1.precision < r0.precision


def test_too_few_positives_is_explained() -> None:
    assert "one class in a split" in imbalance.data_problem(100, 2)
    assert imbalance.data_problem(2000, 5) == ""
