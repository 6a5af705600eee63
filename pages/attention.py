"""Attention: an encoder-decoder with and without attention, trained side by side live on a digit task."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from engine.live.run import RunStatus
from engine.sequences.attention.codegen import keras_code
from engine.sequences.attention.config import AttentionConfig
from engine.sequences.attention.data import TASKS, parse_digits, target_digits
from engine.sequences.attention.presets import PRESETS
from ui.live.controls import current_run, reset_run
from ui.live.kit import session_run, transport_bar
from ui.live.session import session_runs
from ui.live.view import live_view
from ui.numbers import count
from ui.page_kit import preset_rows, share_tab
from ui.sequences.attention.explain import render_equations
from ui.url_state import PageState

STATE = PageState(__file__, AttentionConfig)
VIEW = "attention"
FINISHED_HINT = "All epochs done: raise **Epochs** to keep training, or press Reset."


def _build(cfg: AttentionConfig):
    from engine.sequences.attention.run import AttentionRun

    return AttentionRun(cfg)


@st.fragment(run_every=1.0)
def _watch_training(run_id: int) -> None:
    """While training, look once a second whether it stopped; then rerun for fresh equations."""
    run = current_run(VIEW)
    if run is None or run.run_id != run_id or not run.playing:
        st.rerun()


def _sidebar() -> None:
    with st.sidebar:
        st.header("The task")
        for name in ("task", "min_len", "max_len"):
            STATE.widget(name)
        st.header("The two networks")
        for name in ("cell", "score", "units"):
            STATE.widget(name)
        st.header("Training")
        for name in ("learning_rate", "n_train", "epochs", "seed"):
            STATE.widget(name)


def _example_controls() -> None:
    """The example (free text, validated by the config) and the output step (at most L + 1)."""
    left, right = st.columns([1.2, 2.0], vertical_alignment="bottom")
    left.text_input(
        AttentionConfig.field_info("example").spec.label,
        key=STATE.key("example"),
        max_chars=200,
        help=AttentionConfig.field_info("example").spec.help,
    )
    try:
        steps = len(parse_digits(STATE.value("example"))) + 1
    except ValueError:
        steps = len(STATE.last.example_digits) + 1
    if STATE.value("out_step") > steps:
        STATE.set(out_step=steps)
    STATE.widget(
        "out_step",
        right,
        max_value=steps,
        help=f"1 to {steps} (the digits, then <eos>): its row is outlined and its arithmetic spelled out.",
    )


def _data_tab(cfg: AttentionConfig, run) -> None:
    s = run.train_set
    st.markdown(
        f"**Generated, no download**: {cfg.n_train} training inputs of {cfg.min_len} to {cfg.max_len} random "
        f"digits (numpy, seed {cfg.seed}), each with its answer. Accuracy vs length is measured on a separate "
        f"set (seed {cfg.seed + 1}) of 30 inputs of every length from 1 to {max(cfg.eval_lengths)}."
    )
    rows = []
    for i in range(8):
        digits = s.enc[i, : s.lengths[i]] - 1
        rows.append(
            {
                "input": " ".join(map(str, digits)),
                "target": " ".join(map(str, target_digits(cfg.task, digits))) + " <eos>",
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="content")


st.title("Attention: learning where to look")
STATE.open()
_sidebar()
st.markdown(
    "An **encoder-decoder** reads a string of digits and writes the answer one digit at a time. The "
    "**plain** model must squeeze the whole input into one fixed-size vector (the encoder's last state); "
    "the **attention** model looks back at every input position at every output step. Both train side by "
    "side on the same batches from the same seed. Press **Play** and watch the attention weights align."
)
with st.expander("What to try: four experiments, one click each", icon=":material/science:"):
    preset_rows(STATE, PRESETS, after=lambda: reset_run(VIEW))
_example_controls()
cfg = STATE.config()
STATE.remember(cfg)
run = session_run(
    VIEW,
    cfg,
    _build,
    reuse=lambda r: r.config.model_key() == cfg.model_key(),
    spinner="Building the two networks… (the first time loads TensorFlow: a few seconds)",
)
snap = run.snapshot()
transport_bar(
    STATE,
    VIEW,
    run,
    step_help="Train exactly one epoch (both models). The first Play or Step compiles the models (a few seconds).",
    reset_help="Back to epoch 0 with the seed's initial weights.",
    finished_hint=FINISHED_HINT,
)
done = st.container()  # always present, so the live view below keeps its place (no remount)
if snap.status == RunStatus.FINISHED:
    done.success(f"Done: {count(snap.epoch, 'epoch')}.", icon=":material/check:")
live_view(session_runs().token, VIEW)
if run.playing:
    _watch_training(run.run_id)
plain_params, attn_params = snap.n_params
st.caption(
    f"Task: **{TASKS[cfg.task]}**. Data generated from seed {cfg.seed} (no download). Both models: "
    f"Embedding(13, 16) → {cfg.cell.upper()}({cfg.units}) encoder and decoder, Adam({cfg.learning_rate:g}), "
    f"batches of 64, teacher forcing; evaluated by greedy decoding. Plain: {plain_params:,} parameters; "
    f"with attention: {attn_params:,} (Keras `count_params()`)."
)

math_tab, code_tab, data_tab, link_tab = st.tabs(["How it works", "Keras code", "Data", "Share"])
with math_tab:
    if run.playing:
        st.caption(
            "Training: the numbers below are from when the page last updated; pause for the current ones."
        )
    render_equations(snap, run.explain_step(cfg.out_step))
with code_tab:
    st.markdown(
        "The attention model in plain Keras (`model.fit` with teacher forcing, then greedy decoding step by step). "
        "A comment shows the one line that makes it the plain model:"
    )
    st.code(keras_code(cfg), language="python")
with data_tab:
    _data_tab(cfg, run)
with link_tab:
    share_tab(
        STATE, cfg, "This link opens exactly this experiment (task, lengths, networks, seed and example):"
    )
