"""``pages/attention.py`` with AppTest: the run's wiring, widgets, the example's validation, presets,
the URL round trip and the equations with live numbers after a Step."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from engine.sequences.attention.config import AttentionConfig
from engine.sequences.attention.presets import PRESETS
from ui.live import session as live_session
from ui.navigation import page_for

PAGE = "pages/attention.py"
K = page_for(PAGE).prefix
Open = Callable[..., AppTest]


def tab(at: AppTest, label: str):
    return next(t for t in at.tabs if t.label == label)


def live_run(at: AppTest):
    frames = at.get("iframe")
    assert len(frames) == 1, "the live view is missing"
    config = json.loads(re.search(r"window\.MLP_CONFIG = (\{.*?\});", frames[0].proto.srcdoc).group(1))
    assert config["view"] == "attention"
    run = live_session.lookup(config["token"]).get("attention")
    assert run is not None
    return run


def test_default_page(run_page: Open) -> None:
    at = run_page(PAGE)
    assert at.title[0].value == "Attention: learning where to look"
    run = live_run(at)
    assert run.config == AttentionConfig()
    snap = run.snapshot()
    plain, attn = (net.model.count_params() for net in run.nets)
    caption = at.caption[0].value
    assert "no download" in caption and f"{plain:,} parameters" in caption and f"{attn:,}" in caption
    assert snap.epoch == 0 and not snap.ready
    assert [b.label for b in at.button if b.key and b.key.startswith(K + "preset_")] == [
        p.title for p in PRESETS
    ]
    assert "layers.Attention()" in tab(at, "Keras code").code[0].value
    assert any("press **Play** or **Step**" in i.value for i in tab(at, "How it works").info)
    assert dict(at.query_params) == {}


def test_widgets_change_the_run_and_the_url(run_page: Open) -> None:
    at = run_page(PAGE)
    first = live_run(at)
    at.select_slider(key=K + "learning_rate").set_value(0.003).run()
    assert live_run(at) is first and float(first.optimizers[1].learning_rate.numpy()) == pytest.approx(0.003)
    at.text_input(key=K + "example").set_value("2024").run()
    assert first.config.example == "2024"
    assert at.slider(key=K + "out_step").max == 5  # 4 digits, then <eos>
    at.selectbox(key=K + "task").set_value("sort").run()
    second = live_run(at)
    assert second is not first and second.config.task == "sort"
    assert "np.sort(x)" in tab(at, "Keras code").code[0].value
    assert dict(at.query_params) == {"lr": "0.003", "x": "2024", "task": "sort"}


def test_bad_input_is_explained_and_the_last_settings_kept(run_page: Open) -> None:
    at = run_page(PAGE)
    at.text_input(key=K + "example").set_value("12ab").run()
    assert any("only the digits 0-9" in e.value for e in at.error)
    assert live_run(at).config.example == AttentionConfig().example
    at.text_input(key=K + "example").set_value("").run()
    assert any("at least one digit" in e.value for e in at.error)
    at.text_input(key=K + "example").set_value("3141").run()
    at.slider(key=K + "min_len").set_value(12).run()
    at.slider(key=K + "max_len").set_value(4).run()
    assert any("is longer than the longest" in e.value for e in at.error)
    assert not at.exception


def test_link_round_trip_and_a_long_step_in_the_link(run_page: Open) -> None:
    at = run_page(
        PAGE, task="copy", min="3", max="8", cell="lstm", score="additive", units="16", x="777", t="9"
    )
    run = live_run(at)
    cfg = run.config
    assert (cfg.task, cfg.min_len, cfg.max_len, cfg.cell, cfg.score, cfg.units) == (
        "copy",
        3,
        8,
        "lstm",
        "additive",
        16,
    )
    assert cfg.example == "777" and cfg.out_step == 1  # step 9 of a 3-digit example: explained, dropped
    assert len(at.warning) == 1 and "output step 9 is past the end" in at.warning[0].value
    assert "layers.LSTM(16" in tab(at, "Keras code").code[0].value
    bad = run_page(PAGE, lr="banana", x="12z")
    assert len(bad.warning) == 2 and live_run(bad).config == AttentionConfig()


def test_a_preset_and_the_equations_after_a_step(run_page: Open) -> None:
    at = run_page(PAGE, n="1000", x="4821", t="2")
    at.button(key=K + "preset_1").click().run()  # Copy: the diagonal (keeps seed and example)
    run = live_run(at)
    assert run.config.task == "copy" and run.config.example == "4821" and run.config.n_train == 4000
    at.number_input(key=K + "seed").set_value(2).run()
    at.select_slider(key=K + "n_train").set_value(1000).run()
    run = live_run(at)
    at.button(key=K + "step").click().run()
    assert run.snapshot().epoch == 1
    latex = "\n".join(x.value for x in tab(at, "How it works").latex)
    ex = run.explain_step(2)
    assert "s_{2}" in latex and f"= {ex.math.weights.max():.3f}" in latex
    assert any("at epoch 1" in m.value for m in tab(at, "How it works").markdown)
