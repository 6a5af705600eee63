"""The basics pages' code tabs run as pasted and reproduce the pages' own numbers."""

from __future__ import annotations

import contextlib
import dataclasses
import io

import numpy as np
import pytest

from engine.basics import codegen, data
from engine.basics.config import GDConfig, LinearConfig, LogisticConfig
from engine.basics.functions import FUNCTIONS
from engine.basics.gd import batch_size_for
from engine.basics.gd1d import run_gd_1d
from engine.basics.linear_fit import fit_1d
from engine.basics.logistic_fit import fit_admissions, scores


def _run(code: str) -> tuple[dict, str]:
    """Execute our own generated snippet (never user text); return its namespace and output."""
    namespace: dict = {"__name__": "snippet"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<basics snippet>", "exec"), namespace)
    return namespace, out.getvalue()


@pytest.mark.parametrize("fn", sorted(FUNCTIONS))
def test_gradient_descent_snippet_ends_where_the_page_does(fn: str) -> None:
    cfg = GDConfig(fn=fn, x0=1.5, lr=0.05, steps=12)
    _, out = _run(codegen.gd_code(cfg))
    trace = run_gd_1d(FUNCTIONS[fn], cfg.x0, cfg.lr, cfg.steps)
    last = out.strip().splitlines()[-1].split()
    assert int(last[0]) == cfg.steps
    assert float(last[1]) == pytest.approx(trace.xs[-1], rel=1e-12)


@pytest.mark.parametrize(
    "cfg",
    [
        LinearConfig(epochs=5),
        LinearConfig(data="house8", scaling="minmax", epochs=5, method="minibatch", batch=3),
        LinearConfig(data="balloon", n=25, seed=4, method="sgd", lr=0.01, epochs=3),
        LinearConfig(data="line", noise=3.5, n=40, seed=2, method="minibatch", batch=8, epochs=4),
        LinearConfig(data="house", scaling="none", lr=3e-7, epochs=5),
    ],
)
def test_linear_snippet_reproduces_the_pages_fit(cfg: LinearConfig) -> None:
    ds = {
        "house": data.house_prices,
        "house8": data.house_prices_003,
        "balloon": lambda: data.balloons(cfg.seed, n=cfg.n),
        "line": lambda: data.line_data(cfg.seed, n=cfg.n, noise=cfg.noise),
    }[cfg.data]()
    batch_size = batch_size_for(cfg.method, len(ds.y), cfg.batch)
    ns, out = _run(codegen.linear_code(cfg, batch_size))
    np.testing.assert_allclose(ns["x"], ds.x, rtol=1e-12)
    np.testing.assert_allclose(ns["y"], ds.y, rtol=1e-12)
    fit = fit_1d(ds, cfg)
    w, b = fit.unscaled(fit.trace.steps)
    assert ns["w_data"] == pytest.approx(w, rel=1e-9, abs=1e-12)
    assert ns["b_data"] == pytest.approx(b, rel=1e-9, abs=1e-12)
    assert ns["w_best"] == pytest.approx(fit.best[0]) and ns["b_best"] == pytest.approx(fit.best[1])
    assert "normal equation:" in out


def test_linear_csv_snippet_reads_the_named_columns(tmp_path) -> None:
    path = tmp_path / "houses.csv"
    path.write_text("area,price\n50,10\n60,12.5\n80,16\n95,19.5\n")
    cfg = LinearConfig(data="csv", epochs=3)
    ns, _ = _run(codegen.linear_code(cfg, 4, (str(path), "area", "price")))
    np.testing.assert_allclose(ns["x"], [50, 60, 80, 95])


@pytest.mark.parametrize(
    "cfg",
    [
        LogisticConfig(epochs=3),
        LogisticConfig(epochs=2, method="minibatch", batch=16, seed=7, threshold=0.7),
        LogisticConfig(epochs=1, method="sgd", lr=0.3, threshold=0.3),
    ],
)
def test_logistic_snippet_runs_and_prints_the_pages_scores(cfg: LogisticConfig) -> None:
    """It used to import confusion_matrix but call accuracy_score: a NameError when pasted."""
    fit = fit_admissions(cfg)
    batch_size = batch_size_for(cfg.method, len(fit.ds.y), cfg.batch)
    ns, out = _run(codegen.logistic_code(cfg, batch_size))
    np.testing.assert_allclose(ns["X"], fit.ds.x, rtol=1e-12)
    np.testing.assert_array_equal(ns["y"], fit.ds.y)
    np.testing.assert_allclose(np.append(ns["w"], ns["b"]), fit.trace.thetas[-1], rtol=1e-9, atol=1e-12)
    result = scores(fit, cfg.threshold)
    lines = out.strip().splitlines()
    assert float(lines[0]) == pytest.approx(result.accuracy)
    printed = np.array([[int(v) for v in line.strip(" []").split()] for line in lines[1:]])
    np.testing.assert_array_equal(printed, result.confusion)


def test_keras_snippets_run_after_the_numpy_ones() -> None:
    pytest.importorskip("keras")
    lin = LinearConfig(epochs=2)
    ns, out = _run(codegen.linear_code(lin, 6) + codegen.linear_keras_code(lin, 6))
    assert "Keras:" in out and np.isfinite(ns["w_k"]).all()
    log = dataclasses.replace(LogisticConfig(), epochs=2, mc_epochs=10)
    ns, _ = _run(codegen.logistic_code(log, 100) + codegen.logistic_keras_code(log, 100))
    assert ns["softmax_model"].output_shape == (None, 3)
