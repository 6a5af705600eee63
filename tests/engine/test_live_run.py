"""The LiveRun contract, driven through a tiny fake subclass (no TensorFlow)."""

from __future__ import annotations

import dataclasses
import itertools
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from engine.live.run import BaseSnapshot, DivergedError, LiveRun, RunStatus
from engine.live.scheduler import ComputeScheduler
from tests.waiting import wait_until

TIMEOUT = 5.0


@dataclasses.dataclass(frozen=True)
class FakeSnapshot(BaseSnapshot):
    chunks: int
    steps: int


class FakeRun(LiveRun[FakeSnapshot]):
    """Counts chunks and steps; optionally diverges or finishes after some chunks."""

    def __init__(
        self,
        scheduler: ComputeScheduler,
        chunk_s: float = 0.002,
        diverge_after: int | None = None,
        finish_after: int | None = None,
    ) -> None:
        super().__init__(scheduler, max_views_per_s=200.0)
        self.chunk_s = chunk_s
        self.diverge_after = diverge_after
        self.finish_after = finish_after
        self.chunks = 0
        self.steps = 0
        self.resets: list[bool] = []
        self.in_chunk = False
        self.overlap = False  # a hook ran while another was running
        self.chunk_without_slot = False

    def _enter(self) -> None:
        if self.in_chunk:
            self.overlap = True
        self.in_chunk = True

    def _train_chunk(self) -> None:
        self._enter()
        try:
            if self._scheduler.active == 0:
                self.chunk_without_slot = True
            time.sleep(self.chunk_s)
            self.chunks += 1
            if self.diverge_after is not None and self.chunks >= self.diverge_after:
                raise DivergedError(f"loss exploded after {self.chunks} chunks")
        finally:
            self.in_chunk = False

    def _train_step(self) -> None:
        self._enter()
        self.steps += 1
        self.in_chunk = False

    def _reset(self, same_init: bool) -> None:
        self.chunks = 0
        self.steps = 0
        self.resets.append(same_init)

    def _is_finished(self) -> bool:
        return self.finish_after is not None and self.chunks >= self.finish_after

    def _build_snapshot(self, status: RunStatus, message: str, version: int) -> FakeSnapshot:
        return FakeSnapshot(
            version=version, status=status, message=message, chunks=self.chunks, steps=self.steps
        )


@pytest.fixture
def scheduler() -> ComputeScheduler:
    return ComputeScheduler(1, quantum_s=60.0)


@pytest.fixture
def make_run(scheduler: ComputeScheduler) -> Iterator[Callable[..., FakeRun]]:
    runs: list[FakeRun] = []

    def make(**kwargs) -> FakeRun:
        kwargs.setdefault("scheduler", scheduler)
        run = FakeRun(**kwargs)
        runs.append(run)
        return run

    yield make
    for run in runs:
        run.stop(timeout=TIMEOUT)
    for run in runs:
        assert not run.alive
        assert not run.overlap
        assert not run.chunk_without_slot


def test_initial_state(make_run) -> None:
    run = make_run()
    assert run.status == RunStatus.PAUSED
    assert not run.playing
    assert not run.alive
    assert run.version == 0
    snap = run.snapshot()
    assert isinstance(snap, FakeSnapshot)
    assert snap.version == 1 == run.version
    assert snap.status == RunStatus.PAUSED
    assert snap.message == ""
    assert run.snapshot() is snap  # no new snapshot without a change


def test_snapshots_are_frozen(make_run) -> None:
    snap = make_run().snapshot()
    with pytest.raises(dataclasses.FrozenInstanceError):
        snap.version = 99  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        snap.chunks = 99  # type: ignore[misc]


def test_start_runs_and_pause_stops_chunks(make_run, scheduler: ComputeScheduler) -> None:
    run = make_run()
    assert run.start()
    assert run.playing
    assert run.alive
    assert wait_until(lambda: run.status == RunStatus.RUNNING)
    assert wait_until(lambda: run.chunks >= 5)
    assert scheduler.active == 1
    run.pause()
    frozen = run.chunks
    assert not run.playing
    assert run.status == RunStatus.PAUSED
    time.sleep(0.05)
    assert run.chunks == frozen  # no chunk starts once pause() returned
    assert wait_until(lambda: scheduler.active == 0)  # the slot is given back
    assert run.alive  # the thread idles, it does not end
    snap = run.snapshot()
    assert wait_until(lambda: run.snapshot().status == RunStatus.PAUSED)
    assert run.snapshot().chunks <= frozen
    # play again: the same thread continues counting
    assert run.start()
    assert wait_until(lambda: run.chunks > frozen)
    run.pause()
    assert run.snapshot().version > snap.version


