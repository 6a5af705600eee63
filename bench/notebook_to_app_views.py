"""From notebook to app: server time of the app's form (submit -> prediction) and of a slider move.

Run: ``python bench/notebook_to_app_views.py``. AppTest reruns of ``pages/notebook_to_app.py`` at
default sizes (100 students), median of several; plus the engine alone (fit both pipelines,
answer one applicant, save and validate-load a model). No absolute budget is asserted.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.workflow.serving import ServingConfig, compare, serve  # noqa: E402
from engine.workflow.serving_io import dump, load_upload  # noqa: E402
from ui.navigation import page_for  # noqa: E402

PAGE = "pages/notebook_to_app.py"
KEY = page_for(PAGE).prefix
REPEAT = 3


def _median_ms(times: list[float]) -> float:
    return 1000 * statistics.median(times)


def _timed_runs(at: AppTest, changes: list) -> list[float]:
    times = []
    for change in changes * REPEAT:
        change(at)
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return times


def form_submits(at: AppTest) -> list[float]:
    def submit(e1: float, e2: float):
        def go(at: AppTest) -> None:
            at.number_input(key=KEY + "exam1").set_value(e1)
            at.number_input(key=KEY + "exam2").set_value(e2)
            next(b for b in at.button if b.label == "Predict").click()

        return go

    return _timed_runs(at, [submit(e, 100 - e) for e in (40.0, 55.0, 65.0, 80.0)])


def slider_moves(at: AppTest, kind: str, name: str, values: tuple) -> list[float]:
    def setter(v):
        return lambda at: getattr(at, kind)(key=KEY + name).set_value(v)

    return _timed_runs(at, [setter(v) for v in values])


def engine_ms(fn, n: int = 20) -> float:
    fn()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return _median_ms(times)


def main() -> None:
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=120)
    at.run()
    form = form_submits(at)
    c_moves = slider_moves(at, "select_slider", "C", (0.3, 3.0, 10.0, 30.0))
    n_moves = slider_moves(at, "slider", "n", (80, 120, 140, 160))
    rows = [  # a slider's first pass fits new pipelines; its later passes hit st.cache_data
        ("form submit -> prediction (fit cached)", form),
        ("C slider, new value (fits both pipelines)", c_moves[:4]),
        ("students slider, new value (fits both)", n_moves[:4]),
        ("a slider back to a seen value (cached)", c_moves[4:] + n_moves[4:]),
    ]
    print(f"{'AppTest rerun (server time)':45} {'median ms':>10} {'runs':>5}")
    for label, times in rows:
        print(f"{label:45} {_median_ms(times):10.1f} {len(times):5d}")
    cfg = ServingConfig()
    leak = compare(cfg)
    data = dump(leak.honest.model)
    print(f"\n{'engine alone':45} {'median ms':>10}")
    print(
        f"{'compare(): both pipelines fitted and scored':45} {engine_ms(lambda: compare(dataclasses.replace(cfg))):10.2f}"
    )
    print(
        f"{'serve(): one applicant':45} {engine_ms(lambda: serve(leak.honest.scaler, leak.honest.model, 65, 70)):10.3f}"
    )
    print(f"{'skops dump of the model':45} {engine_ms(lambda: dump(leak.honest.model)):10.2f}")
    print(
        f"{'validated load_upload of the model':45} {engine_ms(lambda: load_upload(data, 'm.skops', 'model')):10.2f}"
    )


if __name__ == "__main__":
    main()
