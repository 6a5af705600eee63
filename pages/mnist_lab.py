"""MNIST lab: browse the digits, train the slides' networks live, then look inside the result."""

from __future__ import annotations

import streamlit as st

from engine.live.run import RunStatus
from engine.mnist.codegen import keras_code
from engine.mnist.models import MODELS
from ui.live.controls import current_run
from ui.live.session import session_runs
from ui.live.view import live_view
from ui.mnist import lab_results
from ui.mnist.browse import fit_browse, render_browser
from ui.mnist.controls import sidebar_config
from ui.mnist.data import load_data, source_caption, source_details
from ui.mnist.explain import render_explanation
from ui.mnist.lab_run import VIEW, lab_run, lab_transport
from ui.mnist.presets import PRESETS
from ui.mnist.state import LAB_STATE as STATE
from ui.numbers import count
from ui.page_kit import share_tab, what_to_try


@st.fragment(run_every=1.0)
def _watch_training(run_id: int) -> None:
    """While training, look once a second whether it ended; then rerun the page for the results."""
    run = current_run(VIEW)
    if run is None or run.run_id != run_id or not run.playing:
        st.rerun()


st.title("MNIST lab")
STATE.open()
data, data_problem = load_data(STATE.value("dataset"))
if data_problem:
    st.info(data_problem, icon=":material/info:")
cfg = fit_browse(sidebar_config(len(data.y_train)), data)
STATE.remember(cfg)
st.caption(source_caption(data))
source_details(data, download_key=STATE.key("download"))

st.subheader("1 · Look at the data")
render_browser(cfg, data)

st.subheader("2 · Train")
what_to_try(STATE, PRESETS, "the slides' networks, ReLU, Adam, normalization, overfitting")  # above the run
st.markdown(
    f"**{MODELS[cfg.model]}** · {cfg.optimizer.upper()} (learning rate {cfg.learning_rate:g}) · "
    f"{count(cfg.epochs, 'epoch')} · batch size {cfg.batch_size}"
)
run = None
if not cfg.flatten:
    from engine.mnist.models import flatten_problem
    from ui.mnist.explain import shape_table

    session_runs().replace(VIEW, None)
    st.error("This network cannot be trained as it is: " + flatten_problem(cfg.spec), icon=":material/block:")
    st.dataframe(shape_table(cfg), hide_index=True)
else:
    run = lab_run(cfg, data)
    snap = run.snapshot()
    lab_transport(run, snap)
    live_view(session_runs().token, VIEW)
    if run.playing:
        _watch_training(run.run_id)
        st.info(
            "Training… the results (test accuracy, confusion matrix, mistakes, filters, feature maps) "
            "appear here when it pauses, stops or finishes.",
            icon=":material/hourglass_top:",
        )
    elif snap.trained:
        st.subheader("3 · Results on the test images")
        lab_results.render(run, snap, data)
    elif snap.status != RunStatus.STOPPED:
        st.caption("Press **Play**: the curves above fill in live. Results appear here afterwards.")

math_tab, code_tab, link_tab = st.tabs(["How it works", "Keras code", "Share"])
with math_tab:
    last_val = float(run.snapshot().history[-1, 3]) if run is not None else None
    render_explanation(cfg, last_val)
with code_tab:
    st.markdown("The same experiment in plain Keras (`model.fit` on the whole data, as in the slides):")
    st.code(keras_code(cfg), language="python")
with link_tab:
    share_tab(
        STATE,
        cfg,
        "This link opens exactly this experiment (data, network, optimizer, seed and the digit on show):",
    )
