"""The attention page's networks: the numpy attention arithmetic vs Keras's layers (1e-6), greedy decoding vs
the teacher-forced model, seeded weights, and parameter counts vs the page's Keras snippet."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from engine.sequences.attention.codegen import keras_code
from engine.sequences.attention.config import EVAL_WIDTH, AttentionConfig
from engine.sequences.attention.data import SOS, encode
from engine.sequences.attention.model import (
    ModelSpec,
    Seq2Seq,
    attention_scale,
    attention_step,
    keras_attention,
    make_greedy_fn,
)


@pytest.fixture(scope="module", params=["dot", "additive"])
def net(request: pytest.FixtureRequest) -> Seq2Seq:
    return Seq2Seq(ModelSpec(units=16, score=request.param, seed=3), attention=True)


def test_numpy_attention_matches_the_keras_layer(net: Seq2Seq) -> None:
    rng = np.random.default_rng(0)
    for length in (1, 4, 9):
        query = rng.normal(size=16)
        keys = rng.normal(size=(length, 16))
        ours = attention_step(query, keys, net.spec.score, attention_scale(net))
        weights, context = keras_attention(net, query, keys)
        assert ours.weights == pytest.approx(weights, abs=1e-6)
        assert ours.context == pytest.approx(context, abs=1e-6)
        assert ours.weights.sum() == pytest.approx(1.0)
    if net.spec.score == "dot":
        assert ours.scores == pytest.approx(keys @ query)


def test_greedy_decoding_is_the_teacher_forced_model_fed_its_own_outputs(net: Seq2Seq) -> None:
    digits = [np.array([3, 1, 4, 1, 5]), np.array([9, 2])]
    batch = encode("reverse", digits, EVAL_WIDTH)
    decoded = make_greedy_fn(net, EVAL_WIDTH, EVAL_WIDTH + 1)(batch.enc)
    for i, d in enumerate(digits):
        n = len(d)
        fed = np.concatenate([[SOS], decoded.tokens[i, :n]])[None].astype(np.int32)
        logits, weights = net.forward(batch.enc[i : i + 1, :n], fed)
        assert np.argmax(np.asarray(logits)[0], -1).tolist() == decoded.tokens[i, : n + 1].tolist()
        # the whole-sequence and the step-by-step GRU round differently in float32: 1e-4, not 1e-6
        assert np.asarray(weights)[0] == pytest.approx(decoded.weights[i, : n + 1, :n], abs=1e-4)
        assert decoded.weights[i, :, n:].max() < 1e-6  # padding gets no attention
        # the page's numbers: numpy on the decoder's own states gives the model's weights
        scale = attention_scale(net)
        for t in range(n + 1):
            step = attention_step(decoded.queries[i, t], decoded.keys[i, :n], net.spec.score, scale)
            assert step.weights == pytest.approx(decoded.weights[i, t, :n], abs=1e-6)


def test_weights_come_from_the_seed_and_the_shared_parts_start_equal() -> None:
    spec = ModelSpec(units=8, score="additive", seed=4)
    a, b = Seq2Seq(spec, True), Seq2Seq(spec, True)
    for wa, wb in zip(a.model.get_weights(), b.model.get_weights(), strict=True):
        assert np.array_equal(wa, wb)
    plain = Seq2Seq(spec, False)
    for layer in ("encoder_embedding", "encoder", "decoder_embedding", "decoder"):
        for wp, wa in zip(
            plain.model.get_layer(layer).get_weights(), a.model.get_layer(layer).get_weights(), strict=True
        ):
            assert np.array_equal(wp, wa)
    other = Seq2Seq(dataclasses.replace(spec, seed=5), True)
    assert not np.array_equal(other.model.get_weights()[0], a.model.get_weights()[0])


@pytest.mark.parametrize("cell,score", [("gru", "dot"), ("lstm", "additive")])
def test_parameter_counts_match_the_keras_snippet(cell: str, score: str) -> None:
    cfg = AttentionConfig(cell=cell, score=score, units=16)
    code = keras_code(cfg)
    namespace: dict = {}
    exec(code.split("enc, dec_in, target = make_data")[0], namespace)  # imports and the data function
    exec(code[code.index("enc_tokens = ") : code.index("print(model.count_params()")], namespace)
    spec = ModelSpec(cell=cell, units=16, score=score, seed=1)
    assert namespace["model"].count_params() == Seq2Seq(spec, True).model.count_params()
    units, emb, vocab = 16, 16, 13
    gates = 3 if cell == "gru" else 4
    per_rnn = gates * (units * (emb + units) + units * (2 if cell == "gru" else 1))  # GRU: reset_after biases
    plain = 2 * vocab * emb + 2 * per_rnn + (units * units + units) + (units * vocab + vocab)
    assert Seq2Seq(spec, False).model.count_params() == plain
    extra = units * units + (units if score == "additive" else 0)  # wider combine layer, Bahdanau's w
    assert Seq2Seq(spec, True).model.count_params() == plain + extra
