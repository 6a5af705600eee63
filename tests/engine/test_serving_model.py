"""engine.workflow.serving: the leak numbers against scikit-learn, the served formula, the presets."""

from __future__ import annotations

import dataclasses
import os

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from engine.basics.data import admissions
from engine.workflow import serving
from engine.workflow.serving import (
    PRESETS,
    ServingConfig,
    ServingError,
    affine,
    compare,
    make_split,
    same_predictions,
    serve,
)
from engine.workflow.serving_code import app_code, notebook_code

DEFAULT = ServingConfig()


def _by_title(title: str):
    return next(p for p in PRESETS if p.title == title)


@pytest.mark.parametrize("scaler", ["minmax", "standard"])
@pytest.mark.parametrize("typo", [False, True])
def test_leak_numbers_are_scikit_learns(scaler: str, typo: bool) -> None:
    """Both columns of the table, recomputed with a plain scikit-learn pipeline."""
    cfg = dataclasses.replace(DEFAULT, scaler=scaler, typo=typo)
    leak = compare(cfg)
    ds = admissions(cfg.seed, cfg.n)
    y = ds.y.astype(int)
    x_tr, x_te, y_tr, y_te = train_test_split(ds.x, y, test_size=0.2, random_state=cfg.seed, stratify=y)
    if typo:
        x_te = x_te.copy()
        x_te[0, 0] *= 10
    new = MinMaxScaler if scaler == "minmax" else StandardScaler
    honest = make_pipeline(new(), LogisticRegression(C=cfg.C, solver="newton-cholesky")).fit(x_tr, y_tr)
    leaky_scaler = new().fit(np.vstack([x_tr, x_te]))
    leaky_model = LogisticRegression(C=cfg.C, solver="newton-cholesky").fit(
        leaky_scaler.transform(x_tr), y_tr
    )
    p_honest = honest.predict_proba(x_te)[:, 1]
    p_leaky = leaky_model.predict_proba(leaky_scaler.transform(x_te))[:, 1]
    assert leak.honest.test_accuracy == accuracy_score(y_te, p_honest >= 0.5)
    assert leak.leaked.test_accuracy == accuracy_score(y_te, p_leaky >= 0.5)
    assert leak.honest.test_log_loss == pytest.approx(log_loss(y_te, p_honest), abs=1e-12)
    assert leak.leaked.test_log_loss == pytest.approx(log_loss(y_te, p_leaky), abs=1e-12)
    np.testing.assert_allclose(leak.honest.model.coef_, honest[-1].coef_)
    np.testing.assert_allclose(leak.leaked.model.coef_, leaky_model.coef_)
    # the leaky scaler saw every test student, the honest one did not
    assert leak.leaked.test_outside == 0
    lo, hi = x_tr.min(axis=0), x_tr.max(axis=0)
    assert leak.honest.test_outside == int(((x_te < lo) | (x_te > hi)).any(axis=1).sum())


def test_the_honest_pipeline_never_sees_the_test_split() -> None:
    """A typo in a test row changes the leaky model, not the honest one (bit for bit)."""
    clean, typo = compare(DEFAULT), compare(dataclasses.replace(DEFAULT, typo=True))
    np.testing.assert_array_equal(clean.honest.model.coef_, typo.honest.model.coef_)
    np.testing.assert_array_equal(clean.honest.scaler.data_max_, typo.honest.scaler.data_max_)
    assert not np.allclose(clean.leaked.model.coef_, typo.leaked.model.coef_)
    assert typo.split.x_test[0, 0] == pytest.approx(10 * typo.split.typo_true)


def test_raw_weights_give_the_same_probabilities() -> None:
    leak = compare(DEFAULT)
    for fit in (leak.honest, leak.leaked):
        w, b = fit.weights_raw()
        x = leak.split.x_test
        p = 1 / (1 + np.exp(-(x @ w + b)))
        np.testing.assert_allclose(p, fit.model.predict_proba(fit.scaler.transform(x))[:, 1], atol=1e-12)
        a, c = affine(fit.scaler)
        np.testing.assert_allclose(a * x + c, fit.scaler.transform(x), atol=1e-12)


@pytest.mark.parametrize("scaler", ["minmax", "standard"])
@pytest.mark.parametrize("exam", [(65.0, 70.0), (20.0, 25.0), (100.0, 0.0)])
def test_served_formula_matches_predict_proba(scaler: str, exam: tuple[float, float]) -> None:
    leak = compare(dataclasses.replace(DEFAULT, scaler=scaler))
    s = serve(leak.honest.scaler, leak.honest.model, *exam)
    x = np.array([exam])
    np.testing.assert_allclose(s.x_scaled, leak.honest.scaler.transform(x)[0], atol=1e-12)
    assert s.p == pytest.approx(
        leak.honest.model.predict_proba(leak.honest.scaler.transform(x))[0, 1], abs=1e-12
    )
    assert s.admitted == bool(leak.honest.model.predict(leak.honest.scaler.transform(x))[0])
    assert s.z == pytest.approx(float(s.w @ s.x_scaled + s.b))


