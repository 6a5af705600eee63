"""Character-level text model speed: training throughput, the loss after 60 s and 120 s, samples.

    taskset -c 1 python bench/char_rnn_speed.py [--seconds 120] [--cell gru] [--compare 10]

Pin it to ONE core (``taskset -c 1``): the page's promise is recognisable words within two
minutes on one core. It trains the page's default model (GRU 128, windows of 64, batch 64,
Adam 0.005) on Python's documentation through the same live run the page uses (compiled
chunks of steps), and prints

1. the training throughput (characters/s = steps x batch x window / training seconds);
2. the loss (nats/char, mean of the last 20 steps) and perplexity after 60 s and 120 s of
   training, with 200-character samples at temperatures 0.5 and 1.0 at each (for the README);
3. the sampler's time for 200 characters at the 5 temperatures the page shows (one call);
4. with ``--compare S``: GRU vs LSTM throughput side by side (S seconds each), and the ratio.

Prints the load average too: on a shared machine the figures are pessimistic; compare runs
only at similar load.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.live.scheduler import ComputeScheduler
from engine.sequences.text.config import COMPARE_TEMPERATURES, MAX_STEPS, TextConfig
from engine.sequences.text.corpus import builtin_corpus


def _run(cfg: TextConfig):
    from engine.sequences.text.run import TextRun

    return TextRun(
        dataclasses.replace(cfg, steps=MAX_STEPS),
        builtin_corpus(cfg.corpus),
        scheduler=ComputeScheduler(1, quantum_s=1e9),
    )


def training(cfg: TextConfig, marks: list[float]) -> None:
    t0 = time.monotonic()
    run = _run(cfg)
    print(
        f"model: {cfg.cell.upper()}({cfg.units}), {run.model.n_params:,} parameters, vocabulary {run.vocab.size}; "
        f"built and compiled in {time.monotonic() - t0:.1f} s"
    )
    for mark in marks:
        run.train_until(mark)
        snap = run.snapshot()
        samples = run.model.generate(cfg.prefix, 200, [0.5, 1.0], cfg.seed, call=snap.step)
        loss = float(run.losses[-20:].mean())
        rate = snap.chars_seen / snap.train_seconds
        print(
            f"\nafter {snap.train_seconds:.0f} s of training: step {snap.step:,}, {rate:,.0f} characters/s, "
            f"loss {loss:.3f} nats/char (perplexity {np.exp(loss):.2f}; uniform {snap.uniform_loss:.2f}, "
            f"letter frequencies {snap.unigram_loss:.2f})"
        )
        for t, sample in zip((0.5, 1.0), samples, strict=True):
            print(f"sample at T = {t}: {cfg.prefix + sample!r}")
    temps = (cfg.temperature, *COMPARE_TEMPERATURES)
    run.model.generate(cfg.prefix, 200, temps, 1)
    t = time.perf_counter()
    for call in range(5):
        run.model.generate(cfg.prefix, 200, temps, 1, call=call)
    print(
        f"\nsampling 200 characters at {len(temps)} temperatures (one call): {(time.perf_counter() - t) / 5 * 1000:.0f} ms"
    )


def compare(seconds: float) -> None:
    rates = {}
    for cell in ("gru", "lstm"):
        cfg = TextConfig(cell=cell)
        run = _run(cfg)
        run.train_until(1.0)  # warm up
        start_chars, start_s = run.snapshot().chars_seen, run.snapshot().train_seconds
        run.train_until(1.0 + seconds)
        snap = run.snapshot()
        rates[cell] = (snap.chars_seen - start_chars) / (snap.train_seconds - start_s)
        print(f"{cell.upper()}(128): {rates[cell]:,.0f} characters/s, {run.model.n_params:,} parameters")
    print(f"GRU / LSTM throughput: {rates['gru'] / rates['lstm']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--seconds", type=float, default=120.0, help="training seconds (marks at 60 and the end)"
    )
    parser.add_argument("--cell", choices=("gru", "lstm"), default="gru")
    parser.add_argument("--compare", type=float, default=0.0, help="seconds each for GRU vs LSTM (0: skip)")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    print(f"load average {os.getloadavg()[0]:.2f}; this process may use {cores} core(s)")
    cfg = dataclasses.replace(TextConfig(), cell=args.cell)
    marks = sorted({m for m in (60.0, args.seconds) if m <= args.seconds})
    training(cfg, marks)
    if args.compare > 0:
        print()
        compare(args.compare)
    print(f"\nload average {os.getloadavg()[0]:.2f} (a busy machine makes every figure pessimistic)")


if __name__ == "__main__":
    main()
