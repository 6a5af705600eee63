"""A run's history rows, kept to a bounded size by thinning (for live charts).

Rows are ``(n, width)`` floats whose first column is the step (or epoch) counter.
When more than ``capacity`` rows are kept, every other one is dropped (only the
steps that are multiples of a doubled stride stay) and later rows are filtered the
same way, so the chart keeps its whole span at an even resolution. ``generation``
changes whenever kept rows are dropped or cleared: an encoder that sends only new
rows resends everything then.
"""

from __future__ import annotations

import numpy as np


class ThinningHistory:
    """Rows ``(n, width)``, first column the step; halves itself when over ``capacity``."""

    def __init__(self, width: int, capacity: int) -> None:
        self.width, self.capacity = width, capacity
        self.rows = np.empty((0, width))
        self.stride = 1
        self.generation = 0

    def clear(self) -> None:
        """Forget every row (a reset)."""
        self.rows = np.empty((0, self.width))
        self.stride = 1
        self.generation += 1

    def extend(self, rows: np.ndarray) -> None:
        """Append ``rows`` (those on the current stride), thinning while over capacity."""
        if self.stride > 1:
            rows = rows[rows[:, 0] % self.stride == 0]
        self.rows = np.concatenate([self.rows, rows])
        while len(self.rows) > self.capacity:
            self.stride *= 2
            self.rows = self.rows[self.rows[:, 0] % self.stride == 0]
            self.generation += 1
