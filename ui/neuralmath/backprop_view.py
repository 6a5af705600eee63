"""The computational graph figure, the step explanations and the code of the backprop page."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from engine.neuralmath.backprop import Example, Trace, leaf_names
from engine.neuralmath.graph import Node, op_formula, op_numbers
from ui.neuralmath.common import fmt

VALUE, GRAD, CURRENT, EDGE = "#0877bd", "#d62728", "#ffb000", "#9aa5b1"
ROLE_COLORS = {"data": "#e8eef3", "param": "#fff3d6", "op": "#ffffff", "loss": "#fde2e1"}
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def plain(label: str) -> str:
    """A LaTeX-ish node label as plain unicode: ``x_1`` -> ``x₁``, ``\\hat{y}`` -> ``ŷ``."""
    if label == r"\hat{y}":
        return "ŷ"
    if "_" in label:
        base, sub = label.split("_", 1)
        return base + sub.strip("{}").translate(_SUB)
    return label


@dataclass(frozen=True)
class StepState:
    """What is known at step ``step``: phase (start/forward/backward/update), the current op, the
    nodes with values, the gradients so far (partial sums while backpropagating)."""

    phase: str
    current: str | None
    known_values: frozenset[str]
    grads: dict[str, float]
    backward_index: int  # index into trace.steps, -1 if none


def step_state(trace: Trace, step: int) -> StepState:
    ex = trace.example
    ops = [n.name for n in ex.graph if n.op != "leaf"]
    leaves = set(leaf_names(ex))
    n = len(ops)
    if step <= 0:
        return StepState("start", None, frozenset(leaves), {}, -1)
    if step <= n:
        return StepState("forward", ops[step - 1], frozenset(leaves | set(ops[:step])), {}, -1)
    known = frozenset(leaves | set(ops))
    j = min(step - n - 1, n - 1)
    grads: dict[str, float] = {ex.graph[-1].name: 1.0}
    for bstep in trace.steps[: j + 1]:
        for term in bstep.terms:
            grads[term.input] = grads.get(term.input, 0.0) + term.product
    if step <= 2 * n:
        return StepState("backward", trace.steps[j].node, known, grads, j)
    return StepState("update", None, known, dict(trace.grads), n - 1)


def _edges(fig: go.Figure, trace: Trace, state: StepState) -> None:
    """One arrow per input; the current op's inputs highlighted (reversed while backpropagating)."""
    nodes = {n.name: n for n in trace.example.graph}
    active_edges: set[tuple[str, str]] = set()
    if state.current:
        active_edges = {(i, state.current) for i in nodes[state.current].inputs}
    for node in trace.example.graph:
        for src in node.inputs:
            (x0, y0), (x1, y1) = nodes[src].pos, node.pos
            active = (src, node.name) in active_edges
            color = (GRAD if state.phase == "backward" else VALUE) if active else EDGE
            reverse = active and state.phase == "backward"
            if reverse:  # the gradient flows against the arrow
                (x0, y0), (x1, y1) = (x1, y1), (x0, y0)
            fig.add_annotation(
                x=x1,
                y=y1,
                ax=x0,
                ay=y0,
                xref="x",
                yref="y",
                axref="x",
                ayref="y",
                showarrow=True,
                arrowhead=2,
                arrowsize=1.2,
                arrowwidth=3.5 if active else 1.6,
                arrowcolor=color,
                standoff=30 if reverse else 20,
                startstandoff=22,
                text="",
            )


def _nodes(fig: go.Figure, trace: Trace, state: StepState) -> None:
    """Leaves as squares, ops as circles, coloured by role; the current op outlined."""
    for role, symbol in (("data", "square"), ("param", "square"), ("op", "circle"), ("loss", "circle")):
        group = [n for n in trace.example.graph if n.role == role]
        if not group:
            continue
        current = [n.name == state.current for n in group]
        fig.add_trace(
            go.Scatter(
                x=[n.pos[0] for n in group],
                y=[n.pos[1] for n in group],
                mode="markers+text",
                marker={
                    "symbol": symbol,
                    "size": [44 if n.op != "leaf" else 36 for n in group],
                    "color": ROLE_COLORS[role],
                    "line": {
                        "width": [5 if c else 2 for c in current],
                        "color": [CURRENT if c else "#44515e" for c in current],
                    },
                },
                text=[plain(n.label) for n in group],
                textfont={"size": 17, "color": "#1b2733"},
                hovertext=[_hover(n, trace, state) for n in group],
                hoverinfo="text",
                showlegend=False,
            )
        )


