"""The MNIST lab's live run: trains a Keras model in compiled chunks of mini-batches.

See :mod:`engine.live.run` for the contract. One chunk trains a few batches in
one ``tf.function`` call (sized to take about :data:`CHUNK_SECONDS`), so pause
and stop react within a fraction of a second even mid-epoch. At the end of each
epoch the validation images are scored and a history row is recorded.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import math
import os
import tempfile
import time
import zipfile

import numpy as np

from engine.live.run import BaseSnapshot, DivergedError, LiveRun, RunStatus, next_chunk_size
from engine.live.scheduler import ComputeScheduler
from engine.live.throughput import Throughput
from engine.mnist.config import VALIDATION_FRACTION, LabConfig
from engine.mnist.data import DigitData
from engine.mnist.models import build_model
from engine.tf_runtime import get_tf

_run_ids = itertools.count(1)
CHUNK_SECONDS = 0.08
MAX_LIVE_POINTS = 600
#: Columns of :attr:`MnistSnapshot.history`.
HISTORY_COLUMNS = ("epoch", "train_loss", "train_acc", "val_loss", "val_acc", "seconds")


@dataclasses.dataclass(frozen=True)
class Split:
    """The lab's images as model inputs: ``x_*`` (n, 28, 28, 1) float32, ``y_*`` (n,) int32."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def make_split(data: DigitData, cfg: LabConfig) -> Split:
    """The first ``train_size`` training images (a fixed stratified order), 10 % of them for validation.

    Pixels are divided by 255 when ``cfg.normalize`` (else kept as 0..255, the
    slides' "no normalization" experiment).
    """
    n_total = len(data.y_train)
    rng = np.random.default_rng(12345)  # fixed: the same images whatever the weight seed
    order = rng.permutation(n_total)[: min(cfg.train_size, n_total)]
    n_val = max(10, round(len(order) * VALIDATION_FRACTION))
    val_idx, train_idx = order[:n_val], order[n_val:]
    scale = 255.0 if cfg.normalize else 1.0

    def x(images: np.ndarray) -> np.ndarray:
        return (images.astype(np.float32) / scale)[..., None]

    return Split(
        x(data.x_train[train_idx]),
        data.y_train[train_idx].astype(np.int32),
        x(data.x_train[val_idx]),
        data.y_train[val_idx].astype(np.int32),
        x(data.x_test),
        data.y_test.astype(np.int32),
    )


def build_optimizer(cfg: LabConfig):
    keras = get_tf().keras
    cls = {"sgd": keras.optimizers.SGD, "adam": keras.optimizers.Adam, "rmsprop": keras.optimizers.RMSprop}
    return cls[cfg.optimizer](learning_rate=cfg.learning_rate)


@dataclasses.dataclass(frozen=True)
class MnistSnapshot(BaseSnapshot):
    """What the lab draws at one moment. Arrays are never mutated.

    Attributes:
        run_id: unique per run object.
        config: the configuration of this run.
        epoch: completed epochs; ``batch`` batches of the next one are done.
        batches_per_epoch: mini-batches in one epoch.
        history: (epochs + 1, 6) rows of :data:`HISTORY_COLUMNS` (row 0 = before training).
        live: (k, 3) rows (fractional epoch, smoothed train loss, smoothed train accuracy).
        train_seconds: seconds spent computing so far.
        examples_per_s: recent throughput (0 when not running).
        n_params: trainable parameters.
        n_train, n_val, n_test: images in each part.
    """

    run_id: int
    config: LabConfig
    epoch: int
    batch: int
    batches_per_epoch: int
    history: np.ndarray
    live: np.ndarray
    train_seconds: float
    examples_per_s: float
    n_params: int
    n_train: int
    n_val: int
    n_test: int

    @property
    def progress(self) -> float:
        """Fraction of the planned epochs done, in [0, 1]."""
        done = self.epoch + self.batch / max(1, self.batches_per_epoch)
        return min(1.0, done / max(1, self.config.epochs))

    @property
    def trained(self) -> bool:
        return self.epoch > 0 or self.batch > 0

    @property
    def step_key(self) -> tuple[int, int, int]:
        """Changes whenever the weights change (for caching evaluations)."""
        return (self.run_id, self.epoch, self.batch)


@dataclasses.dataclass(frozen=True)
class TestResult:
    """The model on the test images: ``probs`` (n, 10), accuracy and loss."""

    probs: np.ndarray
    labels: np.ndarray
    accuracy: float
    loss: float

    @property
    def predictions(self) -> np.ndarray:
        return np.argmax(self.probs, axis=1)


