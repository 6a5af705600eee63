"""The VAE page's live run: trains the encoder and decoder in compiled chunks of mini-batches.

See :mod:`engine.live.run` for the contract. One chunk trains a few batches in one
``tf.function`` call (sized to take about :data:`CHUNK_SECONDS`, short, so the view gets
20+ frames a second); one step is one epoch. Each snapshot carries the codes μ of up to
:data:`N_SHOW` test images (the latent scatter), the reconstructions of one test image per
class, and the decoder's weights (refreshed at most every :data:`WEIGHTS_EVERY_S` seconds while
playing), so the view and the page decode any point of the plane without the run.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import time

import numpy as np

from engine.generative.vae.config import VaeConfig
from engine.generative.vae.model import (
    EPSILON,
    PIXELS,
    DecoderWeights,
    build_decoder,
    build_encoder,
    plane_range,
)
from engine.live.run import BaseSnapshot, DivergedError, LiveRun, RunStatus, next_chunk_size
from engine.live.scheduler import ComputeScheduler
from engine.live.throughput import Throughput
from engine.mnist.data import DATASETS, DigitData
from engine.tf_runtime import get_tf

_run_ids = itertools.count(1)
CHUNK_SECONDS = 0.03
N_SHOW = 1000  #: test images in the latent scatter (and the test curves)
WEIGHTS_EVERY_S = 0.5
MAX_LIVE_POINTS = 600
#: Columns of :attr:`VaeSnapshot.history` (means per image; "test" uses fixed noise).
HISTORY_COLUMNS = ("epoch", "recon", "kl", "loss", "test_recon", "test_kl", "seconds")


@dataclasses.dataclass(frozen=True)
class VaeData:
    """The run's images as model inputs: flattened (n, 784) float32 in [0, 1]."""

    x_train: np.ndarray
    x_show: np.ndarray  # the first N_SHOW test images
    y_show: np.ndarray
    batch_index: np.ndarray  # indices into x_show: the first test image of each class present
    class_names: tuple[str, ...]
    label: str


def make_data(data: DigitData, cfg: VaeConfig) -> VaeData:
    """The first ``train_size`` training images in a fixed shuffled order; the first N_SHOW test images."""
    rng = np.random.default_rng(12345)  # fixed: the same images whatever the weight seed
    order = rng.permutation(len(data.y_train))[: min(cfg.train_size, len(data.y_train))]

    def flat(images: np.ndarray) -> np.ndarray:
        return (images.astype(np.float32) / 255.0).reshape(len(images), PIXELS)

    y_show = data.y_test[:N_SHOW].astype(np.uint8)
    batch = np.array([int(np.argmax(y_show == c)) for c in range(10) if np.any(y_show == c)], np.int64)
    return VaeData(
        flat(data.x_train[order]),
        flat(data.x_test[:N_SHOW]),
        y_show,
        batch,
        data.class_names,
        DATASETS[data.dataset],
    )


@dataclasses.dataclass(frozen=True)
class VaeSnapshot(BaseSnapshot):
    """What the page and the live view draw (arrays are not modified after publication)."""

    run_id: int
    config: VaeConfig
    epoch: int  # completed epochs: the one counter everywhere
    batch: int  # batches done in the current epoch
    batches_per_epoch: int
    steps: int  # mini-batches trained in all (changes whenever the weights do)
    history: np.ndarray  # (epochs + 1, len(HISTORY_COLUMNS))
    live: np.ndarray  # (n, 4): fractional epoch, recon, KL, loss (smoothed chunk means)
    codes: np.ndarray  # (n_show, 2) μ of the shown test images
    labels: np.ndarray  # (n_show,) their classes
    batch_index: np.ndarray  # (k,) indices into codes of the fixed reconstruction batch
    batch_images: np.ndarray  # (k, 784)
    batch_recon: np.ndarray  # (k, 784) decoded from μ
    batch_log_var: np.ndarray | None  # (k, 2); None for the plain autoencoder
    weights: DecoderWeights
    weights_steps: int  # the value of ``steps`` when ``weights`` were taken
    plane: float  # half-width of the latent plane to draw
    train_seconds: float
    examples_per_s: float
    n_params: tuple[int, int]  # encoder, decoder
    n_train: int
    class_names: tuple[str, ...]
    data_label: str

    @property
    def trained(self) -> bool:
        return self.steps > 0

    @property
    def batch_mu(self) -> np.ndarray:
        return self.codes[self.batch_index]


