"""Encoder-decoders built from Keras layers, with and without attention.

Both models share the same shape (and, from the same seed, the same initial weights for
the parts they share):

* encoder: ``Embedding(mask_zero=True)`` -> ``GRU``/``LSTM`` over the input digits,
  giving one state h_j per input position and a final state;
* decoder: ``Embedding`` -> ``GRU``/``LSTM`` started from the encoder's final state,
  reading ``<sos>`` and then the previous output token; its state at output step t is s_t;
* **plain**: ``Dense(units, tanh)`` on s_t, then ``Dense(13)`` logits. Everything the
  decoder knows about the input is the final encoder state: a fixed-size context vector;
* **attention** (Luong style): the decoder state s_t is the query of a Keras ``Attention``
  (dot-product scores e_tj = s_t . h_j) or ``AdditiveAttention`` (Bahdanau's
  e_tj = sum(w * tanh(s_t + h_j))) layer over the encoder states h_j; softmax gives the
  weights a_tj, the context c_t = sum_j a_tj h_j is concatenated with s_t, then
  ``Dense(units, tanh)`` and ``Dense(13)``.

Training uses teacher forcing (the true previous token is fed); evaluation decodes greedily
(the model's own previous argmax is fed), see :func:`make_greedy_fn`.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from engine.sequences.attention.data import EOS, SOS, VOCAB
from engine.tf_runtime import get_tf

CELLS: dict[str, str] = {"gru": "GRU", "lstm": "LSTM"}
SCORES: dict[str, str] = {
    "dot": "Dot product (Luong)",
    "additive": "Additive (Bahdanau)",
}
EMBED_DIM = 16


@dataclasses.dataclass(frozen=True)
class ModelSpec:
    """What defines both networks (apart from attention on/off)."""

    cell: str = "gru"
    units: int = 64
    score: str = "dot"
    seed: int = 1


class Seq2Seq:
    """An encoder-decoder made of Keras layers; ``attention`` None for the plain one.

    ``model`` is the teacher-forced Keras model ``[enc, dec_in] -> logits`` (the one
    trained, whose ``count_params()`` the page reports); the greedy decoder reuses its layers.
    """

    def __init__(self, spec: ModelSpec, attention: bool) -> None:
        keras = get_tf().keras
        self.spec = spec
        self.attention = attention
        seed = spec.seed * 100
        init = keras.initializers
        rnn = keras.layers.GRU if spec.cell == "gru" else keras.layers.LSTM

        def recurrent(name: str, k: int):
            return rnn(
                spec.units,
                return_sequences=True,
                return_state=True,
                kernel_initializer=init.GlorotUniform(seed=seed + k),
                recurrent_initializer=init.Orthogonal(seed=seed + k + 1),
                name=name,
            )

        def embedding(name: str, k: int):
            return keras.layers.Embedding(
                VOCAB,
                EMBED_DIM,
                mask_zero=True,
                embeddings_initializer=init.RandomUniform(-0.05, 0.05, seed=seed + k),
                name=name,
            )

        self.enc_embed = embedding("encoder_embedding", 1)
        self.encoder = recurrent("encoder", 2)
        self.dec_embed = embedding("decoder_embedding", 4)
        self.decoder = recurrent("decoder", 5)
        if attention:
            if spec.score == "dot":
                self.attend = keras.layers.Attention(name="attention")
            else:
                self.attend = keras.layers.AdditiveAttention(name="attention")
        else:
            self.attend = None
        self.combine = keras.layers.Dense(
            spec.units,
            activation="tanh",
            kernel_initializer=init.GlorotUniform(seed=seed + 7),
            name="combine",
        )
        self.out = keras.layers.Dense(
            VOCAB, kernel_initializer=init.GlorotUniform(seed=seed + 8), name="logits"
        )
        enc_in = keras.Input((None,), dtype="int32", name="encoder_tokens")
        dec_in = keras.Input((None,), dtype="int32", name="decoder_tokens")
        logits, _ = self.forward(enc_in, dec_in)
        self.model = keras.Model([enc_in, dec_in], logits, name="with_attention" if attention else "plain")
        if self.attend is not None and getattr(self.attend, "scale", None) is not None:
            # AdditiveAttention draws its scale vector with an unseeded initializer: reseed it.
            self.attend.scale.assign(init.GlorotUniform(seed=seed + 9)(tuple(self.attend.scale.shape)))

    # ---- the pieces ----------------------------------------------------------------------
    def encode(self, enc):
        """Encoder states (n, width, units), their mask, and the final state (a list)."""
        ops = get_tf().keras.ops
        mask = ops.not_equal(enc, 0)
        seq, *state = self.encoder(self.enc_embed(enc), mask=mask)
        return seq, mask, state

    def head(self, dec_seq, enc_seq, enc_mask, dec_mask=None):
        """Logits (and attention weights, or None) from decoder states (n, t, units)."""
        ops = get_tf().keras.ops
        weights = None
        if self.attend is not None:
            masks = (
                [dec_mask, enc_mask]
                if dec_mask is not None
                else [ops.ones_like(dec_seq[..., 0], "bool"), enc_mask]
            )
            context, weights = self.attend([dec_seq, enc_seq], mask=masks, return_attention_scores=True)
            dec_seq = ops.concatenate([dec_seq, context], axis=-1)
        return self.out(self.combine(dec_seq)), weights

    def forward(self, enc, dec_in):
        """Teacher-forced logits (n, width + 1, 13) and attention weights (or None)."""
        ops = get_tf().keras.ops
        enc_seq, enc_mask, state = self.encode(enc)
        dec_mask = ops.not_equal(dec_in, 0)
        dec_seq, *_ = self.decoder(self.dec_embed(dec_in), initial_state=state, mask=dec_mask)
        return self.head(dec_seq, enc_seq, enc_mask, dec_mask)


def make_train_fn(net: Seq2Seq, optimizer):
    """A compiled training step on one mini-batch; returns (loss sum, tokens right, tokens).

    The loss is the cross-entropy of the next token, averaged over the real (unpadded)
    target tokens; gradients are clipped to a global norm of 5 (as is usual for RNNs)."""
    tf = get_tf()
    variables = net.model.trainable_variables

    def train(enc, dec_in, target):
        mask = tf.cast(tf.not_equal(target, 0), tf.float32)
        with tf.GradientTape() as tape:
            logits, _ = net.forward(enc, dec_in)
            per = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target, logits=logits)
            loss = tf.reduce_sum(per * mask) / tf.reduce_sum(mask)
        grads = tape.gradient(loss, variables)
        grads, _ = tf.clip_by_global_norm(grads, 5.0)
        optimizer.apply(grads, variables)
        pred = tf.argmax(logits, axis=-1, output_type=tf.int32)
        correct = tf.reduce_sum(tf.cast(tf.equal(pred, target), tf.float32) * mask)
        return tf.reduce_sum(per * mask), correct, tf.reduce_sum(mask)

    spec = tf.TensorSpec([None, None], tf.int32)
    return tf.function(train, input_signature=[spec, spec, spec])


@dataclasses.dataclass(frozen=True)
class Decoded:
    """Greedy decoding of n inputs (numpy arrays).

    Attributes:
        tokens: (n, steps) the tokens the model chose, step by step.
        weights: (n, steps, width) attention weights a_tj (zeros for the plain model).
        queries: (n, steps, units) decoder states s_t (the attention's queries).
        keys: (n, width, units) encoder states h_j (keys and values).
    """

    tokens: np.ndarray
    weights: np.ndarray
    queries: np.ndarray
    keys: np.ndarray


def make_greedy_fn(net: Seq2Seq, width: int, steps: int):
    """A compiled greedy decoder for inputs padded to ``width``: enc (n, width) -> :class:`Decoded`.

    Each step feeds the model's own previous choice (``<sos>`` first), as at test time."""
    tf = get_tf()

    def greedy(enc, steps):
        enc_seq, enc_mask, state = net.encode(enc)
        n = tf.shape(enc)[0]
        token = tf.fill([n], SOS)
        tokens = tf.TensorArray(tf.int32, size=steps)
        weights = tf.TensorArray(tf.float32, size=steps)
        queries = tf.TensorArray(tf.float32, size=steps)
        for t in tf.range(steps):
            seq, *state = net.decoder(net.dec_embed(token[:, None]), initial_state=state)
            logits, w = net.head(seq, enc_seq, enc_mask)
            token = tf.argmax(logits[:, 0], axis=-1, output_type=tf.int32)
            tokens = tokens.write(t, token)
            weights = weights.write(t, tf.zeros([n, width]) if w is None else w[:, 0])
            queries = queries.write(t, seq[:, 0])
        return (
            tf.transpose(tokens.stack()),
            tf.transpose(weights.stack(), [1, 0, 2]),
            tf.transpose(queries.stack(), [1, 0, 2]),
            enc_seq,
        )

    fn = tf.function(
        greedy, input_signature=[tf.TensorSpec([None, width], tf.int32), tf.TensorSpec([], tf.int32)]
    )

    def run(enc: np.ndarray, n_steps: int | None = None) -> Decoded:
        """``n_steps`` (default ``steps``) output steps: fewer are quicker (the live example)."""
        return Decoded(*(np.asarray(a) for a in fn(enc, np.int32(steps if n_steps is None else n_steps))))

    run.concrete = fn.get_concrete_function  # to trace ahead of time
    return run


# ---- the attention arithmetic in numpy (the page's equations; tested against Keras) ----------


@dataclasses.dataclass(frozen=True)
class AttentionStep:
    """One output step's attention: e_j (scores), a_j = softmax(e)_j, c = sum_j a_j h_j."""

    scores: np.ndarray
    weights: np.ndarray
    context: np.ndarray


def attention_scores(
    query: np.ndarray, keys: np.ndarray, score: str, scale: np.ndarray | None = None
) -> np.ndarray:
    """e_j for one query s (units,) and keys h_j (L, units).

    ``dot`` (Keras ``Attention``): e_j = s . h_j; ``additive`` (Keras ``AdditiveAttention``):
    e_j = sum_k w_k tanh(s_k + h_jk) with the layer's learned ``scale`` vector w."""
    query = np.asarray(query, np.float64)
    keys = np.asarray(keys, np.float64)
    if score == "dot":
        return keys @ query
    w = np.ones(query.shape[-1]) if scale is None else np.asarray(scale, np.float64)
    return np.tanh(query[None, :] + keys) @ w


def softmax(scores: np.ndarray) -> np.ndarray:
    z = np.exp(scores - scores.max())
    return z / z.sum()


def attention_step(
    query: np.ndarray, keys: np.ndarray, score: str, scale: np.ndarray | None = None
) -> AttentionStep:
    """The whole step in numpy: scores, softmax weights and the context vector (over the L real inputs)."""
    e = attention_scores(query, keys, score, scale)
    a = softmax(e)
    return AttentionStep(e, a, a @ np.asarray(keys, np.float64))


def attention_scale(net: Seq2Seq) -> np.ndarray | None:
    """The additive attention's learned vector w (None for dot-product attention)."""
    if net.attend is None or getattr(net.attend, "scale", None) is None:
        return None
    scale = net.attend.scale
    return None if isinstance(scale, float) else np.asarray(scale.numpy(), np.float64)


def score(pred: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per example: (fraction of target tokens right, whole output right) as float arrays.

    ``pred`` (n, steps) greedy tokens, ``target`` (n, width + 1) with PAD after ``<eos>``."""
    k = min(pred.shape[1], target.shape[1])
    mask = target[:, :k] != 0
    hit = (pred[:, :k] == target[:, :k]) & mask
    per_token = hit.sum(1) / np.maximum(mask.sum(1), 1)
    whole = (hit.sum(1) == mask.sum(1)).astype(np.float64)
    return per_token.astype(np.float64), whole


def decoded_length(pred: np.ndarray) -> np.ndarray:
    """Tokens before the first ``<eos>`` of each greedy output (all of them if none)."""
    is_eos = pred == EOS
    return np.where(is_eos.any(1), is_eos.argmax(1), pred.shape[1])


def keras_attention(net: Seq2Seq, query: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The model's own Keras attention layer on one query (units,) and keys (L, units): (weights, context)."""
    q = np.asarray(query, np.float32)[None, None, :]
    k = np.asarray(keys, np.float32)[None]
    context, weights = net.attend([q, k], return_attention_scores=True)
    return np.asarray(weights)[0, 0], np.asarray(context)[0, 0]
