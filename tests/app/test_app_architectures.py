"""pages/architectures.py with AppTest: the model, the block walk, the calculator, presets, bad
links and a failed build. LeNet-5 and AlexNet only (built once in this process beforehand, so no
test waits for a worker; the worker itself is tested in tests/engine/test_architectures_models.py)."""

from __future__ import annotations

import pytest

from engine.architectures import cache
from engine.architectures.worker import build_info
from ui.navigation import page_for

PAGE = "pages/architectures.py"
KEY = page_for(PAGE).prefix


@pytest.fixture(scope="module", autouse=True)
def _small_models_built() -> None:
    for key in ("lenet5", "alexnet"):
        if not cache.is_cached(key):
            cache.put(build_info(key))


def _texts(at, kind: str) -> str:
    return "\n".join(str(e.value) for e in getattr(at, kind))


def _latex(at) -> str:
    return "\n".join(e.proto.body for e in at.get("latex"))


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_default_page_is_lenet_with_matching_summary(run_page) -> None:
    at = run_page(PAGE)
    assert _metric(at, "Parameters") == "61.7 k" and _metric(at, "Depth") == "5"
    assert _metric(at, "Input") == "32x32x1"
    assert "match `model.summary()`" in _texts(at, "success") and "61,706 parameters" in _texts(at, "success")
    assert "4{,}769{,}856" in _latex(at)  # the calculator's default: Xception's 19x19x728 middle flow
    codes = [c.value for c in at.code if c.language == "python"]
    assert any("def lenet5(keras)" in c for c in codes) and any("count_macs" in c for c in codes)
    assert "ILSVRC" in " ".join(t.label for t in at.tabs)


def test_model_and_block_change_the_view_and_the_url(run_page) -> None:
    at = run_page(PAGE, b="3")
    assert at.select_slider(key=KEY + "block").value == 3
    at.selectbox(key=KEY + "model").set_value("alexnet").run()
    assert _metric(at, "Parameters") == "62.4 M" and _metric(at, "Input") == "227x227x3"
    assert at.select_slider(key=KEY + "block").value == 0  # a new model starts at its first block
    assert at.query_params["m"] == "alexnet"
    at.select_slider(key=KEY + "block").set_value(5).run()
    assert at.query_params["b"] == "5" and "fc6" in " ".join(h.value for h in at.subheader)
    assert "37,752,832" in _metric(at, "Block parameters")


def test_link_round_trip_and_out_of_range_block(run_page) -> None:
    at = run_page(PAGE, m="alexnet", b="7", hw="7", cin="32", cout="64", k="5")
    assert at.query_params["m"] == "alexnet" and at.query_params["b"] == "7"
    assert "25\\cdot32\\cdot64" in _latex(at).replace(" ", "")
    at = run_page(PAGE, b="15")  # LeNet-5 has 7 blocks: the walk shows the last one
    assert at.select_slider(key=KEY + "block").value == 6 and at.query_params["b"] == "6"


def test_calculator_changes_the_formula(run_page) -> None:
    at = run_page(PAGE)
    at.number_input(key=KEY + "sep_out").set_value(64).run()
    assert "\\frac{1}{64}" in _latex(at) and at.query_params["cout"] == "64"


def test_lenet_preset_and_bad_link(run_page) -> None:
    at = run_page(PAGE, m="alexnet", b="2")
    at.button(key=KEY + "preset_0").click().run()
    assert at.query_params.get("m") is None and _metric(at, "Parameters") == "61.7 k"
    at = run_page(PAGE, m="no_such_net", cin="abc")
    assert "cannot use" in _texts(at, "warning") and _metric(at, "Input") == "32x32x1"


def test_failed_build_says_why(run_page, monkeypatch) -> None:
    def broken(key: str):
        raise cache.BuildError(f"building {key} failed (exit 1): MemoryError")

    monkeypatch.delitem(cache._infos, "xception", raising=False)
    monkeypatch.setattr(cache, "_run_worker", broken)
    at = run_page(PAGE, m="xception")
    assert "could not be built" in _texts(at, "error") and "MemoryError" in _texts(at, "error")