def test_start_twice_keeps_one_thread(make_run) -> None:
    run = make_run()
    assert run.start()
    thread = run._thread
    assert run.start()
    assert run._thread is thread
    assert wait_until(lambda: run.chunks > 0)
    run.pause()


def test_versions_increase_strictly(make_run) -> None:
    run = make_run()
    seen = [run.snapshot()]
    run.start()
    deadline = time.monotonic() + 0.5
    while time.monotonic() < deadline and len(seen) < 15:
        run.request_view()  # as a live view does after drawing a frame
        if run.wait_version(seen[-1].version, timeout=1.0):
            seen.append(run.snapshot())
    run.pause()
    looped = [s.version for s in seen]
    assert len(looped) >= 5
    assert all(b > a for a, b in itertools.pairwise(looped))
    paused = run.snapshot()
    assert paused.version >= looped[-1]
    seen.append(paused)
    stepped = run.step()
    assert stepped.version > paused.version
    seen.append(stepped)
    chunk_counts = [s.chunks for s in seen]
    assert chunk_counts == sorted(chunk_counts)  # views never go back in time
    assert seen[-1].steps == 1


def test_views_are_built_on_request_only(make_run) -> None:
    run = make_run(chunk_s=0.001)
    run.start()
    assert wait_until(lambda: run.status == RunStatus.RUNNING)
    v = run.version
    time.sleep(0.3)  # nobody asked: at most the idle rate (2/s) of views
    assert run.version - v <= 1
    for _ in range(5):
        before = run.version
        run.request_view()
        assert run.wait_version(before, timeout=1.0)
    run.pause()


def test_wait_version_times_out_when_nothing_changes(make_run) -> None:
    run = make_run()
    v = run.snapshot().version
    t0 = time.monotonic()
    assert not run.wait_version(v, timeout=0.05)
    assert time.monotonic() - t0 >= 0.04
    assert run.wait_version(v - 1, timeout=0.0)


def test_step_runs_exactly_one_step(make_run) -> None:
    run = make_run()
    snap = run.step()
    assert run.steps == 1
    assert snap.steps == 1
    assert snap.status == RunStatus.PAUSED
    assert not run.alive  # step() is synchronous: no worker thread needed
    snap2 = run.step()
    assert snap2.steps == 2
    assert snap2.version > snap.version
    # step while playing pauses first, then does one step
    run.start()
    assert wait_until(lambda: run.chunks > 0)
    snap3 = run.step()
    chunks = run.chunks
    assert snap3.steps == 3
    assert snap3.status == RunStatus.PAUSED
    assert not run.playing
    time.sleep(0.03)
    assert run.chunks == chunks


def test_reset_goes_back_to_zero(make_run) -> None:
    run = make_run()
    run.start()
    assert wait_until(lambda: run.chunks >= 3)
    snap = run.reset(same_init=True)
    assert run.resets == [True]
    assert snap.chunks == 0
    assert snap.steps == 0
    assert snap.status == RunStatus.PAUSED
    assert not run.playing
    time.sleep(0.03)
    assert run.chunks == 0
    assert run.reset().chunks == 0
    assert run.resets == [True, False]


def test_stop_ends_thread_and_is_idempotent(make_run) -> None:
    run = make_run()
    assert run.start()
    assert wait_until(lambda: run.chunks > 0)
    run.stop()
    assert not run.alive
    assert run.status == RunStatus.STOPPED
    assert not run.playing
    chunks = run.chunks
    run.stop()  # idempotent
    assert not run.alive
    assert run.status == RunStatus.STOPPED
    assert not run.start()  # a stopped run never plays again
    assert not run.alive
    assert run.step().steps == 0  # nor steps
    run.pause()
    assert run.status == RunStatus.STOPPED
    assert run.chunks == chunks


def test_stop_without_start(make_run) -> None:
    run = make_run()
    run.stop()
    run.stop()
    assert not run.alive
    assert run.status == RunStatus.STOPPED
    assert not run.start()


