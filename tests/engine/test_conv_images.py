"""engine.conv images: bundled samples, upload validation, fast image filtering, kernels."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage

from engine.conv.conv import conv2d
from engine.conv.imagefilter import filter_image, to_display, to_gray
from engine.conv.images import ImageError, available_samples, load_image_bytes, load_sample
from engine.conv.kernels import KERNELS, KernelError, kernel_from_text, kernel_to_text


def _png(img: Image.Image, fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    img.save(buf, format=fmt)
    return buf.getvalue()


def test_samples_load_offline() -> None:
    samples = available_samples()
    assert {"china", "flower"} <= {s.key for s in samples}  # scikit-learn ships these
    for sample in samples:
        img = load_sample(sample.key)
        assert img.pixels.dtype == np.uint8 and max(img.pixels.shape[:2]) <= 512
        assert sample.credit


def test_astronaut_is_512_rgb() -> None:
    pytest.importorskip("skimage")
    assert load_sample("astronaut").pixels.shape == (512, 512, 3)
    assert load_sample("camera").is_gray


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"%PDF-1.4 not an image at all", "not an image"),
        (_png(Image.new("RGB", (1, 1))), "only 1x1"),
        (_png(Image.new("1", (7000, 7000))), "huge"),
        (_png(Image.new("RGB", (64, 64)))[:60], "damaged"),
    ],
)
def test_bad_uploads_get_clear_messages(data: bytes, message: str) -> None:
    with pytest.raises(ImageError, match=message):
        load_image_bytes(data)


def test_16bit_is_converted_with_a_note() -> None:
    arr = (np.arange(64 * 64).reshape(64, 64) * 16).astype(np.uint16)
    img = load_image_bytes(_png(Image.fromarray(arr)))
    assert img.pixels.dtype == np.uint8 and img.is_gray
    assert any("16-bit" in n for n in img.notes)
    assert img.pixels.max() == round(arr.max() / 257)


def test_rgba_is_composited_on_white() -> None:
    rgba = np.zeros((20, 30, 4), dtype=np.uint8)
    rgba[..., 0] = 200
    rgba[:10, :, 3] = 255  # top half opaque red, bottom half transparent
    img = load_image_bytes(_png(Image.fromarray(rgba, "RGBA")))
    assert img.pixels.shape == (20, 30, 3)
    assert tuple(img.pixels[0, 0]) == (200, 0, 0) and tuple(img.pixels[-1, -1]) == (255, 255, 255)
    assert any("transparency" in n for n in img.notes)


def test_large_images_are_shrunk_and_palette_converted() -> None:
    img = load_image_bytes(_png(Image.new("P", (1200, 600), 3), "GIF"))
    assert img.pixels.shape[:2] == (256, 512)
    assert any("Shrunk" in n for n in img.notes)


@pytest.mark.parametrize("name", ["sharpen", "gaussian5", "sobel_right", "emboss"])
def test_filter_image_matches_scipy(name: str) -> None:
    rng = np.random.default_rng(0)
    img = rng.integers(0, 256, size=(40, 50, 3)).astype(np.uint8)
    k = KERNELS[name].array
    ours = filter_image(img, k, "rgb", "zero")
    for ch in range(3):
        ref = ndimage.correlate(img[..., ch].astype(np.float64), k, mode="constant", cval=0.0)
        np.testing.assert_allclose(ours[..., ch], ref, atol=1e-3)
    ref = ndimage.correlate(img[..., 0].astype(np.float64), k, mode="mirror")
    np.testing.assert_allclose(filter_image(img, k, "rgb", "reflect")[..., 0], ref, atol=1e-3)


def test_filter_image_matches_the_teaching_engine_with_stride_and_valid() -> None:
    rng = np.random.default_rng(1)
    img = rng.integers(0, 256, size=(31, 27)).astype(np.float64)
    k = rng.normal(size=(5, 5))
    for padding, pad in (("zero", 2), ("valid", 0)):
        for stride in (1, 2, 3):
            fast = filter_image(img, k, "gray", padding, stride)
            ref = conv2d(img[:, :, None], k[:, :, None, None], None, stride, pad)[:, :, 0]
            np.testing.assert_allclose(fast, ref, rtol=1e-5, atol=1e-2)
    assert filter_image(img, k, "gray", "valid").shape == (27, 23)  # the lost 2-pixel margin


def test_gray_relu_and_display() -> None:
    img = np.zeros((10, 10, 3), dtype=np.uint8)
    img[:, 5:] = 255
    out = filter_image(img, KERNELS["sobel_right"].array, "gray")
    assert out.ndim == 2 and out.min() < 0
    assert filter_image(img, KERNELS["sobel_right"].array, "gray", relu=True).min() == 0
    assert to_gray(img)[0, 9] == pytest.approx(255, abs=0.01)
    assert to_display(out, "clip").dtype == np.uint8
    stretched = to_display(out, "stretch")
    assert stretched.min() == 0 and stretched.max() == 255
    assert to_display(out, "signed").shape == (10, 10, 3)


def test_kernel_text_round_trip_and_errors() -> None:
    for preset in KERNELS.values():
        k = preset.array
        np.testing.assert_allclose(kernel_from_text(kernel_to_text(k)), k, rtol=1e-5)
    for bad in ("", "1,2;3,4", "1,2,3;4,5", "a,b,c;1,2,3;1,2,3", "nan,0,0;0,0,0;0,0,0"):
        with pytest.raises(KernelError):
            kernel_from_text(bad)
    np.testing.assert_allclose(KERNELS["gaussian5"].array.sum(), 1.0)
    np.testing.assert_allclose(KERNELS["box_blur"].array.sum(), 1.0)
