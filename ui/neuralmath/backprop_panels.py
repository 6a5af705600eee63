"""The backprop page's widget panels: the inputs, the step buttons, the update panel, the TF check.

Every key comes from the page's :class:`ui.url_state.PageState` (``state.key``); callbacks only
set config fields (``state.set`` / ``state.apply``) and this session's loss history.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from engine.neuralmath.backprop import EXAMPLES, Example, Trace, leaf_names, tf_gradients, trace
from engine.neuralmath.config import BackpropConfig
from ui.neuralmath.backprop_view import check_frame, plain, update_frame
from ui.neuralmath.common import CHART, element_changed, element_key, show_vector
from ui.url_state import PageState

UPDATE_COLUMNS = ("before", "∂L/∂θ", "− η·∂L/∂θ", "after")


# ---------------------------------------------------------------------------- callbacks


def history(state: PageState) -> dict[str, list[tuple[float, float]]]:
    """Per example, the (loss, mean loss over the samples) after each kept update (this session only)."""
    return st.session_state.setdefault(state.key("history"), {})


def clear_history(state: PageState) -> None:
    history(state).pop(state.value("example"), None)


def load_example(state: PageState) -> None:
    """Back to the chosen example's own start (its values and learning rate, step 0)."""
    state.apply(BackpropConfig.for_example(state.value("example")))
    clear_history(state)


def set_step(state: PageState, step: int) -> None:
    ex = EXAMPLES[state.value("example")]
    state.set(step=max(0, min(ex.n_steps, step)))


def keep_update(state: PageState) -> None:
    """Write the updated parameters into the inputs; start the next SGD step (next sample)."""
    try:
        cfg = state.raw_config().validated()
        t = trace(EXAMPLES[cfg.example], cfg.leaves(), cfg.lr)
    except (TypeError, ValueError):
        return
    ex = t.example
    values = tuple(t.updated.get(n, v) for n, v in zip(leaf_names(ex), cfg.values, strict=True))
    hist = history(state).setdefault(ex.key, [(t.loss, t.total_loss)])
    hist.append((t.new_loss, t.new_total_loss))
    state.set(values=values, step=0, sample=(cfg.sample + 1) % len(ex.samples))


# ---------------------------------------------------------------------------- panels


def inputs_panel(state: PageState, example: Example) -> None:
    """The data point (SGD example), one number input per leaf, the learning rate, a reset."""
    st.markdown("**Inputs and weights** (edit any)")
    if len(example.samples) > 1:
        st.radio(
            "Data point (SGD takes one at a time)",
            range(len(example.samples)),
            format_func=lambda i: "d{} = [{x1:g}, {x2:g}], y = {y:g}".format(i + 1, **example.samples[i]),
            key=state.key("sample"),
        )
    show_vector(state, "values")
    by_name = {n.name: n for n in example.graph}
    cols = st.columns(2 if len(leaf_names(example)) > 4 else 1)
    shown = 0
    for i, name in enumerate(leaf_names(example)):
        node = by_name[name]
        if node.role == "data" and len(example.samples) > 1:
            continue
        cols[shown % len(cols)].number_input(
            plain(node.label) + (" (data)" if node.role == "data" else ""),
            min_value=-100.0,
            max_value=100.0,
            step=0.01,
            format="%.4f",
            key=element_key(state, "values", i),
            on_change=element_changed,
            args=(state, "values", i),
        )
        shown += 1
    state.widget("lr")
    st.button(
        "Back to the start values",
        key=state.key("defaults"),
        on_click=load_example,
        args=(state,),
        help="The example's own start: its values and learning rate, step 0.",
        width="stretch",
    )


def step_buttons(state: PageState, cfg: BackpropConfig) -> None:
    """Start / Back / Next / Forward all / Backward all / Update."""
    ex = EXAMPLES[cfg.example]
    first, last = cfg.step == 0, cfg.step == ex.n_steps
    buttons = (  # label, key, target step, disabled, icon, primary
        ("Start", "first", 0, first, ":material/first_page:", False),
        ("Back", "back", cfg.step - 1, first, ":material/chevron_left:", False),
        ("Next", "next", cfg.step + 1, last, ":material/chevron_right:", True),
        ("Forward all", "fwd", ex.n_ops, False, None, False),
        ("Backward all", "bwd", 2 * ex.n_ops, False, None, False),
        ("Update", "upd", ex.n_steps, last, ":material/check:", False),
    )
    cols = st.columns([1.1, 1, 1, 1.3, 1.4, 1.1])
    for col, (label, key, target, disabled, icon, primary) in zip(cols, buttons, strict=True):
        col.button(
            label,
            icon=icon,
            key=state.key(key),
            type="primary" if primary else "secondary",
            on_click=set_step,
            args=(state, target),
            disabled=disabled,
            width="stretch",
            help="One step: one node forward, then one node backward, then the update." if primary else None,
        )


def _history_figure(hist: list[tuple[float, float]], label: str) -> go.Figure:
    fig = go.Figure(
        go.Scatter(
            y=[h[1] for h in hist],
            mode="lines+markers",
            hovertemplate="after %{x} updates: %{y:.6f}<extra></extra>",
        )
    )
    fig.update_layout(
        height=220,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        title=f"{label}, update by update",
        xaxis_title="updates kept",
        font={"size": 14},
    )
    return fig


def update_panel(state: PageState, cfg: BackpropConfig, t: Trace) -> None:
    """The update table, the loss before and after, "keep the new weights", the loss history."""
    ex = t.example
    several = len(ex.samples) > 1
    st.dataframe(
        update_frame(t),
        hide_index=True,
        width="stretch",
        column_config={c: st.column_config.NumberColumn(format="%.6g") for c in UPDATE_COLUMNS},
    )
    m = st.columns(3)
    m[0].metric("loss before", f"{t.loss:.6f}")
    m[1].metric(
        "loss after the update",
        f"{t.new_loss:.6f}",
        delta=f"{t.new_loss - t.loss:.2e}",
        delta_color="inverse",
    )
    if several:
        m[2].metric(
            "mean loss over d₁, d₂",
            f"{t.new_total_loss:.6f}",
            delta=f"{t.new_total_loss - t.total_loss:.2e}",
            delta_color="inverse",
        )
    st.button(
        "Keep the new weights and start the next step"
        + (f" (on d{(cfg.sample + 1) % len(ex.samples) + 1})" if several else ""),
        key=state.key("keep"),
        type="primary",
        on_click=keep_update,
        args=(state,),
        icon=":material/redo:",
    )
    hist = history(state).get(ex.key)
    if hist:
        label = "mean loss over both points" if several else "loss"
        st.plotly_chart(_history_figure(hist, label), key=state.key("history_chart"), config=CHART)


def tf_check(state: PageState, cfg: BackpropConfig, t: Trace) -> None:
    """The "Check with TensorFlow" tab: the same gradients by ``tf.GradientTape``."""
    st.markdown(
        "The same graph built from TensorFlow ops and differentiated by `tf.GradientTape` (float64). "
        "The two columns should agree to ~1e-16."
    )
    if st.button("Run the check (loads TensorFlow, a few seconds the first time)", key=state.key("check")):
        with st.spinner("Computing with TensorFlow…"):
            tf_loss, tf_grads = tf_gradients(t.example, cfg.leaves())
        frame = check_frame(t, tf_loss, tf_grads)
        st.dataframe(frame, hide_index=True, width="stretch")
        worst = float(frame["|difference|"].max())
        (st.success if worst < 1e-9 else st.error)(f"Largest difference: {worst:.1e}")
