"""Small helpers shared by the three basics pages: number formatting, slider stops, frame picks."""

from __future__ import annotations

import numpy as np

#: The most frames a trace player gets (longer runs are sampled evenly).
MAX_FRAMES = 300


def options_with(values: tuple[float, ...], current: float) -> list[float]:
    """The slider's options, plus ``current`` if a link brought a value that is not among them."""
    return sorted({*values, float(current)})


def f3(v: float) -> str:
    """A number for the formula: up to 4 decimals, scientific when huge or tiny, a real minus sign."""
    if not np.isfinite(v):
        return "∞"
    if v != 0 and (abs(v) >= 1e5 or abs(v) < 1e-3):
        text = f"{v:.3e}"
    else:
        text = f"{v:.4f}".rstrip("0").rstrip(".")
        text = "0" if text in ("", "-0") else text
    return text.replace("-", "−")


def frame_indices(updates: int, limit: int = MAX_FRAMES) -> np.ndarray:
    """Which of the updates 0..updates become frames (all when few, evenly spaced otherwise)."""
    if updates + 1 <= limit:
        return np.arange(updates + 1)
    return np.unique(np.round(np.linspace(0, updates, limit)).astype(int))
