"""The slides' worked examples, exactly as printed (layouts ``(H, W, C)`` and ``(KH, KW, C, F)``).

* :data:`CS231N`: slides 000, the CS231n demo: a 5x5x3 input padded to 7x7x3, two
  3x3x3 filters with biases 1 and 0, stride 2 -> a 3x3x2 output.
* :data:`X_KERNEL`: slides 002: a 5x5 binary image and an X-shaped 3x3 kernel (first cell 4).
* :data:`SHARPEN`: slides 000: a 5x5 image padded to 7x7 and the sharpen kernel (first cell 114).
* :data:`EDGE6`: slides 003: a 6x6 image and a vertical-edge 3x3 filter -> 4x4.
* :data:`POOL4`: slides 002: a 4x4 input, 2x2 max pooling -> [[7, 9], [8, 4]].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ConvExample:
    """A convolution problem and the output the slides print (``None`` where they print none)."""

    key: str
    title: str
    source: str
    x: np.ndarray  # (H, W, C)
    w: np.ndarray  # (KH, KW, C, F)
    b: np.ndarray  # (F,)
    padding: int
    stride: int
    expected: np.ndarray | None  # (OH, OW, F)


def _chw_to_hwc(channels: list[list[list[int]]]) -> np.ndarray:
    return np.stack([np.array(c, dtype=np.float64) for c in channels], axis=-1)


# The unpadded 5x5 part of the slides' 7x7x3 input x[:, :, 0..2].
_CS_X = _chw_to_hwc(
    [
        [[0, 0, 1, 0, 2], [1, 0, 2, 0, 1], [1, 0, 2, 2, 0], [2, 0, 0, 2, 0], [2, 1, 2, 2, 0]],
        [[2, 1, 2, 1, 1], [2, 1, 2, 0, 1], [0, 2, 1, 0, 1], [1, 2, 2, 2, 2], [0, 1, 2, 0, 1]],
        [[2, 1, 1, 2, 0], [1, 0, 0, 1, 0], [0, 1, 0, 0, 0], [1, 0, 2, 1, 0], [2, 2, 1, 1, 1]],
    ]
)
_CS_W0 = _chw_to_hwc(
    [
        [[-1, 0, 1], [0, 0, 1], [1, -1, 1]],
        [[-1, 0, 1], [1, -1, 1], [0, 1, 0]],
        [[-1, 1, 1], [1, 1, 0], [0, -1, 0]],
    ]
)
_CS_W1 = _chw_to_hwc(
    [
        [[0, 1, -1], [0, -1, 0], [0, -1, 1]],
        [[-1, 0, 0], [1, -1, 0], [1, -1, 0]],
        [[-1, 1, -1], [0, -1, -1], [1, 0, 0]],
    ]
)
_CS_OUT = _chw_to_hwc([[[2, 3, 3], [3, 7, 3], [8, 10, -3]], [[-8, -8, -3], [-3, 1, 0], [-3, -8, -5]]])

CS231N = ConvExample(
    "cs231n",
    "Slides: CS231n demo, stride 2",
    "slides 000: a 5x5x3 input, two 3x3x3 filters",
    _CS_X,
    np.stack([_CS_W0, _CS_W1], axis=-1),
    np.array([1.0, 0.0]),
    padding=1,
    stride=2,
    expected=_CS_OUT,
)

X_KERNEL = ConvExample(
    "xkernel",
    "Slides: X-shaped kernel",
    "slides 002",
    np.array(
        [[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1], [0, 0, 1, 1, 0], [0, 1, 1, 0, 0]],
        dtype=np.float64,
    )[:, :, None],
    np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]], dtype=np.float64)[:, :, None, None],
    np.zeros(1),
    padding=0,
    stride=1,
    expected=np.array([[4, 3, 4], [2, 4, 3], [2, 3, 4]], dtype=np.float64)[:, :, None],
)

SHARPEN = ConvExample(
    "sharpen",
    "Slides: sharpen, padding 1",
    "slides 000",
    np.array(
        [
            [60, 113, 56, 139, 85],
            [73, 121, 54, 84, 128],
            [131, 99, 70, 129, 127],
            [80, 57, 115, 69, 134],
            [104, 126, 123, 95, 130],
        ],
        dtype=np.float64,
    )[:, :, None],
    np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.float64)[:, :, None, None],
    np.zeros(1),
    padding=1,
    stride=1,
    expected=None,  # the slide prints only the first cell: 114
)
SHARPEN_FIRST_CELL = 114.0

EDGE6 = ConvExample(
    "edge6",
    "Slides: 6x6 vertical edges",
    "slides 003 (deeplearning.ai's example)",
    np.array(
        [
            [3, 0, 1, 2, 7, 4],
            [1, 5, 8, 9, 3, 1],
            [2, 7, 2, 5, 1, 3],
            [0, 1, 3, 1, 7, 8],
            [4, 2, 1, 6, 2, 8],
            [2, 4, 5, 2, 3, 9],
        ],
        dtype=np.float64,
    )[:, :, None],
    np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]], dtype=np.float64)[:, :, None, None],
    np.zeros(1),
    padding=0,
    stride=1,
    expected=np.array(
        [[-5, -4, 0, 8], [-10, -2, 2, 3], [0, -2, -4, -7], [-3, -2, -3, -16]], dtype=np.float64
    )[:, :, None],
)

CONV_EXAMPLES: dict[str, ConvExample] = {e.key: e for e in (CS231N, X_KERNEL, SHARPEN, EDGE6)}

POOL4 = np.array([[1, 3, 2, 9], [7, 4, 1, 5], [8, 5, 2, 3], [4, 2, 1, 4]], dtype=np.float64)
POOL4_MAX = np.array([[7, 9], [8, 4]], dtype=np.float64)


def random_problem(
    size: int, channels: int, filters: int, kernel: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CS231n-style random integers: input in {0, 1, 2}, weights in {-1, 0, 1}, biases in {0, 1}."""
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 3, size=(size, size, channels)).astype(np.float64)
    w = rng.integers(-1, 2, size=(kernel, kernel, channels, filters)).astype(np.float64)
    b = rng.integers(0, 2, size=filters).astype(np.float64)
    return x, w, b