def test_stop_while_queued_ends_thread(make_run) -> None:
    hog = make_run()
    waiting = make_run()
    hog.start()
    assert wait_until(lambda: hog.status == RunStatus.RUNNING)
    waiting.start()
    assert wait_until(lambda: waiting.status == RunStatus.QUEUED)
    waiting.stop()
    assert not waiting.alive
    assert waiting.status == RunStatus.STOPPED
    assert waiting.chunks == 0


def test_divergence_sets_status_and_blocks_start(make_run) -> None:
    run = make_run(diverge_after=3)
    assert run.start()
    assert wait_until(lambda: not run.playing)
    assert run.chunks == 3
    assert run.status == RunStatus.DIVERGED
    assert wait_until(lambda: run.snapshot().status == RunStatus.DIVERGED)
    snap = run.snapshot()
    assert snap.message == "loss exploded after 3 chunks"
    assert snap.chunks == 3
    assert not run.start()
    time.sleep(0.03)
    assert run.chunks == 3
    assert run.step().status == RunStatus.DIVERGED  # step refuses too
    assert run.steps == 0
    # reset clears the divergence
    after = run.reset(same_init=True)
    assert after.status == RunStatus.PAUSED
    assert after.message == ""
    run.diverge_after = None
    assert run.start()
    assert wait_until(lambda: run.chunks >= 2)
    run.pause()


def test_divergence_in_step(make_run) -> None:
    run = make_run()

    def bad_step() -> None:
        raise DivergedError("step went to NaN")

    run._train_step = bad_step  # type: ignore[method-assign]
    snap = run.step()
    assert snap.status == RunStatus.DIVERGED
    assert snap.message == "step went to NaN"
    assert not run.start()


def test_finished_run_stops_and_cannot_restart(make_run) -> None:
    run = make_run(finish_after=4)
    assert run.start()
    assert wait_until(lambda: not run.playing)
    assert run.status == RunStatus.FINISHED
    assert run.chunks == 4
    assert not run.start()
    snap = run.step()
    assert snap.status == RunStatus.PAUSED
    assert snap.steps == 1


@pytest.mark.parametrize("how", ["finish", "diverge"])
def test_when_playing_turns_false_the_final_snapshot_is_already_there(make_run, how: str) -> None:
    """The page's run-end check reruns the page once ``playing`` is False: the snapshot it reads
    then must already say finished/diverged (it used to be published just after)."""
    for _ in range(20):
        run = make_run(chunk_s=0.0, **({"finish_after": 2} if how == "finish" else {"diverge_after": 2}))
        assert run.start()
        assert wait_until(lambda run=run: not run.playing)
        assert run.snapshot().status == (RunStatus.FINISHED if how == "finish" else RunStatus.DIVERGED)
        run.stop()


def test_queued_while_slot_is_taken_then_running(make_run, scheduler: ComputeScheduler) -> None:
    first = make_run()
    second = make_run()
    assert first.start()
    assert wait_until(lambda: first.status == RunStatus.RUNNING)
    assert second.start()
    assert wait_until(lambda: second.status == RunStatus.QUEUED)
    assert second.playing
    assert wait_until(lambda: second.snapshot().status == RunStatus.QUEUED)
    time.sleep(0.03)
    assert second.chunks == 0  # the quantum is 60 s: the first keeps its slot
    assert second.status == RunStatus.QUEUED
    first.pause()
    assert wait_until(lambda: second.status == RunStatus.RUNNING)
    assert wait_until(lambda: second.chunks > 0)
    assert first.status == RunStatus.PAUSED
    # pausing a queued run gets it out of the queue
    assert first.start()
    assert wait_until(lambda: first.status == RunStatus.QUEUED)
    first.pause()
    assert first.status == RunStatus.PAUSED
    assert wait_until(lambda: scheduler.queued == 0)
    assert first.status == RunStatus.PAUSED
    second.pause()


