"""One step of SimpleRNN, LSTM and GRU in numpy (Keras's weight layout), unrolled, and BPTT by hand.

Weights use Keras's layout, so ``layer.set_weights(weights.keras_weights())`` gives the Keras
layer the same cell (tests/engine/test_rnn_cell_keras.py checks every number against Keras
and ``tf.GradientTape``):

* SimpleRNN: ``h_t = act(x_t W + h_{t-1} U + b)``; kernel ``(n_in, H)``, recurrent ``(H, H)``.
* LSTM: the kernel's columns are the gates in Keras's order **i, f, c, o** (input, forget,
  candidate, output); ``c_t = f * c_{t-1} + i * c~``, ``h_t = o * tanh(c_t)``.
* GRU (Keras's default ``reset_after=True``): columns **z, r, h** (update, reset, candidate),
  the bias is ``(2, 3H)`` (input bias, recurrent bias) and the reset gate multiplies the
  recurrent part *after* the matrix product: ``n = tanh(x W_h + b_h + r * (h U_h + b'_h))``;
  ``h_t = z * h_{t-1} + (1 - z) * n``.

The loss sits on the last step only: ``y = v . h_T`` (a fixed read-out ``v``) and
``L = (y - 1)^2 / 2``, so the gradient reaching step ``t`` measures how much the loss still
hears of that step.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

GATES = {"rnn": 1, "lstm": 4, "gru": 3}
#: Keras's column blocks per cell, in order.
BLOCKS = {"rnn": ("a",), "lstm": ("i", "f", "g", "o"), "gru": ("z", "r", "n")}
TARGET = 1.0


def sigmoid(a: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * a))  # = 1 / (1 + e^-a), without overflow


def orthogonal(rng: np.random.Generator, n: int) -> np.ndarray:
    """A random orthogonal ``n x n`` matrix (QR of a Gaussian, signs fixed: Haar distributed)."""
    q, r = np.linalg.qr(rng.normal(size=(n, n)))
    return q * np.sign(np.where(np.diag(r) == 0, 1.0, np.diag(r)))


@dataclass(frozen=True)
class CellWeights:
    """A cell's weights in Keras's layout (see the module docstring)."""

    kind: str
    kernel: np.ndarray
    recurrent: np.ndarray
    bias: np.ndarray
    activation: str = "tanh"

    @property
    def units(self) -> int:
        return self.recurrent.shape[0]

    def keras_weights(self) -> list[np.ndarray]:
        return [self.kernel, self.recurrent, self.bias]

    def block(self, matrix: np.ndarray, name: str) -> np.ndarray:
        """The columns of gate ``name`` (e.g. ``"f"``) of the kernel, recurrent kernel or a bias."""
        j, h = BLOCKS[self.kind].index(name), self.units
        return matrix[..., j * h : (j + 1) * h]


def make_weights(
    kind: str,
    units: int,
    seed: int,
    scale: float,
    *,
    forget_bias: float = 1.0,
    activation: str = "tanh",
    n_in: int = 1,
) -> CellWeights:
    """Seeded weights: input weights uniform in [-1, 1], each recurrent block ``scale`` times a
    random orthogonal matrix, biases zero (the LSTM's forget gate: ``forget_bias``)."""
    g = GATES[kind]
    rng = np.random.default_rng([seed, g])
    kernel = rng.uniform(-1.0, 1.0, size=(n_in, g * units))
    recurrent = np.concatenate([scale * orthogonal(rng, units) for _ in range(g)], axis=1)
    if kind == "gru":
        bias = np.zeros((2, 3 * units))
    else:
        bias = np.zeros(g * units)
        if kind == "lstm":
            bias[units : 2 * units] = forget_bias
    return CellWeights(kind, kernel, recurrent, bias, activation if kind == "rnn" else "tanh")


def readout(units: int, seed: int) -> np.ndarray:
    """The fixed read-out ``v`` (a unit vector): ``y = v . h_T``."""
    v = np.random.default_rng([seed, 99]).normal(size=units)
    return v / np.linalg.norm(v)


# --------------------------------------------------------------------------- one step


def rnn_step(w: CellWeights, x: np.ndarray, h: np.ndarray) -> dict[str, np.ndarray]:
    a = x @ w.kernel + h @ w.recurrent + w.bias
    return {"a": a, "h": np.tanh(a) if w.activation == "tanh" else a}


def lstm_step(w: CellWeights, x: np.ndarray, h: np.ndarray, c: np.ndarray) -> dict[str, np.ndarray]:
    zi, zf, zg, zo = np.split(x @ w.kernel + h @ w.recurrent + w.bias, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c_new = f * c + i * g
    return {"i": i, "f": f, "g": g, "o": o, "c": c_new, "h": o * np.tanh(c_new)}


def gru_step(w: CellWeights, x: np.ndarray, h: np.ndarray) -> dict[str, np.ndarray]:
    xz, xr, xn = np.split(x @ w.kernel + w.bias[0], 3, axis=-1)
    hz, hr, hn = np.split(h @ w.recurrent + w.bias[1], 3, axis=-1)
    z, r = sigmoid(xz + hz), sigmoid(xr + hr)
    n = np.tanh(xn + r * hn)
    return {"z": z, "r": r, "hn": hn, "n": n, "h": z * h + (1.0 - z) * n}


def cell_step(
    w: CellWeights, x: np.ndarray, h: np.ndarray, c: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """One step of the cell: every named intermediate, ``"h"`` (and ``"c"``) the new state."""
    if w.kind == "lstm":
        return lstm_step(w, x, h, np.zeros_like(h) if c is None else c)
    return gru_step(w, x, h) if w.kind == "gru" else rnn_step(w, x, h)


# --------------------------------------------------------------------------- unrolled


@dataclass(frozen=True)
class Trace:
    """The unrolled forward pass. ``h[t]``/``c[t]`` for t = 0..T (``h[0] = 0``); ``parts[name][t-1]``
    the named intermediate of step t (gates, candidate, pre-activation)."""

    weights: CellWeights
    x: np.ndarray  # (T, n_in)
    h: np.ndarray  # (T + 1, H)
    c: np.ndarray | None
    parts: dict[str, np.ndarray]

    @property
    def n_steps(self) -> int:
        return len(self.x)


def as_inputs(x: np.ndarray) -> np.ndarray:
    """A sequence ``(T,)`` or ``(T, n_in)`` as ``(T, n_in)`` floats."""
    x = np.asarray(x, dtype=float)
    return x[:, None] if x.ndim == 1 else x


def unroll(w: CellWeights, x: np.ndarray) -> Trace:
    """Run the cell over the sequence from a zero state."""
    x = as_inputs(x)
    hs = [np.zeros(w.units)]
    cs = [np.zeros(w.units)] if w.kind == "lstm" else None
    steps = []
    for xt in x:
        out = cell_step(w, xt, hs[-1], None if cs is None else cs[-1])
        steps.append(out)
        hs.append(out["h"])
        if cs is not None:
            cs.append(out["c"])
    parts = {k: np.array([s[k] for s in steps]) for k in steps[0] if k not in ("h", "c")} if steps else {}
    return Trace(w, x, np.array(hs), None if cs is None else np.array(cs), parts)


# --------------------------------------------------------------------------- backprop through time


@dataclass(frozen=True)
class Gradients:
    """BPTT for ``L = (v . h_T - 1)^2 / 2``.

    ``dh[t]`` is dL/dh_t for the state step t hands on (t = 0..T); ``dc[t]`` (LSTM) the
    cell's total dL/dc_t (through h_t and through c_{t+1}), t = 1..T (``dc[0]``: into c_0);
    ``dx[t-1]`` dL/dx_t; ``contrib[t-1]`` the norm of step t's term of dL/d(recurrent kernel).
    """

    y: float
    loss: float
    dh: np.ndarray
    dc: np.ndarray | None
    dx: np.ndarray
    dkernel: np.ndarray
    drecurrent: np.ndarray
    dbias: np.ndarray
    contrib: np.ndarray

    @property
    def weight_grads(self) -> list[np.ndarray]:
        return [self.dkernel, self.drecurrent, self.dbias]

    @property
    def global_norm(self) -> float:
        return float(np.sqrt(sum(np.sum(g**2) for g in self.weight_grads)))

    def state_norms(self) -> np.ndarray:
        """||dL/d state_t|| for t = 1..T: h for SimpleRNN and GRU, the cell c for the LSTM."""
        src = self.dc if self.dc is not None else self.dh
        return np.linalg.norm(src[1:], axis=1)

    def input_norms(self) -> np.ndarray:
        """||dL/dx_t|| for t = 1..T."""
        return np.linalg.norm(self.dx, axis=1)


def bptt(trace: Trace, v: np.ndarray) -> Gradients:
    """Backpropagation through time, by hand, for the trace's cell."""
    w = trace.weights
    y = float(v @ trace.h[-1])
    dh_last = (y - TARGET) * v
    backward = {"rnn": _rnn_back, "lstm": _lstm_back, "gru": _gru_back}[w.kind]
    grads = backward(trace, dh_last)
    return dataclasses.replace(grads, y=y, loss=0.5 * (y - TARGET) ** 2)


def _empty(trace: Trace) -> dict:
    w, n = trace.weights, trace.n_steps
    return {
        "dh": np.zeros_like(trace.h),
        "dx": np.zeros_like(trace.x),
        "dkernel": np.zeros_like(w.kernel),
        "drecurrent": np.zeros_like(w.recurrent),
        "dbias": np.zeros_like(w.bias),
        "contrib": np.zeros(n),
    }


def _accumulate(g: dict, trace: Trace, t: int, dz_in: np.ndarray, dz_rec: np.ndarray) -> None:
    """Add step t's pre-activation gradients (input side, recurrent side) to the weight gradients."""
    w = trace.weights
    term = np.outer(trace.h[t - 1], dz_rec)
    g["dkernel"] += np.outer(trace.x[t - 1], dz_in)
    g["drecurrent"] += term
    g["contrib"][t - 1] = np.linalg.norm(term)
    g["dx"][t - 1] = dz_in @ w.kernel.T
    g["dh"][t - 1] += dz_rec @ w.recurrent.T


def _rnn_back(trace: Trace, dh_last: np.ndarray) -> Gradients:
    w, g = trace.weights, _empty(trace)
    g["dh"][-1] = dh_last
    for t in range(trace.n_steps, 0, -1):
        slope = 1.0 - trace.h[t] ** 2 if w.activation == "tanh" else 1.0
        da = g["dh"][t] * slope
        g["dbias"] += da
        _accumulate(g, trace, t, da, da)
    return Gradients(y=0.0, loss=0.0, dc=None, **g)


def _lstm_back(trace: Trace, dh_last: np.ndarray) -> Gradients:
    w, g, p = trace.weights, _empty(trace), trace.parts
    g["dh"][-1] = dh_last
    dc = np.zeros_like(trace.c)
    carried = np.zeros(w.units)  # dL/dc_t through c_{t+1} only
    for t in range(trace.n_steps, 0, -1):
        i, f, cand, o = p["i"][t - 1], p["f"][t - 1], p["g"][t - 1], p["o"][t - 1]
        tc = np.tanh(trace.c[t])
        dc[t] = carried + g["dh"][t] * o * (1.0 - tc**2)
        dz = np.concatenate(
            [
                dc[t] * cand * i * (1 - i),
                dc[t] * trace.c[t - 1] * f * (1 - f),
                dc[t] * i * (1 - cand**2),
                g["dh"][t] * tc * o * (1 - o),
            ]
        )
        carried = dc[t] * f
        g["dbias"] += dz
        _accumulate(g, trace, t, dz, dz)
    dc[0] = carried
    return Gradients(y=0.0, loss=0.0, dc=dc, **g)


def _gru_back(trace: Trace, dh_last: np.ndarray) -> Gradients:
    g, p = _empty(trace), trace.parts
    g["dh"][-1] = dh_last
    for t in range(trace.n_steps, 0, -1):
        z, r, n, hn = p["z"][t - 1], p["r"][t - 1], p["n"][t - 1], p["hn"][t - 1]
        dh = g["dh"][t]
        dn = dh * (1.0 - z) * (1.0 - n**2)
        daz = dh * (trace.h[t - 1] - n) * z * (1 - z)
        dar = dn * hn * r * (1 - r)
        dz_in = np.concatenate([daz, dar, dn])
        dz_rec = np.concatenate([daz, dar, dn * r])
        g["dbias"][0] += dz_in
        g["dbias"][1] += dz_rec
        g["dh"][t - 1] += dh * z
        _accumulate(g, trace, t, dz_in, dz_rec)
    return Gradients(y=0.0, loss=0.0, dc=None, **g)


def clip_factor(global_norm: float, threshold: float) -> float:
    """``tf.clip_by_global_norm``'s factor: ``threshold / max(norm, threshold)`` (1 when off)."""
    if threshold <= 0:
        return 1.0
    return float(threshold / max(global_norm, threshold))
