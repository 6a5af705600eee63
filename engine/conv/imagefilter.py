"""A kernel on a whole image, fast (numpy slices: one multiply-add per kernel tap over the image).

The image is ``(H, W)`` grey or ``(H, W, 3)`` RGB in 0-255 units. ``color="rgb"`` applies
the same kernel to each channel separately (a depthwise convolution); ``"gray"`` first
converts to luminance (ITU-R 601: 0.299 R + 0.587 G + 0.114 B, as Pillow's ``L``).
"""

from __future__ import annotations

import numpy as np

PADDINGS: dict[str, str] = {
    "zero": "zeros (same size)",
    "valid": "none (output shrinks)",
    "reflect": "mirror the border",
}
COLORS: dict[str, str] = {"rgb": "each colour channel separately", "gray": "grayscale (luminance)"}
DISPLAYS: dict[str, str] = {
    "clip": "clip to 0-255 (what a photo editor shows)",
    "stretch": "stretch min..max to black..white",
    "abs": "absolute value |v|, clipped to 255",
    "signed": "signed colours: blue < 0 < red (99.5 % of |v| in scale)",
}
LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)


def to_gray(img: np.ndarray) -> np.ndarray:
    """``(H, W, 3)`` -> ``(H, W)`` float32 luminance; grey input is returned as float32."""
    arr = np.asarray(img, dtype=np.float32)
    return arr if arr.ndim == 2 else arr @ LUMA


def filter_image(
    img: np.ndarray,
    kernel: np.ndarray,
    color: str = "rgb",
    padding: str = "zero",
    stride: int = 1,
    relu: bool = False,
) -> np.ndarray:
    """Correlate ``img`` with a square odd ``kernel``: ``(OH, OW)`` or ``(OH, OW, 3)`` float32.

    ``OH = floor((H + 2p - k) / stride) + 1`` with ``p = (k - 1) / 2`` for "zero"/"reflect"
    and ``p = 0`` for "valid".
    """
    k = np.asarray(kernel, dtype=np.float32)
    if k.ndim != 2 or k.shape[0] != k.shape[1] or k.shape[0] % 2 == 0:
        raise ValueError(f"the kernel must be square with an odd size, got shape {k.shape}")
    if padding not in PADDINGS:
        raise ValueError(f"padding must be one of {list(PADDINGS)}")
    x = to_gray(img) if color == "gray" else np.asarray(img, dtype=np.float32)
    squeeze = x.ndim == 2
    if squeeze:
        x = x[:, :, None]
    size = k.shape[0]
    p = 0 if padding == "valid" else size // 2
    if p:
        x = np.pad(x, ((p, p), (p, p), (0, 0)), mode="constant" if padding == "zero" else "reflect")
    h, w = x.shape[:2]
    if h < size or w < size:
        raise ValueError(f"the {size}x{size} kernel is larger than the {h}x{w} image")
    oh, ow = (h - size) // stride + 1, (w - size) // stride + 1
    out = np.zeros((oh, ow, x.shape[2]), dtype=np.float32)
    for a in range(size):
        for c in range(size):
            weight = k[a, c]
            if weight != 0.0:
                out += (
                    weight * x[a : a + stride * (oh - 1) + 1 : stride, c : c + stride * (ow - 1) + 1 : stride]
                )
    if relu:
        np.maximum(out, 0.0, out=out)
    return out[:, :, 0] if squeeze else out


def display_range(out: np.ndarray, mode: str) -> tuple[float, float]:
    """The values shown as the darkest and the brightest colour under display ``mode``."""
    if mode == "clip":
        return 0.0, 255.0
    if mode == "abs":
        return 0.0, 255.0
    if mode == "signed":  # robust: a few extreme pixels must not wash out the rest
        m = float(np.percentile(np.abs(out), 99.5)) or float(np.abs(out).max()) or 1.0
        return -m, m
    lo, hi = float(out.min()), float(out.max())
    return (lo, hi) if hi > lo else (lo, lo + 1.0)


def to_display(out: np.ndarray, mode: str = "clip") -> np.ndarray:
    """Filter output -> uint8 image for the screen: ``(H, W)``/``(H, W, 3)``, or RGB for ``signed``."""
    if mode not in DISPLAYS:
        raise ValueError(f"display must be one of {list(DISPLAYS)}")
    lo, hi = display_range(out, mode)
    if mode == "abs":
        return np.clip(np.abs(out), 0, 255).astype(np.uint8)
    if mode == "signed":
        v = to_gray(out) if out.ndim == 3 else out
        t = np.clip(v / hi, -1.0, 1.0)
        pos, neg = np.clip(t, 0, 1), np.clip(-t, 0, 1)
        rgb = np.stack([1 - neg * 0.85, 1 - (pos + neg) * 0.8, 1 - pos * 0.85], axis=-1)
        return (rgb * 255).astype(np.uint8)
    return np.clip((out - lo) / (hi - lo) * 255.0, 0, 255).astype(np.uint8)