def test_a_run_yields_its_slot_after_the_quantum() -> None:
    sched = ComputeScheduler(1, quantum_s=0.05)
    a = FakeRun(sched)
    b = FakeRun(sched)
    try:
        assert a.start()
        assert wait_until(lambda: a.chunks > 0)
        assert b.start()
        assert wait_until(lambda: b.chunks >= 3)
        a_mark, b_mark = a.chunks, b.chunks
        # both keep taking turns: each makes progress again
        assert wait_until(lambda: a.chunks > a_mark + 2 and b.chunks > b_mark + 2)
        assert sched.active <= 1
    finally:
        a.stop()
        b.stop()
    assert not a.alive and not b.alive
    assert not a.overlap and not b.overlap
    assert not a.chunk_without_slot and not b.chunk_without_slot


def test_concurrent_steers_never_overlap_hooks(make_run) -> None:
    run = make_run(chunk_s=0.001)
    errors: list[BaseException] = []

    def hammer() -> None:
        try:
            for i in range(20):
                run.start()
                if i % 3 == 0:
                    run.step()
                elif i % 3 == 1:
                    run.pause()
                else:
                    run.reset(same_init=True)
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=hammer, daemon=True) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT)
    assert errors == []
    run.pause()
    assert not run.overlap
    assert run.status == RunStatus.PAUSED
    assert wait_until(lambda: run.snapshot().status == RunStatus.PAUSED)


class GatedRun(FakeRun):
    """Blocks inside the next ``_build_snapshot`` until ``gate`` is set."""

    def __init__(self, scheduler: ComputeScheduler) -> None:
        super().__init__(scheduler)
        self.gate = threading.Event()
        self.entered = threading.Event()
        self.gated = False

    def _build_snapshot(self, status: RunStatus, message: str, version: int) -> FakeSnapshot:
        if self.gated:
            self.gated = False
            self.entered.set()
            self.gate.wait(TIMEOUT)
        return super()._build_snapshot(status, message, version)


def test_concurrent_publishes_never_drop_the_newer_status(scheduler: ComputeScheduler) -> None:
    """Regression: two publishers used to read the same version; the one that
    committed first won even if it carried the older status, leaving e.g. a
    paused run's latest snapshot saying "running" for good."""
    run = GatedRun(scheduler)
    first = run.snapshot()
    run.gated = True
    slow = threading.Thread(target=run._publish, args=(True,), daemon=True)
    slow.start()  # reads status PAUSED, then blocks while building its view
    assert run.entered.wait(TIMEOUT)
    with run._cond:
        run._status, run._message = RunStatus.QUEUED, "waiting"
    fresh = threading.Thread(target=run._publish, args=(True,), daemon=True)
    fresh.start()
    time.sleep(0.03)  # let it get as far as it can while the slow one is blocked
    run.gate.set()
    slow.join(TIMEOUT)
    fresh.join(TIMEOUT)
    snap = run.snapshot()
    assert snap.status == RunStatus.QUEUED
    assert snap.message == "waiting"
    assert snap.version == first.version + 2 == run.version


def test_pause_leaves_a_fresh_paused_snapshot(make_run) -> None:
    """Regression: pause() used to only restamp the last view, so the latest
    snapshot could lag behind the chunks already trained (or still say
    "running" when pause() returned)."""
    run = make_run(chunk_s=0.0005)
    run._view_interval = 10.0  # views are rare while playing: pause must publish one
    for i in range(30):
        assert run.start()
        if i % 3:
            wait_until(lambda: run.chunks > 0, timeout=0.05, poll=0.0005)
        run.pause()
        snap = run.snapshot()
        assert snap.status == RunStatus.PAUSED
        assert snap.chunks == run.chunks
        time.sleep(0.002)
        later = run.snapshot()
        assert later.status == RunStatus.PAUSED
        assert later.chunks == snap.chunks == run.chunks
        run.reset(same_init=True)


def test_next_chunk_size_aims_at_the_target_time_within_bounds() -> None:
    from engine.live.run import next_chunk_size

    assert next_chunk_size(10, 0.05, 0.05, 100) == 10  # on target: unchanged
    assert next_chunk_size(10, 0.01, 0.05, 100) == 20  # 5x too fast: at most doubled
    assert next_chunk_size(10, 1.0, 0.05, 100) == 5  # 20x too slow: at most halved
    assert next_chunk_size(80, 0.01, 0.05, 100) == 100  # never above the most
    assert next_chunk_size(1, 10.0, 0.05, 100) == 1  # never below one
    assert next_chunk_size(10, 0.0, 0.05, 100) == 20  # a zero-time chunk does not divide by zero
