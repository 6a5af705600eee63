"""Logic gates with sigmoid neurons (slide deck 003, "Intuition for the universal approximation theorem").

One neuron computes ``sigma(w1*x1 + w2*x2 + b)`` on the four inputs (0,0),
(0,1), (1,0), (1,1): with the slides' weights (AND: b=-30, w=20, 20) it
reproduces AND, OR and NAND, because each is linearly separable. XOR is not: a
single neuron gets at most 3 of the 4 right, while two hidden neurons (OR and
NAND) feeding an AND neuron solve it.

Training is plain full-batch gradient descent on binary cross-entropy, written
in numpy because the math is the point (tests compare the gradients with
finite differences and with Keras).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: The four inputs, (4, 2) float64, in truth-table order.
INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
TRUTH: dict[str, np.ndarray] = {
    "AND": np.array([0, 0, 0, 1.0]),
    "OR": np.array([0, 1, 1, 1.0]),
    "NAND": np.array([1, 1, 1, 0.0]),
    "NOR": np.array([1, 0, 0, 0.0]),
    "XOR": np.array([0, 1, 1, 0.0]),
}
#: The slides' hand-set single-neuron weights (w1, w2, b).
SLIDE_WEIGHTS: dict[str, tuple[float, float, float]] = {
    "AND": (20.0, 20.0, -30.0),
    "OR": (20.0, 20.0, -10.0),
    "NAND": (-20.0, -20.0, 30.0),
    "NOR": (-20.0, -20.0, 10.0),
}
#: The slides' XOR network: hidden = (x1 OR x2, x1 NAND x2), output = h1 AND h2.
SLIDE_XOR_HIDDEN = (np.array([[20.0, -20.0], [20.0, -20.0]]), np.array([-10.0, 30.0]))
SLIDE_XOR_OUTPUT = (np.array([20.0, 20.0]), -30.0)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-z), without overflow warnings for large |z|."""
    z = np.asarray(z, dtype=np.float64)
    return np.where(z >= 0, 1.0 / (1.0 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1.0 + np.exp(-np.abs(z))))


def bce(p: np.ndarray, y: np.ndarray) -> float:
    """Mean binary cross-entropy of probabilities ``p`` for 0/1 targets ``y`` (clipped like Keras, 1e-7)."""
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


@dataclass(frozen=True)
class NeuronTable:
    """One neuron on the four inputs: z (4,), sigma(z) (4,), 0/1 predictions (4,), targets (4,)."""

    z: np.ndarray
    out: np.ndarray
    predicted: np.ndarray
    target: np.ndarray

    @property
    def decided(self) -> np.ndarray:
        """(4,) bool: sigma(z) is clearly off 0.5 (within :data:`UNDECIDED` of it the neuron
        cannot tell 0 from 1: a rounding error would flip its answer)."""
        return np.abs(self.out - 0.5) >= UNDECIDED

    @property
    def correct(self) -> int:
        """Rows answered right (an undecided row is not right)."""
        return int(((self.predicted == self.target) & self.decided).sum())

    @property
    def loss(self) -> float:
        return bce(self.out, self.target)


#: |sigma(z) - 0.5| below this is "undecided" (e.g. one neuron trained on XOR: w = b = 0).
UNDECIDED = 0.005


def neuron_table(w1: float, w2: float, b: float, gate: str) -> NeuronTable:
    """The truth table of ``sigma(w1*x1 + w2*x2 + b)`` against ``gate``'s."""
    z = INPUTS @ np.array([w1, w2]) + b
    out = sigmoid(z)
    return NeuronTable(z, out, (out >= 0.5).astype(np.float64), TRUTH[gate])


@dataclass(frozen=True)
class SingleFit:
    """A trained single neuron: final (w1, w2, b) and the loss/accuracy per epoch ((epochs + 1,), epoch 0 first)."""

    w1: float
    w2: float
    b: float
    loss: np.ndarray
    accuracy: np.ndarray


