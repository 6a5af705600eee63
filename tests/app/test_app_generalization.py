"""The Generalization page in AppTest: every section, widgets, presets, the URL and bad input."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from engine.workflow.generalization.config import SECTIONS, GenConfig
from ui.navigation import page_for

PAGE = "pages/generalization.py"
K = page_for(PAGE).prefix


def by_key(at: AppTest, kind: str, key: str):
    return next(w for w in getattr(at, kind) if w.key == key)


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("markdown", "latex", "success", "info", "warning", "error")
        for e in getattr(at, kind)
    ]
    return "\n".join(parts)


def test_default_is_the_polynomial_section(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE)
    assert at.title[0].value == "Generalization"
    assert any("Degree 3: **good fit**" in s.value for s in at.success)
    assert any("w_{3}x^{3}" in t.value for t in at.latex)
    assert any("PolynomialFeatures" in c.value for c in at.code)
    assert any("generated here" in c.value for c in at.caption)
    assert len(at.get("plotly_chart")) == 3


@pytest.mark.parametrize("section", [s for s in SECTIONS if s != "poly"])
def test_every_section_runs(run_page: Callable[..., AppTest], section: str) -> None:
    at = run_page(PAGE, s=section)
    assert not at.error
    assert at.session_state[K + "_last_config"].section == section
    assert at.code and at.code[0].language == "python"


def test_degree_slider_changes_the_fit(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE)
    by_key(at, "slider", K + "degree").set_value(15).run()
    assert not at.exception
    assert any("Degree 15: **overfit**" in w.value for w in at.warning)
    assert at.query_params["deg"] == "15"


def test_preset_applies_its_settings(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE)
    by_key(at, "button", K + "poly_0").click().run()  # Underfit: degree 1
    assert by_key(at, "slider", K + "degree").value == 1
    assert any("Degree 1: **underfit**" in i.value for i in at.info)


def test_threshold_changes_the_metrics(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE, s="imbalance")
    before = [m.value for m in at.metric]
    by_key(at, "slider", K + "threshold").set_value(0.2).run()
    assert [m.value for m in at.metric] != before
    assert at.query_params["t"] == "0.2"


def test_accuracy_is_misleading_preset(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE, s="imbalance")
    by_key(at, "button", K + "imbalance_0").click().run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Accuracy"] == "95.0%" and metrics["Recall"] == "0.0%"
    assert any("accuracy hides the minority class" in w.value for w in at.warning)


def test_fold_follows_k(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE, s="kfold", fold="5")
    assert by_key(at, "slider", K + "fold").value == 5
    by_key(at, "slider", K + "k").set_value(3).run()
    assert not at.exception and not at.error
    assert by_key(at, "slider", K + "fold").value == 3


def test_url_round_trip(run_page: Callable[..., AppTest]) -> None:
    cfg = GenConfig(section="kfold", k=7, fold=4, degree=5, n_points=60, noise=0.45, seed=9)
    at = run_page(PAGE, **cfg.to_params())
    assert at.session_state[K + "_last_config"] == cfg
    assert not at.warning
    assert dict(at.query_params) == cfg.to_params()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"n": "5", "train": "10", "val": "80"}, "too few for a train/validation/test split"),
        ({"s": "kfold", "n": "8", "k": "12"}, "k = 12 folds need at least 12 points"),
        ({"s": "imbalance", "pos": "1", "in": "200"}, "one class in a split"),
    ],
)
def test_bad_input_is_explained(run_page: Callable[..., AppTest], query: dict, message: str) -> None:
    at = run_page(PAGE, **query)
    assert any(message in e.value for e in at.error), [e.value for e in at.error]


def test_degree_15_on_5_points_warns(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE, n="5", deg="15")
    assert any("infinitely many polynomials" in w.value for w in at.warning)


def test_impossible_split_from_a_link_is_dropped(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE, train="90", val="50")
    assert any("leaves under 5 %" in w.value for w in at.warning)
    cfg = at.session_state[K + "_last_config"]
    assert cfg.train_pct + cfg.val_pct <= 95


def test_onehot_unseen_category(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE, s="onehot", unseen="1")
    assert any("get_dummies gave columns" in w.value for w in at.warning)
    assert any("Same columns" in s.value for s in at.success)
