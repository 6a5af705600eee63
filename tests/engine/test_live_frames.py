"""Tests for ui.live.frames (binary frame packing) and ui.playground.frames (the
playground's snapshot encoder). The encoder tests use real, tiny PlaygroundRuns."""

from __future__ import annotations

import dataclasses
import json
import struct

import numpy as np
import pytest

from engine.live.run import RunStatus
from engine.playground.config import PlaygroundConfig
from engine.playground.history import History
from engine.playground.model import GRID, THUMB
from engine.playground.run import PlaygroundSnapshot
from ui.live.frames import FrameBuilder, finite_or_none, quantize, unpack
from ui.playground.frames import DETAIL_HZ, PlaygroundEncoder, abs_percentile

# --------------------------------------------------------------------------- ui.live.frames


def test_pack_unpack_round_trip() -> None:
    rng = np.random.default_rng(0)
    a = rng.integers(0, 256, size=(3, 4, 5), dtype=np.uint8)
    b = rng.integers(0, 256, size=(7,), dtype=np.uint8)
    empty = np.zeros((0, 2), dtype=np.uint8)
    header = {"run": 3, "status": "running", "nested": {"x": [1, 2.5, None]}}
    fb = FrameBuilder(header)
    fb.add("a", a, lo=-1.0, hi=1.0)
    fb.add("empty", empty)
    fb.add("b", b, scale=[0.5])
    frame = fb.pack()
    assert isinstance(frame, bytes)
    (n,) = struct.unpack_from("<I", frame)
    assert json.loads(frame[4 : 4 + n])["run"] == 3
    assert len(frame) == 4 + n + a.size + b.size
    head, arrays = unpack(frame)
    assert head["run"] == 3
    assert head["nested"] == {"x": [1, 2.5, None]}
    np.testing.assert_array_equal(arrays["a"], a)
    np.testing.assert_array_equal(arrays["b"], b)
    assert arrays["empty"].shape == (0, 2)
    assert head["buffers"]["a"] == {"offset": 0, "length": 60, "shape": [3, 4, 5], "lo": -1.0, "hi": 1.0}
    assert head["buffers"]["b"]["offset"] == 60
    assert head["buffers"]["b"]["scale"] == [0.5]
    assert set(head["buffers"]) == {"a", "b", "empty"}


def test_pack_without_buffers() -> None:
    head, arrays = unpack(FrameBuilder({"hello": "wörld"}).pack())
    assert head == {"hello": "wörld", "buffers": {}}
    assert arrays == {}


def test_pack_refuses_nan_in_header() -> None:
    fb = FrameBuilder({"loss": float("nan")})
    with pytest.raises(ValueError):
        fb.pack()


def test_add_converts_and_copies() -> None:
    fb = FrameBuilder({})
    data = np.arange(6, dtype=np.int64).reshape(2, 3)[:, ::-1]  # not contiguous, not uint8
    fb.add("x", data)
    data[:] = 99  # later changes do not leak into the frame
    _, arrays = unpack(fb.pack())
    np.testing.assert_array_equal(arrays["x"], [[2, 1, 0], [5, 4, 3]])


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
def test_quantize() -> None:
    lo, hi = -2.0, 3.0
    values = np.array([lo, hi, (lo + hi) / 2, lo - 10, hi + 10, np.nan, np.inf, -np.inf])
    q = quantize(values, lo, hi)
    assert q.dtype == np.uint8
    assert q.tolist() == [0, 255, 128, 0, 255, 0, 255, 0]
    # linear in between: decoding is lo + q * (hi - lo) / 255, within half a step
    x = np.linspace(lo, hi, 1001)
    back = lo + quantize(x, lo, hi) * (hi - lo) / 255.0
    assert np.max(np.abs(back - x)) <= (hi - lo) / 255.0 / 2 + 1e-12
    assert np.all(np.diff(quantize(x, lo, hi).astype(int)) >= 0)
    grid = np.zeros((4, 5), dtype=np.float32)
    assert quantize(grid, 0.0, 1.0).shape == (4, 5)
    # a degenerate range does not divide by zero
    assert quantize(np.array([1.0, 1.5, 0.5]), 1.0, 1.0).tolist() == [0, 128, 0]


