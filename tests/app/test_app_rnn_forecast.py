"""``pages/rnn_forecast.py`` with AppTest: the live run's wiring, widgets, presets, URL, bad input."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from engine.sequences.forecast.config import ForecastConfig
from engine.sequences.forecast.presets import PRESETS
from ui.live import session as live_session
from ui.navigation import page_for

PAGE = "pages/rnn_forecast.py"
K = page_for(PAGE).prefix
Open = Callable[..., AppTest]
SMALL = {"n": "100", "w": "8", "u": "4", "epochs": "3"}


def live_run(at: AppTest):
    frames = at.get("iframe")
    assert len(frames) == 1, "the live view is missing"
    config = json.loads(re.search(r"window\.MLP_CONFIG = (\{.*?\});", frames[0].proto.srcdoc).group(1))
    assert config["view"] == "rnn_forecast"
    return live_session.lookup(config["token"]).get("rnn_forecast")


def tab(at: AppTest, label: str):
    return next(t for t in at.tabs if t.label == label)


def test_default_page(run_page: Open) -> None:
    at = run_page(PAGE, **SMALL)
    assert at.title[0].value == "Recurrent networks on a time series"
    run = live_run(at)
    assert run.config == ForecastConfig(n_points=100, window=8, units=4, epochs=3)
    assert "Nothing is downloaded" in at.caption[0].value
    assert [b.label for b in at.button if b.key and b.key.startswith(K + "preset_")] == [
        p.title for p in PRESETS
    ]
    how = tab(at, "How it works")
    assert any("4\\cdot(4\\cdot(4+1)+4) + (4+1) = 101" in x.value for x in how.latex)  # LSTM, u = 4
    table = how.dataframe[0].value
    assert list(table["formula total"]) == list(table["Keras count_params()"]) == list(run.n_params)
    code = tab(at, "Keras code").code[0].value
    assert "epochs=3" in code and "keras.layers" in code and "W = 8" in code
    at.button(key=K + "step").click().run()
    assert run.snapshot().epoch == 1


def test_widgets_change_the_run_and_the_url(run_page: Open) -> None:
    at = run_page(PAGE, **SMALL)
    first = live_run(at)
    at.select_slider(key=K + "learning_rate").set_value(0.001).run()
    assert live_run(at) is first and first.config.learning_rate == 0.001  # live
    at.multiselect(key=K + "models_pick").set_value(["lstm"]).run()
    second = live_run(at)
    assert second is not first and second.kinds == ("lstm",)
    assert dict(at.query_params) == {**SMALL, "lr": "0.001", "m": "lstm"}


def test_link_round_trip_and_a_bad_link(run_page: Open) -> None:
    at = run_page(PAGE, data="stock", ticker="NFLX", w="6", h="120", opt="rmsprop", epochs="2")
    run = live_run(at)
    assert run.config == ForecastConfig(
        series="stock", ticker="NFLX", window=6, horizon=120, optimizer="rmsprop", epochs=2
    )
    assert dict(at.query_params) == run.config.to_params()
    assert any("cut to the validation range: 26 steps" in x.value for x in at.info)
    bad = run_page(PAGE, w="banana", data="nope", **{k: v for k, v in SMALL.items() if k != "w"})
    assert len(bad.warning) == 2 and live_run(bad).config.series == "sines"


def test_a_window_longer_than_the_series_is_an_error_not_a_traceback(run_page: Open) -> None:
    at = run_page(PAGE, n="60", w="60")
    assert "longer than the whole series (60 points)" in at.error[0].value
    assert not at.get("iframe")
    at = run_page(PAGE, n="60", w="40")
    assert "leaves only 5 training examples" in at.error[0].value and not at.get("iframe")


def test_a_preset_applies_its_settings(run_page: Open) -> None:
    at = run_page(PAGE, **SMALL)
    at.button(key=K + "preset_0").click().run()  # real stock prices
    run = live_run(at)
    assert run.config.series == "stock" and run.config.window == 8 and run.snapshot().epoch == 0
