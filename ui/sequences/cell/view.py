"""Sections of the recurrent-cell page: sidebar, sequence box, step bar, BPTT panel and the tabs."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import streamlit as st

from engine.sequences.cell.analysis import CellRun, run_all
from engine.sequences.cell.cells import readout
from engine.sequences.cell.config import (
    ACTIVATIONS,
    CELLS,
    SOURCES,
    WRT,
    CellConfig,
    format_sequence,
    make_sequence,
    parse_sequence,
)
from ui.sequences.cell.equations import backward_latex
from ui.sequences.cell.figures import ROWS, clipping_figure, gradient_figure, row_values
from ui.url_state import PageState

PLAIN = {"displayModeBar": False}


@st.cache_resource(max_entries=64, show_spinner=False)
def _runs(cfg: CellConfig) -> dict[str, CellRun]:
    return run_all(cfg)


def runs_for(cfg: CellConfig) -> dict[str, CellRun]:
    """All three cells for the page's settings (cached; the step, view and shown cell are not part of the key)."""
    return _runs(dataclasses.replace(cfg, step=1, wrt="state", cell="rnn"))


# --------------------------------------------------------------------------- sidebar


def _typed(state: PageState) -> None:
    """The sequence box's callback: use the typed numbers, or remember why not."""
    values, why = parse_sequence(st.session_state[state.key("x_text")])
    if values is None:
        st.session_state[state.key("x_error")] = why
        return
    state.set(sequence=values, source="custom")
    st.session_state.pop(state.key("x_error"), None)


def _current(state: PageState) -> CellConfig:
    try:
        return state.raw_config().validated()
    except (TypeError, ValueError):
        return state.last


def sequence_box(state: PageState) -> None:
    """The typed sequence: shows the current one (any source); typing switches to "My own numbers"."""
    error = st.session_state.pop(state.key("x_error"), None)
    if error is None:
        st.session_state[state.key("x_text")] = format_sequence(make_sequence(_current(state)))
    st.text_area(
        "The numbers x_1, x_2, ... (edit them)",
        key=state.key("x_text"),
        on_change=_typed,
        args=(state,),
        height=90,
        help="Comma-separated numbers, each within ±10, 2 to 60 of them. Press Ctrl+Enter or click away to use them.",
    )
    if error is not None:
        st.error(
            f"Your numbers were not used: {error}. The last working sequence is kept.",
            icon=":material/block:",
        )


def sidebar(state: PageState) -> None:
    with st.sidebar:
        st.header("Input sequence")
        state.widget("source", format_func=SOURCES.get)
        state.widget("length", disabled=state.value("source") == "custom")
        sequence_box(state)
        st.header("Weights")
        state.widget("units")
        state.widget("scale")
        state.widget("seed")
        state.widget("activation", format_func=ACTIVATIONS.get)
        state.widget("forget_bias")


def step_bar(state: PageState, n_steps: int) -> int:
    """The time-step slider with one-step buttons; returns the step."""
    if state.value("step") > n_steps:
        state.set(step=n_steps)
    step = int(state.value("step"))
    left, mid, right = st.columns([1, 12, 1], vertical_alignment="bottom")
    left.button(
        "◀",
        key=state.key("prev"),
        on_click=state.set,
        kwargs={"step": max(1, step - 1)},
        disabled=step <= 1,
        help="One step back",
    )
    mid.slider("Time step t", 1, n_steps, key=state.key("step"))
    right.button(
        "▶",
        key=state.key("next"),
        on_click=state.set,
        kwargs={"step": min(n_steps, step + 1)},
        disabled=step >= n_steps,
        help="One step forward",
    )
    return int(state.value("step"))


# --------------------------------------------------------------------------- BPTT


def _ratio_text(value: float) -> str:
    return "–" if not np.isfinite(value) else f"{value:.2g}×"


