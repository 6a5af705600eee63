"""``pages/softmax.py`` with AppTest: the slides' table, widgets, presets, tabs, URL round trip."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from engine.neuralmath.config import SoftmaxConfig

PAGE = "pages/softmax.py"
Open = Callable[..., AppTest]


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label.split(" (")[0]: m.value for m in at.metric}


def test_defaults_show_the_slides_table(run_page: Open) -> None:
    at = run_page(PAGE)
    assert dict(at.query_params) == {}
    m = {x.label: x.value for x in at.metric}
    assert m["p(true class 0)"] == "0.8383" and m["cross-entropy loss"] == "0.1764"
    table = at.dataframe[0].value
    assert list(table["p = e^(z/T) / Σ"].round(5)) == [0.83827, 0.01894, 0.14279]
    assert any("12.26" in e.value for e in at.latex)
    # the sparse vs one-hot tab: both Keras losses on the slides' example
    sparse = at.dataframe[1].value
    assert list(sparse["SparseCategoricalCrossentropy"].round(5)) == [0.05129, 2.30259]
    assert list(sparse["CategoricalCrossentropy"].round(5)) == [0.05129, 2.30259]


def test_widgets_change_the_result(run_page: Open) -> None:
    at = run_page(PAGE)
    at.selectbox(key="sm_true_class").set_value(1).run()
    assert {x.label: x.value for x in at.metric}["cross-entropy loss"] == "3.9664"
    assert dict(at.query_params) == {"true": "1"}
    at.slider(key="sm_temperature").set_value(5.0).run()
    assert float(at.dataframe[0].value["p = e^(z/T) / Σ"].max()) < 0.5
    at.slider(key="sm_logits_1").set_value(9.0).run()
    assert at.query_params["z"] == "2.33,9,0.56"
    at.number_input(key="sm_n_classes").set_value(5).run()
    assert at.query_params["z"] == "2.33,9,0.56,0,0"
    assert len(at.dataframe[0].value) == 5


def test_gradient_is_p_minus_y(run_page: Open) -> None:
    at = run_page(PAGE, true="2")
    table = at.dataframe[0].value
    grad = table["∂L/∂z = (p − y)/T"].to_numpy()
    p = table["p = e^(z/T) / Σ"].to_numpy()
    assert grad[2] == pytest.approx(p[2] - 1) and grad[0] == pytest.approx(p[0])


def test_huge_logits_preset(run_page: Open) -> None:
    at = run_page(PAGE)
    at.button(key="sm_preset_5").click().run()
    assert dict(at.query_params) == {"z": "0,1", "shift": "1000"}
    assert any("NaN" in e.value for e in at.error)
    frame = at.dataframe[2].value
    assert list(frame["stable: e^(z−max z) / Σ"].round(4)) == [0.2689, 0.7311]


def test_binary_tab(run_page: Open) -> None:
    at = run_page(PAGE)
    at.slider(key="sm_binary_z").set_value(2.0).run()
    assert at.query_params["zb"] == "2"
    assert any("0.880797" in e.value for e in at.latex)


def test_url_round_trip(run_page: Open) -> None:
    cfg = SoftmaxConfig(logits=(1.0, -2.0, 3.5, 0.0), temperature=0.5, true_class=3, binary_z=-1.5)
    at = run_page(PAGE, **cfg.to_params())
    assert dict(at.query_params) == cfg.to_params()
    assert at.slider(key="sm_logits_2").value == 3.5
    assert at.selectbox(key="sm_true_class").value == 3


def test_bad_link_warns(run_page: Open) -> None:
    at = run_page(PAGE, z="1,abc", T="0")
    assert len(at.warning) == 2
    assert dict(at.query_params) == {}
