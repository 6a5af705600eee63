"""pages/convolution.py with AppTest: the slides' example, controls, presets, impossible sizes, URL."""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

from engine.conv.config import StepConfig
from engine.conv.presets import STEP_PRESETS
from engine.conv.step import build_problem
from ui.navigation import page_for

PAGE = "pages/convolution.py"
KEY = page_for(PAGE).prefix  #: every widget key of the page starts with it


def _view_data(at: AppTest) -> dict:
    """The data embedded in the step-through view (the iframe's HTML)."""
    iframes = [e for e in at.get("iframe")]
    assert len(iframes) == 1
    html = iframes[0].proto.srcdoc
    match = re.search(r"window\.CONV_DATA = (\{.*?\});\n", html, re.S)
    assert match, html[:300]
    return json.loads(match.group(1))


def test_default_is_the_slides_example(run_page) -> None:
    at = run_page(PAGE)
    data = _view_data(at)
    assert len(data["xp"]) == 3 and len(data["xp"][0]) == 7  # 5x5x3 padded to 7x7x3
    assert data["out"][0] == [[2, 3, 3], [3, 7, 3], [8, 10, -3]]
    assert data["out"][1] == [[-8, -8, -3], [-3, 1, 0], [-3, -8, -5]]
    assert "= 3" in at.get("latex")[0].proto.body
    assert at.slider(key=KEY + "size").disabled  # the slides' sizes are fixed


def test_stride_and_padding_change_the_output(run_page) -> None:
    at = run_page(PAGE)
    at.slider(key=KEY + "stride").set_value(1).run()
    assert len(_view_data(at)["out"][0]) == 5
    at.slider(key=KEY + "padding").set_value(0).run()
    assert len(_view_data(at)["out"][0]) == 3
    assert at.query_params["s"] == "1" and at.query_params["p"] == "0"


def test_uneven_stride_is_explained(run_page) -> None:
    at = run_page(PAGE, s="3")
    assert any("never reached" in w.value for w in at.warning)
    assert len(_view_data(at)["out"][0]) == 2


def test_impossible_combination_is_explained_not_crashed(run_page) -> None:
    at = run_page(PAGE, ex="random", n="3", k="5", p="0", c="1", f="1")
    assert any("does not fit" in e.value for e in at.error)
    assert not at.get("iframe")


def test_random_values_and_sizes(run_page) -> None:
    at = run_page(PAGE)
    at.button(key=KEY + "new").click().run()
    assert at.query_params["ex"] == "random" and not at.slider(key=KEY + "size").disabled
    first = _view_data(at)
    at.slider(key=KEY + "kernel").set_value(2).run()
    at.slider(key=KEY + "dilation").set_value(2).run()
    data = _view_data(at)
    assert data["k"] == 2 and data["dilation"] == 2 and data != first
    assert at.query_params["k"] == "2" and at.query_params["d"] == "2"


def test_presets_and_code(run_page) -> None:
    at = run_page(PAGE)
    at.button(key=KEY + "preset_4").click().run()  # sharpen (slides 000)
    data = _view_data(at)
    assert data["out"][0][0][0] == 114
    assert at.selectbox(key=KEY + "example").value == "sharpen"
    code = at.code[0].value
    assert "tf.nn.conv2d" in code and "[60, 113, 56, 139, 85]" in code


def test_bad_link_values_are_reported(run_page) -> None:
    at = run_page(PAGE, s="banana", ex="nope")
    assert len(at.warning) >= 2
    assert _view_data(at)["stride"] == 2


def test_an_old_link_opens_the_same_experiment(run_page) -> None:
    """A link written by the page before the shared URL table (every size spelled out)."""
    at = run_page(PAGE, ex="random", n="7", c="1", f="1", k="3", p="0", s="1", d="2", seed="4")
    data = _view_data(at)
    expected = build_problem(StepConfig("random", 7, 1, 1, 3, 0, 1, 2, 4))
    assert data["out"] == expected.out.transpose(2, 0, 1).tolist() and data["dilation"] == 2
    assert not at.warning
    old_example = run_page(PAGE, ex="edge6", n="6", c="1", f="1", p="0", s="1")
    assert not old_example.warning and _view_data(old_example)["out"][0][0] == [-5, -4, 0, 8]
    assert dict(old_example.query_params) == {"ex": "edge6", "p": "0", "s": "1"}  # sizes follow the example


def test_every_preset_opens_its_problem(run_page) -> None:
    """Each "What to try" button shows the problem its lesson was written from (engine.conv.presets)."""
    at = run_page(PAGE)
    for i, preset in enumerate(STEP_PRESETS):
        at.button(key=KEY + f"preset_{i}").click().run()
        prob = build_problem(preset.applied_to(StepConfig()))
        if prob.out is None:
            assert not at.get("iframe") and any("does not fit" in e.value for e in at.error)
            continue
        assert _view_data(at)["out"] == prob.out.transpose(2, 0, 1).tolist(), preset.title
