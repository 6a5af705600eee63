"""Basics pages: server time per slider move (AppTest reruns) and the trace player's payload size.

Run: ``python bench/basics_views.py``. Prints medians measured in this run; no
absolute budget is asserted (the design asks for "well under a second" per input).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ui.navigation import page_for  # noqa: E402  (after the path: run as a script)

CASES = (  # (page, widget kind, config field, values); the widget key comes from the page registry
    ("pages/gradient_descent.py", "select_slider", "lr", (0.05, 0.1, 0.2, 0.45, 0.55)),
    ("pages/linear_regression.py", "select_slider", "lr", (0.03, 0.1, 0.3, 0.5, 0.9)),
    ("pages/linear_regression.py", "slider", "w", (0.05, 0.1, 0.12, 0.14, 0.2)),
    ("pages/logistic_regression.py", "slider", "threshold", (0.3, 0.4, 0.5, 0.6, 0.7)),
    ("pages/logistic_regression.py", "select_slider", "lr", (0.1, 0.3, 0.5, 1.0, 2.0)),
)


def _payload_kib(at: AppTest) -> float:
    frames = at.get("iframe")
    return len(frames[0].proto.srcdoc.encode()) / 1024 if frames else 0.0


def main() -> None:
    print(f"{'page':32} {'widget':30} {'rerun median (ms)':>18} {'player payload (KiB)':>22} {'frames':>7}")
    for path, kind, name, values in CASES:
        key = page_for(path).prefix + name
        at = AppTest.from_file(str(ROOT / path), default_timeout=120)
        at.run()
        times = []
        for value in values * 2:
            widget = next(w for w in getattr(at, kind) if w.key == key)
            widget.set_value(value)
            start = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - start)
            assert not at.exception, at.exception
        html = at.get("iframe")[0].proto.srcdoc
        data = json.loads(
            html[html.index("window.BASICS = ") + 16 : html.index(";</script>", html.index("window.BASICS"))]
        )
        print(
            f"{path.split('/')[-1]:32} {key:30} {1000 * statistics.median(times):18.0f} "
            f"{_payload_kib(at):22.0f} {data['n']:7d}"
        )


if __name__ == "__main__":
    main()
