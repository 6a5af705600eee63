"""``pages/softmax.py`` with AppTest: the slides' table, widgets, presets, tabs, URL round trip."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from engine.neuralmath.config import SoftmaxConfig
from ui.navigation import page_for

PAGE = "pages/softmax.py"
Open = Callable[..., AppTest]
P = page_for(PAGE).prefix


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
    at.selectbox(key=P + "true_class").set_value(1).run()
    assert {x.label: x.value for x in at.metric}["cross-entropy loss"] == "3.9664"
    assert dict(at.query_params) == {"true": "1"}
    at.slider(key=P + "temperature").set_value(5.0).run()
    assert float(at.dataframe[0].value["p = e^(z/T) / Σ"].max()) < 0.5
    at.slider(key=P + "logits_1").set_value(9.0).run()
    assert at.query_params["z"] == "2.33,9.0,0.56"
    at.number_input(key=P + "n_classes").set_value(5).run()
    assert at.query_params["z"] == "2.33,9.0,0.56,0.0,0.0"
    assert len(at.dataframe[0].value) == 5
    at.selectbox(key=P + "true_class").set_value(4).run()
    at.number_input(key=P + "n_classes").set_value(2).run()  # the class went away: back to 0
    assert at.query_params["z"] == "2.33,9.0" and "true" not in at.query_params


def test_gradient_is_p_minus_y(run_page: Open) -> None:
    at = run_page(PAGE, true="2")
    table = at.dataframe[0].value
    grad = table["∂L/∂z = (p − y)/T"].to_numpy()
    p = table["p = e^(z/T) / Σ"].to_numpy()
    assert grad[2] == pytest.approx(p[2] - 1) and grad[0] == pytest.approx(p[0])


def test_huge_logits_preset(run_page: Open) -> None:
    at = run_page(PAGE)
    at.button(key=P + "preset_5").click().run()
    assert dict(at.query_params) == {"z": "0.0,1.0", "shift": "1000.0"}
    assert at.number_input(key=P + "n_classes").value == 2
    assert [at.slider(key=P + f"logits_{i}").value for i in range(2)] == [0.0, 1.0]
    assert any("NaN" in e.value for e in at.error)
    # The lesson happens where the learner looks: under the chart, the real logits and both formulas.
    said = " ".join(m.value for m in at.markdown)
    assert "The logits are really 1000, 1001" in said and "∞/∞ = NaN" in said
    under_chart = at.dataframe[1].value
    assert "z + c" in under_chart.columns and list(under_chart["z + c"]) == [1000.0, 1001.0]
    assert under_chart["naive e^z / Σ e^z"].tolist() == ["NaN (∞/∞)"] * 2
    frame = at.dataframe[3].value
    assert list(frame["stable: e^(z−max z) / Σ"].round(4)) == [0.2689, 0.7311]


def test_binary_tab(run_page: Open) -> None:
    at = run_page(PAGE)
    at.slider(key=P + "binary_z").set_value(2.0).run()
    assert at.query_params["zb"] == "2.0"
    assert any("0.880797" in e.value for e in at.latex)


def test_url_round_trip(run_page: Open) -> None:
    cfg = SoftmaxConfig(logits=(1.0, -2.0, 3.5, 0.0), temperature=0.5, true_class=3, binary_z=-1.5)
    at = run_page(PAGE, **cfg.to_params())
    assert dict(at.query_params) == cfg.to_params()
    assert at.slider(key=P + "logits_2").value == 3.5
    assert at.selectbox(key=P + "true_class").value == 3


def test_old_style_link(run_page: Open) -> None:
    """The old codec wrote ``%.10g`` floats: "2.33,9,0.56,0,0", "1000"."""
    at = run_page(PAGE, z="2.33,9,0.56,0,0", true="4", shift="1000", T="0.5")
    assert not at.warning
    assert at.number_input(key=P + "n_classes").value == 5
    assert at.slider(key=P + "logits_1").value == 9.0
    cfg = SoftmaxConfig(logits=(2.33, 9.0, 0.56, 0.0, 0.0), temperature=0.5, true_class=4, shift=1000.0)
    assert dict(at.query_params) == cfg.to_params()


def test_bad_link_warns(run_page: Open) -> None:
    at = run_page(PAGE, z="1,abc", T="0")
    assert len(at.warning) == 2
    assert dict(at.query_params) == {}
    at = run_page(PAGE, z="1,2", true="5")  # the class does not fit the logits: the logits stay
    assert len(at.warning) == 1
    assert dict(at.query_params) == {"z": "1.0,2.0"}
