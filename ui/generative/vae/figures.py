"""Pure image builders of the VAE page: digit strips and sheets (ink dark on white, as the live view)."""

from __future__ import annotations

import numpy as np

GAP = 2  #: white pixels between two digits


def sheet(images: np.ndarray, cols: int, scale: int = 3) -> np.ndarray:
    """(n, 28, 28) images in [0, 1] → one uint8 picture, ``cols`` per row, each pixel ``scale`` x ``scale``."""
    images = np.asarray(images, np.float64).reshape(-1, 28, 28)
    n = len(images)
    if n == 0 or cols < 1:
        raise ValueError("nothing to draw")
    rows = -(-n // cols)
    cell = 28 + GAP
    out = np.ones((rows * cell - GAP, cols * cell - GAP))
    for i, img in enumerate(images):
        r, c = divmod(i, cols)
        out[r * cell : r * cell + 28, c * cell : c * cell + 28] = 1.0 - np.clip(img, 0.0, 1.0)
    big = np.kron(out, np.ones((scale, scale)))
    return np.rint(big * 255).astype(np.uint8)
