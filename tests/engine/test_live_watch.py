"""What the classroom server relies on in the live machinery (no TensorFlow): a run nobody
watches pauses itself and says why, listeners hear every snapshot, an unchanged model is not
drawn again, and the gate wakes one waiter per release and shares its time under load."""

from __future__ import annotations

import dataclasses
import threading
import time

import pytest

from engine.live import run as run_mod
from engine.live.run import BaseSnapshot, LiveRun, RunStatus, unwatched_message, unwatched_pause_s
from engine.live.scheduler import MAX_REST_S, ComputeScheduler
from tests.waiting import wait_until

TIMEOUT = 5.0


@dataclasses.dataclass(frozen=True)
class CountSnapshot(BaseSnapshot):
    chunks: int
    views: int


class CountRun(LiveRun[CountSnapshot]):
    """Counts chunks and the views built (a view is what a live frame draws)."""

    def __init__(self, unwatched_s: float = 0.0, gate: ComputeScheduler | None = None) -> None:
        super().__init__(ComputeScheduler(4), max_views_per_s=200.0, gate=gate, unwatched_s=unwatched_s)
        self.chunks = 0
        self.views = 0

    def _train_chunk(self) -> None:
        time.sleep(0.002)
        self.chunks += 1

    def _train_step(self) -> None:
        self.chunks += 1

    def _reset(self, same_init: bool) -> None:
        self.chunks = 0

    def _build_snapshot(self, status: RunStatus, message: str, version: int) -> CountSnapshot:
        self.views += 1
        return CountSnapshot(
            version=version, status=status, message=message, chunks=self.chunks, views=self.views
        )


def test_unwatched_run_pauses_itself_and_says_why() -> None:
    run = CountRun(unwatched_s=0.3)
    try:
        assert run.start()
        assert wait_until(lambda: run.status == RunStatus.RUNNING, timeout=TIMEOUT)
        assert wait_until(lambda: run.status == RunStatus.PAUSED, timeout=TIMEOUT)
        snap = run.snapshot()
        assert not run.playing
        assert snap.message == unwatched_message(0.3)
        assert "nobody watched" in snap.message and "Press Play" in snap.message
        chunks = run.chunks
        time.sleep(0.1)
        assert run.chunks == chunks  # it really stopped computing
        assert run.start()  # Play goes on, and the reason is gone
        assert wait_until(lambda: run.status == RunStatus.RUNNING, timeout=TIMEOUT)
        assert run.snapshot().message == ""
    finally:
        run.stop()


def test_watched_run_keeps_playing() -> None:
    run = CountRun(unwatched_s=0.3)
    try:
        assert run.start()
        deadline = time.monotonic() + 0.9  # three times the timeout
        while time.monotonic() < deadline:
            run.mark_watched()  # what the live channel does while its client keeps up
            time.sleep(0.02)
        assert run.playing and run.status == RunStatus.RUNNING
    finally:
        run.stop()


def test_unwatched_timeout_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLP_UNWATCHED_PAUSE_S", "42")
    assert unwatched_pause_s() == 42.0
    assert CountRun.__mro__[1]._unwatched  # the hook exists on LiveRun
    monkeypatch.setenv("MLP_UNWATCHED_PAUSE_S", "soon")
    assert unwatched_pause_s() == run_mod.DEFAULT_UNWATCHED_PAUSE_S
    monkeypatch.delenv("MLP_UNWATCHED_PAUSE_S")
    assert unwatched_pause_s() == 180.0
    assert "3 minutes" in unwatched_message(180.0)


def test_listeners_hear_every_snapshot_until_unsubscribed() -> None:
    run = CountRun()
    heard: list[int] = []
    unsubscribe = run.subscribe(lambda: heard.append(run.version))
    run.step()
    run.reset()
    assert heard and heard == sorted(heard) and heard[-1] == run.version
    unsubscribe()
    count = len(heard)
    run.step()
    assert len(heard) == count
    run.stop()


def test_unchanged_model_is_not_drawn_again() -> None:
    """While a run waits for the gate (nothing trained), a requested view is not rebuilt."""
    gate = ComputeScheduler(1, quantum_s=0.0)
    blocker = object()
    assert gate.acquire(blocker, cancelled=lambda: False)  # someone else computes
    run = CountRun(gate=gate)
    try:
        run.snapshot()
        assert run.start()
        assert wait_until(lambda: gate.queued == 1, timeout=TIMEOUT)
        views = run.views
        for _ in range(10):
            run.request_view()
            time.sleep(0.02)
        assert run.views == views  # requested, but the model has not changed
        gate.release(blocker)
        assert wait_until(lambda: run.chunks >= 3, timeout=TIMEOUT)
        run.request_view()
        assert wait_until(lambda: run.snapshot().chunks >= 3, timeout=TIMEOUT)  # trained: drawn
    finally:
        run.stop()


def test_release_wakes_the_head_of_the_queue_only() -> None:
    gate = ComputeScheduler(1)
    holder = object()
    assert gate.acquire(holder, cancelled=lambda: False)
    wakes = [0, 0, 0]
    granted: list[int] = []
    stop = threading.Event()

    def wait(i: int) -> None:
        def counted() -> None:
            wakes[i] += 1

        if gate.acquire(object() if i else holder_b, stop.is_set, poll_s=10.0, while_waiting=counted):
            granted.append(i)

    holder_b = object()
    threads = [threading.Thread(target=wait, args=(i,), daemon=True) for i in range(3)]
    for i, t in enumerate(threads):
        t.start()
        assert wait_until(lambda i=i: gate.queued == i + 1, timeout=TIMEOUT)
    gate.release(holder)
    assert wait_until(lambda: granted == [0], timeout=TIMEOUT)
    time.sleep(0.05)
    assert wakes[1] <= 1 and wakes[2] == 0  # only the new head looked; the last one slept on
    stop.set()
    gate.wake_all()  # a pause: every waiter notices at once
    for t in threads[1:]:
        t.join(TIMEOUT)
    assert not any(t.is_alive() for t in threads[1:])
    assert gate.queued == 0


def test_share_shrinks_with_contenders_and_rest_is_capped() -> None:
    gate = ComputeScheduler(1, quantum_s=0.0, contended_duty=0.5)
    assert gate.share_s(0.1) == pytest.approx(0.05)  # alone: half the round (the duty)
    owners = [object() for _ in range(3)]
    assert gate.acquire(owners[0], cancelled=lambda: False)
    stop = threading.Event()
    threads = [
        threading.Thread(target=gate.acquire, args=(o, stop.is_set), kwargs={"poll_s": 0.01}, daemon=True)
        for o in owners[1:]
    ]
    for t in threads:
        t.start()
    assert wait_until(lambda: gate.queued == 2, timeout=TIMEOUT)
    assert gate.share_s(0.1) == pytest.approx(0.05 / 3)
    released = time.monotonic()
    gate.release(owners[0], busy_s=5.0)  # a one-off long turn (a first call that compiles)
    assert wait_until(lambda: gate.active == 1, timeout=TIMEOUT)
    assert time.monotonic() - released < 5.0 * 0.5  # rested MAX_REST_S, not 5 s
    assert MAX_REST_S < 1.0
    stop.set()
    gate.wake_all()
    for t in threads:
        t.join(TIMEOUT)
