"""Backpropagation, node by node: a computational graph, forward and backward one step at a time."""

from __future__ import annotations

import dataclasses

import plotly.graph_objects as go
import streamlit as st

from engine.neuralmath.backprop import EXAMPLES, default_values, leaf_names, tf_gradients, trace
from engine.neuralmath.config import BackpropConfig
from ui.neuralmath.backprop_view import (
    check_frame,
    code,
    graph_figure,
    plain,
    step_latex,
    step_state,
    step_title,
    update_frame,
)
from ui.neuralmath.common import (
    Preset,
    collect_vector,
    render_presets,
    set_vector,
    show_problems,
    sync_vector,
)
from ui.url_state import config_from_state, ensure_state, remember, set_fields, share_url

P = "bp_"


def _history() -> dict[str, list[tuple[float, float]]]:
    """Per example, the (loss, mean loss over the samples) after each kept update (this session only)."""
    return st.session_state.setdefault(P + "history", {})


def _load(example: str, values: tuple[float, ...] | None = None, step: int = 0, **fields) -> None:
    ex = EXAMPLES[example]
    set_fields(P, example=example, lr=fields.pop("lr", ex.lr), step=step, sample=fields.pop("sample", 0))
    set_vector(P, "values", values or default_values(ex))
    _history().pop(example, None)


def _example_changed() -> None:
    _load(st.session_state[P + "example"])


def _set_step(step: int) -> None:
    ex = EXAMPLES[st.session_state[P + "example"]]
    st.session_state[P + "step"] = max(0, min(ex.n_steps, step))


def _current_trace():
    cfg = config_from_state(P, BackpropConfig).validated()
    return cfg, trace(EXAMPLES[cfg.example], cfg.leaves(), cfg.lr)


def _keep_update() -> None:
    """Write the updated parameters into the inputs; start the next SGD step (next sample)."""
    try:
        cfg, t = _current_trace()
    except ValueError:
        return
    ex = t.example
    names = leaf_names(ex)
    values = tuple(t.updated.get(n, v) for n, v in zip(names, cfg.values or default_values(ex), strict=True))
    hist = _history().setdefault(ex.key, [(t.loss, t.total_loss)])
    hist.append((t.new_loss, t.new_total_loss))
    set_vector(P, "values", values)
    st.session_state[P + "step"] = 0
    st.session_state[P + "sample"] = (cfg.sample + 1) % len(ex.samples)


def _mlp_values(**changes: float) -> tuple[float, ...]:
    ex = EXAMPLES["mlp"]
    return tuple({**ex.defaults, **changes}[n] for n in leaf_names(ex))


PRESETS = (
    Preset(
        "e = (a + b)·c, from the start",
        "The slides' first graph with a = −2, b = 5, c = −4. Press **Next** 2× for the forward pass "
        "(d = 3, e = −12), 2× for the backward pass (∂e/∂a = ∂e/∂b = c = −4, ∂e/∂c = d = 3), once more to update.",
        lambda: _load("expr"),
    ),
    Preset(
        "Add gate vs multiply gate",
        "Backward through e = d·c: each input gets the *other* input times the upstream gradient. "
        "Then through d = a + b: both inputs get the upstream gradient unchanged (local derivative 1).",
        lambda: _load("expr", step=3),
    ),
    Preset(
        "2-2-1 network: the sigmoid's toll",
        "The update table: output weights w₅, w₆ get gradients ≈ 0.16, the hidden weights w₁…w₄ ≈ 0.001-0.003, "
        "100× smaller. Each sigmoid multiplies by σ(1−σ) ≤ 0.25 and the inputs are small (0.05, 0.10).",
        lambda: _load("mlp", step=EXAMPLES["mlp"].n_steps),
    ),
    Preset(
        "Saturated output neuron",
        "Output weights 5, 5 and bias 5: ŷ ≈ 0.9999 while y = 0.01, a huge error, yet ∂L/∂z₃ is tiny because "
        "σ′(z₃) ≈ 0.0001. Squared error + sigmoid learns slowly exactly when it is most wrong.",
        lambda: _load("mlp", _mlp_values(w5=5.0, w6=5.0, b3=5.0), step=EXAMPLES["mlp"].n_ops + 3),
    ),
    Preset(
        "BCE, SGD on d₁ then d₂ (lr 0.01)",
        "The slides' data and learning rate, at the update step. Press **Keep the new weights** to take the "
        "next SGD step on d₂, then d₁ again…: the loss of the point just used always drops, the mean over both "
        "zig-zags (a step for d₂ slightly hurts d₁) yet falls epoch after epoch: SGD's noise in miniature. "
        "Note ∂L/∂z = ŷ − y exactly.",
        lambda: _load("bce", step=EXAMPLES["bce"].n_steps),
    ),
    Preset(
        "BCE with learning rate 1",
        "Same first step with η = 1 instead of 0.01: a 100× bigger step, and the loss on d₁ falls visibly.",
        lambda: _load("bce", step=EXAMPLES["bce"].n_steps, lr=1.0),
    ),
)


