"""A run's recent training throughput (examples per second), shown in its live view."""

from __future__ import annotations

import math
import time
from collections import deque

from engine.live import telemetry


class Throughput:
    """Examples per second over the last ``window_s`` seconds of training.

    Each :meth:`add` marks ``n`` examples finished at ``now``; the rate is the
    examples after the oldest mark divided by the time since it (so one chunk
    alone gives no rate). Every example is also counted in :mod:`telemetry`.
    """

    def __init__(self, window_s: float = 2.0) -> None:
        self.window_s = window_s
        self._marks: deque[tuple[float, int]] = deque()

    def add(self, n: int, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        self._marks.append((now, n))
        while self._marks and now - self._marks[0][0] > self.window_s:
            self._marks.popleft()
        telemetry.record_examples(n)

    def clear(self) -> None:
        self._marks.clear()

    def rate(self) -> float:
        """Examples/s over the window; 0.0 with fewer than two marks or a zero span."""
        if len(self._marks) < 2:
            return 0.0
        span = self._marks[-1][0] - self._marks[0][0]
        if span <= 0:
            return 0.0
        rate = sum(n for _, n in list(self._marks)[1:]) / span
        return rate if math.isfinite(rate) else 0.0