def bptt_section(state: PageState, cfg: CellConfig, runs: dict[str, CellRun]) -> None:
    """The gradient reaching every earlier step (all three cells), one step back, and clipping."""
    st.subheader("Backpropagation through time")
    st.markdown(
        "The loss sits on the **last** step: $y = v \\cdot h_T$, $L = \\tfrac12 (y - 1)^2$. Going back one "
        "step multiplies the gradient by that step's Jacobian, so after many steps it shrinks or grows "
        "geometrically. All three cells: same sequence, seed and recurrent weight scale."
    )
    a, b = st.columns([3, 2])
    state.widget("wrt", a, format_func=WRT.get)
    state.widget("clip", b, format_func=lambda v: "off" if v == 0 else f"{v:g}")
    st.plotly_chart(gradient_figure(runs, cfg.wrt, cfg.cell, cfg.step), config=PLAIN)
    cols = st.columns(3)
    for col, (kind, run) in zip(cols, runs.items(), strict=True):
        col.metric(
            f"{CELLS[kind]}: step 1 vs step {cfg.n_steps}",
            _ratio_text(run.ratio(cfg.wrt)),
            help="The gradient norm reaching step 1, divided by the one at the last step.",
        )
    run = runs[cfg.cell]
    st.markdown(f"One step back with the **{CELLS[cfg.cell]}**, from step {cfg.step} to step {cfg.step - 1}:")
    st.latex(backward_latex(run, cfg.step))
    clip_panel(cfg, run)


def clip_panel(cfg: CellConfig, run: CellRun) -> None:
    st.markdown(
        f"**Gradient clipping** ({CELLS[cfg.cell]}). dL/dU is a sum of one term per step; clipping scales "
        "the whole weight gradient by one factor when its norm passes the threshold "
        "(`tf.clip_by_global_norm`, or an optimizer's `global_clipnorm`)."
    )
    left, right = st.columns([3, 1])
    with left:
        st.plotly_chart(clipping_figure(run), config=PLAIN)
    with right:
        st.metric("Gradient norm", f"{run.grads.global_norm:.3g}")
        st.metric("Threshold", "off" if cfg.clip == 0 else f"{cfg.clip:g}")
        st.metric("After clipping", f"{run.clipped_norm:.3g}", f"× {run.factor:.3g}", delta_color="off")


# --------------------------------------------------------------------------- tabs


def numbers_tab(run: CellRun) -> None:
    """Every number of the heatmaps as a table (one row per step)."""
    tr = run.trace
    cols = {"t": np.arange(1, tr.n_steps + 1), "x_t": tr.x[:, 0]}
    for label, key, _ in ROWS[run.kind]:
        values = row_values(tr, key)
        for j in range(values.shape[1]):
            cols[f"{label.split()[-1]}[{j + 1}]"] = values[:, j]
    st.dataframe(pd.DataFrame(cols).round(4), hide_index=True, height=min(36 * (tr.n_steps + 1) + 4, 600))


def keras_tab(state: PageState, cfg: CellConfig, run: CellRun) -> None:
    st.markdown(
        f"Builds a Keras `{CELLS[cfg.cell]}` layer (float64) with exactly these weights, runs it on the sequence "
        "and takes the gradients with `tf.GradientTape`, then compares them with this page's numpy numbers. "
        "The first check loads TensorFlow (a few seconds)."
    )
    if not st.button("Check against Keras", key=state.key("keras_check"), icon=":material/fact_check:"):
        return
    from engine.sequences.cell.keras_check import check_against_keras  # loads TensorFlow

    with st.spinner("Running the Keras layer..."):
        result = check_against_keras(run, readout(cfg.units, cfg.seed))
    a, b, c = st.columns(3)
    a.metric("States h_t: largest difference", f"{result.states:.1e}")
    b.metric("dL/dx_t: largest (relative)", f"{result.input_grads:.1e}")
    c.metric("dL/dW, dL/dU, dL/db (relative)", f"{result.weight_grads:.1e}")
    if result.worst < 1e-6:
        st.success(f"numpy and Keras's {result.layer} agree to {result.worst:.0e} (within 1e-6).")
    else:
        st.warning(f"numpy and Keras differ by {result.worst:.1e}.")
