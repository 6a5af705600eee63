"""Each "What to try" lesson of the attention page, checked by running its preset (seed 1, 3 epochs).

3 epochs of 4,000 sequences (189 mini-batches per model) are enough for every claim below."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from engine.sequences.attention.config import AttentionConfig
from engine.sequences.attention.data import target_digits
from engine.sequences.attention.presets import PRESETS
from engine.sequences.attention.run import AttentionRun, AttentionSnapshot

EPOCHS = 3
BY_TITLE = {p.title: p for p in PRESETS}


def trained(title: str) -> AttentionSnapshot:
    cfg = dataclasses.replace(BY_TITLE[title].applied_to(AttentionConfig()), epochs=EPOCHS)
    run = AttentionRun(cfg)
    try:
        for _ in range(EPOCHS):
            snap = run.step()
    finally:
        run.stop()
    assert snap.epoch == EPOCHS
    return snap


def seq_acc(snap: AttentionSnapshot) -> tuple[float, float]:
    return float(snap.history[-1, 2]), float(snap.history[-1, 4])


def mean_by_length(snap: AttentionSnapshot, model: int, lengths: range) -> float:
    pick = [snap.lengths.index(n) for n in lengths]
    return float(snap.by_length[model, 1, pick].mean())


def argmax_alignment(snap: AttentionSnapshot) -> np.ndarray:
    """The input position each output digit attends to most (the <eos> step left out)."""
    return snap.example.weights[:-1].argmax(1)


def test_reverse_learns_the_anti_diagonal_and_the_plain_model_forgets_long_inputs() -> None:
    snap = trained("Reverse 2-14 digits")
    plain, attn = seq_acc(snap)
    assert attn > plain + 0.25
    n = len(snap.example.digits)
    # a one-way encoder's h_j also carries x_(j-1): the band may sit one position off the exact line
    assert np.mean(np.abs(argmax_alignment(snap) - np.arange(n)[::-1]) <= 1) >= 0.8
    long = range(8, 15)
    assert mean_by_length(snap, 0, long) < 0.1
    assert mean_by_length(snap, 1, long) > mean_by_length(snap, 0, long) + 0.2
    assert mean_by_length(snap, 0, range(2, 5)) > 0.8  # short inputs are fine without attention


def test_copy_learns_the_diagonal_and_the_plain_model_struggles_more() -> None:
    snap = trained("Copy: the diagonal")
    plain, attn = seq_acc(snap)
    assert attn > plain + 0.5
    n = len(snap.example.digits)
    assert np.mean(np.abs(argmax_alignment(snap) - np.arange(n)) <= 1) >= 0.8


def test_short_inputs_need_no_attention_on_trained_lengths() -> None:
    snap = trained("Short inputs only (2-5)")
    plain, attn = seq_acc(snap)
    assert plain > 0.8 and attn - plain < 0.2
    unseen = range(8, 12)
    assert mean_by_length(snap, 0, unseen) < 0.2 and mean_by_length(snap, 1, unseen) < 0.2


def test_sort_attends_to_the_digit_it_writes() -> None:
    snap = trained("Sort: a permutation")
    plain, attn = seq_acc(snap)
    assert attn > plain + 0.3
    ex = snap.example
    looked_at = ex.digits[argmax_alignment(snap)]
    assert np.mean(looked_at == target_digits("sort", ex.digits)) >= 0.7


@pytest.mark.parametrize("preset", PRESETS, ids=[p.title for p in PRESETS])
def test_presets_keep_the_seed_and_example(preset) -> None:
    mine = AttentionConfig(seed=7, example="90210", out_step=3)
    applied = preset.applied_to(mine)
    assert (applied.seed, applied.example, applied.out_step) == (7, "90210", 3)
