"""The kNN page's config, cached results and presets: each preset's lesson checked (fixed seed)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from sklearn.model_selection import cross_val_score

from engine.classical import knn
from engine.classical.knn_config import (
    MAX_ADDED,
    PRESETS,
    KnnConfig,
    accuracies,
    curve_kmax,
    effective_k,
    keep_added,
    kfold,
    make_data,
    plane_vote,
    probe_vote,
    with_point,
)
from engine.urlstate import ConfigError


def _preset(title: str) -> KnnConfig:
    return next(p for p in PRESETS if p.title.startswith(title)).applied_to(KnnConfig())


def test_every_preset_is_valid_and_changes_something() -> None:
    for p in PRESETS:
        assert p.applied_to(KnnConfig()) != KnnConfig(), p.title


def test_k1_memorises_the_noise() -> None:
    cfg = _preset("k = 1")
    train, test = accuracies(cfg)
    assert train == 1.0
    assert test < accuracies(dataclasses.replace(cfg, k=15))[1]


def test_k_all_points_colours_the_plane_with_one_class() -> None:
    cfg = _preset("k = all")
    data = make_data(cfg)
    assert effective_k(cfg, data) == len(data.x_train) == cfg.k
    _, pred, _ = plane_vote(cfg)
    majority = np.bincount(data.y_train).argmax()
    assert np.all(pred == majority)


def test_kfold_picks_a_k_between_the_extremes() -> None:
    curve = kfold(_preset("Let k-fold"))
    assert curve.train_acc[0] == 1.0 and 1 < curve.best_k < curve.ks[-1]
    assert curve.val_acc[curve.best_k - 1] > curve.val_acc[0]


def test_cosine_on_the_circle_is_near_chance_where_l2_is_right() -> None:
    cfg = _preset("Cosine")
    assert accuracies(cfg)[1] < 0.7
    assert accuracies(dataclasses.replace(cfg, metric="euclidean"))[1] > 0.95


def test_distance_votes_keep_training_accuracy_at_100() -> None:
    cfg = _preset("Distance")
    assert accuracies(cfg)[0] == 1.0
    assert accuracies(dataclasses.replace(cfg, weights="uniform"))[0] < 1.0


def test_page_kfold_equals_cross_val_score() -> None:
    cfg = KnnConfig()
    data = make_data(cfg)
    curve = kfold(cfg)
    assert len(curve.ks) == curve_kmax(cfg, data) == cfg.k_max
    for k in (1, 5, 17):
        model = knn.sklearn_model(k, cfg.metric, cfg.weights)
        ref = cross_val_score(model, data.x_train, data.y_train, cv=knn.splitter(cfg.folds, cfg.seed)).mean()
        assert curve.val_acc[k - 1] == pytest.approx(ref)


def test_plane_vote_equals_sklearn_on_the_grid() -> None:
    cfg = KnnConfig(dataset="blobs3", k=7, weights="distance", metric="manhattan")
    data = make_data(cfg)
    axis, pred, share = plane_vote(cfg)
    gx, gy = np.meshgrid(axis, axis)
    model = knn.sklearn_model(7, "manhattan", "distance").fit(data.x_train, data.y_train)
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    np.testing.assert_array_equal(pred.ravel(), model.predict(grid))
    np.testing.assert_allclose(share.ravel(), model.predict_proba(grid).max(axis=1))


def test_clicked_points_join_the_training_set_and_the_vote() -> None:
    added = with_point((), 5.0, 5.0, 0)
    added = with_point(added, 5.2, 5.1, 0)
    cfg = KnnConfig(dataset="gauss", noise=0, added=added, probe_x=5.1, probe_y=5.0, k=1)
    data = make_data(cfg)
    assert (
        data.n_added == 2
        and len(data.x_train) == len(make_data(KnnConfig(dataset="gauss", noise=0)).x_train) + 2
    )
    p = probe_vote(cfg)
    assert p.winner == 0 and p.idx[0] >= len(data.x_train) - 2  # a clicked point is the nearest


def test_added_points_are_checked() -> None:
    with pytest.raises(ConfigError):
        KnnConfig(added=(1.0, 2.0)).validated()
    with pytest.raises(ConfigError):
        KnnConfig(dataset="moons", added=(1.0, 2.0, 3.0)).validated()  # moons has classes 0 and 1
    assert keep_added((1.0, 2.0, 3.0, 0.5, 0.5, 1.0), "moons") == (0.5, 0.5, 1.0)
    many = ()
    for i in range(MAX_ADDED + 5):
        many = with_point(many, i / 10, 0.0, 1)
    assert len(many) == 3 * MAX_ADDED and many[0] == 0.5  # the oldest were dropped
    KnnConfig(added=many).validated()


def test_k_larger_than_the_data_is_clamped() -> None:
    cfg = KnnConfig(n_points=20, k=50, folds=10)
    data = make_data(cfg)
    assert effective_k(cfg, data) == 15
    _, test = accuracies(cfg)
    assert 0 <= test <= 1 and len(kfold(cfg).ks) == knn.largest_k(15, 10)


def test_url_round_trip() -> None:
    cfg = KnnConfig(dataset="xor", k=9, metric="cosine", weights="distance", added=(1.5, -2.25, 1.0))
    back, problems = KnnConfig.from_params(cfg.to_params())
    assert back == cfg and not problems
