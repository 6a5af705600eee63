"""The three backpropagation examples of the slides, a step-through trace, and the SGD update.

* ``expr``: ``e = (a + b) * c`` (slides 001; CS231n's numbers a=-2, b=5, c=-4);
* ``mlp``: a 2-2-1 sigmoid network with the squared error ``(y - ŷ)²`` (slides 002;
  start values of the well-known worked example: x = (0.05, 0.10), y = 0.01);
* ``bce``: one sigmoid neuron trained by SGD with binary cross-entropy on the two points
  d1 = (0.9, -0.2), y = 0 and d2 = (0.75, 0.6), y = 1, learning rate 0.01 (slides 004).

Steps of a trace: 0 = only the leaves are known; ``1..n_ops`` compute one op each
(forward); ``n_ops+1..2 n_ops`` backpropagate through one op each; ``2 n_ops + 1``
applies the update ``θ ← θ - lr ∂L/∂θ`` to every parameter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from engine.neuralmath.graph import BackwardStep, Node, backward, forward


@dataclass(frozen=True)
class Example:
    """A graph with default leaf values, the data samples it cycles through, and its learning rate.

    ``samples``: per sample, the values of the data leaves (SGD visits them in turn).
    """

    key: str
    title: str
    graph: tuple[Node, ...]
    defaults: dict[str, float]
    samples: tuple[dict[str, float], ...]
    lr: float
    story: str

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(n.name for n in self.graph if n.role == "param")

    @property
    def data_leaves(self) -> tuple[str, ...]:
        return tuple(n.name for n in self.graph if n.role == "data")

    @property
    def n_ops(self) -> int:
        return sum(1 for n in self.graph if n.op != "leaf")

    @property
    def n_steps(self) -> int:
        """Index of the last step (the update)."""
        return 2 * self.n_ops + 1

    def labels(self) -> dict[str, str]:
        return {n.name: n.label for n in self.graph}


def _leaf(name: str, label: str, role: str, x: float, y: float) -> Node:
    return Node(name, "leaf", (), label, role, (x, y))


_EXPR = Example(
    "expr",
    "e = (a + b) · c",
    (
        _leaf("a", "a", "param", 0, 2),
        _leaf("b", "b", "param", 0, 1),
        _leaf("c", "c", "param", 0, -0.3),
        Node("d", "add", ("a", "b"), "d", "op", (1.4, 1.5)),
        Node("e", "mul", ("d", "c"), "e", "loss", (2.8, 0.8)),
    ),
    {"a": -2.0, "b": 5.0, "c": -4.0},
    ({},),
    0.01,
    "The smallest graph with both kinds of gate: an add gate (d = a + b) hands its upstream "
    "gradient unchanged to both inputs, a multiply gate (e = d·c) hands each input the *other* "
    "input's value times the upstream gradient. The update moves a, b, c against their "
    "gradients, so e goes down. The slides (deck 001) draw this graph without numbers; "
    "a = -2, b = 5, c = -4 are the values of Stanford's CS231n notes.",
)

_MLP = Example(
    "mlp",
    "2-2-1 sigmoid network, squared error",
    (
        _leaf("x1", "x_1", "data", 0, 3.0),
        _leaf("x2", "x_2", "data", 0, 0.0),
        _leaf("w1", "w_1", "param", 1.2, 5.2),
        _leaf("w2", "w_2", "param", 2.0, 5.4),
        _leaf("b1", "b_1", "param", 2.8, 5.2),
        _leaf("w3", "w_3", "param", 1.2, -2.2),
        _leaf("w4", "w_4", "param", 2.0, -2.4),
        _leaf("b2", "b_2", "param", 2.8, -2.2),
        Node("z1", "linear", ("w1", "x1", "w2", "x2", "b1"), "z_1", "op", (2.0, 3.2)),
        Node("z2", "linear", ("w3", "x1", "w4", "x2", "b2"), "z_2", "op", (2.0, -0.2)),
        Node("h1", "sigmoid", ("z1",), "h_1", "op", (3.2, 3.2)),
        Node("h2", "sigmoid", ("z2",), "h_2", "op", (3.2, -0.2)),
        _leaf("w5", "w_5", "param", 4.3, 4.2),
        _leaf("w6", "w_6", "param", 4.3, -1.2),
        _leaf("b3", "b_3", "param", 5.1, 4.2),
        Node("z3", "linear", ("w5", "h1", "w6", "h2", "b3"), "z_3", "op", (5.1, 1.5)),
        Node("yhat", "sigmoid", ("z3",), r"\hat{y}", "op", (6.2, 1.5)),
        _leaf("y", "y", "data", 6.6, -0.3),
        Node("L", "sqerr", ("yhat", "y"), "L", "loss", (7.3, 1.5)),
    ),
    {
        "x1": 0.05,
        "x2": 0.10,
        "w1": 0.15,
        "w2": 0.20,
        "b1": 0.35,
        "w3": 0.25,
        "w4": 0.30,
        "b2": 0.35,
        "w5": 0.40,
        "w6": 0.45,
        "b3": 0.60,
        "y": 0.01,
    },
    ({"x1": 0.05, "x2": 0.10, "y": 0.01},),
    0.5,
    "ŷ = σ(W₂ σ(W₁x + b₁) + b₂) with the slides' loss (y - ŷ)². Watch the sigmoid gates: each "
    "multiplies the gradient by σ(1-σ) ≤ 0.25, so the hidden weights get much smaller "
    "gradients than the output weights.",
)

_BCE = Example(
    "bce",
    "one sigmoid neuron, binary cross-entropy, SGD on 2 points",
    (
        _leaf("x1", "x_1", "data", 0, 2.4),
        _leaf("x2", "x_2", "data", 0, 0.4),
        _leaf("w1", "w_1", "param", 1.0, 3.6),
        _leaf("w2", "w_2", "param", 1.0, -0.8),
        _leaf("b", "b", "param", 1.9, 3.6),
        Node("z", "linear", ("w1", "x1", "w2", "x2", "b"), "z", "op", (2.0, 1.4)),
        Node("p", "sigmoid", ("z",), r"\hat{y}", "op", (3.1, 1.4)),
        _leaf("y", "y", "data", 3.6, -0.2),
        Node("L", "bce", ("p", "y"), "L", "loss", (4.3, 1.4)),
    ),
    {"x1": 0.9, "x2": -0.2, "w1": 0.5, "w2": -0.3, "b": 0.1, "y": 0.0},
    ({"x1": 0.9, "x2": -0.2, "y": 0.0}, {"x1": 0.75, "x2": 0.6, "y": 1.0}),
    0.01,
    "The slides' setting: data d₁ = [0.9, -0.2] (y = 0) and d₂ = [0.75, 0.6] (y = 1), "
    "learning rate 0.01, stochastic gradient descent (one point per update, in turn), binary "
    "cross-entropy. The slides do not fix the starting weights: these are ours, edit them. "
    "Note ∂L/∂z = ŷ - y: sigmoid and cross-entropy cancel into the simplest gradient there is.",
)

EXAMPLES: dict[str, Example] = {e.key: e for e in (_EXPR, _MLP, _BCE)}


def leaf_names(example: Example) -> tuple[str, ...]:
    """The editable leaves in graph order (data and parameters)."""
    return tuple(n.name for n in example.graph if n.op == "leaf")


def default_values(example: Example) -> tuple[float, ...]:
    return tuple(example.defaults[n] for n in leaf_names(example))


@dataclass(frozen=True)
class Trace:
    """Everything the step-through shows for one set of leaf values.

    ``values``: every node's forward value; ``grads``: dL/d(node); ``steps``: the backward
    steps in order; ``updated``: the parameters after one SGD step; ``new_loss``: the loss of
    the same sample after it; ``total_loss`` / ``new_total_loss``: mean loss over all samples
    before and after.
    """

    example: Example
    values: dict[str, float]
    grads: dict[str, float]
    steps: tuple[BackwardStep, ...]
    lr: float
    updated: dict[str, float]
    new_loss: float
    total_loss: float
    new_total_loss: float

    @property
    def loss(self) -> float:
        return self.values[self.example.graph[-1].name]


def _mean_loss(example: Example, leaves: dict[str, float]) -> float:
    losses = [forward(example.graph, {**leaves, **s})[example.graph[-1].name] for s in example.samples]
    return sum(losses) / len(losses)


def trace(example: Example, leaves: dict[str, float], lr: float) -> Trace:
    """Forward, backward and the SGD update for ``leaves`` (every leaf of the graph)."""
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError("the learning rate must be a positive number")
    values = forward(example.graph, leaves)
    grads, steps = backward(example.graph, values)
    updated = {p: leaves[p] - lr * grads[p] for p in example.params}
    after = {**leaves, **updated}
    new_loss = forward(example.graph, after)[example.graph[-1].name]
    return Trace(
        example,
        values,
        grads,
        tuple(steps),
        lr,
        updated,
        new_loss,
        _mean_loss(example, leaves),
        _mean_loss(example, after),
    )


def tf_gradients(example: Example, leaves: dict[str, float]) -> tuple[float, dict[str, float]]:
    """The loss and dL/d(leaf) for every leaf by ``tf.GradientTape`` (float64), for checking."""
    from engine.tf_runtime import get_tf

    tf = get_tf()
    var = {n: tf.Variable(float(leaves[n]), dtype=tf.float64) for n in leaf_names(example)}
    with tf.GradientTape() as tape:
        t: dict = dict(var)
        for node in example.graph:
            if node.op == "leaf":
                continue
            xs = [t[i] for i in node.inputs]
            if node.op == "add":
                t[node.name] = tf.add_n(xs)
            elif node.op == "mul":
                t[node.name] = xs[0] * xs[1]
            elif node.op == "linear":
                t[node.name] = tf.add_n([xs[k] * xs[k + 1] for k in range(0, len(xs) - 1, 2)] + [xs[-1]])
            elif node.op == "sigmoid":
                t[node.name] = tf.sigmoid(xs[0])
            elif node.op == "sqerr":
                t[node.name] = tf.square(xs[1] - xs[0])
            elif node.op == "bce":
                t[node.name] = -(xs[1] * tf.math.log(xs[0]) + (1 - xs[1]) * tf.math.log(1 - xs[0]))
        loss = t[example.graph[-1].name]
    grads = tape.gradient(loss, list(var.values()))
    return float(loss.numpy()), {n: float(g.numpy()) for n, g in zip(var, grads, strict=True)}
