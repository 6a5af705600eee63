"""Every "What to try" preset's lesson, checked through the engine with the page's default seeds."""

from __future__ import annotations

import numpy as np
import pytest

from engine.workflow.generalization import early, imbalance, kfold, onehot, polyfit
from engine.workflow.generalization.config import GenConfig
from engine.workflow.generalization.presets import PRESETS


def preset(section: str, title: str) -> GenConfig:
    p = next(p for p in PRESETS[section] if p.title == title)
    cfg = p.applied_to(GenConfig())
    assert cfg.section == section
    return cfg


def curve(cfg: GenConfig):
    x, y = polyfit.make_curve_data(cfg.n_points, cfg.noise, cfg.seed)
    split = polyfit.three_way_split(cfg.n_points, cfg.train_pct, cfg.val_pct, cfg.seed)
    return x, y, split, polyfit.degree_curve(x, y, split)


def test_every_preset_is_a_valid_config_of_its_section() -> None:
    for section, presets in PRESETS.items():
        for p in presets:
            assert p.applied_to(GenConfig()).section == section


@pytest.mark.parametrize(
    ("title", "verdict"),
    [
        ("Underfit: degree 1", "underfit"),
        ("Good fit: degree 3", "good fit"),
        ("Overfit: degree 15", "overfit"),
        ("Degree 9, 300 points", "good fit"),
    ],
)
def test_poly_verdicts(title: str, verdict: str) -> None:
    cfg = preset("poly", title)
    *_, c = curve(cfg)
    assert polyfit.verdict(c, cfg.degree) == verdict


def test_underfit_has_both_errors_high_and_overfit_low_train_high_val() -> None:
    *_, c = curve(GenConfig())
    best_tr, best_va, _ = c.at(c.best_degree)
    tr1, va1, _ = c.at(1)
    tr15, va15, _ = c.at(15)
    assert tr1 > 2 * best_tr and va1 > 2 * best_va
    assert tr15 < best_tr and va15 > 5 * best_va


def test_degree_15_on_5_points_interpolates() -> None:
    cfg = preset("poly", "Degree 15, 5 points")
    _, _, split, c = curve(cfg)
    assert polyfit.too_few_points(len(split.train), 15)
    assert c.at(15)[0] < 1e-12


@pytest.mark.parametrize("title", ["The slides' 70/20/10", "Noisier data"])
def test_split_presets_peeking_is_optimistic(title: str) -> None:
    cfg = preset("split", title)
    s = polyfit.peek_study(cfg.n_points, cfg.noise, cfg.train_pct, cfg.val_pct, cfg.seed)
    assert s.honest_reported == pytest.approx(s.honest_new, rel=0.3)
    assert s.peek_reported < 0.6 * s.peek_new


def test_noisier_data_raises_every_error() -> None:
    quiet = polyfit.peek_study(30, 0.3, 70, 20, 4)
    cfg = preset("split", "Noisier data")
    noisy = polyfit.peek_study(cfg.n_points, cfg.noise, cfg.train_pct, cfg.val_pct, cfg.seed)
    assert noisy.honest_new > quiet.honest_new and noisy.honest_reported > quiet.honest_reported


def _folds(cfg: GenConfig) -> kfold.KFoldResult:
    x, y, split, _ = curve(cfg)
    idx = np.sort(np.concatenate([split.train, split.val]))
    return kfold.kfold_scores(x[idx], y[idx], cfg.degree, cfg.k, cfg.seed)


def test_kfold_presets() -> None:
    five = _folds(preset("kfold", "k = 5"))
    assert sorted(np.concatenate(five.val_indices).tolist()) == list(range(27))
    loo = _folds(preset("kfold", "Leave-one-out (k = n)"))
    assert loo.k == 20 and all(len(v) == 1 for v in loo.val_indices)
    assert np.std(loo.val_mse) > np.std(five.val_mse)
    d15 = _folds(preset("kfold", "Degree 15 under CV"))
    assert d15.mean > 10 * five.mean


def _early(cfg: GenConfig) -> early.EarlyResult:
    return early.train_early(
        cfg.es_data, cfg.es_noise, cfg.l2, cfg.patience, cfg.restore, cfg.epochs, cfg.es_seed
    )


def test_early_presets() -> None:
    over = _early(preset("early", "No L2, no early stop"))
    assert over.stop_epoch == 200 and over.val_loss[-1] > 1.5 * over.val_loss.min()
    assert over.train_loss[-1] < over.train_loss[over.best_epoch - 1]
    stop = _early(preset("early", "Early stopping, restore best"))
    assert stop.stop_epoch < 200 and stop.kept_val_loss == pytest.approx(stop.val_loss.min(), rel=1e-5)
    l2 = _early(preset("early", "L2 instead (λ = 0.01)"))
    assert l2.val_loss[-1] < 1.2 * l2.val_loss.min()
    assert l2.val_loss[-1] < 0.6 * over.val_loss[-1]


def _metrics(cfg: GenConfig) -> imbalance.Metrics:
    ev = imbalance.evaluate(cfg.imb_n, cfg.minority_pct, cfg.imb_seed, cfg.model, cfg.class_weight)
    return imbalance.metrics_at(ev.data.y_test, ev.proba, cfg.threshold)


def test_accuracy_is_misleading() -> None:
    m = _metrics(preset("imbalance", "Accuracy is misleading"))
    assert m.accuracy == pytest.approx(0.95, abs=0.01) and m.recall == 0.0


def test_lower_threshold_and_class_weights_trade_precision_for_recall() -> None:
    base = _metrics(GenConfig(section="imbalance"))
    for title in ("Lower the threshold to 0.2", "Class weights: balanced"):
        m = _metrics(preset("imbalance", title))
        assert m.recall > base.recall + 0.3 and m.precision < base.precision


def test_onehot_presets() -> None:
    cfg = preset("onehot", "k − 1 columns")
    enc = onehot.encode(cfg.table, cfg.drop, cfg.unseen)
    assert enc.train_equal and enc.encoder_train.shape[1] == len(enc.categories) - 1
    cfg = preset("onehot", "An unseen category")
    enc = onehot.encode(cfg.table, cfg.drop, cfg.unseen)
    assert not enc.new_columns_match and list(enc.encoder_new.columns) == list(enc.encoder_train.columns)
