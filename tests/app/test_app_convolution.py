"""pages/convolution.py with AppTest: the slides' example, controls, presets, impossible sizes, URL."""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

PAGE = "pages/convolution.py"


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
    assert at.slider(key="cv_size").disabled  # the slides' sizes are fixed


def test_stride_and_padding_change_the_output(run_page) -> None:
    at = run_page(PAGE)
    at.slider(key="cv_stride").set_value(1).run()
    assert len(_view_data(at)["out"][0]) == 5
    at.slider(key="cv_padding").set_value(0).run()
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
    at.button(key="cv_new").click().run()
    assert at.query_params["ex"] == "random" and not at.slider(key="cv_size").disabled
    first = _view_data(at)
    at.slider(key="cv_kernel").set_value(2).run()
    at.slider(key="cv_dilation").set_value(2).run()
    data = _view_data(at)
    assert data["k"] == 2 and data["dilation"] == 2 and data != first
    assert at.query_params["k"] == "2" and at.query_params["d"] == "2"


def test_presets_and_code(run_page) -> None:
    at = run_page(PAGE)
    at.button(key="cv_try_4").click().run()  # sharpen (slides 000)
    data = _view_data(at)
    assert data["out"][0][0][0] == 114
    assert at.selectbox(key="cv_example").value == "sharpen"
    code = at.code[0].value
    assert "tf.nn.conv2d" in code and "[60, 113, 56, 139, 85]" in code


def test_bad_link_values_are_reported(run_page) -> None:
    at = run_page(PAGE, s="banana", ex="nope")
    assert len(at.warning) >= 2
    assert _view_data(at)["stride"] == 2
