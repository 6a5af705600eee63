"""The equations of the selected step with their live values (LaTeX), from the engine's numbers."""

from __future__ import annotations

import numpy as np

from engine.sequences.cell.analysis import CellRun

SIGMA = r"\sigma"


def vec(values: np.ndarray) -> str:
    """A column vector with 2 decimals."""
    return (
        r"\begin{pmatrix}"
        + r"\\".join(f"{round(float(v), 2) + 0.0:.2f}" for v in np.ravel(values))
        + r"\end{pmatrix}"
    )


def _pre(run: CellRun, name: str, t: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Step t's input part W x_t, recurrent part U h_{t-1} and bias of gate ``name``."""
    w, x, h = run.weights, run.trace.x[t - 1], run.trace.h[t - 1]
    if w.kind == "gru":
        return (
            x @ w.block(w.kernel, name),
            h @ w.block(w.recurrent, name),
            w.block(w.bias[0] + w.bias[1], name),
        )
    return x @ w.block(w.kernel, name), h @ w.block(w.recurrent, name), w.block(w.bias, name)


def _gate_line(run: CellRun, t: int, symbol: str, name: str, fn: str, value: np.ndarray) -> str:
    wx, uh, b = _pre(run, name, t)
    k = name if name != "a" else ""
    sub = f"_{{{k}}}" if k else ""
    return (
        rf"{symbol} &= {fn}(W{sub} x_t + U{sub} h_{{t-1}} + b{sub}) = {fn}\left({vec(wx)} + {vec(uh)} + "
        rf"{vec(b)}\right) = {vec(value)}"
    )


def forward_latex(run: CellRun, t: int) -> str:
    """The cell's equations at step t, every term with its numbers (aligned LaTeX)."""
    tr, p = run.trace, run.trace.parts
    head = rf"x_{{{t}}} &= {float(tr.x[t - 1, 0]):g}, \quad h_{{{t - 1}}} = {vec(tr.h[t - 1])}"
    if run.kind == "rnn":
        fn = r"\tanh" if run.weights.activation == "tanh" else r"\mathrm{id}"
        lines = [_gate_line(run, t, "h_t", "a", fn, tr.h[t])]
    elif run.kind == "lstm":
        j = t - 1
        lines = [
            rf"c_{{{t - 1}}} &= {vec(tr.c[t - 1])}",
            _gate_line(run, t, "f_t", "f", SIGMA, p["f"][j]),
            _gate_line(run, t, "i_t", "i", SIGMA, p["i"][j]),
            _gate_line(run, t, r"\tilde c_t", "g", r"\tanh", p["g"][j]),
            _gate_line(run, t, "o_t", "o", SIGMA, p["o"][j]),
            rf"c_t &= f_t \odot c_{{t-1}} + i_t \odot \tilde c_t = {vec(p['f'][j])} \odot {vec(tr.c[t - 1])} + "
            rf"{vec(p['i'][j])} \odot {vec(p['g'][j])} = {vec(tr.c[t])}",
            rf"h_t &= o_t \odot \tanh(c_t) = {vec(p['o'][j])} \odot {vec(np.tanh(tr.c[t]))} = {vec(tr.h[t])}",
        ]
    else:
        j = t - 1
        w = run.weights
        xn = tr.x[j] @ w.block(w.kernel, "n") + w.block(w.bias[0], "n")
        lines = [
            _gate_line(run, t, "z_t", "z", SIGMA, p["z"][j]),
            _gate_line(run, t, "r_t", "r", SIGMA, p["r"][j]),
            rf"n_t &= \tanh\big(W_n x_t + b_n + r_t \odot (U_n h_{{t-1}} + b'_n)\big) = \tanh\left({vec(xn)} + "
            rf"{vec(p['r'][j])} \odot {vec(p['hn'][j])}\right) = {vec(p['n'][j])}",
            rf"h_t &= z_t \odot h_{{t-1}} + (1 - z_t) \odot n_t = {vec(p['z'][j])} \odot {vec(tr.h[t - 1])} + "
            rf"{vec(1 - p['z'][j])} \odot {vec(p['n'][j])} = {vec(tr.h[t])}",
        ]
    return r"\begin{aligned}" + r" \\[4pt] ".join([head, *lines]) + r"\end{aligned}"


def backward_latex(run: CellRun, t: int) -> str:
    """One step back through time, from step t to t-1, with the norms (two lines)."""
    return r"\begin{gathered}" + _backward(run, t) + r"\end{gathered}"


def _backward(run: CellRun, t: int) -> str:
    g, tr, p = run.grads, run.trace, run.trace.parts
    n = np.linalg.norm
    if run.kind == "lstm":
        f = p["f"][t - 1]
        return (
            r"\frac{\partial L}{\partial c_{t-1}} = \underbrace{f_t \odot \frac{\partial L}{\partial c_t}}"
            r"_{\text{cell path: no matrix, no squashing}} + \frac{\partial L}{\partial h_{t-1}} \odot o_{t-1} "
            r"\odot (1 - \tanh^2 c_{t-1}) \\ "
            rf" \Big\|\frac{{\partial L}}{{\partial c_{{{t}}}}}\Big\| = {n(g.dc[t]):.3g},\;"
            rf"\Big\|f_{{{t}}} \odot \frac{{\partial L}}{{\partial c_{{{t}}}}}\Big\| = {n(f * g.dc[t]):.3g},\;"
            rf"\Big\|\frac{{\partial L}}{{\partial c_{{{t - 1}}}}}\Big\| = {n(g.dc[t - 1]):.3g}"
            rf"\quad (\text{{mean }} f_{{{t}}} = {float(f.mean()):.2f})"
        )
    if run.kind == "gru":
        z = p["z"][t - 1]
        return (
            r"\frac{\partial L}{\partial h_{t-1}} = \underbrace{z_t \odot \frac{\partial L}{\partial h_t}}"
            r"_{\text{copy path}} + (\text{paths through } z_t,\ r_t,\ n_t) \\ "
            rf" \Big\|\frac{{\partial L}}{{\partial h_{{{t}}}}}\Big\| = {n(g.dh[t]):.3g},\;"
            rf"\Big\|z_{{{t}}} \odot \frac{{\partial L}}{{\partial h_{{{t}}}}}\Big\| = {n(z * g.dh[t]):.3g},\;"
            rf"\Big\|\frac{{\partial L}}{{\partial h_{{{t - 1}}}}}\Big\| = {n(g.dh[t - 1]):.3g}"
        )
    slope = 1 - tr.h[t] ** 2 if run.weights.activation == "tanh" else np.ones_like(tr.h[t])
    sigma_max = float(np.linalg.norm(run.weights.recurrent, 2))
    ratio = n(g.dh[t - 1]) / n(g.dh[t]) if n(g.dh[t]) > 0 else float("nan")
    return (
        r"\frac{\partial L}{\partial h_{t-1}} = U^\top\Big(\frac{\partial L}{\partial h_t} \odot "
        + (r"(1 - h_t^2)" if run.weights.activation == "tanh" else r"1")
        + r"\Big) \\ "
        + rf" \Big\|\frac{{\partial L}}{{\partial h_{{{t}}}}}\Big\| = {n(g.dh[t]):.3g} \;\to\; "
        rf"\Big\|\frac{{\partial L}}{{\partial h_{{{t - 1}}}}}\Big\| = {n(g.dh[t - 1]):.3g}"
        rf"\quad (\times {ratio:.3g} \le \sigma_{{\max}}(U) \cdot \max \text{{slope}} = {sigma_max:.2f} \cdot "
        rf"{float(slope.max()):.2f})"
    )
