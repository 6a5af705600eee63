"""``pages/activations.py`` with AppTest: read-outs, presets, vanishing gradients, the linear collapse, URL."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from engine.neuralmath.config import ActivationsConfig
from engine.neuralmath.presets import ACTIVATION_FUNCTION_PRESETS
from ui.navigation import page_for

PAGE = "pages/activations.py"
Open = Callable[..., AppTest]
P = page_for(PAGE).prefix


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_defaults_and_readout(run_page: Open) -> None:
    at = run_page(PAGE)
    assert dict(at.query_params) == {}
    assert _metrics(at) == {"f(x)": "0.5000", "f′(x)": "0.2500"}
    assert any("0.25" in e.value for e in at.latex)
    at.slider(key=P + "x").set_value(6.0).run()
    assert _metrics(at)["f′(x)"] == "0.0025"
    assert dict(at.query_params) == {"x": "6.0"}


def test_activation_switch_sets_alpha(run_page: Open) -> None:
    at = run_page(PAGE)
    assert at.slider(key=P + "alpha").disabled  # sigmoid has no alpha
    at.selectbox(key=P + "act").set_value("elu").run()
    assert at.slider(key=P + "alpha").value == 1.0
    assert not at.slider(key=P + "alpha").disabled
    assert dict(at.query_params) == {"act": "elu"}
    at.slider(key=P + "x").set_value(-2.0).run()
    assert _metrics(at)["f(x)"] == "-0.8647"
    at.selectbox(key=P + "act").set_value("relu").run()
    assert _metrics(at)["f′(x)"] == "0.0000"


def test_presets(run_page: Open) -> None:
    at = run_page(PAGE)
    at.button(key=P + "fn_preset_2").click().run()  # dead ReLU
    assert dict(at.query_params) == {"act": "relu", "x": "-2.0"}
    assert any(ACTIVATION_FUNCTION_PRESETS[2].lesson == m.value for m in at.markdown)
    at.button(key=P + "grad_preset_1").click().run()  # ReLU, 30 layers
    assert at.query_params["depth"] == "30" and at.query_params["x"] == "-2.0"  # x kept
    assert any(r"= 1" in e.value for e in at.latex)
    at.button(key=P + "fn_preset_3").click().run()  # leaky ReLU: its alpha, depth kept
    assert at.slider(key=P + "alpha").value == 0.1 and at.query_params["depth"] == "30"


def test_vanishing_gradient_numbers(run_page: Open) -> None:
    at = run_page(PAGE, depth="10")
    assert any(r"0.25^{10} = 9.54" in e.value for e in at.latex)
    caption = " ".join(c.value for c in at.caption)
    assert "sigmoid (logistic): first layer / output layer" in caption
    at.slider(key=P + "weight").set_value(2.0).run()
    assert at.query_params["w"] == "2.0"


def test_linear_collapse_trains_on_demand(run_page: Open) -> None:
    at = run_page(PAGE, data="xor", layers="2")
    assert any("Train both networks" in i.value for i in at.info)
    at.button(key=P + "train_button").click().run(timeout=180)
    assert not at.exception
    assert at.query_params["train"] == "1"
    assert any(r"\begin{bmatrix}" in e.value for e in at.latex)
    assert any("reproduces the deep linear network" in c.value for c in at.caption)


def test_url_round_trip(run_page: Open) -> None:
    cfg = ActivationsConfig(act="leaky_relu", alpha=0.3, x=-1.5, depth=20, z=1.0, weight=0.5, overlay=True)
    at = run_page(PAGE, **cfg.to_params())
    assert dict(at.query_params) == cfg.to_params()
    assert at.slider(key=P + "alpha").value == 0.3
    assert _metrics(at)["f(x)"] == "-0.4500"


def test_old_style_link(run_page: Open) -> None:
    """Links written by the old codec (``%.10g`` floats: "-1.5", "20", bools 1/0) open the same page."""
    at = run_page(PAGE, act="leaky_relu", alpha="0.30", x="-1.5", depth="20", all="1", w="2")
    assert not at.warning
    assert _metrics(at)["f(x)"] == "-0.4500"
    assert at.checkbox(key=P + "overlay").value is True
    assert at.slider(key=P + "weight").value == 2.0
    cfg = ActivationsConfig(act="leaky_relu", alpha=0.3, x=-1.5, depth=20, overlay=True, weight=2.0)
    assert dict(at.query_params) == cfg.to_params()


def test_bad_link_warns(run_page: Open) -> None:
    at = run_page(PAGE, act="gelu", depth="0")
    assert len(at.warning) == 2
    assert all("cannot use" in w.value for w in at.warning)
    assert dict(at.query_params) == {}


def test_pages_render_without_tensorflow() -> None:
    """The three pages load TensorFlow only on demand (training the collapse demo, the backprop check)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    script = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        "for page in ('activations', 'backprop', 'softmax'):\n"
        f"    at = AppTest.from_file({str(root)!r} + f'/pages/{{page}}.py', default_timeout=60)\n"
        "    at.run()\n"
        "    assert not at.exception, page\n"
        "print('tensorflow' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "False"
