"""The playground's live run: trains a :class:`PlaygroundTrainer` on a daemon thread.

See :mod:`engine.live.run` for the contract. A snapshot carries everything the
page draws: the decision-boundary grid, every neuron's small heatmap, the
weights, the bounded loss history, counters and the status.
"""

from __future__ import annotations

import dataclasses
import itertools
import threading
import time

import numpy as np

from engine.live.run import BaseSnapshot, DivergedError, LiveRun, RunStatus, diverged_when, next_chunk_size
from engine.live.scheduler import ComputeScheduler
from engine.live.throughput import Throughput
from engine.playground.config import PlaygroundConfig
from engine.playground.datasets import Dataset, make_dataset
from engine.playground.features import compute_features
from engine.playground.history import History, HistoryView
from engine.playground.model import GRID, THUMB, EpochMetrics, PlaygroundTrainer, grid_points

_run_ids = itertools.count(1)
#: A loss this large is treated as diverged even while still finite.
EXPLODED_LOSS = 1e6
#: Target wall time of one compiled training chunk (seconds).
CHUNK_SECONDS = 0.015
MAX_EPOCHS_PER_CHUNK = 500
#: The fewest training rows a chunk takes (as whole mini-batches). Under load a chunk's measured
#: time includes waiting for the GIL, which would shrink chunks to one mini-batch (a class of 30
#: then trained ~80 examples/s each); with this floor every frame carries real progress (10
#: frames/s -> >= 640 examples/s) for a fraction of a millisecond more per chunk.
MIN_CHUNK_EXAMPLES = 64


def make_playground_data(cfg: PlaygroundConfig) -> Dataset:
    """The seeded data set ``cfg`` describes."""
    return make_dataset(cfg.dataset, cfg.n_points, cfg.noise / 100.0, cfg.train_percent / 100.0, cfg.seed)


def _head(metrics: EpochMetrics, k: int) -> EpochMetrics:
    """The first ``k`` epochs of ``metrics``."""
    return EpochMetrics(*(getattr(metrics, f.name)[:k] for f in dataclasses.fields(metrics)))


def _thumbnails(values: np.ndarray) -> np.ndarray:
    """(GRID*GRID, units) -> (units, THUMB, THUMB) block means (row 0 = top)."""
    units = values.shape[1]
    block = GRID // THUMB
    grid = values.T.reshape(units, THUMB, block, THUMB, block)
    return grid.mean(axis=(2, 4)).astype(np.float32)


@dataclasses.dataclass(frozen=True)
class PlaygroundSnapshot(BaseSnapshot):
    """What the playground page draws at one moment. Arrays are never mutated.

    Attributes:
        run_id: unique per run object (a new network gets a new id).
        config: the configuration in force (learning rate and batch size may
            have been changed live).
        epoch: full passes over the training data so far.
        examples_seen: training examples processed (epoch * n_train).
        train_loss, test_loss: data loss (no regularization penalty).
        train_acc, test_acc: accuracy in [0, 1]; NaN for regression.
        history: bounded per-epoch history.
        output_grid: (GRID, GRID) network output (P(class 1) or the regression
            value), or (GRID, GRID, k) class probabilities; row 0 is the top.
        neuron_grids: per layer, (units, THUMB, THUMB): the input features
            first, then each hidden layer, then the output layer.
        kernels, biases: per Dense layer, (n_in, n_out) and (n_out,).
        data: the points (train and test) in playground units.
        n_params: trainable parameters.
        examples_per_s: recent training throughput (0 when not running).
    """

    run_id: int
    config: PlaygroundConfig
    epoch: int
    examples_seen: int
    train_loss: float
    test_loss: float
    train_acc: float
    test_acc: float
    history: HistoryView
    output_grid: np.ndarray
    neuron_grids: tuple[np.ndarray, ...]
    kernels: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    data: Dataset
    n_params: int
    examples_per_s: float

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        return tuple(int(g.shape[0]) for g in self.neuron_grids)