def single_gradients(w: np.ndarray, b: float, y: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Gradient of the mean BCE w.r.t. (w (2,), b) on the four inputs, and the loss."""
    p = sigmoid(INPUTS @ w + b)
    err = (p - y) / len(y)  # dL/dz for sigmoid + cross-entropy
    return INPUTS.T @ err, float(err.sum()), bce(p, y)


def initial_single(seed: int) -> tuple[np.ndarray, float]:
    """Glorot-uniform-like start for a 2-input neuron (limit sqrt(6 / 3) = 1.41), bias 0."""
    rng = np.random.default_rng(seed)
    return rng.uniform(-np.sqrt(2.0), np.sqrt(2.0), size=2), 0.0


def train_single(gate: str, seed: int, learning_rate: float, epochs: int) -> SingleFit:
    """Full-batch gradient descent of one sigmoid neuron on ``gate``'s truth table."""
    y = TRUTH[gate]
    w, b = initial_single(seed)
    losses, accs = np.empty(epochs + 1), np.empty(epochs + 1)
    for e in range(epochs + 1):
        gw, gb, loss = single_gradients(w, b, y)
        losses[e] = loss
        accs[e] = float(((sigmoid(INPUTS @ w + b) >= 0.5) == y).mean())
        if e < epochs:
            w, b = w - learning_rate * gw, b - learning_rate * gb
    return SingleFit(float(w[0]), float(w[1]), float(b), losses, accs)


@dataclass(frozen=True)
class TwoLayerNet:
    """A 2-2-1 sigmoid network: hidden kernel (2 in, 2 units), hidden bias (2,), output weights (2,), bias."""

    w_hidden: np.ndarray
    b_hidden: np.ndarray
    w_out: np.ndarray
    b_out: float

    def hidden(self, x: np.ndarray) -> np.ndarray:
        """(n, 2) inputs -> (n, 2) hidden activations."""
        return sigmoid(x @ self.w_hidden + self.b_hidden)

    def forward(self, x: np.ndarray) -> np.ndarray:
        """(n, 2) inputs -> (n,) output probabilities."""
        return sigmoid(self.hidden(x) @ self.w_out + self.b_out)


SLIDE_XOR_NET = TwoLayerNet(SLIDE_XOR_HIDDEN[0], SLIDE_XOR_HIDDEN[1], *SLIDE_XOR_OUTPUT)


@dataclass(frozen=True)
class NetFit:
    """A trained 2-2-1 network and its loss/accuracy per epoch ((epochs + 1,), epoch 0 first)."""

    net: TwoLayerNet
    loss: np.ndarray
    accuracy: np.ndarray


def net_gradients(net: TwoLayerNet, y: np.ndarray) -> tuple[TwoLayerNet, float]:
    """Backpropagation: the gradient of the mean BCE (as a TwoLayerNet of gradients) and the loss."""
    h = net.hidden(INPUTS)
    p = sigmoid(h @ net.w_out + net.b_out)
    d_out = (p - y) / len(y)  # (4,)
    d_hidden = np.outer(d_out, net.w_out) * h * (1 - h)  # (4, 2)
    grads = TwoLayerNet(INPUTS.T @ d_hidden, d_hidden.sum(axis=0), h.T @ d_out, float(d_out.sum()))
    return grads, bce(p, y)


def initial_net(seed: int) -> TwoLayerNet:
    """Glorot-uniform-like start (hidden limit sqrt(6/4), output limit sqrt(6/3)), zero biases."""
    rng = np.random.default_rng(seed)
    return TwoLayerNet(
        rng.uniform(-np.sqrt(1.5), np.sqrt(1.5), size=(2, 2)),
        np.zeros(2),
        rng.uniform(-np.sqrt(2.0), np.sqrt(2.0), size=2),
        0.0,
    )


def train_net(gate: str, seed: int, learning_rate: float, epochs: int) -> NetFit:
    """Full-batch gradient descent of the 2-2-1 sigmoid network on ``gate``'s truth table."""
    y = TRUTH[gate]
    net = initial_net(seed)
    losses, accs = np.empty(epochs + 1), np.empty(epochs + 1)
    for e in range(epochs + 1):
        grads, loss = net_gradients(net, y)
        losses[e] = loss
        accs[e] = float(((net.forward(INPUTS) >= 0.5) == y).mean())
        if e < epochs:
            net = TwoLayerNet(
                net.w_hidden - learning_rate * grads.w_hidden,
                net.b_hidden - learning_rate * grads.b_hidden,
                net.w_out - learning_rate * grads.w_out,
                net.b_out - learning_rate * grads.b_out,
            )
    return NetFit(net, losses, accs)


def boundary_segment(w1: float, w2: float, b: float, lo: float = -0.5, hi: float = 1.5) -> np.ndarray | None:
    """End points (2, 2) of the line w1*x1 + w2*x2 + b = 0 inside the square [lo, hi]^2, or None."""
    pts: list[tuple[float, float]] = []
    if abs(w2) > 1e-12:
        for x1 in (lo, hi):
            x2 = -(w1 * x1 + b) / w2
            if lo - 1e-9 <= x2 <= hi + 1e-9:
                pts.append((x1, x2))
    if abs(w1) > 1e-12:
        for x2 in (lo, hi):
            x1 = -(w2 * x2 + b) / w1
            if lo - 1e-9 <= x1 <= hi + 1e-9:
                pts.append((x1, x2))
    unique = sorted(set((round(a, 9), round(c, 9)) for a, c in pts))
    if len(unique) < 2:
        return None
    return np.array([unique[0], unique[-1]])
