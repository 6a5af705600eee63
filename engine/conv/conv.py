"""2-D convolution (cross-correlation, as in every deep-learning library) on ``(H, W, C)`` arrays.

Layouts follow TensorFlow: input ``x`` is ``(H, W, C)``, filters ``w`` are
``(KH, KW, C, F)``, biases ``b`` are ``(F,)``, the output is ``(OH, OW, F)``:

    out[i, j, f] = b[f] + sum_{a, c, ch} x_pad[i*s + a*d, j*s + c*d, ch] * w[a, c, ch, f]

Three implementations of the same formula: :func:`conv2d` (vectorised, one
matrix product per kernel tap), :func:`conv2d_naive` (the loops of the formula)
and :func:`conv_trace` (one output cell, with every product written out).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.conv.shapes import output_size, same_padding

#: An int (same on all four sides), ((top, bottom), (left, right)), or Keras's "valid" / "same".
Padding = int | tuple[tuple[int, int], tuple[int, int]] | str


def resolve_padding(
    padding: Padding, h: int, w: int, kh: int, kw: int, stride: int = 1, dilation: int = 1
) -> tuple[tuple[int, int], tuple[int, int]]:
    """Explicit ((top, bottom), (left, right)) padding for any :data:`Padding`."""
    if isinstance(padding, str):
        if padding == "valid":
            return (0, 0), (0, 0)
        if padding == "same":
            return same_padding(h, kh, stride, dilation), same_padding(w, kw, stride, dilation)
        raise ValueError(f"padding must be 'valid', 'same' or a number, not {padding!r}")
    if isinstance(padding, (int, np.integer)):
        p = int(padding)
        return (p, p), (p, p)
    (top, bottom), (left, right) = padding
    return (int(top), int(bottom)), (int(left), int(right))


def pad_input(x: np.ndarray, pads: tuple[tuple[int, int], tuple[int, int]], value: float = 0.0) -> np.ndarray:
    """``(H, W, C)`` -> ``(H + top + bottom, W + left + right, C)`` filled with ``value``."""
    return np.pad(x, (pads[0], pads[1], (0, 0)), constant_values=value)


def _check(x: np.ndarray, w: np.ndarray, b: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    if x.ndim != 3 or w.ndim != 4:
        raise ValueError(f"expected x (H, W, C) and w (KH, KW, C, F), got {x.shape} and {w.shape}")
    if x.shape[2] != w.shape[2]:
        raise ValueError(f"the input has {x.shape[2]} channels but the filters have {w.shape[2]}")
    bias = np.zeros(w.shape[3]) if b is None else np.asarray(b, dtype=np.float64).reshape(-1)
    if bias.shape[0] != w.shape[3]:
        raise ValueError(f"{w.shape[3]} filters need {w.shape[3]} biases, got {bias.shape[0]}")
    return x, w, bias


def conv_geometry(
    x_shape: tuple[int, ...], w_shape: tuple[int, ...], stride: int, padding: Padding, dilation: int
) -> tuple[tuple[tuple[int, int], tuple[int, int]], int, int]:
    """(explicit padding, OH, OW); raises :class:`engine.conv.shapes.SizeError` if there is no output."""
    pads = resolve_padding(padding, x_shape[0], x_shape[1], w_shape[0], w_shape[1], stride, dilation)
    oh = output_size(x_shape[0], w_shape[0], stride, pads[0], dilation)
    ow = output_size(x_shape[1], w_shape[1], stride, pads[1], dilation)
    return pads, oh, ow


def conv2d(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None = None,
    stride: int = 1,
    padding: Padding = 0,
    dilation: int = 1,
) -> np.ndarray:
    """Vectorised convolution: ``(H, W, C)`` * ``(KH, KW, C, F)`` + ``(F,)`` -> ``(OH, OW, F)`` float64."""
    x, w, bias = _check(x, w, b)
    pads, oh, ow = conv_geometry(x.shape, w.shape, stride, padding, dilation)
    xp = pad_input(x, pads)
    out = np.broadcast_to(bias, (oh, ow, w.shape[3])).copy()
    for a in range(w.shape[0]):
        for c in range(w.shape[1]):
            r0, c0 = a * dilation, c * dilation
            patch = xp[r0 : r0 + stride * (oh - 1) + 1 : stride, c0 : c0 + stride * (ow - 1) + 1 : stride]
            out += patch @ w[a, c]  # (OH, OW, C) @ (C, F)
    return out


def conv2d_naive(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None = None,
    stride: int = 1,
    padding: Padding = 0,
    dilation: int = 1,
) -> np.ndarray:
    """The formula as plain loops (slow; the reference the fast version is tested against)."""
    x, w, bias = _check(x, w, b)
    pads, oh, ow = conv_geometry(x.shape, w.shape, stride, padding, dilation)
    xp = pad_input(x, pads)
    kh, kw, ch, nf = w.shape
    out = np.zeros((oh, ow, nf))
    for i in range(oh):
        for j in range(ow):
            for f in range(nf):
                total = bias[f]
                for a in range(kh):
                    for c in range(kw):
                        for k in range(ch):
                            total += (
                                xp[i * stride + a * dilation, j * stride + c * dilation, k] * w[a, c, k, f]
                            )
                out[i, j, f] = total
    return out


@dataclass(frozen=True)
class ConvTrace:
    """How one output cell ``out[i, j, f]`` is computed.

    ``rows``/``cols`` index the padded input (``KH`` and ``KW`` entries);
    ``window``, ``weights`` and ``products`` are ``(KH, KW, C)``;
    ``pads`` says how many padding cells were added ((top, bottom), (left, right)).
    """

    i: int
    j: int
    f: int
    rows: tuple[int, ...]
    cols: tuple[int, ...]
    window: np.ndarray
    weights: np.ndarray
    products: np.ndarray
    total: float  # sum of the products
    bias: float
    out: float  # total + bias
    pads: tuple[tuple[int, int], tuple[int, int]]

    def running_sums(self) -> np.ndarray:
        """Cumulative sum of the products in reading order (channel, row, column): ``(KH*KW*C,)``."""
        return np.cumsum(np.moveaxis(self.products, 2, 0).reshape(-1))


def conv_trace(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None,
    i: int,
    j: int,
    f: int = 0,
    stride: int = 1,
    padding: Padding = 0,
    dilation: int = 1,
) -> ConvTrace:
    """The window, element-wise products, their sum and the bias of output cell ``(i, j, f)``."""
    x, w, bias = _check(x, w, b)
    pads, oh, ow = conv_geometry(x.shape, w.shape, stride, padding, dilation)
    if not (0 <= i < oh and 0 <= j < ow and 0 <= f < w.shape[3]):
        raise IndexError(f"output cell ({i}, {j}, {f}) is outside the {oh}x{ow}x{w.shape[3]} output")
    xp = pad_input(x, pads)
    rows = tuple(i * stride + a * dilation for a in range(w.shape[0]))
    cols = tuple(j * stride + c * dilation for c in range(w.shape[1]))
    window = xp[np.ix_(rows, cols)]
    weights = w[:, :, :, f]
    products = window * weights
    total = float(products.sum())
    return ConvTrace(
        i, j, f, rows, cols, window, weights, products, total, float(bias[f]), total + float(bias[f]), pads
    )
