"""Training speed of the GAN page's run and the cost of one live-view frame (no browser).

Usage (from the repository root)::

    python bench/gan_speed.py [steps]

Prints, side by side for a few network sizes and k: training steps/s (one step = k D
updates + 1 G update, compiled chunks of 100 steps), then the time to build one snapshot
(D's 64x64 surface, 500 fakes with their arrows, the warped noise grid, the coverage) and
to encode it as a frame (a steady-state frame's size); their sum bounds the frames/s one learner's view can get.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.generative.gan.config import GanConfig  # noqa: E402
from engine.generative.gan.run import GanRun  # noqa: E402
from ui.generative.gan.frames import GanEncoder  # noqa: E402

CASES = (
    ("default (32 units x 2 layers, batch 128, k=1)", GanConfig()),
    ("k = 5", GanConfig(k=5)),
    ("tiny (8 units x 1 layer)", GanConfig(hidden=8, layers=1)),
    ("wide (128 units x 3 layers)", GanConfig(hidden=128, layers=3)),
)


def _per_call_ms(fn, n: int) -> float:
    fn()
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n * 1000.0


def main(steps: int = 1000) -> None:
    print(
        f"{'case':48s} {'steps/s':>9s} {'D+G updates/s':>14s} {'snapshot ms':>12s} {'encode ms':>10s} {'frame bytes':>12s}"
    )
    for label, cfg in CASES:
        run = GanRun(cfg)
        run.train_now(100)  # warm-up
        start = time.perf_counter()
        for _ in range(steps // 100):
            run.train_now(100)
        rate = (steps // 100) * 100 / (time.perf_counter() - start)
        snap_ms = _per_call_ms(lambda run=run: run._publish(view=True), 30)
        encoder = GanEncoder()
        encoder.encode(run.snapshot())  # the first frame of a run also carries the real points
        frame = encoder.encode(run.snapshot())
        enc_ms = _per_call_ms(lambda run=run, encoder=encoder: encoder.encode(run.snapshot()), 30)
        print(
            f"{label:48s} {rate:9.0f} {rate * (cfg.k + 1):14.0f} {snap_ms:12.2f} {enc_ms:10.2f} {len(frame):12d}"
        )
        run.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
