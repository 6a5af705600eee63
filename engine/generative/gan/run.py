"""The GAN page's live run: both networks train in compiled chunks of steps, paced to be watched.

See :mod:`engine.live.run` for the contract. One *step* = ``k`` discriminator
updates, then one generator update (:mod:`engine.generative.gan.model`); the
counter, the history and every message count completed steps. While playing,
the run releases ``speed`` steps per second (a chunk trains the steps due, at
most about :data:`CHUNK_SECONDS` of work) and stops after ``steps``.
"""

from __future__ import annotations

import dataclasses
import itertools
import threading
import time

import numpy as np

from engine.generative.gan.config import GanConfig
from engine.generative.gan.data import Coverage, Distribution, coverage, make_distribution
from engine.generative.gan.model import GanModel, Objective, ViewData, objective
from engine.live.history import ThinningHistory
from engine.live.run import BaseSnapshot, DivergedError, LiveRun, RunStatus, next_chunk_size
from engine.live.scheduler import ComputeScheduler

_run_ids = itertools.count(1)
CHUNK_SECONDS = 0.04
#: Real points drawn (the first of the run's training set).
REAL_SHOWN = 500
HISTORY_CAPACITY = 4000
#: Columns of :attr:`GanSnapshot.history` (training-batch values of each step).
HISTORY_COLUMNS = ("step", "d_loss", "g_loss", "d_real", "d_fake")
#: Columns of :attr:`GanSnapshot.coverage_history` (the drawn fake points, at each view).
COVERAGE_COLUMNS = ("step", "covered", "on_data")
#: Longest rest between two pacing checks while playing (s); a run further behind than MAX_LAG_S
#: (busy CPU) slows down instead of bursting.
PACE_SLEEP_S = 0.02
MAX_LAG_S = 0.25


@dataclasses.dataclass(frozen=True)
class GanSnapshot(BaseSnapshot):
    """What the page draws at one moment. Arrays are never mutated.

    Attributes:
        run_id: unique per run object.
        config: the settings in force.
        step: completed steps (each k D updates + 1 G update).
        d_updates, g_updates: optimizer updates so far (k x step and step).
        dist: the real distribution.
        real_shown: (r, 2) the real points drawn.
        z_show: (m, noise_dim) the fixed noise of the fake points drawn.
        view: D's surface, the fake points, their arrows and the noise grid's image.
        objective: the GAN objective on the points drawn.
        coverage: modes covered by the fake points drawn.
        history: rows of :data:`HISTORY_COLUMNS`, bounded (every other row dropped when full).
        history_generation: changes whenever earlier rows were dropped or cleared.
        coverage_history: rows of :data:`COVERAGE_COLUMNS`.
        steps_per_s: recent training speed (0 when not running).
        n_params: (generator, discriminator) parameters.
    """

    run_id: int
    config: GanConfig
    step: int
    d_updates: int
    g_updates: int
    dist: Distribution
    real_shown: np.ndarray
    z_show: np.ndarray
    view: ViewData
    objective: Objective
    coverage: Coverage
    history: np.ndarray
    history_generation: int
    coverage_history: np.ndarray
    steps_per_s: float
    n_params: tuple[int, int]


