"""The logistic-regression page in AppTest: tables, the tumor demo, training, threshold, multi-class, URL."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable
from typing import Any

import numpy as np
from streamlit.testing.v1 import AppTest

from ui.navigation import page_for

PAGE = "pages/logistic_regression.py"
K = page_for(PAGE).prefix  #: the page's session-state prefix, from the page registry


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
    sigmoid = next(d.value for d in at.table if "z" in d.value.columns)
    assert sigmoid.iloc[1, 1].startswith("0.00033535")
    bce = next(d.value for d in at.table if "ŷ" in d.value.columns and "y" in d.value.columns)
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
    by_key(at, "toggle", K + "big_tumor").set_value(True).run()
    assert any("now called benign" in e.value for e in at.error)
    table = next(d.value for d in at.table if "linear says" in d.value.columns)
    assert table["linear says"].tolist() == ["benign"] * 4
    assert table["logistic says"].tolist()[2:] == ["malignant", "malignant"]
    assert at.query_params["big_tumor"] == "1"


def test_threshold_changes_the_confusion_matrix(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE)
    recall = metric(at, "Recall")
    by_key(at, "slider", K + "threshold").set_value(0.9).run()
    assert not at.exception
    assert metric(at, "Recall") != recall
    assert "p = 0.9" in json.dumps(player(at)["figure"]["data"][2])
    assert at.query_params["threshold"] == "0.9"


def test_training_settings_and_multiclass(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE)
    by_key(at, "selectbox", K + "method").set_value("sgd").run()
    by_key(at, "slider", K + "epochs").set_value(3).run()
    assert player(at)["counter"][-1] == "300 / 300"
    by_key(at, "slider", K + "mc_spread").set_value(3.5).run()
    assert not at.exception
    assert at.query_params["mc_spread"] == "3.5"


def test_url_round_trip(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE, lr="0.03", epochs="300", threshold="0.8", seed="5", mc_epochs="500")
    assert by_key(at, "select_slider", K + "lr").value == 0.03
    assert by_key(at, "slider", K + "threshold").value == 0.8
    assert by_key(at, "number_input", K + "seed").value == 5
    assert dict(at.query_params) == {
        "lr": "0.03",
        "epochs": "300",
        "threshold": "0.8",
        "seed": "5",
        "mc_epochs": "500",
    }
    bad = run_page(PAGE, threshold="2", lr="-1")
    assert len(bad.warning) == 2


def test_scaling_is_described_as_what_the_code_does(run_page: Callable[..., AppTest]) -> None:
    """The scores are standardized (mean 0, std 1); MinMaxScaler, the slides' choice, maps to [0, 1]."""
    from engine.basics.config import LogisticConfig
    from engine.basics.logistic_fit import ADMISSION_SCALING, fit_admissions

    at = run_page(PAGE, seed="3")
    text = " ".join(m.value for m in at.markdown)
    assert "as the slides' MinMaxScaler does" not in text
    assert ADMISSION_SCALING == "standardize"
    fit = fit_admissions(LogisticConfig(seed=3))
    np.testing.assert_allclose(fit.xs.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(fit.xs.std(axis=0), 1)
    (m1, _), (s1, _) = fit.scaler.shift, fit.scaler.scale
    assert "standardized before training: each score minus its mean" in text
    assert f"exam 1: mean {m1:.1f}, std {s1:.1f}" in text
    assert "MinMaxScaler instead, which rescales each score to [0, 1]" in text
    assert "X_s = (X - X.mean(axis=0)) / X.std(axis=0)" in next(c.value for c in at.code if "X_s" in c.value)


def test_the_code_tab_runs_as_pasted(run_page: Callable[..., AppTest]) -> None:
    """The snippet on the page (small epochs) runs and prints the accuracy the page shows."""
    at = run_page(PAGE, epochs="3", threshold="0.6")
    code = next(c.value for c in at.code if "accuracy_score" in c.value and "def sigmoid" in c.value)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<page snippet>", "exec"), {})  # the page's own generated code, no user text
    accuracy = float(out.getvalue().splitlines()[0])
    assert f"{accuracy:.0%}" == metric(at, "Accuracy")
    assert f"it prints the accuracy, {accuracy:g}" in " ".join(m.value for m in at.markdown)


def test_old_style_link_and_back_to_defaults(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE, big_tumor="1", mc_spread="3", mc_lr="0.05", method="minibatch", batch="16")
    assert not [w for w in at.warning if "link" in w.value]
    assert by_key(at, "toggle", K + "big_tumor").value is True
    assert by_key(at, "slider", K + "mc_spread").value == 3.0
    assert by_key(at, "select_slider", K + "mc_lr").value == 0.05
    next(b for b in at.button if b.label == "Back to the defaults").click().run()
    assert dict(at.query_params) == {}
    assert by_key(at, "toggle", K + "big_tumor").value is False


def test_one_colour_meaning_on_the_page() -> None:
    """Red is 'admitted' in the boundary chart and high p(admit) in the map beside it (it was low)."""
    import plotly.colors as pc

    from engine.basics.config import LogisticConfig
    from engine.basics.logistic_fit import fit_admissions
    from ui.basics.logistic_intro import CLASS_COLORS
    from ui.basics.logistic_player import STUDENTS, probability_figure

    fig = probability_figure(fit_admissions(LogisticConfig()), 0.5)
    scale = (
        pc.get_colorscale(fig.data[0].colorscale)
        if isinstance(fig.data[0].colorscale, str)
        else fig.data[0].colorscale
    )
    high = pc.unlabel_rgb(pc.convert_colors_to_same_type([scale[-1][1]])[0][0])
    low = pc.unlabel_rgb(pc.convert_colors_to_same_type([scale[0][1]])[0][0])
    assert high[0] > high[2] and low[2] > low[0]  # p = 1 red, p = 0 blue
    from plotly.subplots import make_subplots

    from ui.basics.logistic_player import _scatter_students

    chart = make_subplots(rows=1, cols=2)  # the boundary chart's students, as the player draws them
    _scatter_students(chart, fit_admissions(LogisticConfig()))
    admitted = next(t for t in chart.data if t.name == "admitted")
    assert admitted.marker.color == CLASS_COLORS[0] == "#d1342f" and STUDENTS[1][1] == "admitted"
