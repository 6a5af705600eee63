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
import threading
import time
from typing import Generic, TypeVar

from engine.live.scheduler import DEFAULT_GATE, DEFAULT_SCHEDULER, ComputeScheduler

#: A requested view may come this fraction of the view interval after the last one (see
#: :meth:`LiveRun._maybe_publish_view`).
VIEW_SLACK = 0.7


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
    """

    def __init__(
        self,
        scheduler: ComputeScheduler | None = None,
        max_views_per_s: float = 30.0,
        gate: ComputeScheduler | None = None,
        idle_views_per_s: float = 2.0,
    ) -> None:
        self._scheduler = scheduler or DEFAULT_SCHEDULER
        self._gate = gate or DEFAULT_GATE
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

    def start(self) -> bool:
        """Play. Returns False (and does nothing) if the run diverged or was stopped."""
        with self._cond:
            if self._stopped or self._status in (RunStatus.DIVERGED, RunStatus.FINISHED):
                return False
            self._want_running = True
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
        with self._cond:
            self._want_running = False
        self._set_status(RunStatus.DIVERGED, message)
        self._publish(view=True)

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
            with self._cond:
                self._version = version
                self._snapshot = snap
                self._cond.notify_all()

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
        """Publish a view if one was requested (about ``max_views_per_s`` at most) or at the idle rate.

        Views are spaced from the start of the last one, with :data:`VIEW_SLACK` of the interval
        to spare: chunks of 20-30 ms would otherwise miss the 33 ms mark by a few ms and publish
        every other chunk only (15 views/s instead of 30); the push channel caps what a client
        gets at its own ``MAX_FPS``."""
        now = time.monotonic()
        since = now - self._last_view
        if (self._view_requested.is_set() and since >= self._view_interval * VIEW_SLACK) or (
            since >= self._idle_view_interval
        ):
            self._view_requested.clear()
            self._last_view = now
            self._publish(view=True)

    def _run_slot(self) -> None:
        """Train while playing and holding a compute slot."""
        with self._model_lock:  # so a concurrent pause() cannot be overtaken by "running"
            if self._wants_to_run():
                self._set_status(RunStatus.RUNNING)
        self._last_view = time.monotonic()
        while True:
            if not self._gate.acquire(
                self,
                cancelled=lambda: not self._wants_to_run(),
                poll_s=0.01,
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
            finally:
                self._gate.release(self, busy_s=time.monotonic() - started)
            if finished:
                with self._cond:
                    self._want_running = False
                self._set_status(RunStatus.FINISHED)
                self._publish(view=True)
                return
            self._maybe_publish_view()
            if self._scheduler.should_yield(self):
                return  # back of the queue; the outer loop asks for a slot again
