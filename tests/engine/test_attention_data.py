"""The attention page's toy tasks: answers, padding, seeds, the learner's digit string, the settings table."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from engine.sequences.attention.config import EVAL_WIDTH, AttentionConfig
from engine.sequences.attention.data import (
    EOS,
    PAD,
    SOS,
    encode,
    make_length_set,
    make_set,
    parse_digits,
    target_digits,
)
from engine.urlstate import ConfigError


def test_each_task_has_its_answer() -> None:
    x = np.array([4, 7, 1, 7])
    assert target_digits("reverse", x).tolist() == [7, 1, 7, 4]
    assert target_digits("copy", x).tolist() == [4, 7, 1, 7]
    assert target_digits("sort", x).tolist() == [1, 4, 7, 7]
    with pytest.raises(ValueError):
        target_digits("shuffle", x)


def test_encoding_pads_and_shifts_for_teacher_forcing() -> None:
    batch = encode("reverse", [np.array([3, 0, 9]), np.array([5])], width=4)
    assert batch.enc.tolist() == [[4, 1, 10, 0], [6, 0, 0, 0]]  # digit d is token d + 1; 0 pads
    assert batch.target.tolist() == [[10, 1, 4, EOS, PAD], [6, EOS, 0, 0, 0]]
    assert batch.dec_in.tolist() == [[SOS, 10, 1, 4, PAD], [SOS, 6, 0, 0, 0]]  # <sos> + target shifted right
    assert batch.lengths.tolist() == [3, 1]
    with pytest.raises(ValueError):
        encode("copy", [np.arange(5)], width=4)


def test_sets_are_seeded_and_in_range() -> None:
    a = make_set("sort", 300, 3, 7, 7, seed=5)
    b = make_set("sort", 300, 3, 7, 7, seed=5)
    c = make_set("sort", 300, 3, 7, 7, seed=6)
    assert np.array_equal(a.enc, b.enc) and not np.array_equal(a.enc, c.enc)
    assert a.lengths.min() == 3 and a.lengths.max() == 7
    assert np.array_equal((a.enc > 0).sum(1), a.lengths)
    lengths = make_length_set("copy", range(1, 6), 4, EVAL_WIDTH, seed=1).lengths
    assert lengths.tolist() == [1] * 4 + [2] * 4 + [3] * 4 + [4] * 4 + [5] * 4


def test_the_learners_digits_are_validated() -> None:
    assert parse_digits(" 3 1 4 ").tolist() == [3, 1, 4]
    for bad, why in (
        ("", "at least one"),
        ("12a", "only the digits"),
        ("1.5", "only the digits"),
        ("-3", "only"),
    ):
        with pytest.raises(ValueError, match=why):
            parse_digits(bad)


def test_config_rules() -> None:
    cfg = AttentionConfig()
    assert cfg.validated() is cfg and cfg.to_params() == {}
    with pytest.raises(ConfigError, match="shortest training input"):
        dataclasses.replace(cfg, min_len=9, max_len=4).validated()
    with pytest.raises(ConfigError, match="only the digits") as err:
        dataclasses.replace(cfg, example="12x").validated()
    assert err.value.fields == ("example",)
    with pytest.raises(ConfigError, match=f"at most {EVAL_WIDTH}"):
        dataclasses.replace(cfg, example="1" * (EVAL_WIDTH + 1)).validated()
    with pytest.raises(ConfigError, match="past the end") as err:
        dataclasses.replace(cfg, example="123", out_step=5).validated()
    assert err.value.fields == ("out_step",)
    parsed, problems = AttentionConfig.from_params(
        {"task": "copy", "x": "2024", "min": "3", "max": "9", "t": "4"}
    )
    assert problems == [] and (parsed.task, parsed.example, parsed.min_len, parsed.max_len) == (
        "copy",
        "2024",
        3,
        9,
    )
    assert list(parsed.eval_lengths) == list(range(1, 16))
    assert parsed.model_key() != cfg.model_key()
    assert dataclasses.replace(cfg, learning_rate=0.003, example="7", epochs=9).model_key() == cfg.model_key()
