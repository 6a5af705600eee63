"""Character-level text model: a GRU/LSTM learns to write, live, from text every Python install has."""

from __future__ import annotations

import streamlit as st

from engine.sequences.text.config import CELLS
from engine.sequences.text.corpus import CORPORA, Vocabulary
from engine.sequences.text.presets import PRESETS
from ui.live.kit import transport_bar
from ui.live.session import session_runs
from ui.live.view import live_view
from ui.page_kit import preset_rows, share_tab
from ui.sequences.text.controls import STATE, VIEW, load_corpus, sidebar, text_run
from ui.sequences.text.explain import keras_code, render_data, render_math

st.title("Character-level text model")
STATE.open()
cfg = sidebar()
STATE.remember(cfg)
st.markdown(
    f"A small recurrent network (**{CELLS[cfg.cell]}**, {cfg.units} units) reads text one character at a "
    "time and learns to predict the next one. Press **Play**: within a minute or two its samples turn from "
    "noise into words. The **temperature** trades safety for invention."
)
corpus, problem = load_corpus(cfg)
run = snap = None
if corpus is None:
    session_runs().replace(VIEW, None)
    st.error(problem, icon=":material/block:")
else:
    st.caption(
        f"Text: **{CORPORA[corpus.name]}**, {len(corpus.text):,} characters from {corpus.source} (offline, nothing "
        "downloaded). One step = one batch of random windows and one Adam update."
    )
    for note in corpus.notes:
        st.info(note, icon=":material/info:")
    with st.expander(
        f"What to try ({len(PRESETS)} experiments)", expanded=False, icon=":material/lightbulb:"
    ):
        preset_rows(STATE, PRESETS)
    run = text_run(cfg, corpus)
    snap = run.snapshot()
    if snap.prefix_skipped:
        st.warning(
            f"The text has no {', '.join(repr(c) for c in snap.prefix_skipped)}: the model reads the prefix "
            f"as {snap.prefix_used!r}.",
            icon=":material/warning:",
        )
    transport_bar(
        STATE,
        VIEW,
        run,
        step_help="Pause and train exactly one step (one batch, one update); the samples are redrawn.",
        reset_help="Back to step 0 with the seed's initial weights.",
        caption=f"{snap.n_params:,} parameters · {snap.vocab_size} distinct characters · seed {cfg.seed}. "
        "Temperature, prefix, sample length and steps change live; the other settings start a new model.",
    )
    live_view(session_runs().token, VIEW)

math_tab, code_tab, data_tab, link_tab = st.tabs(["How it works", "Keras code", "Data", "Share"])
with math_tab:
    if snap is not None:
        render_math(snap)
    else:
        st.info("Give the page a text it can learn from (see the message above).")
with code_tab:
    st.markdown(
        "The same model in plain Keras, trained on Python's documentation (a few steps only: raise "
        "`STEPS`), then sampled at your temperature:"
    )
    st.code(keras_code(cfg), language="python")
with data_tab:
    if corpus is not None:
        render_data(corpus, run.vocab if run is not None else Vocabulary.from_text(corpus.text))
    else:
        st.info("No usable text yet.")
with link_tab:
    share_tab(
        STATE,
        cfg,
        "This link opens exactly this experiment (text, model, training, sampling, seed). Your own pasted "
        "text is not in the link: whoever opens it pastes theirs.",
    )