class PlaygroundRun(LiveRun[PlaygroundSnapshot]):
    """A live, steerable training run of the playground network.

    Args:
        cfg: a validated configuration.
        scheduler: the compute cap (defaults to the process-wide one).
    """

    def __init__(self, cfg: PlaygroundConfig, scheduler: ComputeScheduler | None = None) -> None:
        super().__init__(scheduler)
        self.run_id = next(_run_ids)
        self._cfg = cfg.validated()
        self._settings_lock = threading.Lock()
        data = make_playground_data(cfg)
        self._trainer = PlaygroundTrainer(cfg, data, cfg.init_seed)
        self._input_thumbs = _thumbnails(compute_features(grid_points(), cfg.features))
        self._history = History()
        self._epoch = 0
        self._offset = 0  # training rows of the current epoch already trained (a chunk may end mid-epoch)
        self._batches_per_chunk = 1  # the first chunk is small: it may still be tracing
        self._warm = False
        self._throughput = Throughput(window_s=1.0)
        self._record(self._trainer.evaluate())

    # ---- live settings -------------------------------------------------------
    @property
    def config(self) -> PlaygroundConfig:
        with self._settings_lock:
            return self._cfg

    def update_settings(self, cfg: PlaygroundConfig) -> None:
        """Apply what can change without a new network (see ``PlaygroundConfig.model_key``).

        ``cfg.model_key()`` must equal this run's. Learning rate, batch size and
        view options change live; a new data seed swaps in new points and keeps
        the weights (TF Playground's Regenerate); another data set, noise, split
        or size swaps the points and goes back to epoch 0 with the same initial
        weights; a new weight seed re-draws the weights and goes back to epoch 0.
        """
        cfg = cfg.validated()
        old = self.config
        if cfg.model_key() != old.model_key():
            raise ValueError("this change needs a new network; create a new run")
        if cfg == old:
            return
        new_data = cfg.data_key() != old.data_key()
        regenerate_only = new_data and cfg.data_key()[:-1] == old.data_key()[:-1]
        with self._model_lock:
            with self._settings_lock:
                self._cfg = cfg
            self._trainer.cfg = cfg
            if cfg.learning_rate != old.learning_rate:
                self._trainer.set_learning_rate(cfg.learning_rate)
            if new_data:
                self._trainer.set_data(make_playground_data(cfg))
                self._offset = 0  # other rows: the current epoch starts again
                if regenerate_only:
                    self._record(self._trainer.evaluate())
        if cfg.init_seed != old.init_seed:
            self.reset(same_init=False)
        elif new_data and not regenerate_only:
            self.reset(same_init=True)
        else:
            self._publish(view=True)

    # ---- hooks ---------------------------------------------------------------
    def _record(self, metrics: EpochMetrics) -> None:
        n = len(metrics.train_loss)
        epochs = np.arange(self._epoch - n + 1, self._epoch + 1, dtype=np.float64)
        rows = np.column_stack(
            [epochs, metrics.train_loss, metrics.test_loss, metrics.train_acc, metrics.test_acc]
        )
        self._history.extend(rows)
        self._last = rows[-1]

    def _train(self, n_epochs: int) -> None:
        cfg = self.config
        metrics = self._trainer.train_epochs(n_epochs, cfg.batch_size, self._epoch)
        self._throughput.add(n_epochs * len(self._trainer.data.x_train))
        bad = ~np.isfinite(metrics.train_loss) | (metrics.train_loss > EXPLODED_LOSS)
        if not bad.any():
            self._epoch += n_epochs
            self._record(metrics)
            return
        keep = int(np.argmax(bad))  # good epochs before the first bad one
        if keep:
            self._epoch += keep
            self._record(_head(metrics, keep))
        raise self._diverged(float(metrics.train_loss[keep]))

    def _diverged(self, loss: float) -> DivergedError:
        cfg = self.config
        how = "infinite or NaN" if not np.isfinite(loss) else "huge"
        return DivergedError(
            f"Training diverged {diverged_when(self._epoch)}: the loss became {how}. "
            f"The learning rate ({cfg.learning_rate:g}) is too high for this network and "
            f"optimizer: lower it (try {max(cfg.learning_rate / 10, 1e-5):g}) and press Reset."
        )

    def _batches_per_epoch(self) -> int:
        return -(-len(self._trainer.data.x_train) // self.config.batch_size)

    def _train_part(self, n_batches: int) -> int:
        """Train ``n_batches`` of the current epoch (fewer if it ends first); an epoch completed
        here is evaluated and recorded as :meth:`_train` does. Returns the batches trained."""
        n, batch = len(self._trainer.data.x_train), self.config.batch_size
        n_batches = min(n_batches, -(-(n - self._offset) // batch))
        loss = self._trainer.train_batches(self._offset, n_batches, batch, self._epoch)
        seen = min(n_batches * batch, n - self._offset)
        self._throughput.add(seen)
        if not np.isfinite(loss) or loss > EXPLODED_LOSS:
            raise self._diverged(loss)
        self._offset += seen
        if self._offset >= n:
            metrics = self._trainer.epoch_metrics()
            loss = float(metrics.train_loss[0])
            if not np.isfinite(loss) or loss > EXPLODED_LOSS:
                raise self._diverged(loss)
            self._offset = 0
            self._epoch += 1
            self._record(metrics)
        return n_batches

    def _train_chunk(self) -> None:
        """Whole epochs in one compiled call when the chunk's time allows one; otherwise part of
        an epoch (under load, many runs each get short turns: a frame must not wait for an
        epoch). Chunks are sized in mini-batches to :meth:`chunk_target_s`."""
        started = time.monotonic()
        per_epoch = self._batches_per_epoch()
        if self._offset == 0 and self._batches_per_chunk >= per_epoch:
            epochs = min(self._batches_per_chunk // per_epoch, MAX_EPOCHS_PER_CHUNK)
            self._train(epochs)
            done = epochs * per_epoch
        else:
            done = self._train_part(self._batches_per_chunk)
        fewest = min(per_epoch, -(-MIN_CHUNK_EXAMPLES // self.config.batch_size))
        self._batches_per_chunk = max(
            fewest,
            next_chunk_size(
                done,
                time.monotonic() - started,
                self.chunk_target_s(CHUNK_SECONDS),
                MAX_EPOCHS_PER_CHUNK * per_epoch,
            ),
        )

    def _warm_up(self) -> None:
        """Trace the compiled training step loop (zero steps: nothing changes) and the metrics outside the gate."""
        if not self._warm:
            self._trainer.train_batches(0, 0, self.config.batch_size, self._epoch)
            self._trainer.epoch_metrics()
            self._warm = True

    def _train_step(self) -> None:
        """One epoch; or, when a chunk ended mid-epoch, the rest of it."""
        if self._offset:
            self._train_part(self._batches_per_epoch())
        else:
            self._train(1)

    def _reset(self, same_init: bool) -> None:
        self._trainer.reinitialize(None if same_init else self.config.init_seed)
        self._epoch = 0
        self._offset = 0
        self._history.clear()
        self._throughput.clear()
        self._record(self._trainer.evaluate())

    def _build_snapshot(self, status: RunStatus, message: str, version: int) -> PlaygroundSnapshot:
        cfg = self.config
        view = self._trainer.grid_view()
        out = view.output
        if out.shape[1] == 1:
            output_grid = out[:, 0].reshape(GRID, GRID)
        else:
            output_grid = out.reshape(GRID, GRID, out.shape[1])
        sizes = [len(b) for b in view.biases]
        splits = np.cumsum(sizes)[:-1]
        rate = self._throughput.rate() if status == RunStatus.RUNNING else 0.0
        last = self._last
        return PlaygroundSnapshot(
            version=version,
            status=status,
            message=message,
            run_id=self.run_id,
            config=cfg,
            epoch=self._epoch,
            examples_seen=self._epoch * len(self._trainer.data.x_train) + self._offset,
            train_loss=float(last[1]),
            test_loss=float(last[2]),
            train_acc=float(last[3]),
            test_acc=float(last[4]),
            history=self._history.view(),
            output_grid=output_grid,
            neuron_grids=(self._input_thumbs, *np.split(view.thumbs, splits)),
            kernels=view.kernels,
            biases=view.biases,
            data=self._trainer.data,
            n_params=self._trainer.n_params,
            examples_per_s=rate,
        )

    # ---- exports ---------------------------------------------------------------
    def export_keras(self) -> bytes:
        """The current model as ``.keras`` bytes."""
        with self._model_lock:
            return self._trainer.export_keras()