def test_one_class_in_the_training_split_is_explained(monkeypatch) -> None:
    """Data with a single admitted student, held out: a clear ServingError, not scikit-learn's."""
    ds = admissions(1, 20)
    y = np.zeros(20)
    y[7] = 1.0
    monkeypatch.setattr(serving, "admissions", lambda seed, n: dataclasses.replace(ds, y=y))
    for seed in range(30):  # some split holds the lone admitted student out
        try:
            make_split(dataclasses.replace(DEFAULT, seed=seed, n=20))
        except ServingError as err:
            assert "only students who were not admitted" in str(err)
            return
    pytest.fail("no split held the admitted student out")


def test_same_predictions_is_zero_for_the_same_pair() -> None:
    leak = compare(DEFAULT)
    pair = (leak.honest.scaler, leak.honest.model)
    assert same_predictions(pair, pair, leak.split.x_test) == 0.0
    assert same_predictions(pair, (leak.leaked.scaler, leak.leaked.model), leak.split.x_test) >= 0.0


# ---- the presets' lessons ----------------------------------------------------------------------------


def test_preset_typo_drops_the_leaky_accuracy_only() -> None:
    cfg = _by_title("A typo in the test split").applied_to(DEFAULT)
    clean, leak = compare(DEFAULT), compare(cfg)
    assert leak.leaked.test_accuracy < leak.honest.test_accuracy
    np.testing.assert_array_equal(leak.honest.model.coef_, clean.honest.model.coef_)
    assert leak.scaler_moved


def test_preset_below_the_range_gives_negative_x_prime() -> None:
    cfg = _by_title("Applicant below the range").applied_to(DEFAULT)
    leak = compare(cfg)
    s = serve(leak.honest.scaler, leak.honest.model, cfg.exam1, cfg.exam2)
    assert (s.x_scaled < 0).all() and all(s.outside) and not s.admitted


def test_preset_borderline_flips_with_one_point() -> None:
    cfg = _by_title("A borderline applicant").applied_to(DEFAULT)
    leak = compare(cfg)
    s = serve(leak.honest.scaler, leak.honest.model, cfg.exam1, cfg.exam2)
    lower = serve(leak.honest.scaler, leak.honest.model, cfg.exam1, cfg.exam2 - 1)
    assert abs(s.p - 0.5) < 0.02 and s.admitted != lower.admitted


def test_preset_standardize_keeps_the_decision() -> None:
    cfg = _by_title("Standardize instead").applied_to(DEFAULT)
    a, b = compare(DEFAULT), compare(cfg)
    sa = serve(a.honest.scaler, a.honest.model, cfg.exam1, cfg.exam2)
    sb = serve(b.honest.scaler, b.honest.model, cfg.exam1, cfg.exam2)
    assert sa.admitted == sb.admitted and not np.allclose(sa.x_scaled, sb.x_scaled)


def test_preset_strong_regularization_pulls_toward_half() -> None:
    cfg = _by_title("Strong regularization (C = 0.01)").applied_to(DEFAULT)
    leak = compare(cfg)
    s = serve(leak.honest.scaler, leak.honest.model, cfg.exam1, cfg.exam2)
    assert abs(s.p - 0.5) < 0.05
    assert leak.honest.test_log_loss > 0.6 > compare(DEFAULT).honest.test_log_loss
    assert leak.honest.test_log_loss < np.log(2)


def test_every_preset_is_valid() -> None:
    for preset in PRESETS:
        preset.applied_to(DEFAULT).validated()


@pytest.mark.parametrize("typo", [False, True])
def test_the_code_tab_prints_the_pages_numbers(tmp_path, typo: bool, capsys) -> None:
    cfg = dataclasses.replace(DEFAULT, typo=typo)
    leak = compare(cfg)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        ns: dict = {}
        exec(notebook_code(cfg), ns)  # our own generated code
        exec(app_code(cfg), ns)
    finally:
        os.chdir(cwd)
    assert ns["acc"] == leak.honest.test_accuracy and ns["acc_leak"] == leak.leaked.test_accuracy
    assert ns["loss"] == pytest.approx(leak.honest.test_log_loss)
    assert ns["p"] == pytest.approx(serve(leak.honest.scaler, leak.honest.model, cfg.exam1, cfg.exam2).p)