class VaeRun(LiveRun[VaeSnapshot]):
    """A live, steerable VAE (or plain autoencoder) training run.

    Args:
        cfg: a validated configuration.
        data: the images (from :func:`engine.mnist.data.load_dataset`).
        scheduler: the compute cap (defaults to the process-wide one).
    """

    def __init__(self, cfg: VaeConfig, data: DigitData, scheduler: ComputeScheduler | None = None) -> None:
        super().__init__(scheduler, max_views_per_s=30.0, idle_views_per_s=4.0)
        tf = get_tf()
        self.run_id = next(_run_ids)
        self.config = cfg.validated()
        self.data = make_data(data, cfg)
        d = self.data
        self.n_train = len(d.x_train)
        self._x = tf.constant(d.x_train)
        self._x_show = tf.constant(d.x_show)
        self._batch_idx = tf.constant(d.batch_index, tf.int32)
        self._eps_show = tf.constant(
            np.random.default_rng(cfg.seed).standard_normal((len(d.x_show), 2)).astype(np.float32)
        )
        self.encoder = build_encoder(cfg.hidden, cfg.variational, cfg.seed)
        self.decoder = build_decoder(cfg.hidden, cfg.seed)
        self._variables = self.encoder.trainable_variables + self.decoder.trainable_variables
        self.optimizer = get_tf().keras.optimizers.Adam(cfg.learning_rate)
        self.optimizer.build(self._variables)
        self._beta = tf.Variable(float(cfg.beta), trainable=False, dtype=tf.float32)
        self._initial = [v.numpy().copy() for v in self._variables]
        self._initial_opt = [v.numpy().copy() for v in self.optimizer.variables]
        self.batches_per_epoch = math.ceil(self.n_train / cfg.batch_size)
        self._batches_per_chunk = 1
        self._train_fn = tf.function(self._make_train_fn(), reduce_retracing=True)
        self._view_fn = tf.function(self._make_view_fn(), reduce_retracing=True)
        self._eval_fn = tf.function(self._make_eval_fn(), reduce_retracing=True)
        self._clear()
        self._record_epoch(seconds=0.0)
        zero = tf.constant(0, tf.int32)  # trace the training function now: Play starts at once
        self._train_fn(self._order, zero, zero, zero)

    # ---- state -------------------------------------------------------------------
    def _clear(self) -> None:
        self._epoch = 0
        self._batch = 0
        self._steps = 0
        self._sums = np.zeros(3)  # recon, KL, loss summed over the epoch's images
        self._seen = 0
        self._epoch_seconds = 0.0
        self._train_seconds = 0.0
        self._history: list[tuple[float, ...]] = []
        self._live: list[tuple[float, float, float, float]] = []
        self._smooth: np.ndarray | None = None
        self._throughput = Throughput()
        self._order = self._epoch_order(0)
        self._view_cache: tuple[int, tuple[np.ndarray, ...]] | None = None
        self._weights: DecoderWeights | None = None
        self._weights_steps = -1
        self._weights_time = 0.0

    def _epoch_order(self, epoch: int):
        tf = get_tf()
        seed = tf.constant([self.config.seed % (2**31), epoch], tf.int32)
        return tf.argsort(tf.random.stateless_uniform([self.n_train], seed=seed))

    def update_settings(self, cfg: VaeConfig) -> None:
        """Take the settings that change on a running model: β and the number of epochs."""
        if cfg.beta == self.config.beta and cfg.epochs == self.config.epochs:
            return
        with self._model_lock:
            self.config = dataclasses.replace(self.config, beta=cfg.beta, epochs=cfg.epochs).validated()
            self._beta.assign(float(cfg.beta))
        if not self._is_finished():
            self._set_status(RunStatus.PAUSED, only_from=(RunStatus.FINISHED,))
        self._publish(view=True)

    # ---- compiled functions ---------------------------------------------------------
    def _terms(self, x, eps):
        """Per-image (recon, KL) and the batch's mean loss; eps: the noise of the reparameterisation."""
        tf = get_tf()
        if self.config.variational:
            mu, log_var = self.encoder(x, training=True)
            z = mu + tf.exp(0.5 * log_var) * eps
            kl = -0.5 * tf.reduce_sum(1.0 + log_var - tf.square(mu) - tf.exp(log_var), axis=1)
        else:
            z = self.encoder(x, training=True)
            kl = tf.zeros(tf.shape(x)[:1])
        p = tf.clip_by_value(self.decoder(z, training=True), EPSILON, 1.0 - EPSILON)
        recon = -tf.reduce_sum(x * tf.math.log(p) + (1.0 - x) * tf.math.log(1.0 - p), axis=1)
        return recon, kl

    def _make_train_fn(self):
        tf = get_tf()
        variables, optimizer, n = self._variables, self.optimizer, self.n_train
        seed = self.config.seed % (2**31)
        batch_size = self.config.batch_size

        def train(order, first, count, step0):
            sums = tf.zeros([3])
            seen = tf.constant(0)
            for b in tf.range(first, first + count):
                idx = order[b * batch_size : tf.minimum((b + 1) * batch_size, n)]
                xb = tf.gather(self._x, idx)
                k = tf.shape(idx)[0]
                eps = tf.random.stateless_normal([k, 2], seed=tf.stack([tf.constant(seed), step0 + b]))
                with tf.GradientTape() as tape:
                    recon, kl = self._terms(xb, eps)
                    per = recon + self._beta * kl
                    loss = tf.reduce_mean(per)
                optimizer.apply(tape.gradient(loss, variables), variables)
                sums += tf.stack([tf.reduce_sum(recon), tf.reduce_sum(kl), tf.reduce_sum(per)])
                seen += k
            return sums, seen

        return train

    def _make_eval_fn(self):
        tf = get_tf()

        def evaluate(x, eps):
            recon, kl = self._terms(x, eps)
            return tf.reduce_mean(recon), tf.reduce_mean(kl)

        return evaluate

    def _make_view_fn(self):
        tf = get_tf()

        def view(x, batch_idx):
            if self.config.variational:
                mu, log_var = self.encoder(x, training=False)
            else:
                mu = self.encoder(x, training=False)
                log_var = tf.zeros_like(mu)
            mu_b = tf.gather(mu, batch_idx)
            return mu, tf.gather(log_var, batch_idx), self.decoder(mu_b, training=False)

        return view

    # ---- training ------------------------------------------------------------------------
    def _diverged_message(self) -> str:
        return (
            f"Training diverged in epoch {self._epoch + 1}: the loss became NaN or infinite. The learning "
            f"rate ({self.config.learning_rate:g}) is too high for Adam here: lower it and press Reset."
        )

    def _record_epoch(self, seconds: float) -> None:
        test_recon, test_kl = (float(v) for v in self._eval_fn(self._x_show, self._eps_show))
        if self._seen:
            recon, kl, loss = self._sums / self._seen
        else:  # before training: score some training images as they are
            n = min(1000, self.n_train)
            r, k = (float(v) for v in self._eval_fn(self._x[:n], self._eps_show[:n]))
            recon, kl, loss = r, k, r + self.config.beta * k
        self._history.append((self._epoch, recon, kl, loss, test_recon, test_kl, seconds))
        if not all(math.isfinite(v) for v in (recon, kl, test_recon, test_kl)):
            raise DivergedError(self._diverged_message())

    def _train_batches(self, count: int) -> None:
        tf = get_tf()
        count = min(count, self.batches_per_epoch - self._batch)
        started = time.monotonic()
        sums, seen = self._train_fn(
            self._order,
            tf.constant(self._batch, tf.int32),
            tf.constant(count, tf.int32),
            tf.constant(self._epoch * self.batches_per_epoch, tf.int32),
        )
        elapsed = time.monotonic() - started
        sums, seen = sums.numpy().astype(np.float64), int(seen)
        if not np.all(np.isfinite(sums)):
            raise DivergedError(self._diverged_message())
        self._batch += count
        self._steps += count
        self._sums += sums
        self._seen += seen
        self._epoch_seconds += elapsed
        self._train_seconds += elapsed
        now = time.monotonic()
        self._throughput.add(seen, now)
        chunk = sums / max(seen, 1)
        weight = min(1.0, seen / max(1.0, 0.25 * self.n_train))  # smoothed over ~1/4 epoch
        self._smooth = chunk if self._smooth is None else self._smooth + weight * (chunk - self._smooth)
        self._live.append((self._epoch + self._batch / self.batches_per_epoch, *self._smooth))
        if len(self._live) > MAX_LIVE_POINTS:  # bounded: thin out the older half
            half = len(self._live) // 2
            self._live = self._live[:half:2] + self._live[half:]
        if self._batch >= self.batches_per_epoch:
            self._epoch += 1
            self._record_epoch(self._epoch_seconds)
            self._batch = 0
            self._sums = np.zeros(3)
            self._seen = 0
            self._epoch_seconds = 0.0
            self._order = self._epoch_order(self._epoch)

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
        if same_init:
            values = self._initial
        else:
            cfg = self.config
            fresh = build_encoder(cfg.hidden, cfg.variational, cfg.seed).get_weights()
            fresh += build_decoder(cfg.hidden, cfg.seed).get_weights()
            values = fresh
        for var, value in zip(self._variables, values, strict=True):
            var.assign(value)
        for var, value in zip(self.optimizer.variables, self._initial_opt, strict=True):
            var.assign(value)
        self._clear()
        self._record_epoch(seconds=0.0)

    def stop(self, timeout: float = 5.0) -> None:
        """End the run for good, then publish it as stopped (the weights stay for the explore tools)."""
        super().stop(timeout)
        self._publish(view=True)

    # ---- snapshots -----------------------------------------------------------------------------
    def _view_arrays(self) -> tuple[np.ndarray, ...]:
        if self._view_cache is None or self._view_cache[0] != self._steps:
            mu, log_var, recon = (v.numpy() for v in self._view_fn(self._x_show, self._batch_idx))
            for a in (mu, log_var, recon):
                a.setflags(write=False)
            self._view_cache = (self._steps, (mu, log_var, recon))
        return self._view_cache[1]

    def _current_weights(self, status: RunStatus) -> DecoderWeights:
        now = time.monotonic()
        stale = self._weights_steps != self._steps
        if self._weights is None or (
            stale and (status != RunStatus.RUNNING or now - self._weights_time >= WEIGHTS_EVERY_S)
        ):
            self._weights = DecoderWeights.of(self.decoder)
            self._weights_steps = self._steps
            self._weights_time = now
        return self._weights

    def _build_snapshot(self, status: RunStatus, message: str, version: int) -> VaeSnapshot:
        mu, log_var, recon = self._view_arrays()
        d = self.data
        rate = self._throughput.rate() if status == RunStatus.RUNNING else 0.0
        return VaeSnapshot(
            version=version,
            status=status,
            message=message,
            run_id=self.run_id,
            config=self.config,
            epoch=self._epoch,
            batch=self._batch,
            batches_per_epoch=self.batches_per_epoch,
            steps=self._steps,
            history=np.array(self._history, np.float64).reshape(-1, len(HISTORY_COLUMNS)),
            live=np.array(self._live, np.float64).reshape(-1, 4),
            codes=mu,
            labels=d.y_show,
            batch_index=d.batch_index,
            batch_images=d.x_show[d.batch_index],
            batch_recon=recon,
            batch_log_var=log_var if self.config.variational else None,
            weights=self._current_weights(status),
            weights_steps=self._weights_steps,
            plane=plane_range(mu),
            train_seconds=self._train_seconds,
            examples_per_s=rate,
            n_params=(int(self.encoder.count_params()), int(self.decoder.count_params())),
            n_train=self.n_train,
            class_names=d.class_names,
            data_label=d.label,
        )

    # ---- results ------------------------------------------------------------------------------------
    def loss_terms(self, x: np.ndarray, eps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per-image (reconstruction, KL) of images x (n, 784) with noise eps (n, 2), as training computes them."""
        tf = get_tf()
        with self._model_lock:
            recon, kl = self._terms(tf.constant(x, tf.float32), tf.constant(eps, tf.float32))
        return recon.numpy(), kl.numpy()
