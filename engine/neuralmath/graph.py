"""Scalar computational graphs: forward values, local derivatives, backpropagation.

A graph is a tuple of :class:`Node` in topological order (leaves first). Leaves
hold numbers (data or trainable parameters); every other node applies one op
to earlier nodes. :func:`forward` computes every value, :func:`backward` walks
the ops in reverse and records, for each, the upstream gradient, each input's
local derivative and the chain-rule product that is added to that input's
gradient (inputs used twice accumulate).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

OPS = ("leaf", "add", "mul", "linear", "sigmoid", "sqerr", "bce")


@dataclass(frozen=True)
class Node:
    """One node. ``role``: ``data`` / ``param`` (leaves) or ``op`` / ``loss``.

    ``inputs`` name earlier nodes; ``linear`` takes ``(w1, x1, w2, x2, ..., b)``,
    ``sqerr`` and ``bce`` take ``(prediction, target)``. ``pos`` is the drawing
    position ``(x, y)`` in graph units; ``label`` the display name.
    """

    name: str
    op: str
    inputs: tuple[str, ...]
    label: str
    role: str
    pos: tuple[float, float]


@dataclass(frozen=True)
class LocalGrad:
    """The chain-rule term one op sends to one input.

    ``formula``: the local derivative in LaTeX (symbols); ``local``: its value;
    ``product`` = upstream * local, added to the input's gradient.
    """

    input: str
    formula: str
    local: float
    product: float


@dataclass(frozen=True)
class BackwardStep:
    """Backpropagation through one op node: ``upstream`` = dL/d(node), then one term per input."""

    node: str
    upstream: float
    terms: tuple[LocalGrad, ...]


def _sig(v: float) -> float:
    return 1.0 / (1.0 + math.exp(-v)) if v >= 0 else math.exp(v) / (1.0 + math.exp(v))


def _eval(node: Node, v: Mapping[str, float]) -> float:
    xs = [v[i] for i in node.inputs]
    if node.op == "add":
        return sum(xs)
    if node.op == "mul":
        return xs[0] * xs[1]
    if node.op == "linear":
        return sum(xs[i] * xs[i + 1] for i in range(0, len(xs) - 1, 2)) + xs[-1]
    if node.op == "sigmoid":
        return _sig(xs[0])
    if node.op == "sqerr":
        return (xs[1] - xs[0]) ** 2
    if node.op == "bce":
        p, y = xs
        if not 0.0 < p < 1.0:
            raise ValueError("the prediction reached exactly 0 or 1: the log in the loss is infinite")
        return -(y * math.log(p) + (1.0 - y) * math.log(1.0 - p))
    raise ValueError(f"unknown op {node.op!r}")


def _locals(node: Node, v: Mapping[str, float], labels: Mapping[str, str]) -> list[tuple[str, str, float]]:
    """``(input, formula, value)`` of every input's local derivative."""
    xs = [v[i] for i in node.inputs]
    out = node.label
    if node.op == "add":
        return [(i, "1", 1.0) for i in node.inputs]
    if node.op == "mul":
        a, b = node.inputs
        return [(a, labels[b], xs[1]), (b, labels[a], xs[0])]
    if node.op == "linear":
        terms = []
        for k in range(0, len(xs) - 1, 2):
            w, x = node.inputs[k], node.inputs[k + 1]
            terms.append((w, labels[x], xs[k + 1]))
            terms.append((x, labels[w], xs[k]))
        terms.append((node.inputs[-1], "1", 1.0))
        return terms
    if node.op == "sigmoid":
        s = v[node.name]
        return [(node.inputs[0], rf"{out}(1-{out})", s * (1.0 - s))]
    if node.op == "sqerr":
        p, y = node.inputs
        return [
            (p, rf"-2({labels[y]}-{labels[p]})", -2.0 * (xs[1] - xs[0])),
            (y, rf"2({labels[y]}-{labels[p]})", 2.0 * (xs[1] - xs[0])),
        ]
    if node.op == "bce":
        p, y = node.inputs
        pv, yv = xs
        return [
            (
                p,
                rf"-\frac{{{labels[y]}}}{{{labels[p]}}}+\frac{{1-{labels[y]}}}{{1-{labels[p]}}}",
                -yv / pv + (1 - yv) / (1 - pv),
            ),
            (y, rf"\ln(1-{labels[p]})-\ln {labels[p]}", math.log(1 - pv) - math.log(pv)),
        ]
    raise ValueError(f"unknown op {node.op!r}")