class MnistRun(LiveRun[MnistSnapshot]):
    """A live, steerable training run of a lab model.

    Args:
        cfg: a validated configuration with ``flatten=True``.
        data: the images (from :func:`engine.mnist.data.load_dataset`).
        scheduler: the compute cap (defaults to the process-wide one).
    """

    def __init__(self, cfg: LabConfig, data: DigitData, scheduler: ComputeScheduler | None = None) -> None:
        super().__init__(scheduler, max_views_per_s=10.0, idle_views_per_s=4.0)
        if not cfg.flatten:
            raise ValueError("a network without Flatten cannot be trained (see models.flatten_problem)")
        tf = get_tf()
        self.run_id = next(_run_ids)
        self.config = cfg.validated()
        self.data = data
        self.split = make_split(data, cfg)
        s = self.split
        self._x = tf.constant(s.x_train)
        self._y = tf.constant(s.y_train)
        self._x_val = tf.constant(s.x_val)
        self._y_val = tf.constant(s.y_val)
        self.model = build_model(cfg.spec, cfg.seed)
        self.optimizer = build_optimizer(cfg)
        self.optimizer.build(self.model.trainable_variables)
        self._initial_weights = [w.copy() for w in self.model.get_weights()]
        self._initial_opt = [v.numpy().copy() for v in self.optimizer.variables]
        self.n_train = len(s.y_train)
        self._train_fn = self._make_train_fn()
        self._eval_fn = self._make_eval_fn()
        self.batches_per_epoch = math.ceil(self.n_train / cfg.batch_size)
        self._batches_per_chunk = 1
        self._clear()
        self._record_epoch(seconds=0.0)
        self._compile()

    def _compile(self) -> None:
        """Trace the training function now (zero batches: nothing changes), so Train starts at once."""
        tf = get_tf()
        zero = tf.constant(0, tf.int32)
        self._train_fn(
            self._x, self._y, self._order, zero, zero, tf.constant(self.config.batch_size, tf.int32)
        )

    # ---- state -------------------------------------------------------------
    def _clear(self) -> None:
        self._epoch = 0
        self._batch = 0
        self._epoch_loss = 0.0
        self._epoch_correct = 0.0
        self._epoch_seen = 0
        self._epoch_seconds = 0.0
        self._train_seconds = 0.0
        self._history: list[tuple[float, ...]] = []
        self._live: list[tuple[float, float, float]] = []
        self._smooth: tuple[float, float] | None = None
        self._throughput = Throughput()
        self._order = self._epoch_order(0)

    def _epoch_order(self, epoch: int):
        tf = get_tf()
        seed = tf.constant([self.config.seed % (2**31), epoch], tf.int32)
        return tf.argsort(tf.random.stateless_uniform([self.n_train], seed=seed))

    def set_epochs(self, epochs: int) -> None:
        """Change the planned number of epochs of this run (the network and its training go on).

        A finished run becomes trainable again when the new plan is longer."""
        with self._model_lock:
            self.config = dataclasses.replace(self.config, epochs=epochs).validated()
        if not self._is_finished():
            self._set_status(RunStatus.PAUSED, only_from=(RunStatus.FINISHED,))
        self._publish(view=True)

    def update_settings(self, cfg: LabConfig) -> None:
        """Take the settings that change on a running network: only the number of epochs
        (any other difference needs a new run; see :meth:`LabConfig.training_key`)."""
        if cfg.epochs != self.config.epochs:
            self.set_epochs(cfg.epochs)

    # ---- compiled functions --------------------------------------------------
    def _make_train_fn(self):
        tf = get_tf()
        model, optimizer = self.model, self.optimizer
        variables = model.trainable_variables
        n = self.n_train

        def train(x, y, order, first, count, batch_size):
            loss_sum = tf.constant(0.0)
            correct = tf.constant(0.0)
            seen = tf.constant(0)
            broken = tf.constant(False)  # clipping hides NaN outputs: look for them explicitly
            for b in tf.range(first, first + count):
                idx = order[b * batch_size : tf.minimum((b + 1) * batch_size, n)]
                xb, yb = tf.gather(x, idx), tf.gather(y, idx)
                with tf.GradientTape() as tape:
                    p = model(xb, training=True)
                    per = -tf.math.log(tf.clip_by_value(tf.gather(p, yb, batch_dims=1), 1e-7, 1.0))
                    loss = tf.reduce_mean(per)
                grads = tape.gradient(loss, variables)
                optimizer.apply(grads, variables)
                k = tf.shape(idx)[0]
                broken = tf.logical_or(broken, tf.logical_not(tf.reduce_all(tf.math.is_finite(p))))
                loss_sum += tf.reduce_sum(per)
                pred = tf.argmax(p, axis=1, output_type=tf.int32)
                correct += tf.reduce_sum(tf.cast(tf.equal(pred, yb), tf.float32))
                seen += k
            return tf.where(broken, tf.constant(float("nan")), loss_sum), correct, seen

        return tf.function(train, reduce_retracing=True)

    def _make_eval_fn(self):
        tf = get_tf()
        model = self.model

        def evaluate(x, y):
            p = model(x, training=False)
            per = -tf.math.log(tf.clip_by_value(tf.gather(p, y, batch_dims=1), 1e-7, 1.0))
            pred = tf.argmax(p, axis=1, output_type=tf.int32)
            loss = tf.where(tf.reduce_all(tf.math.is_finite(p)), tf.reduce_mean(per), float("nan"))
            return loss, tf.reduce_mean(tf.cast(tf.equal(pred, y), tf.float32))

        return tf.function(evaluate, reduce_retracing=True)

    # ---- training ------------------------------------------------------------
    def _record_epoch(self, seconds: float) -> None:
        val_loss, val_acc = (float(v) for v in self._eval_fn(self._x_val, self._y_val))
        if self._epoch_seen:
            train_loss = self._epoch_loss / self._epoch_seen
            train_acc = self._epoch_correct / self._epoch_seen
        else:  # before training: score the training images as they are
            loss, acc = self._eval_fn(self._x[:2000], self._y[:2000])
            train_loss, train_acc = float(loss), float(acc)
        self._history.append((self._epoch, train_loss, train_acc, val_loss, val_acc, seconds))
        if not (math.isfinite(val_loss) and math.isfinite(train_loss)):
            raise DivergedError(self._diverged_message())

    def _diverged_message(self) -> str:
        cfg = self.config
        hint = "" if cfg.normalize else " Unnormalised pixels (0-255) make this far more likely: normalise."
        return (
            f"Training diverged in epoch {self._epoch + 1}: the loss became NaN or infinite. The learning "
            f"rate ({cfg.learning_rate:g}) is too high for {cfg.optimizer.upper()} here.{hint} "
            "Lower it and press Reset."
        )

    def _train_batches(self, count: int) -> None:
        tf = get_tf()
        count = min(count, self.batches_per_epoch - self._batch)
        started = time.monotonic()
        loss_sum, correct, seen = self._train_fn(
            self._x,
            self._y,
            self._order,
            tf.constant(self._batch, tf.int32),
            tf.constant(count, tf.int32),
            tf.constant(self.config.batch_size, tf.int32),
        )
        elapsed = time.monotonic() - started
        loss_sum, correct, seen = float(loss_sum), float(correct), int(seen)
        if not math.isfinite(loss_sum):
            raise DivergedError(self._diverged_message())
        self._batch += count
        self._epoch_loss += loss_sum
        self._epoch_correct += correct
        self._epoch_seen += seen
        self._epoch_seconds += elapsed
        self._train_seconds += elapsed
        now = time.monotonic()
        self._throughput.add(seen, now)
        # The live curve: the chunk's mean, smoothed over about a quarter of an epoch (continuous
        # across epochs, unlike the per-epoch running mean Keras prints and the history keeps).
        weight = min(1.0, seen / max(1.0, 0.25 * self.n_train))
        chunk = (loss_sum / max(seen, 1), correct / max(seen, 1))
        if self._smooth is None:
            self._smooth = chunk
        else:
            self._smooth = tuple(s + weight * (c - s) for s, c in zip(self._smooth, chunk, strict=True))
        self._add_live(self._epoch + self._batch / self.batches_per_epoch, *self._smooth)
        if self._batch >= self.batches_per_epoch:
            self._epoch += 1
            self._record_epoch(self._epoch_seconds)
            self._batch = 0
            self._epoch_loss = self._epoch_correct = 0.0
            self._epoch_seen = 0
            self._epoch_seconds = 0.0
            self._order = self._epoch_order(self._epoch)

    def _add_live(self, epoch: float, loss: float, acc: float) -> None:
        self._live.append((epoch, loss, acc))
        if len(self._live) > MAX_LIVE_POINTS:  # keep it bounded: thin out the older half
            half = len(self._live) // 2
            self._live = self._live[:half:2] + self._live[half:]

    def _train_chunk(self) -> None:
        if self._is_finished():  # e.g. stepped to the last epoch, then played: nothing left to do
            return
        started = time.monotonic()
        self._train_batches(self._batches_per_chunk)
        self._batches_per_chunk = next_chunk_size(
            self._batches_per_chunk, time.monotonic() - started, CHUNK_SECONDS, self.batches_per_epoch
        )

    def _train_step(self) -> None:
        """One whole epoch (the rest of the current one, if it is under way)."""
        if self._is_finished():
            return
        self._train_batches(self.batches_per_epoch - self._batch)

    def _is_finished(self) -> bool:
        return self._epoch >= self.config.epochs

    def stop(self, timeout: float = 5.0) -> None:
        """End the run for good, then publish it as stopped (the epoch and batch it reached).

        The network keeps its weights, so the results methods below still work."""
        super().stop(timeout)
        self._publish(view=True)

    def _reset(self, same_init: bool) -> None:
        if same_init:
            weights = self._initial_weights
        else:
            weights = build_model(self.config.spec, self.config.seed).get_weights()
        self.model.set_weights(weights)
        for var, value in zip(self.optimizer.variables, self._initial_opt, strict=True):
            var.assign(value)
        self._clear()
        self._record_epoch(seconds=0.0)

    def _build_snapshot(self, status: RunStatus, message: str, version: int) -> MnistSnapshot:
        rate = self._throughput.rate() if status == RunStatus.RUNNING else 0.0
        return MnistSnapshot(
            version=version,
            status=status,
            message=message,
            run_id=self.run_id,
            config=self.config,
            epoch=self._epoch,
            batch=self._batch,
            batches_per_epoch=self.batches_per_epoch,
            history=np.array(self._history, np.float64).reshape(-1, len(HISTORY_COLUMNS)),
            live=np.array(self._live, np.float64).reshape(-1, 3),
            train_seconds=self._train_seconds,
            examples_per_s=rate,
            n_params=int(self.model.count_params()),
            n_train=self.n_train,
            n_val=len(self.split.y_val),
            n_test=len(self.split.y_test),
        )

    # ---- results (call when paused or finished; they wait for a chunk in progress) ----
    def evaluate_test(self) -> TestResult:
        """Probabilities, accuracy and loss on the test images."""
        from engine.mnist.recognizer import predict_proba

        with self._model_lock:
            probs = predict_proba(self.model, self.split.x_test)
        labels = self.split.y_test
        picked = np.clip(probs[np.arange(len(labels)), labels], 1e-7, 1.0)
        return TestResult(
            probs, labels, float(np.mean(np.argmax(probs, 1) == labels)), float(-np.log(picked).mean())
        )

    def predict(self, images: np.ndarray) -> np.ndarray:
        """(n, 28, 28) floats in [0, 1] (MNIST-style) -> (n, 10) probabilities, scaled as trained."""
        from engine.mnist.recognizer import predict_proba

        scale = 1.0 if self.config.normalize else 255.0
        with self._model_lock:
            return predict_proba(self.model, np.asarray(images, np.float32) * scale)

    def layer_outputs(self, image: np.ndarray) -> list:
        """Every layer's output for one (28, 28) MNIST-style image in [0, 1] (see ``inspect.layer_outputs``)."""
        from engine.mnist.inspect import layer_outputs

        scale = 1.0 if self.config.normalize else 255.0
        with self._model_lock:
            return layer_outputs(self.model, np.asarray(image, np.float32) * scale)

    def first_layer_filters(self) -> tuple[str, np.ndarray]:
        """The first layer's weights as images (see ``inspect.first_layer_filters``)."""
        from engine.mnist.inspect import first_layer_filters

        with self._model_lock:
            return first_layer_filters(self.model)

    def copy_model(self):
        """An independent copy of the current network (for the draw page; inputs as trained)."""
        keras = get_tf().keras
        with self._model_lock:
            clone = keras.models.clone_model(self.model)
            clone.set_weights(self.model.get_weights())
        return clone

    def export_keras(self) -> bytes:
        """The current model as ``.keras`` bytes, loadable with ``keras.models.load_model``."""
        with self._model_lock, tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "mnist_lab.keras")
            self.model.save(path)
            with open(path, "rb") as fh:
                data = fh.read()
        zipfile.ZipFile(io.BytesIO(data)).testzip()
        return data