class GanRun(LiveRun[GanSnapshot]):
    """A live, steerable GAN training run.

    Args:
        cfg: a valid configuration.
        scheduler: the compute cap (defaults to the process-wide one).
    """

    def __init__(self, cfg: GanConfig, scheduler: ComputeScheduler | None = None) -> None:
        super().__init__(scheduler)
        self.run_id = next(_run_ids)
        self._cfg = cfg.validated()
        self._settings_lock = threading.Lock()
        self.dist = make_distribution(cfg.dataset, cfg.seed)
        self.real_shown = self.dist.points[:REAL_SHOWN]
        self.model = GanModel(self._cfg, self.dist.points)
        self._history = ThinningHistory(len(HISTORY_COLUMNS), HISTORY_CAPACITY)
        self._coverage = ThinningHistory(len(COVERAGE_COLUMNS), HISTORY_CAPACITY)
        self._steps_per_chunk = 4
        self._clear()
        self.model.train(0, 0, 1, cfg.loss)  # trace the compiled step now (0 steps: nothing changes)

    # ---- settings ----------------------------------------------------------------
    @property
    def config(self) -> GanConfig:
        with self._settings_lock:
            return self._cfg

    def update_settings(self, cfg: GanConfig) -> None:
        """Apply learning rates, k, loss, speed and steps live (same ``model_key`` only)."""
        cfg = cfg.validated()
        old = self.config
        if cfg.model_key() != old.model_key():
            raise ValueError("a new distribution, network, optimizer or seed needs a new run")
        if cfg == old:
            return
        with self._model_lock:
            with self._settings_lock:
                self._cfg = cfg
            self.model.set_learning_rates(cfg.lr_d, cfg.lr_g)
            self._pace_from = None
        if cfg.steps > self._step:
            self._set_status(RunStatus.PAUSED, only_from=(RunStatus.FINISHED,))
        self._publish(view=True)

    # ---- training -------------------------------------------------------------------
    def _clear(self) -> None:
        self._step = 0
        self._history.clear()
        self._coverage.clear()
        self._pace_from: tuple[float, int] | None = None
        self._rate: list[tuple[float, int]] = []

    def _train(self, n_steps: int) -> None:
        cfg = self.config
        trace = self.model.train(self._step, n_steps, cfg.k, cfg.loss)
        steps = np.arange(self._step + 1, self._step + n_steps + 1, dtype=np.float64)
        rows = np.column_stack([steps, trace.d_loss, trace.g_loss, trace.d_real, trace.d_fake])
        bad = ~np.isfinite(rows).all(axis=1)
        keep = int(np.argmax(bad)) if bad.any() else n_steps
        self._history.extend(rows[:keep])
        self._step += keep
        now = time.monotonic()
        self._rate = [(t, k) for t, k in self._rate if now - t <= 2.0] + [(now, keep)]
        if bad.any():
            raise DivergedError(
                f"Diverged at step {self._step + 1}: a loss became NaN or infinite (the weights blew up). "
                f"Lower the learning rates (D {cfg.lr_d:g}, G {cfg.lr_g:g}) or use Adam, then press Reset."
            )

    def _due_steps(self) -> int:
        """Steps the pace allows now (0 = wait), never beyond ``steps``."""
        cfg = self.config
        now = time.monotonic()
        if self._pace_from is None:
            self._pace_from = (now - 1.0 / cfg.speed, self._step)
        since, step0 = self._pace_from
        allowed = step0 + int((now - since) * cfg.speed)
        if allowed - self._step > max(1.0, cfg.speed * MAX_LAG_S):  # fell behind: no burst
            self._pace_from = (now - 1.0 / cfg.speed, self._step)
            allowed = self._step + 1
        return max(0, min(allowed, cfg.steps) - self._step)

    def _train_chunk(self) -> None:
        due = min(self._due_steps(), self._steps_per_chunk)
        if not due:
            return
        started = time.monotonic()
        self._train(due)
        if due == self._steps_per_chunk:  # a full chunk: size the next one to CHUNK_SECONDS
            self._steps_per_chunk = next_chunk_size(
                self._steps_per_chunk, time.monotonic() - started, CHUNK_SECONDS, 5000
            )

    def _maybe_publish_view(self) -> None:
        """Publish as the base class does, then rest (outside every lock) until the next step is due."""
        super()._maybe_publish_view()
        if self._wants_to_run() and self._pace_from is not None:
            since, step0 = self._pace_from
            next_due = since + (self._step - step0 + 1) / self.config.speed
            time.sleep(min(PACE_SLEEP_S, max(0.0, next_due - time.monotonic())))

    def _train_step(self) -> None:
        """One step: k discriminator updates, then one generator update."""
        self._train(1)
        self._pace_from = None

    def _is_finished(self) -> bool:
        return self._step >= self.config.steps

    def start(self) -> bool:
        self._pace_from = None
        return super().start()

    def _reset(self, same_init: bool) -> None:
        del same_init  # the initial weights come from the seed: Reset replays the same run
        self.model.restore_initial()
        self.model.set_learning_rates(self.config.lr_d, self.config.lr_g)
        self._clear()

    def train_now(self, n_steps: int) -> GanSnapshot:
        """Train ``n_steps`` steps synchronously (paused; for tests and benchmarks); the new snapshot."""
        self.pause()
        with self._model_lock:
            try:
                self._train(n_steps)
            except DivergedError as err:
                self._diverge(str(err))
                return self.snapshot()
        self._publish(view=True)
        return self.snapshot()

    def _build_snapshot(self, status: RunStatus, message: str, version: int) -> GanSnapshot:
        cfg = self.config
        view = self.model.view(cfg.loss, self.real_shown)
        cov = coverage(self.dist, np.nan_to_num(view.fake, nan=1e6))
        hist = self._coverage.rows
        if not len(hist) or hist[-1, 0] != self._step:
            self._coverage.extend(np.array([[self._step, cov.covered, cov.on_data]], np.float64))
        rate = 0.0
        if status == RunStatus.RUNNING and len(self._rate) >= 2:
            span = self._rate[-1][0] - self._rate[0][0]
            rate = sum(k for _, k in self._rate[1:]) / span if span > 0 else 0.0
        return GanSnapshot(
            version=version,
            status=status,
            message=message,
            run_id=self.run_id,
            config=cfg,
            step=self._step,
            d_updates=self.model.d_updates,
            g_updates=self.model.g_updates,
            dist=self.dist,
            real_shown=self.real_shown,
            z_show=self.model.z_show,
            view=view,
            objective=objective(view.logit_real, view.logit_fake, cfg.loss),
            coverage=cov,
            history=self._history.rows.copy(),
            history_generation=self._history.generation,
            coverage_history=self._coverage.rows.copy(),
            steps_per_s=rate,
            n_params=self.model.count_params(),
        )
