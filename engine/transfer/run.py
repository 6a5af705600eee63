"""The live run: three networks trained in lockstep on the same new task, batch for batch.

See :mod:`engine.live.run` for the contract. All three see the same images in the same
order (one permutation per epoch, from the weight seed). One chunk trains one batch of
one network (scratch, frozen, fine-tuned, scratch, ...), so the view updates often and
pause acts within one batch. An epoch is one pass over the training images by all three;
it is the unit the counter, the history, Step and every message count.

The training functions are ``tf.function``-compiled with fixed input signatures on a
background thread the first time the run plays or steps, so Pause never waits for a trace.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import threading
import time

import numpy as np

from engine.live.run import BaseSnapshot, DivergedError, LiveRun, RunStatus
from engine.live.scheduler import ComputeScheduler
from engine.tf_runtime import get_tf
from engine.transfer.config import TransferConfig
from engine.transfer.data import TaskData
from engine.transfer.models import RACERS, build_racer, count, unfreeze

_run_ids = itertools.count(1)
#: Columns of :attr:`RacerView.history`.
HISTORY_COLUMNS = ("epoch", "train_loss", "train_acc", "val_loss", "val_acc")
#: A chunk goes on to the next network's batch while it has used less than this (seconds).
MIN_CHUNK_S = 0.015


@dataclasses.dataclass(frozen=True)
class RacerView:
    """One network at one moment. ``history``: (epochs + 1, 5) rows of :data:`HISTORY_COLUMNS`."""

    key: str
    label: str
    history: np.ndarray
    trainable: int
    frozen: int
    seconds: float
    phase: str  # "all" (every layer trains), "head" (base frozen)

    @property
    def val_acc(self) -> float:
        return float(self.history[-1, 4])


@dataclasses.dataclass(frozen=True)
class TransferSnapshot(BaseSnapshot):
    """What the page draws: the three networks, the epoch counter and the task's facts."""

    run_id: int
    config: TransferConfig
    class_names: tuple[str, ...]
    epoch: int
    batch: int
    batches_per_epoch: int
    racers: tuple[RacerView, ...]
    compiling: bool
    n_train: int
    n_val: int
    unfrozen_at: int | None

    @property
    def trained(self) -> bool:
        return self.epoch > 0 or self.batch > 0

    @property
    def progress(self) -> float:
        done = self.epoch + self.batch / max(1, self.batches_per_epoch)
        return min(1.0, done / max(1, self.config.epochs))

    def racer(self, key: str) -> RacerView:
        return next(r for r in self.racers if r.key == key)


