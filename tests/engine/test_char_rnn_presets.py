"""Every "What to try" lesson of the character-level text page, checked by running its preset."""

from __future__ import annotations

import collections
import re

import numpy as np
import pytest

from engine.sequences.text.config import TextConfig
from engine.sequences.text.corpus import Vocabulary, builtin_corpus
from engine.sequences.text.model import CharModel
from engine.sequences.text.presets import PRESETS

BY_TITLE = {p.title: p for p in PRESETS}
#: Short windows keep the trained checks fast; the lessons hold at the page's sizes too.
FAST = {"seq_len": 32, "batch_size": 32}


def model_for(cfg: TextConfig, **fast) -> CharModel:
    text = builtin_corpus(cfg.corpus).text
    sizes = {"seq_len": cfg.seq_len, "batch_size": cfg.batch_size, **fast}
    return CharModel(
        Vocabulary.from_text(text),
        text,
        cell=cfg.cell,
        units=cfg.units,
        learning_rate=cfg.learning_rate,
        seed=cfg.seed,
        **sizes,
    )


def test_every_preset_makes_a_valid_config_that_differs_from_the_defaults() -> None:
    for preset in PRESETS:
        cfg = preset.applied_to(TextConfig(seed=7))
        assert cfg != TextConfig() and cfg.seed == 7


@pytest.fixture(scope="module")
def default_model() -> CharModel:
    """The default model (docs, GRU 128) after 60 short steps, and its losses."""
    model = model_for(TextConfig(), **FAST)
    model.losses = model.train(0, 60)
    return model


def test_greedy_is_the_same_for_every_seed_and_loops(default_model: CharModel) -> None:
    cfg = BY_TITLE["Greedy: temperature 0"].applied_to(TextConfig())
    assert cfg.temperature == 0.0
    greedy = [default_model.generate(cfg.prefix, 300, [cfg.temperature], seed=s)[0] for s in (1, 2, 3)]
    assert greedy[0] == greedy[1] == greedy[2]
    warm = [default_model.generate(cfg.prefix, 300, [0.5], seed=s)[0] for s in (1, 2)]
    assert warm[0] != warm[1]
    tail = greedy[0][150:]  # it loops: the second half repeats a phrase of 2 to 40 characters
    assert re.fullmatch(r"(.{2,40}?)\1+.{0,40}", tail, re.DOTALL), tail


def test_tiny_memory_learns_more_slowly(default_model: CharModel) -> None:
    cfg = BY_TITLE["A tiny memory: 32 units"].applied_to(TextConfig())
    assert cfg.units == 32
    tiny = model_for(cfg, **FAST)
    tiny_losses = tiny.train(0, 60)
    assert tiny_losses[-15:].mean() > default_model.losses[-15:].mean() + 0.1


def test_lstm_has_about_four_thirds_the_parameters_of_the_gru() -> None:
    cfg = BY_TITLE["LSTM instead of GRU"].applied_to(TextConfig())
    assert cfg.cell == "lstm"
    lstm, gru = model_for(cfg), model_for(TextConfig())
    ratio = lstm.network.get_layer("lstm").count_params() / gru.network.get_layer("gru").count_params()
    assert 1.3 < ratio < 4 / 3
    assert lstm.n_params > gru.n_params


def test_code_preset_trains_on_source_where_spaces_dominate() -> None:
    cfg = BY_TITLE["Learn to write code"].applied_to(TextConfig())
    assert cfg.corpus == "code" and cfg.prefix == "def "
    text = builtin_corpus(cfg.corpus).text
    counts = collections.Counter(text)
    assert counts.most_common(1)[0][0] == " " and counts[" "] / len(text) > 0.25
    assert np.all(Vocabulary.from_text(text).encode(cfg.prefix) >= 0)
