"""The live-training contract: a run object that owns a daemon thread.

A :class:`LiveRun` trains in small chunks on its own thread while a page (or a
test) steers it with :meth:`~LiveRun.start`, :meth:`~LiveRun.pause`,
:meth:`~LiveRun.step`, :meth:`~LiveRun.reset` and :meth:`~LiveRun.stop`, and
reads immutable snapshots with :meth:`~LiveRun.snapshot`. Worker threads never
touch the UI: whatever draws the run polls ``snapshot()`` (or
:meth:`~LiveRun.wait_version`) and renders what it finds.

Subclasses implement four hooks, always called with the run's model lock held:

* ``_train_chunk()``: train a little (a few ms to ~50 ms); raise
  :class:`DivergedError` when the loss stops being finite;
* ``_train_step()``: train exactly one unit a learner can count (an epoch);
* ``_reset(same_init)``: back to step 0, with fresh or the same initial weights;
* ``_build_snapshot(status, message, version)``: an immutable view of now.
"""

from __future__ import annotations

import dataclasses
import enum
import os
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from engine.live.scheduler import DEFAULT_GATE, DEFAULT_SCHEDULER, ComputeScheduler

#: A requested view may come this fraction of the view interval after the last one (see
#: :meth:`LiveRun._maybe_publish_view`).
VIEW_SLACK = 0.7
#: While runs wait for the gate, each should get a chunk about this often (s): 13 views a second
#: planned, so that a class of 30 on one core still sees >= 10 (bench/classroom.py).
CONTENDED_ROUND_S = 0.075
#: How often a run waiting for the gate wakes to publish a requested view or notice a pause (s).
GATE_POLL_S = 0.05
DEFAULT_UNWATCHED_PAUSE_S = 180.0


def unwatched_pause_s() -> float:
    """``MLP_UNWATCHED_PAUSE_S``: a playing run that nobody watched (no live view acknowledged a
    frame) for this many seconds pauses itself; 0 or less: never. Default 180 s."""
    try:
        return float(os.environ.get("MLP_UNWATCHED_PAUSE_S", DEFAULT_UNWATCHED_PAUSE_S))
    except ValueError:
        return DEFAULT_UNWATCHED_PAUSE_S


def unwatched_message(seconds: float) -> str:
    """What a run that paused itself says (shown on the page and in its live view)."""
    span = f"{seconds / 60:g} minutes" if seconds >= 120 else f"{seconds:g} s"
    return (
        f"Paused by itself: nobody watched this run for {span} (the tab was hidden or closed), "
        "so it gave its share of the server back. Press Play to go on."
    )


class RunStatus(str, enum.Enum):
    """What a run is doing; shown to the learner as is."""

    PAUSED = "paused"
    RUNNING = "running"
    QUEUED = "queued"
    DIVERGED = "diverged"
    FINISHED = "finished"
    STOPPED = "stopped"


class DivergedError(RuntimeError):
    """Raised by a chunk whose loss became NaN/inf; the message is for the learner."""


def next_chunk_size(size: int, elapsed_s: float, target_s: float, most: int) -> int:
    """How many units (batches, steps, epochs) the next chunk trains so that it takes about
    ``target_s``: ``size`` scaled by ``target_s / elapsed_s``, at most doubled or halved per chunk
    (one slow chunk must not swing it), between 1 and ``most``."""
    scale = min(2.0, max(0.5, target_s / max(elapsed_s, 1e-4)))
    return int(min(most, max(1, size * scale)))


def diverged_when(completed: int, unit: str = "epoch") -> str:
    """When a run diverged, counted as its counter counts (completed units): "in the first
    epoch" or "after epoch 12" (the counter stays at 12, the last finite one)."""
    return f"in the first {unit}" if completed <= 0 else f"after {unit} {completed:,}"


@dataclasses.dataclass(frozen=True)
class BaseSnapshot:
    """Fields every snapshot carries; subclasses add what their page draws."""

    version: int
    status: RunStatus
    message: str