def forward(graph: tuple[Node, ...], leaves: Mapping[str, float]) -> dict[str, float]:
    """Every node's value; ``leaves`` maps each leaf name to its number."""
    values: dict[str, float] = {}
    for node in graph:
        if node.op == "leaf":
            values[node.name] = float(leaves[node.name])
        else:
            values[node.name] = _eval(node, values)
        if not math.isfinite(values[node.name]):
            raise ValueError(f"{node.label} is not a finite number: lower the inputs or weights")
    return values


def backward(
    graph: tuple[Node, ...], values: Mapping[str, float]
) -> tuple[dict[str, float], list[BackwardStep]]:
    """Gradients ``dL/d(node)`` of the last node L w.r.t. every node, and the steps in backward order."""
    labels = {n.name: n.label for n in graph}
    grads = {n.name: 0.0 for n in graph}
    grads[graph[-1].name] = 1.0
    steps: list[BackwardStep] = []
    for node in reversed(graph):
        if node.op == "leaf":
            continue
        up = grads[node.name]
        terms = []
        for name, formula, local in _locals(node, values, labels):
            grads[name] += up * local
            terms.append(LocalGrad(name, formula, local, up * local))
        steps.append(BackwardStep(node.name, up, tuple(terms)))
    return grads, steps


def op_formula(node: Node, labels: Mapping[str, str]) -> str:
    """The op as a LaTeX formula in symbols, e.g. ``d = a + b``."""
    ins = [labels[i] for i in node.inputs]
    rhs = {
        "add": lambda: " + ".join(ins),
        "mul": lambda: rf"{ins[0]} \cdot {ins[1]}",
        "linear": lambda: " + ".join(
            [rf"{ins[k]}{ins[k + 1]}" for k in range(0, len(ins) - 1, 2)] + [ins[-1]]
        ),
        "sigmoid": lambda: rf"\sigma({ins[0]})",
        "sqerr": lambda: rf"({ins[1]} - {ins[0]})^2",
        "bce": lambda: rf"-[{ins[1]}\ln {ins[0]} + (1-{ins[1]})\ln(1-{ins[0]})]",
    }[node.op]()
    return f"{node.label} = {rhs}"


def op_numbers(node: Node, values: Mapping[str, float], fmt=lambda v: f"{v:.4g}") -> str:
    """The same op with the numbers substituted (LaTeX)."""
    xs = [fmt(values[i]) for i in node.inputs]
    wrap = [f"({x})" if x.startswith("-") else x for x in xs]
    rhs = {
        "add": lambda: " + ".join(wrap),
        "mul": lambda: rf"{wrap[0]} \cdot {wrap[1]}",
        "linear": lambda: " + ".join(
            [rf"{wrap[k]}\cdot{wrap[k + 1]}" for k in range(0, len(xs) - 1, 2)] + [wrap[-1]]
        ),
        "sigmoid": lambda: rf"\frac{{1}}{{1+e^{{-{wrap[0]}}}}}",
        "sqerr": lambda: rf"({wrap[1]} - {wrap[0]})^2",
        "bce": lambda: rf"-[{wrap[1]}\ln {wrap[0]} + (1-{wrap[1]})\ln(1-{wrap[0]})]",
    }[node.op]()
    return f"{rhs} = {fmt(values[node.name])}"
