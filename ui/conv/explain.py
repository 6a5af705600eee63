"""Formulas with the live numbers, and copyable numpy/Keras code, for the convolution pages."""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.conv.shapes import SizeReport
from engine.conv.step import StepProblem


def size_latex(r: SizeReport, symbol: str = "O", n: str = "N", dilation: bool = True) -> str:
    """The output-size formula, then the same with this axis's numbers (``n`` names the input size)."""
    d_general = r"D\,(K-1)" if dilation else "K"
    general = rf"\left\lfloor \frac{{{n} + 2P - {d_general} - 1}}{{S}} \right\rfloor + 1"
    if not dilation:
        general = rf"\left\lfloor \frac{{{n} + 2P - K}}{{S}} \right\rfloor + 1"
    pad = r.before + r.after
    d_num = f"{r.dilation}\\cdot({r.k}-1) - 1" if dilation else f"{r.k}"
    num = f"{r.n} + {pad} - {d_num}".replace("\\\\", "\\")
    if r.out <= 0:
        return f"{symbol} = {general} = \\left\\lfloor \\frac{{{num}}}{{{r.stride}}} \\right\\rfloor + 1 = \\text{{no output}}"
    quotient = r.numerator / r.stride
    q = f"{quotient:.2f}".rstrip("0").rstrip(".")
    step = f" = \\lfloor {q} \\rfloor + 1" if r.leftover else ""
    return f"{symbol} = {general} = \\left\\lfloor \\frac{{{num}}}{{{r.stride}}} \\right\\rfloor + 1{step} = {r.out}"


def leftover_text(r: SizeReport) -> str:
    """Plain words for a stride that does not tile the padded input ("" when it does)."""
    if r.out <= 0 or r.leftover == 0:
        return ""
    return (
        f"The stride does not fit exactly: (N + 2P − D(K−1) − 1) / S = {r.numerator}/{r.stride} is not a whole "
        f"number, so the last {r.leftover} row(s) and column(s) of the padded input are never reached by the "
        "window (tinted red in the view). TensorFlow/Keras silently drop them (they floor the division); "
        "CS231n calls such settings invalid. Change the padding or stride to make it exact."
    )


def _arr(a: np.ndarray) -> str:
    """A 2-D array as one-line-per-row Python (integers without decimals)."""
    vals = a.astype(int) if np.all(a == np.round(a)) else a
    rows = ", ".join("[" + ", ".join(f"{v:g}" for v in r) + "]" for r in vals)
    return f"np.array([{rows}])"


def _stack(arrays: list[str], indent: str, comment: str) -> str:
    inner = "".join(f"{indent}    {a},  # {comment}{i}]\n" for i, a in enumerate(arrays))
    return f"np.stack([\n{inner}{indent}], axis=-1)"


def conv_code(x: np.ndarray, w: np.ndarray, b: np.ndarray, padding: int, stride: int, dilation: int) -> str:
    """numpy loops and the TensorFlow call that give the same output."""
    x_code = _stack([_arr(x[:, :, c]) for c in range(x.shape[2])], "", "x[:, :, ")
    filters = [
        _stack([_arr(w[:, :, c, f]) for c in range(w.shape[2])], "    ", f"w{f}[:, :, ")
        for f in range(w.shape[3])
    ]
    keras_part = (
        "\n# The same as a Keras layer with these weights (zero padding as its own layer)\n"
        "import keras\n\n"
        "model = keras.Sequential([\n"
        f"    keras.Input(shape={x.shape}),\n"
        "    keras.layers.ZeroPadding2D(P),\n"
        "    keras.layers.Conv2D(F, K, strides=S, dilation_rate=D),\n"
        "])\n"
        "model.layers[-1].set_weights([w, b])\n"
        "print(np.allclose(model(x[None])[0], out))\n"
        if stride == 1 or dilation == 1
        else "\n# (Keras's Conv2D refuses strides > 1 together with dilation_rate > 1; tf.nn.conv2d above on CPU too.)\n"
    )
    w_code = "np.stack([\n" + "".join(f"    {fc},  # W{f}\n" for f, fc in enumerate(filters)) + "], axis=-1)"
    return f"""import numpy as np
import tensorflow as tf

x = {x_code}.astype(np.float32)  # (H, W, C) = {x.shape}
w = {w_code}.astype(np.float32)  # (K, K, C, F) = {w.shape}
b = np.array({b.tolist()}, dtype=np.float32)
P, S, D = {padding}, {stride}, {dilation}

# numpy: one output cell = sum(window * filter) + bias
xp = np.pad(x, ((P, P), (P, P), (0, 0)))
K, F = w.shape[0], w.shape[3]
O = (xp.shape[0] - D * (K - 1) - 1) // S + 1
out = np.zeros((O, O, F), dtype=np.float32)
for i in range(O):
    for j in range(O):
        window = xp[i * S : i * S + D * (K - 1) + 1 : D, j * S : j * S + D * (K - 1) + 1 : D]  # (K, K, C)
        for f in range(F):
            out[i, j, f] = np.sum(window * w[:, :, :, f]) + b[f]

# TensorFlow (what a Keras Conv2D layer computes)
ref = tf.nn.conv2d(x[None], w, strides=S, padding=[[0, 0], [P, P], [P, P], [0, 0]], dilations=D)[0] + b
print(out[:, :, 0], np.allclose(out, ref))
{keras_part}"""


def conv_math(p: StepProblem) -> None:
    """The convolution page's "How it works": the formula and this layer's counts."""
    st.markdown(
        "Each output number is a **dot product**: lay the filter on a window of the (padded) input, multiply "
        "the overlapping numbers pairwise across *all* input channels, add them up, add the filter's bias."
    )
    st.latex(
        r"o[i, j, f] = b_f + \sum_{c=0}^{C-1}\sum_{a=0}^{K-1}\sum_{b=0}^{K-1}"
        r" x_{pad}[iS + aD,\; jS + bD,\; c]\cdot w_f[a, b, c]"
    )
    k, c_in, f_out = p.kernel, p.channels, p.filters
    n_products = k * k * c_in
    if p.out is not None:
        o = p.out.shape[0]
        st.markdown(
            f"Here every output cell needs **{k}·{k}·{c_in} = {n_products}** multiplications; "
            f"the output has {o}·{o}·{f_out} = **{o * o * f_out}** cells, so the layer does "
            f"**{n_products * o * o * f_out:,}** multiply-adds. It has {f_out}·({n_products} + 1) = "
            f"**{f_out * (n_products + 1)}** parameters: the weights are *shared* by every window position."
        )
    st.markdown(
        "- **Padding** adds a ring of zeros so border pixels get their own window (and the output keeps its size "
        "with stride 1 when P = (K − 1)/2).\n"
        "- **Stride** is how far the window jumps; stride 2 roughly halves each side.\n"
        "- **Dilation** spreads the taps apart: a K×K kernel covers D(K − 1) + 1 cells.\n"
        "- Deep-learning 'convolution' does not flip the kernel (mathematicians call it cross-correlation)."
    )
