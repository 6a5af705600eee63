"""Polynomial fits, the three-way split and k-fold against numpy.polyfit and scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures

from engine.workflow.generalization import kfold, polyfit


def _data(n=30, seed=4):
    return polyfit.make_curve_data(n, 0.3, seed)


@pytest.mark.parametrize("degree", [1, 2, 3, 5, 8])
def test_fit_matches_numpy_polyfit(degree: int) -> None:
    x, y = _data()
    coef = polyfit.fit_poly(x, y, degree)
    np.testing.assert_allclose(coef[::-1], np.polyfit(x, y, degree), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("degree", [1, 3, 6, 10, 15])
def test_errors_match_sklearn_pipeline(degree: int) -> None:
    x, y = _data(60)
    split = polyfit.three_way_split(60, 70, 20, 4)
    curve = polyfit.degree_curve(x, y, split)
    model = make_pipeline(PolynomialFeatures(degree, include_bias=False), LinearRegression())
    model.fit(x[split.train, None], y[split.train])
    for part, got in zip((split.train, split.val, split.test), curve.at(degree), strict=True):
        want = np.mean((model.predict(x[part, None]) - y[part]) ** 2)
        assert got == pytest.approx(want, rel=1e-5)


def test_split_is_a_partition_with_the_declared_sizes() -> None:
    split = polyfit.three_way_split(30, 70, 20, 4)
    assert (len(split.train), len(split.val), len(split.test)) == (21, 6, 3)
    together = np.concatenate([split.train, split.val, split.test])
    assert sorted(together.tolist()) == list(range(30))


def test_too_few_points_for_a_split_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="too few"):
        polyfit.split_sizes(5, 10, 80)


def test_training_error_never_rises_with_degree() -> None:
    x, y = _data()
    curve = polyfit.degree_curve(x, y, polyfit.three_way_split(30, 70, 20, 4))
    assert np.all(np.diff(curve.train) <= 1e-9)


def test_underdetermined_fit_interpolates_the_training_points() -> None:
    x, y = _data(5)
    split = polyfit.three_way_split(5, 70, 20, 4)
    assert polyfit.too_few_points(len(split.train), 15)
    coef = polyfit.fit_poly(x[split.train], y[split.train], 15)
    assert polyfit.mse(coef, x[split.train], y[split.train]) < 1e-12


def test_peeking_at_the_test_set_is_optimistic() -> None:
    s = polyfit.peek_study(30, 0.3, 70, 20, 4, repeats=40)
    assert s.peek_reported < 0.5 * s.peek_new
    assert s.honest_reported == pytest.approx(s.honest_new, rel=0.3)


@pytest.mark.parametrize(("degree", "k"), [(1, 5), (3, 5), (3, 10), (6, 3), (3, 27)])
def test_kfold_scores_equal_cross_val_score(degree: int, k: int) -> None:
    x, y = _data()
    res = kfold.kfold_scores(x[:27], y[:27], degree, k, 4)
    model = make_pipeline(PolynomialFeatures(degree, include_bias=False), LinearRegression())
    scores = -cross_val_score(
        model, x[:27, None], y[:27], cv=kfold.make_kfold(k, 4), scoring="neg_mean_squared_error"
    )
    np.testing.assert_allclose(res.val_mse, scores, rtol=1e-6)
    assert res.mean == pytest.approx(scores.mean(), rel=1e-6)
    assert res.std == pytest.approx(scores.std(), rel=1e-5)


def test_every_point_is_validated_exactly_once() -> None:
    x, y = _data()
    res = kfold.kfold_scores(x, y, 3, 7, 1)
    together = np.concatenate(res.val_indices)
    assert sorted(together.tolist()) == list(range(30))
    for i, va in enumerate(res.val_indices):
        assert np.all(res.fold_of[va] == i)


def test_k_larger_than_the_data_is_explained() -> None:
    assert "at least 12 points" in kfold.kfold_problem(5, 12)
    assert kfold.kfold_problem(12, 12) == ""
