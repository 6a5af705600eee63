"""The draw page under AppTest. AppTest cannot draw on the canvas component (streamlit-drawable-canvas
0.13, which also fails to import outside a Streamlit runtime: the page then shows a clear fallback),
so the recognition is tested through the "held-out test digit" input; the browser test draws."""

from __future__ import annotations

import re
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from engine.mnist.data import load_subset

PAGE = "pages/draw_digit.py"
Open = Callable[..., AppTest]


def markdown(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def prediction(at: AppTest) -> int:
    match = re.search(r"data-testid='draw-prediction'[^>]*>(\d)<", markdown(at))
    assert match, "no prediction on the page"
    return int(match.group(1))


def model_ms(at: AppTest) -> float:
    text = next(c.value for c in at.caption if "Model time" in c.value)
    return float(re.search(r"draw-model-ms'>([\d.]+)<", text).group(1))


def test_empty_canvas_asks_for_a_digit(run_page: Open) -> None:
    at = run_page(PAGE)
    assert [t.value for t in at.title] == ["Draw a digit"]
    assert not at.info and not at.exception
    draw_column = at.columns[0]
    kinds = [getattr(c, "type", "") for c in draw_column.children.values()]
    assert "bidi_component" in kinds  # the canvas
    assert at.button(key="draw_clear").label == "Clear"
    assert "draw-empty" in markdown(at) and "Draw a digit" in markdown(at)
    assert "draw-prediction" not in markdown(at)
    assert not at.get("plotly_chart")  # no probabilities for an empty input
    caption = " ".join(c.value for c in at.caption)
    assert "Pretrained CNN" in caption and "held-out MNIST digits" in caption
    assert [t.label for t in at.tabs] == ["What to try", "How it works", "About the model"]
    about = " ".join(m.value for m in at.tabs[2].markdown)
    assert "Held-out accuracy" in about and "4,000" in about and "scripts/train_recognizer.py" in about


def test_without_the_canvas_component_the_page_explains(run_page: Open, monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "streamlit_drawable_canvas", None)  # import fails
    at = run_page(PAGE)
    info = " ".join(i.value for i in at.info)
    assert "canvas is not available" in info and "held-out test digit" in info
    assert "draw-empty" in markdown(at) and not at.exception


def test_test_digits_are_recognised_with_timings_and_the_path(run_page: Open) -> None:
    data = load_subset()
    at = run_page(PAGE, src="test")
    assert not at.info
    right = 0
    for index in range(8):
        at.number_input(key="draw_sample").set_value(index).run()
        assert not at.exception
        right += prediction(at) == int(data.y_test[index])
        assert model_ms(at) > 0
    assert right >= 7  # the recognizer is ~99 % accurate on these held-out digits
    assert at.query_params["test"] == "7" and at.query_params["src"] == "test"
    assert len(at.get("plotly_chart")) == 1  # the probability bars
    text = markdown(at)
    for label in ("conv 1 (ReLU)", "pool 2", "dense 1 (ReLU)", "softmax"):
        assert f"**{label}**" in text
    assert any("centre of mass moved to" in c.value for c in at.caption)
    assert at.success or at.error  # the true label is shown next to the answer


def test_switches_preprocessing_and_path(run_page: Open) -> None:
    at = run_page(PAGE, src="test", test="3")
    at.toggle(key="draw_preprocess").set_value(False).run()
    assert at.query_params["prep"] == "0"
    assert any("No preprocessing" in c.value for c in at.caption)
    at.toggle(key="draw_show_path").set_value(False).run()
    assert "**conv 1 (ReLU)**" not in markdown(at)
    assert "draw-prediction" in markdown(at)


def test_lab_model_is_offered_once_trained(run_page: Open) -> None:
    at = run_page(PAGE, src="test", model="lab")
    assert any("No model has been trained" in i.value for i in at.info)
    assert at.radio(key="draw_model").value == "pretrained"
    lab = run_page("pages/mnist_lab.py", model="dense", n="500", epochs="1")  # same AppTest session
    lab.button(key="mnist_step").click().run()
    assert not lab.exception
    at = run_page(PAGE, src="test", model="lab")
    assert at.radio(key="draw_model").value == "lab"
    caption = " ".join(c.value for c in at.caption)
    assert "from the MNIST lab, 1 epochs on 450 images" in caption
    assert "draw-prediction" in markdown(at)
    assert "no feature maps" not in markdown(at)  # a dense net: only dense layers and the softmax
    assert "**dense 1**" in markdown(at) or "**dense 1 (ReLU)**" in markdown(at)


def test_bad_link_values_are_reported(run_page: Open) -> None:
    at = run_page(PAGE, stroke="500", src="moon")
    assert len(at.warning) == 2
    assert at.slider(key="draw_stroke_width").value == 20
