"""Logic gates with one neuron: AND, OR, NAND by hand or trained; XOR needs a hidden layer."""

from __future__ import annotations

import numpy as np
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from engine.neuron import gates
from engine.neuron.config import WEIGHT_LIMIT, GatesConfig
from ui.neuron.codegen import gates_code
from ui.neuron.figures import hidden_space_figure, network_figure, neuron_figure, training_figure
from ui.neuron.gates_view import (
    hidden_table,
    render_neuron_sums,
    train_net_cached,
    train_single_cached,
    truth_frame,
)
from ui.neuron.presets import GATE_PRESETS
from ui.numbers import count
from ui.page_kit import share_tab, what_to_try
from ui.url_state import PageState

STATE = PageState("pages/logic_gates.py", GatesConfig)


def _use_weights(w1: float, w2: float, b: float) -> None:
    """Copy trained weights to the hand sliders (rounded to the slider step)."""
    clip = lambda v: max(-WEIGHT_LIMIT, min(WEIGHT_LIMIT, round(v * 2) / 2))  # noqa: E731
    STATE.set(mode="manual", w1=clip(w1), w2=clip(w2), b=clip(b))


def _slides_weights(gate: str) -> None:
    w1, w2, b = gates.SLIDE_WEIGHTS[gate]
    STATE.set(w1=w1, w2=w2, b=b)


def _sidebar() -> tuple[GatesConfig, DeltaGenerator | None]:
    """The settings; in train mode, also the slot where the trained weights are shown."""
    trained_slot = None
    with st.sidebar:
        st.header("The neuron")
        STATE.widget("gate")
        STATE.widget("mode", horizontal=False)
        manual = STATE.value("mode") == "manual"
        if manual:
            for name in ("w1", "w2", "b"):
                STATE.widget(name)
            gate = STATE.value("gate")
            if gate in gates.SLIDE_WEIGHTS:
                st.button(
                    f"The slides' {gate} weights",
                    key=STATE.key("slides"),
                    on_click=_slides_weights,
                    args=(gate,),
                    width="stretch",
                )
        else:
            trained_slot = st.container()
        st.subheader("Training")
        for name in ("learning_rate", "epochs", "seed"):
            STATE.widget(name, disabled=manual)
    return STATE.config(), trained_slot


def _num(v: float) -> str:
    """3 decimals, never "-0.000"."""
    text = f"{v:.3f}"
    return "0.000" if text == "-0.000" else text


def _verdict(table: gates.NeuronTable, gate: str, trained: bool) -> None:
    score = f"{table.correct} of 4 right"
    if table.correct == 4:
        st.success(f"**{score}**: this neuron computes {gate}.", icon=":material/check_circle:")
    elif gate == "XOR" and trained and not table.decided.any():
        st.warning(
            f"**{score}: σ = 0.5 on every row.** Trained on XOR, one neuron ends at w1 = w2 = b = 0: "
            "with no line that separates XOR's 1s from its 0s, the lowest cross-entropy it can reach "
            f"is to answer 0.5 everywhere (loss ln 2 = {np.log(2):.4f}). It cannot decide, so no row "
            "counts as right. A hidden layer fixes this (below).",
            icon=":material/block:",
        )
    elif gate == "XOR":
        st.warning(
            f"**{score}**. No single neuron can do better than 3 of 4 on XOR: (0,1) and (1,0) must be on "
            "one side of a line, (0,0) and (1,1) on the other, and no straight line does that.",
            icon=":material/block:",
        )
    elif trained:
        st.error(
            f"**{score}**: train for more epochs or with a larger learning rate.", icon=":material/cancel:"
        )
    else:
        st.error(f"**{score}**: move the line (or press the slides' weights).", icon=":material/cancel:")