def test_finite_or_none() -> None:
    assert finite_or_none(1.5) == 1.5
    assert isinstance(finite_or_none(np.float32(2.0)), float)
    assert finite_or_none(float("nan")) is None
    assert finite_or_none(float("inf")) is None
    assert finite_or_none(None) is None  # type: ignore[arg-type]


# --------------------------------------------------------------------------- ui.playground.frames

BINARY = PlaygroundConfig(dataset="circle", n_points=100, hidden=(3,), seed=2)
BLOBS = PlaygroundConfig(dataset="blobs3", n_points=90, hidden=(4,), seed=2)
REGRESSION = PlaygroundConfig(dataset="reg-plane", n_points=80, hidden=(2,), seed=2, learning_rate=0.01)


def decode(frame: bytes) -> tuple[dict, dict[str, np.ndarray]]:
    head, arrays = unpack(frame)
    json.dumps(head, allow_nan=False)  # strictly valid JSON
    return head, arrays


def test_first_frame_then_increments(runs) -> None:
    run = runs(BINARY)
    enc = PlaygroundEncoder()
    snap0 = run.snapshot()
    head, arrays = decode(enc.encode(snap0))
    assert head["run"] == run.run_id
    assert head["version"] == snap0.version
    assert head["status"] == "paused"
    assert head["epoch"] == 0
    assert head["problem"] == "binary"
    assert head["classes"] == 2
    assert head["loss_name"] == "cross-entropy"
    assert head["activation"] == "tanh"
    assert head["layers"] == [2, 3, 1]
    assert head["features"] == ["X₁", "X₂"]
    assert head["params"] == snap0.n_params == 2 * 3 + 3 + 3 + 1
    assert head["metrics"]["train_loss"] == pytest.approx(snap0.train_loss)
    assert head["metrics"]["train_acc"] == pytest.approx(snap0.train_acc)
    assert head["view"] == {"show_test": False, "discretize": False}
    # points: every train and test point once, as (x1, x2, label)
    d = snap0.data
    assert len(head["points"]["train"]) == len(d.x_train)
    assert len(head["points"]["test"]) == len(d.x_test)
    np.testing.assert_allclose(np.array(head["points"]["train"])[:, :2], d.x_train, atol=5e-4)
    np.testing.assert_array_equal(np.array(head["points"]["test"])[:, 2], d.y_test)
    # full history on the first frame
    assert head["history"]["reset"] is True
    assert head["history"]["rows"] == [pytest.approx(r) for r in snap0.history.data.tolist()]
    # weights as nested lists of the right shapes
    assert [np.array(k).shape for k in head["kernels"]] == [(2, 3), (3, 1)]
    np.testing.assert_allclose(np.array(head["kernels"][0]), snap0.kernels[0], atol=1e-4)
    assert [len(b) for b in head["biases"]] == [3, 1]
    assert set(arrays) == {"out", "neurons"}

    # later frames of the same run: only the new history rows, no points
    snaps = [run.step() for _ in range(3)]
    head1, _ = decode(enc.encode(snaps[0]))
    assert "points" not in head1
    assert head1["history"]["reset"] is False
    assert [r[0] for r in head1["history"]["rows"]] == [1.0]
    head3, _ = decode(enc.encode(snaps[2]))  # skipped a frame: both missing rows come
    assert head3["history"]["reset"] is False
    assert [r[0] for r in head3["history"]["rows"]] == [2.0, 3.0]
    head_same, _ = decode(enc.encode(snaps[2]))
    assert head_same["history"] == {"reset": False, "rows": []}
    assert head3["epoch"] == 3

    # a reset clears the history: the client must start over
    after_reset = run.reset(same_init=True)
    head_r, _ = decode(enc.encode(after_reset))
    assert head_r["history"]["reset"] is True
    assert [r[0] for r in head_r["history"]["rows"]] == [0.0]
    assert "points" not in head_r  # same data

    # new data (another seed): points again, history continues
    run.update_settings(dataclasses.replace(BINARY, seed=7))
    head_d, _ = decode(enc.encode(run.snapshot()))
    assert "points" in head_d
    np.testing.assert_allclose(
        np.array(head_d["points"]["train"])[:, :2], run.snapshot().data.x_train, atol=5e-4
    )

    # a fresh encoder (a new connection) gets everything again
    fresh, _ = decode(PlaygroundEncoder().encode(run.snapshot()))
    assert "points" in fresh
    assert fresh["history"]["reset"] is True
    assert len(fresh["history"]["rows"]) == len(run.snapshot().history)