class _Racer:
    """One network, its optimizer(s) and compiled functions, and its bookkeeping."""

    def __init__(self, kind: str, cfg: TransferConfig, n_classes: int) -> None:
        keras = get_tf().keras
        self.key, self.label = kind, RACERS[kind]
        self.model, self.base = build_racer(kind, cfg.cut, n_classes, cfg.head_units, cfg.seed)
        self.head_vars = list(self.model.trainable_variables)
        self.optimizer = keras.optimizers.Adam(cfg.learning_rate)
        self.optimizer.build(self.head_vars)
        self.phase = "all" if kind == "scratch" else "head"
        self.all_vars = self.head_vars
        self.ft_optimizer = None
        if kind == "finetune":  # what trains once the base is unfrozen (batch norm stays frozen)
            bn = keras.layers.BatchNormalization
            base_vars = [w for layer in self.base.layers if not isinstance(layer, bn) for w in layer.weights]
            self.all_vars = base_vars + [v for v in self.head_vars if all(v is not w for w in base_vars)]
            self.ft_optimizer = keras.optimizers.Adam(cfg.finetune_lr)
            self.ft_optimizer.build(self.all_vars)
        self.train_fns = {
            "head" if kind != "scratch" else "all": self._make_train(self.head_vars, self.optimizer)
        }
        if self.ft_optimizer is not None:
            self.train_fns["all"] = self._make_train(self.all_vars, self.ft_optimizer)
        self.eval_py = self._make_eval()
        self.eval_fn = get_tf().function(self.eval_py, input_signature=self._spec())
        self.initial = [w.copy() for w in self.model.get_weights()]
        self.initial_opt = [
            [v.numpy().copy() for v in opt.variables] for opt in (self.optimizer, self.ft_optimizer) if opt
        ]
        self.clear()

    def clear(self) -> None:
        self.history: list[tuple[float, ...]] = []
        self.loss_sum = self.correct = 0.0
        self.seen = 0
        self.seconds = 0.0

    def _make_train(self, variables: list, optimizer):
        tf = get_tf()
        model = self.model

        def train(x, y):
            with tf.GradientTape() as tape:
                p = model(x, training=True)
                per = -tf.math.log(tf.clip_by_value(tf.gather(p, y, batch_dims=1), 1e-7, 1.0))
                loss = tf.reduce_mean(per)
            grads = tape.gradient(loss, variables)
            optimizer.apply(grads, variables)
            finite = tf.reduce_all(tf.math.is_finite(p))
            correct = tf.reduce_sum(tf.cast(tf.equal(tf.argmax(p, 1, output_type=tf.int32), y), tf.float32))
            return tf.where(finite, tf.reduce_sum(per), float("nan")), correct

        return tf.function(train, input_signature=self._spec())

    @staticmethod
    def _spec() -> list:
        tf = get_tf()
        return [tf.TensorSpec((None, 28, 28, 1), tf.float32), tf.TensorSpec((None,), tf.int32)]

    def _make_eval(self):
        """Loss and accuracy on (x, y); run eagerly until the compiled version is traced."""
        tf = get_tf()
        model = self.model

        def evaluate(x, y):
            p = model(x, training=False)
            per = -tf.math.log(tf.clip_by_value(tf.gather(p, y, batch_dims=1), 1e-7, 1.0))
            loss = tf.where(tf.reduce_all(tf.math.is_finite(p)), tf.reduce_mean(per), float("nan"))
            acc = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(p, 1, output_type=tf.int32), y), tf.float32))
            return loss, acc

        return evaluate

    def evaluate(self, x, y, compiled: bool) -> tuple[float, float]:
        loss, acc = (self.eval_fn if compiled else self.eval_py)(x, y)
        return float(loss), float(acc)

    def compile(self) -> None:
        """Trace every function (no weights change)."""
        for fn in (*self.train_fns.values(), self.eval_fn):
            fn.get_concrete_function()

    def unfreeze(self) -> None:
        unfreeze(self.base)
        self.phase = "all"

    def restore(self) -> None:
        """Back to the initial weights, optimizer state and frozen base."""
        self.model.set_weights(self.initial)
        for opt, values in zip(
            (o for o in (self.optimizer, self.ft_optimizer) if o), self.initial_opt, strict=True
        ):
            for var, value in zip(opt.variables, values, strict=True):
                var.assign(value)
        if self.key != "scratch":
            self.base.trainable = False
            self.phase = "head"
        self.clear()

    def view(self) -> RacerView:
        trainable = count(self.model.trainable_weights)
        return RacerView(
            self.key,
            self.label,
            np.array(self.history, np.float64).reshape(-1, len(HISTORY_COLUMNS)),
            trainable,
            count(self.model.weights) - trainable,
            self.seconds,
            self.phase,
        )


