"""The recurrent-cell page in AppTest: it runs, widgets change what it shows, URL round trip, presets, bad input."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from engine.sequences.cell.config import CellConfig
from engine.sequences.cell.presets import CELL_PRESETS

PAGE = "pages/rnn_cell.py"
PREFIX = "rnn_cell-"


def config(at: AppTest) -> CellConfig:
    return at.session_state[PREFIX + "_last_config"]


def latex(at: AppTest) -> list[str]:
    return [e.body for e in at.latex]


def test_default_page_shows_the_rnn_step_and_bptt(run_page) -> None:
    at = run_page(PAGE)
    assert config(at) == CellConfig()
    body = latex(at)
    assert any(r"\tanh(W x_t + U h_{t-1} + b)" in b for b in body)
    assert any(r"U^\top" in b for b in body)
    assert len(at.get("plotly_chart")) == 3
    assert {m.label.split(":")[0] for m in at.metric} >= {"SimpleRNN", "LSTM", "GRU"}
    assert not at.error


def test_cell_and_step_change_the_equations(run_page) -> None:
    at = run_page(PAGE)
    before = latex(at)[0]
    at.slider(key=PREFIX + "step").set_value(5).run()
    assert config(at).step == 5 and "x_{5}" in latex(at)[0] and latex(at)[0] != before
    at.button(key=PREFIX + "next").click().run()
    assert config(at).step == 6
    at.session_state[PREFIX + "cell"] = "lstm"
    at.run()
    assert r"f_t \odot c_{t-1}" in latex(at)[0]
    assert "cell path" in latex(at)[1]
    at.session_state[PREFIX + "cell"] = "gru"
    at.run()
    assert r"z_t \odot h_{t-1}" in latex(at)[0]
    assert at.query_params["cell"] in ("gru", ["gru"])


def test_url_round_trip(run_page) -> None:
    at = run_page(
        PAGE, cell="lstm", src="pulse", len="20", scale="0.5", fbias="3", t="7", clip="1", wrt="input"
    )
    cfg = config(at)
    assert (cfg.cell, cfg.source, cfg.length, cfg.scale, cfg.forget_bias, cfg.step, cfg.clip, cfg.wrt) == (
        "lstm",
        "pulse",
        20,
        0.5,
        3.0,
        7,
        1.0,
        "input",
    )
    again = run_page(PAGE, **cfg.to_params())
    assert config(again) == cfg
    assert not at.warning


def test_a_step_past_the_end_is_explained(run_page) -> None:
    at = run_page(PAGE, len="5", t="9")
    assert config(at).step == 3  # the default
    assert any("t=" in w.value or "the time step" in w.value for w in at.warning)


def test_presets_apply(run_page) -> None:
    at = run_page(PAGE)
    for i, preset in enumerate(CELL_PRESETS):
        at.button(key=f"{PREFIX}preset_{i}").click().run()
        assert not at.exception
        assert config(at) == preset.applied_to(CellConfig())


def test_typed_sequence_and_bad_input(run_page) -> None:
    at = run_page(PAGE)
    at.text_area(key=PREFIX + "x_text").input("0.5, -1, 2, 0").run()
    cfg = config(at)
    assert cfg.source == "custom" and cfg.sequence == (0.5, -1.0, 2.0, 0.0) and cfg.n_steps == 4
    for bad, why in (
        ("1, abc, 2", "not a number"),
        ("7", "at least two"),
        ("1, 1e9", "out of range"),
        ("", "at least"),
    ):
        at.text_area(key=PREFIX + "x_text").input(bad).run()
        assert not at.exception
        assert any(why in e.value for e in at.error), (bad, [e.value for e in at.error])
        assert config(at).sequence == (0.5, -1.0, 2.0, 0.0)
    at.text_area(key=PREFIX + "x_text").input(", ".join(["1"] * 61)).run()
    assert any("at most 60" in e.value for e in at.error)


def test_clipping_shows_the_factor(run_page) -> None:
    at = run_page(PAGE, src="pulse", len="30", scale="1.5", act="linear", clip="1")
    after = next(m for m in at.metric if m.label == "After clipping")
    assert after.value == "1"
    grad = next(m for m in at.metric if m.label == "Gradient norm")
    assert float(grad.value) > 1e6


def test_check_against_keras_agrees(run_page) -> None:
    at = run_page(PAGE, cell="gru")
    at.button(key=PREFIX + "keras_check").click().run()
    assert not at.exception
    assert any("agree" in s.value and "GRU" in s.value for s in at.success), [w.value for w in at.warning]