st.title("Backpropagation, node by node")
st.caption(
    "Every number is computed by this page in plain Python (float64) from the values you set; no data set, "
    "nothing downloaded. The examples are the course slides' (decks 001, 002, 004); the *Check* tab "
    "recomputes the gradients with TensorFlow's GradientTape."
)
show_problems(ensure_state(P, BackpropConfig))
example = EXAMPLES[st.session_state[P + "example"]]
names = leaf_names(example)
if len(tuple(st.session_state[P + "values"])) != len(names):
    set_vector(P, "values", default_values(example))
sync_vector(P, "values", len(names))

st.radio(
    "Example",
    list(EXAMPLES),
    format_func=lambda k: EXAMPLES[k].title,
    key=P + "example",
    horizontal=True,
    on_change=_example_changed,
)
st.markdown(example.story)

left, right = st.columns([1.35, 3.2], gap="large")
with left:
    st.markdown("**Inputs and weights** (edit any)")
    if len(example.samples) > 1:
        st.radio(
            "Data point (SGD takes one at a time)",
            range(len(example.samples)),
            format_func=lambda i: "d{} = [{x1:g}, {x2:g}], y = {y:g}".format(i + 1, **example.samples[i]),
            key=P + "sample",
        )
    by_role = {n.name: n for n in example.graph}
    cols = st.columns(2 if len(names) > 4 else 1)
    shown = 0
    for i, name in enumerate(names):
        node = by_role[name]
        if node.role == "data" and len(example.samples) > 1:
            continue
        cols[shown % len(cols)].number_input(
            plain(node.label) + (" (data)" if node.role == "data" else ""),
            min_value=-100.0,
            max_value=100.0,
            step=0.01,
            format="%.4f",
            key=f"{P}values_{i}",
        )
        shown += 1
    collect_vector(P, "values", len(names))
    st.number_input(
        "Learning rate η", min_value=0.0001, max_value=10.0, step=0.01, format="%.4f", key=P + "lr"
    )
    st.button(
        "Back to the slides' values",
        key="bp_defaults",
        on_click=lambda: _load(st.session_state[P + "example"]),
        width="stretch",
    )

try:
    cfg = config_from_state(P, BackpropConfig).validated()
    if cfg.values == default_values(example):
        cfg = dataclasses.replace(cfg, values=())
    t = trace(example, cfg.leaves(), cfg.lr)
except ValueError as err:
    st.error(f"These values cannot be computed: {err}. Showing the slides' values instead.")
    cfg = BackpropConfig(example.key, lr=example.lr)
    t = trace(example, cfg.leaves(), cfg.lr)
remember(P, cfg)