def _xor_section(cfg: GatesConfig, fit: gates.SingleFit | None) -> None:
    st.divider()
    st.header("XOR needs a hidden layer: two neurons + one")
    st.markdown(
        "XOR = (x1 OR x2) AND (x1 NAND x2). Two hidden neurons draw **two lines** (OR and NAND); the "
        "output neuron ANDs them. In the hidden neurons' coordinates (h1, h2) the four inputs become "
        "separable by one line, which is all the output neuron can draw."
    )
    if cfg.mode == "train":
        net_fit = train_net_cached(cfg.gate, cfg.seed, cfg.learning_rate, cfg.epochs)
        net = net_fit.net
        source = f"trained (seed {cfg.seed}, {count(cfg.epochs, 'epoch')})"
    else:
        net_fit = None
        net = gates.SLIDE_XOR_NET
        source = (
            "the slides' weights: h1 = OR (-10, 20, 20), h2 = NAND (30, -20, -20), out = AND (-30, 20, 20)"
        )
    out = net.forward(gates.INPUTS)
    right_rows = int(((out >= 0.5) == gates.TRUTH["XOR"].astype(bool)).sum())
    st.caption(f"Network weights: {source}.")
    if right_rows == 4:
        st.success("The 2-1 network gets **4 of 4** right.", icon=":material/check_circle:")
    else:
        st.warning(
            f"The 2-1 network gets **{right_rows} of 4** right: this start got stuck in a local minimum. "
            "Try another seed or more epochs.",
            icon=":material/warning:",
        )
    a, c = st.columns(2, gap="large")
    a.plotly_chart(
        network_figure(net, "XOR", "The network's output, each hidden neuron's line"),
        key=STATE.key("net_chart"),
    )
    c.plotly_chart(hidden_space_figure(net, "XOR"), key=STATE.key("hidden_chart"))
    st.table(hidden_table(net), hide_index=True)
    if net_fit is not None and fit is not None:
        st.plotly_chart(
            training_figure(
                {"one neuron": fit.loss, "2-1 network": net_fit.loss}, "Training loss: one neuron vs 2-1"
            ),
            key=STATE.key("curves_chart"),
        )


st.title("Logic gates with one neuron")
STATE.open()
cfg, trained_slot = _sidebar()
STATE.remember(cfg)

st.markdown(
    "One sigmoid neuron computes $z = w_1 x_1 + w_2 x_2 + b$ and outputs $\\sigma(z) = 1/(1+e^{-z})$: "
    "above 0.5 means 1. The line $z = 0$ splits the plane in two, so one neuron can compute any gate "
    "whose 1s and 0s a **straight line** can separate: AND, OR, NAND, NOR. Not XOR."
)
st.caption("Data: the four rows of each truth table, built in; no download. Training: numpy, seeded.")

if cfg.mode == "train":
    fit = train_single_cached(cfg.gate, cfg.seed, cfg.learning_rate, cfg.epochs)
    w1, w2, b = fit.w1, fit.w2, fit.b
    if trained_slot is not None:
        trained_slot.markdown(
            f"Trained weights: w1 = **{_num(w1)}**, w2 = **{_num(w2)}**, b = **{_num(b)}** "
            "(choose *by hand* to set them yourself)."
        )
else:
    fit = None
    w1, w2, b = cfg.w1, cfg.w2, cfg.b
table = gates.neuron_table(w1, w2, b, cfg.gate)

what_to_try(STATE, GATE_PRESETS, "the slides' gates, training, and why XOR needs a hidden layer")
left, right = st.columns([1.1, 1], gap="large")
with left:
    how = "trained" if fit is not None else "by hand"
    st.plotly_chart(
        neuron_figure(w1, w2, b, cfg.gate, f"One neuron ({how}) against {cfg.gate}"),
        key=STATE.key("neuron_chart"),
    )
with right:
    st.subheader(f"Truth table: {cfg.gate}")
    _verdict(table, cfg.gate, trained=fit is not None)
    st.table(truth_frame(table), hide_index=True)
    st.markdown(f"Cross-entropy loss of these outputs: **{table.loss:.4f}**")
    if fit is not None:
        st.markdown(
            f"Trained from seed {cfg.seed} for {count(cfg.epochs, 'epoch')} (learning rate {cfg.learning_rate:g}): "
            f"w1 = **{_num(w1)}**, w2 = **{_num(w2)}**, b = **{_num(b)}**."
        )
        st.button(
            "Edit these weights by hand",
            key=STATE.key("use"),
            on_click=_use_weights,
            args=(w1, w2, b),
            help="Switches to hand mode with the trained weights (rounded to 0.5).",
        )

st.markdown("**The sums, row by row** (as on the slides):")
render_neuron_sums(w1, w2, b, table)

if cfg.gate == "XOR":
    _xor_section(cfg, fit)
elif fit is not None:
    st.plotly_chart(
        training_figure({"one neuron": fit.loss}, "Training loss per epoch"), key=STATE.key("curve_chart")
    )

code_tab, link_tab = st.tabs(["Keras code", "Share"])
with code_tab:
    st.markdown(
        "The same experiment in Keras (the page itself trains in numpy, where every step is visible):"
    )
    st.code(gates_code(cfg), language="python")
with link_tab:
    share_tab(STATE, cfg, "This link opens exactly these weights or this training run:")
