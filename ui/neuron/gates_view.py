"""Tables, sums and cached training runs of the logic-gates page."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from engine.neuron import gates


@st.cache_data(max_entries=64, show_spinner=False)
def train_single_cached(gate: str, seed: int, learning_rate: float, epochs: int) -> gates.SingleFit:
    """:func:`engine.neuron.gates.train_single`, cached per settings (pure and seeded)."""
    return gates.train_single(gate, seed, learning_rate, epochs)


@st.cache_data(max_entries=64, show_spinner=False)
def train_net_cached(gate: str, seed: int, learning_rate: float, epochs: int) -> gates.NetFit:
    """:func:`engine.neuron.gates.train_net`, cached per settings (pure and seeded)."""
    return gates.train_net(gate, seed, learning_rate, epochs)


def truth_frame(table: gates.NeuronTable) -> pd.DataFrame:
    """The truth table with z, sigma(z), the neuron's answer and a tick per row."""
    return pd.DataFrame(
        {
            "x1": gates.INPUTS[:, 0].astype(int),
            "x2": gates.INPUTS[:, 1].astype(int),
            "target": table.target.astype(int),
            "z": [_tidy(v) for v in table.z],
            "σ(z)": [f"{v:.5f}" for v in table.out],
            "neuron says": [
                str(int(v)) if sure else "? (σ ≈ 0.5)"
                for v, sure in zip(table.predicted, table.decided, strict=True)
            ],
            "right?": [
                ("✓ yes" if ok else "✗ no") if sure else "– undecided"
                for ok, sure in zip(table.predicted == table.target, table.decided, strict=True)
            ],
        }
    )


def hidden_table(net: gates.TwoLayerNet) -> pd.DataFrame:
    """Each input's hidden activations (h1, h2) and the network's output against XOR."""
    h = net.hidden(gates.INPUTS)
    out = net.forward(gates.INPUTS)
    target = gates.TRUTH["XOR"]
    return pd.DataFrame(
        {
            "x1": gates.INPUTS[:, 0].astype(int),
            "x2": gates.INPUTS[:, 1].astype(int),
            "h1": np.round(h[:, 0], 4),
            "h2": np.round(h[:, 1], 4),
            "output": np.round(out, 4),
            "XOR": target.astype(int),
            "right?": ["✓ yes" if ok else "✗ no" for ok in (out >= 0.5) == target.astype(bool)],
        }
    )


def _tidy(v: float) -> float:
    """3 significant digits; rounding noise (|v| < 1e-6) shown as 0."""
    return 0.0 if abs(v) < 1e-6 else float(f"{v:.3g}")


def _term(w: float, x: float) -> str:
    return f"{w:g} \\cdot {x:g}" if w >= 0 else f"({w:g}) \\cdot {x:g}"


def render_neuron_sums(w1: float, w2: float, b: float, table: gates.NeuronTable) -> None:
    """z = b + w1*x1 + w2*x2 for each row, with sigma(z), in LaTeX (the slides' layout)."""
    w1r, w2r, br = (_tidy(v) for v in (w1, w2, b))
    lines = []
    for (x1, x2), z, out, pred in zip(gates.INPUTS, table.z, table.out, table.predicted, strict=True):
        lines.append(
            rf"({x1:g}, {x2:g}):\; z = {br:g} + {_term(w1r, x1)} + {_term(w2r, x2)} = {_tidy(z):g}"
            rf"\;\Rightarrow\; \sigma(z) = {out:.4f} \approx {int(pred)}"
        )
    st.latex(r"\begin{aligned}" + r"\\ ".join(lines).replace(":\\;", "&:\\;") + r"\end{aligned}")
