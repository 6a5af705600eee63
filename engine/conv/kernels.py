"""Preset kernels ("Photoshop filters", slides 003; setosa.io's image-kernel set) and kernel text.

Each kernel is a square ``(k, k)`` float array applied as cross-correlation (no flip),
which is what CNN layers compute.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_KERNEL = 7
MAX_ABS_WEIGHT = 1000.0


@dataclass(frozen=True)
class KernelPreset:
    """A named kernel and what it does."""

    title: str
    rows: tuple[tuple[float, ...], ...]
    lesson: str

    @property
    def array(self) -> np.ndarray:
        return np.array(self.rows, dtype=np.float64)


def _g5() -> tuple[tuple[float, ...], ...]:
    row = np.array([1, 4, 6, 4, 1], dtype=np.float64)
    return tuple(tuple(float(v) for v in r) for r in np.outer(row, row) / 256.0)


KERNELS: dict[str, KernelPreset] = {
    "identity": KernelPreset(
        "Identity", ((0, 0, 0), (0, 1, 0), (0, 0, 0)), "Copies the centre pixel: the output equals the input."
    ),
    "sharpen": KernelPreset(
        "Sharpen",
        ((0, -1, 0), (-1, 5, -1), (0, -1, 0)),
        "Five times the centre minus its four neighbours: differences to the neighbours get amplified "
        "(the slides' 5x5 example: 5·60 − 113 − 73 = 114).",
    ),
    "excessive_sharpen": KernelPreset(
        "Excessive sharpen",
        ((1, 1, 1), (1, -7, 1), (1, 1, 1)),
        "The slides' 'excessive sharpen': the centre counts −7 against eight +1 neighbours, so flat "
        "areas go dark and every fine texture explodes.",
    ),
    "edges_all": KernelPreset(
        "Edge detection (8 neighbours)",
        ((-1, -1, -1), (-1, 8, -1), (-1, -1, -1)),
        "The slides' 'detect edges': the weights sum to 0, so flat areas become 0 and only changes survive.",
    ),
    "edges_laplace": KernelPreset(
        "Edge detection (4 neighbours, Laplacian)",
        ((0, -1, 0), (-1, 4, -1), (0, -1, 0)),
        "The discrete Laplacian: sharpen minus identity. Weights sum to 0.",
    ),
    "edges_diagonal": KernelPreset(
        "Edge detection (diagonal)",
        ((1, 0, -1), (0, 0, 0), (-1, 0, 1)),
        "Responds to diagonal changes only; plain horizontal or vertical edges mostly cancel.",
    ),
    "edges_vertical": KernelPreset(
        "Vertical edges (Prewitt)",
        ((1, 0, -1), (1, 0, -1), (1, 0, -1)),
        "Left column minus right column: bright-to-dark from left to right is positive, the reverse "
        "negative (the 6x6 → 4x4 example of slides 003).",
    ),
    "edges_horizontal": KernelPreset(
        "Horizontal edges (Prewitt)",
        ((1, 1, 1), (0, 0, 0), (-1, -1, -1)),
        "Top row minus bottom row: finds horizontal lines.",
    ),
    "sobel_left": KernelPreset(
        "Sobel left",
        ((1, 0, -1), (2, 0, -2), (1, 0, -1)),
        "Bright on the left, dark on the right → positive.",
    ),
    "sobel_right": KernelPreset(
        "Sobel right",
        ((-1, 0, 1), (-2, 0, 2), (-1, 0, 1)),
        "The slides' 'right Sobel': the dog's vertical lines come out, the fur disappears.",
    ),
    "sobel_top": KernelPreset(
        "Sobel top", ((1, 2, 1), (0, 0, 0), (-1, -2, -1)), "Bright above, dark below → positive."
    ),
    "sobel_bottom": KernelPreset(
        "Sobel bottom", ((-1, -2, -1), (0, 0, 0), (1, 2, 1)), "Dark above, bright below → positive."
    ),
    "outline": KernelPreset(
        "Outline",
        ((-1, -1, -1), (-1, 8, -1), (-1, -1, -1)),
        "setosa.io's 'outline' (the same numbers as edge detection with 8 neighbours): big differences "
        "between a pixel and its neighbours become bright.",
    ),
    "emboss": KernelPreset(
        "Emboss",
        ((-2, -1, 0), (-1, 1, 1), (0, 1, 2)),
        "Bottom-right minus top-left plus the pixel itself: a relief lit from one side.",
    ),
    "soft_blur": KernelPreset(
        "Soft blur",
        ((0, 0.2, 0), (0.2, 0.2, 0.2), (0, 0.2, 0)),
        "The slides' 'soft blur': the average of a pixel and its four neighbours.",
    ),
    "box_blur": KernelPreset(
        "Box blur",
        tuple(tuple(1 / 9 for _ in range(3)) for _ in range(3)),
        "The mean of the 3x3 window (weights 1/9 sum to 1, so brightness is kept).",
    ),
    "gaussian3": KernelPreset(
        "Gaussian blur 3x3",
        ((1 / 16, 2 / 16, 1 / 16), (2 / 16, 4 / 16, 2 / 16), (1 / 16, 2 / 16, 1 / 16)),
        "A weighted mean: close neighbours count more. Smoother than the box blur.",
    ),
    "gaussian5": KernelPreset(
        "Gaussian blur 5x5", _g5(), "The binomial 5x5 approximation of a Gaussian: a stronger blur."
    ),
}


class KernelError(ValueError):
    """Kernel text that cannot be used; the message says why."""


def kernel_to_text(kernel: np.ndarray) -> str:
    """``[[0,-1],[...]]`` -> ``"0,-1;..."`` (rows by ';', values by ','), compact for URLs."""
    return ";".join(",".join(f"{v:.6g}" for v in row) for row in np.asarray(kernel))


def kernel_from_text(text: str) -> np.ndarray:
    """Parse :func:`kernel_to_text`'s format into a square ``(k, k)`` array (1 <= k <= 7, odd)."""
    rows = [r for r in text.strip().split(";") if r.strip()]
    try:
        values = [[float(v) for v in r.split(",")] for r in rows]
    except ValueError as err:
        raise KernelError(f"the kernel must hold numbers only ({err})") from None
    k = len(values)
    if k == 0 or any(len(r) != k for r in values):
        raise KernelError("the kernel must be square: as many rows as columns")
    if k > MAX_KERNEL or k % 2 == 0:
        raise KernelError(f"the kernel size must be odd and at most {MAX_KERNEL} (got {k})")
    arr = np.array(values, dtype=np.float64)
    if not np.all(np.isfinite(arr)) or np.abs(arr).max() > MAX_ABS_WEIGHT:
        raise KernelError(f"kernel values must be finite numbers within ±{MAX_ABS_WEIGHT:g}")
    return arr
