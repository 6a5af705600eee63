"""Architectures page: what building each model costs, once per server process.

Run: ``python bench/architectures_build.py [key ...]``. For each model the page's own path runs:
``engine.architectures.cache.get_info`` starts a worker process that imports TensorFlow, builds
the model with random weights and reports its build time and the resident memory it added
(RSS before/after ``keras.applications.X(weights=None)``). Printed side by side: the build
alone, the worker's wall time (TensorFlow's import included: what the first visitor waits),
the memory the build needed in the worker (given back when it exits), what the server keeps
(the layer table: its JSON size and the server's RSS change), and a cached lookup (every later
visit, from any session). No absolute budget is asserted; figures on a shared machine are
pessimistic.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.architectures import cache  # noqa: E402  (after the path: run as a script)
from engine.architectures.catalog import ARCHITECTURES  # noqa: E402
from engine.architectures.worker import rss_mb  # noqa: E402


def main(keys: list[str]) -> None:
    print(
        f"{'model':<12} {'params':>12} {'MACs':>9} {'build s':>8} {'build MB':>9} {'worker s':>9} "
        f"{'kept KB':>8} {'server dMB':>10} {'cached us':>9}"
    )
    for key in keys:
        before = rss_mb()
        info = cache.get_info(key)
        server_delta = rss_mb() - before
        start = time.perf_counter()
        for _ in range(1000):
            cache.get_info(key)
        cached_us = (time.perf_counter() - start) * 1e3
        kept_kb = len(json.dumps(info.to_json())) / 1024
        print(
            f"{ARCHITECTURES[key].title:<12} {info.total_params:>12,} {info.macs / 1e9:>8.3f}G "
            f"{info.build_seconds:>8.2f} {info.build_mb:>9.0f} {cache.worker_seconds(key):>9.2f} "
            f"{kept_kb:>8.0f} {server_delta:>10.1f} {cached_us:>9.2f}"
        )
    print("build s / build MB: keras model construction in the worker (random init of every weight);")
    print("worker s: the first visitor's wait (TensorFlow import + build + reading the layers);")
    print("kept KB: the layer table kept per process (JSON size); cached us: a later visit's lookup.")


if __name__ == "__main__":
    main(sys.argv[1:] or list(ARCHITECTURES))