def _numbers(fig: go.Figure, trace: Trace, state: StepState) -> None:
    """The known forward values (blue, above) and gradients (red, below) of every node."""
    for node in trace.example.graph:
        x, y = node.pos
        if node.name in state.known_values:
            fig.add_annotation(
                x=x,
                y=y,
                yshift=30,
                text=f"<b>{trace.values[node.name]:.4g}</b>",
                showarrow=False,
                font={"color": VALUE, "size": 15},
                bgcolor="rgba(255,255,255,0.85)",
            )
        if node.name in state.grads:
            fig.add_annotation(
                x=x,
                y=y,
                yshift=-31,
                text=f"∂L/∂{plain(node.label)}={state.grads[node.name]:.4g}",
                showarrow=False,
                font={"color": GRAD, "size": 14},
                bgcolor="rgba(255,255,255,0.85)",
            )


def graph_figure(trace: Trace, step: int) -> go.Figure:
    """The graph: leaves as squares, ops as circles; values (blue) and gradients (red) as known at ``step``."""
    state = step_state(trace, step)
    fig = go.Figure()
    _edges(fig, trace, state)
    _nodes(fig, trace, state)
    _numbers(fig, trace, state)
    xs = [n.pos[0] for n in trace.example.graph]
    ys = [n.pos[1] for n in trace.example.graph]
    fig.update_xaxes(visible=False, range=[min(xs) - 0.45, max(xs) + 0.6])
    fig.update_yaxes(visible=False, range=[min(ys) - 0.8, max(ys) + 0.7])
    fig.update_layout(
        height=max(340, int(82 * (max(ys) - min(ys) + 1.5))),
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        plot_bgcolor="white",
        paper_bgcolor="white",
        dragmode=False,
    )
    return fig


def _hover(node: Node, trace: Trace, state: StepState) -> str:
    labels = {n.name: plain(n.label) for n in trace.example.graph}
    kind = {"data": "data (input)", "param": "parameter (learned)", "op": "operation", "loss": "loss"}[
        node.role
    ]
    lines = [f"{labels[node.name]}: {kind}"]
    if node.op != "leaf":
        lines.append(
            op_formula(node, labels).replace(r"\cdot", "·").replace(r"\sigma", "σ").replace("\\", "")
        )
    if node.name in state.known_values:
        lines.append(f"value {trace.values[node.name]:.6g}")
    if node.name in state.grads:
        lines.append(f"∂L/∂{labels[node.name]} = {state.grads[node.name]:.6g}")
    return "<br>".join(lines)


def step_title(trace: Trace, step: int) -> str:
    ex = trace.example
    state = step_state(trace, step)
    nodes = {n.name: n for n in ex.graph}
    n_ops = ex.n_ops
    if state.phase == "start":
        return "Start: the inputs and weights are set, nothing computed yet. Press **Next** to run the forward pass."
    if state.phase == "forward":
        return f"Forward {step}/{n_ops}: compute **{plain(nodes[state.current].label)}**"
    if state.phase == "backward":
        k = step - n_ops
        return f"Backward {k}/{n_ops}: send the gradient back through **{plain(nodes[state.current].label)}**"
    return "Update: every parameter takes a step against its gradient"


def step_latex(trace: Trace, step: int) -> list[str]:
    """The LaTeX lines explaining this step with the live numbers."""
    ex = trace.example
    state = step_state(trace, step)
    nodes = {n.name: n for n in ex.graph}
    labels = ex.labels()
    if state.phase == "start":
        return [", ".join(rf"{labels[n]} = {fmt(trace.values[n])}" for n in leaf_names(ex))]
    if state.phase == "forward":
        node = nodes[state.current]
        return [op_formula(node, labels), "= " + op_numbers(node, trace.values, lambda v: fmt(v, 4))]
    if state.phase == "backward":
        bstep = trace.steps[state.backward_index]
        node = nodes[bstep.node]
        out = labels[node.name]
        lines = [
            rf"\text{{upstream: }}\frac{{\partial L}}{{\partial {out}}} = {fmt(bstep.upstream, 5)}"
            + (r"\quad(\text{the loss itself: }\partial L/\partial L = 1)" if node is ex.graph[-1] else "")
        ]
        for term in bstep.terms:
            src = labels[term.input]
            lines.append(
                rf"\frac{{\partial L}}{{\partial {src}}} \mathrel{{+}}= \frac{{\partial L}}{{\partial {out}}}"
                rf"\cdot\frac{{\partial {out}}}{{\partial {src}}} = {fmt(bstep.upstream, 4)} \cdot"
                rf" \underbrace{{{term.formula}}}_{{{fmt(term.local, 4)}}} = {fmt(term.product, 5)}"
            )
        return lines
    rows = [
        rf"{labels[p]} &\leftarrow {fmt(trace.values[p], 5)} - {fmt(trace.lr, 4)}\cdot({fmt(trace.grads[p], 5)})"
        rf" = {fmt(trace.updated[p], 6)}"
        for p in ex.params
    ]
    return [
        rf"\theta \leftarrow \theta - \eta\,\frac{{\partial L}}{{\partial \theta}},\quad \eta = {fmt(trace.lr, 4)}",
        r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}",
    ]


