"""The character model: shapes, parameter counts vs Keras, determinism per seed, the loss going
down, the cell-stepping sampler vs the whole network, and temperature (T -> 0 = argmax)."""

from __future__ import annotations

import collections
import itertools

import numpy as np
import pytest

from engine.sequences.text.corpus import Vocabulary
from engine.sequences.text.model import CharModel, entropy, param_breakdown, tempered

TEXT = (
    "the cat sat on the mat. the dog sat on the log. a cat and a dog met on the mat, "
    "and the cat ran to the log while the dog sat still. "
) * 12
VOCAB = Vocabulary.from_text(TEXT)
SMALL = {"units": 24, "seq_len": 16, "batch_size": 16, "learning_rate": 0.02}


def make(seed: int = 1, cell: str = "gru", **kw) -> CharModel:
    return CharModel(VOCAB, TEXT, cell=cell, seed=seed, **{**SMALL, **kw})


@pytest.fixture(scope="module")
def trained() -> CharModel:
    """A GRU trained 80 steps on the tiny text (and its losses on the model)."""
    model = make()
    model.losses = model.train(0, 80)
    return model


def test_shapes_of_windows_losses_probabilities_and_samples(trained: CharModel) -> None:
    w = trained.windows(3)
    assert w.shape == (16, 17) and w.dtype == np.int32
    assert VOCAB.decode(w[0]) in TEXT  # a window is a slice of the text
    assert trained.losses.shape == (80,)
    p = trained.next_probs("the ", 1.0)
    assert p.shape == (VOCAB.size,) and p.sum() == pytest.approx(1.0) and (p >= 0).all()
    for length in (1, 7, 50):
        samples = trained.generate("the ", length, [0.0, 0.5, 1.5], seed=3)
        assert len(samples) == 3 and all(len(s) == length for s in samples)
        assert set("".join(samples)) <= set(VOCAB.chars)


@pytest.mark.parametrize("cell", ["gru", "lstm"])
def test_parameter_counts_from_the_equations_match_keras(cell: str) -> None:
    model = make(cell=cell)
    rows = param_breakdown(cell, VOCAB.size, 24)
    layers = [model.network.get_layer(name) for name in ("embedding", cell, "logits")]
    assert [r[2] for r in rows] == [layer.count_params() for layer in layers]
    assert sum(r[2] for r in rows) == model.n_params


def test_same_seed_same_run_other_seed_other_run_whatever_the_chunking() -> None:
    a, b = make(seed=5), make(seed=5)
    other = make(seed=6).network.get_weights()
    assert not all(np.array_equal(x, y) for x, y in zip(a.network.get_weights(), other, strict=True))
    np.testing.assert_array_equal(a.windows(0), b.windows(0))
    assert not np.array_equal(a.windows(0), make(seed=6).windows(0))
    la = a.train(0, 6)
    lb = np.concatenate([b.train(0, 2), b.train(2, 4)])
    np.testing.assert_array_equal(la, lb)
    assert a.generate("the ", 40, [0.8], seed=9) == b.generate("the ", 40, [0.8], seed=9)
    assert a.generate("the ", 40, [0.8], seed=9) != a.generate("the ", 40, [0.8], seed=10)
    a.restore_initial()
    np.testing.assert_array_equal(a.train(0, 6), la)  # back to the seed's weights and a fresh Adam


def test_the_loss_goes_down_from_ln_v(trained: CharModel) -> None:
    first, last = trained.losses[0], trained.losses[-10:].mean()
    assert first == pytest.approx(np.log(VOCAB.size), abs=0.1)  # untrained: about uniform
    assert last < VOCAB.unigram_loss() - 0.3  # below "letter frequencies only": it uses the context


def test_the_sampler_steps_the_same_network(trained: CharModel) -> None:
    for prefix in ("t", "the cat sat on t"):
        np.testing.assert_allclose(trained.step_logits(prefix), trained.next_logits(prefix), atol=1e-5)
    lstm = make(cell="lstm")
    np.testing.assert_allclose(lstm.step_logits("a dog"), lstm.next_logits("a dog"), atol=1e-5)


def test_temperature_zero_is_the_argmax_path_and_needs_no_seed(trained: CharModel) -> None:
    text = "the "
    for _ in range(30):  # greedy decoding by hand, on the whole network
        text += VOCAB.chars[int(np.argmax(trained.next_logits(text)))]
    greedy = trained.generate("the ", 30, [0.0], seed=1)[0]
    assert "the " + greedy == text
    assert trained.generate("the ", 30, [0.0], seed=2)[0] == greedy
    assert trained.generate("the ", 30, [1e-4], seed=3)[0] == greedy  # T -> 0 tends to the argmax
    p0 = trained.next_probs("the ", 0.0)
    assert p0.max() == 1.0 and int(np.argmax(p0)) == int(np.argmax(trained.next_logits("the ")))
    np.testing.assert_allclose(trained.next_probs("the ", 1e-3), p0, atol=1e-6)


def test_higher_temperature_higher_entropy(trained: CharModel) -> None:
    logits = trained.next_logits("the cat ")
    entropies = [entropy(tempered(logits, t)) for t in (0.0, 0.2, 0.5, 1.0, 1.5, 3.0)]
    assert entropies[0] == 0.0 and all(a < b for a, b in itertools.pairwise(entropies))
    assert entropies[-1] < np.log(VOCAB.size)
    # and in what is drawn: the characters of long samples spread out as T rises
    cold, hot = trained.generate("the ", 400, [0.2, 1.5], seed=4)

    def spread(s: str) -> float:
        counts = np.array(list(collections.Counter(s).values()), float)
        return entropy(counts / counts.sum())

    assert spread(hot) > spread(cold)


def test_prefix_characters_the_text_lacks_are_skipped(trained: CharModel) -> None:
    assert trained.readable("THE cat!") == " cat"
    assert trained.readable("XYZ") == " "  # nothing usable: the most frequent character
    np.testing.assert_array_equal(trained.next_logits("Q the"), trained.next_logits(" the"))
