"""The character-level text page under AppTest: defaults, live settings vs a new model, the URL both
ways, presets, Step, the learner's own text (and every bad case), uploads."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from engine.sequences.text.config import TextConfig
from engine.sequences.text.presets import PRESETS
from ui.live.session import lookup
from ui.sequences.text.controls import STATE

PAGE = "pages/char_rnn.py"
K = STATE.key
Open = Callable[..., AppTest]
#: A small, quick model (the defaults would compile a bigger one).
QUICK = {"units": "32", "seq": "16", "bs": "16"}
PROSE = "It was the best of times, it was the worst of times, it was the age of wisdom. " * 8


def live_run(at: AppTest):
    frames = at.get("iframe")
    assert len(frames) == 1
    cfg = json.loads(re.search(r"window\.MLP_CONFIG = (\{.*?\});", frames[0].proto.srcdoc).group(1))
    assert cfg["view"] == "char_rnn"
    return lookup(cfg["token"]).get("char_rnn")


def tab(at: AppTest, label: str):
    return next(t for t in at.tabs if t.label == label)


def test_defaults_render_the_model_its_facts_and_the_tabs(run_page: Open) -> None:
    at = run_page(PAGE)
    assert [t.value for t in at.title] == ["Character-level text model"]
    assert not at.error and at.query_params == {}
    run = live_run(at)
    assert run.config == TextConfig() and run.snapshot().step == 0
    n = run.model.network.count_params()
    assert any(f"{n:,} parameters" in c.value for c in at.caption)
    assert any("465,0" in c.value and "pydoc_data" in c.value for c in at.caption)
    assert "keras.layers.GRU(128, return_sequences=True)" in tab(at, "Keras code").code[0].value
    assert any(f"count_params(): {n:,}" in c.value for c in tab(at, "How it works").caption)
    assert [b.label for b in at.button if b.key and b.key.startswith(K("preset"))] == [
        p.title for p in PRESETS
    ]


def test_live_settings_keep_the_model_others_build_a_new_one_and_the_url_follows(run_page: Open) -> None:
    at = run_page(PAGE, **QUICK)
    run = live_run(at)
    assert run.config.units == 32 and run.config.seq_len == 16
    at.slider(key=K("temperature")).set_value(1.2).run()
    at.text_input(key=K("prefix")).set_value("def ").run()
    assert live_run(at) is run and at.query_params["temp"] == "1.2" and at.query_params["prefix"] == "def "
    snap = run.snapshot()
    assert snap.samples[0].temperature == 1.2 and snap.prefix_used == "def "
    at.button(key=K("step")).click().run()
    assert run.snapshot().step == 1
    at.select_slider(key=K("units")).set_value(64).run()
    assert live_run(at) is not run and live_run(at).config.units == 64 and at.query_params["units"] == "64"


def test_a_link_opens_the_experiment_and_bad_values_are_explained(run_page: Open) -> None:
    at = run_page(PAGE, cell="lstm", temp="0", lr="0.01", **QUICK)
    cfg = live_run(at).config
    assert (cfg.cell, cfg.temperature, cfg.learning_rate) == ("lstm", 0.0, 0.01)
    assert STATE.share_url(cfg).endswith("?" + "&".join(f"{k}={v}" for k, v in cfg.to_params().items()))
    bad = run_page(PAGE, temp="hot", units="1000", prefix="", **{"seq": "16", "bs": "16"})
    text = " ".join(w.value for w in bad.warning)
    assert "temp" in text and "units" in text and "prefix" in text
    assert live_run(bad).config.temperature == TextConfig().temperature


def test_presets_apply_their_settings(run_page: Open) -> None:
    at = run_page(PAGE, **QUICK)
    greedy = next(i for i, p in enumerate(PRESETS) if p.title.startswith("Greedy"))
    at.button(key=K(f"preset_{greedy}")).click().run()
    assert live_run(at).config.temperature == 0.0 and at.query_params["temp"] == "0.0"


def test_own_text_bad_cases_are_explained_and_good_text_trains(run_page: Open) -> None:
    at = run_page(PAGE, corpus="own", **QUICK)
    assert "empty" in at.error[0].value and not at.get("iframe")
    for text, words in (
        ("z" * 2000, "one character ('z') repeated"),
        ("ab" * 800, "only 2 distinct characters"),
        ("Short text.", "too short"),
        ("bin\x00ary" * 100, "binary"),
    ):
        at.text_area(key=K("own_text")).set_value(text).run()
        assert not at.exception and words in at.error[0].value, (words, [e.value for e in at.error])
    at.text_area(key=K("own_text")).set_value(PROSE).run()
    assert not at.error
    run = live_run(at)
    assert run.corpus.text == PROSE and run.vocab.size == len(set(PROSE))
    assert at.query_params["corpus"] == "own" and "own_text" not in str(dict(at.query_params))
