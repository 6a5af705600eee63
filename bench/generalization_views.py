"""Generalization page: server time per slider move (AppTest reruns) at default sizes.

Run: ``python bench/generalization_views.py``. Prints the median rerun time of each slider in
this run (results are cached per setting, so a value seen once is cheap; the values below are
cycled twice, first run included) and the first, uncached cost of each section's engine call.
No absolute budget is asserted.

AppTest runs the page without ``app.py``, so it would keep Streamlit's after-run cleanup, which
calls ``keras.backend.clear_session()`` (a full ``gc.collect()``, ~200 ms here) after every rerun
of every page once the early-stopping section has loaded TensorFlow. The server never pays it:
``app.py`` switches it off (``ui.streamlit_patches.keep_keras_session``), and so does this bench,
to measure what a slider move costs the server. ``--streamlit-cleanup`` keeps Streamlit's
cleanup (the old, misleading figures: patience and threshold ~210 ms).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.workflow.generalization import early, imbalance, kfold, polyfit  # noqa: E402
from ui.navigation import page_for  # noqa: E402  (after the path: run as a script)
from ui.streamlit_patches import keep_keras_session  # noqa: E402

PAGE = "pages/generalization.py"
CASES = (  # (section, config field, values)
    ("poly", "degree", (1, 2, 3, 9, 15)),
    ("poly", "noise", (0.1, 0.2, 0.3, 0.4, 0.5)),
    ("split", "val_pct", (10, 15, 20, 25, 30)),
    ("kfold", "fold", (1, 2, 3, 4, 5)),
    ("kfold", "k", (3, 4, 5, 6, 7)),
    ("early", "patience", (5, 10, 20, 30, 40)),
    ("imbalance", "threshold", (0.1, 0.3, 0.5, 0.7, 0.9)),
)


def _uncached() -> None:
    def timed(fn, *args) -> float:
        start = time.perf_counter()
        fn(*args)
        return 1000 * (time.perf_counter() - start)

    x, y = polyfit.make_curve_data(30, 0.3, 4)
    split = polyfit.three_way_split(30, 70, 20, 4)
    early.train_early("circle", 30, 0.0, 20, True, 10, 1)  # loads TensorFlow and traces once
    rows = (
        ("degree curve (15 fits)", timed(polyfit.degree_curve, x, y, split)),
        ("peek study (100 data sets)", timed(polyfit.peek_study, 30, 0.3, 70, 20, 4)),
        ("5-fold CV", timed(kfold.kfold_scores, x, y, 3, 5, 4)),
        ("imbalanced fit + curves", timed(imbalance.evaluate, 2000, 5, 2, "logistic", "none")),
        ("early stopping, 200 epochs", timed(early.train_early, "circle", 30, 0.0, 20, True, 200, 1)),
    )
    print(f"\n{'engine call (uncached)':32} {'ms':>8}")
    for name, ms in rows:
        print(f"{name:32} {ms:8.0f}")


def main() -> None:
    if "--streamlit-cleanup" not in sys.argv[1:]:
        keep_keras_session()  # as app.py does for the server
    prefix = page_for(PAGE).prefix
    print(f"{'section':10} {'slider':34} {'rerun median (ms)':>18} {'first (ms)':>11}")
    for section, name, values in CASES:
        at = AppTest.from_file(str(ROOT / PAGE), default_timeout=300)
        at.query_params["s"] = section
        at.run()
        times = []
        for value in values * 2:
            widget = next(w for w in at.slider if w.key == prefix + name)
            widget.set_value(value)
            start = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - start)
            assert not at.exception, at.exception
        print(
            f"{section:10} {prefix + name:34} {1000 * statistics.median(times):18.0f} {1000 * times[0]:11.0f}"
        )
    _uncached()


if __name__ == "__main__":
    main()