def update_frame(trace: Trace) -> pd.DataFrame:
    ex = trace.example
    return pd.DataFrame(
        {
            "parameter": [plain(n.label) for n in ex.graph if n.role == "param"],
            "before": [trace.values[p] for p in ex.params],
            "∂L/∂θ": [trace.grads[p] for p in ex.params],
            "− η·∂L/∂θ": [-trace.lr * trace.grads[p] for p in ex.params],
            "after": [trace.updated[p] for p in ex.params],
        }
    )


def check_frame(trace: Trace, tf_loss: float, tf_grads: dict[str, float]) -> pd.DataFrame:
    ex = trace.example
    names = leaf_names(ex)
    labels = {n.name: plain(n.label) for n in ex.graph}
    rows = [("L (loss)", trace.loss, tf_loss)] + [
        (f"∂L/∂{labels[n]}", trace.grads[n], tf_grads[n]) for n in names
    ]
    return pd.DataFrame(
        {
            "quantity": [r[0] for r in rows],
            "this page (by hand)": [r[1] for r in rows],
            "tf.GradientTape": [r[2] for r in rows],
            "|difference|": [abs(r[1] - r[2]) for r in rows],
        }
    )


def code(example: Example, leaves: dict[str, float], lr: float) -> str:
    """TensorFlow code that reproduces this example's loss, gradients and update."""
    v = {k: repr(float(val)) for k, val in leaves.items()}
    if example.key == "expr":
        return f"""import tensorflow as tf

a, b, c = (tf.Variable({v["a"]}), tf.Variable({v["b"]}), tf.Variable({v["c"]}))
with tf.GradientTape() as tape:
    d = a + b          # add gate: passes the gradient through unchanged
    e = d * c          # multiply gate: swaps the inputs
grads = tape.gradient(e, [a, b, c])
print(e.numpy(), [g.numpy() for g in grads])   # de/da = c, de/db = c, de/dc = a + b

for var, g in zip([a, b, c], grads):           # one gradient-descent step, lr = {lr:g}
    var.assign_sub({lr:g} * g)
"""
    if example.key == "mlp":
        return f"""import numpy as np
import tensorflow as tf
import keras

x = np.array([[{v["x1"]}, {v["x2"]}]]); y = np.array([[{v["y"]}]])
model = keras.Sequential([keras.Input((2,)),
                          keras.layers.Dense(2, activation="sigmoid"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.set_weights([np.array([[{v["w1"]}, {v["w3"]}], [{v["w2"]}, {v["w4"]}]]),   # kernel (inputs x units)
                   np.array([{v["b1"]}, {v["b2"]}]),
                   np.array([[{v["w5"]}], [{v["w6"]}]]),
                   np.array([{v["b3"]}])])
with tf.GradientTape() as tape:
    loss = tf.reduce_sum((y - model(x)) ** 2)        # the slides' (y - ŷ)²
grads = tape.gradient(loss, model.trainable_variables)
keras.optimizers.SGD(learning_rate={lr:g}).apply(grads, model.trainable_variables)

# the slides' numpy version (sigmoid_derivative takes the sigmoid's output):
#   d_weights2 = layer1.T @ (2 * (y - output) * sigmoid_derivative(output))
#   weights2 += d_weights2     # += because (y - output) already carries the minus sign
"""
    return f"""import numpy as np
import keras

x = np.array([[0.9, -0.2], [0.75, 0.6]]); y = np.array([[0.0], [1.0]])   # d1, d2
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
model.set_weights([np.array([[{v["w1"]}], [{v["w2"]}]]), np.array([{v["b"]}])])
model.compile(optimizer=keras.optimizers.SGD(learning_rate={lr:g}),
              loss=keras.losses.BinaryCrossentropy())
model.fit(x, y, batch_size=1, epochs=1, shuffle=False)   # SGD: one point per update, d1 then d2
print(model.get_weights())
"""
