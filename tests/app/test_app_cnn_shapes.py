"""pages/cnn_shapes.py with AppTest: the slides' CNN, presets, inputs, impossible networks, Keras check."""

from __future__ import annotations

import pandas as pd

PAGE = "pages/cnn_shapes.py"


def _table(at) -> pd.DataFrame:
    """The shape table (the layer editor is also an arrow data frame)."""
    return next(d.value for d in at.dataframe if "output shape" in d.value.columns)


def test_slides_cnn(run_page) -> None:
    at = run_page(PAGE)
    table = _table(at)
    assert list(table["output shape"]) == [
        "(28, 28, 1)",
        "(26, 26, 32)",
        "(13, 13, 32)",
        "(11, 11, 32)",
        "(5, 5, 32)",
        "(800,)",
        "(128,)",
        "(10,)",
    ]
    assert at.metric[0].value == "113,386"
    assert 'Conv2D(32, (3, 3), activation="relu")' in at.code[0].value


def test_input_size_changes_shapes_and_url(run_page) -> None:
    at = run_page(PAGE)
    at.number_input(key="cn_height").set_value(32).run()
    at.number_input(key="cn_width").set_value(32).run()
    assert _table(at)["output shape"].iloc[5] == "(1152,)"  # 6x6x32
    assert at.query_params["h"] == "32" and at.query_params["w"] == "32"


def test_presets_and_problems(run_page) -> None:
    at = run_page(PAGE)
    at.button(key="cn_preset_7").click().run()  # too many pools
    assert any("does not fit" in e.value and "Layer 5" in e.value for e in at.error)
    at.button(key="cn_preset_6").click().run()  # forgot Flatten
    assert any("Flatten first" in w.value for w in at.warning)
    at.button(key="cn_try_3").click().run()  # LeNet-5
    assert at.metric[0].value == "61,706" and at.query_params["h"] == "32"


def test_link_with_a_bad_layer_is_reported(run_page) -> None:
    at = run_page(PAGE, layers="conv:8:3,blah")
    assert any("blah" in w.value for w in at.warning)
    assert at.metric[0].value == "113,386"


def test_keras_check_agrees(run_page) -> None:
    at = run_page(PAGE, layers="conv:4:3,maxpool:2,flatten,dense:10")
    at.button(key="cn_check").click().run()
    assert any("Keras agrees" in s.value for s in at.success), [e.value for e in at.error]
    assert "Total params: 6,810" in at.code[0].value
