"""``pages/optimizer_race.py`` with AppTest: widgets, URL round trip, buttons, presets, live numbers.

The live race itself is found through the iframe's ``window.MLP_CONFIG`` token
(``ui.live.session.lookup``): under AppTest it runs in this process.
"""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from engine.live.run import RunStatus
from engine.optim.config import LEARNING_RATES, RACER_KEYS, RaceConfig, lr_field
from engine.optim.surfaces import SURFACES, get_surface
from tests.waiting import wait_until
from ui.live import session as live_session
from ui.navigation import page_for
from ui.optim.presets import PRESETS

PAGE = "pages/optimizer_race.py"
K = page_for(PAGE).prefix  #: the page's session-state prefix (from the page registry)


def live_run(at: AppTest):
    frames = at.get("iframe")
    assert len(frames) == 1
    match = re.search(r"window\.MLP_CONFIG = (\{.*?\});", frames[0].proto.srcdoc)
    assert match, "the live view has no MLP_CONFIG"
    conf = json.loads(match.group(1))
    assert conf["view"] == "optimizer_race"
    holder = live_session.lookup(conf["token"])
    assert holder is not None
    run = holder.get("optimizer_race")
    assert run is not None
    return run


def tab(at: AppTest, label: str):
    return next(t for t in at.tabs if t.label == label)


def what_to_try(at: AppTest):
    """The presets' expander (above the view they change)."""
    return next(e for e in at.expander if e.label.startswith("What to try"))


def test_default_page(run_page) -> None:
    at = run_page(PAGE)
    assert at.title[0].value == "Optimizer race"
    assert dict(at.query_params) == {}
    run = live_run(at)
    snap = run.snapshot()
    assert snap.config == RaceConfig()
    assert [r.key for r in snap.racers] == list(RACER_KEYS)
    assert "Rosenbrock" in at.caption[0].value and "nothing is downloaded" in at.caption[0].value
    labels = [t.label for t in at.tabs]
    assert labels == [
        "Update rules, live",
        "Start point",
        "3-D surface",
        "Keras code",
        "Share & export",
    ]
    assert len(what_to_try(at).button) == len(PRESETS)
    code = tab(at, "Keras code").code[0].value
    assert "keras.optimizers.Adam(learning_rate=0.05" in code and "GradientTape" in code
    compile(code, "keras_code", "exec")  # the code shown is valid Python
    numpy_rules = tab(at, "Keras code").code[1].value
    assert "class Adam(Optimizer)" in numpy_rules and "class Adadelta(Optimizer)" in numpy_rules


def test_widgets_change_the_race_and_the_url(run_page) -> None:
    at = run_page(PAGE)
    at.selectbox(key=K + "surface").set_value("saddle").run()
    assert not at.exception
    saddle = get_surface("saddle")
    assert at.query_params["surface"] == ["saddle"] or at.query_params["surface"] == "saddle"
    cfg = live_run(at).config
    assert cfg.surface == "saddle" and (cfg.start_x, cfg.start_y) == saddle.start
    assert cfg.lr_adam == saddle.default_lrs["adam"]

    at.select_slider(key=K + "lr_adam").set_value(0.2).run()
    at.multiselect(key=K + "racers_pick").set_value(["adam", "gd"]).run()
    at.slider(key=K + "momentum").set_value(0.5).run()
    assert not at.exception
    cfg = live_run(at).config
    assert cfg.lr_adam == 0.2 and cfg.racers == ("gd", "adam") and cfg.momentum == 0.5
    params = at.query_params
    assert params["lr_adam"] in ("0.2", ["0.2"]) and params["racers"] in ("gd,adam", ["gd,adam"])

    # the speed changes live, without restarting the race
    at.button(key=K + "step").click().run()
    at.select_slider(key=K + "speed").set_value(240).run()
    snap = live_run(at).snapshot()
    assert snap.step == 1 and snap.config.speed == 240


