"""pages/cnn_shapes.py with AppTest: the slides' CNN, presets, inputs, impossible networks, Keras check."""

from __future__ import annotations

import pandas as pd

from engine.conv.cnn import compute_shapes, parse_spec
from engine.conv.presets import CNN_PRESETS
from ui.navigation import page_for

PAGE = "pages/cnn_shapes.py"
KEY = page_for(PAGE).prefix  #: every widget key of the page starts with it


def _table(at) -> pd.DataFrame:
    """The shape table (a static table; the layer editor above it is a data editor)."""
    return next(t.value for t in at.table if "output shape" in t.value.columns)


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
    at.number_input(key=KEY + "height").set_value(32).run()
    at.number_input(key=KEY + "width").set_value(32).run()
    assert _table(at)["output shape"].iloc[5] == "(1152,)"  # 6x6x32
    assert at.query_params["h"] == "32" and at.query_params["w"] == "32"


def test_presets_and_problems(run_page) -> None:
    at = run_page(PAGE)
    at.button(key=KEY + "network_7").click().run()  # too many pools
    assert any("does not fit" in e.value and "Layer 5" in e.value for e in at.error)
    at.button(key=KEY + "network_6").click().run()  # forgot Flatten
    assert any("Flatten first" in w.value for w in at.warning)
    at.button(key=KEY + "preset_3").click().run()  # LeNet-5
    assert at.metric[0].value == "61,706" and at.query_params["h"] == "32"


def test_link_with_a_bad_layer_is_reported(run_page) -> None:
    at = run_page(PAGE, layers="conv:8:3,blah")
    assert any("blah" in w.value for w in at.warning)
    assert at.metric[0].value == "113,386"


def test_keras_check_agrees(run_page) -> None:
    at = run_page(PAGE, layers="conv:4:3,maxpool:2,flatten,dense:10")
    at.button(key=KEY + "check").click().run()
    assert any("Keras agrees" in s.value for s in at.success), [e.value for e in at.error]
    assert "Total params: 6,810" in at.code[0].value


def test_every_network_shows_the_numbers_of_its_lesson(run_page) -> None:
    """The metric is the engine's total for the preset's network, and the lesson quotes that same total."""
    at = run_page(PAGE)
    for i, preset in enumerate(CNN_PRESETS):
        at.button(key=KEY + f"preset_{i}").click().run()
        cfg = preset.applied_to(at.session_state[KEY + "_last_config"])
        table = compute_shapes(cfg.input_shape, parse_spec(cfg.layers))
        assert at.session_state[KEY + "layers"] == cfg.layers
        if table.ok:
            assert at.metric[0].value == f"{table.total_params:,}", preset.title
            if "parameters" in preset.lesson:
                assert f"{table.total_params:,}" in preset.lesson or "million" in preset.lesson, preset.title


def test_an_old_link_opens_the_same_network(run_page) -> None:
    at = run_page(PAGE, h="64", w="64", c="3", layers="conv:10:3,conv:10:3,maxpool:2,flatten,dense:10")
    assert not at.warning
    assert (
        list(_table(at)["output shape"])[-1] == "(10,)" and at.number_input(key=KEY + "channels").value == 3
    )
