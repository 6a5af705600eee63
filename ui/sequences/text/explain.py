"""The character-level text page's teaching text: equations with the live numbers, the Keras code,
and what the text is."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from engine.sequences.text.config import CELLS, TextConfig
from engine.sequences.text.corpus import CORPORA, Corpus, Vocabulary
from engine.sequences.text.model import CLIP_NORM, EMBED_DIM, param_breakdown
from engine.sequences.text.run import TextSnapshot

_CELL_TEX = {
    "gru": r"""\begin{aligned}
z_t &= \sigma(W_z x_t + U_z h_{t-1} + b_z) &&\text{update gate}\\
r_t &= \sigma(W_r x_t + U_r h_{t-1} + b_r) &&\text{reset gate}\\
\tilde h_t &= \tanh\big(W_h x_t + r_t \odot (U_h h_{t-1} + b'_h) + b_h\big)\\
h_t &= z_t \odot h_{t-1} + (1 - z_t) \odot \tilde h_t
\end{aligned}""",
    "lstm": r"""\begin{aligned}
i_t, f_t, o_t &= \sigma(W_{i,f,o}\, x_t + U_{i,f,o}\, h_{t-1} + b_{i,f,o}) &&\text{input, forget, output gates}\\
c_t &= f_t \odot c_{t-1} + i_t \odot \tanh(W_c x_t + U_c h_{t-1} + b_c) &&\text{cell state}\\
h_t &= o_t \odot \tanh(c_t)
\end{aligned}""",
}


def _visible(ch: str) -> str:
    return {" ": "space", "\n": "newline", "\t": "tab"}.get(ch, ch)


def render_math(snap: TextSnapshot) -> None:
    """The model's equations, the loss and perplexity with the live numbers, the parameter count."""
    cfg = snap.config
    st.markdown(
        f"Each character becomes a vector $x_t$ (an embedding of size E = {EMBED_DIM}); the "
        f"**{CELLS[cfg.cell]}** with u = {cfg.units} units updates its hidden state one character at a time:"
    )
    st.latex(_CELL_TEX[cfg.cell])
    st.markdown(
        f"A Dense layer turns $h_t$ into one score (logit) $z_i$ per character of the vocabulary "
        f"(V = {snap.vocab_size}); the next character is drawn from the softmax **at temperature T**:"
    )
    t = cfg.temperature
    t_text = r"T = 0:\ \hat x_{t+1} = \arg\max_i z_i\ \text{(greedy)}" if t == 0 else f"T = {t:g}"
    st.latex(r"p_i = \frac{e^{z_i / T}}{\sum_j e^{z_j / T}}, \qquad " + t_text)
    st.markdown(
        "T < 1 sharpens the distribution (safe, repetitive), T > 1 flattens it (inventive, misspelled); "
        "as T → 0 all the probability goes to the largest logit, so T = 0 is computed as the argmax "
        "(no division by zero)."
    )
    loss = snap.loss
    if math.isfinite(loss):
        st.latex(
            rf"\mathcal L = -\frac{{1}}{{N}}\sum_t \ln p(x_{{t+1}} \mid x_{{\le t}}) = {loss:.3f}"
            rf"\ \text{{nats/char}}, \qquad e^{{\mathcal L}} = {snap.perplexity:.2f}\ \text{{(perplexity)}}"
        )
    else:
        st.latex(
            r"\mathcal L = -\frac{1}{N}\sum_t \ln p(x_{t+1} \mid x_{\le t}), \qquad e^{\mathcal L}\ \text{(perplexity)}"
        )
    st.markdown(
        f"Perplexity {snap.perplexity:.2f} means the model is as unsure as a fair pick among that many "
        f"characters. Untrained it guesses uniformly: ln V = ln {snap.vocab_size} = {snap.uniform_loss:.3f} "
        f"(perplexity {snap.vocab_size}); knowing only how common each character is gives "
        f"{snap.unigram_loss:.3f} (perplexity {math.exp(snap.unigram_loss):.1f}). Below that line, the "
        "model uses the characters before."
        if math.isfinite(loss)
        else f"Untrained, the model guesses about uniformly: ln V = ln {snap.vocab_size} = {snap.uniform_loss:.3f}."
    )
    st.markdown(
        f"**Training.** Each step draws {cfg.batch_size} random windows of {cfg.seq_len + 1} characters, "
        f"predicts every next character (teacher forcing), backpropagates through the {cfg.seq_len} time "
        f"steps and takes one Adam step (learning rate {cfg.learning_rate:g}, gradient norm clipped at "
        f"{CLIP_NORM:g}). Sampling steps the cell one character at a time, feeding each drawn character back in."
    )
    rows = param_breakdown(cfg.cell, snap.vocab_size, cfg.units)
    table = pd.DataFrame(rows, columns=["Layer", "Parameters", "Count"])
    st.dataframe(table, hide_index=True, width="content")
    st.caption(f"Total: {sum(r[2] for r in rows):,} parameters (Keras's count_params(): {snap.n_params:,}).")


def keras_code(cfg: TextConfig) -> str:
    """A standalone Keras program that trains this page's model on the docs and samples from it."""
    layer = CELLS[cfg.cell]
    prefix = cfg.prefix if cfg.corpus == "docs" else "The "
    return f'''import numpy as np
import keras
from pydoc_data.topics import topics  # Python's documentation, in every install

text = "\\n\\n".join(topics[k].strip("\\n") for k in sorted(topics))
chars = sorted(set(text))
index = {{c: i for i, c in enumerate(chars)}}
ids = np.array([index[c] for c in text], dtype="int32")

SEQ, BATCH, STEPS = {cfg.seq_len}, {cfg.batch_size}, 20  # the page trains {cfg.steps:,} steps
rng = np.random.default_rng({cfg.seed})


def batch():
    """BATCH random windows of SEQ + 1 characters: inputs and the next characters."""
    starts = rng.integers(0, len(ids) - SEQ - 1, BATCH)
    w = ids[starts[:, None] + np.arange(SEQ + 1)]
    return w[:, :-1], w[:, 1:]


model = keras.Sequential([
    keras.Input((None,), dtype="int32"),
    keras.layers.Embedding(len(chars), {EMBED_DIM}),
    keras.layers.{layer}({cfg.units}, return_sequences=True),
    keras.layers.Dense(len(chars)),  # one logit per character
])
model.compile(
    keras.optimizers.Adam({cfg.learning_rate:g}, global_clipnorm={CLIP_NORM:g}),
    keras.losses.SparseCategoricalCrossentropy(from_logits=True),
)
for step in range(STEPS):
    loss = float(model.train_on_batch(*batch()))
print(f"loss {{loss:.3f}} nats/char, perplexity {{np.exp(loss):.1f}}")


def sample(prefix, n=40, temperature={cfg.temperature:g}):
    """Simple but slow: re-reads the whole text for every character (the page steps the cell)."""
    out = prefix
    for _ in range(n):
        logits = np.asarray(model(np.array([[index[c] for c in out]]))[0, -1], dtype="float64")
        if temperature == 0:  # greedy: the most likely character
            nxt = int(np.argmax(logits))
        else:
            p = np.exp((logits - logits.max()) / temperature)
            nxt = int(rng.choice(len(chars), p=p / p.sum()))
        out += chars[nxt]
    return out


print(sample({prefix!r}))
'''


def render_data(corpus: Corpus, vocab: Vocabulary) -> None:
    """Where the text comes from, its size and its most common characters."""
    st.markdown(
        f"**{CORPORA[corpus.name]}** · {len(corpus.text):,} characters · from {corpus.source}. Nothing is downloaded."
    )
    for note in corpus.notes:
        st.info(note, icon=":material/info:")
    total = sum(vocab.counts)
    ranked = sorted(zip(vocab.chars, vocab.counts, strict=True), key=lambda kv: -kv[1])[:15]
    st.dataframe(
        pd.DataFrame(
            {
                "Character": [_visible(c) for c, _ in ranked],
                "Share": [f"{100 * n / total:.2f} %" for _, n in ranked],
            }
        ),
        hide_index=True,
        width="content",
    )
    st.markdown("The beginning of the text:")
    st.code(corpus.text[:600], language=None)
