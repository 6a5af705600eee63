"""engine.live.throughput and engine.live.telemetry: the rate a live view shows and the process totals."""

from __future__ import annotations

import pytest

from engine.live import telemetry
from engine.live.throughput import Throughput


def test_rate_is_examples_after_the_first_mark_over_the_span() -> None:
    meter = Throughput(window_s=2.0)
    assert meter.rate() == 0.0
    meter.add(100, now=10.0)
    assert meter.rate() == 0.0  # one chunk alone has no span
    meter.add(300, now=10.5)
    meter.add(200, now=11.0)
    assert meter.rate() == pytest.approx(500 / 1.0)


def test_old_marks_leave_the_window_and_clear_forgets() -> None:
    meter = Throughput(window_s=1.0)
    for i in range(5):
        meter.add(10, now=float(i))
    assert meter.rate() == pytest.approx(10.0)  # only marks at t = 3 and 4 remain
    meter.clear()
    assert meter.rate() == 0.0


def test_every_example_and_frame_reaches_the_process_totals() -> None:
    before = telemetry.totals()
    Throughput().add(123)
    telemetry.record_frame(1000)
    after = telemetry.totals()
    assert after["examples_trained"] - before["examples_trained"] == 123
    assert after["frames_sent"] - before["frames_sent"] == 1
    assert after["frame_bytes_sent"] - before["frame_bytes_sent"] == 1000
