"""The live run: SimpleRNN, LSTM and GRU trained in lockstep on the same windows.

See :mod:`engine.live.run` for the contract. One chunk trains every chosen network on the
same few mini-batches (same order, from the seed) in one compiled ``tf.function`` call,
sized to take about :data:`CHUNK_SECONDS`, so Pause acts within a fraction of a second.
An **epoch** is one pass over the training windows; the counter, the history rows and
every message count completed epochs. At the end of each epoch the validation windows
are scored (one-step mean squared error, standardised units).

Predictions (one-step over the validation range, the free-running forecast) come from
:mod:`engine.sequences.forecast.cells` (numpy, checked against Keras) and are refreshed at
most every :data:`PREDICTION_INTERVAL_S` while playing (less often when they are slow to compute,
see :data:`PREDICTION_SHARE`), and always when paused or stepped.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import threading
import time

import numpy as np

from engine.live.run import BaseSnapshot, DivergedError, LiveRun, RunStatus, next_chunk_size
from engine.live.scheduler import ComputeScheduler
from engine.sequences.forecast.cells import forward, free_run
from engine.sequences.forecast.config import MODELS, ForecastConfig
from engine.sequences.forecast.data import Series, Windows, load_series, make_windows
from engine.sequences.forecast.models import build_model, build_optimizer
from engine.tf_runtime import get_tf

_run_ids = itertools.count(1)
CHUNK_SECONDS = 0.03
#: While playing, predictions are refreshed at most this often...
PREDICTION_INTERVAL_S = 0.25
#: ...and so that refreshing takes at most this share of the time (a refresh is tens of ms).
PREDICTION_SHARE = 0.15


@dataclasses.dataclass(frozen=True)
class Predictions:
    """The networks on the validation range at one moment (series units; rows follow ``kinds``).

    Attributes:
        epoch: fractional epoch the weights had (e.g. 12.5 = half-way through epoch 13).
        onestep: (k, n_val) each validation value predicted from the true window before it.
        forecast: (k, horizon) rolled forward from the network's own outputs, starting at the
            first validation point from the last true window of the training part.
        rmse_onestep, rmse_forecast: (k,) root mean squared errors of the two against the truth.
        rmse_naive: the one-step RMSE of "tomorrow = today" (persistence), the baseline to beat.
    """

    epoch: float
    onestep: np.ndarray
    forecast: np.ndarray
    rmse_onestep: np.ndarray
    rmse_forecast: np.ndarray
    rmse_naive: float


@dataclasses.dataclass(frozen=True)
class ForecastSnapshot(BaseSnapshot):
    """What the page draws at one moment. Arrays are never mutated.

    Attributes:
        run_id: unique per run object; ``generation`` goes up with every reset.
        config: the settings in force (learning rate, epochs and horizon change live).
        kinds: the networks, in the config's order ("rnn", "lstm", "gru").
        series: the series (values, name, source).
        n_train: points in the training part (the rest is the validation range).
        n_windows: training windows (examples) per epoch.
        epoch: completed epochs; ``batch`` batches of the next one are done.
        history: (epochs + 1, 1 + 2k) rows (epoch, then train MSE and validation MSE of each
            network in ``kinds`` order); row 0 is before training. Standardised units.
        predictions: see :class:`Predictions`.
        horizon: the forecast's length (the setting, cut to the validation range).
        n_params: each network's trainable parameters (Keras ``count_params()``).
        train_seconds: compute time so far; ``windows_per_s``: recent training windows per
            second each network goes through (0 when not running).
    """

    run_id: int
    generation: int
    config: ForecastConfig
    kinds: tuple[str, ...]
    series: Series
    n_train: int
    n_windows: int
    epoch: int
    batch: int
    batches_per_epoch: int
    history: np.ndarray
    predictions: Predictions
    horizon: int
    n_params: tuple[int, ...]
    train_seconds: float
    windows_per_s: float

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(MODELS[k] for k in self.kinds)

    @property
    def progress(self) -> float:
        done = self.epoch + self.batch / max(1, self.batches_per_epoch)
        return min(1.0, done / max(1, self.config.epochs))

    def column(self, kind: str, which: str) -> np.ndarray:
        """A history column: ``which`` is "train" or "val"."""
        i = self.kinds.index(kind)
        return self.history[:, 1 + 2 * i + (which == "val")]


class ForecastRun(LiveRun[ForecastSnapshot]):
    """A live, steerable run of the chosen recurrent networks, trained side by side.

    Args:
        cfg: a valid configuration whose window fits the series (see ``data.series_problem``).
        scheduler: the compute cap (defaults to the process-wide one).
    """

    def __init__(self, cfg: ForecastConfig, scheduler: ComputeScheduler | None = None) -> None:
        super().__init__(scheduler, max_views_per_s=30.0, idle_views_per_s=4.0)
        tf = get_tf()
        cfg = cfg.validated()
        self.run_id = next(_run_ids)
        self._cfg = cfg
        self._settings_lock = threading.Lock()
        self.series = load_series(cfg)
        self.windows: Windows = make_windows(self.series, cfg.window)
        w = self.windows
        self.kinds = cfg.models
        self._x, self._y = tf.constant(w.x_train), tf.constant(w.y_train)
        self.n_windows = len(w.y_train)
        self.batches_per_epoch = math.ceil(self.n_windows / cfg.batch_size)
        self.models = [build_model(k, cfg.window, cfg.units, cfg.layers, cfg.seed) for k in self.kinds]
        self.optimizers = [build_optimizer(cfg.optimizer, cfg.learning_rate) for _ in self.kinds]
        for model, opt in zip(self.models, self.optimizers, strict=True):
            opt.build(model.trainable_variables)
        self.n_params = tuple(int(m.count_params()) for m in self.models)
        self._initial_weights = [m.get_weights() for m in self.models]
        self._initial_opt = [[v.numpy().copy() for v in opt.variables] for opt in self.optimizers]
        self._train_fn = self._make_train_fn()
        self._batches_per_chunk = 1
        self._generation = 0
        self._clear()
        self._record_epoch()
        zero = tf.constant(0, tf.int32)  # trace now (zero batches: nothing changes), so Play starts at once
        self._train_fn(self._x, self._y, self._order, zero, zero, tf.constant(cfg.batch_size, tf.int32))

    # ---- settings ------------------------------------------------------------
    @property
    def config(self) -> ForecastConfig:
        with self._settings_lock:
            return self._cfg

    def update_settings(self, cfg: ForecastConfig) -> None:
        """Take the learning rate, epochs and horizon live (anything else needs a new run)."""
        cfg = cfg.validated()
        old = self.config
        if cfg.model_key() != old.model_key():
            raise ValueError("these settings need a new run")
        if cfg == old:
            return
        with self._model_lock:
            with self._settings_lock:
                self._cfg = cfg
            if cfg.learning_rate != old.learning_rate:
                for opt in self.optimizers:
                    opt.learning_rate.assign(cfg.learning_rate)
            self._preds = None
        if not self._is_finished():
            self._set_status(RunStatus.PAUSED, only_from=(RunStatus.FINISHED,))
        self._publish(view=True)

    # ---- compiled training -----------------------------------------------------
    def _make_train_fn(self):
        tf = get_tf()
        models, optimizers, n = self.models, self.optimizers, self.n_windows

        def train(x, y, order, first, count, batch_size):
            sums = [tf.constant(0.0) for _ in models]
            seen = tf.constant(0)
            for b in tf.range(first, first + count):
                idx = order[b * batch_size : tf.minimum((b + 1) * batch_size, n)]
                xb, yb = tf.gather(x, idx), tf.gather(y, idx)
                new = []
                for model, opt, total in zip(models, optimizers, sums, strict=True):
                    with tf.GradientTape() as tape:
                        err = model(xb, training=True) - yb
                        loss = tf.reduce_mean(tf.square(err))
                    variables = model.trainable_variables
                    opt.apply(tape.gradient(loss, variables), variables)
                    new.append(total + tf.reduce_sum(tf.square(err)))
                sums = new
                seen += tf.shape(idx)[0]
            return tf.stack(sums), seen

        return tf.function(train, reduce_retracing=True)

    # ---- state -----------------------------------------------------------------
    def _clear(self) -> None:
        self._epoch = 0
        self._batch = 0
        self._sums = np.zeros(len(self.kinds))
        self._seen = 0
        self._history: list[list[float]] = []
        self._train_seconds = 0.0
        self._rate: list[tuple[float, int, float]] = []
        self._order = self._epoch_order(0)
        self._preds: Predictions | None = None
        self._preds_at = 0.0
        self._preds_cost = 0.0

    def _epoch_order(self, epoch: int):
        tf = get_tf()
        seed = tf.constant([self.config.seed % (2**31), epoch], tf.int32)
        return tf.argsort(tf.random.stateless_uniform([self.n_windows], seed=seed))

    def _weights(self) -> list[list[np.ndarray]]:
        return [m.get_weights() for m in self.models]

    def _val_mse(self, weights: list[list[np.ndarray]]) -> list[float]:
        w = self.windows
        return [
            float(np.mean((forward(k, wk, w.x_val) - w.y_val[:, 0]) ** 2))
            for k, wk in zip(self.kinds, weights, strict=True)
        ]

    def _record_epoch(self) -> None:
        weights = self._weights()
        if self._seen:
            train = list(self._sums / self._seen)
        else:  # before training: score (up to 256 of) the training windows as they are
            w = self.windows
            train = [
                float(np.mean((forward(k, wk, w.x_train[:256]) - w.y_train[:256, 0]) ** 2))
                for k, wk in zip(self.kinds, weights, strict=True)
            ]
        val = self._val_mse(weights)
        row = [float(self._epoch)]
        for t, v in zip(train, val, strict=True):
            row += [t, v]
        self._history.append(row)
        bad = [
            MODELS[k]
            for k, t, v in zip(self.kinds, train, val, strict=True)
            if not (math.isfinite(t) and math.isfinite(v))
        ]
        if bad:
            raise DivergedError(self._diverged_message(bad))

    def _diverged_message(self, names: list[str]) -> str:
        cfg = self.config
        return (
            f"Training diverged in epoch {self._epoch + 1} ({self._epoch} complete): the loss of "
            f"{' and '.join(names)} became NaN or infinite. The learning rate ({cfg.learning_rate:g}) is too "
            f"high for {cfg.optimizer.upper()} here: lower it and press Reset."
        )

    def _train_batches(self, count: int) -> None:
        tf = get_tf()
        count = min(count, self.batches_per_epoch - self._batch)
        started = time.monotonic()
        sums, seen = self._train_fn(
            self._x,
            self._y,
            self._order,
            tf.constant(self._batch, tf.int32),
            tf.constant(count, tf.int32),
            tf.constant(self.config.batch_size, tf.int32),
        )
        elapsed = time.monotonic() - started
        sums, seen = sums.numpy().astype(np.float64), int(seen)
        finite = np.isfinite(sums)
        if not finite.all():
            raise DivergedError(
                self._diverged_message(
                    [MODELS[k] for k, ok in zip(self.kinds, finite, strict=True) if not ok]
                )
            )
        self._batch += count
        self._sums += sums
        self._seen += seen
        self._train_seconds += elapsed
        now = time.monotonic()
        self._rate = [r for r in self._rate if now - r[0] <= 2.0] + [(now, seen, elapsed)]
        if self._batch >= self.batches_per_epoch:
            self._epoch += 1
            self._batch = 0
            self._record_epoch()
            self._sums = np.zeros(len(self.kinds))
            self._seen = 0
            self._order = self._epoch_order(self._epoch)

    # ---- hooks ------------------------------------------------------------------
    def _train_chunk(self) -> None:
        if self._is_finished():
            return
        started = time.monotonic()
        self._train_batches(self._batches_per_chunk)
        self._batches_per_chunk = next_chunk_size(
            self._batches_per_chunk, time.monotonic() - started, CHUNK_SECONDS, self.batches_per_epoch
        )

    def _train_step(self) -> None:
        """One whole epoch (the rest of the current one, if it is under way)."""
        if not self._is_finished():
            self._train_batches(self.batches_per_epoch - self._batch)

    def _is_finished(self) -> bool:
        return self._epoch >= self.config.epochs

    def _reset(self, same_init: bool) -> None:
        cfg = self.config
        for i, (kind, model) in enumerate(zip(self.kinds, self.models, strict=True)):
            if same_init:
                weights = self._initial_weights[i]
            else:
                weights = build_model(kind, cfg.window, cfg.units, cfg.layers, cfg.seed).get_weights()
            model.set_weights(weights)
        for opt, values in zip(self.optimizers, self._initial_opt, strict=True):
            for var, value in zip(opt.variables, values, strict=True):
                var.assign(value)
            opt.learning_rate.assign(cfg.learning_rate)
        self._generation += 1
        self._clear()
        self._record_epoch()

    # ---- views --------------------------------------------------------------------
    @property
    def horizon(self) -> int:
        return min(self.config.horizon, self.series.n_val)

    def predictions(self) -> Predictions:
        """One-step predictions and the free-running forecast of every network now."""
        with self._model_lock:
            weights = self._weights()
            epoch = self._epoch + self._batch / self.batches_per_epoch
        w, h = self.windows, self.horizon
        truth = self.series.values[w.n_train :]
        seed_window = w.z[w.n_train - w.window : w.n_train]
        onestep = np.array(
            [w.to_series(forward(k, wk, w.x_val)) for k, wk in zip(self.kinds, weights, strict=True)]
        )
        forecast = np.array(
            [w.to_series(free_run(k, wk, seed_window, h)) for k, wk in zip(self.kinds, weights, strict=True)]
        )
        naive = self.series.values[w.n_train - 1 : -1]
        return Predictions(
            epoch,
            onestep,
            forecast,
            np.sqrt(np.mean((onestep - truth) ** 2, axis=1)),
            np.sqrt(np.mean((forecast - truth[:h]) ** 2, axis=1)),
            float(np.sqrt(np.mean((naive - truth) ** 2))),
        )

    def _current_predictions(self, status: RunStatus) -> Predictions:
        now = time.monotonic()
        stale = self._preds is None or self._preds.epoch != self._epoch + self._batch / self.batches_per_epoch
        interval = max(PREDICTION_INTERVAL_S, self._preds_cost / PREDICTION_SHARE)
        if self._preds is None or (
            stale and (status != RunStatus.RUNNING or now - self._preds_at >= interval)
        ):
            self._preds = self.predictions()
            self._preds_at = time.monotonic()
            self._preds_cost = self._preds_at - now
        return self._preds

    def _rate_now(self, status: RunStatus) -> float:
        if status != RunStatus.RUNNING or not self._rate:
            return 0.0
        busy = sum(r[2] for r in self._rate)
        return sum(r[1] for r in self._rate) / busy if busy > 0 else 0.0

    def _build_snapshot(self, status: RunStatus, message: str, version: int) -> ForecastSnapshot:
        return ForecastSnapshot(
            version=version,
            status=status,
            message=message,
            run_id=self.run_id,
            generation=self._generation,
            config=self.config,
            kinds=self.kinds,
            series=self.series,
            n_train=self.windows.n_train,
            n_windows=self.n_windows,
            epoch=self._epoch,
            batch=self._batch,
            batches_per_epoch=self.batches_per_epoch,
            history=np.array(self._history, np.float64).reshape(-1, 1 + 2 * len(self.kinds)),
            predictions=self._current_predictions(status),
            horizon=self.horizon,
            n_params=self.n_params,
            train_seconds=self._train_seconds,
            windows_per_s=self._rate_now(status),
        )
