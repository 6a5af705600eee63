"""Parse one URL query value into the type of a config field (shared by the pages' configs)."""

from __future__ import annotations

import math
from typing import Any


def decode_scalar(text: str, like: Any) -> Any:
    """``text`` as the type of ``like`` (the field's default): bool (0/1/true/false), int,
    finite float, or str. Raises ValueError with a short reason."""
    if isinstance(like, bool):
        if text not in ("0", "1", "true", "false"):
            raise ValueError("expected 0 or 1")
        return text in ("1", "true")
    if isinstance(like, int):
        return int(text)
    if isinstance(like, float):
        value = float(text)
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return value
    return text
