"""The three recurrent cells in numpy, with Keras's weight layout, and their parameter counts.

The live page evaluates the networks with these (one-step predictions, the free-running
forecast, validation loss): they are much faster than Keras calls for one short window at a
time, and a test checks them against the Keras layers with the same weights to 1e-6.

Keras layouts (``layer.get_weights()``), with input size d and u units:

* SimpleRNN: kernel (d, u), recurrent kernel (u, u), bias (u,);
  h_t = tanh(x_t W + h_{t-1} U + b).
* LSTM: kernel (d, 4u), recurrent kernel (u, 4u), bias (4u,), gates in the order i, f, c, o.
* GRU (Keras's default ``reset_after=True``): kernel (d, 3u), recurrent kernel (u, 3u),
  bias (2, 3u) (input bias, recurrent bias), gates in the order z, r, h;
  h_t = z * h_{t-1} + (1 - z) * tanh(x_t W_h + b_h + r * (h_{t-1} U_h + b'_h)).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Weight arrays per recurrent layer (kernel, recurrent kernel, bias).
PER_LAYER = 3
#: Gate blocks per cell (how many u-wide blocks its kernels have).
GATES: dict[str, int] = {"rnn": 1, "lstm": 4, "gru": 3}


def layer_params(kind: str, units: int, inputs: int) -> int:
    """Trainable parameters of one recurrent layer: ``g·(u·(u+d) + u)`` (+ ``g·u`` for the GRU's
    second bias: Keras's ``reset_after=True``)."""
    g = GATES[kind]
    count = g * (units * (units + inputs) + units)
    return count + (g * units if kind == "gru" else 0)


def network_params(kind: str, units: int, layers: int, inputs: int = 1) -> int:
    """A stack of ``layers`` recurrent layers (the first reads ``inputs`` values a step) + Dense(1)."""
    total = layer_params(kind, units, inputs) + (layers - 1) * layer_params(kind, units, units)
    return total + units + 1


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)  # = 1 / (1 + e^-x), without overflow warnings


def step(kind: str, x: np.ndarray, state: tuple[np.ndarray, ...], weights: Sequence[np.ndarray]):
    """One time step of one layer: ``x`` (n, d), ``state`` (h,) or (h, c) -> (output h, new state)."""
    kernel, rec, bias = weights
    h = state[0]
    if kind == "rnn":
        h = np.tanh(x @ kernel + h @ rec + bias)
        return h, (h,)
    u = rec.shape[0]
    if kind == "lstm":
        z = x @ kernel + h @ rec + bias
        i, f = _sigmoid(z[:, :u]), _sigmoid(z[:, u : 2 * u])
        g, o = np.tanh(z[:, 2 * u : 3 * u]), _sigmoid(z[:, 3 * u :])
        c = f * state[1] + i * g
        h = o * np.tanh(c)
        return h, (h, c)
    if kind == "gru":
        xz = x @ kernel + bias[0]
        hz = h @ rec + bias[1]
        zg = _sigmoid(xz[:, :u] + hz[:, :u])
        r = _sigmoid(xz[:, u : 2 * u] + hz[:, u : 2 * u])
        cand = np.tanh(xz[:, 2 * u :] + r * hz[:, 2 * u :])
        h = zg * h + (1.0 - zg) * cand
        return h, (h,)
    raise ValueError(f"unknown cell {kind!r}")


def _layer(kind: str, seq: np.ndarray, weights: Sequence[np.ndarray], keep: bool) -> np.ndarray:
    """Run one layer over ``seq`` (n, T, d); the last h (n, u), or every h (n, T, u) if ``keep``.

    The same arithmetic as :func:`step`, with the input projections of all T steps done at once."""
    kernel, rec, bias = weights
    n, steps = seq.shape[0], seq.shape[1]
    u = rec.shape[0]
    xw = seq @ kernel + (bias[0] if kind == "gru" else bias)  # (n, T, g*u)
    h = np.zeros((n, u))
    c = np.zeros((n, u))
    outs = np.empty((n, steps, u)) if keep else None
    for t in range(steps):
        if kind == "rnn":
            h = np.tanh(xw[:, t] + h @ rec)
        elif kind == "lstm":
            z = xw[:, t] + h @ rec
            c = _sigmoid(z[:, u : 2 * u]) * c + _sigmoid(z[:, :u]) * np.tanh(z[:, 2 * u : 3 * u])
            h = _sigmoid(z[:, 3 * u :]) * np.tanh(c)
        elif kind == "gru":
            xz, hz = xw[:, t], h @ rec + bias[1]
            zr = _sigmoid(xz[:, : 2 * u] + hz[:, : 2 * u])
            cand = np.tanh(xz[:, 2 * u :] + zr[:, u:] * hz[:, 2 * u :])
            h = zr[:, :u] * h + (1.0 - zr[:, :u]) * cand
        else:
            raise ValueError(f"unknown cell {kind!r}")
        if keep:
            outs[:, t] = h
    return outs if keep else h


def forward(kind: str, weights: Sequence[np.ndarray], x: np.ndarray) -> np.ndarray:
    """The network's output for windows ``x`` (n, T, d): a stack of recurrent layers (their
    weights first, ``PER_LAYER`` arrays each) and a Dense(1) (kernel, bias last) -> (n,)."""
    seq = np.asarray(x, np.float64)
    weights = [np.asarray(w, np.float64) for w in weights]
    n_layers = (len(weights) - 2) // PER_LAYER
    for li in range(n_layers):
        seq = _layer(kind, seq, weights[li * PER_LAYER : (li + 1) * PER_LAYER], keep=li < n_layers - 1)
    return (seq @ weights[-2] + weights[-1])[:, 0]


def free_run(kind: str, weights: Sequence[np.ndarray], seed_window: np.ndarray, horizon: int) -> np.ndarray:
    """Roll the network forward ``horizon`` steps from its own outputs: predict the next value
    from the window, append the prediction, drop the oldest value, repeat. -> (horizon,)."""
    weights = [np.asarray(w, np.float64) for w in weights]
    window = np.asarray(seed_window, np.float64).reshape(1, -1, 1).copy()
    out = np.empty(horizon)
    for k in range(horizon):
        out[k] = forward(kind, weights, window)[0]
        window[0, :-1, 0] = window[0, 1:, 0]
        window[0, -1, 0] = out[k]
    return out
