"""Tests for engine.playground.history (pure numpy, fast)."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

from engine.playground.history import COLUMNS, History, HistoryView


def rows(epochs: range | list[int]) -> np.ndarray:
    e = np.asarray(list(epochs), dtype=np.float64)
    return np.column_stack([e, 1.0 / (e + 1), 2.0 / (e + 1), e / 1000.0, np.full_like(e, np.nan)])


def test_capacity_must_be_reasonable() -> None:
    with pytest.raises(ValueError):
        History(capacity=3)
    assert History(capacity=4).capacity == 4


def test_empty_view() -> None:
    view = History().view()
    assert len(view) == 0
    assert view.data.shape == (0, len(COLUMNS))
    assert view.generation == 0


def test_appends_until_full_without_decimating() -> None:
    h = History(capacity=10)
    h.extend(rows(range(10)))
    view = h.view()
    assert len(view) == 10
    assert view.generation == 0
    np.testing.assert_array_equal(view.data, rows(range(10)))
    np.testing.assert_array_equal(view.column("epoch"), np.arange(10))
    np.testing.assert_array_equal(view.column("train_loss"), 1.0 / np.arange(1, 11))
    assert np.isnan(view.column("test_acc")).all()


def test_small_capacity_decimation_exact() -> None:
    h = History(capacity=4)
    h.extend(rows(range(4)))
    assert h.view().column("epoch").tolist() == [0, 1, 2, 3]
    h.extend(rows([4]))
    assert h.generation == 1
    assert h.view().column("epoch").tolist() == [0, 2, 4]
    h.extend(rows([5, 6, 7]))
    assert h.view().column("epoch").tolist() == [0, 2, 4, 6]
    h.extend(rows([8]))
    assert h.generation == 2
    assert h.view().column("epoch").tolist() == [0, 4, 8]


@pytest.mark.parametrize("chunk", [1, 7, 100, 5000])
def test_long_run_is_bounded(chunk: int) -> None:
    cap = 50
    h = History(capacity=cap)
    generations = [h.generation]
    total = 20_000
    for start in range(0, total, chunk):
        h.extend(rows(range(start, min(start + chunk, total))))
        view = h.view()
        assert 1 <= len(view) <= cap
        generations.append(view.generation)
    view = h.view()
    epochs = view.column("epoch")
    assert np.all(np.diff(epochs) > 0)  # strictly increasing
    assert epochs[0] == 0  # the first point is kept
    assert len(view) >= cap // 2  # decimation halves, never empties
    assert epochs[-1] >= total - 1 - 2 * (total // cap)  # the tail stays recent
    assert all(b >= a for a, b in itertools.pairwise(generations))
    assert view.generation > 0
    # rows that survive are exactly the rows appended for those epochs
    np.testing.assert_array_equal(view.data, rows(epochs.astype(int).tolist()))


def test_generation_changes_only_on_decimation_or_clear() -> None:
    h = History(capacity=8)
    h.extend(rows(range(8)))
    assert h.generation == 0
    h.extend(rows([8]))
    assert h.generation == 1
    h.clear()
    assert h.generation == 2
    assert len(h.view()) == 0
    h.extend(rows(range(3)))  # after clear the stride is 1 again
    assert h.view().column("epoch").tolist() == [0, 1, 2]
    assert h.generation == 2


def test_view_is_a_copy() -> None:
    h = History(capacity=8)
    h.extend(rows(range(3)))
    view = h.view()
    before = view.data.copy()
    h.extend(rows(range(3, 8)))
    h.clear()
    h.extend(rows(range(5)) * 0 + 7.0)
    np.testing.assert_array_equal(view.data, before)
    assert isinstance(view, HistoryView)
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.generation = 5  # type: ignore[misc]


def test_repeated_epoch_is_ignored() -> None:
    h = History(capacity=8)
    h.extend(rows([0, 1]))
    h.extend(rows([1]))  # e.g. a re-evaluation at the same epoch
    assert h.view().column("epoch").tolist() == [0, 1]
