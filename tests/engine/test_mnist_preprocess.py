"""Canvas drawing -> MNIST-style 28x28 input: crop, scale to 20 px keeping aspect, centre of mass, normalise."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage

from engine.mnist.data import load_subset
from engine.mnist.preprocess import (
    BOX,
    center_of_mass,
    ink_of,
    naive_resize,
    preprocess_drawing,
)


def _canvas_with(digit: np.ndarray, size: int, top: int, left: int, px: int, rgba: bool = True) -> np.ndarray:
    """Paste ``digit`` (28x28 uint8) scaled to ``px`` x ``px`` at (top, left) of a black canvas."""
    up = np.asarray(Image.fromarray(digit).resize((px, px), Image.Resampling.BILINEAR))
    grey = np.zeros((size, size), np.uint8)
    grey[top : top + px, left : left + px] = up
    if not rgba:
        return grey
    return np.dstack([grey, grey, grey, np.full_like(grey, 255)])


@pytest.fixture(scope="module")
def digits() -> tuple[np.ndarray, np.ndarray]:
    data = load_subset()
    return data.x_test, data.y_test


def test_center_of_mass_matches_scipy() -> None:
    rng = np.random.default_rng(0)
    img = rng.random((28, 28)) * (rng.random((28, 28)) > 0.7)
    r, c = center_of_mass(img)
    sr, sc = ndimage.center_of_mass(img)
    assert r == pytest.approx(sr + 0.5) and c == pytest.approx(sc + 0.5)


@pytest.mark.parametrize(("top", "left", "px"), [(5, 5, 80), (150, 170, 100), (20, 120, 250), (100, 0, 60)])
def test_shifted_and_scaled_digit_comes_out_centred(digits, top: int, left: int, px: int) -> None:
    images, _ = digits
    for digit in images[:20]:
        prepared = preprocess_drawing(_canvas_with(digit, 400, top, left, px))
        assert not prepared.empty
        img = prepared.image
        assert img.shape == (28, 28) and img.dtype == np.float32
        assert img.max() == pytest.approx(1.0) and img.min() >= 0.0
        r, c = center_of_mass(img)
        # centred by whole-pixel shifts: within half a pixel of (14, 14)
        assert abs(r - 14) <= 0.5 + 1e-6 and abs(c - 14) <= 0.5 + 1e-6
        rows = np.flatnonzero((img > 0.05).any(axis=1))
        cols = np.flatnonzero((img > 0.05).any(axis=0))
        assert max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1 <= BOX + 1  # longer side ~20 px
        assert max(prepared.scaled_shape) == BOX


def test_same_digit_anywhere_gives_the_same_input(digits) -> None:
    """Position and size on the canvas must not matter (what the model sees is the same)."""
    digit = digits[0][3]
    a = preprocess_drawing(_canvas_with(digit, 400, 10, 10, 120)).image
    b = preprocess_drawing(_canvas_with(digit, 400, 260, 250, 120)).image
    c = preprocess_drawing(_canvas_with(digit, 400, 60, 40, 300)).image
    assert np.abs(a - b).max() < 1e-5
    assert np.corrcoef(a.ravel(), c.ravel())[0, 1] > 0.9


def test_result_resembles_the_original_mnist_digit(digits) -> None:
    """A digit blown up on a canvas and preprocessed looks like the MNIST original (correlation)."""
    images, _ = digits
    corr = []
    for digit in images[:30]:
        prepared = preprocess_drawing(_canvas_with(digit, 280, 0, 0, 280))
        corr.append(np.corrcoef(prepared.image.ravel(), digit.ravel().astype(float))[0, 1])
    assert np.median(corr) > 0.85


def test_aspect_ratio_is_kept_for_a_tall_stroke() -> None:
    canvas = np.zeros((280, 280), np.uint8)
    canvas[40:240, 130:150] = 255  # a "1": 200 tall, 20 wide
    prepared = preprocess_drawing(canvas)
    assert prepared.scaled_shape == (20, 2)
    assert prepared.bbox == (40, 130, 240, 150)


def test_transparent_canvas_uses_alpha_and_rgb_ink() -> None:
    canvas = np.zeros((100, 100, 4), np.uint8)
    canvas[..., :3] = 255  # white everywhere, but transparent: no ink
    assert preprocess_drawing(canvas).empty
    canvas[30:70, 45:55, 3] = 255  # opaque white strokes
    prepared = preprocess_drawing(canvas)
    assert not prepared.empty and prepared.bbox == (30, 45, 70, 55)


@pytest.mark.parametrize(
    ("canvas", "reason"),
    [
        (np.zeros((280, 280, 4), np.uint8), "empty"),
        (np.dstack([np.zeros((280, 280, 3), np.uint8), np.full((280, 280), 255, np.uint8)]), "empty"),
    ],
)
def test_empty_canvas_is_detected(canvas: np.ndarray, reason: str) -> None:
    prepared = preprocess_drawing(canvas)
    assert prepared.empty and reason in prepared.reason
    assert not prepared.image.any()


def test_near_empty_canvas_is_detected() -> None:
    dot = np.zeros((280, 280), np.uint8)
    dot[100:103, 100:103] = 255  # 9 px: a stray click
    assert preprocess_drawing(dot).empty
    faint = np.full((280, 280), 20, np.uint8)  # grey noise below the ink threshold
    assert preprocess_drawing(faint).empty
    small = np.zeros((280, 280), np.uint8)
    small[100:108, 100:108] = 255  # 64 px but a tiny blob
    assert preprocess_drawing(small).empty


def test_a_dot_of_the_thickest_stroke_is_not_a_digit() -> None:
    """One click with the widest pen (40 px on the 280 px canvas) used to be read as an '8'."""
    from engine.mnist.config import MAX_STROKE

    yy, xx = np.mgrid[:280, :280]
    dot = (((yy - 140) ** 2 + (xx - 140) ** 2) <= (MAX_STROKE / 2) ** 2).astype(np.uint8) * 255
    assert not preprocess_drawing(dot).empty  # without the pen's width: a 40 px mark may be a digit
    prepared = preprocess_drawing(dot, stroke_width=MAX_STROKE)
    assert prepared.empty and "draw a bigger digit" in prepared.reason
    one = np.zeros((280, 280), np.uint8)
    one[110:180, 120:160] = 255  # a short, thick '1': 70 px tall with the 40 px pen, still read
    assert not preprocess_drawing(one, stroke_width=MAX_STROKE).empty


def test_naive_resize_keeps_the_digit_off_centre() -> None:
    canvas = np.zeros((280, 280), np.uint8)
    canvas[10:90, 10:30] = 255
    naive = naive_resize(canvas)
    r, c = center_of_mass(naive.image)
    assert r < 7 and c < 5  # top-left, as drawn: what the model would get without preprocessing
    assert naive_resize(np.zeros((280, 280), np.uint8)).empty


def test_bad_shapes_raise_value_error() -> None:
    with pytest.raises(ValueError):
        ink_of(np.zeros((10, 10, 2)))
    with pytest.raises(ValueError):
        ink_of(np.zeros((0, 0)))
    nan = np.full((50, 50), np.nan)
    assert preprocess_drawing(nan).empty
