"""ui.neuron.frames.NeuronEncoder: header contents, incremental history, resets, no NaN in JSON."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from engine.live.run import RunStatus
from engine.neuron.config import NeuronConfig
from engine.neuron.data import LINE
from engine.neuron.run import NeuronSnapshot
from ui.live.frames import unpack
from ui.neuron.frames import NeuronEncoder


def snapshot(epochs: int, run_id: int = 1, generation: int = 0, **changes) -> NeuronSnapshot:
    e = np.arange(epochs + 1, dtype=np.float64)
    history = np.column_stack([e, 100 / (1 + e), 2 - 1 / (1 + e), 1 - 1 / (1 + e)])
    w, b = history[-1, 2], history[-1, 3]
    snap = NeuronSnapshot(
        version=epochs + 1,
        status=RunStatus.PAUSED,
        message="",
        run_id=run_id,
        config=NeuronConfig(),
        data=LINE,
        epoch=epochs,
        w=w,
        b=b,
        loss=history[-1, 1],
        history=history,
        history_generation=generation,
        queries=(13.0, -5.0, 6.0),
        predictions=(13 * w + b, -5 * w + b, 6 * w + b),
        best=(2.0, 1.0),
    )
    return dataclasses.replace(snap, **changes)


def test_first_frame_has_points_and_full_history() -> None:
    header, arrays = unpack(NeuronEncoder().encode(snapshot(3)))
    assert arrays == {}
    assert header["data"]["x"] == LINE.x.tolist() and header["data"]["true_line"] == [2.0, 1.0]
    assert header["history"]["reset"] and len(header["history"]["rows"]) == 4
    assert header["epoch"] == 3 and header["epochs"] == 500 and header["lr"] == 0.02
    assert header["w"] == pytest.approx(2 - 1 / 4)
    assert [q[0] for q in header["queries"]] == [13.0, -5.0, 6.0]


def test_later_frames_send_only_new_rows() -> None:
    enc = NeuronEncoder()
    enc.encode(snapshot(3))
    header, _ = unpack(enc.encode(snapshot(7)))
    assert "data" not in header
    assert not header["history"]["reset"]
    assert [row[0] for row in header["history"]["rows"]] == [4, 5, 6, 7]
    same, _ = unpack(enc.encode(snapshot(7)))
    assert same["history"]["rows"] == []


def test_reset_decimation_and_new_runs_resend() -> None:
    enc = NeuronEncoder()
    enc.encode(snapshot(9))
    back, _ = unpack(enc.encode(snapshot(0)))  # Reset: epoch 0 again
    assert back["history"]["reset"] and len(back["history"]["rows"]) == 1
    enc.encode(snapshot(9))
    thinned, _ = unpack(enc.encode(snapshot(12, generation=1)))
    assert thinned["history"]["reset"] and len(thinned["history"]["rows"]) == 13
    other, _ = unpack(enc.encode(snapshot(2, run_id=2)))
    assert "data" in other and other["history"]["reset"]


def test_non_finite_values_become_null() -> None:
    snap = snapshot(2, w=float("nan"), loss=float("inf"))
    header, _ = unpack(NeuronEncoder().encode(snap))  # json.loads would fail on NaN tokens anyway
    assert header["w"] is None and header["loss"] is None
