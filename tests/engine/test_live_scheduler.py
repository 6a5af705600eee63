"""Tests for engine.live.scheduler.ComputeScheduler (pure threading, no TF)."""

from __future__ import annotations

import threading
import time

import pytest

from engine.live import scheduler as sched_mod
from engine.live.scheduler import ComputeScheduler
from tests.waiting import wait_until

TIMEOUT = 5.0


class Owner:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Owner({self.name})"


def never() -> bool:
    return False


def test_slots_must_be_positive() -> None:
    with pytest.raises(ValueError):
        ComputeScheduler(0)
    assert ComputeScheduler(1).slots == 1


def test_free_slot_is_granted_immediately_without_on_wait() -> None:
    s = ComputeScheduler(2)
    calls: list[str] = []
    a, b = Owner("a"), Owner("b")
    assert s.acquire(a, never, on_wait=lambda: calls.append("a"))
    assert s.acquire(b, never, on_wait=lambda: calls.append("b"))
    assert calls == []
    assert s.active == 2
    assert s.queued == 0
    # re-acquiring a held slot is a no-op that succeeds at once
    assert s.acquire(a, never, on_wait=lambda: calls.append("again"))
    assert calls == []
    assert s.active == 2
    s.release(a)
    s.release(a)  # releasing twice is harmless
    s.release(Owner("stranger"))  # so is releasing without a slot
    assert s.active == 1
    s.release(b)
    assert s.active == 0


def test_cap_holds_and_grants_are_fifo() -> None:
    s = ComputeScheduler(1, quantum_s=60.0)
    first = Owner("first")
    assert s.acquire(first, never)

    lock = threading.Lock()
    holding = 0
    max_holding = 0
    grants: list[str] = []
    waited: list[str] = []
    errors: list[BaseException] = []

    def worker(owner: Owner) -> None:
        nonlocal holding, max_holding
        try:
            ok = s.acquire(owner, never, on_wait=lambda: waited.append(owner.name), poll_s=0.01)
            assert ok
            with lock:
                holding += 1
                max_holding = max(max_holding, holding)
                grants.append(owner.name)
                assert s.active == 1
            time.sleep(0.02)
            with lock:
                holding -= 1
            s.release(owner)
        except BaseException as err:  # surfaced in the main thread
            errors.append(err)

    names = ["a", "b", "c"]
    threads = []
    for i, name in enumerate(names):
        t = threading.Thread(target=worker, args=(Owner(name),), daemon=True)
        t.start()
        threads.append(t)
        # enqueue strictly one after the other so the FIFO order is known
        assert wait_until(lambda n=i + 1: s.queued == n)
    assert grants == []  # nobody gets in while `first` holds the only slot
    assert s.active == 1

    s.release(first)
    for t in threads:
        t.join(TIMEOUT)
        assert not t.is_alive()
    assert errors == []
    assert grants == names
    assert waited == names  # each had to wait, and said so once
    assert max_holding == 1
    assert s.active == 0
    assert s.queued == 0


def test_two_slots_cap_holds() -> None:
    s = ComputeScheduler(2, quantum_s=60.0)
    lock = threading.Lock()
    holding = 0
    max_holding = 0

    def worker(owner: Owner) -> None:
        nonlocal holding, max_holding
        assert s.acquire(owner, never, poll_s=0.005)
        with lock:
            holding += 1
            max_holding = max(max_holding, holding)
        time.sleep(0.01)
        with lock:
            holding -= 1
        s.release(owner)

    threads = [threading.Thread(target=worker, args=(Owner(str(i)),), daemon=True) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT)
        assert not t.is_alive()
    assert max_holding <= 2
    assert s.active == 0
    assert s.queued == 0


def test_cancelled_waiter_returns_false_and_leaves_the_queue() -> None:
    s = ComputeScheduler(1)
    holder, waiter = Owner("holder"), Owner("waiter")
    assert s.acquire(holder, never)
    cancel = threading.Event()
    result: list[bool] = []
    waits: list[int] = []
    t = threading.Thread(
        target=lambda: result.append(
            s.acquire(waiter, cancel.is_set, on_wait=lambda: waits.append(1), poll_s=0.005)
        ),
        daemon=True,
    )
    t.start()
    assert wait_until(lambda: s.queued == 1)
    assert result == []
    cancel.set()
    t.join(TIMEOUT)
    assert not t.is_alive()
    assert result == [False]
    assert waits == [1]
    assert s.queued == 0
    assert s.active == 1  # still only the holder
    s.release(waiter)  # no slot: no-op
    assert s.active == 1
    s.release(holder)
    assert s.active == 0


