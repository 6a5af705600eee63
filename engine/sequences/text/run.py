"""The character model's live run: trains in compiled chunks of steps, samples every few seconds.

See :mod:`engine.live.run` for the contract. The unit a learner counts is the **step**: one
batch of ``batch_size`` random windows and one Adam update. The counter, the loss curve,
the samples' "after step N" and any message use that one number.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import time

import numpy as np

from engine.live.run import BaseSnapshot, DivergedError, LiveRun, RunStatus, next_chunk_size
from engine.live.scheduler import ComputeScheduler
from engine.sequences.text.config import COMPARE_TEMPERATURES, TextConfig
from engine.sequences.text.corpus import Corpus, Vocabulary
from engine.sequences.text.model import CharModel, tempered

_run_ids = itertools.count(1)
CHUNK_SECONDS = 0.06  #: a chunk's target duration (pause acts within about this)
SAMPLE_EVERY_S = 3.0  #: seconds of training between two rounds of samples
PROBE_EVERY_S = 0.5  #: seconds between two next-character predictions while training
MAX_LIVE_POINTS = 600
SMOOTH_STEPS = 20  #: the live curve's exponential smoothing spans about this many steps
TOP_K = 12  #: next-character bars shown


@dataclasses.dataclass(frozen=True)
class Sample:
    """Text generated after ``step`` steps at ``temperature`` (it follows ``prefix``)."""

    temperature: float
    text: str


@dataclasses.dataclass(frozen=True)
class TextSnapshot(BaseSnapshot):
    """What the page draws at one moment (never mutated).

    Attributes:
        run_id: unique per run object; config: this run's settings.
        step: completed training steps; chars_seen: step * batch_size * seq_len.
        live: (k, 3) rows (step, smoothed loss, training seconds).
        loss: the last smoothed loss (nats per character; NaN at step 0).
        train_seconds, chars_per_s: time spent training and the recent throughput.
        samples: the chosen temperature's sample, then one per COMPARE_TEMPERATURES.
        sample_step: the step the samples were generated at.
        probe: (char, probability at T=1, probability at the chosen T) for the top characters
            after the prefix, most likely first.
        prefix_used / prefix_skipped: the prefix as the model reads it, and what it skipped.
        n_params, vocab_size, corpus_chars: facts of the model and text.
        uniform_loss, unigram_loss: the loss of guessing uniformly (ln V), of knowing only
            the letter frequencies.
    """

    run_id: int
    config: TextConfig
    step: int
    chars_seen: int
    live: np.ndarray
    loss: float
    train_seconds: float
    chars_per_s: float
    samples: tuple[Sample, ...]
    sample_step: int
    probe: tuple[tuple[str, float, float], ...]
    prefix_used: str
    prefix_skipped: str
    n_params: int
    vocab_size: int
    corpus_chars: int
    corpus_name: str
    uniform_loss: float
    unigram_loss: float

    @property
    def perplexity(self) -> float:
        """exp(loss): as unsure as a uniform pick among this many characters."""
        return math.exp(self.loss) if math.isfinite(self.loss) else math.nan

    @property
    def epochs_of_text(self) -> float:
        """Characters trained on, as passes over the text."""
        return self.chars_seen / max(1, self.corpus_chars)


class TextRun(LiveRun[TextSnapshot]):
    """A live, steerable character model.

    Args:
        cfg: a validated config; corpus: the text (its ``name`` should match ``cfg.corpus``).
    """

    def __init__(self, cfg: TextConfig, corpus: Corpus, scheduler: ComputeScheduler | None = None) -> None:
        super().__init__(scheduler, max_views_per_s=20.0, idle_views_per_s=4.0)
        self.run_id = next(_run_ids)
        self.config = cfg.validated()
        self.corpus = corpus
        self.vocab = Vocabulary.from_text(corpus.text)
        self.model = CharModel(
            self.vocab,
            corpus.text,
            cell=cfg.cell,
            units=cfg.units,
            seq_len=cfg.seq_len,
            batch_size=cfg.batch_size,
            learning_rate=cfg.learning_rate,
            seed=cfg.seed,
        )
        self.model.train(0, 0)  # trace now (zero steps: nothing changes), so Play starts at once
        self._steps_per_chunk = 1
        self._clear()

    # ---- state --------------------------------------------------------------------
    def _clear(self) -> None:
        self._step = 0
        self._losses: list[float] = []
        self._live: list[tuple[float, float, float]] = []
        self._smooth: float | None = None
        self._train_seconds = 0.0
        self._rate: list[tuple[float, int]] = []
        self._sample()

    def _sample(self) -> None:
        cfg = self.config
        temps = (cfg.temperature, *COMPARE_TEMPERATURES)
        texts = self.model.generate(cfg.prefix, cfg.sample_len, temps, cfg.seed, call=self._step)
        self._samples = tuple(Sample(t, s) for t, s in zip(temps, texts, strict=True))
        self._sample_step = self._step
        self._sampled_at = self._train_seconds
        self._probe_now()

    def _probe_now(self) -> None:
        logits = self.model.next_logits(self.config.prefix)
        raw, hot = tempered(logits, 1.0), tempered(logits, self.config.temperature)
        top = np.argsort(-raw, kind="stable")[:TOP_K]
        self._probe = tuple((self.vocab.chars[i], float(raw[i]), float(hot[i])) for i in top)
        self._probe_at = (self._step, time.monotonic())

    def update_settings(self, cfg: TextConfig) -> None:
        """Take the settings that change live (temperature, sample length, prefix, steps)."""
        if cfg == self.config:
            return
        with self._model_lock:
            old = self.config
            self.config = cfg.validated()
            if (old.temperature, old.sample_len, old.prefix) != (cfg.temperature, cfg.sample_len, cfg.prefix):
                self._sample()
        if not self._is_finished():
            self._set_status(RunStatus.PAUSED, only_from=(RunStatus.FINISHED,))
        self._publish(view=True)

    # ---- training -----------------------------------------------------------------
    def _train_steps(self, count: int) -> None:
        count = min(count, self.config.steps - self._step)
        if count <= 0:
            return
        started = time.monotonic()
        losses = self.model.train(self._step, count)
        elapsed = time.monotonic() - started
        if not np.all(np.isfinite(losses)):
            bad = self._step + 1 + int(np.argmin(np.isfinite(losses)))
            raise DivergedError(
                f"Training diverged at step {bad}: the loss became NaN or infinite. The learning rate "
                f"({self.config.learning_rate:g}) is too high: lower it and press Reset."
            )
        self._step += count
        self._losses.extend(float(v) for v in losses)
        self._train_seconds += elapsed
        now = time.monotonic()
        chars = count * self.config.batch_size * self.config.seq_len
        self._rate = [(t, k) for t, k in self._rate if now - t <= 3.0] + [(now, chars)]
        for loss in losses:
            weight = 1.0 / SMOOTH_STEPS
            self._smooth = (
                float(loss) if self._smooth is None else self._smooth + weight * (loss - self._smooth)
            )
        self._live.append((float(self._step), float(self._smooth), self._train_seconds))
        if len(self._live) > MAX_LIVE_POINTS:  # bounded: thin out the older half
            half = len(self._live) // 2
            self._live = self._live[:half:2] + self._live[half:]
        if self._train_seconds - self._sampled_at >= SAMPLE_EVERY_S or self._is_finished():
            self._sample()

    def _train_chunk(self) -> None:
        if self._is_finished():
            return
        started = time.monotonic()
        self._train_steps(self._steps_per_chunk)
        self._steps_per_chunk = next_chunk_size(
            self._steps_per_chunk, time.monotonic() - started, CHUNK_SECONDS, 200
        )

    def _train_step(self) -> None:
        """One step (one batch, one update); the samples are regenerated to show its effect."""
        if self._is_finished():
            return
        self._train_steps(1)
        self._sample()

    def _is_finished(self) -> bool:
        return self._step >= self.config.steps

    def _reset(self, same_init: bool) -> None:
        """Back to step 0 with the seed's initial weights (a seed fixes them: same_init or not)."""
        self.model.restore_initial()
        self._clear()

    def train_for(self, steps: int) -> None:
        """Train ``steps`` steps synchronously (tests and benchmarks; the run must be paused)."""
        with self._model_lock:
            self._train_steps(steps)
        self._publish(view=True)

    def train_until(self, seconds: float) -> None:
        """Train synchronously, in the page's chunk sizes, until ``seconds`` of training time in
        total (benchmarks; the run must be paused)."""
        while self._train_seconds < seconds and not self._is_finished():
            with self._model_lock:
                self._train_chunk()
        self._publish(view=True)

    # ---- snapshots ------------------------------------------------------------------
    def _build_snapshot(self, status: RunStatus, message: str, version: int) -> TextSnapshot:
        step, at = self._probe_at
        if step != self._step and time.monotonic() - at >= (
            PROBE_EVERY_S if status == RunStatus.RUNNING else 0
        ):
            self._probe_now()
        rate = 0.0
        if status == RunStatus.RUNNING and len(self._rate) >= 2:
            span = self._rate[-1][0] - self._rate[0][0]
            rate = sum(k for _, k in self._rate[1:]) / span if span > 0 else 0.0
        cfg = self.config
        return TextSnapshot(
            version=version,
            status=status,
            message=message,
            run_id=self.run_id,
            config=cfg,
            step=self._step,
            chars_seen=self._step * cfg.batch_size * cfg.seq_len,
            live=np.array(self._live, np.float64).reshape(-1, 3),
            loss=float(self._smooth) if self._smooth is not None else math.nan,
            train_seconds=self._train_seconds,
            chars_per_s=rate if math.isfinite(rate) else 0.0,
            samples=self._samples,
            sample_step=self._sample_step,
            probe=self._probe,
            prefix_used=self.model.readable(cfg.prefix),
            prefix_skipped=self.vocab.missing(cfg.prefix),
            n_params=self.model.n_params,
            vocab_size=self.vocab.size,
            corpus_chars=self.model.n_chars,
            corpus_name=self.corpus.name,
            uniform_loss=self.vocab.uniform_loss(),
            unigram_loss=self.vocab.unigram_loss(),
        )

    @property
    def losses(self) -> np.ndarray:
        """Every step's loss so far (unsmoothed)."""
        with self._model_lock:
            return np.array(self._losses, np.float64)
