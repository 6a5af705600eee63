"""``pages/backprop.py`` with AppTest: stepping, editing, the update, presets, URL round trip."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from engine.neuralmath.backprop import EXAMPLES
from engine.neuralmath.config import BackpropConfig
from engine.neuralmath.presets import BACKPROP_PRESETS, saturated_numbers, sci
from ui.navigation import page_for

PAGE = "pages/backprop.py"
Open = Callable[..., AppTest]
P = page_for(PAGE).prefix


def _latex(at: AppTest) -> str:
    return "\n".join(e.value for e in at.latex)


def _progress_text(at: AppTest) -> str:
    return at.get("progress")[0].proto.text


def _button(at: AppTest, name: str):
    return at.button(key=P + name)


def test_steps_through_forward_backward_and_update(run_page: Open) -> None:
    at = run_page(PAGE)
    assert "Start" in _progress_text(at)
    assert dict(at.query_params) == {}
    _button(at, "next").click().run()
    assert "Forward 1/2" in _progress_text(at)
    assert "d = a + b" in _latex(at) and "= 3" in _latex(at)
    _button(at, "next").click().run()
    assert "= -12" in _latex(at)
    _button(at, "next").click().run()
    assert "Backward 1/2" in _progress_text(at)
    assert r"\frac{\partial L}{\partial d}" in _latex(at) and "= -4" in _latex(at)
    _button(at, "back").click().run()
    assert "Forward 2/2" in _progress_text(at)
    _button(at, "upd").click().run()
    assert "Update" in _progress_text(at)
    assert "-1.96" in _latex(at)  # a <- -2 - 0.01 * (-4)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["loss before"] == "-12.000000" and metrics["loss after the update"] == "-12.412400"
    assert at.query_params["step"] == str(EXAMPLES["expr"].n_steps)
    assert not at.exception


def test_editing_a_value_changes_the_result(run_page: Open) -> None:
    at = run_page(PAGE, step="2")
    assert "= -12" in _latex(at)
    at.number_input(key=P + "values_2").set_value(2.0).run()  # c = 2
    assert "= 6" in _latex(at)
    assert at.query_params["v"] == "-2.0,5.0,2.0"
    _button(at, "defaults").click().run()
    assert "v" not in at.query_params and at.number_input(key=P + "values_2").value == -4.0


def test_keep_update_runs_sgd_over_both_points(run_page: Open) -> None:
    ex = EXAMPLES["bce"]
    at = run_page(PAGE, ex="bce", step=str(ex.n_steps))

    def metric(prefix: str) -> float:
        return float(next(m.value for m in at.metric if m.label.startswith(prefix)))

    start = metric("loss before")
    assert metric("loss after") < start  # the point just used always improves
    _button(at, "keep").click().run()  # kept; the next step is on d2
    assert at.query_params["sample"] == "1" and "step" not in at.query_params
    _button(at, "upd").click().run()
    assert metric("loss after") < metric("loss before")
    epoch_mean = metric("mean loss")
    _button(at, "keep").click().run()  # back to d1 after one epoch
    assert "sample" not in at.query_params
    _button(at, "upd").click().run()
    assert metric("mean loss") < epoch_mean < 0.800221  # lower epoch after epoch (slides' SGD, lr 0.01)
    assert at.query_params["v"]  # the kept weights are in the link
    assert at.get("plotly_chart")  # the loss history chart


def test_example_switch_and_presets(run_page: Open) -> None:
    at = run_page(PAGE)
    at.radio(key=P + "example").set_value("mlp").run()
    assert dict(at.query_params) == {"ex": "mlp"}
    assert at.number_input(key=P + "lr").value == 0.5
    assert at.number_input(key=P + "values_8").value == EXAMPLES["mlp"].defaults["w5"]
    _button(at, "preset_3").click().run()  # saturated output neuron
    assert not at.exception
    assert at.number_input(key=P + "values_8").value == 5.0  # the element widgets follow the preset
    assert "5.0" in at.query_params["v"]
    _button(at, "preset_4").click().run()
    assert at.query_params["ex"] == "bce"


def test_saturated_preset_text_is_the_pages_numbers(run_page: Open) -> None:
    """The lesson's sigma'(z3) and y-hat are what the page computes for the preset (issue 13)."""
    at = run_page(PAGE)
    _button(at, "preset_3").click().run()
    s = saturated_numbers()
    lesson = next(m.value for m in at.markdown if m.value.startswith("Output weights"))
    assert f"{s['yhat']:.5f}" in lesson and sci(s["dsigma"], 3) in lesson
    _button(at, "upd").click().run()  # the update table's dL/dw5 is dL/dz3 * h1, tiny
    frame = at.dataframe[0].value
    w5 = frame[frame["parameter"] == "w₅"]["∂L/∂θ"].iloc[0]
    assert 0 < w5 < s["dz3"]


def test_caption_says_whose_numbers(run_page: Open) -> None:
    at = run_page(PAGE)
    caption = " ".join(c.value for c in at.caption)
    assert "CS231n" in caption and "slides give no numbers" in caption
    assert any(BACKPROP_PRESETS[0].lesson == m.value for m in at.markdown)


def test_url_round_trip(run_page: Open) -> None:
    cfg = BackpropConfig("mlp", values=tuple(float(v) for v in range(12)), lr=0.25, step=4)
    at = run_page(PAGE, **cfg.to_params())
    assert dict(at.query_params) == cfg.to_params()
    assert at.number_input(key=P + "values_3").value == 3.0
    assert "Forward 4/7" in _progress_text(at)


def test_old_style_link(run_page: Open) -> None:
    """The old codec wrote ``%.10g`` floats ("0", "0.25") and left out the example's own values."""
    at = run_page(PAGE, ex="mlp", v="0,1,2,3,4,5,6,7,8,9,10,11", lr="0.25", step="4")
    assert not at.warning
    assert at.number_input(key=P + "values_3").value == 3.0
    assert "Forward 4/7" in _progress_text(at)
    at = run_page(PAGE, ex="bce", sample="1", step="7")
    cfg = dataclasses.replace(BackpropConfig.for_example("bce"), sample=1, step=7)
    assert not at.warning and dict(at.query_params) == cfg.to_params()


@pytest.mark.parametrize("query", [{"ex": "nope"}, {"step": "999"}, {"v": "1,2"}, {"lr": "-1"}])
def test_bad_links_warn(run_page: Open, query: dict[str, str]) -> None:
    at = run_page(PAGE, **query)
    assert len(at.warning) == 1 and "cannot use" in at.warning[0].value
    assert dict(at.query_params) == {}


def test_tensorflow_check(run_page: Open) -> None:
    at = run_page(PAGE, ex="mlp")
    _button(at, "check").click().run()
    assert not at.exception
    assert any("Largest difference" in s.value for s in at.success)
