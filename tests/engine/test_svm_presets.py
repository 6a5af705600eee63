"""The SVM page's settings table and the claims of its "What to try" presets (fixed seeds)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from engine.classical import svm
from engine.classical.svm_config import SVM_PRESETS, SvmConfig

BY_TITLE = {p.title: p for p in SVM_PRESETS}


def _fit(title: str, **changes):
    cfg = dataclasses.replace(BY_TITLE[title].applied_to(SvmConfig(seed=9, ax=3.0)), **changes)
    data = svm.load_data(cfg)
    return cfg, data, svm.fit_svm(data, cfg)


@pytest.mark.parametrize("preset", SVM_PRESETS, ids=lambda p: p.title)
def test_presets_open_valid_configs(preset) -> None:
    cfg = preset.applied_to(SvmConfig(seed=9, ax=3.0))
    assert cfg.validated() == cfg
    assert cfg.seed == 1 and cfg.ax == 1.0  # from the defaults: the lesson's numbers hold on its own seed


def test_defaults_round_trip_and_link_keys() -> None:
    cfg = SvmConfig(dataset="xor", C=10.0, gamma=3.0, kernel="poly", degree=2)
    params = cfg.to_params()
    assert params == {"data": "xor", "C": "10.0", "gamma": "3.0", "kernel": "poly", "deg": "2"}
    back, problems = SvmConfig.from_params(params)
    assert back == cfg and not problems
    snapped, problems = SvmConfig.from_params({"C": "7", "gamma": "0.2"})
    assert snapped.C == 10.0 and snapped.gamma == 0.3 and len(problems) == 2


def test_a_line_cannot_do_circles() -> None:
    _, _, fit = _fit("A line cannot do circles")
    assert svm.fit_verdict(fit.train_acc, fit.val_acc)[0] == "underfit"
    assert fit.train_acc < 0.75 and fit.val_acc < 0.75


def test_rbf_kernel_trick() -> None:
    _, data, fit = _fit("RBF: the kernel trick")
    assert fit.train_acc == 1.0 and fit.val_acc == 1.0
    assert fit.n_support < 0.25 * len(data.x_train)  # "under a quarter of the training points"
    # the boundary runs through the gap between the disc (r < 2.5) and the ring (r > 3.5)
    t = np.linspace(0, 2 * np.pi, 73)
    ring = np.column_stack([np.sin(t), np.cos(t)])
    assert (fit.model.decision_function(2.5 * ring) > 0).all()
    assert (fit.model.decision_function(3.5 * ring) < 0).all()


def test_xor_degree_two_and_the_product_lift() -> None:
    cfg, data, fit = _fit("XOR: degree 2 and the x₁·x₂ lift")
    assert cfg.lift == "product" and fit.val_acc >= 0.95
    plane = svm.fit_lifted(data.x_train, data.y_train, cfg.lift)
    assert plane.separates
    # "the plane z = 0": the plane is (nearly) z = 0, i.e. its z weight dominates and its offset is small
    w1, w2, w3 = plane.w
    assert abs(w3) > 5 * max(abs(w1), abs(w2)) and abs(plane.b / w3) < 1.0


def test_huge_gamma_overfits_and_0_3_recovers() -> None:
    _, _, fit = _fit("Huge γ: overfitting")
    assert fit.train_acc == 1.0 and fit.train_acc - fit.val_acc > 0.2
    assert svm.fit_verdict(fit.train_acc, fit.val_acc)[0] == "overfit"
    _, _, better = _fit("Huge γ: overfitting", gamma=0.3)
    assert better.val_acc > fit.val_acc + 0.15
    assert svm.fit_verdict(better.train_acc, better.val_acc)[0] == "good"


def test_small_c_soft_margin() -> None:
    _, data, soft = _fit("Small C: a soft margin")
    _, _, hard = _fit("Small C: a soft margin", C=100.0)
    assert soft.margin_width > 3 * hard.margin_width
    assert soft.n_support >= 5 * hard.n_support and hard.n_support <= 10  # "a handful"
    # every point inside the soft margin is a support vector
    inside = abs(soft.model.decision_function(data.x_train)) < 1 - 1e-3
    assert set(inside.nonzero()[0]) <= set(soft.support)


def test_spiral_rbf() -> None:
    _, _, fit = _fit("Spiral: RBF with more reach")
    assert fit.val_acc >= 0.95
    _, _, linear = _fit("Spiral: RBF with more reach", kernel="linear")
    assert linear.val_acc < 0.7
