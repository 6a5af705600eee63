"""Attention page: training throughput per model, time until attention reaches 90 % whole-sequence
accuracy (and the plain model's accuracy then), the frame rate the live run can feed, and pause latency.

Engine only (no browser): the default page settings (reverse 2-14 digits, GRU 32, 4,000 sequences).
Figures are indicative (other processes may share the cores); nothing is asserted. Usage::

    python bench/attention_speed.py            # full (trains to 90 %, at most --max-epochs)
    python bench/attention_speed.py --quick    # smoke test

The last line is machine-readable::

    plain_seq_per_s=<x> attention_seq_per_s=<y> epochs_to_90=<n> seconds_to_90=<s> plain_acc_then=<a> fps=<f> pause_s=<p>
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from engine.sequences.attention.config import BATCH_SIZE, AttentionConfig
from engine.sequences.attention.run import AttentionRun


def throughput(run: AttentionRun, batches: int) -> tuple[float, float]:
    """Training sequences per second of each model alone (same batches)."""
    s = run.train_set
    rates = []
    for fn in run._train_fns:
        for _ in range(2):  # warm: the first calls of a traced function are slower
            fn(s.enc[:BATCH_SIZE], s.dec_in[:BATCH_SIZE], s.target[:BATCH_SIZE])
        started = time.perf_counter()
        for b in range(batches):
            idx = np.arange(b * BATCH_SIZE, (b + 1) * BATCH_SIZE) % len(s)
            fn(s.enc[idx], s.dec_in[idx], s.target[idx])[0].numpy()
        rates.append(batches * BATCH_SIZE / (time.perf_counter() - started))
    return rates[0], rates[1]


def feed_rate(run: AttentionRun, seconds: float) -> float:
    """Snapshots per second a playing run publishes to one viewer that asks for each (as the socket does)."""
    run.start()
    time.sleep(1.0)
    version, count, started = run.version, 0, time.monotonic()
    while time.monotonic() - started < seconds:
        run.request_view()
        if run.wait_version(version, 1.0):
            version = run.version
            count += 1
    return count / (time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--max-epochs", type=int, default=30)
    args = parser.parse_args()
    cfg = dataclasses.replace(AttentionConfig(), epochs=500)
    started = time.perf_counter()
    run = AttentionRun(cfg)
    built = time.perf_counter() - started
    run.warm_up(wait=True)
    traced = time.perf_counter() - started - built
    print(f"build {built:.2f} s, trace (first Play) {traced:.2f} s")
    plain_rate, attn_rate = throughput(run, 5 if args.quick else 40)
    print(
        f"training throughput: plain {plain_rate:.0f} sequences/s, attention {attn_rate:.0f} sequences/s "
        f"(ratio {attn_rate / plain_rate:.2f})"
    )
    run.reset()
    epochs_to, seconds_to, plain_then = None, None, None
    for _ in range(1 if args.quick else args.max_epochs):
        snap = run.step()
        row = snap.history[-1]
        print(
            f"epoch {snap.epoch:3d}: plain {row[2]:.1%} (tokens {row[1]:.1%}), attention {row[4]:.1%} "
            f"(tokens {row[3]:.1%}), training time {row[5]:.1f} s"
        )
        if row[4] >= 0.9:
            epochs_to, seconds_to, plain_then = snap.epoch, row[5], row[2]
            by_len = snap.by_length[:, 1]
            print("accuracy by length (plain / attention):")
            for n, p, a in zip(snap.lengths, by_len[0], by_len[1], strict=True):
                print(f"  {n:2d}: {p:5.0%} {a:5.0%}{'  (longer than trained)' if n > cfg.max_len else ''}")
            break
    fps = feed_rate(run, 2.0 if args.quick else 6.0)
    pauses = []
    for _ in range(3 if args.quick else 8):
        run.start()
        time.sleep(0.3)
        t0 = time.perf_counter()
        run.pause()
        pauses.append(time.perf_counter() - t0)
    run.stop()
    print(f"live run feeds {fps:.1f} snapshots/s to a viewer; pause {max(pauses) * 1000:.0f} ms at worst")
    print(
        f"plain_seq_per_s={plain_rate:.0f} attention_seq_per_s={attn_rate:.0f} epochs_to_90={epochs_to} "
        f"seconds_to_90={seconds_to if seconds_to is None else round(seconds_to, 1)} "
        f"plain_acc_then={plain_then if plain_then is None else round(plain_then, 3)} fps={fps:.1f} "
        f"pause_s={max(pauses):.3f}"
    )


if __name__ == "__main__":
    main()
