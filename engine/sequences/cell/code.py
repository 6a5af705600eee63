"""Code a learner can copy: the page's cell in numpy (same weights), then checked with Keras."""

from __future__ import annotations

from engine.sequences.cell.cells import GATES
from engine.sequences.cell.config import CellConfig, make_sequence

STEP = {
    "rnn": """\
def step(x, h):
    a = x @ W + h @ U + b
    return {act}(a)
""",
    "lstm": """\
def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def step(x, h, c):
    i, f, g, o = np.split(x @ W + h @ U + b, 4, axis=-1)  # Keras's gate order: i, f, c, o
    i, f, g, o = sigmoid(i), sigmoid(f), np.tanh(g), sigmoid(o)
    c = f * c + i * g
    return o * np.tanh(c), c
""",
    "gru": """\
def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def step(x, h):  # Keras's GRU, reset_after=True: gates z, r, candidate n
    xz, xr, xn = np.split(x @ W + b[0], 3, axis=-1)
    hz, hr, hn = np.split(h @ U + b[1], 3, axis=-1)
    z, r = sigmoid(xz + hz), sigmoid(xr + hr)
    n = np.tanh(xn + r * hn)
    return z * h + (1 - z) * n
""",
}
LOOP = {
    "rnn": "h = np.zeros(H)\nfor t, x_t in enumerate(xs, start=1):\n    h = step(x_t, h)\n",
    "lstm": "h, c = np.zeros(H), np.zeros(H)\nfor t, x_t in enumerate(xs, start=1):\n    h, c = step(x_t, h, c)\n",
    "gru": "h = np.zeros(H)\nfor t, x_t in enumerate(xs, start=1):\n    h = step(x_t, h)\n",
}
LAYER = {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}


def numpy_code(cfg: CellConfig) -> str:
    """The page's cell, weights and sequence in numpy: the final state and the loss."""
    kind, g = cfg.cell, GATES[cfg.cell]
    xs = ", ".join(f"{v:g}" for v in make_sequence(cfg))
    bias = "np.zeros((2, 3 * H))" if kind == "gru" else f"np.zeros({g} * H)"
    forget = (
        f"b[H : 2 * H] = {cfg.forget_bias:g}  # Keras: unit_forget_bias=True sets 1\n"
        if kind == "lstm"
        else ""
    )
    act = "np.tanh" if cfg.activation == "tanh" else ""
    return (
        f"""import numpy as np

H, seed, scale = {cfg.units}, {cfg.seed}, {cfg.scale:g}
rng = np.random.default_rng([seed, {g}])


def orthogonal(n):
    q, r = np.linalg.qr(rng.normal(size=(n, n)))
    return q * np.sign(np.diag(r))


W = rng.uniform(-1, 1, size=(1, {g} * H))  # input weights (Keras: kernel)
U = np.concatenate([scale * orthogonal(H) for _ in range({g})], axis=1)  # recurrent_kernel
b = {bias}
{forget}xs = np.array([{xs}]).reshape(-1, 1)  # the sequence, one number per step

"""
        + STEP[kind].format(act=act)
        + "\n\n"
        + LOOP[kind]
        + """
v = np.random.default_rng([seed, 99]).normal(size=H)
v /= np.linalg.norm(v)  # read-out: y = v . h_T, loss = (y - 1)^2 / 2
y = v @ h
print("h_T =", np.round(h, 4), " loss =", round(0.5 * (y - 1) ** 2, 6))
"""
    )


def keras_code(cfg: CellConfig) -> str:
    """Continues :func:`numpy_code`: the same weights in Keras, gradients by tf.GradientTape."""
    extra = f', activation="{cfg.activation}"' if cfg.cell == "rnn" else ""
    return f"""# Continues the snippet above: the same cell in Keras, and backprop through time by GradientTape
import tensorflow as tf

layer = tf.keras.layers.{LAYER[cfg.cell]}(H, return_sequences=True, dtype="float64"{extra})
x = tf.constant(xs[None])  # shape (1, T, 1)
layer.build(x.shape)
layer.set_weights([W, U, b])
with tf.GradientTape() as tape:
    tape.watch(x)
    hs = layer(x)
    loss = 0.5 * (tf.reduce_sum(hs[0, -1] * v) - 1) ** 2
print("Keras h_T =", np.round(hs[0, -1].numpy(), 4), " same as numpy:", np.allclose(hs[0, -1], h))
dx = tape.gradient(loss, x)[0, :, 0].numpy()
for t, g in enumerate(dx, start=1):
    print(f"dL/dx_{{t}} = {{g:.3e}}")  # the gradient reaching each earlier step
"""