class TransferRun(LiveRun[TransferSnapshot]):
    """Scratch vs frozen base + new head vs fine-tuning, trained live in lockstep.

    Args:
        cfg: the experiment's settings.
        data: the new task (from :mod:`engine.transfer.data`).
        scheduler: the compute cap (defaults to the process-wide one).
    """

    def __init__(
        self, cfg: TransferConfig, data: TaskData, scheduler: ComputeScheduler | None = None
    ) -> None:
        super().__init__(scheduler, max_views_per_s=30.0, idle_views_per_s=4.0)
        tf = get_tf()
        self.run_id = next(_run_ids)
        self.config = cfg.validated()
        self.data = data
        self._x = data.x_train[..., None].astype(np.float32)
        self._y = data.y_train.astype(np.int32)
        self._x_val = tf.constant(data.x_val[..., None].astype(np.float32))
        self._y_val = tf.constant(data.y_val.astype(np.int32))
        self.n_train = len(self._y)
        n_classes = len(data.class_names)
        self.racers = [_Racer(kind, self.config, n_classes) for kind in RACERS]
        self.batches_per_epoch = math.ceil(self.n_train / self.config.batch_size)
        self._ready = threading.Event()
        self._warm: threading.Thread | None = None
        self._clear()
        self._record_epoch()

    # ---- compiling ---------------------------------------------------------------
    def _compile_all(self) -> None:
        for racer in self.racers:
            racer.compile()
        self._ready.set()
        self._publish(view=True)

    def _ensure_compiled(self, wait: bool) -> None:
        if self._warm is None:
            self._warm = threading.Thread(target=self._compile_all, name="TransferRun-compile", daemon=True)
            self._warm.start()
        if wait:
            self._warm.join()

    def start(self) -> bool:
        self._ensure_compiled(wait=False)
        return super().start()

    def step(self) -> TransferSnapshot:
        self._ensure_compiled(wait=True)
        return super().step()

    # ---- state ---------------------------------------------------------------------
    def _clear(self) -> None:
        self._epoch = 0
        self._batch = 0
        self._turn = 0  # which network trains the current batch next
        self._unfrozen_at: int | None = None
        self._order = self._epoch_order(0)
        for racer in self.racers:
            racer.clear()
        self._maybe_unfreeze()

    def _epoch_order(self, epoch: int) -> np.ndarray:
        return np.random.default_rng([self.config.seed, epoch]).permutation(self.n_train)

    def _maybe_unfreeze(self) -> None:
        if self._unfrozen_at is None and self._epoch >= self.config.warmup:
            self.racers[2].unfreeze()
            self._unfrozen_at = self._epoch

    def update_settings(self, cfg: TransferConfig) -> None:
        """Take a new number of epochs (any other change needs a new run: see ``model_key``)."""
        if cfg.epochs == self.config.epochs:
            return
        with self._model_lock:
            self.config = dataclasses.replace(self.config, epochs=cfg.epochs)
        if not self._is_finished():
            self._set_status(RunStatus.PAUSED, only_from=(RunStatus.FINISHED,))
        self._publish(view=True)

    # ---- training -------------------------------------------------------------------
    def _record_epoch(self) -> None:
        for racer in self.racers:
            compiled = self._ready.is_set()
            val_loss, val_acc = racer.evaluate(self._x_val, self._y_val, compiled)
            if racer.seen:
                train_loss, train_acc = racer.loss_sum / racer.seen, racer.correct / racer.seen
            else:  # before training: the training images as they are
                train_loss, train_acc = racer.evaluate(self._x, self._y, compiled)
            racer.history.append((self._epoch, train_loss, train_acc, val_loss, val_acc))
            racer.loss_sum = racer.correct = 0.0
            racer.seen = 0
            if not (math.isfinite(val_loss) and math.isfinite(train_loss)):
                raise DivergedError(self._diverged_message(racer))

    def _diverged_message(self, racer: _Racer) -> str:
        lr = (
            self.config.finetune_lr
            if racer.phase == "all" and racer.key == "finetune"
            else self.config.learning_rate
        )
        return (
            f"Training diverged in epoch {self._epoch + 1}: the {racer.label.lower()} network's loss became "
            f"NaN or infinite (learning rate {lr:g}). Lower it and press Reset."
        )

    def _train_one(self) -> None:
        """The current batch for the network whose turn it is; closes the epoch after the last one."""
        racer = self.racers[self._turn]
        bs = self.config.batch_size
        idx = self._order[self._batch * bs : (self._batch + 1) * bs]
        started = time.monotonic()
        loss_sum, correct = racer.train_fns[racer.phase](self._x[idx], self._y[idx])
        loss_sum = float(loss_sum)
        racer.seconds += time.monotonic() - started
        if not math.isfinite(loss_sum):
            raise DivergedError(self._diverged_message(racer))
        racer.loss_sum += loss_sum
        racer.correct += float(correct)
        racer.seen += len(idx)
        self._turn += 1
        if self._turn < len(self.racers):
            return
        self._turn = 0
        self._batch += 1
        if self._batch >= self.batches_per_epoch:
            self._epoch += 1
            self._batch = 0
            self._record_epoch()
            self._order = self._epoch_order(self._epoch)
            self._maybe_unfreeze()

    def _train_chunk(self) -> None:
        if not self._ready.is_set():  # still compiling: wait a moment, never block a pause
            self._ready.wait(0.02)
            return
        started = time.monotonic()
        epoch = self._epoch
        while not self._is_finished() and self._epoch == epoch:
            self._train_one()
            if time.monotonic() - started >= MIN_CHUNK_S:
                break

    def _train_step(self) -> None:
        """One whole epoch (the rest of the current one, if it is under way)."""
        epoch = self._epoch
        while not self._is_finished() and self._epoch == epoch:
            self._train_one()

    def _is_finished(self) -> bool:
        return self._epoch >= self.config.epochs

    def _reset(self, same_init: bool) -> None:
        for racer in self.racers:
            racer.restore()
        self._clear()
        self._record_epoch()

    def _build_snapshot(self, status: RunStatus, message: str, version: int) -> TransferSnapshot:
        return TransferSnapshot(
            version=version,
            status=status,
            message=message,
            run_id=self.run_id,
            config=self.config,
            class_names=self.data.class_names,
            epoch=self._epoch,
            batch=self._batch,
            batches_per_epoch=self.batches_per_epoch,
            racers=tuple(r.view() for r in self.racers),
            compiling=self._warm is not None and not self._ready.is_set(),
            n_train=self.n_train,
            n_val=len(self.data.y_val),
            unfrozen_at=self._unfrozen_at,
        )

    # ---- results (they wait for a chunk in progress) -----------------------------------
    def predict(self, images: np.ndarray) -> dict[str, np.ndarray]:
        """(n, 28, 28) MNIST-style images -> each network's (n, classes) probabilities."""
        x = np.asarray(images, np.float32).reshape(-1, 28, 28, 1)
        with self._model_lock:
            return {r.key: np.asarray(r.model(x, training=False)) for r in self.racers}

    def base_weights(self, key: str) -> list[np.ndarray]:
        """A copy of network ``key``'s base weights (for the freezing test)."""
        with self._model_lock:
            return [np.array(w) for w in self.racers[list(RACERS).index(key)].base.get_weights()]
