"""The optimizer race as a live run (see :mod:`engine.live.run` for the contract).

The run steps every racer together at ``speed`` steps per second: a chunk does
the steps that are due since the last one, and between chunks the worker
sleeps until the next step is due (without holding the compute gate), so a slow
race costs no CPU. A racer that diverges is marked and stops while the others
go on; only when every racer has diverged does the run itself stop as diverged.
"""

from __future__ import annotations

import dataclasses
import itertools
import threading
import time

from engine.live.run import BaseSnapshot, DivergedError, LiveRun, RunStatus
from engine.live.scheduler import ComputeScheduler
from engine.optim.config import RaceConfig
from engine.optim.race import Race, RacerView
from engine.optim.surfaces import Surface

_run_ids = itertools.count(1)
#: most steps one chunk may take (at 1000 steps/s and 30 views/s: ~33)
MAX_STEPS_PER_CHUNK = 64
#: a gap longer than this between chunks (paused, queued) is not caught up
RESYNC_S = 0.25
#: the longest the worker sleeps between chunks (so views keep flowing)
MAX_SLEEP_S = 1.0 / 30.0
#: how often a sleeping worker looks whether it was paused
POLL_S = 0.01
#: views a playing race may publish per second (the live route sends at most 30 frames/s)
MAX_VIEWS_PER_S = 60.0


@dataclasses.dataclass(frozen=True)
class RaceSnapshot(BaseSnapshot):
    """What the race page draws at one moment.

    Attributes:
        run_id: unique per run object; generation: +1 on every reset (paths restart).
        config: the configuration in force; surface: its surface.
        step: steps taken by the race (a live racer's path has step + 1 points).
        racers: one view per racer, in legend order.
        steps_per_s: measured speed while running (0 otherwise).
        events: learner-facing notes, e.g. which racer diverged at which step.
    """

    run_id: int
    generation: int
    config: RaceConfig
    surface: Surface
    step: int
    racers: tuple[RacerView, ...]
    steps_per_s: float
    events: tuple[str, ...]


class RaceRun(LiveRun[RaceSnapshot]):
    """A live, steerable optimizer race."""

    def __init__(self, cfg: RaceConfig, scheduler: ComputeScheduler | None = None) -> None:
        super().__init__(scheduler, max_views_per_s=MAX_VIEWS_PER_S)
        self.run_id = next(_run_ids)
        self._settings_lock = threading.Lock()
        self._cfg = cfg.validated()
        self._race = Race(self._cfg)
        self._events: list[str] = []
        self._anchor_t = 0.0
        self._anchor_step = 0
        self._last_chunk_t = -1e9
        self._rate: list[tuple[float, int]] = []

    # ---- settings ------------------------------------------------------------------------------
    @property
    def config(self) -> RaceConfig:
        with self._settings_lock:
            return self._cfg

    def update_settings(self, cfg: RaceConfig) -> None:
        """Apply ``cfg``: the speed changes live; anything else restarts the race at step 0
        (and keeps playing if it was playing)."""
        cfg = cfg.validated()
        old = self.config
        if cfg == old:
            return
        if cfg.race_key() == old.race_key():
            with self._settings_lock:
                self._cfg = cfg
            self._last_chunk_t = -1e9  # re-anchor the pace
            self._publish(view=True)
            return
        was_playing = self.playing
        self.pause()
        with self._model_lock:
            with self._settings_lock:
                self._cfg = cfg
            self._race = Race(cfg)
        self.reset()
        if was_playing:
            self.start()

    # ---- hooks ---------------------------------------------------------------------------------
    def _advance(self, n: int) -> None:
        for racer in self._race.step(n):
            self._events.append(
                f"{racer.label} diverged at step {racer.diverged_at}: its learning rate "
                f"({self._race.cfg.lr(racer.key):g}) is too high here."
            )
        now = time.monotonic()
        self._rate.append((now, n))
        self._rate = [(t, k) for t, k in self._rate if now - t <= 1.0]
        if self._race.all_diverged:
            raise DivergedError(
                "Every racer diverged (the loss became infinite or exploded): lower the learning "
                "rates, or pick a preset, and press Reset."
            )

    def _train_chunk(self) -> None:
        now = time.monotonic()
        speed = self.config.speed
        if now - self._last_chunk_t > RESYNC_S:  # (re)started: step now, then keep the pace
            self._anchor_t, self._anchor_step = now - 1.0 / speed, self._race.steps
        self._last_chunk_t = now
        due = self._anchor_step + int((now - self._anchor_t) * speed) - self._race.steps
        if due > MAX_STEPS_PER_CHUNK:  # fell behind: do not try to catch up
            self._anchor_t, self._anchor_step = now, self._race.steps + MAX_STEPS_PER_CHUNK
            due = MAX_STEPS_PER_CHUNK
        if due > 0:
            self._advance(due)

    def _train_step(self) -> None:
        if not self._race.finished:
            self._advance(1)

    def _is_finished(self) -> bool:
        return self._race.finished

    def _reset(self, same_init: bool) -> None:
        self._race.reset()
        self._events = []
        self._rate = []

    def _maybe_publish_view(self) -> None:
        super()._maybe_publish_view()
        self._sleep_until_due()

    def _sleep_until_due(self) -> None:
        """Between chunks, wait (holding nothing) until the next step is due, publishing a
        view the moment a live view asks for one; returns early when paused or stopped."""
        speed = self.config.speed
        due = self._anchor_t + (self._race.steps - self._anchor_step + 1) / speed
        deadline = min(due, time.monotonic() + MAX_SLEEP_S)
        while self._wants_to_run():
            now = time.monotonic()
            if now >= deadline:
                return
            if self._view_requested.is_set() and now - self._last_view >= self._view_interval:
                self._view_requested.clear()
                self._publish(view=True)
                self._last_view = time.monotonic()
                continue
            self._view_requested.wait(timeout=min(deadline - now, POLL_S))
            if self._view_requested.is_set() and time.monotonic() - self._last_view < self._view_interval:
                time.sleep(min(POLL_S, max(0.0, self._last_view + self._view_interval - time.monotonic())))

    def _build_snapshot(self, status: RunStatus, message: str, version: int) -> RaceSnapshot:
        rate = 0.0
        if status == RunStatus.RUNNING and len(self._rate) >= 2:
            span = self._rate[-1][0] - self._rate[0][0]
            if span > 0:
                rate = sum(k for _, k in self._rate[1:]) / span
        race = self._race
        return RaceSnapshot(
            version=version,
            status=status,
            message=message,
            run_id=self.run_id,
            generation=race.generation,
            config=self.config,
            surface=race.surface,
            step=race.steps,
            racers=race.views(),
            steps_per_s=rate,
            events=tuple(self._events),
        )