def test_link_round_trip(run_page) -> None:
    query = {"surface": "beale", "racers": "gd,momentum,adam", "lr_adam": "0.1", "beta1": "0.8", "seed": "4"}
    at = run_page(PAGE, **query)
    assert not at.warning
    cfg = live_run(at).config
    assert cfg.surface == "beale" and cfg.racers == ("gd", "momentum", "adam")
    assert cfg.lr_adam == 0.1 and cfg.beta1 == 0.8 and cfg.seed == 4
    assert at.select_slider(key=K + "lr_adam").value == 0.1
    assert at.selectbox(key=K + "surface").value == "beale"
    assert {k: (v if isinstance(v, str) else v[0]) for k, v in at.query_params.items()} == query
    share = tab(at, "Share & export").code[0].value
    assert "surface=beale" in share and "lr_adam=0.1" in share


def test_bad_link_warns_and_still_works(run_page) -> None:
    at = run_page(PAGE, lr_gd="banana", surface="valley", start_x="99")
    texts = " ".join(w.value for w in at.warning)
    assert "lr_gd" in texts and "start point" in texts
    cfg = live_run(at).config
    assert cfg.surface == "valley" and (cfg.start_x, cfg.start_y) == get_surface("valley").start


def test_an_old_link_opens_the_same_race(run_page) -> None:
    """A link written before the one-table URL state (floats as ``%.6g``) opens the same race."""
    at = run_page(PAGE, surface="valley", start_x="2.5", start_y="-1", eps_adam="0.0001", momentum="0.5")
    assert not at.warning
    cfg = live_run(at).config
    assert (cfg.surface, cfg.start_x, cfg.start_y) == ("valley", 2.5, -1.0)
    assert cfg.eps_adam == 1e-4 and cfg.momentum == 0.5
    assert at.number_input(key=K + "start_x").value == 2.5


def test_play_pause_step_reset(run_page) -> None:
    at = run_page(PAGE, speed="480")
    run = live_run(at)
    at.button(key=K + "step").click().run()
    assert run.snapshot().step == 1
    rules = tab(at, "Update rules, live")
    assert any("t=1" in x.value for x in rules.latex), "the rules tab shows the step's live numbers"
    at.button(key=K + "play").click().run()
    assert run.playing and at.button(key=K + "play").label == "Pause"
    assert wait_until(lambda: run.snapshot().step > 5, timeout=15)
    at.button(key=K + "play").click().run()
    assert not run.playing and run.status == RunStatus.PAUSED
    at.button(key=K + "reset").click().run()
    assert run.snapshot().step == 0


@pytest.mark.parametrize("index", range(len(PRESETS)))
def test_presets(run_page, index: int) -> None:
    at = run_page(PAGE)
    what_to_try(at).button[index].click().run()
    assert not at.exception
    expected = PRESETS[index].applied_to(RaceConfig())
    assert live_run(at).config == expected, "a preset value was changed by the widgets"


def test_a_preset_keeps_the_learners_seed(run_page) -> None:
    at = run_page(PAGE, seed="7")
    what_to_try(at).button[0].click().run()
    assert live_run(at).config == PRESETS[0].applied_to(RaceConfig(seed=7))
    assert live_run(at).config.seed == 7


def test_every_default_learning_rate_is_a_widget_choice() -> None:
    for key in SURFACES:
        assert set(get_surface(key).default_lrs.values()) <= set(LEARNING_RATES), key
    for preset in PRESETS:
        cfg = preset.applied_to(RaceConfig())
        assert all(cfg.lr(r) in LEARNING_RATES for r in RACER_KEYS), preset.title
        assert getattr(cfg, lr_field("gd")) > 0


def test_a_new_seed_keeps_the_start_on_the_real_models_plot(run_page) -> None:
    at = run_page(PAGE, surface="logistic")
    at.number_input(key=K + "seed").set_value(12345).run()
    assert not at.exception and not at.error
    cfg = live_run(at).config
    x0, x1, y0, y1 = get_surface("logistic", 12345).domain
    assert cfg.seed == 12345 and x0 <= cfg.start_x <= x1 and y0 <= cfg.start_y <= y1
