"""The attention page's live run: two encoder-decoders trained side by side on the same batches.

See :mod:`engine.live.run` for the contract. Both networks (plain and with attention) see
the same mini-batches in the same order; one chunk trains a few batches of each (sized to
take about :data:`CHUNK_SECONDS`; a chunk may end between the two models' turns on a batch), so
pause reacts within a fraction of a second and a viewer gets a fresh view after every chunk. An epoch
is one pass over the training sequences; at its end both models decode the
accuracy-vs-length set greedily and a history row is recorded.

TensorFlow traces the compiled functions in a background thread when the run is first
played or stepped (a few seconds), so building a run (every page visit) stays cheap; until
then chunks only wait, and pause still acts at once.
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
from engine.live.throughput import Throughput
from engine.sequences.attention.config import BATCH_SIZE, EVAL_WIDTH, AttentionConfig
from engine.sequences.attention.data import Batch, encode, make_length_set, make_set
from engine.sequences.attention.model import (
    AttentionStep,
    Decoded,
    ModelSpec,
    Seq2Seq,
    attention_scale,
    attention_step,
    make_greedy_fn,
    make_train_fn,
    score,
)
from engine.tf_runtime import get_tf

_run_ids = itertools.count(1)
CHUNK_SECONDS = 0.025
MAX_LIVE_POINTS = 600
PER_LENGTH = 30  #: sequences of each length in the accuracy-vs-length set
MODELS = ("plain", "attention")
#: Columns of :attr:`AttentionSnapshot.history` (accuracies on the training lengths, greedy decoding).
HISTORY_COLUMNS = ("epoch", "plain_token", "plain_seq", "attn_token", "attn_seq", "seconds")


@dataclasses.dataclass(frozen=True)
class ExampleView:
    """The chosen example decoded greedily by both models.

    Attributes:
        digits: (L,) the input digits.
        target: (L + 1,) target tokens (the answer then ``<eos>``).
        plain, attention: (L + 1,) the tokens each model output at steps 1..L+1.
        weights: (L + 1, L) the attention model's a_tj (rows: output steps, columns: inputs).
        scores: (L + 1, L) the scores e_tj before the softmax.
    """

    digits: np.ndarray
    target: np.ndarray
    plain: np.ndarray
    attention: np.ndarray
    weights: np.ndarray
    scores: np.ndarray


@dataclasses.dataclass(frozen=True)
class StepExplanation:
    """One output step of the example, for the equations: s_t, the h_j and the numpy arithmetic.

    ``output``/``target`` are tokens; ``epoch``/``batch`` say when it was computed."""

    step: int
    digits: np.ndarray
    query: np.ndarray
    keys: np.ndarray
    scale: np.ndarray | None
    math: AttentionStep
    output: int
    target: int
    epoch: int
    batch: int


@dataclasses.dataclass(frozen=True)
class AttentionSnapshot(BaseSnapshot):
    """What the page draws at one moment. Arrays are never mutated.

    Attributes:
        run_id: unique per run object.
        config: the settings in force.
        ready: the compiled functions are traced (False until the first Play/Step has waited).
        epoch: completed epochs; ``batch`` batches of the next one are done.
        history: (epochs + 1, 6) rows of :data:`HISTORY_COLUMNS` (row 0 = before training; empty
            until the run is ready).
        live: (k, 3) rows (fractional epoch, smoothed training loss of plain, of attention).
        lengths: the input lengths of ``by_length``.
        by_length: (2, 2, n) [model (plain, attention), metric (token, sequence), length] accuracy.
        example: the chosen example, or None before the run is ready.
        train_seconds: (plain, attention) seconds spent training each model.
        sequences_per_s: recent training throughput (sequences through both models; 0 when idle).
        n_params: (plain, attention) trainable parameters.
    """

    run_id: int
    config: AttentionConfig
    ready: bool
    epoch: int
    batch: int
    batches_per_epoch: int
    history: np.ndarray
    live: np.ndarray
    lengths: tuple[int, ...]
    by_length: np.ndarray
    example: ExampleView | None
    train_seconds: tuple[float, float]
    sequences_per_s: float
    n_params: tuple[int, int]

    @property
    def trained(self) -> bool:
        return self.epoch > 0 or self.batch > 0

    def first_epoch_reaching(self, accuracy: float, model: str = "attention") -> int | None:
        """The first epoch whose sequence accuracy (training lengths) reached ``accuracy``."""
        column = 4 if model == "attention" else 2
        hits = np.nonzero(self.history[:, column] >= accuracy)[0]
        return int(self.history[hits[0], 0]) if len(hits) else None


class AttentionRun(LiveRun[AttentionSnapshot]):
    """Plain and attention encoder-decoders, trained live on the same data and seed.

    Args:
        cfg: a valid configuration.
        scheduler: the compute cap (defaults to the process-wide one).
    """

    def __init__(self, cfg: AttentionConfig, scheduler: ComputeScheduler | None = None) -> None:
        # 40 views/s at most: with ~25 ms chunks a viewer gets a fresh view after every chunk (~30/s)
        super().__init__(scheduler, max_views_per_s=40.0, idle_views_per_s=4.0)
        keras = get_tf().keras
        self.run_id = next(_run_ids)
        self._settings_lock = threading.Lock()
        self._cfg = cfg = cfg.validated()
        self.train_set: Batch = make_set(
            cfg.task, cfg.n_train, cfg.min_len, cfg.max_len, cfg.max_len, cfg.seed
        )
        self.length_set: Batch = make_length_set(
            cfg.task, cfg.eval_lengths, PER_LENGTH, EVAL_WIDTH, cfg.seed + 1
        )
        spec = ModelSpec(cell=cfg.cell, units=cfg.units, score=cfg.score, seed=cfg.seed)
        self.nets = (Seq2Seq(spec, attention=False), Seq2Seq(spec, attention=True))
        self.optimizers = tuple(keras.optimizers.Adam(cfg.learning_rate) for _ in self.nets)
        for net, opt in zip(self.nets, self.optimizers, strict=True):
            opt.build(net.model.trainable_variables)
        self._n_params = tuple(int(net.model.count_params()) for net in self.nets)
        self._initial = [[w.copy() for w in net.model.get_weights()] for net in self.nets]
        self._initial_opt = [[v.numpy().copy() for v in opt.variables] for opt in self.optimizers]
        self._train_fns = tuple(make_train_fn(n, o) for n, o in zip(self.nets, self.optimizers, strict=True))
        self._greedy_fns = tuple(make_greedy_fn(n, EVAL_WIDTH, EVAL_WIDTH + 1) for n in self.nets)
        self.n_train = cfg.n_train
        self.batches_per_epoch = math.ceil(cfg.n_train / BATCH_SIZE)
        self._units_per_chunk = 1
        self._ready = threading.Event()
        self._warm_error: str | None = None
        self._warm_thread: threading.Thread | None = None
        self._clear()

    # ---- settings that change live -------------------------------------------------------
    @property
    def config(self) -> AttentionConfig:
        with self._settings_lock:
            return self._cfg

    def update_settings(self, cfg: AttentionConfig) -> None:
        """Apply learning rate, epochs, example and output step live (the rest needs a new run)."""
        cfg = cfg.validated()
        old = self.config
        if cfg.model_key() != old.model_key():
            raise ValueError("a new task, length range, network or seed needs a new run")
        if cfg == old:
            return
        with self._model_lock:
            with self._settings_lock:
                self._cfg = cfg
            if cfg.learning_rate != old.learning_rate:
                for opt in self.optimizers:
                    opt.learning_rate.assign(cfg.learning_rate)
            if cfg.example != old.example:
                self._example = None
        if cfg.epochs > self._epoch:
            self._set_status(RunStatus.PAUSED, only_from=(RunStatus.FINISHED,))
        self._publish(view=True)

    # ---- compiling ---------------------------------------------------------------------------
    def warm_up(self, wait: bool = False) -> bool:
        """Trace the compiled functions (in a background thread); ``wait`` blocks until done."""
        with self._cond:
            if self._warm_thread is None:
                self._warm_thread = threading.Thread(target=self._trace, name="attention-trace", daemon=True)
                self._warm_thread.start()
        if wait:
            self._ready.wait()
        return self._ready.is_set()

    def _trace(self) -> None:
        tf = get_tf()
        spec = tf.TensorSpec([None, None], tf.int32)
        try:
            for fn in self._train_fns:
                fn.get_concrete_function(spec, spec, spec)
            for fn in self._greedy_fns:
                fn.concrete(tf.TensorSpec([None, EVAL_WIDTH], tf.int32), tf.TensorSpec([], tf.int32))
        except Exception as err:  # pragma: no cover - shown to the learner instead of a dead run
            self._warm_error = f"TensorFlow could not build the training step: {err}"
        self._ready.set()
        self.request_view()

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    def start(self) -> bool:
        self.warm_up()
        return super().start()

    # ---- state ----------------------------------------------------------------------------------
    def _clear(self) -> None:
        self._epoch = 0
        self._batch = 0
        self._half = 0  # 1 when the plain model has trained on batch ``_batch`` and attention has not
        self._seconds = [0.0, 0.0]
        self._history: list[tuple[float, ...]] = []
        self._live: list[tuple[float, float, float]] = []
        self._smooth = np.full(2, np.nan)
        self._throughput = Throughput()
        self._by_length = np.zeros((2, 2, len(self.config.eval_lengths)))
        self._example: ExampleView | None = None
        self._order = self._epoch_order(0)

    def _epoch_order(self, epoch: int) -> np.ndarray:
        return np.random.default_rng([self.config.seed, epoch]).permutation(self.n_train)

    # ---- evaluation -----------------------------------------------------------------------------
    def _evaluate(self) -> None:
        """Greedy accuracy per length for both models; a history row (training lengths only)."""
        cfg = self.config
        s = self.length_set
        lengths = np.array(list(cfg.eval_lengths))
        in_range = (s.lengths >= cfg.min_len) & (s.lengths <= cfg.max_len)
        row: list[float] = [float(self._epoch)]
        for m, fn in enumerate(self._greedy_fns):
            decoded = fn(s.enc)
            token, whole = score(decoded.tokens, s.target)
            for i, length in enumerate(lengths):
                pick = s.lengths == length
                self._by_length[m, 0, i] = token[pick].mean()
                self._by_length[m, 1, i] = whole[pick].mean()
            row += [float(token[in_range].mean()), float(whole[in_range].mean())]
        row.append(float(sum(self._seconds)))
        self._history.append(tuple(row))

    def _decode_example(self) -> ExampleView:
        cfg = self.config
        digits = cfg.example_digits
        batch = encode(cfg.task, [digits], EVAL_WIDTH)
        n = len(digits)
        plain = self._greedy_fns[0](batch.enc, n + 1)
        attn = self._greedy_fns[1](batch.enc, n + 1)
        net = self.nets[1]
        scale = attention_scale(net)
        keys = attn.keys[0, :n]
        scores = np.array(
            [attention_step(q, keys, cfg.score, scale).scores for q in attn.queries[0, : n + 1]]
        )
        return ExampleView(
            digits=digits,
            target=batch.target[0, : n + 1],
            plain=plain.tokens[0, : n + 1],
            attention=attn.tokens[0, : n + 1],
            weights=attn.weights[0, : n + 1, :n].astype(np.float64),
            scores=scores,
        )

    def explain_step(self, step: int) -> StepExplanation | None:
        """The attention arithmetic of output step ``step`` (1-based, clipped) of the example, in numpy."""
        if not (self._ready.is_set() and self._history):
            return None
        with self._model_lock:
            cfg = self.config
            digits = cfg.example_digits
            batch = encode(cfg.task, [digits], EVAL_WIDTH)
            n = len(digits)
            decoded = self._greedy_fns[1](batch.enc, n + 1)
            t = min(max(step, 1), n + 1)
            query, keys = decoded.queries[0, t - 1], decoded.keys[0, :n]
            scale = attention_scale(self.nets[1])
            return StepExplanation(
                step=t,
                digits=digits,
                query=query.astype(np.float64),
                keys=keys.astype(np.float64),
                scale=scale,
                math=attention_step(query, keys, cfg.score, scale),
                output=int(decoded.tokens[0, t - 1]),
                target=int(batch.target[0, t - 1]),
                epoch=self._epoch,
                batch=self._batch,
            )

    def decode(self, model: str, enc: np.ndarray) -> Decoded:
        """Greedy decoding of inputs padded to :data:`EVAL_WIDTH` by ``plain`` or ``attention``."""
        self.warm_up(wait=True)
        with self._model_lock:
            return self._greedy_fns[MODELS.index(model)](enc)

    # ---- training -------------------------------------------------------------------------------
    def _diverged(self, which: str) -> DivergedError:
        return DivergedError(
            f"Training diverged in epoch {self._epoch + 1}: the {which} model's loss became NaN or "
            f"infinite. Lower the learning rate ({self.config.learning_rate:g}) and press Reset."
        )

    def _train_units(self, count: int) -> None:
        """Train ``count`` units: a unit is one model on one mini-batch, plain first, then attention
        on the same batch (a chunk may end between the two, so each chunk stays short)."""
        s = self.train_set
        done = np.zeros((2, 4))  # per model: loss sum, tokens right, tokens, sequences
        seen = 0
        for _ in range(count):
            b, m = self._batch, self._half
            idx = self._order[b * BATCH_SIZE : (b + 1) * BATCH_SIZE]
            started = time.monotonic()
            out = [float(v) for v in self._train_fns[m](s.enc[idx], s.dec_in[idx], s.target[idx])]
            self._seconds[m] += time.monotonic() - started
            if not math.isfinite(out[0]):
                raise self._diverged(MODELS[m])
            done[m] += (*out, len(idx))
            self._half = 1 - m
            if m == 1:
                self._batch += 1
                seen += len(idx)
                if self._batch >= self.batches_per_epoch:
                    break
        self._example = None
        if seen:
            now = time.monotonic()
            self._throughput.add(seen, now)
        for m in range(2):
            if done[m, 2] > 0:
                loss = done[m, 0] / done[m, 2]
                weight = min(1.0, done[m, 3] / max(1.0, 0.25 * self.n_train))
                self._smooth[m] = (
                    loss
                    if not np.isfinite(self._smooth[m])
                    else self._smooth[m] + weight * (loss - self._smooth[m])
                )
        if seen and np.isfinite(self._smooth).all():
            self._add_live(self._epoch + self._batch / self.batches_per_epoch, *self._smooth)
        if self._batch >= self.batches_per_epoch:
            self._epoch += 1
            self._batch = 0
            self._order = self._epoch_order(self._epoch)
            self._evaluate()

    def _units_left(self) -> int:
        """Units (one model, one batch) to the end of the epoch."""
        return 2 * (self.batches_per_epoch - self._batch) - self._half

    def _add_live(self, epoch: float, plain: float, attn: float) -> None:
        self._live.append((epoch, float(plain), float(attn)))
        if len(self._live) > MAX_LIVE_POINTS:  # keep it bounded: thin out the older half
            half = len(self._live) // 2
            self._live = self._live[:half:2] + self._live[half:]

    def _first_ready_work(self) -> bool:
        """Once traced: the epoch-0 row (untrained accuracy). True if there was work to do."""
        if self._warm_error:
            raise DivergedError(self._warm_error)
        if not self._history:
            self._evaluate()
            return True
        return False

    def _train_chunk(self) -> None:
        if not self._ready.is_set():
            self._ready.wait(0.03)  # tracing in the background: pause still acts at once
            return
        if self._first_ready_work() or self._is_finished():
            return
        started = time.monotonic()
        self._train_units(min(self._units_per_chunk, self._units_left()))
        self._units_per_chunk = next_chunk_size(
            self._units_per_chunk, time.monotonic() - started, CHUNK_SECONDS, 2 * self.batches_per_epoch
        )

    def _train_step(self) -> None:
        """One whole epoch (the rest of the current one, if it is under way)."""
        self.warm_up(wait=True)
        self._first_ready_work()
        if self._is_finished():
            return
        self._train_units(self._units_left())

    def _is_finished(self) -> bool:
        return self._epoch >= self.config.epochs

    def _reset(self, same_init: bool) -> None:
        del same_init  # the initial weights always come from the seed: Reset replays the same run
        for net, weights in zip(self.nets, self._initial, strict=True):
            net.model.set_weights(weights)
        for opt, values in zip(self.optimizers, self._initial_opt, strict=True):
            for var, value in zip(opt.variables, values, strict=True):
                var.assign(value)
            opt.learning_rate.assign(self.config.learning_rate)
        self._clear()
        if self._ready.is_set():
            self._first_ready_work()

    def _build_snapshot(self, status: RunStatus, message: str, version: int) -> AttentionSnapshot:
        cfg = self.config
        ready = self._ready.is_set() and bool(self._history)
        if ready and self._example is None:
            self._example = self._decode_example()
        rate = self._throughput.rate() if status == RunStatus.RUNNING else 0.0
        return AttentionSnapshot(
            version=version,
            status=status,
            message=message,
            run_id=self.run_id,
            config=cfg,
            ready=ready,
            epoch=self._epoch,
            batch=self._batch,
            batches_per_epoch=self.batches_per_epoch,
            history=np.array(self._history, np.float64).reshape(-1, len(HISTORY_COLUMNS)),
            live=np.array(self._live, np.float64).reshape(-1, 3),
            lengths=tuple(cfg.eval_lengths),
            by_length=self._by_length.copy(),
            example=self._example if ready else None,
            train_seconds=(self._seconds[0], self._seconds[1]),
            sequences_per_s=rate if math.isfinite(rate) else 0.0,
            n_params=self._n_params,
        )