def test_new_run_resets_the_client(runs) -> None:
    a = runs(BINARY)
    b = runs(BINARY)
    enc = PlaygroundEncoder()
    a.step()
    decode(enc.encode(a.snapshot()))
    head, _ = decode(enc.encode(b.snapshot()))
    assert head["run"] == b.run_id != a.run_id
    assert head["history"]["reset"] is True
    assert "points" in head
    assert len(head["history"]["rows"]) == len(b.snapshot().history)


def test_history_decimation_resets(runs) -> None:
    run = runs(BINARY)
    enc = PlaygroundEncoder()
    snap = run.snapshot()
    decode(enc.encode(snap))
    hist = History(capacity=4)
    rows = np.column_stack([np.arange(5.0), np.ones(5), np.ones(5), np.full(5, np.nan), np.zeros(5)])
    hist.extend(rows[:4])
    head, _ = decode(enc.encode(dataclasses.replace(snap, history=hist.view())))
    assert head["history"]["reset"] is False  # same generation, more rows
    hist.extend(rows[4:])  # decimates: generation changes
    head, _ = decode(enc.encode(dataclasses.replace(snap, history=hist.view())))
    assert head["history"]["reset"] is True
    assert [r[0] for r in head["history"]["rows"]] == [0.0, 2.0, 4.0]
    assert all(r[3] is None for r in head["history"]["rows"])  # NaN accuracy -> null


def test_binary_output_buffers(runs) -> None:
    snap = runs(BINARY).snapshot()
    head, arrays = decode(PlaygroundEncoder().encode(snap))
    out = arrays["out"]
    assert out.shape == (GRID, GRID)
    assert head["buffers"]["out"]["lo"] == 0.0 and head["buffers"]["out"]["hi"] == 1.0
    np.testing.assert_array_equal(out, quantize(snap.output_grid, 0.0, 1.0))
    check_neurons(snap, head, arrays)


def test_blobs3_output_buffers(runs) -> None:
    run = runs(BLOBS)
    run.step()
    snap = run.snapshot()
    head, arrays = decode(PlaygroundEncoder().encode(snap))
    assert head["problem"] == "multiclass"
    assert head["classes"] == 3
    assert head["layers"] == [2, 4, 3]
    assert arrays["out_class"].shape == (GRID, GRID)
    np.testing.assert_array_equal(arrays["out_class"], snap.output_grid.argmax(axis=2))
    assert arrays["out_class"].max() <= 2
    meta = head["buffers"]["out"]
    assert meta["lo"] == pytest.approx(1 / 3) and meta["hi"] == 1.0
    assert arrays["out"].shape == (GRID, GRID)
    np.testing.assert_array_equal(arrays["out"], quantize(snap.output_grid.max(axis=2), 1 / 3, 1.0))
    check_neurons(snap, head, arrays)


