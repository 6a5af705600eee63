"""pages/pooling.py with AppTest: the slides' 4x4 example, settings, presets and the URL."""

from __future__ import annotations

from ui.navigation import page_for

PAGE = "pages/pooling.py"
KEY = page_for(PAGE).prefix  #: every widget key of the page starts with it


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_slides_example(run_page) -> None:
    at = run_page(PAGE)
    text = _markdown(at)
    assert "max(1, 3, 7, 4) = **7**" in text and "= **3.75**" in text
    assert "= 2" in at.get("latex")[0].proto.body
    assert len(at.get("plotly_chart")) == 3
    assert any("Max pooled 1×: 256×256" in c.value for c in at.caption)
    assert len(at.get("image")) == 5  # original, and each pooled image at scale and blown up


def test_selecting_another_cell(run_page) -> None:
    at = run_page(PAGE)
    at.select_slider(key=KEY + "cell").set_value(1).run()
    assert "max(2, 9, 1, 5) = **9**" in _markdown(at)


def test_settings_change_the_result_and_url(run_page) -> None:
    at = run_page(PAGE)
    at.slider(key=KEY + "stride").set_value(1).run()
    assert "= 3" in at.get("latex")[0].proto.body and any("overlap" in i.value for i in at.info)
    at.radio(key=KEY + "grid").set_value("random").run()
    at.slider(key=KEY + "size").set_value(3).run()
    assert at.query_params["grid"] == "random" and at.query_params["k"] == "3" and at.query_params["s"] == "1"


def test_leftover_and_padding_same(run_page) -> None:
    at = run_page(PAGE, grid="random", n="5")
    assert any("never inside a window" in w.value for w in at.warning)
    at.radio(key=KEY + "padding").set_value("same").run()
    assert not at.warning and "3" in at.get("latex")[0].proto.body


def test_impossible_pool_is_explained(run_page) -> None:
    at = run_page(PAGE, k="5")  # a 5x5 pool on the 4x4 grid
    assert any("does not fit" in e.value for e in at.error)


def test_pool_photo_three_times(run_page) -> None:
    at = run_page(PAGE)
    at.button(key=KEY + "preset_4").click().run()
    assert any("Average pooled 3×: 64×64 = 4,096 pixels" in c.value for c in at.caption)
    assert "MaxPooling2D(pool_size=2, strides=2" in at.code[0].value


def test_an_old_link_opens_the_same_experiment(run_page) -> None:
    at = run_page(PAGE, grid="random", n="7", seed="3", k="3", s="2", pad="same", img="coins", levels="2")
    assert not at.warning and dict(at.query_params) == {
        "grid": "random",
        "n": "7",
        "seed": "3",
        "k": "3",
        "pad": "same",
        "img": "coins",
        "levels": "2",
    }
    assert at.slider(key=KEY + "size").value == 3 and at.radio(key=KEY + "padding").value == "same"
