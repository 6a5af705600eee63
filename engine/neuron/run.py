"""The Hello TensorFlow page's live run: one Keras neuron learning a line, paced so a learner can watch.

See :mod:`engine.live.run` for the contract. Training is compiled in chunks of
epochs (:class:`~engine.neuron.model.NeuronTrainer`); the run releases epochs
at ``speed`` per second (500 epochs take 10 s at the default 50/s: the whole
``model.fit`` would otherwise be over in 20 ms) and stops at ``epochs``, like
``model.fit(x, y, epochs=500)``.
"""

from __future__ import annotations

import dataclasses
import itertools
import threading
import time

import numpy as np

from engine.live.history import ThinningHistory
from engine.live.run import BaseSnapshot, DivergedError, LiveRun, RunStatus, diverged_when
from engine.live.scheduler import ComputeScheduler
from engine.neuron.config import NeuronConfig
from engine.neuron.data import DATASETS, RegressionData
from engine.neuron.model import NeuronTrainer

_run_ids = itertools.count(1)
#: A loss this many times the starting loss counts as diverged even while still finite.
EXPLODED_FACTOR = 1e3
#: At most this many epochs in one compiled chunk.
MAX_EPOCHS_PER_CHUNK = 2000
#: Longest pause between two pacing checks while playing (seconds).
PACE_SLEEP_S = 0.02
#: A run that falls further behind its pace than this (seconds) slows down instead of jumping ahead.
MAX_LAG_S = 0.25
HISTORY_CAPACITY = 4000


@dataclasses.dataclass(frozen=True)
class NeuronSnapshot(BaseSnapshot):
    """What the page draws at one moment. Arrays are never mutated.

    Attributes:
        run_id: unique per run object.
        config: the settings in force (learning rate, epochs, speed and x change live).
        data: the training points.
        epoch: epochs trained so far.
        w, b: the neuron's weight and bias now (y_hat = w * x + b).
        loss: MSE on the training data now.
        history: (n, 4) rows (epoch, loss, w, b), epoch 0 first; bounded (every other row
            is dropped when full, ``history_generation`` then goes up).
        history_generation: changes whenever earlier rows were dropped or cleared.
        queries: the inputs predicted: the slide's ones, then the learner's x.
        predictions: the neuron's outputs for ``queries``.
        best: (w, b) the least-squares line (where SGD converges).
    """

    run_id: int
    config: NeuronConfig
    data: RegressionData
    epoch: int
    w: float
    b: float
    loss: float
    history: np.ndarray
    history_generation: int
    queries: tuple[float, ...]
    predictions: tuple[float, ...]
    best: tuple[float, float]


