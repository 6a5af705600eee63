"""Activation functions and their derivatives (numpy, element-wise, any shape).

Every function maps an array ``x`` (pre-activation, float) to an array of the
same shape. ``alpha`` is the negative-side parameter of leaky ReLU (slope) and
ELU (scale); the others ignore it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Fn = Callable[[np.ndarray, float], np.ndarray]


def sigmoid(x: np.ndarray, alpha: float = 0.0) -> np.ndarray:
    """1 / (1 + e^-x), computed without overflow for large |x|."""
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _d_sigmoid(x: np.ndarray, alpha: float = 0.0) -> np.ndarray:
    s = sigmoid(x)
    return s * (1.0 - s)


def _tanh(x: np.ndarray, alpha: float = 0.0) -> np.ndarray:
    return np.tanh(np.asarray(x, dtype=np.float64))


def _d_tanh(x: np.ndarray, alpha: float = 0.0) -> np.ndarray:
    return 1.0 - np.tanh(np.asarray(x, dtype=np.float64)) ** 2


def _relu(x: np.ndarray, alpha: float = 0.0) -> np.ndarray:
    return np.maximum(np.asarray(x, dtype=np.float64), 0.0)


def _d_relu(x: np.ndarray, alpha: float = 0.0) -> np.ndarray:
    return (np.asarray(x, dtype=np.float64) > 0).astype(np.float64)


def _leaky(x: np.ndarray, alpha: float = 0.1) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, alpha * x)


def _d_leaky(x: np.ndarray, alpha: float = 0.1) -> np.ndarray:
    return np.where(np.asarray(x, dtype=np.float64) > 0, 1.0, alpha)


def _elu(x: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def _d_elu(x: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


def _softplus(x: np.ndarray, alpha: float = 0.0) -> np.ndarray:
    return np.logaddexp(0.0, np.asarray(x, dtype=np.float64))


def _swish(x: np.ndarray, alpha: float = 0.0) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return x * sigmoid(x)


def _d_swish(x: np.ndarray, alpha: float = 0.0) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    s = sigmoid(x)
    return s + x * s * (1.0 - s)


def _linear(x: np.ndarray, alpha: float = 0.0) -> np.ndarray:
    return np.asarray(x, dtype=np.float64).copy()


def _d_linear(x: np.ndarray, alpha: float = 0.0) -> np.ndarray:
    return np.ones_like(np.asarray(x, dtype=np.float64))


@dataclass(frozen=True)
class Activation:
    """One activation: its function, derivative, formulas (LaTeX) and Keras spelling.

    ``output_range`` is human-readable; ``uses_alpha`` says whether ``alpha`` matters.
    """

    key: str
    label: str
    fn: Fn
    derivative: Fn
    formula: str
    derivative_formula: str
    keras: str
    output_range: str
    note: str
    uses_alpha: bool = False


ACTIVATIONS: dict[str, Activation] = {
    a.key: a
    for a in (
        Activation(
            "sigmoid",
            "sigmoid (logistic)",
            sigmoid,
            _d_sigmoid,
            r"\sigma(x) = \frac{1}{1+e^{-x}}",
            r"\sigma'(x) = \sigma(x)\,(1-\sigma(x)) \le 0.25",
            '"sigmoid"',
            "(0, 1)",
            "Saturates on both sides and its slope is at most 0.25, so gradients shrink "
            "layer after layer. Not zero-centred. Fine for a binary output layer.",
        ),
        Activation(
            "tanh",
            "tanh",
            _tanh,
            _d_tanh,
            r"\tanh(x) = \frac{e^{x}-e^{-x}}{e^{x}+e^{-x}}",
            r"\tanh'(x) = 1-\tanh^2(x) \le 1",
            '"tanh"',
            "(-1, 1)",
            "A rescaled sigmoid (tanh(x) = 2σ(2x) - 1): zero-centred, slope 1 at 0, "
            "but it still saturates for |x| > 3.",
        ),
        Activation(
            "relu",
            "ReLU",
            _relu,
            _d_relu,
            r"\mathrm{ReLU}(x) = \max(0, x)",
            r"\mathrm{ReLU}'(x) = \begin{cases}1 & x>0\\ 0 & x\le 0\end{cases}",
            '"relu"',
            "[0, ∞)",
            "Slope exactly 1 for x > 0: gradients pass through unchanged. Slope 0 for "
            "x < 0: a neuron stuck there is 'dead' and stops learning.",
        ),
        Activation(
            "leaky_relu",
            "leaky ReLU",
            _leaky,
            _d_leaky,
            r"\mathrm{LReLU}(x) = \max(\alpha x, x)",
            r"\mathrm{LReLU}'(x) = \begin{cases}1 & x>0\\ \alpha & x\le 0\end{cases}",
            "keras.layers.LeakyReLU(negative_slope=α)",
            "(-∞, ∞)",
            "ReLU with a small slope α on the negative side, so no neuron dies "
            "(the slides use α = 0.1; Keras's default is 0.2).",
            True,
        ),
        Activation(
            "elu",
            "ELU",
            _elu,
            _d_elu,
            r"\mathrm{ELU}(x) = \begin{cases}x & x>0\\ \alpha(e^{x}-1) & x\le 0\end{cases}",
            r"\mathrm{ELU}'(x) = \begin{cases}1 & x>0\\ \alpha e^{x} & x\le 0\end{cases}",
            '"elu"',
            "(-α, ∞)",
            "Smooth on the negative side, saturating at -α: outputs average closer to zero than ReLU's.",
            True,
        ),
        Activation(
            "softplus",
            "softplus",
            _softplus,
            sigmoid,
            r"\mathrm{softplus}(x) = \ln(1+e^{x})",
            r"\mathrm{softplus}'(x) = \sigma(x)",
            '"softplus"',
            "(0, ∞)",
            "A smooth ReLU; its derivative is exactly the sigmoid.",
        ),
        Activation(
            "swish",
            "swish / SiLU",
            _swish,
            _d_swish,
            r"\mathrm{swish}(x) = x\,\sigma(x)",
            r"\mathrm{swish}'(x) = \sigma(x) + x\,\sigma(x)(1-\sigma(x))",
            '"silu"',
            "[-0.278, ∞)",
            "Smooth, slightly non-monotonic (a dip near x = -1.28); used in modern CNNs and transformers.",
        ),
        Activation(
            "linear",
            "linear (none)",
            _linear,
            _d_linear,
            r"f(x) = x",
            r"f'(x) = 1",
            '"linear"',
            "(-∞, ∞)",
            "No non-linearity at all: stacked linear layers collapse into one linear layer.",
        ),
    )
}

DEFAULT_ALPHA: dict[str, float] = {"leaky_relu": 0.1, "elu": 1.0}
#: Where an activation counts as saturated: |f'(x)| below this passes almost no gradient.
SATURATION_THRESHOLD = 0.05


def evaluate(key: str, x: np.ndarray, alpha: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(f(x), f'(x))`` of activation ``key``; ``alpha`` defaults to the activation's own."""
    act = ACTIVATIONS[key]
    a = DEFAULT_ALPHA.get(key, 0.0) if alpha is None else float(alpha)
    return act.fn(x, a), act.derivative(x, a)