S = TypeVar("S", bound=BaseSnapshot)


class LiveRun(Generic[S]):
    """A training run on a daemon thread, steered from any thread.

    Args:
        scheduler: the process-wide cap on how many runs may play at once.
        max_views_per_s: how often a playing run publishes a full snapshot when
            a viewer asks for one (:meth:`request_view`); without requests it
            publishes ``idle_views_per_s`` (building one costs a forward pass
            over the view grid, wasted if nobody draws it).
        gate: the process-wide gate each training chunk passes (one chunk per core).
        unwatched_s: pause by itself after this many seconds without :meth:`mark_watched`
            while playing (default :func:`unwatched_pause_s`; 0: never).
    """

    def __init__(
        self,
        scheduler: ComputeScheduler | None = None,
        max_views_per_s: float = 30.0,
        gate: ComputeScheduler | None = None,
        idle_views_per_s: float = 2.0,
        unwatched_s: float | None = None,
    ) -> None:
        self._scheduler = scheduler or DEFAULT_SCHEDULER
        self._gate = gate or DEFAULT_GATE
        self._unwatched_s = unwatched_pause_s() if unwatched_s is None else unwatched_s
        self._last_watched = time.monotonic()
        self._dirty = False  # trained since the last view was built
        self._listeners: list[Callable[[], None]] = []
        self._view_interval = 1.0 / max_views_per_s
        self._idle_view_interval = 1.0 / idle_views_per_s
        self._view_requested = threading.Event()
        self._last_view = 0.0
        self._model_lock = threading.RLock()  # guards the model: chunks, steps, resets
        self._cond = threading.Condition()  # guards the fields below
        self._want_running = False
        self._stopped = False
        self._status = RunStatus.PAUSED
        self._message = ""
        self._version = 0
        self._snapshot: S | None = None
        self._thread: threading.Thread | None = None

    # ---- hooks -----------------------------------------------------------
    def _train_chunk(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _train_step(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _reset(self, same_init: bool) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _build_snapshot(self, status: RunStatus, message: str, version: int) -> S:  # pragma: no cover
        raise NotImplementedError

    def _warm_up(self) -> None:
        """Override to prepare what the first chunk would otherwise do while holding the gate
        (e.g. trace a compiled function: a second of one core that would stall every run). Runs
        without the model lock, status already "running": it must not change the model."""

    def _is_finished(self) -> bool:
        """Override to end a run by itself (e.g. after a maximum epoch)."""
        return False

    # ---- public API --------------------------------------------------------
    @property
    def status(self) -> RunStatus:
        with self._cond:
            return self._status

    @property
    def playing(self) -> bool:
        """True from start() until pause/stop/divergence (even while still queued)."""
        with self._cond:
            return self._want_running and not self._stopped

    @property
    def version(self) -> int:
        """Increases by one with every published snapshot."""
        with self._cond:
            return self._version

    @property
    def alive(self) -> bool:
        """True while the worker thread exists and has not ended."""
        return self._thread is not None and self._thread.is_alive()

    def snapshot(self) -> S:
        """The latest immutable snapshot (publishes one first if none exists yet)."""
        with self._cond:
            snap = self._snapshot
        if snap is None:
            self._publish(view=True)
            with self._cond:
                snap = self._snapshot
        assert snap is not None
        return snap

    def wait_version(self, version: int, timeout: float) -> bool:
        """Block until a snapshot newer than ``version`` exists; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: self._version > version, timeout)

    def request_view(self) -> None:
        """Ask a playing run for a fresh snapshot soon (a live view drew the last one)."""
        self._view_requested.set()

    def mark_watched(self) -> None:
        """Someone watches this run now (a live view acknowledged its frames); see ``unwatched_s``."""
        self._last_watched = time.monotonic()

    def subscribe(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback()`` (on the publishing thread; keep it short) after every new
        snapshot; returns the function that unsubscribes it."""
        with self._cond:
            self._listeners = [*self._listeners, callback]

        def unsubscribe() -> None:
            with self._cond:
                self._listeners = [c for c in self._listeners if c is not callback]

        return unsubscribe

    def start(self) -> bool:
        """Play. Returns False (and does nothing) if the run diverged or was stopped."""
        with self._cond:
            if self._stopped or self._status in (RunStatus.DIVERGED, RunStatus.FINISHED):
                return False
            self._want_running = True
            self._last_watched = time.monotonic()  # pressing Play is watching
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._loop, name=f"{type(self).__name__}-worker", daemon=True
                )
                self._thread.start()
            self._cond.notify_all()
        return True

    def pause(self) -> None:
        """Stop computing. When this returns, no further chunk will start and, if
        the run was playing, the latest snapshot shows the paused run as it is."""
        with self._cond:
            was_playing = self._want_running
            self._want_running = False
            self._cond.notify_all()
        if was_playing:  # a run waiting for a slot or the gate leaves the queue now
            self._gate.wake_all()
            self._scheduler.wake_all()
        with self._model_lock:  # waits for a chunk in progress to end
            pass
        self._set_status(RunStatus.PAUSED, only_from=(RunStatus.RUNNING, RunStatus.QUEUED))
        if was_playing:  # the last view may predate the last chunks
            self._publish(view=True)

    def step(self) -> S:
        """Pause, then train exactly one step (an epoch) synchronously."""
        self.pause()
        if self.status in (RunStatus.DIVERGED, RunStatus.STOPPED):
            return self.snapshot()
        with self._model_lock:
            try:
                self._train_step()
            except DivergedError as err:
                self._diverge(str(err))
                return self.snapshot()
        self._set_status(RunStatus.PAUSED, only_from=(RunStatus.FINISHED,))
        self._publish(view=True)
        return self.snapshot()

    def reset(self, same_init: bool = False) -> S:
        """Pause and go back to step 0, with new (or the same) initial weights."""
        self.pause()
        with self._model_lock:
            self._reset(same_init)
        with self._cond:
            if not self._stopped:
                self._status = RunStatus.PAUSED
                self._message = ""
        self._publish(view=True)
        return self.snapshot()

    def stop(self, timeout: float = 5.0) -> None:
        """End the worker thread for good (idempotent). Used when the session closes."""
        with self._cond:
            self._stopped = True
            self._want_running = False
            self._status = RunStatus.STOPPED
            self._cond.notify_all()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    # ---- internals ---------------------------------------------------------
    def _set_status(
        self, status: RunStatus, message: str = "", only_from: tuple[RunStatus, ...] | None = None
    ) -> None:
        with self._cond:
            if self._stopped or (only_from is not None and self._status not in only_from):
                return
            if self._status == status and self._message == message:
                return
            self._status, self._message = status, message
        self._publish(view=False)

    def _diverge(self, message: str) -> None:
        self._end(RunStatus.DIVERGED, message)

    def _end(self, status: RunStatus, message: str = "") -> None:
        """The run ended by itself (finished, diverged, unwatched): publish that first, then stop playing, so
        whoever sees ``playing`` turn False (the page's run-end check) finds the final snapshot."""
        self._set_status(status, message)
        self._publish(view=True)
        with self._cond:
            self._want_running = False

    def _publish(self, view: bool) -> None:
        """Make a new snapshot current; ``view=False`` only restamps status/message.

        Publishers are serialised by the (re-entrant) model lock, so two of them
        can never read the same version and drop the newer status or view.
        """
        with self._model_lock:
            with self._cond:
                status, message, old = self._status, self._message, self._snapshot
                version = self._version + 1
            if view or old is None:
                snap = self._build_snapshot(status, message, version)
            else:
                snap = dataclasses.replace(old, status=status, message=message, version=version)
            if view:
                self._dirty = False
            with self._cond:
                self._version = version
                self._snapshot = snap
                self._cond.notify_all()
                listeners = self._listeners
        for callback in listeners:
            callback()

    def _wants_to_run(self) -> bool:
        with self._cond:
            return self._want_running and not self._stopped

    def _loop(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._want_running or self._stopped)
                if self._stopped:
                    return
            granted = self._scheduler.acquire(
                self,
                cancelled=lambda: not self._wants_to_run(),
                on_wait=lambda: self._set_status(RunStatus.QUEUED),
            )
            if not granted:
                self._set_status(RunStatus.PAUSED, only_from=(RunStatus.QUEUED,))
                continue
            try:
                self._run_slot()
            finally:
                self._scheduler.release(self)
            if not self._wants_to_run():
                self._set_status(RunStatus.PAUSED, only_from=(RunStatus.RUNNING, RunStatus.QUEUED))

    def _maybe_publish_view(self) -> None:
        """Publish a view if one was requested (about ``max_views_per_s`` at most) or at the idle rate,
        and only if the run trained since the last one (an unchanged view is not built again).

        Views are spaced from the start of the last one, with :data:`VIEW_SLACK` of the interval
        to spare: chunks of 20-30 ms would otherwise miss the 33 ms mark by a few ms and publish
        every other chunk only (15 views/s instead of 30); the push channel caps what a client
        gets at its own ``MAX_FPS``."""
        if not self._dirty:
            return
        now = time.monotonic()
        since = now - self._last_view
        if (self._view_requested.is_set() and since >= self._view_interval * VIEW_SLACK) or (
            since >= self._idle_view_interval
        ):
            self._publish_view_now()

    def _publish_pending_view(self) -> None:
        """Before waiting for the gate: publish the requested view now (the next chunk is a
        whole round of the other runs away, so waiting for the spacing would only delay it)."""
        if self._dirty and self._view_requested.is_set():
            self._publish_view_now()

    def _publish_view_now(self) -> None:
        self._view_requested.clear()
        self._last_view = time.monotonic()
        self._publish(view=True)

    def chunk_target_s(self, alone_s: float) -> float:
        """How long the next training chunk should take: ``alone_s`` while the gate is free, less
        while runs wait for it, so that each gets a chunk (and a view) every
        :data:`CONTENDED_ROUND_S`."""
        return min(alone_s, self._gate.share_s(CONTENDED_ROUND_S))

    def _unwatched(self) -> bool:
        """Pause by itself when nobody watched for ``unwatched_s`` (True when it did)."""
        if self._unwatched_s <= 0 or time.monotonic() - self._last_watched < self._unwatched_s:
            return False
        with self._cond:
            if not self._want_running:
                return False
        self._end(RunStatus.PAUSED, unwatched_message(self._unwatched_s))
        return True

    def _run_slot(self) -> None:
        """Train while playing and holding a compute slot."""
        with self._model_lock:  # so a concurrent pause() cannot be overtaken by "running"
            if self._wants_to_run():
                self._set_status(RunStatus.RUNNING)
        # Outside the lock: tracing takes a second of a busy core, and Pause must act meanwhile.
        self._warm_up()
        self._last_view = time.monotonic()
        while True:
            if self._unwatched():
                return
            if not self._gate.acquire(
                self,
                cancelled=lambda: not self._wants_to_run(),
                on_wait=self._publish_pending_view,
                poll_s=GATE_POLL_S,
                while_waiting=self._maybe_publish_view,
            ):
                return
            started = time.monotonic()
            try:
                with self._model_lock:
                    if not self._wants_to_run():
                        return
                    try:
                        self._train_chunk()
                    except DivergedError as err:
                        self._diverge(str(err))
                        return
                    finished = self._is_finished()
                    self._dirty = True
            finally:
                self._gate.release(self, busy_s=time.monotonic() - started)
            if finished:
                self._end(RunStatus.FINISHED)
                return
            self._maybe_publish_view()
            if self._scheduler.should_yield(self):
                return  # back of the queue; the outer loop asks for a slot again
