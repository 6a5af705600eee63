"""The logistic-regression page in AppTest: tables, the tumor demo, training, threshold, multi-class, URL."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from streamlit.testing.v1 import AppTest

PAGE = "pages/logistic_regression.py"


def player(at: AppTest) -> dict[str, Any]:
    frames = at.get("iframe")
    assert len(frames) == 1
    html = frames[0].proto.srcdoc
    start = html.index("window.BASICS = ") + len("window.BASICS = ")
    return json.loads(html[start : html.index(";</script>", start)])


def by_key(at: AppTest, kind: str, key: str):
    return next(w for w in getattr(at, kind) if w.key == key)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_default_page(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE)
    assert at.title[0].value == "Logistic regression"
    sigmoid = next(d.value for d in at.dataframe if "z" in d.value.columns)
    assert sigmoid.iloc[1, 1].startswith("0.00033535")
    bce = next(d.value for d in at.dataframe if "ŷ" in d.value.columns and "y" in d.value.columns)
    assert "13.81551" in bce.iloc[:, 2].tolist()
    data = player(at)
    assert data["counter"][-1] == "100 / 100"
    assert data["text"][0].startswith("Start: w₁ = w₂ = b = 0")
    assert "w₁ = 0 − 0.5 × (" in data["text"][1]
    assert float(metric(at, "Accuracy").rstrip("%")) >= 80
    assert len(at.get("plotly_chart")) >= 8  # sigmoid, BCE, tumor, MSE vs BCE, CM, map, OvR, softmax
    assert any("Here the line works" in i.value for i in at.info)


def test_big_tumor_moves_the_linear_cut(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE)
    by_key(at, "toggle", "lg_big_tumor").set_value(True).run()
    assert any("now called benign" in e.value for e in at.error)
    table = next(d.value for d in at.dataframe if "linear says" in d.value.columns)
    assert table["linear says"].tolist() == ["benign"] * 4
    assert table["logistic says"].tolist()[2:] == ["malignant", "malignant"]
    assert at.query_params["big_tumor"] == "1"


def test_threshold_changes_the_confusion_matrix(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE)
    recall = metric(at, "Recall")
    by_key(at, "slider", "lg_threshold").set_value(0.9).run()
    assert not at.exception
    assert metric(at, "Recall") != recall
    assert "p = 0.9" in json.dumps(player(at)["figure"]["data"][2])
    assert at.query_params["threshold"] == "0.9"


def test_training_settings_and_multiclass(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE)
    by_key(at, "selectbox", "lg_method").set_value("sgd").run()
    by_key(at, "slider", "lg_epochs").set_value(3).run()
    assert player(at)["counter"][-1] == "300 / 300"
    by_key(at, "slider", "lg_mc_spread").set_value(3.5).run()
    assert not at.exception
    assert at.query_params["mc_spread"] == "3.5"


def test_url_round_trip(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE, lr="0.03", epochs="300", threshold="0.8", seed="5", mc_epochs="500")
    assert by_key(at, "select_slider", "lg_lr").value == 0.03
    assert by_key(at, "slider", "lg_threshold").value == 0.8
    assert by_key(at, "number_input", "lg_seed").value == 5
    assert dict(at.query_params) == {
        "lr": "0.03",
        "epochs": "300",
        "threshold": "0.8",
        "seed": "5",
        "mc_epochs": "500",
    }
    bad = run_page(PAGE, threshold="2", lr="-1")
    assert len(bad.warning) == 2
