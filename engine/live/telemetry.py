"""Process-wide counters of the live machinery, for monitoring (``/api/metrics``).

Plain thread-safe totals that the training threads and the live channel bump;
the metrics endpoint turns them into Prometheus counters. No dependency on
Streamlit or Prometheus here, so the engine stays importable anywhere.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_totals: dict[str, int] = {"frames_sent": 0, "frame_bytes_sent": 0, "examples_trained": 0}


def record_frame(n_bytes: int) -> None:
    """One live-view frame of ``n_bytes`` bytes went out to a browser."""
    with _lock:
        _totals["frames_sent"] += 1
        _totals["frame_bytes_sent"] += n_bytes


def record_examples(n: int) -> None:
    """A run trained on ``n`` more examples (samples, windows or sequences)."""
    with _lock:
        _totals["examples_trained"] += n


def totals() -> dict[str, int]:
    """A copy of every counter: ``frames_sent``, ``frame_bytes_sent``, ``examples_trained``."""
    with _lock:
        return dict(_totals)
