"""The Keras program of what the attention page trains, for learners to copy (it runs as is)."""

from __future__ import annotations

from engine.sequences.attention.config import BATCH_SIZE, AttentionConfig
from engine.sequences.attention.model import EMBED_DIM

_TARGET = {"reverse": "x[::-1]", "copy": "x.copy()", "sort": "np.sort(x)"}


def keras_code(cfg: AttentionConfig) -> str:
    """A standalone program: the data, the encoder-decoder with attention, ``fit``, greedy decoding."""
    layer = "GRU" if cfg.cell == "gru" else "LSTM"
    attention = "Attention" if cfg.score == "dot" else "AdditiveAttention"
    digits = ", ".join(str(int(d)) for d in cfg.example_digits)
    return f"""import numpy as np
import keras
from keras import layers

PAD, SOS, EOS, VOCAB = 0, 11, 12, 13  # tokens 1..10 are the digits 0..9
rng = np.random.default_rng({cfg.seed})


def make_data(n, min_len, max_len):
    \"\"\"{cfg.task} digit strings: encoder input, decoder input (<sos> + answer), target (answer + <eos>).\"\"\"
    enc = np.zeros((n, max_len), "int32")
    dec_in = np.zeros((n, max_len + 1), "int32")
    target = np.zeros((n, max_len + 1), "int32")
    for i in range(n):
        x = rng.integers(0, 10, size=rng.integers(min_len, max_len + 1))
        y = {_TARGET[cfg.task]}
        enc[i, : len(x)] = x + 1
        dec_in[i, 0] = SOS
        dec_in[i, 1 : len(y) + 1] = y + 1
        target[i, : len(y)] = y + 1
        target[i, len(y)] = EOS
    return enc, dec_in, target


enc, dec_in, target = make_data({cfg.n_train}, {cfg.min_len}, {cfg.max_len})

# Encoder: one state h_j per input digit; its final state starts the decoder.
enc_tokens = keras.Input((None,), dtype="int32")
dec_tokens = keras.Input((None,), dtype="int32")
enc_seq, *enc_state = layers.{layer}({cfg.units}, return_sequences=True, return_state=True)(
    layers.Embedding(VOCAB, {EMBED_DIM}, mask_zero=True)(enc_tokens)
)
dec_seq, *_ = layers.{layer}({cfg.units}, return_sequences=True, return_state=True)(
    layers.Embedding(VOCAB, {EMBED_DIM}, mask_zero=True)(dec_tokens), initial_state=enc_state
)
# Attention: each decoder state s_t (query) scores every encoder state h_j (keys and values).
context, weights = layers.{attention}()([dec_seq, enc_seq], return_attention_scores=True)
hidden = layers.Dense({cfg.units}, activation="tanh")(layers.Concatenate()([dec_seq, context]))
# Without attention, the decoder sees only enc_state: hidden = layers.Dense({cfg.units}, activation="tanh")(dec_seq)
logits = layers.Dense(VOCAB)(hidden)
model = keras.Model([enc_tokens, dec_tokens], logits)
attention_of = keras.Model([enc_tokens, dec_tokens], weights)
print(model.count_params(), "parameters")

model.compile(
    optimizer=keras.optimizers.Adam({cfg.learning_rate!r}, global_clipnorm=5.0),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
)
# Teacher forcing: the decoder reads the true previous token; padding does not count.
model.fit([enc, dec_in], target, sample_weight=(target != PAD).astype("float32"),
          batch_size={BATCH_SIZE}, epochs={cfg.epochs}, verbose=2)


def greedy(digits):
    \"\"\"Decode step by step, feeding back the model's own previous output.\"\"\"
    x = np.array([[d + 1 for d in digits]], "int32")
    out = [SOS]
    for _ in range(len(digits) + 1):
        step_logits = model.predict([x, np.array([out], "int32")], verbose=0)
        out.append(int(step_logits[0, -1].argmax()))
    return x, np.array([out[:-1]], "int32"), out[1:]


x, dec, answer = greedy([{digits}])
print("output:", [t - 1 if 0 < t < SOS else "<eos>" for t in answer])
print("attention weights (output step x input position):")
print(np.round(attention_of.predict([x, dec], verbose=0)[0], 2))
"""