with right:
    b = st.columns([1.1, 1, 1, 1.3, 1.4, 1.1])
    first, last = cfg.step == 0, cfg.step == example.n_steps
    b[0].button(
        "Start",
        icon=":material/first_page:",
        key="bp_first",
        on_click=_set_step,
        args=(0,),
        disabled=first,
        width="stretch",
    )
    b[1].button(
        "Back",
        icon=":material/chevron_left:",
        key="bp_back",
        on_click=_set_step,
        args=(cfg.step - 1,),
        disabled=first,
        width="stretch",
    )
    b[2].button(
        "Next",
        icon=":material/chevron_right:",
        key="bp_next",
        type="primary",
        on_click=_set_step,
        args=(cfg.step + 1,),
        disabled=last,
        width="stretch",
        help="One step: one node forward, then one node backward, then the update.",
    )
    b[3].button("Forward all", key="bp_fwd", on_click=_set_step, args=(example.n_ops,), width="stretch")
    b[4].button("Backward all", key="bp_bwd", on_click=_set_step, args=(2 * example.n_ops,), width="stretch")
    b[5].button(
        "Update",
        icon=":material/check:",
        key="bp_upd",
        on_click=_set_step,
        args=(example.n_steps,),
        disabled=last,
        width="stretch",
    )
    st.progress(cfg.step / example.n_steps, text=step_title(t, cfg.step))
    st.plotly_chart(graph_figure(t, cfg.step), key="bp_graph", config={"displayModeBar": False})
    st.caption(
        "Squares: inputs (grey-blue) and learned parameters (yellow); circles: operations. "
        "Blue numbers: forward values. Red: gradients ∂L/∂node. Hover a node for its formula."
    )
    for line in step_latex(t, cfg.step):
        st.latex(line)
    if step_state(t, cfg.step).phase == "update":
        st.dataframe(
            update_frame(t),
            hide_index=True,
            width="stretch",
            column_config={
                c: st.column_config.NumberColumn(format="%.6g")
                for c in ("before", "∂L/∂θ", "− η·∂L/∂θ", "after")
            },
        )
        m = st.columns(3)
        m[0].metric("loss before", f"{t.loss:.6f}")
        m[1].metric(
            "loss after the update",
            f"{t.new_loss:.6f}",
            delta=f"{t.new_loss - t.loss:.2e}",
            delta_color="inverse",
        )
        if len(example.samples) > 1:
            m[2].metric(
                "mean loss over d₁, d₂",
                f"{t.new_total_loss:.6f}",
                delta=f"{t.new_total_loss - t.total_loss:.2e}",
                delta_color="inverse",
            )
        st.button(
            "Keep the new weights and start the next step"
            + (f" (on d{(cfg.sample + 1) % len(example.samples) + 1})" if len(example.samples) > 1 else ""),
            key="bp_keep",
            type="primary",
            on_click=_keep_update,
            icon=":material/redo:",
        )
        hist = _history().get(example.key)
        if hist:
            label = "mean loss over both points" if len(example.samples) > 1 else "loss"
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
            st.plotly_chart(fig, key="bp_history", config={"displayModeBar": False})

tabs = st.tabs(["What to try", "Check with TensorFlow", "Code", "Share"])
with tabs[0]:
    render_presets(PRESETS, "bp")
with tabs[1]:
    st.markdown(
        "The same graph built from TensorFlow ops and differentiated by `tf.GradientTape` (float64). "
        "The two columns should agree to ~1e-16."
    )
    if st.button("Run the check (loads TensorFlow, a few seconds the first time)", key="bp_check"):
        with st.spinner("Computing with TensorFlow…"):
            tf_loss, tf_grads = tf_gradients(example, cfg.leaves())
        frame = check_frame(t, tf_loss, tf_grads)
        st.dataframe(frame, hide_index=True, width="stretch")
        worst = float(frame["|difference|"].max())
        (st.success if worst < 1e-9 else st.error)(f"Largest difference: {worst:.1e}")
with tabs[2]:
    st.markdown("The same computation in TensorFlow/Keras, with the values on this page:")
    st.code(code(example, cfg.leaves(), cfg.lr), language="python")
with tabs[3]:
    st.markdown("This link reopens this example, these values and this exact step:")
    st.code(share_url(cfg.to_params(), "backprop"), language=None, wrap_lines=True)