def saturation_regions(
    key: str,
    lo: float,
    hi: float,
    alpha: float | None = None,
    threshold: float = SATURATION_THRESHOLD,
    n: int = 4001,
) -> list[tuple[float, float]]:
    """Intervals of ``[lo, hi]`` where ``|f'(x)| < threshold`` (gradient nearly gone).

    Found on a grid of ``n`` points; returns ``[(start, end), ...]`` in x units.
    """
    xs = np.linspace(lo, hi, n)
    _, d = evaluate(key, xs, alpha)
    flat = np.abs(d) < threshold
    regions: list[tuple[float, float]] = []
    start: float | None = None
    for x, is_flat in zip(xs, flat, strict=True):
        if is_flat and start is None:
            start = float(x)
        elif not is_flat and start is not None:
            regions.append((start, float(x)))
            start = None
    if start is not None:
        regions.append((start, float(hi)))
    return regions


def maxout(x: np.ndarray, pieces: tuple[tuple[float, float], ...]) -> np.ndarray:
    """Maxout of 1-D input: ``max_k (w_k x + b_k)`` over ``pieces = ((w, b), ...)``; shape of ``x``."""
    x = np.asarray(x, dtype=np.float64)
    return np.max(np.stack([w * x + b for w, b in pieces]), axis=0)


MAXOUT_EXAMPLES: dict[str, tuple[tuple[float, float], ...]] = {
    "ReLU = max(0·x + 0, 1·x + 0)": ((0.0, 0.0), (1.0, 0.0)),
    "leaky ReLU = max(0.1x, x)": ((0.1, 0.0), (1.0, 0.0)),
    "|x| = max(-x, x)": ((-1.0, 0.0), (1.0, 0.0)),
    "a convex bowl from 4 lines": ((-2.0, -2.0), (-0.5, 0.0), (0.5, 0.0), (2.0, -2.0)),
}
