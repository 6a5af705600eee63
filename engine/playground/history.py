"""A bounded per-epoch history of losses and accuracies.

Long runs must not grow memory or redraw cost without limit: when the buffer
is full, every other point is dropped (the curve keeps its shape) and the
``generation`` counter goes up, so a client that appends new points knows to
redraw from scratch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

COLUMNS = ("epoch", "train_loss", "test_loss", "train_acc", "test_acc")


@dataclass(frozen=True)
class HistoryView:
    """An immutable copy of the history: ``data`` is (n, 5) float64 in COLUMNS order."""

    data: np.ndarray
    generation: int

    def __len__(self) -> int:
        return int(self.data.shape[0])

    def column(self, name: str) -> np.ndarray:
        return self.data[:, COLUMNS.index(name)]


class History:
    """Append-only rows with a capacity; halves itself when full."""

    def __init__(self, capacity: int = 2000) -> None:
        if capacity < 4:
            raise ValueError("capacity must be >= 4")
        self.capacity = capacity
        self._rows = np.empty((capacity, len(COLUMNS)), dtype=np.float64)
        self._n = 0
        self._stride = 1  # keep one epoch in `stride` once decimated
        self.generation = 0

    def clear(self) -> None:
        self._n = 0
        self._stride = 1
        self.generation += 1

    def extend(self, rows: np.ndarray) -> None:
        """Append (k, 5) rows; once decimated, keep one row per ``stride`` epochs."""
        for row in rows:
            if self._n and row[0] - self._rows[self._n - 1, 0] < self._stride:
                continue
            if self._n == self.capacity:
                kept = self._rows[: self._n : 2].copy()
                self._n = kept.shape[0]
                self._rows[: self._n] = kept
                self._stride *= 2
                self.generation += 1
                if row[0] - self._rows[self._n - 1, 0] < self._stride:
                    continue
            self._rows[self._n] = row
            self._n += 1

    def view(self) -> HistoryView:
        return HistoryView(self._rows[: self._n].copy(), self.generation)
