"""A process-wide, fair cap on how many live runs compute at once.

One Streamlit process serves every learner. Each playing run must hold a slot
to compute; runs beyond the cap wait in FIFO order (their status is
"queued"). A run that has held its slot for a whole time quantum while others
wait is asked to hand it over, so a run left playing forever cannot starve the
class.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable

#: The longest rest after one turn (s): a one-off long chunk (a first call that compiles)
#: must not idle the slot for as long again.
MAX_REST_S = 0.05


class ComputeScheduler:
    """``slots`` runs compute at once; the rest queue, first come first served.

    Args:
        slots: how many runs may compute at the same time (>= 1).
        quantum_s: seconds a run may keep its slot while others are waiting.
        contended_duty: fraction of the time a slot may be busy while others
            wait (1 = always). Below 1, a slot released with ``busy_s`` rests
            for ``busy_s * (1/duty - 1)`` before anyone gets it, leaving CPU for
            the work outside the scheduler (views, frames, page reruns); at most
            :data:`MAX_REST_S`.
    """

    def __init__(self, slots: int, quantum_s: float = 1.0, contended_duty: float = 1.0) -> None:
        if slots < 1:
            raise ValueError("slots must be >= 1")
        if not 0.0 < contended_duty <= 1.0:
            raise ValueError("contended_duty must be in (0, 1]")
        self.slots = slots
        self.quantum_s = quantum_s
        self.contended_duty = contended_duty
        self._cond = threading.Condition()
        self._holders: dict[int, float] = {}  # owner id -> time the slot was granted
        self._waiting: deque[int] = deque()
        # One condition per waiter (on the same lock): a release wakes the head of the queue
        # only, not every waiter (30 playing runs would otherwise all wake on every chunk).
        self._wakers: dict[int, threading.Condition] = {}
        self._resting: list[float] = []  # end times of slots resting after contended use

    def _free(self, now: float) -> int:
        """Slots neither held nor resting (call with the lock held)."""
        self._resting = [t for t in self._resting if t > now]
        return self.slots - len(self._holders) - len(self._resting)

    def acquire(
        self,
        owner: object,
        cancelled: Callable[[], bool],
        on_wait: Callable[[], None] | None = None,
        poll_s: float = 0.05,
        while_waiting: Callable[[], None] | None = None,
    ) -> bool:
        """Block until ``owner`` holds a slot (True) or ``cancelled()`` turns true (False).

        ``on_wait`` is called once (outside the scheduler's lock) if the owner
        has to wait, so it can show "queued". ``while_waiting`` is called
        (outside the lock) at every wake-up while waiting, without losing the
        owner's place in the queue: a run uses it to draw views while it waits.
        A waiter wakes when it reaches the head of the queue and a slot frees up,
        and otherwise every ``poll_s`` seconds (to notice ``cancelled()``).
        """
        key = id(owner)
        with self._cond:
            if key in self._holders:
                return True
            now = time.monotonic()
            if self._free(now) > 0 and not self._waiting:
                self._holders[key] = now
                return True
        if on_wait is not None:
            on_wait()
        with self._cond:
            waker = threading.Condition(self._cond)  # shares the scheduler's lock
            self._waiting.append(key)
            self._wakers[key] = waker
            try:
                while True:
                    if cancelled():
                        return False
                    now = time.monotonic()
                    head = self._waiting[0] == key
                    if head and self._free(now) > 0:
                        self._holders[key] = now
                        return True
                    timeout = poll_s
                    if head and self._resting and len(self._holders) < self.slots:
                        timeout = min(timeout, max(min(self._resting) - now, 0.0005))
                    waker.wait(timeout)
                    if while_waiting is not None:
                        self._cond.release()
                        try:
                            while_waiting()
                        finally:
                            self._cond.acquire()
            finally:
                self._waiting.remove(key)
                del self._wakers[key]
                self._wake_head()

    def _wake_head(self) -> None:
        """Wake the first waiter (call with the lock held)."""
        if self._waiting:
            self._wakers[self._waiting[0]].notify()

    def release(self, owner: object, busy_s: float = 0.0) -> None:
        """Give the slot back (no-op if ``owner`` holds none); ``busy_s``: how long it computed."""
        with self._cond:
            if self._holders.pop(id(owner), None) is not None:
                if self.contended_duty < 1.0 and self._waiting and busy_s > 0:
                    rest = min(busy_s * (1.0 / self.contended_duty - 1.0), MAX_REST_S)
                    self._resting.append(time.monotonic() + rest)
                self._wake_head()

    def should_yield(self, owner: object) -> bool:
        """True when others wait and ``owner`` has held its slot for a full quantum."""
        with self._cond:
            since = self._holders.get(id(owner))
            return since is not None and bool(self._waiting) and time.monotonic() - since >= self.quantum_s

    def wake_all(self) -> None:
        """Wake every waiter now (e.g. after a pause: a cancelled waiter leaves the queue at once
        instead of at its next poll)."""
        with self._cond:
            for waker in self._wakers.values():
                waker.notify()

    def share_s(self, round_s: float) -> float:
        """Seconds each runner that holds or wants a slot may compute per turn, so that all of
        them get a turn every ``round_s`` (the duty cycle's rests included)."""
        with self._cond:
            contenders = max(1, len(self._holders) + len(self._waiting))
        return round_s * self.contended_duty * self.slots / contenders

    @property
    def active(self) -> int:
        """Runs computing now."""
        with self._cond:
            return len(self._holders)

    @property
    def queued(self) -> int:
        """Runs waiting for a slot."""
        with self._cond:
            return len(self._waiting)


DEFAULT_SLOTS = 32


def _default_slots() -> int:
    try:
        return max(1, int(os.environ.get("MLP_MAX_ACTIVE_RUNS", DEFAULT_SLOTS)))
    except ValueError:
        return DEFAULT_SLOTS


def usable_cores() -> int:
    """CPU cores this process may run on (respects taskset / cgroup CPU pinning)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


#: The scheduler every run uses unless given another. ``MLP_MAX_ACTIVE_RUNS``
#: sets the cap (default 32: the per-core gate below already shares the CPU chunk by
#: chunk, and bench/classroom.py measured 30 playground learners on ONE core at >= 10
#: frames/s each; a run held back by this cap shows "queued" and its view stands still,
#: so the cap is only a guard against far more runs than a class; beyond it runs take
#: turns every quantum).
DEFAULT_SCHEDULER = ComputeScheduler(_default_slots())

#: Fine-grained gate around every training chunk (~15 ms): at most one chunk per
#: usable core computes at a time, FIFO. Many playing runs then take turns chunk
#: by chunk (each keeps animating) instead of oversubscribing the CPU, which
#: would starve the server's event loop and make Pause slow. Views and frames
#: are built outside the gate.
#: While runs wait for it, the gate keeps training to half of each core
#: (``contended_duty``): the other half draws the views every learner watches.
DEFAULT_GATE = ComputeScheduler(usable_cores(), quantum_s=0.0, contended_duty=0.6)
