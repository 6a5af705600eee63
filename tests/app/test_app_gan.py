"""``pages/gan.py`` with AppTest: the live run's wiring, live vs new-run settings, presets, URL, bad links.

The run is found through the live view iframe's token (``ui.live.session.lookup``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from engine.generative.gan.config import GanConfig
from engine.generative.gan.presets import PRESETS
from ui.live import session as live_session
from ui.navigation import page_for

PAGE = "pages/gan.py"
K = page_for(PAGE).prefix
Open = Callable[..., AppTest]


def tab(at: AppTest, label: str):
    return next(t for t in at.tabs if t.label == label)


def live_run(at: AppTest):
    frames = at.get("iframe")
    assert len(frames) == 1, "the live view is missing"
    match = re.search(r"window\.MLP_CONFIG = (\{.*?\});", frames[0].proto.srcdoc)
    assert match
    config = json.loads(match.group(1))
    assert config["view"] == "gan"
    holder = live_session.lookup(config["token"])
    assert holder is not None and holder.get("gan") is not None
    return holder.get("gan")


def test_default_page_step_objective_and_code(run_page: Open) -> None:
    at = run_page(PAGE, units="8", layers="1")
    assert at.title[0].value == "A GAN on 2-D data"
    run = live_run(at)
    assert run.config == GanConfig(hidden=8, layers=1)
    assert "no download" in at.caption[0].value and f"({run.snapshot().n_params[0]}" in at.caption[0].value
    at.button(key=K + "step").click().run()
    snap = run.snapshot()
    assert (snap.step, snap.d_updates, snap.g_updates) == (1, 1, 1)
    math = tab(at, "The objective, live")
    assert "At step **1**" in math.markdown[0].value
    latex = "\n".join(x.value for x in math.latex)
    assert f"{snap.objective.value:.3f}" in latex and r"\log 4 = 1.386" in latex
    source = tab(at, "Keras code").code[0].value
    assert "keras.layers.Dense(8" in source and "Adam(0.001, beta_1=0.5)" in source
    assert [b.label for b in at.button if b.key and b.key.startswith(K + "preset_")] == [
        p.title for p in PRESETS
    ]


def test_live_settings_keep_the_run_network_settings_replace_it(run_page: Open) -> None:
    at = run_page(PAGE, units="8", layers="1")
    run = live_run(at)
    at.button(key=K + "step").click().run()
    at.radio(key=K + "loss").set_value("minimax").run()
    assert live_run(at) is run and run.config.loss == "minimax" and run.snapshot().step == 1
    assert at.query_params["loss"] in ("minimax", ["minimax"])
    assert "minimax" in tab(at, "Keras code").code[0].value
    at.slider(key=K + "noise_dim").set_value(3).run()
    new = live_run(at)
    assert new is not run and new.config.noise_dim == 3 and new.snapshot().step == 0


def test_preset_applies_rewinds_and_shows_its_lesson(run_page: Open) -> None:
    at = run_page(PAGE, units="8", layers="1", seed="5")
    at.button(key=K + "step").click().run()
    at.button(key=K + "preset_0").click().run()
    run = live_run(at)
    expected = PRESETS[0].applied_to(GanConfig())
    assert run.config == expected and run.snapshot().step == 0
    assert any("Mode collapse" in x.value for x in at.info)
    assert at.query_params["lrg"] in ("0.01", ["0.01"])


def test_url_round_trip_and_bad_links(run_page: Open) -> None:
    at = run_page(PAGE, data="moons", lrd="0.003", k="3", zdim="4", units="8", layers="1", seed="7")
    run = live_run(at)
    assert (run.config.dataset, run.config.lr_d, run.config.k, run.config.noise_dim) == ("moons", 0.003, 3, 4)
    assert "data=moons" in tab(at, "Share").code[0].value
    bad = run_page(PAGE, data="cube", k="99", zdim="x", units="8", layers="1")
    cfg = live_run(bad).config
    assert cfg.dataset == "ring" and cfg.k in (1, 5) and cfg.noise_dim == 2
    assert bad.warning, "a bad link must be explained"
