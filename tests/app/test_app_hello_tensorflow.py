"""``pages/hello_tensorflow.py`` with AppTest: live run wiring, controls, presets, URL round trip.

Signals: ``at.query_params`` (the page mirrors its config into the URL), the "How it
works" tab's formulas (epoch and live numbers), the "Keras code" tab, and the run
itself, found through the live view iframe's token (``ui.live.session.lookup``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from engine.live.run import RunStatus
from engine.neuron.config import NeuronConfig
from engine.neuron.data import DATASETS
from tests import waiting
from ui.live import session as live_session
from ui.navigation import page_for
from ui.neuron.presets import NEURON_PRESETS

PAGE = "pages/hello_tensorflow.py"
K = page_for(PAGE).prefix  #: the page's session-state prefix (from the page registry)
Open = Callable[..., AppTest]


def tab(at: AppTest, label: str):
    return next(t for t in at.tabs if t.label == label)


def what_to_try(at: AppTest):
    """The presets' expander (above the view they change)."""
    return next(e for e in at.expander if e.label.startswith("What to try"))


def live_run(at: AppTest):
    frames = at.get("iframe")
    assert len(frames) == 1, "the live view is missing"
    match = re.search(r"window\.MLP_CONFIG = (\{.*?\});", frames[0].proto.srcdoc)
    assert match
    config = json.loads(match.group(1))
    assert config["view"] == "neuron"
    holder = live_session.lookup(config["token"])
    assert holder is not None
    run = holder.get("neuron")
    assert run is not None
    return run


def code(at: AppTest) -> str:
    return tab(at, "Keras code").code[0].value


def formulas(at: AppTest) -> str:
    return "\n".join(x.value for x in tab(at, "How it works").latex)


def test_default_page_shows_the_slides_experiment(run_page: Open) -> None:
    at = run_page(PAGE)
    assert at.title[0].value == "Hello TensorFlow: a single neuron"
    assert "training_data array" in at.caption[0].value and "no download" in at.caption[0].value
    run = live_run(at)
    assert run.config == NeuronConfig()
    snap = run.snapshot()
    assert snap.epoch == 0
    source = code(at)
    assert "keras.layers.Dense(units=1" in source and "SGD(learning_rate=0.02)" in source
    assert "epochs=500" in source and "[13], [-5]" in source
    assert f"= {snap.w:.4f}" in formulas(at)  # the live weight in the formulas
    assert [b.label for b in at.button if b.key and b.key.startswith(K + "preset_")] == [
        p.title for p in NEURON_PRESETS
    ]
    assert dict(at.query_params) == {}


def test_step_play_and_reset(run_page: Open) -> None:
    at = run_page(PAGE, speed="1000")
    run = live_run(at)
    at.button(key=K + "step").click().run()
    assert run.snapshot().epoch == 1
    assert "At epoch 1" in tab(at, "How it works").markdown[0].value
    at.button(key=K + "play").click().run()
    assert waiting.wait_until(lambda: not run.playing, timeout=30)  # what the page's run-end check sees
    assert run.snapshot().status == RunStatus.FINISHED  # published before playing turned False
    at.run()
    assert not at.exception
    assert any("Done: 500 epochs" in s.value for s in at.success)
    snap = run.snapshot()
    assert snap.predictions[:2] == pytest.approx((27.0, -9.0), abs=0.05)
    at.button(key=K + "reset").click().run()
    assert run.snapshot().epoch == 0
    assert live_run(at) is run  # reset keeps the run (and the iframe)


def test_widgets_change_the_run_and_the_url(run_page: Open) -> None:
    at = run_page(PAGE)
    first = live_run(at)
    at.select_slider(key=K + "learning_rate").set_value(0.005).run()
    assert live_run(at) is first and first.config.learning_rate == 0.005  # changed live
    assert "SGD(learning_rate=0.005)" in code(at)
    at.number_input(key=K + "x_query").set_value(-2.0).run()
    assert first.snapshot().queries[-1] == -2.0
    at.radio(key=K + "dataset").set_value("house").run()
    second = live_run(at)
    assert second is not first and second.config.dataset == "house"  # new data: a new run
    assert second.snapshot().queries[:2] == (8.0, 12.0)
    assert dict(at.query_params) == {"lr": "0.005", "x": "-2.0", "data": "house"}


def test_link_round_trip_and_bad_links(run_page: Open) -> None:
    at = run_page(PAGE, data="house", lr="0.01", epochs="800", speed="250", seed="3", x="4.5")
    run = live_run(at)
    assert run.config == NeuronConfig("house", 0.01, 800, 250, 3, 4.5)
    assert dict(at.query_params) == run.config.to_params()
    assert not at.warning
    bad = run_page(PAGE, lr="banana", epochs="-3")
    assert len(bad.warning) == 2 and "ignored lr='banana'" in bad.warning[0].value
    assert live_run(bad).config == NeuronConfig()


def test_an_old_link_opens_the_same_experiment(run_page: Open) -> None:
    """Links written before the one-table URL state (floats as ``%g``: x=-2, lr=0.005) still work."""
    at = run_page(PAGE, data="house", lr="0.005", x="-2", epochs="800")
    assert not at.warning
    assert live_run(at).config == NeuronConfig("house", 0.005, 800, 50, 1, -2.0)
    assert at.number_input(key=K + "x_query").value == -2.0


def test_the_presets_lessons_quote_the_engines_numbers(run_page: Open) -> None:
    """The 'Just past the edge' lesson's growth per swing is |1 - lr * lambda_max| - 1 of the line data."""
    at = run_page(PAGE)
    past = next(p for p in NEURON_PRESETS if p.title == "Just past the edge")
    growth = abs(1 - past.values["learning_rate"] * DATASETS["line"].curvature()) - 1
    assert f"{100 * growth:.1f} % wider" in past.lesson
    lessons = " ".join(m.value for m in what_to_try(at).markdown)
    assert past.lesson in lessons


def test_divergence_is_flagged_not_plotted(run_page: Open) -> None:
    at = run_page(PAGE, lr="0.1", speed="1000")
    run = live_run(at)
    at.button(key=K + "play").click().run()
    assert waiting.wait_until(lambda: run.status == RunStatus.DIVERGED, timeout=30)
    at.run()
    assert not at.exception
    assert any(
        e.value.startswith("Diverged after epoch") and "learning rate too high" in e.value for e in at.error
    )
    at.button(key=K + "play").click().run()  # cannot play a diverged run: a toast, no exception
    assert not at.exception and run.status == RunStatus.DIVERGED
    at.button(key=K + "preset_0").click().run()  # the slides' settings, reset
    assert live_run(at) is run
    assert run.status == RunStatus.PAUSED and run.snapshot().epoch == 0
    assert run.config.learning_rate == 0.02 and not at.error


def test_paused_inspect_tab_has_the_plot(run_page: Open) -> None:
    at = run_page(PAGE)
    inspect = tab(at, "Inspect")
    assert inspect.get("plotly_chart")
    assert tab(at, "Data").dataframe[0].value.shape == (9, 2)