def test_cancelled_head_of_queue_lets_the_next_one_in() -> None:
    s = ComputeScheduler(1)
    holder = Owner("holder")
    assert s.acquire(holder, never)
    cancel_a = threading.Event()
    results: dict[str, bool] = {}
    a, b = Owner("a"), Owner("b")
    ta = threading.Thread(
        target=lambda: results.__setitem__("a", s.acquire(a, cancel_a.is_set, poll_s=0.005)), daemon=True
    )
    ta.start()
    assert wait_until(lambda: s.queued == 1)
    tb = threading.Thread(
        target=lambda: results.__setitem__("b", s.acquire(b, never, poll_s=0.005)), daemon=True
    )
    tb.start()
    assert wait_until(lambda: s.queued == 2)
    cancel_a.set()
    ta.join(TIMEOUT)
    assert results == {"a": False}
    s.release(holder)
    tb.join(TIMEOUT)
    assert results == {"a": False, "b": True}
    assert s.active == 1
    assert not s.should_yield(b)
    s.release(b)


def test_should_yield_needs_a_waiter_and_a_full_quantum() -> None:
    s = ComputeScheduler(1, quantum_s=0.1)
    holder, waiter = Owner("holder"), Owner("waiter")
    assert not s.should_yield(holder)  # holds nothing
    granted_at = time.monotonic()
    assert s.acquire(holder, never)
    assert not s.should_yield(holder)
    time.sleep(0.12)
    assert not s.should_yield(holder)  # quantum elapsed, but nobody waits

    s2 = ComputeScheduler(1, quantum_s=0.3)
    h2 = Owner("h2")
    t2_start = time.monotonic()
    assert s2.acquire(h2, never)

    stop = threading.Event()
    threads = [
        threading.Thread(target=s.acquire, args=(waiter, stop.is_set), kwargs={"poll_s": 0.005}, daemon=True),
        threading.Thread(
            target=s2.acquire, args=(Owner("w2"), stop.is_set), kwargs={"poll_s": 0.005}, daemon=True
        ),
    ]
    for t in threads:
        t.start()
    assert wait_until(lambda: s.queued == 1 and s2.queued == 1)
    assert time.monotonic() - granted_at >= 0.1
    assert s.should_yield(holder)  # someone waits and the quantum is over
    assert not s.should_yield(waiter)  # a waiter holds no slot
    if time.monotonic() - t2_start < 0.25:
        assert not s2.should_yield(h2)  # someone waits, but the quantum is not over yet
    assert wait_until(lambda: s2.should_yield(h2), timeout=2.0)
    assert time.monotonic() - t2_start >= 0.3

    stop.set()
    for t in threads:
        t.join(TIMEOUT)
    assert s.queued == 0 and s2.queued == 0
    assert not s.should_yield(holder)  # the waiter gave up
    s.release(holder)
    s2.release(h2)


def test_regrant_after_yield_restarts_the_quantum_and_queues_behind_waiter() -> None:
    s = ComputeScheduler(1, quantum_s=0.05)
    a, b = Owner("a"), Owner("b")
    assert s.acquire(a, never)
    got_b = threading.Event()
    release_b = threading.Event()

    def run_b() -> None:
        assert s.acquire(b, never, poll_s=0.005)
        got_b.set()
        release_b.wait(TIMEOUT)
        s.release(b)

    tb = threading.Thread(target=run_b, daemon=True)
    tb.start()
    assert wait_until(lambda: s.should_yield(a))
    s.release(a)
    # `a` asks again at once: it must queue behind `b`, which gets the slot
    order: list[str] = []
    ta = threading.Thread(target=lambda: (s.acquire(a, never, poll_s=0.005), order.append("a")), daemon=True)
    ta.start()
    assert got_b.wait(TIMEOUT)
    assert order == []
    release_b.set()
    ta.join(TIMEOUT)
    tb.join(TIMEOUT)
    assert order == ["a"]
    assert not s.should_yield(a)  # fresh grant, nobody waits
    s.release(a)


def test_default_slots_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLP_MAX_ACTIVE_RUNS", "3")
    assert sched_mod._default_slots() == 3
    monkeypatch.setenv("MLP_MAX_ACTIVE_RUNS", "0")
    assert sched_mod._default_slots() == 1
    monkeypatch.setenv("MLP_MAX_ACTIVE_RUNS", "lots")
    assert sched_mod._default_slots() >= 1
    assert isinstance(sched_mod.DEFAULT_SCHEDULER, ComputeScheduler)
    assert sched_mod.DEFAULT_SCHEDULER.slots >= 1


def test_contended_duty_rests_the_slot_only_while_others_wait() -> None:
    sched = ComputeScheduler(1, contended_duty=0.5)
    a, b = object(), object()
    assert sched.acquire(a, cancelled=lambda: False)
    sched.release(a, busy_s=0.05)  # nobody waits: no rest
    assert sched.acquire(b, cancelled=lambda: False)
    granted: list[float] = []
    waiter = threading.Thread(
        target=lambda: granted.append(time.monotonic()) if sched.acquire(a, cancelled=lambda: False) else None
    )
    waiter.start()
    while sched.queued == 0:
        time.sleep(0.001)
    released = time.monotonic()
    sched.release(b, busy_s=0.05)  # a waits: the slot rests 0.05 s (duty 0.5)
    waiter.join(2.0)
    assert granted and granted[0] - released >= 0.045
    sched.release(a)
    with pytest.raises(ValueError):
        ComputeScheduler(1, contended_duty=0.0)