class NeuronRun(LiveRun[NeuronSnapshot]):
    """A live, steerable run of the slides' ``Dense(1)`` + ``SGD`` model.

    Args:
        cfg: a valid configuration.
        scheduler: the compute cap (defaults to the process-wide one).
    """

    def __init__(self, cfg: NeuronConfig, scheduler: ComputeScheduler | None = None) -> None:
        super().__init__(scheduler)
        self.run_id = next(_run_ids)
        self._cfg = cfg.validated()
        self._settings_lock = threading.Lock()
        self._data = DATASETS[cfg.dataset]
        self._best = self._data.least_squares()
        self._trainer = NeuronTrainer(self._data, cfg.seed, cfg.learning_rate)
        self._history = ThinningHistory(4, HISTORY_CAPACITY)
        self._epoch = 0
        self._pace_from: tuple[float, int] | None = None  # (time, epoch) when pacing started
        self._record_now()
        self._exploded_loss = EXPLODED_FACTOR * max(self._loss, 1.0)

    # ---- live settings ---------------------------------------------------------
    @property
    def config(self) -> NeuronConfig:
        with self._settings_lock:
            return self._cfg

    def update_settings(self, cfg: NeuronConfig) -> None:
        """Apply learning rate, epochs, speed and x live (same data set and seed only)."""
        cfg = cfg.validated()
        old = self.config
        if cfg.model_key() != old.model_key():
            raise ValueError("a new data set or seed needs a new run")
        if cfg == old:
            return
        with self._model_lock:
            with self._settings_lock:
                self._cfg = cfg
            if cfg.learning_rate != old.learning_rate:
                self._trainer.set_learning_rate(cfg.learning_rate)
            self._pace_from = None
        if cfg.epochs > self._epoch:  # more epochs asked for: a finished run may go on
            self._set_status(RunStatus.PAUSED, only_from=(RunStatus.FINISHED,))
        self._publish(view=True)

    # ---- hooks -------------------------------------------------------------------
    def _record_now(self) -> None:
        w, b = self._trainer.weights
        self._loss = self._trainer.loss()
        self._history.extend(np.array([[self._epoch, self._loss, w, b]]))

    def _train(self, n_epochs: int) -> None:
        cfg = self.config
        before = self._trainer.weights
        trace = self._trainer.train_epochs(n_epochs)
        epochs = np.arange(self._epoch + 1, self._epoch + n_epochs + 1, dtype=np.float64)
        rows = np.column_stack([epochs, trace.loss, trace.w, trace.b])
        bad = ~np.isfinite(rows).all(axis=1) | (trace.loss > self._exploded_loss)
        if not bad.any():
            self._epoch += n_epochs
            self._loss = float(trace.loss[-1])
            self._history.extend(rows)
            return
        keep = int(np.argmax(bad))  # good epochs before the first bad one
        self._epoch += keep
        self._history.extend(rows[:keep])
        w, b = (rows[keep - 1, 2], rows[keep - 1, 3]) if keep else before
        self._trainer.set_weights(w, b)  # show the last finite line, not NaN
        self._loss = self._trainer.loss()
        how = "became infinite" if not np.isfinite(trace.loss[keep]) else "grew past 1000x its start"
        raise DivergedError(
            f"Diverged {diverged_when(self._epoch)}: learning rate too high. The loss {how} "
            f"(each step overshoots the minimum by more than the last). For this data gradient descent "
            f"converges only below {self._data.max_stable_lr():.4f}; {cfg.learning_rate:g} is too high: "
            f"lower it (the slides use 0.02) and press Reset."
        )

    def _due_epochs(self) -> int:
        """Epochs the pace allows now (0 = wait), never beyond ``epochs``."""
        cfg = self.config
        now = time.monotonic()
        if self._pace_from is None:
            self._pace_from = (now - 1.0 / cfg.speed, self._epoch)
        since, epoch0 = self._pace_from
        allowed = epoch0 + int((now - since) * cfg.speed)
        if allowed - self._epoch > max(1.0, cfg.speed * MAX_LAG_S):  # fell behind (busy CPU): no burst
            self._pace_from = (now - 1.0 / cfg.speed, self._epoch)
            allowed = self._epoch + 1
        due = min(allowed, cfg.epochs) - self._epoch
        return max(0, min(due, MAX_EPOCHS_PER_CHUNK))

    def _train_chunk(self) -> None:
        due = self._due_epochs()
        if due:
            self._train(due)

    def _maybe_publish_view(self) -> None:
        """Publish as the base class does, then rest (outside every lock) until the next epoch is due."""
        super()._maybe_publish_view()
        if self._wants_to_run() and self._pace_from is not None:
            cfg = self.config
            since, epoch0 = self._pace_from
            next_due = since + (self._epoch - epoch0 + 1) / cfg.speed
            time.sleep(min(PACE_SLEEP_S, max(0.0, next_due - time.monotonic())))

    def _train_step(self) -> None:
        self._train(1)
        self._pace_from = None

    def _is_finished(self) -> bool:
        return self._epoch >= self.config.epochs

    def start(self) -> bool:
        self._pace_from = None
        return super().start()

    def _reset(self, same_init: bool) -> None:
        del same_init  # the initial weight always comes from the seed: Reset replays the same run
        self._trainer.reinitialize()
        self._trainer.set_learning_rate(self.config.learning_rate)
        self._epoch = 0
        self._pace_from = None
        self._history.clear()
        self._record_now()

    def _build_snapshot(self, status: RunStatus, message: str, version: int) -> NeuronSnapshot:
        cfg = self.config
        w, b = self._trainer.weights
        queries = (*self._data.queries, float(cfg.x_query))
        preds = self._trainer.predict(np.array(queries))
        return NeuronSnapshot(
            version=version,
            status=status,
            message=message,
            run_id=self.run_id,
            config=cfg,
            data=self._data,
            epoch=self._epoch,
            w=w,
            b=b,
            loss=self._loss,
            history=self._history.rows.copy(),
            history_generation=self._history.generation,
            queries=queries,
            predictions=tuple(float(p) for p in preds),
            best=self._best,
        )
