"""Turn a canvas drawing into an MNIST-style 28x28 input (LeCun's recipe).

MNIST digits were size-normalised to fit a 20x20 box keeping their aspect ratio
(anti-aliased, hence grey levels) and then centred in 28x28 by their centre of
mass. :func:`preprocess_drawing` does the same to a canvas image:

1. ink = brightness x opacity (white ink on black, or on a transparent canvas);
2. crop to the ink's bounding box;
3. scale the longer side to 20 px, keeping the aspect ratio (area resampling);
4. paste into 28x28 so the centre of mass lands on the centre (14, 14);
5. normalise to [0, 1] with the brightest ink at 1.

An empty or near-empty canvas (a stray dot) is reported instead of processed.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from PIL import Image

SIZE = 28
BOX = 20
INK_THRESHOLD = 0.2  #: a pixel counts as ink above this brightness (0..1)
MIN_INK_FRACTION = 0.001  #: fewer ink pixels than this share of the canvas is "empty"
MIN_EXTENT_FRACTION = 0.04  #: a drawing smaller than this share of the canvas side is a dot
MIN_EXTENT_STROKES = 1.6  #: a drawing less than this many pen widths across is a dot, not a digit


@dataclasses.dataclass(frozen=True)
class Prepared:
    """The model's input and how it was made.

    Attributes:
        image: (28, 28) float32 in [0, 1], white ink on black (zeros if empty).
        empty: True if there was (almost) nothing to recognise.
        reason: why the drawing counts as empty ("" otherwise).
        bbox: (top, left, bottom, right) of the ink on the canvas, exclusive ends.
        scaled_shape: (rows, cols) of the digit after scaling (before centring).
        center_of_mass: (row, col) of the ink in the 28x28 result.
    """

    image: np.ndarray
    empty: bool
    reason: str = ""
    bbox: tuple[int, int, int, int] | None = None
    scaled_shape: tuple[int, int] | None = None
    center_of_mass: tuple[float, float] | None = None


def ink_of(canvas: np.ndarray) -> np.ndarray:
    """(H, W), (H, W, 3) or (H, W, 4) image (uint8 or float in [0, 1]) -> (H, W) ink in [0, 1].

    The canvas draws white ink on black; with an alpha channel, transparent
    pixels count as background whatever their colour.
    """
    arr = np.asarray(canvas)
    if arr.ndim not in (2, 3) or arr.size == 0 or (arr.ndim == 3 and arr.shape[2] not in (1, 3, 4)):
        raise ValueError(f"expected an (H, W[, 1|3|4]) image, got shape {arr.shape}")
    x = arr.astype(np.float32)
    if arr.dtype == np.uint8 or x.max(initial=0.0) > 1.0:
        x = x / 255.0
    x = np.nan_to_num(x, nan=0.0, posinf=1.0, neginf=0.0)
    if x.ndim == 2:
        return np.clip(x, 0.0, 1.0)
    if x.shape[2] == 1:
        return np.clip(x[..., 0], 0.0, 1.0)
    grey = x[..., :3] @ np.array([0.299, 0.587, 0.114], np.float32)
    if x.shape[2] == 4:
        grey = grey * x[..., 3]
    return np.clip(grey, 0.0, 1.0)


def center_of_mass(image: np.ndarray) -> tuple[float, float]:
    """(row, col) of the intensity-weighted centre, in pixel-centre coordinates (pixel i at i + 0.5)."""
    total = float(image.sum())
    if total <= 0:
        return (image.shape[0] / 2, image.shape[1] / 2)
    rows = np.arange(image.shape[0]) + 0.5
    cols = np.arange(image.shape[1]) + 0.5
    return (float(rows @ image.sum(axis=1)) / total, float(cols @ image.sum(axis=0)) / total)


def _empty(reason: str) -> Prepared:
    return Prepared(np.zeros((SIZE, SIZE), np.float32), True, reason)


def preprocess_drawing(canvas: np.ndarray, stroke_width: float = 0.0) -> Prepared:
    """MNIST-style 28x28 input from a canvas image (see the module docstring).

    ``stroke_width`` (canvas px, 0 if unknown): the pen's width; a mark less than
    :data:`MIN_EXTENT_STROKES` pen widths across is one click, not a digit."""
    ink = ink_of(canvas)
    h, w = ink.shape
    mask = ink > INK_THRESHOLD
    count = int(mask.sum())
    if count == 0:
        return _empty("The canvas is empty: draw a digit.")
    if count < max(4, MIN_INK_FRACTION * h * w):
        return _empty("There is hardly any ink: draw a bigger digit.")
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    top, bottom, left, right = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    extent = max(bottom - top, right - left)
    if extent < MIN_EXTENT_FRACTION * max(h, w) or extent < MIN_EXTENT_STROKES * stroke_width:
        return _empty("That is only a dot or a tiny mark: draw a bigger digit (fill most of the box).")
    crop = ink[top:bottom, left:right]
    ch, cw = crop.shape
    scale = BOX / max(ch, cw)
    new_h, new_w = max(1, round(ch * scale)), max(1, round(cw * scale))
    # Pillow's BOX filter averages the source pixels under each target pixel (area
    # resampling: anti-aliased, like MNIST's grey edges). Float mode keeps precision.
    small = np.asarray(
        Image.fromarray(np.ascontiguousarray(crop, np.float32)).resize((new_w, new_h), Image.Resampling.BOX)
    )
    small = np.clip(small, 0.0, None)
    cy, cx = center_of_mass(small)
    top28 = int(np.clip(round(SIZE / 2 - cy), 0, SIZE - new_h))
    left28 = int(np.clip(round(SIZE / 2 - cx), 0, SIZE - new_w))
    out = np.zeros((SIZE, SIZE), np.float32)
    out[top28 : top28 + new_h, left28 : left28 + new_w] = small
    peak = float(out.max())
    if peak <= 0:
        return _empty("The canvas is empty: draw a digit.")
    out /= peak
    return Prepared(
        out,
        False,
        bbox=(top, left, bottom, right),
        scaled_shape=(new_h, new_w),
        center_of_mass=center_of_mass(out),
    )


def naive_resize(canvas: np.ndarray) -> Prepared:
    """What a model gets *without* preprocessing: the whole canvas squashed to 28x28."""
    ink = ink_of(canvas)
    if int((ink > INK_THRESHOLD).sum()) == 0:
        return _empty("The canvas is empty: draw a digit.")
    small = np.asarray(
        Image.fromarray(np.ascontiguousarray(ink, np.float32)).resize((SIZE, SIZE), Image.Resampling.BOX)
    )
    small = np.clip(small, 0.0, 1.0).astype(np.float32)
    return Prepared(small, False, center_of_mass=center_of_mass(small))
