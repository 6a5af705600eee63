"""Inside a recurrent cell, step by step: SimpleRNN, LSTM and GRU unrolled, and backprop through time."""

from __future__ import annotations

import streamlit as st

from engine.sequences.cell.code import keras_code, numpy_code
from engine.sequences.cell.config import CELLS, CellConfig
from engine.sequences.cell.presets import CELL_PRESETS
from ui.page_kit import preset_rows, share_tab
from ui.sequences.cell.equations import forward_latex
from ui.sequences.cell.figures import steps_figure
from ui.sequences.cell.view import PLAIN, bptt_section, keras_tab, numbers_tab, runs_for, sidebar, step_bar
from ui.url_state import PageState

STATE = PageState(__file__, CellConfig)
SHARE = (
    "This link opens exactly this experiment: the same sequence, cell, weights (seed, units, recurrent scale, "
    "activation, forget bias), clipping threshold and time step."
)
HOW = """
**Unrolling.** A recurrent layer applies the *same* cell at every time step: it reads the input
$x_t$ and the state it handed itself at the previous step, and hands on a new state. Unrolled over
$T$ steps it is a $T$-layer network whose layers share their weights.

**SimpleRNN**: $h_t = \\tanh(W x_t + U h_{t-1} + b)$. **LSTM** adds a cell state $c_t$ that is only
*scaled* by the forget gate and *added to* through the input gate; the output gate decides how much
of it shows in $h_t$. **GRU** has one state: the update gate $z_t$ mixes the old state with a
candidate; the reset gate $r_t$ decides how much of the old state the candidate sees (Keras's
`reset_after=True`: $r_t$ multiplies $U_n h_{t-1} + b'_n$ after the product).

**Backpropagation through time** is ordinary backpropagation on the unrolled network. Each step back
multiplies the gradient by $U^\\top \\mathrm{diag}(\\tanh')$: its size changes by at most the largest
singular value of $U$ (this page's *recurrent weight scale*) times tanh's largest slope. Below 1 the
gradient **vanishes** geometrically, above 1 (without squashing) it **explodes**. Clipping caps an
exploding update; only a different cell fixes vanishing: the LSTM's cell path multiplies by $f_t$
alone, so with $f_t \\approx 1$ the gradient travels far.

Weights are generated here from the seed (input weights uniform in [-1, 1], recurrent blocks = scale
× a random orthogonal matrix, biases 0, the LSTM's forget bias as set); everything on screen is
numpy. tests/engine/test_rnn_cell_keras.py checks each step, state and gradient against Keras's
`SimpleRNN`, `LSTM` and `GRU` layers and `tf.GradientTape` to 1e-6.
"""

st.title("Inside a recurrent cell, step by step")
STATE.open()
sidebar(STATE)
with st.expander(
    "What to try: vanishing, exploding, clipping, the LSTM's cell path", icon=":material/lightbulb:"
):
    preset_rows(STATE, CELL_PRESETS)
STATE.widget("cell", format_func=CELLS.get, label="Cell to look inside")
n_steps = STATE.raw_config().n_steps if STATE.value("source") != "custom" else len(STATE.value("sequence"))
step_bar(STATE, max(2, n_steps))
cfg = STATE.config()
STATE.remember(cfg)
st.caption(
    "Data: the sequence is generated here (or typed by you); the weights come from the seed. Everything is "
    "numpy on this server, offline."
)

runs = runs_for(cfg)
run = runs[cfg.cell]
st.plotly_chart(steps_figure(run.trace, cfg.step), config=PLAIN)
st.markdown(
    f"**The {CELLS[cfg.cell]} at step t = {cfg.step}** (the framed column), with this step's numbers:"
)
st.latex(forward_latex(run, cfg.step))

bptt_section(STATE, cfg, runs)

numbers, check, how, code, link = st.tabs(
    ["All numbers", "Check against Keras", "How it works", "Code", "Share"]
)
with numbers:
    numbers_tab(run)
with check:
    keras_tab(STATE, cfg, run)
with how:
    st.markdown(HOW)
with code:
    st.markdown("This page's cell, weights and sequence in numpy (copy it into a notebook):")
    st.code(numpy_code(cfg), language="python")
    st.markdown(
        "The same weights in a Keras layer, and the gradient reaching each step by `tf.GradientTape`:"
    )
    st.code(keras_code(cfg), language="python")
with link:
    share_tab(STATE, cfg, SHARE)
