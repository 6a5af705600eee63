"""Max and average pooling on ``(H, W, C)`` arrays, with the position of each maximum.

Padding follows Keras: ``"valid"`` (none) or ``"same"`` (TensorFlow's split, the
extra cell after); padded cells never win a max and are not counted in an average.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.conv.shapes import output_size, same_padding

MODES = ("max", "avg")


@dataclass(frozen=True)
class PoolResult:
    """``out`` is ``(OH, OW, C)``; ``argmax`` is ``(OH, OW, C, 2)``: the (row, col) in the
    *unpadded* input of each window's maximum (first one in reading order on ties)."""

    out: np.ndarray
    argmax: np.ndarray
    pads: tuple[tuple[int, int], tuple[int, int]]


def pool_geometry(
    h: int, w: int, size: int, stride: int, padding: str
) -> tuple[tuple[tuple[int, int], tuple[int, int]], int, int]:
    """(explicit padding, OH, OW) for a ``size`` x ``size`` pool."""
    if padding == "valid":
        pads = ((0, 0), (0, 0))
    elif padding == "same":
        pads = (same_padding(h, size, stride), same_padding(w, size, stride))
    else:
        raise ValueError(f"pooling padding must be 'valid' or 'same', not {padding!r}")
    return pads, output_size(h, size, stride, pads[0]), output_size(w, size, stride, pads[1])


def _windows(x: np.ndarray, size: int, stride: int, padding: str) -> tuple[np.ndarray, np.ndarray, tuple]:
    """Windows ``(OH, OW, C, size*size)`` (NaN where padded) and their validity mask."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 3:
        raise ValueError(f"expected (H, W, C), got shape {x.shape}")
    pads, oh, ow = pool_geometry(x.shape[0], x.shape[1], size, stride, padding)
    xp = np.pad(x, (pads[0], pads[1], (0, 0)), constant_values=np.nan)
    taps = []
    for a in range(size):
        for c in range(size):
            taps.append(xp[a : a + stride * (oh - 1) + 1 : stride, c : c + stride * (ow - 1) + 1 : stride])
    win = np.stack(taps, axis=-1)
    return win, ~np.isnan(win), pads


def pool2d(
    x: np.ndarray, size: int = 2, stride: int | None = None, mode: str = "max", padding: str = "valid"
) -> PoolResult:
    """Pool ``(H, W, C)`` with a ``size`` x ``size`` window (stride defaults to ``size``, as Keras)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    stride = size if stride is None else stride
    win, valid, pads = _windows(x, size, stride, padding)
    filled = np.where(valid, win, -np.inf)
    k = filled.argmax(axis=-1)  # first maximum in reading order
    if mode == "max":
        out = np.take_along_axis(filled, k[..., None], axis=-1)[..., 0]
    else:
        out = np.where(valid, win, 0.0).sum(axis=-1) / valid.sum(axis=-1)
    oh, ow = out.shape[:2]
    rows = np.arange(oh)[:, None, None] * stride + k // size - pads[0][0]
    cols = np.arange(ow)[None, :, None] * stride + k % size - pads[1][0]
    return PoolResult(out, np.stack([rows, cols], axis=-1), pads)


@dataclass(frozen=True)
class PoolTrace:
    """One pooled cell: the window's cells (NaN = padding), its rows/cols in the unpadded input."""

    i: int
    j: int
    channel: int
    rows: tuple[int, ...]
    cols: tuple[int, ...]
    window: np.ndarray  # (size, size)
    mode: str
    out: float
    winner: tuple[int, int]  # (row, col) of the maximum in the unpadded input


def pool_trace(
    x: np.ndarray,
    i: int,
    j: int,
    channel: int = 0,
    size: int = 2,
    stride: int | None = None,
    mode: str = "max",
    padding: str = "valid",
) -> PoolTrace:
    """The window and the result of pooled cell ``(i, j, channel)``."""
    stride = size if stride is None else stride
    res = pool2d(x, size, stride, mode, padding)
    oh, ow = res.out.shape[:2]
    if not (0 <= i < oh and 0 <= j < ow):
        raise IndexError(f"pooled cell ({i}, {j}) is outside the {oh}x{ow} output")
    win, _, pads = _windows(x, size, stride, padding)
    rows = tuple(i * stride + a - pads[0][0] for a in range(size))
    cols = tuple(j * stride + c - pads[1][0] for c in range(size))
    winner = (int(res.argmax[i, j, channel, 0]), int(res.argmax[i, j, channel, 1]))
    return PoolTrace(
        i,
        j,
        channel,
        rows,
        cols,
        win[i, j, channel].reshape(size, size),
        mode,
        float(res.out[i, j, channel]),
        winner,
    )
