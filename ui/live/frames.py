"""Binary frames for live views: ``[u32 header length][JSON header][byte buffers]``.

Grids travel quantized to one byte a cell; the header says where each buffer
starts and how to map bytes back to values. The client (``static/live.js``)
decodes them with ``MLPLive.decodeFrame``.
"""

from __future__ import annotations

import json
import struct
from typing import Any

import numpy as np


def quantize(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Map ``values`` linearly from [lo, hi] to uint8 0..255 (clipped; NaN -> 0)."""
    span = hi - lo if hi > lo else 1.0
    scaled = (np.nan_to_num(values, nan=lo) - lo) * (255.0 / span)
    return np.clip(np.rint(scaled), 0, 255).astype(np.uint8)


class FrameBuilder:
    """Collects a header and byte buffers, then packs them into one frame."""

    def __init__(self, header: dict[str, Any]) -> None:
        self.header = header
        self._buffers: list[bytes] = []
        self._offset = 0
        header.setdefault("buffers", {})

    def add(self, name: str, data: np.ndarray, **meta: Any) -> None:
        """Attach a uint8 array under ``name`` with its shape and any metadata."""
        raw = np.ascontiguousarray(data, dtype=np.uint8).tobytes()
        self.header["buffers"][name] = {
            "offset": self._offset,
            "length": len(raw),
            "shape": list(data.shape),
            **meta,
        }
        self._buffers.append(raw)
        self._offset += len(raw)

    def pack(self) -> bytes:
        head = json.dumps(self.header, separators=(",", ":"), allow_nan=False).encode()
        return struct.pack("<I", len(head)) + head + b"".join(self._buffers)


def unpack(frame: bytes) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Inverse of :meth:`FrameBuilder.pack` (for tests and benchmarks)."""
    (n,) = struct.unpack_from("<I", frame)
    header = json.loads(frame[4 : 4 + n])
    body = frame[4 + n :]
    arrays = {
        name: np.frombuffer(body, np.uint8, meta["length"], meta["offset"]).reshape(meta["shape"])
        for name, meta in header["buffers"].items()
    }
    return header, arrays


def finite_or_none(value: float) -> float | None:
    """JSON has no NaN: send null instead."""
    return None if value is None or not np.isfinite(value) else float(value)
