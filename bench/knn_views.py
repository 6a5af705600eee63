"""kNN page: server time of a slider move, the vectorized speed-up, and kNN accuracy on MNIST.

Run: ``python bench/knn_views.py``. Prints figures measured in this run, side by side; no
absolute budget is asserted (the page aims at < 100 ms server time per slider move).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.classical import knn_mnist  # noqa: E402  (after the path: run as a script)
from engine.classical.knn_config import KnnConfig  # noqa: E402
from ui.navigation import page_for  # noqa: E402

PAGE = "pages/knn.py"
CASES = (  # (widget kind, config field, values)
    ("slider", "k", (3, 7, 11, 15, 5)),
    ("slider", "probe_x", (-2.0, -1.0, 0.5, 2.5, 1.0)),
    ("radio", "weights", ("distance", "uniform")),
    ("radio", "metric", ("manhattan", "cosine", "euclidean")),
)


def slider_times() -> None:
    prefix = page_for(PAGE).prefix
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=120)
    at.run()
    for _ in range(2):  # warm: every cache of the first values filled once
        for kind, name, values in CASES:
            for value in values:
                getattr(at, kind)(key=prefix + name).set_value(value)
                at.run()
    print(f"{'setting (default sizes: 200 points, 80x80 plane)':52} {'rerun median (ms)':>18}")
    for kind, name, values in CASES:
        times = []
        for value in values * 3:
            getattr(at, kind)(key=prefix + name).set_value(value)
            start = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - start)
            assert not at.exception, at.exception
        print(f"{prefix + name:52} {1000 * statistics.median(times):18.0f}")


def speedup() -> None:
    cfg = KnnConfig()
    runs = [knn_mnist.time_lesson(cfg.time_test, cfg.time_train) for _ in range(3)]
    t = min(runs, key=lambda r: r.seconds["two loops"])
    print(
        f"\ndistance matrix, {t.n_test} test x {t.n_train} training digits x {t.dim} pixels (best of 3 runs):"
    )
    for name in t.seconds:
        best = min(r.seconds[name] for r in runs)
        print(f"  {name:18} {1000 * best:10.1f} ms")
    ratios = [r.speedup() for r in runs]
    print(
        f"  speed-up two loops -> no loop: median {statistics.median(ratios):.0f}x (runs: "
        + ", ".join(f"{x:.0f}x" for x in ratios)
        + ")"
    )
    print(
        f"  speed-up two loops -> scikit-learn: median {statistics.median(r.speedup('two loops', 'scikit-learn') for r in runs):.0f}x"
    )


def mnist() -> None:
    start = time.perf_counter()
    print("\nkNN on the bundled MNIST digits (4,000 train / 1,000 test; k by 5-fold CV on train):")
    for metric in knn_mnist.MNIST_METRICS:
        for weights in ("uniform", "distance"):
            c = knn_mnist.mnist_curve(metric, weights)
            print(
                f"  {metric:9} {weights:8} best k = {c.best_k:2d}  validation {c.cv.val_acc[c.best_k - 1]:.1%}"
                f"  test {c.test_at_best:.1%}"
            )
    print(
        f"  (first computation, once per process: {time.perf_counter() - start:.1f} s incl. loading the digits)"
    )


if __name__ == "__main__":
    slider_times()
    speedup()
    mnist()