def test_regression_output_buffers(runs) -> None:
    snap = runs(REGRESSION).snapshot()
    head, arrays = decode(PlaygroundEncoder().encode(snap))
    assert head["problem"] == "regression"
    assert head["classes"] == 0
    assert head["loss_name"] == "MSE"
    assert head["metrics"]["train_acc"] is None
    assert all(r[3] is None and r[4] is None for r in head["history"]["rows"])
    assert "out_class" not in arrays
    assert arrays["out"].shape == (GRID, GRID)
    assert head["buffers"]["out"]["lo"] == -1.0 and head["buffers"]["out"]["hi"] == 1.0
    np.testing.assert_array_equal(arrays["out"], quantize(snap.output_grid, -1.0, 1.0))
    check_neurons(snap, head, arrays)


def check_neurons(snap: PlaygroundSnapshot, head: dict, arrays: dict[str, np.ndarray]) -> None:
    """Every neuron's thumbnail travels in [-1, 1] colour units: the bytes decode
    to ``clip(value / scale, -1, 1)`` with the per-neuron ``scale`` the header
    carries; a classifier's output neurons are probabilities mapped from [0, 1]
    to [-1, 1] (scale 1), so 0.5 is neutral."""
    neurons = arrays["neurons"]
    total = sum(snap.layer_sizes)
    assert neurons.shape == (total, THUMB, THUMB)
    scales = np.array(head["buffers"]["neurons"]["scale"], dtype=np.float64)
    assert scales.shape == (total,)
    assert np.all(np.isfinite(scales)) and np.all(scales > 0)
    thumbs = np.concatenate(snap.neuron_grids, axis=0).astype(np.float64)
    k = snap.layer_sizes[-1]
    decoded = -1.0 + neurons.astype(np.float64) * (2.0 / 255.0)
    step = 2.0 / 255.0
    for i in range(total):
        t = thumbs[i]
        if not snap.config.is_regression and i >= total - k:
            assert scales[i] == 1.0
            np.testing.assert_array_equal(neurons[i], quantize(2 * t - 1, -1.0, 1.0))
        else:
            want = np.clip(t / scales[i], -1.0, 1.0)
            # half a byte step, plus the header rounding the scale to 4 decimals
            tol = step / 2 + np.abs(t).max() * 1e-4 / scales[i] ** 2 + 1e-6
            assert np.max(np.abs(decoded[i] - want)) <= tol, i


def test_running_frames_carry_network_details_at_most_detail_hz(runs) -> None:
    """While running, the weights and neuron heatmaps come at most DETAIL_HZ times a
    second; a paused snapshot and a new run always carry them."""
    run = runs(BINARY)
    now = [100.0]
    enc = PlaygroundEncoder(clock=lambda: now[0])
    running = dataclasses.replace(run.step(), status=RunStatus.RUNNING)

    def parts(snap) -> tuple[bool, bool]:
        head, arrays = decode(enc.encode(snap))
        assert "out" in arrays  # the boundary comes in every frame
        return "kernels" in head and "biases" in head, "neurons" in arrays

    assert parts(running) == (True, True)  # a new run for this encoder
    now[0] += 0.2 / DETAIL_HZ
    assert parts(running) == (False, False)
    now[0] += 1.0 / DETAIL_HZ
    assert parts(running) == (True, True)
    assert parts(dataclasses.replace(running, status=RunStatus.PAUSED)) == (True, True)
    assert parts(running) == (False, False)


@pytest.mark.parametrize("shape", [(49, 20, 20), (3, 7), (1, 1), (5, 2, 3)])
@pytest.mark.parametrize("q", [0.0, 50.0, 98.0, 100.0])
def test_abs_percentile_matches_numpy(shape: tuple[int, ...], q: float) -> None:
    values = np.random.default_rng(7).normal(size=shape).astype(np.float32)
    want = np.percentile(np.abs(values), q, axis=tuple(range(1, len(shape))))
    np.testing.assert_allclose(abs_percentile(values, q), want, rtol=1e-6)
