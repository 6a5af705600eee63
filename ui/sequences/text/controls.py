"""The character-level text page's controls: the sidebar, the learner's own text, the session's run."""

from __future__ import annotations

import streamlit as st

from engine.sequences.text.config import MAX_PREFIX, TextConfig
from engine.sequences.text.corpus import (
    MAX_CHARS,
    MAX_UPLOAD_BYTES,
    Corpus,
    TextProblem,
    builtin_corpus,
    check_text,
    read_upload,
)
from ui.live.kit import session_run
from ui.url_state import PageState

VIEW = "char_rnn"
STATE = PageState("pages/char_rnn.py", TextConfig)
LIVE_NOTE = "Changes live"


def sidebar() -> TextConfig:
    """The settings; returns the validated config."""
    with st.sidebar:
        st.header("Text and model")
        STATE.widget("corpus", horizontal=False)
        for name in ("cell", "units", "seq_len", "batch_size", "learning_rate", "seed"):
            STATE.widget(name)
        st.header("Sampling and length")
        st.caption(f"{LIVE_NOTE}, on the running model.")
        st.text_input(
            TextConfig.field_info("prefix").spec.label,
            key=STATE.key("prefix"),
            max_chars=MAX_PREFIX,
            help=TextConfig.field_info("prefix").spec.help,
        )
        for name in ("temperature", "sample_len", "steps"):
            STATE.widget(name)
    return STATE.config()


@st.cache_data(max_entries=4, show_spinner=False)
def _checked(text: str, source: str) -> tuple[Corpus | None, str]:
    try:
        return check_text(text, source), ""
    except TextProblem as err:
        return None, str(err)


@st.cache_data(max_entries=4, show_spinner=False)
def _checked_upload(name: str, data: bytes) -> tuple[Corpus | None, str]:
    try:
        return read_upload(name, data), ""
    except TextProblem as err:
        return None, str(err)


def own_text() -> tuple[Corpus | None, str]:
    """The learner's text (an upload wins over the text box): the corpus, or why it cannot be used."""
    left, right = st.columns([3, 2])
    pasted = left.text_area(
        "Paste your text",
        key=STATE.key("own_text"),
        height=150,
        max_chars=MAX_CHARS,
        placeholder="A few paragraphs at least: a book chapter, your notes, some code…",
    )
    upload = right.file_uploader(
        f"…or upload a text file (UTF-8, up to {MAX_UPLOAD_BYTES // 1_000_000} MB)",
        type=["txt", "md", "py", "csv", "json", "html", "tex", "rst"],
        key=STATE.key("upload"),
    )
    if upload is not None:
        if upload.size > MAX_UPLOAD_BYTES:
            return (
                None,
                f"{upload.name} is {upload.size / 1e6:.1f} MB: the limit is {MAX_UPLOAD_BYTES / 1e6:.0f} MB.",
            )
        return _checked_upload(upload.name, upload.getvalue())
    return _checked(pasted or "", "the text you pasted")


def load_corpus(cfg: TextConfig) -> tuple[Corpus | None, str]:
    """The text ``cfg`` asks for, or (None, why not)."""
    if cfg.corpus == "own":
        return own_text()
    try:
        return builtin_corpus(cfg.corpus), ""
    except TextProblem as err:  # pragma: no cover - a stripped Python install
        return None, str(err)


def text_run(cfg: TextConfig, corpus: Corpus):
    """The session's run for ``cfg`` and ``corpus`` (a new one when the model or the text changed)."""

    def build(config: TextConfig):
        from engine.sequences.text.run import TextRun

        return TextRun(config, corpus)

    return session_run(
        VIEW,
        cfg,
        build,
        reuse=lambda run: run.config.model_key() == cfg.model_key() and run.corpus.digest == corpus.digest,
        spinner="Building and compiling the model… (the first time loads TensorFlow: a few seconds)",
    )
