"""The character model: Embedding -> GRU/LSTM -> Dense(V) logits, trained on random windows.

Speed is the point (recognisable words within two minutes on one CPU core), hence:

* stateless training: each step draws ``batch_size`` random windows of ``seq_len + 1``
  characters (seeded by ``(seed, step)``, so a run repeats exactly whatever its chunking)
  and predicts every next character (teacher forcing), one Adam update per step;
* one ``tf.function`` trains ``count`` steps in a row (no Python between steps);
* generation steps the layer's own cell one character at a time inside one compiled
  loop (no re-reading of the whole text so far), for several temperatures at once
  (one batch row each).

Temperature ``T`` divides the logits: ``p_i = softmax(z / T)_i``. ``T = 0`` is the limit,
the argmax (greedy decoding), computed without dividing by zero.
"""

from __future__ import annotations

import numpy as np

from engine.sequences.text.corpus import Vocabulary
from engine.tf_runtime import get_tf

EMBED_DIM = 32
CLIP_NORM = 5.0  #: global gradient-norm clipping (the usual guard against exploding RNN gradients)
_SEED_STRIDE = 1_000_003  #: separates the sampling seeds of different calls


def build_network(cell: str, vocab_size: int, units: int, seed: int):
    """The Keras model ``(batch, time) int ids -> (batch, time, vocab_size) logits``, seeded."""
    keras = get_tf().keras
    layer = {"gru": keras.layers.GRU, "lstm": keras.layers.LSTM}[cell]
    inputs = keras.Input((None,), dtype="int32", name="chars")
    x = keras.layers.Embedding(
        vocab_size,
        EMBED_DIM,
        embeddings_initializer=keras.initializers.RandomUniform(-0.05, 0.05, seed=seed),
        name="embedding",
    )(inputs)
    x = layer(
        units,
        return_sequences=True,
        kernel_initializer=keras.initializers.GlorotUniform(seed=seed + 1),
        recurrent_initializer=keras.initializers.Orthogonal(seed=seed + 2),
        name=cell,
    )(x)
    logits = keras.layers.Dense(
        vocab_size, kernel_initializer=keras.initializers.GlorotUniform(seed=seed + 3), name="logits"
    )(x)
    return keras.Model(inputs, logits, name=f"char_{cell}")


def tempered(logits: np.ndarray, temperature: float) -> np.ndarray:
    """``softmax(logits / T)`` along the last axis; ``T <= 0``: one-hot on the argmax."""
    z = np.asarray(logits, np.float64)
    if temperature <= 0:
        out = np.zeros_like(z)
        np.put_along_axis(out, np.argmax(z, axis=-1)[..., None], 1.0, axis=-1)
        return out
    z = z / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def entropy(p: np.ndarray) -> float:
    """Shannon entropy (nats) of a distribution."""
    p = np.asarray(p, np.float64)
    p = p[p > 0]
    return float(-(p * np.log(p)).sum())


