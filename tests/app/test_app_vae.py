"""``pages/vae.py`` with AppTest: the live run's wiring, live β, new runs, presets, URL round trip,
bad links, the explore tools and the formulas with live numbers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from engine.generative.vae.config import VaeConfig
from engine.generative.vae.presets import PRESETS
from ui.live import session as live_session
from ui.navigation import page_for

PAGE = "pages/vae.py"
K = page_for(PAGE).prefix
SMALL = {"units": "64", "n": "500"}  # fast to build and train
Open = Callable[..., AppTest]


def tab(at: AppTest, label: str):
    return next(t for t in at.tabs if t.label == label)


def live_run(at: AppTest):
    frames = at.get("iframe")
    assert len(frames) == 1, "the live view is missing"
    config = json.loads(re.search(r"window\.MLP_CONFIG = (\{.*?\});", frames[0].proto.srcdoc).group(1))
    assert config["view"] == "vae"
    return live_session.lookup(config["token"]).get("vae")


def formulas(at: AppTest) -> str:
    return "\n".join(x.value for x in tab(at, "How it works").latex)


def test_default_page(run_page: Open) -> None:
    at = run_page(PAGE)
    assert at.title[0].value == "Variational autoencoder"
    run = live_run(at)
    assert run.config == VaeConfig() and run.snapshot().epoch == 0
    caption = at.caption[0].value
    assert "bundled offline subset" in caption and "201,988 + 202,256 parameters" in caption
    assert [b.label for b in at.button if b.key and b.key.startswith(K + "preset_")] == [
        p.title for p in PRESETS
    ]
    code = tab(at, "Keras code").code[0].value
    assert "class VAE(keras.Model)" in code and "beta=1.0" in code and "epochs=30" in code
    assert r"z = \mu + \sigma \odot \varepsilon" in formulas(at)
    assert dict(at.query_params) == {}
    assert len(at.get("image")) == 2  # the interpolation and the prior samples


def test_step_beta_live_and_a_new_model(run_page: Open) -> None:
    at = run_page(PAGE, **SMALL)
    run = live_run(at)
    at.button(key=K + "step").click().run()
    snap = run.snapshot()
    assert snap.epoch == 1
    assert "at epoch 1" in tab(at, "How it works").markdown[0].value
    ex_loss = re.search(r"\\text\{loss\} = ([\d.]+) \+ 1 \\times ([\d.]+) = ([\d.]+)", formulas(at))
    assert ex_loss and abs(float(ex_loss[1]) + float(ex_loss[2]) - float(ex_loss[3])) < 0.02
    at.select_slider(key=K + "beta").set_value(4.0).run()
    assert live_run(at) is run and run.config.beta == 4.0  # β changes the running model
    assert run.snapshot().epoch == 1
    at.radio(key=K + "model").set_value("ae").run()
    ae = live_run(at)
    assert ae is not run and ae.config.model == "ae" and ae.snapshot().batch_log_var is None
    assert at.select_slider(key=K + "beta").disabled
    assert "autoencoder" in tab(at, "Keras code").code[0].value
    assert dict(at.query_params) == {**SMALL, "beta": "4.0", "model": "ae"}


def test_explore_settings_do_not_touch_the_run(run_page: Open) -> None:
    at = run_page(PAGE, **SMALL)
    run = live_run(at)
    at.selectbox(key=K + "digit_b").set_value(3).run()
    at.number_input(key=K + "sample_seed").set_value(5).run()
    assert live_run(at) is run
    assert dict(at.query_params) == {**SMALL, "b": "3", "sseed": "5"}
    assert "μ(1) to μ(3)" in at.caption[-2].value


def test_presets_apply(run_page: Open) -> None:
    at = run_page(PAGE, **SMALL, seed="5")
    at.button(key=K + "preset_1").click().run()  # the plain autoencoder
    run = live_run(at)
    assert run.config.model == "ae" and run.config.seed == 5 and run.config.train_size == 500


def test_link_round_trip_and_bad_links(run_page: Open) -> None:
    at = run_page(PAGE, model="ae", units="64", lr="0.003", bs="128", epochs="5", n="1000", seed="7", a="2")
    cfg = live_run(at).config
    assert cfg == VaeConfig(
        model="ae",
        hidden=64,
        learning_rate=0.003,
        batch_size=128,
        epochs=5,
        train_size=1000,
        seed=7,
        digit_a=2,
    )
    assert dict(at.query_params) == cfg.to_params() and not at.warning
    bad = run_page(PAGE, beta="banana", units="3", a="12")
    assert len(bad.warning) == 3
    assert live_run(bad).config.beta == 1.0


def test_fashion_without_a_copy_says_how_to_add_it(run_page: Open, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("MLP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setenv("MLP_OFFLINE", "1")
    at = run_page(PAGE, data="fashion", **SMALL)
    assert any("Fashion-MNIST is not on this server" in i.value for i in at.info)
    assert live_run(at).data.label == "MNIST digits"
