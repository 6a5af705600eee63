"""k-means page: server time of a slider move at default sizes (AppTest reruns), warm and cold.

Run: ``python bench/kmeans_views.py``. Prints medians measured in this run; no absolute budget
is asserted (the page aims at < 100 ms server time per slider move). "warm": the trace, the
scan over k and the mixture of those settings are already cached (moving the step slider, or
going back to a k seen before); "cold": a new data seed, so everything is computed again
(the numpy trace, scikit-learn's KMeans for k = 1..10 with 10 starts each, the mixture).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ui.navigation import page_for  # noqa: E402  (after the path: run as a script)

PAGE = "pages/kmeans.py"
PREFIX = page_for(PAGE).prefix


def _median_ms(at: AppTest, kind: str, name: str, values: tuple, repeat: int = 3) -> float:
    times = []
    for value in values * repeat:
        getattr(at, kind)(key=PREFIX + name).set_value(value)
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return 1000 * statistics.median(times)


def main() -> None:
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=120)
    at.run()
    for k in (3, 5, 4):  # warm the caches of these k
        at.slider(key=PREFIX + "k").set_value(k).run()
    rows = [
        ("step slider (warm)", _median_ms(at, "slider", "step", (1, 2, 3, 4, 5, 6, 0))),
        ("k slider, k seen before (warm)", _median_ms(at, "slider", "k", (3, 5, 4))),
        ("data seed, new each time (cold)", _median_ms(at, "number_input", "seed", (11, 12, 13, 14, 15), 1)),
    ]
    print(f"{'move (default sizes: 300 points, k = 4)':44} {'rerun median (ms)':>18}")
    for label, ms in rows:
        print(f"{label:44} {ms:18.0f}")


if __name__ == "__main__":
    main()