class CharModel:
    """A seeded character model over one text, its compiled training steps and its sampler.

    Args:
        vocab: the characters (from :meth:`Vocabulary.from_text` of ``text``).
        text: the training text.
        cell: ``"gru"`` or ``"lstm"``; units, seq_len, batch_size, learning_rate, seed: as named.
    """

    def __init__(
        self,
        vocab: Vocabulary,
        text: str,
        *,
        cell: str = "gru",
        units: int = 128,
        seq_len: int = 64,
        batch_size: int = 64,
        learning_rate: float = 0.005,
        seed: int = 1,
    ) -> None:
        tf = get_tf()
        self.vocab = vocab
        self.cell_kind = cell
        self.seq_len, self.batch_size, self.seed = seq_len, batch_size, seed
        ids = vocab.encode(text)
        if len(ids) < seq_len + 2:
            raise ValueError(f"the text has {len(ids)} characters: windows of {seq_len + 1} do not fit")
        self.n_chars = len(ids)
        self._data = tf.constant(ids)
        self.network = build_network(cell, vocab.size, units, seed % (2**31 - 4))
        self._embedding = self.network.get_layer("embedding")
        self._cell = self.network.get_layer(cell).cell
        self._dense = self.network.get_layer("logits")
        keras = tf.keras
        self.optimizer = keras.optimizers.Adam(learning_rate, global_clipnorm=CLIP_NORM)
        self.optimizer.build(self.network.trainable_variables)
        self._initial = [w.copy() for w in self.network.get_weights()]
        self._initial_opt = [v.numpy().copy() for v in self.optimizer.variables]
        self._train_fn = self._make_train_fn()
        self._generate_fn = self._make_generate_fn()
        self._logits_fn = tf.function(
            lambda x: self.network(x[None, :], training=False)[0, -1],
            input_signature=[tf.TensorSpec([None], tf.int32)],
        )

    @property
    def n_params(self) -> int:
        return int(self.network.count_params())

    @property
    def units(self) -> int:
        return int(self._cell.units)

    def restore_initial(self) -> None:
        """Back to the seed's initial weights and a fresh optimizer state."""
        self.network.set_weights(self._initial)
        for var, value in zip(self.optimizer.variables, self._initial_opt, strict=True):
            var.assign(value)

    # ---- training ----------------------------------------------------------------
    def windows(self, step: int) -> np.ndarray:
        """The (batch_size, seq_len + 1) character ids that training step ``step`` learns from."""
        tf = get_tf()
        return self._windows(tf.constant(self.seed % (2**31), tf.int32), tf.constant(step, tf.int32)).numpy()

    def _windows(self, seed, step):
        tf = get_tf()
        starts = tf.random.stateless_uniform(
            [self.batch_size],
            seed=tf.stack([seed, step]),
            maxval=self.n_chars - self.seq_len - 1,
            dtype=tf.int32,
        )
        return tf.gather(self._data, starts[:, None] + tf.range(self.seq_len + 1)[None, :])

    def _make_train_fn(self):
        tf = get_tf()
        net, opt = self.network, self.optimizer
        variables = net.trainable_variables

        def train(seed, first, count):
            losses = tf.TensorArray(tf.float32, size=count)
            for i in tf.range(count):
                w = self._windows(seed, first + i)
                with tf.GradientTape() as tape:
                    logits = net(w[:, :-1], training=True)
                    loss = tf.reduce_mean(
                        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=w[:, 1:], logits=logits)
                    )
                opt.apply(tape.gradient(loss, variables), variables)
                losses = losses.write(i, loss)
            return losses.stack()

        return tf.function(
            train,
            input_signature=[tf.TensorSpec([], tf.int32)] * 3,
        )

    def train(self, first_step: int, count: int) -> np.ndarray:
        """Train steps ``first_step .. first_step + count - 1``; returns their losses (nats/char)."""
        tf = get_tf()
        seed = tf.constant(self.seed % (2**31), tf.int32)
        return self._train_fn(seed, tf.constant(first_step, tf.int32), tf.constant(count, tf.int32)).numpy()

    def loss_on(self, ids: np.ndarray) -> float:
        """Mean next-character cross-entropy on (batch, seq_len + 1) ids (no training)."""
        tf = get_tf()
        w = tf.constant(np.asarray(ids, np.int32))
        logits = self.network(w[:, :-1], training=False)
        return float(
            tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=w[:, 1:], logits=logits))
        )

    # ---- prediction and sampling ----------------------------------------------------
    def _step(self, ids, states):
        """One character per row: ids (B,) -> logits (B, V), the cell's new states."""
        h, new_states = self._cell(self._embedding(ids), states, training=False)
        return self._dense(h), list(new_states) if isinstance(new_states, list | tuple) else [new_states]

    def _zero_states(self, rows):
        tf = get_tf()
        n = 2 if self.cell_kind == "lstm" else 1
        return [tf.zeros([rows, self._cell.units]) for _ in range(n)]

    def _make_generate_fn(self):
        tf = get_tf()

        def generate(prefix, length, temps, seed):
            rows = tf.shape(temps)[0]
            states = self._zero_states(rows)
            for t in tf.range(tf.shape(prefix)[0] - 1):
                _, states = self._step(tf.fill([rows], prefix[t]), states)
            current = tf.fill([rows], prefix[-1])
            out = tf.TensorArray(tf.int32, size=length)
            safe = tf.maximum(temps, 1e-6)[:, None]  # T = 0 never divides: argmax below
            for i in tf.range(length):
                logits, states = self._step(current, states)
                drawn = tf.random.stateless_categorical(
                    logits / safe, 1, seed=tf.stack([seed[0], seed[1] + i]), dtype=tf.int32
                )[:, 0]
                greedy = tf.argmax(logits, axis=-1, output_type=tf.int32)
                current = tf.where(temps > 0, drawn, greedy)
                out = out.write(i, current)
            return tf.transpose(out.stack())

        return tf.function(
            generate,
            input_signature=[
                tf.TensorSpec([None], tf.int32),
                tf.TensorSpec([], tf.int32),
                tf.TensorSpec([None], tf.float32),
                tf.TensorSpec([2], tf.int32),
            ],
        )

    def readable(self, prefix: str) -> str:
        """The prefix as the model reads it: characters the vocabulary lacks are skipped; if
        none is left, the text's most frequent character (never empty)."""
        kept = "".join(c for c in prefix if c in self.vocab.index)
        return kept or self.vocab.chars[int(np.argmax(self.vocab.counts))]

    def prefix_ids(self, prefix: str) -> np.ndarray:
        return self.vocab.encode(self.readable(prefix))

    def generate(self, prefix: str, length: int, temperatures, seed: int, call: int = 0) -> list[str]:
        """One sample per temperature, each ``length`` characters that follow ``prefix``.

        Seeded: the same (seed, call) gives the same samples; ``T = 0`` is greedy (argmax)."""
        tf = get_tf()
        temps = tf.constant(np.asarray(temperatures, np.float32).reshape(-1))
        seeds = tf.constant([seed % (2**31), (call * _SEED_STRIDE) % (2**31 - length)], tf.int32)
        ids = self._generate_fn(
            tf.constant(self.prefix_ids(prefix)), tf.constant(length, tf.int32), temps, seeds
        )
        return [self.vocab.decode(row) for row in ids.numpy()]

    def next_logits(self, prefix: str) -> np.ndarray:
        """The (V,) logits of the character after ``prefix`` (the whole network, as trained)."""
        tf = get_tf()
        return self._logits_fn(tf.constant(self.prefix_ids(prefix))).numpy().astype(np.float64)

    def next_probs(self, prefix: str, temperature: float = 1.0) -> np.ndarray:
        """The sampling distribution of the next character at ``temperature`` (0: one-hot argmax)."""
        return tempered(self.next_logits(prefix), temperature)

    def step_logits(self, prefix: str) -> np.ndarray:
        """The same logits as :meth:`next_logits`, from the cell stepped one character at a time
        (the generator's path; a test checks both agree)."""
        tf = get_tf()
        states = self._zero_states(1)
        logits = None
        for i in self.prefix_ids(prefix):
            logits, states = self._step(tf.constant([i], tf.int32), states)
        return logits.numpy()[0].astype(np.float64)


def param_breakdown(cell: str, vocab_size: int, units: int) -> list[tuple[str, str, int]]:
    """(layer, formula, count) of :func:`build_network`'s weights, from the layers' equations.

    A GRU (Keras's ``reset_after=True``) has 3 gates, each with an input kernel, a recurrent
    kernel and two biases; an LSTM has 4 gates with one bias each. A test checks these counts
    against Keras's ``count_params()``.
    """
    v, e, u = vocab_size, EMBED_DIM, units
    if cell == "gru":
        rnn = ("GRU", f"3·(E·u + u·u + 2u) = 3·({e}·{u} + {u}·{u} + 2·{u})", 3 * (e * u + u * u + 2 * u))
    else:
        rnn = ("LSTM", f"4·(E·u + u·u + u) = 4·({e}·{u} + {u}·{u} + {u})", 4 * (e * u + u * u + u))
    return [
        ("Embedding", f"V·E = {v}·{e}", v * e),
        rnn,
        ("Dense (logits)", f"u·V + V = {u}·{v} + {v}", u * v + v),
    ]
