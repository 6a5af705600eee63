"""The draw page under AppTest. AppTest cannot draw on the canvas component (streamlit-drawable-canvas
0.13, which also fails to import outside a Streamlit runtime: the page then shows a clear fallback),
so the recognition is tested through the "held-out test digit" input; the browser test draws."""

from __future__ import annotations

import re
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from engine.mnist.data import load_subset
from ui.mnist.state import DRAW_STATE, LAB_STATE

PAGE = "pages/draw_digit.py"
K = DRAW_STATE.key  #: the page's session-state/widget keys ("draw_digit-...")
Open = Callable[..., AppTest]


def markdown(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def prediction(at: AppTest) -> int:
    match = re.search(r"data-testid='draw-prediction'[^>]*>(\d)<", markdown(at))
    assert match, "no prediction on the page"
    return int(match.group(1))


def what_to_try(at: AppTest):
    """The presets' expander (above the view they change)."""
    return next(e for e in at.expander if e.label.startswith("What to try"))


def share_link(at: AppTest) -> str:
    share = next(t for t in at.tabs if t.label == "Share")
    return share.code[0].value


def train_lab_model(run_page: Open, **query: str) -> None:
    """One epoch of a small dense network in the MNIST lab (the same AppTest session)."""
    lab = run_page("pages/mnist_lab.py", model="dense", n="500", epochs="1", **query)
    lab.button(key=LAB_STATE.key("step")).click().run()
    assert not lab.exception


def model_ms(at: AppTest) -> float:
    text = next(c.value for c in at.caption if "Model time" in c.value)
    return float(re.search(r"draw-model-ms'>([\d.]+)<", text).group(1))


def test_empty_canvas_asks_for_a_digit(run_page: Open) -> None:
    at = run_page(PAGE)
    assert [t.value for t in at.title] == ["Draw a digit"]
    assert not at.info and not at.exception
    draw_column = at.columns[len(what_to_try(at).columns)]  # the first after the presets' rows
    kinds = [getattr(c, "type", "") for c in draw_column.children.values()]
    assert "bidi_component" in kinds  # the canvas
    assert at.button(key=K("clear")).label == "Clear"
    assert "draw-empty" in markdown(at) and "Draw a digit" in markdown(at)
    assert "draw-prediction" not in markdown(at)
    assert not at.get("plotly_chart")  # no probabilities for an empty input
    caption = " ".join(c.value for c in at.caption)
    assert "Pretrained CNN" in caption and "held-out MNIST digits" in caption
    assert [t.label for t in at.tabs] == ["How it works", "About the model", "Share"]
    assert "not a digit" in " ".join(m.value for m in what_to_try(at).markdown)  # beyond the presets
    assert share_link(at) == "http://localhost:8501/draw_digit"  # the defaults: no query string
    about = " ".join(m.value for m in at.tabs[1].markdown)
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
        at.number_input(key=K("sample")).set_value(index).run()
        assert not at.exception
        right += prediction(at) == int(data.y_test[index])
        assert model_ms(at) > 0
    assert right >= 7  # the recognizer is ~99 % accurate on these held-out digits
    source = " ".join(c.value for c in at.caption if c.value.startswith("Data:"))
    assert "bundled offline subset" in source and "This page shows its 1,000 test images" in source
    assert "see below" not in source
    assert at.query_params["test"] == "7" and at.query_params["src"] == "test"
    assert len(at.get("plotly_chart")) == 1  # the probability bars
    text = markdown(at)
    for label in ("conv 1 (ReLU)", "pool 2", "dense 1 (ReLU)", "softmax"):
        assert f"**{label}**" in text
    assert any("centre of mass moved to" in c.value for c in at.caption)
    assert at.success or at.error  # the true label is shown next to the answer


def test_switches_preprocessing_and_path(run_page: Open) -> None:
    at = run_page(PAGE, src="test", test="3")
    at.toggle(key=K("preprocess")).set_value(False).run()
    assert at.query_params["prep"] == "0"
    assert any("No preprocessing" in c.value for c in at.caption)
    at.toggle(key=K("show_path")).set_value(False).run()
    assert "**conv 1 (ReLU)**" not in markdown(at)
    assert "draw-prediction" in markdown(at)


def test_lab_model_is_offered_once_trained(run_page: Open) -> None:
    at = run_page(PAGE, src="test", model="lab")
    assert any("No model has been trained" in i.value for i in at.info)
    assert at.radio(key=K("model")).value == "pretrained"
    lab = run_page("pages/mnist_lab.py", model="dense", n="500", epochs="1")  # same AppTest session
    lab.button(key=LAB_STATE.key("step")).click().run()
    assert not lab.exception
    at = run_page(PAGE, src="test", model="lab")
    assert at.radio(key=K("model")).value == "lab"
    caption = " ".join(c.value for c in at.caption)
    assert "from the MNIST lab, 1 epoch on 450 images" in caption
    assert "draw-prediction" in markdown(at)
    assert "no feature maps" not in markdown(at)  # a dense net: only dense layers and the softmax
    assert "**dense 1**" in markdown(at) or "**dense 1 (ReLU)**" in markdown(at)


def test_bad_link_values_are_reported(run_page: Open) -> None:
    at = run_page(PAGE, stroke="500", src="moon")
    assert len(at.warning) == 2
    assert at.slider(key=K("stroke_width")).value == 20


def test_stroke_and_model_go_into_the_share_link_and_come_back_from_it(run_page: Open) -> None:
    train_lab_model(run_page)
    at = run_page(PAGE)
    at.slider(key=K("stroke_width")).set_value(30).run()
    at.radio(key=K("model")).set_value("lab").run()
    assert not at.exception and not at.info
    assert at.query_params["stroke"] == "30" and at.query_params["model"] == "lab"
    link = share_link(at)
    assert link.startswith("http://localhost:8501/draw_digit?")
    assert "stroke=30" in link and "model=lab" in link
    at.radio(key=K("source")).set_value("test").run()
    at.number_input(key=K("sample")).set_value(5).run()
    assert "src=test" in share_link(at) and "test=5" in share_link(at)
    # A new visit with the link's query string: the same settings (a fresh page, same session).
    from urllib.parse import parse_qsl, urlsplit

    query = dict(parse_qsl(urlsplit(share_link(at)).query))
    again = run_page(PAGE, **query)
    assert again.slider(key=K("stroke_width")).value == 30
    assert again.radio(key=K("model")).value == "lab"
    assert again.radio(key=K("source")).value == "test" and again.number_input(key=K("sample")).value == 5
    assert "from the MNIST lab" in " ".join(c.value for c in again.caption)
    assert share_link(again) == share_link(at)


def _fake_fashion(n_train: int = 600, n_test: int = 100):
    """A tiny stand-in for Fashion-MNIST (random images, labels 0-9)."""
    import numpy as np

    from engine.mnist.data import DigitData

    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (n_train + n_test, 28, 28), dtype=np.uint8)
    labels = np.arange(n_train + n_test, dtype=np.uint8) % 10
    return DigitData(
        images[:n_train], labels[:n_train], images[n_train:], labels[n_train:], "fashion", "data_dir", "test"
    )


