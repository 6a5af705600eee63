"""The transfer-learning page under AppTest: runs with defaults, widgets change the task, the URL
round-trips, presets apply, drawings in session state make a task, bad input gets a message."""

from __future__ import annotations

import numpy as np

from engine.transfer.config import TransferConfig
from engine.transfer.demo import demo_images
from ui.transfer.controls import STATE

PAGE = "pages/transfer_learning.py"


def _text(at) -> str:
    return " ".join(m.value for m in at.markdown) + " " + " ".join(c.value for c in at.caption)


def test_defaults_render_the_demo_task_and_three_networks(run_page) -> None:
    at = run_page(PAGE)
    assert "3 training and 20 held-out images per class" in _text(at)
    assert at.button(key=STATE.key("play")).label == "Play"
    assert "15 training images" in _text(at)
    assert not at.error
    at.slider(key=STATE.key("per_class")).set_value(5).run()
    assert not at.exception
    assert "5 training and 20 held-out" in _text(at) and "25 training images" in _text(at)
    assert at.query_params["n"] in ("5", ["5"])


def test_the_link_round_trips(run_page) -> None:
    at = run_page(PAGE, k="3", n="4", cut="block1", ftlr="0.001", warmup="2")
    cfg = at.session_state[STATE.key("_last_config")]
    assert (cfg.classes, cfg.per_class, cfg.cut, cfg.finetune_lr, cfg.warmup) == (3, 4, "block1", 0.001, 2)
    assert TransferConfig.from_params(cfg.to_params())[0] == cfg
    assert "conv block 1" in " ".join(m.value for m in at.markdown)  # How it works follows the cut


def test_a_preset_sets_its_values(run_page) -> None:
    at = run_page(PAGE)
    at.button(key=STATE.key("preset_2")).click().run()  # "Fine-tune too fast"
    assert not at.exception
    assert at.session_state[STATE.key("_last_config")].finetune_lr == 0.01


def test_drawings_in_the_session_make_a_task(run_page) -> None:
    at = run_page(PAGE, data="draw")
    assert any("Add a class name" in i.value for i in at.info)
    at.text_input(key=STATE.key("new_class")).set_value("../bad").run()
    at.button(key=STATE.key("add_class")).click().run()
    assert any("class name is 1-20" in w.value for w in at.warning)
    at.text_input(key=STATE.key("new_class")).set_value("vee").run()
    at.button(key=STATE.key("add_class")).click().run()
    assert any("Not a task yet" in i.value for i in at.info)
    x, _ = demo_images(2, 3, seed=3)
    at.session_state[STATE.key("drawings")] = {"vee": list(x[:3]), "bar": list(x[3:])}
    at.run()
    assert not at.exception and not at.error
    assert "**bar** · 3" in _text(at) and "4 training images" in _text(at)  # 2 classes x (3 - 1 held out)


def test_upload_without_a_file_waits(run_page) -> None:
    at = run_page(PAGE, data="upload")
    assert any("once the task has at least 2 classes" in i.value for i in at.info)
    assert not at.error


def test_step_trains_one_epoch_and_predicts(run_page) -> None:
    at = run_page(PAGE, k="2", n="2", epochs="3")
    at.button(key=STATE.key("step")).click().run()
    assert not at.exception
    verdicts = at.markdown  # the three networks answer about a new shape
    assert any("Frozen base + new head" in m.value and "%" in m.value for m in verdicts)
    assert np.isfinite(at.session_state[STATE.key("_last_config")].learning_rate)
