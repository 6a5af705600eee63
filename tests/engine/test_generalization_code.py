"""Every section's code snippet runs standalone and prints the page's numbers.

tests/app/test_snippets.py runs the default section's snippet; this runs all six (with the
early-stopping epochs cut, as that test does).
"""

from __future__ import annotations

import contextlib
import io
import re

import numpy as np
import pytest

from engine.workflow.generalization import codegen, imbalance, kfold, onehot, polyfit
from engine.workflow.generalization.config import GenConfig


def run(code: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<snippet>", "exec"), {"__name__": "__main__"})
    return out.getvalue()


@pytest.mark.parametrize("degree", [1, 3, 12])
def test_poly_snippet_prints_the_page_errors(degree: int) -> None:
    cfg = GenConfig(degree=degree)
    out = run(codegen.poly_code(cfg))
    x, y = polyfit.make_curve_data(cfg.n_points, cfg.noise, cfg.seed)
    curve = polyfit.degree_curve(x, y, polyfit.three_way_split(cfg.n_points, 70, 20, cfg.seed))
    tr, va, _ = curve.at(degree)
    assert f"degree {degree:2d}: train MSE {tr:.4f}, validation MSE {va:.4f}" in out


def test_split_snippet_picks_the_page_degree() -> None:
    cfg = GenConfig(section="split")
    out = run(codegen.split_code(cfg))
    x, y = polyfit.make_curve_data(cfg.n_points, cfg.noise, cfg.seed)
    curve = polyfit.degree_curve(x, y, polyfit.three_way_split(cfg.n_points, 70, 20, cfg.seed))
    assert f"degree picked on validation: {curve.best_degree}" in out
    assert f"test MSE of degree {curve.best_degree}: {curve.at(curve.best_degree)[2]:.4f}" in out


def test_kfold_snippet_prints_the_page_cv_score() -> None:
    cfg = GenConfig(section="kfold", k=4, degree=4)
    out = run(codegen.kfold_code(cfg))
    x, y = polyfit.make_curve_data(cfg.n_points, cfg.noise, cfg.seed)
    split = polyfit.three_way_split(cfg.n_points, 70, 20, cfg.seed)
    idx = np.sort(np.concatenate([split.train, split.val]))
    res = kfold.kfold_scores(x[idx], y[idx], cfg.degree, cfg.k, cfg.seed)
    assert f"CV MSE = {res.mean:.4f} ± {res.std:.4f}" in out


@pytest.mark.parametrize(
    "values", [{}, {"model": "majority"}, {"class_weight": "balanced", "threshold": 0.3}]
)
def test_imbalance_snippet_prints_the_page_metrics(values: dict) -> None:
    cfg = GenConfig(section="imbalance", **values)
    out = run(codegen.imbalance_code(cfg))
    ev = imbalance.evaluate(cfg.imb_n, cfg.minority_pct, cfg.imb_seed, cfg.model, cfg.class_weight)
    m = imbalance.metrics_at(ev.data.y_test, ev.proba, cfg.threshold)
    assert f"precision {m.precision:.3f}  recall {m.recall:.3f}  F1 {m.f1:.3f}" in out


@pytest.mark.parametrize(("drop", "unseen"), [("none", False), ("first", True)])
def test_onehot_snippet_runs(drop: str, unseen: bool) -> None:
    cfg = GenConfig(section="onehot", drop=drop, unseen=unseen)
    train, new = onehot.tables(cfg.table, cfg.unseen)
    out = run(codegen.onehot_code(cfg, train.to_dict(orient="list"), new.to_dict(orient="list"), "city"))
    assert "city_" in out


@pytest.mark.parametrize("values", [{}, {"l2": 0.01, "patience": 0}])
def test_early_snippet_runs(values: dict) -> None:
    code = re.sub(r"\bepochs=\d+", "epochs=3", codegen.early_code(GenConfig(section="early", **values)))
    out = run(code)
    assert "epochs run: 3" in out