def test_a_lab_model_trained_on_fashion_is_not_offered_as_a_digit_reader(run_page: Open, monkeypatch) -> None:
    import ui.mnist.data

    fashion = _fake_fashion()
    real = ui.mnist.data.load_data
    monkeypatch.setattr(
        ui.mnist.data, "load_data", lambda name: (fashion, None) if name == "fashion" else real(name)
    )
    train_lab_model(run_page, data="fashion")
    at = run_page(PAGE, src="test", model="lab")
    assert at.radio(key=K("model")).value == "pretrained"
    info = " ".join(i.value for i in at.info)
    assert "trained on Fashion-MNIST" in info and "not the digits 0-9" in info and "pretrained" in info
    assert "Pretrained CNN" in " ".join(c.value for c in at.caption)
    assert any("not digits" in c.value for c in at.sidebar.caption)
    assert "draw-prediction" in markdown(at)  # the pretrained recognizer reads the digit instead
    at.radio(key=K("model")).set_value("lab").run()  # picking it again is refused again
    assert at.radio(key=K("model")).value == "pretrained" and not at.exception


def test_presets_change_the_settings_and_keep_the_rest(run_page: Open) -> None:
    from ui.mnist.presets import DRAW_PRESETS

    titles = [p.title for p in DRAW_PRESETS]
    at = run_page(PAGE, stroke="30")
    assert [b.label for b in what_to_try(at).button] == titles
    at.button(key=K(f"preset_{titles.index('Held-out test digits')}")).click().run()
    assert not at.exception
    assert at.radio(key=K("source")).value == "test" and "draw-prediction" in markdown(at)
    at.button(key=K(f"preset_{titles.index('Preprocessing off')}")).click().run()
    assert not at.toggle(key=K("preprocess")).value
    assert at.slider(key=K("stroke_width")).value == 30  # kept: a preset changes one thing
    assert dict(at.query_params) == {"stroke": "30", "src": "test", "prep": "0"}
    at.button(key=K(f"preset_{titles.index('Back to the defaults')}")).click().run()
    assert dict(at.query_params) == {} and at.radio(key=K("source")).value == "canvas"


def test_an_old_link_opens_the_same_settings() -> None:
    """Values as the old codec wrote them (booleans 1/0 or true/false) still open the same page."""
    from tests.app.conftest import ROOT, TIMEOUT

    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=TIMEOUT)  # run_page's own arg is "path"
    for key, value in {"stroke": "12", "prep": "false", "src": "test", "test": "42", "path": "0"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.warning and not at.exception
    assert at.slider(key=K("stroke_width")).value == 12
    assert not at.toggle(key=K("preprocess")).value and not at.toggle(key=K("show_path")).value
    assert at.radio(key=K("source")).value == "test" and at.number_input(key=K("sample")).value == 42
    assert dict(at.query_params) == {"stroke": "12", "prep": "0", "src": "test", "test": "42", "path": "0"}
