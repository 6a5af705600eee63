"""The softmax page's presets: the configs they open and the numbers their lessons state."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.neuralmath.config import SoftmaxConfig
from engine.neuralmath.presets import SOFTMAX_PRESETS
from engine.neuralmath.softmax import SLIDE_EXP, naive_softmax, softmax, softmax_table

BY_TITLE = {p.title: p for p in SOFTMAX_PRESETS}


@pytest.mark.parametrize("preset", SOFTMAX_PRESETS, ids=lambda p: p.title)
def test_presets_open_valid_configs(preset) -> None:
    cfg = preset.applied_to(SoftmaxConfig(binary_z=-2.0, temperature=3.0))
    assert cfg.validated() == cfg
    assert cfg.binary_z == -2.0  # the sigmoid tab's z is kept


def _table(title: str):
    cfg = BY_TITLE[title].applied_to(SoftmaxConfig())
    return softmax_table(cfg.logits, cfg.temperature, cfg.true_class), cfg


def test_slides_table_lesson() -> None:
    t, cfg = _table("The slides' table")
    lesson = BY_TITLE["The slides' table"].lesson
    assert f"sum {sum(math.exp(z) for z in cfg.logits):.2f}" in lesson
    assert f"it is {math.exp(cfg.logits[0]):.5f}" in lesson and f"as {SLIDE_EXP[0]:.5f}" in lesson
    assert ", ".join(f"{p:.3f}" for p in t.probs) in lesson


def test_confident_and_wrong_lesson() -> None:
    t, cfg = _table("Confident and wrong")
    lesson = BY_TITLE["Confident and wrong"].lesson
    assert cfg.true_class == 1
    assert f"−ln p = {-math.log(t.probs[1]):.2f}" in lesson
    assert f"up by {1 - t.probs[1]:.2f}" in lesson


def test_equal_and_huge_logits_lessons() -> None:
    t, cfg = _table("Equal logits")
    assert f"ln {len(cfg.logits)} = {math.log(len(cfg.logits)):.3f}" in BY_TITLE["Equal logits"].lesson
    assert t.loss == pytest.approx(math.log(len(cfg.logits)))
    title = next(t for t in BY_TITLE if t.startswith("Huge logits"))
    cfg = BY_TITLE[title].applied_to(SoftmaxConfig())
    z = np.array(cfg.logits) + cfg.shift
    assert np.isnan(naive_softmax(z)).any()
    assert ", ".join(f"{p:.3f}" for p in softmax(z)) in BY_TITLE[title].lesson
